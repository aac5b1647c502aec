//! `roadmap status --unanswered FORM...`: per owner, the items the sent forms asked about that
//! have had no answer since (src/form.rs decides; the forms are read by src/import.rs).

use std::path::PathBuf;
use std::process::ExitCode;

use super::Ctx;
use crate::render::table::{Col, Text, draw};

/// Reads the forms, lists what has no answer; JSON when `json`.
pub fn run(cx: &Ctx<'_>, forms: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let lang = cx.lang;
    let t = lang.t();
    let analysis = cx.analyze_at(None)?;
    if let Some(code) = super::refuse_invalid(&analysis, lang)? {
        return Ok(code);
    }
    let mut sent = Vec::new();
    for path in forms {
        let shown = crate::load::show(path);
        let bytes = crate::load::read_input(path)?;
        let book = crate::sheet::read(&bytes, &shown)?;
        let form = crate::import::sent(&book, &shown)?;
        // A form of another roadmap asked about other items: its rows would be matched to ours.
        crate::import::check_ours(&form.meta, &analysis.roadmap.plan)?;
        sent.push(form);
    }
    let list = crate::form::unanswered(&analysis.roadmap, &sent);
    if json {
        super::stdout_json(&format!("{}\n", serde_json::to_string_pretty(&list)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        super::stdout(&format!("{}\n", t.unanswered_none))?;
        return Ok(ExitCode::SUCCESS);
    }
    let cols = [
        Col::fixed(t.form_owner),
        Col::fixed(t.form_id),
        Col::fixed(t.form_made_on),
        Col::fixed(t.form_item_id),
        Col::wrap(t.form_item),
    ];
    let rows: Vec<Vec<Text>> = list
        .iter()
        .map(|u| {
            vec![
                Text::new(if u.owner.is_empty() {
                    crate::i18n::glyph::none().to_owned()
                } else {
                    crate::text::terminal_safe(&u.owner).into_owned()
                }),
                Text::new(u.form.clone()),
                Text::new(crate::render::dates::date(u.made_on, lang)),
                Text::new(u.item.to_string()),
                Text::new(crate::text::terminal_safe(&u.title)),
            ]
        })
        .collect();
    let width = usize::from(super::term_width());
    let table = draw(&cols, &rows, width, cx.global.ascii, false);
    super::stdout(&format!("{}\n{table}\n", t.unanswered_heading))?;
    Ok(ExitCode::SUCCESS)
}
