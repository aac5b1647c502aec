//! [`Words`]: the interface's labels, one field each. Each catalog fills every field.

macro_rules! words {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// The interface's words in one language.
        #[derive(Debug, serde::Serialize)]
        pub struct Words {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        impl Words {
            /// Every word with its field name, for the catalog tests.
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}

words! {
    // ---- Item states.
    item_overdue,
    item_due_this_fy,
    item_on_track,
    item_not_started,
    item_done,
    item_dropped,
    item_no_schedule,
    // ---- Milestone states.
    ms_done,
    ms_dropped,
    ms_overdue,
    ms_due,
    ms_active,
    ms_upcoming,
    // ---- Recorded statuses (what a file says).
    rec_planned,
    rec_in_progress,
    rec_done,
    rec_delayed,
    rec_dropped,

    // ---- Status views.
    as_of,
    plan_period,
    plan_over,
    overview,
    group,
    items,
    milestones_done,
    themes,
    id,
    item,
    /// The column of theme marks.
    theme_col,
    state,
    done,
    overdue,
    next_due,
    indicators,
    no_data,
    missing,
    /// The sign for "nothing here".
    none,
    row,
    after,
    every_year,
    unit,
    actual,
    target,
    notes,
    schedule_not_published,
    no_items,
    timeline,
    legend,
    done_on,
    status_col,
    total,

    // ---- Reports.
    report,
    fiscal_year,
    published,
    category,
    subcategory,
    theme,
    percent_done,
    milestones,
    roadmap_table,
    details,
    milestone,
    period,
    due,
    evidence,
    owners,
    lists,
    overdue_list,
    no_schedule_list,
    missing_list,
    missing_fys,
    nothing,
    charts,
    fy_col,
    track,
    plan_notes,
    generated_by,
    milestone_id,
    indicator_id,
    from_fy,
    to_fy,
    state_code,
    chart_max,

    // ---- Findings.
    error,
    warning,
    help,
    ok,

    // ---- Diff.
    diff_heading,
    working_tree,
    no_semantic_changes,
    plan_heading,
    unreadable_heading,
    see_validation,
    validation,
    moved,
    diff_milestone,
    diff_indicator,
    diff_status,
    diff_schedule,
    slip_flag,
    pull_in_flag,
    added,
    removed,
    changed,
    value_recorded,
    value_removed,
    value_none,
    category_prefix,
    md_changes_title,
    md_no_changes,
    md_items_changed,
    md_milestones_completed,
    md_slips,
    md_pull_ins,
    md_indicator_updates,
    md_plan_changes,
    md_validation,
    not_checked,
    valid,
    md_validation_findings,
    md_unreadable,
    md_plan,
    item_removed,
    md_slip,
    md_pull_in,
}
