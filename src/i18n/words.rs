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
    // ---- States (of milestones, rounds and items).
    st_done,
    st_dropped,
    st_delayed,
    st_past_due,
    st_due_this_fy,
    st_in_progress,
    st_active,
    st_upcoming,
    st_before_plan,
    st_no_schedule,
    /// What `--state overdue` stands for.
    st_overdue,
    /// The note on states that come from the calendar, not from a report.
    derived_note,
    /// The note on what lies before the plan (計画前).
    before_plan_note,
    // ---- What a report says.
    rec_in_progress,
    rec_done,
    rec_delayed,
    rec_dropped,
    rec_note,
    // ---- Attainment.
    att_achieved,
    att_on_track,
    att_behind,
    att_worsened,
    att_implementation,
    att_cannot_assess,

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
    /// An item's schedule changes in force (計画変更), as a label and a column.
    schedule_changes,
    overdue,
    next_due,
    indicators,
    no_data,
    /// A FY before a series starts (`since`): nothing is missing there.
    not_applicable,
    missing,
    /// The sign for "nothing here".
    none,
    row,
    after,
    /// The plan's named sub-periods (集中改革期間), as a band over the columns.
    phases,
    every_year,
    /// 実施時期: a milestone's timing as the source writes it.
    timing,
    /// 上期.
    first_half,
    /// 下期.
    second_half,
    /// An approximate point (目途).
    approx,
    /// An open end (継続: no deadline).
    open_end,
    /// Derived: an approximate point passed with no completion reported.
    point_passed,
    /// Waiting for predecessors (`after`).
    waiting_for,
    /// A 再掲.
    restates,
    /// 主担当.
    lead_owner,
    /// 関係.
    related_owner,
    /// The owner roll-up's heading (担当別) and its columns.
    by_owner,
    lead_milestones,
    related_milestones,
    lead_indicators,
    related_indicators,
    /// The owner a filtered view or report is for.
    owner_scope,
    /// 把握の時期: when an indicator is measured.
    measured,
    /// The source's words for a target (「2016年度末までに全都道府県」).
    target_text,
    /// A target that is a move with no number (【減少】): which way.
    relative_increase,
    relative_decrease,
    /// The KPI layer column.
    kpi_layer,
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
    series_id,
    baseline_fy,
    value_source,
    from_fy,
    to_fy,
    /// A schedule change's columns: the published span and the span after it.
    planned_from_fy,
    planned_to_fy,
    changed_from_fy,
    changed_to_fy,
    state_code,
    chart_max,
    planned_plan,
    current_plan,
    last_reported,
    narrative,
    reporter,
    reason,
    changed_on,
    delayed_list,
    past_due_list,
    changes_list,
    series,
    baseline,
    attainment,
    reports,
    no_report,
    rounds,
    file,
    /// The item of an earlier edition an item continues.
    continues,
    stale,
    /// Milestones whose plan was changed after the deadline had passed unreported (derived).
    changed_after_deadline,
    /// The mark on such a change, where it is listed.
    after_deadline_mark,
    evidence_short,

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
    /// An end with no day given one.
    deadline_set_flag,
    /// A deadline gone (the end became an event or open).
    deadline_removed_flag,
    /// The plan in force moved back because a change record was removed: not a pull-in.
    record_removed_flag,
    /// A due date finer than the FY (`due`), beside a schedule's span.
    due_date,
    /// One round of a 毎年度 milestone, right after its FY (`2025年度の回`, `FY2025 round`).
    round,
    /// A deadline, as opposed to an approximate point (目途 → 期限).
    deadline,
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
    md_rounds_completed,
    md_slips,
    md_pull_ins,
    md_delays_declared,
    md_drops,
    md_plan_edits,
    md_reports_added,
    md_reports_removed,
    md_change_records_removed,
    md_deadlines_lost,
    md_items_carried_over,
    md_indicators,
    md_indicator_updates,
    md_plan_changes,
    md_validation,
    tip,
    usage,
    // ---- `--help`'s headings and what it says after an argument's help.
    help_commands,
    help_arguments,
    help_options,
    help_global,
    help_env,
    help_default,
    help_possible,
    not_checked,
    valid,
    md_validation_findings,
    md_unreadable,
    md_plan,
    item_removed,
    md_slip,
    md_pull_in,
    delay_flag,
    drop_flag,
    plan_edited,
    plan_revised,
    diff_report,
    diff_change_record,
    change_record_removed,
    attention_heading,
    milestone_removed,
    period_changed,
    target_changed,
    /// A recorded value (実績) changed or removed, in the 要確認 list.
    value_revised,
    validation_errors,
    md_milestones,
    md_target_changes,
    md_attention_none,
    log_heading,
    log_none,
    burnup_heading,
    burnup_note,
    burnup_day,
    burnup_done,
    burnup_reported,
    burnup_delayed,
    burnup_past_due,
    burnup_total,
    transcription_note,
    since_heading,
    since_kind,
    since_detail,
    since_rescheduled,
    attainment_list,
    latest_value,
    summary_title,
    /// Under the summary's overview: what its columns count.
    overview_counts_note,
    created,
    data_revision,
    // ---- The office's form (roadmap form, import, status --unanswered).
    /// Where a form written with `-o -` went.
    form_to_stdout,
    form_howto_sheet,
    form_progress_sheet,
    form_indicator_sheet,
    form_item_id,
    form_item,
    form_milestone_id,
    form_milestone,
    form_round,
    form_plan,
    form_current,
    form_timing,
    form_standing,
    form_last,
    form_status,
    form_done_on,
    form_progress,
    form_evidence,
    form_reason,
    form_new_end,
    /// The header the form gave 見直し後の終了時期 before it took more than a FY: a form sent
    /// then still imports.
    form_new_end_before,
    form_indicator_id,
    form_indicator,
    form_series,
    form_unit,
    form_target,
    /// The value recorded for the FY, shown beside the answer that would correct it.
    form_current_value,
    form_value,
    form_note,
    form_ans_done,
    form_ans_in_progress,
    form_ans_delayed,
    form_ans_dropped,
    form_ans_no_change,
    form_title,
    form_id,
    form_made_on,
    form_owner,
    form_everyone,
    form_fy,
    form_revision,
    form_howto,
    /// Marks a derived standing on a form.
    form_derived,
    unanswered_heading,
    unanswered_none,
}
