//! One canonical layout for roadmap files (`roadmap fmt`): keys in the order of docs/format.md
//! (`keys.rs`), tables after the keys of their parent and in that order too, one blank line
//! before each table, `key = value` with single spaces, inline tables tidied, LF line ends, a
//! single newline at the end, no BOM unless the file had one. Comments stay with what they
//! precede or follow; values are written as they were (quoting, number forms). A formatted file
//! must hold exactly the same data as before, or it is left alone.

use toml_edit::{DocumentMut, InlineTable, Item, Key as TomlKey, Table, Value};

use crate::edit::{Layout, close, open};
use crate::i18n::Msg;
use crate::keys::{self, Key, Kind};
use crate::load::PLAN_FILE;

/// The canonical bytes of a roadmap file (`rel`: its path inside the roadmap directory, which
/// says whether it is the plan or an item); unchanged bytes when it is canonical already.
pub fn format(bytes: &[u8], rel: &str, path: &str) -> Result<Vec<u8>, Msg> {
    let (layout, text) = open(bytes, path)?;
    let skipped = || Msg::FmtSkipped {
        path: path.to_owned(),
    };
    let doc: DocumentMut = text.parse().map_err(|_| skipped())?;
    let record = if rel == PLAN_FILE {
        keys::PLAN
    } else {
        keys::ITEM
    };
    let mut out = Emitter::default();
    out.table(doc.as_table(), record, &[], None);
    out.comments(doc.trailing().as_str().unwrap_or_default(), true);
    let mut formatted = out.lines.join("\n");
    // An empty file stays empty; any other ends with one newline.
    if !formatted.is_empty() {
        formatted.push('\n');
    }
    let same: Result<(toml::Table, toml::Table), _> =
        toml::from_str(&text).and_then(|a| toml::from_str(&formatted).map(|b| (a, b)));
    match same {
        Ok((a, b)) if a == b => Ok(close(
            Layout {
                bom: layout.bom,
                crlf: false,
            },
            &formatted,
        )),
        Ok(_) => Err(Msg::FmtChangesMeaning {
            path: path.to_owned(),
        }),
        Err(_) => Err(skipped()),
    }
}

/// A table's header: `[period]` or `[[milestones]]`.
#[derive(Clone, Copy)]
enum Header {
    Table,
    Array,
}

#[derive(Default)]
struct Emitter {
    lines: Vec<String>,
}

/// The rank of a key in a record's canonical order (unknown keys last, as they came).
fn rank(record: &[Key], key: &str) -> usize {
    record
        .iter()
        .position(|k| k.name == key)
        .unwrap_or(usize::MAX)
}

/// The keys of a nested record, if the format knows it.
fn child(record: &[Key], key: &str) -> &'static [Key] {
    match record.iter().find(|k| k.name == key).map(|k| k.kind) {
        Some(Kind::Table(ks) | Kind::Tables(ks)) => ks,
        _ => &[],
    }
}

fn repr(k: &TomlKey) -> String {
    k.display_repr().into_owned()
}

impl Emitter {
    /// The comment lines of a decor string, trimmed; a blank line first when `spaced` and there
    /// are any.
    fn comments(&mut self, decor: &str, spaced: bool) {
        let found: Vec<String> = decor
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        if spaced && !found.is_empty() && !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.extend(found);
    }

    fn table(&mut self, t: &Table, record: &[Key], path: &[String], header: Option<Header>) {
        if let Some(h) = header {
            if !self.lines.is_empty() {
                self.lines.push(String::new());
            }
            self.comments(
                t.decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or_default(),
                false,
            );
            let name = path.join(".");
            let mut line = match h {
                Header::Table => format!("[{name}]"),
                Header::Array => format!("[[{name}]]"),
            };
            push_trailing(&mut line, t.decor().suffix().and_then(|s| s.as_str()));
            self.lines.push(line);
        }
        let mut entries: Vec<(&TomlKey, &Item)> =
            t.iter().filter_map(|(k, _)| t.get_key_value(k)).collect();
        entries.sort_by_key(|(k, _)| rank(record, k.get()));
        let mut tables: Vec<(&TomlKey, &Item)> = Vec::new();
        for (key, item) in entries {
            match item {
                Item::Value(Value::Array(a))
                    if matches!(
                        record.iter().find(|k| k.name == key.get()).map(|k| k.kind),
                        Some(Kind::Tables(_))
                    ) && a.iter().all(Value::is_inline_table)
                        && !a.is_empty() =>
                {
                    tables.push((key, item));
                }
                Item::Value(v) => self.value(key, v, child(record, key.get())),
                Item::Table(sub) if sub.is_dotted() => {
                    let inline = sub.clone().into_inline_table();
                    self.value(key, &Value::InlineTable(inline), child(record, key.get()));
                }
                Item::Table(_) | Item::ArrayOfTables(_) => tables.push((key, item)),
                Item::None => {}
            }
        }
        tables.sort_by_key(|(k, _)| rank(record, k.get()));
        for (key, item) in tables {
            let sub_record = child(record, key.get());
            let mut sub_path = path.to_vec();
            sub_path.push(repr(key));
            match item {
                Item::Table(sub) if sub.is_implicit() && sub.get_values().is_empty() => {
                    self.table(sub, sub_record, &sub_path, None);
                }
                Item::Table(sub) => self.table(sub, sub_record, &sub_path, Some(Header::Table)),
                Item::ArrayOfTables(aot) => {
                    for sub in aot.iter() {
                        self.table(sub, sub_record, &sub_path, Some(Header::Array));
                    }
                }
                Item::Value(Value::Array(a)) => {
                    for v in a.iter() {
                        if let Value::InlineTable(it) = v {
                            let sub = it.clone().into_table();
                            self.table(&sub, sub_record, &sub_path, Some(Header::Array));
                        }
                    }
                }
                Item::Value(_) | Item::None => {}
            }
        }
    }

    /// `key = value` with the comments before it and after it.
    fn value(&mut self, key: &TomlKey, v: &Value, record: &[Key]) {
        self.comments(
            key.leaf_decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or_default(),
            false,
        );
        let trailing = v
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .map(str::to_owned);
        let mut shown = v.clone();
        shown.decor_mut().clear();
        if let Value::InlineTable(t) = &mut shown {
            tidy(t, record);
        }
        let mut line = format!("{} = {shown}", repr(key));
        push_trailing(&mut line, trailing.as_deref());
        self.lines.push(line);
    }
}

/// ` # comment` after a line, when the decor holds one.
fn push_trailing(line: &mut String, suffix: Option<&str>) {
    if let Some(c) = suffix.map(str::trim).filter(|c| c.starts_with('#')) {
        line.push_str("  ");
        line.push_str(c);
    }
}

/// An inline table's keys in order (`{ fy = 2021, value = 60 }`; targets by FY) and spaced the
/// one way, unless a comment sits inside it (TOML 1.1 allows that): then it is left as written.
pub fn tidy(t: &mut InlineTable, record: &[Key]) {
    let commented = t.iter().any(|(k, v)| {
        let key = t.key(k);
        let has = |d: &toml_edit::Decor| {
            [d.prefix(), d.suffix()]
                .iter()
                .any(|r| r.and_then(|r| r.as_str()).is_some_and(|s| s.contains('#')))
        };
        key.is_some_and(|k| has(k.leaf_decor())) || has(v.decor())
    });
    if commented {
        return;
    }
    if record.is_empty() {
        t.sort_values();
    } else {
        t.sort_values_by(|a, _, b, _| rank(record, a.get()).cmp(&rank(record, b.get())));
    }
    t.fmt();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        String::from_utf8(format(s.as_bytes(), "items/1-1-1.toml", "x").expect("formats"))
            .expect("utf-8")
    }

    #[test]
    fn keys_in_order_tables_spaced_comments_kept() {
        let messy = "title = \"t\"   \nid=\"1-1-1\"\n\n\n[[milestones]]\nto = 2022\n# 原典の行\nfrom = 2022  # 当初計画\nid = \"a\"\ntext = \"x\"\n[[milestones.reports]]\nstatus = \"done\"\non = 2023-01-01\n[[indicators]]\nname = \"n\"\nid = \"i\"\n[[indicators.series]]\nid = \"s\"\nname = \"s\"\ntargets = {2024=80,   2023 = 70}\nbaseline = {value=1, fy=2021}\n# end\n";
        let want = "id = \"1-1-1\"\ntitle = \"t\"\n\n[[milestones]]\nid = \"a\"\ntext = \"x\"\n# 原典の行\nfrom = 2022  # 当初計画\nto = 2022\n\n[[milestones.reports]]\non = 2023-01-01\nstatus = \"done\"\n\n[[indicators]]\nid = \"i\"\nname = \"n\"\n\n[[indicators.series]]\nid = \"s\"\nname = \"s\"\nbaseline = { fy = 2021, value = 1 }\ntargets = { 2023 = 70, 2024 = 80 }\n\n# end\n";
        assert_eq!(fmt(messy), want);
        assert_eq!(fmt(want), want, "idempotent");
    }

    #[test]
    fn inline_arrays_of_tables_become_tables_and_crlf_lf() {
        let inline = "id = \"1-1-1\"\r\ntitle = 't'\r\nmilestones = [\r\n  { id = \"a\", text = \"x\", to = 2022, from = 2022 },\r\n]\r\n";
        assert_eq!(
            fmt(inline),
            "id = \"1-1-1\"\ntitle = 't'\n\n[[milestones]]\nid = \"a\"\ntext = \"x\"\nfrom = 2022\nto = 2022\n"
        );
    }

    #[test]
    fn a_bom_is_kept() {
        let out = format(
            "\u{feff}id = \"1-1-1\"\n".as_bytes(),
            "items/1-1-1.toml",
            "x",
        )
        .expect("formats");
        assert!(out.starts_with("\u{feff}".as_bytes()));
    }

    #[test]
    fn a_carriage_return_ending_no_line_leaves_the_file_alone() {
        // Found by the fmt fuzz target: the reader refuses `\r\r\n` (a CR ending no line), but
        // fmt read it as CRLF and wrote a file that parsed, with an item the file did not have.
        let text = "id = \"1-1-1\"\r\n# note\r\r\ntitle = \"t\"\r\n";
        assert!(toml::from_str::<toml::Table>(text).is_err(), "not TOML");
        assert!(format(text.as_bytes(), "items/1-1-1.toml", "x").is_err());
        assert!(crate::edit::apply(text.as_bytes(), "x", &[]).is_err());
        assert!(
            format(
                b"id = \"1-1-1\"\r\ntitle = \"t\"\r\n",
                "items/1-1-1.toml",
                "x"
            )
            .is_ok()
        );
    }
}
