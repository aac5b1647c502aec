//! A generator of synthetic roadmaps of any size, for benchmarks and scale tests: valid files in
//! the shipped format, with Japanese text, several milestones and an indicator per item, and some
//! recorded progress. Deterministic: the same arguments give the same bytes.

use std::fmt::Write as _;

/// Items per 中項目 and 中項目 per 大項目 in generated roadmaps.
const ITEMS_PER_SUB: usize = 10;
const SUBS_PER_CATEGORY: usize = 10;

/// The files (path inside the roadmap directory, contents) of a roadmap with `items` items.
/// Revision 1 changes the recorded progress of every item whose number is a multiple of
/// `items / 10` (10 items in all), so two revisions differ in exactly 10 items; revision 2
/// changes only those items' titles.
pub fn files(items: usize, revision: u32) -> Vec<(String, String)> {
    let categories = items.div_ceil(ITEMS_PER_SUB * SUBS_PER_CATEGORY).max(1);
    let mut plan = String::from(
        "title = \"合成工程表\"\npublished = 2022-09-16\nfiscal_year_start = \"04-01\"\n\n[period]\nfirst_fy = 2022\nlast_fy = 2024\nlatest_fy = 2025\n",
    );
    for c in 1..=categories {
        let _ = write!(
            plan,
            "\n[[categories]]\nnumber = {c}\ntitle = \"大項目{c}：業務効率化・柔軟な働き方の推進\"\n"
        );
        for s in 1..=SUBS_PER_CATEGORY {
            let _ = write!(
                plan,
                "\n[[categories.subcategories]]\nnumber = {s}\ntitle = \"中項目{c}-{s}：ナレッジマネジメント\"\n"
            );
        }
    }
    for t in 1..=3 {
        let _ = write!(plan, "\n[[themes]]\nid = {t}\ntitle = \"横断テーマ{t}\"\n");
    }
    let mut out = vec![("roadmap.toml".to_owned(), plan)];
    let step = (items / 10).max(1);
    for n in 0..items {
        let id = format!(
            "{}-{}-{}",
            n / (ITEMS_PER_SUB * SUBS_PER_CATEGORY) + 1,
            n / ITEMS_PER_SUB % SUBS_PER_CATEGORY + 1,
            n % ITEMS_PER_SUB + 1
        );
        let picked = n % step == 0;
        let mut text = item(&id, n, revision == 1 && picked);
        if revision == 2 && picked {
            text = text.replacen(
                "を活用した業務効率化の推進",
                "を活用した業務効率化の一層の推進",
                1,
            );
        }
        out.push((format!("items/{id}.toml"), text));
    }
    out
}

fn item(id: &str, n: usize, changed: bool) -> String {
    let mut s = format!(
        "id = \"{id}\"\ntitle = \"項目{n}：次期省内LANを活用した業務効率化の推進\"\nthemes = [{}]\n",
        n % 3 + 1
    );
    for (m, (from, to)) in [(2022, 2022), (2022, 2024), (2023, 2023), (2024, 2024)]
        .into_iter()
        .enumerate()
    {
        let done = m == 0 && n.is_multiple_of(2);
        let _ = write!(
            s,
            "\n[[milestones]]\nid = \"m{m}\"\nrow = {}\ntext = \"取組{m}：好事例の収集及び横展開を始めとした各種機能の活用方法の積極的な周知\"\nfrom = {from}\nto = {to}\n",
            m + 1,
        );
        if done || (changed && m == 0) {
            s.push_str(
                "\n[[milestones.reports]]\non = 2023-03-01\nstatus = \"done\"\ntext = \"全部局に周知した\"\nby = \"人事課\"\n",
            );
        }
        if changed && m == 2 {
            s.push_str(
                "\n[[milestones.changes]]\non = 2023-06-01\nto = 2024\nreason = \"調整に時間を要するため\"\n",
            );
        }
    }
    s.push_str(
        "\n[[indicators]]\nid = \"rate\"\nname = \"職員アンケート回答率\"\n\n[[indicators.series]]\nid = \"rate\"\nname = \"回答率\"\nunit = \"%\"\nbaseline = { fy = 2021, value = 60 }\ntargets = { 2024 = 90 }\n\n[[indicators.series.values]]\nfy = 2022\nvalue = 71.5\n",
    );
    if changed {
        s.push_str("\n[[indicators.series.values]]\nfy = 2023\nvalue = 80\n");
    }
    s
}

/// Writes a generated roadmap under `dir` (created if missing), through the one writer: all
/// files or none.
pub fn write(dir: &std::path::Path, items: usize, revision: u32) -> anyhow::Result<()> {
    crate::writer::ensure_dir(&dir.join("items"))?;
    let files: Vec<(std::path::PathBuf, String)> = files(items, revision)
        .into_iter()
        .map(|(rel, text)| (dir.join(rel), text))
        .collect();
    let writes: Vec<_> = files
        .iter()
        .map(|(path, text)| {
            (
                path.as_path(),
                text.as_bytes(),
                crate::writer::Expect::Anything,
            )
        })
        .collect();
    crate::writer::write_all(&writes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_roadmaps_validate_clean() {
        let raw = super::files(250, 1)
            .into_iter()
            .map(|(rel, text)| crate::source::RawFile {
                path: rel.clone(),
                rel,
                bytes: text.into_bytes(),
            })
            .collect();
        let as_of = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date");
        let analysis = crate::analyze(raw, Vec::new(), as_of);
        assert_eq!(analysis.findings, Vec::new());
        assert_eq!(analysis.roadmap.items.len(), 250);
    }

    /// Written through the writer into a new directory, then replaced by the next revision:
    /// every file there, nothing else left behind.
    #[test]
    fn writes_a_new_tree_and_replaces_it() {
        let dir = std::env::temp_dir().join(format!("roadmap-synth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        super::write(&dir, 20, 0).expect("revision 0");
        super::write(&dir, 20, 1).expect("revision 1");
        let names = |d: &std::path::Path| std::fs::read_dir(d).expect("list").count();
        assert_eq!(names(&dir.join("items")), 20);
        assert_eq!(names(&dir), 2, "roadmap.toml and items/");
        for (rel, text) in super::files(20, 1) {
            assert_eq!(std::fs::read_to_string(dir.join(rel)).expect("read"), text);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn revisions_differ_in_ten_items() {
        let (a, b) = (super::files(1000, 0), super::files(1000, 1));
        assert_eq!(a.iter().zip(&b).filter(|(x, y)| x != y).count(), 10);
        let c = super::files(1000, 2);
        assert_eq!(a.iter().zip(&c).filter(|(x, y)| x != y).count(), 10);
    }
}
