//! Hardening (issue 20), end to end: runs that race on one file lose no update — each ends with
//! its change in the file or refused (exit 2, nothing written) — and every writer killed with
//! SIGKILL at a random point leaves each file old or new, never torn, empty or under a temporary
//! name once the next run has started. Random choices come from a seeded generator, so a failure
//! reproduces its schedule; nothing asserts how long anything takes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

const RECORD: &str = "tests/fixtures/record";
const FORM: &str = "tests/fixtures/form";
const AS_OF: &str = "2024-06-30";

/// A small deterministic generator: a failing schedule comes back with the same seed.
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

/// A temporary file of the writer (`.NAME.roadmap-PID-N.tmp`), by its path.
fn is_temp(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with('.') && name.ends_with(".tmp")
}

/// A copy of a fixture as `roadmap/` in a temporary directory.
struct Copy {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Copy {
    fn of(fixture: &str) -> Self {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let root = tmp.path().join("roadmap");
        crate::support::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), &root);
        Self { tmp, root }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// `roadmap --dir roadmap --as-of AS_OF <args>` in the copy's parent, its output discarded.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = crate::support::roadmap_command(self.tmp.path());
        cmd.args(["--color", "never", "--lang", "ja", "--dir", "roadmap"])
            .args(["--as-of", AS_OF])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> (String, i32) {
        let out = self
            .command(args)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (stderr, out.status.code().unwrap_or(-1))
    }

    /// Every file of the roadmap directory, by its path inside it.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
            for e in std::fs::read_dir(dir).expect("read dir").flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let rel = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                if e.file_type().expect("type").is_dir() {
                    walk(&e.path(), &rel, out);
                } else {
                    out.insert(rel, std::fs::read(e.path()).expect("read"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.root, "", &mut out);
        out
    }

    /// Puts the roadmap directory back to `files` (temporary files are left where they are: the
    /// next run must remove them).
    fn restore(&self, files: &BTreeMap<String, Vec<u8>>) {
        for (rel, bytes) in files {
            std::fs::write(self.root.join(rel), bytes).expect("restore");
        }
    }
}

/// The one file of `files` whose name is `rel`, as text.
fn text_of(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8_lossy(&files[rel]).into_owned()
}

// ---- No lost update

/// A note of its own per process: `round-R-proc-P`.
fn note_args(note: &str) -> Vec<String> {
    [
        "record",
        "note",
        "1-1-1",
        "model-run",
        note,
        "--on",
        "2023-09-29",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Spawns `cmd` to stop at the writer's pause `PAUSE` (`point` or `point:seconds`, see
/// src/writer.rs) and waits until it says it has; `false` when it ended without reaching it
/// (its stderr ends with it).
fn paused_at(mut cmd: Command, pause: &str) -> (Child, bool) {
    let point = pause.split(':').next().unwrap_or(pause);
    let mut child = cmd
        .env("ROADMAP_TEST_WRITE_PAUSE", pause)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let stderr = child.stderr.take().expect("piped");
    let paused = std::io::BufRead::lines(std::io::BufReader::new(stderr))
        .map_while(Result::ok)
        .any(|line| line == format!("paused at {point}"));
    (child, paused)
}

/// Spawns `record note` for each of `notes` at once; their exit codes, in order.
fn race(copy: &Copy, notes: &[String], env: &[(&str, String)]) -> Vec<i32> {
    let children: Vec<Child> = notes
        .iter()
        .map(|note| {
            let args = note_args(note);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut cmd = copy.command(&args);
            for (k, v) in env {
                cmd.env(k, v.replace("{note}", note));
            }
            cmd.spawn().expect("spawns")
        })
        .collect();
    exit_codes(children)
}

/// Waits for every child: their exit codes, in order.
fn exit_codes(children: Vec<Child>) -> Vec<i32> {
    children
        .into_iter()
        .map(|c| {
            c.wait_with_output()
                .expect("waits")
                .status
                .code()
                .unwrap_or(-1)
        })
        .collect()
}

/// Each note is in the file exactly when its run succeeded; a run either succeeded or was refused.
fn each_note_kept_or_refused(file: &str, notes: &[String], codes: &[i32]) -> (usize, usize) {
    let (mut ok, mut refused) = (0, 0);
    for (note, code) in notes.iter().zip(codes) {
        let quoted = format!("text = \"{note}\"");
        match code {
            0 => {
                ok += 1;
                assert!(file.contains(&quoted), "{note} succeeded but was lost");
            }
            2 => {
                refused += 1;
                assert!(!file.contains(&quoted), "{note} was refused but written");
            }
            other => panic!("{note}: exit {other}"),
        }
    }
    (ok, refused)
}

#[test]
fn concurrent_records_lose_no_note() {
    let copy = Copy::of(RECORD);
    let (mut ok, mut refused) = (0, 0);
    let mut all: Vec<(String, i32)> = Vec::new();
    for round in 0..20 {
        let notes: Vec<String> = (0..8).map(|p| format!("round-{round}-proc-{p}")).collect();
        let codes = race(&copy, &notes, &[]);
        let file = text_of(&copy.files(), "items/1-1-1.toml");
        let (o, r) = each_note_kept_or_refused(&file, &notes, &codes);
        assert!(o >= 1, "round {round}: all eight refused");
        (ok, refused) = (ok + o, refused + r);
        all.extend(notes.into_iter().zip(codes));
        // What earlier rounds wrote is still there.
        let (notes, codes): (Vec<String>, Vec<i32>) = all.iter().cloned().unzip();
        each_note_kept_or_refused(&file, &notes, &codes);
    }
    // The runs did race: some were refused (and the file stays valid).
    assert!(refused > 0, "no run was refused: {ok} succeeded");
    let (stderr, code) = copy.run(&["validate"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn edits_saved_between_read_and_write_are_never_overwritten() {
    // Every run appends an editor's line to the file between reading and writing it (the debug
    // hook): each must then be refused, and every appended line kept, whatever the interleaving.
    let copy = Copy::of(RECORD);
    let before = text_of(&copy.files(), "items/1-1-1.toml");
    for round in 0..5 {
        let notes: Vec<String> = (0..8).map(|p| format!("hooked-{round}-{p}")).collect();
        let hook = [("ROADMAP_TEST_BEFORE_WRITE", "# editor {note}\n".to_owned())];
        let codes = race(&copy, &notes, &hook);
        assert!(codes.iter().all(|c| *c == 2), "round {round}: {codes:?}");
        let file = text_of(&copy.files(), "items/1-1-1.toml");
        assert!(file.starts_with(&before), "the file was rewritten");
        for note in &notes {
            assert_eq!(file.matches(&format!("# editor {note}\n")).count(), 1);
            assert!(!file.contains(&format!("\"{note}\"")), "{note} was written");
        }
    }
}

#[test]
fn a_second_run_meeting_the_first_between_compare_and_rename_waits_and_is_refused() {
    // The window the lock closes, made wide: the first run stops after comparing the file with
    // what it read and before renaming (the debug pause); a second run reads the same file then,
    // and must wait for the first to finish and then refuse. Without the lock, the second would
    // find the file unchanged, replace it, and lose its note under the first one's rename.
    for (first, second) in [("record", "record"), ("record", "import")] {
        let copy = Copy::of(FORM);
        filled_form(
            &copy,
            "form",
            &["1-1-1"],
            &[("model-run", "", "実施中", "imported")],
        );
        let note = note_args("first");
        let note: Vec<&str> = note.iter().map(String::as_str).collect();
        let (mut a, paused) = paused_at(copy.command(&note), "checked:2");
        assert!(paused, "{first} paused");
        let second_args = note_args("second");
        let args: Vec<&str> = match second {
            "record" => second_args.iter().map(String::as_str).collect(),
            _ => vec!["import", "form.csv"],
        };
        let (stderr, code) = copy.run(&args);
        assert_eq!(a.wait().expect("waits").code(), Some(0), "{first}");
        assert_eq!(code, 2, "{second} after {first}: {stderr}");
        let file = text_of(&copy.files(), "items/1-1-1.toml");
        assert!(file.contains("text = \"first\""), "the first note kept");
        assert!(
            !file.contains("second") && !file.contains("imported"),
            "{second} written"
        );
    }
}

#[test]
fn a_concurrent_writer_taking_the_lock_loses_nothing_and_is_detected() {
    // Another program saves the file over and over while runs of `record` go on: it takes the
    // directory's lock as `flock roadmap/items …` would, reads, appends a line, and replaces the
    // file by a rename (as editors save). Its lines all survive, and so does every note whose
    // run succeeded; a run that read before one of its saves is refused.
    let copy = Copy::of(RECORD);
    let items = copy.root.join("items");
    let file = items.join("1-1-1.toml");
    let (mut ok, mut refused) = (0, 0);
    let mut all: Vec<(String, i32)> = Vec::new();
    let mut saves = 0_u64;
    let mut seed = 0x00ed_170a_u64;
    for round in 0..10 {
        let stop = AtomicBool::new(false);
        let pauses: Vec<u64> = (0..400).map(|_| lcg(&mut seed) % 8000).collect();
        let first = saves;
        let (notes, codes, saved) = std::thread::scope(|s| {
            let editor = s.spawn(|| {
                let mut k = first;
                for pause in &pauses {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let dir = std::fs::File::open(&items).expect("open the directory");
                    dir.lock().expect("lock");
                    let mut bytes = std::fs::read(&file).expect("read");
                    bytes.extend_from_slice(format!("# editor save {k}\n").as_bytes());
                    let temp = copy.path("editor-save");
                    std::fs::write(&temp, &bytes).expect("write");
                    std::fs::rename(&temp, &file).expect("rename");
                    drop(dir);
                    k += 1;
                    std::thread::sleep(std::time::Duration::from_micros(*pause));
                }
                k
            });
            let notes: Vec<String> = (0..8).map(|p| format!("edited-{round}-{p}")).collect();
            let codes = race(&copy, &notes, &[]);
            stop.store(true, Ordering::SeqCst);
            (notes, codes, editor.join().expect("the editor"))
        });
        saves = saved;
        let text = text_of(&copy.files(), "items/1-1-1.toml");
        for k in 0..saves {
            let line = format!("# editor save {k}\n");
            assert_eq!(
                text.matches(&line).count(),
                1,
                "round {round}: save {k} lost"
            );
        }
        let (o, r) = each_note_kept_or_refused(&text, &notes, &codes);
        (ok, refused) = (ok + o, refused + r);
        all.extend(notes.into_iter().zip(codes));
        let (notes, codes): (Vec<String>, Vec<i32>) = all.iter().cloned().unzip();
        each_note_kept_or_refused(&text, &notes, &codes);
    }
    assert!(refused > 0, "no run met a save: {ok} succeeded");
}

/// A CSV form for `items`, filled in: `answers` are (milestone id, FY column text or "", 状況,
/// 進捗状況).
fn filled_form(copy: &Copy, name: &str, items: &[&str], answers: &[(&str, &str, &str, &str)]) {
    let form = copy.path(&format!("{name}-blank.csv"));
    let mut args = vec!["form", "-o", form.to_str().expect("UTF-8")];
    for item in items {
        args.extend(["--item", item]);
    }
    let (stderr, code) = copy.run(&args);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&form).expect("UTF-8");
    let text = text.trim_start_matches('\u{feff}');
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_owned).collect())
        .collect();
    let header = rows[1].clone();
    let col = |h: &str| header.iter().position(|x| x == h).expect(h);
    let mut answered = 0;
    for row in rows.iter_mut().skip(2) {
        for (milestone, fy, state, progress) in answers {
            if row[col("工程ID")] == *milestone && row[col("年度")] == *fy {
                row[col("状況")] = (*state).to_owned();
                row[col("進捗状況")] = (*progress).to_owned();
                answered += 1;
            }
        }
    }
    assert_eq!(answered, answers.len(), "every answer has its row");
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in &rows {
        out.write_record(row).expect("write");
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(out.into_inner().expect("flushed"));
    std::fs::write(copy.path(&format!("{name}.csv")), bytes).expect("write");
}

#[test]
fn imports_at_once_lose_no_answer() {
    // Eight forms answering the same row of items/1-1-1.toml (two of them 1-1-2's rows too),
    // imported all at once, twelve rounds: each answer is in the file exactly when its import
    // succeeded. One import per round gets the row; the others are refused, either as answers to
    // a row changed since their form (exit 1: they read after the first wrote) or as edits of a
    // file changed since they read it (exit 2: they met the first one writing), never written.
    let copy = Copy::of(FORM);
    let answers: Vec<String> = (0..8).map(|k| format!("answer-{k}")).collect();
    for (k, answer) in answers.iter().enumerate() {
        let items: &[&str] = if k % 4 == 0 {
            &["1-1-1", "1-1-2"]
        } else {
            &["1-1-1"]
        };
        filled_form(
            &copy,
            &format!("f{k}"),
            items,
            &[("model-run", "", "実施中", answer.as_str())],
        );
    }
    let old = copy.files();
    let mut met = 0;
    for round in 0..12 {
        copy.restore(&old);
        let children: Vec<Child> = (0..answers.len())
            .map(|k| {
                let form = format!("f{k}.csv");
                copy.command(&["import", &form]).spawn().expect("spawns")
            })
            .collect();
        let codes = exit_codes(children);
        let file = text_of(&copy.files(), "items/1-1-1.toml");
        for (answer, code) in answers.iter().zip(&codes) {
            let quoted = format!("\"{answer}\"");
            match code {
                0 => assert!(
                    file.contains(&quoted),
                    "round {round}: {answer} lost: {codes:?}"
                ),
                1 | 2 => {
                    met += usize::from(*code == 2);
                    assert!(
                        !file.contains(&quoted),
                        "round {round}: {answer} refused but written"
                    );
                }
                other => panic!("round {round}: {answer}: exit {other}"),
            }
        }
        assert_eq!(
            codes.iter().filter(|c| **c == 0).count(),
            1,
            "round {round}: {codes:?}"
        );
    }
    assert!(met > 0, "no import ever met another writing");
}

// ---- Crash safety

/// Kills `roadmap ARGS` `runs` times at random points of its run, and once at each of the
/// writer's pause points it reaches (`ROADMAP_TEST_WRITE_PAUSE`: a temporary file half written,
/// all compared and none renamed, one of several renamed): each time, every file of the roadmap
/// directory is the old one or the new one, none is gone, and only a killed run leaves a temporary
/// file, which the next run removes. `after` runs after each kill. Returns the pause points reached.
fn kill_at_random(
    copy: &Copy,
    args: &[&str],
    runs: usize,
    seed: u64,
    mut after: impl FnMut(&Copy, &BTreeMap<String, Vec<u8>>),
) -> Vec<&'static str> {
    let old = copy.files();
    let started = std::time::Instant::now();
    let (stderr, code) = copy.run(args);
    assert_eq!(code, 0, "{stderr}");
    let span = u64::try_from(started.elapsed().as_micros())
        .unwrap_or(50_000)
        .max(1000)
        * 2;
    let new = copy.files();
    assert_ne!(old, new, "the run changes something");
    let check = |run: &str, finished: bool| {
        let now = copy.files();
        for (rel, bytes) in &now {
            if is_temp(rel) {
                assert!(!finished, "run {run} finished and left {rel}");
                continue;
            }
            assert!(
                old.get(rel) == Some(bytes) || new.get(rel) == Some(bytes),
                "run {run} of {args:?}: {rel} is neither the old file nor the new one"
            );
        }
        for rel in old.keys() {
            assert!(now.contains_key(rel), "run {run}: {rel} is gone");
        }
    };
    let mut seed = seed;
    let (mut killed, mut finished) = (0, 0);
    for run in 0..runs {
        copy.restore(&old);
        let mut child = copy.command(args).spawn().expect("spawns");
        std::thread::sleep(std::time::Duration::from_micros(lcg(&mut seed) % span));
        let _ = child.kill();
        let status = child.wait().expect("waits");
        check(&run.to_string(), status.success());
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
        }
        after(copy, &new);
    }
    // Both outcomes happened: the loop killed runs in flight, and let some finish.
    assert!(
        killed > 0 && finished > 0,
        "{args:?}: killed {killed}, finished {finished}"
    );
    let mut reached = Vec::new();
    for point in ["staged", "checked", "renamed"] {
        copy.restore(&old);
        let (mut child, paused) = paused_at(copy.command(args), point);
        let _ = child.kill();
        let status = child.wait().expect("waits");
        if paused {
            assert!(
                !status.success(),
                "{args:?} paused at {point} and was not killed"
            );
            reached.push(point);
        }
        check(point, status.success());
        after(copy, &new);
    }
    // Every writer stages its files and compares them before it renames any.
    assert!(
        reached.starts_with(&["staged", "checked"]),
        "{args:?}: paused at {reached:?}"
    );
    // The next run removes what killed runs left.
    copy.restore(&old);
    let (stderr, code) = copy.run(args);
    assert_eq!(code, 0, "{stderr}");
    let temps: Vec<String> = copy.files().into_keys().filter(|r| is_temp(r)).collect();
    assert!(temps.is_empty(), "{args:?}: left {temps:?}");
    let (stderr, code) = copy.run(&["validate"]);
    assert_eq!(code, 0, "{stderr}");
    reached
}

#[test]
fn record_killed_at_random() {
    let copy = Copy::of(RECORD);
    let note = note_args("killed");
    let note: Vec<&str> = note.iter().map(String::as_str).collect();
    kill_at_random(&copy, &note, 200, 0x5eed_0001, |_, _| {});
}

#[test]
fn import_killed_at_random_resumes() {
    // The form answers rows of two files: a kill between the two renames leaves one new and one
    // old, each whole; importing the form again finishes the job (rows already imported are
    // skipped), byte for byte as one uninterrupted import.
    let copy = Copy::of(FORM);
    filled_form(
        &copy,
        "form",
        &["1-1-1", "1-1-2"],
        &[
            ("model-run", "", "実施中", "killed-a"),
            ("training", "2024年度", "実施中", "killed-b"),
            ("mentor", "", "実施中", "killed-c"),
        ],
    );
    let reached = kill_at_random(
        &copy,
        &["import", "form.csv"],
        200,
        0x5eed_0002,
        |copy, new| {
            let (stderr, code) = copy.run(&["import", "form.csv"]);
            assert_eq!(code, 0, "{stderr}");
            let now: BTreeMap<_, _> = copy
                .files()
                .into_iter()
                .filter(|(r, _)| !is_temp(r))
                .collect();
            assert!(
                &now == new,
                "a resumed import differs from one run to the end"
            );
        },
    );
    // Killed between its two renames, too.
    assert_eq!(reached, ["staged", "checked", "renamed"]);
}

#[test]
fn fmt_killed_at_random() {
    let copy = Copy::of(RECORD);
    kill_at_random(&copy, &["fmt"], 200, 0x5eed_0003, |_, _| {});
}

/// `report -o` and `form -o` into the roadmap directory, over an older output.
fn output_killed_at_random(command: &str, name: &str, seed: u64) {
    let copy = Copy::of(FORM);
    std::fs::write(copy.root.join(name), "an older output\n").expect("write");
    let target = format!("roadmap/{name}");
    kill_at_random(&copy, &[command, "-o", &target], 200, seed, |_, _| {});
}

#[test]
fn report_output_killed_at_random() {
    output_killed_at_random("report", "report.html", 0x5eed_0004);
}

#[test]
fn form_output_killed_at_random() {
    output_killed_at_random("form", "form.xlsx", 0x5eed_0005);
}

#[test]
fn workbooks_carry_the_date_of_their_data_not_the_machines_clock() {
    // The XLSX writer stamped the machine's clock into the document properties: the same form
    // written a second later had other bytes (found by the kill test, which compares bytes).
    let copy = Copy::of(FORM);
    let write = |name: &str| {
        for args in [["form", "-o", name], ["report", "-o", &format!("r{name}")]] {
            let (stderr, code) = copy.run(&args);
            assert_eq!(code, 0, "{stderr}");
        }
        let f = std::fs::read(copy.path(name)).expect("read");
        let r = std::fs::read(copy.path(&format!("r{name}"))).expect("read");
        (f, r)
    };
    let first = write("one.xlsx");
    // The clock's seconds are in the stamp: a run in another second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(write("two.xlsx") == first, "the same data, other bytes");
}

// ---- Workbooks that point outside a sheet

/// A form made by `roadmap form`, with `edit` applied to the XML of its 進捗入力 sheet.
fn tampered_form(copy: &Copy, name: &str, edit: impl Fn(&str) -> String) {
    tampered_parts(copy, name, |part, body| {
        if part == "xl/worksheets/sheet2.xml" {
            (part.to_owned(), edit(body))
        } else {
            (part.to_owned(), body.to_owned())
        }
    });
}

/// A form made by `roadmap form`, each part of its zip renamed and rewritten by `edit` (name, XML).
fn tampered_parts(copy: &Copy, name: &str, edit: impl Fn(&str, &str) -> (String, String)) {
    let form = copy.path("blank.xlsx");
    let (stderr, code) = copy.run(&["form", "-o", form.to_str().expect("UTF-8")]);
    assert_eq!(code, 0, "{stderr}");
    crate::support::rewrite_parts(&form, &copy.path(name), edit);
}

#[test]
fn a_workbook_pointing_outside_its_sheets_is_refused_not_a_crash() {
    // Found by the sheet fuzz target: a reference with more column letters than any sheet has
    // overflowed the spreadsheet reader's arithmetic (a panic in a debug build); a cell far from
    // A1 made it allocate a grid of billions of cells.
    let copy = Copy::of(FORM);
    let cases = [
        (
            "dimension.xlsx",
            r#"<dimension ref="A1:ntToPage1"/>"#,
            "ntToPage1",
        ),
        (
            "column.xlsx",
            r#"<row r="2"><c r="XFE2"><v>1</v></c></row>"#,
            "XFE2",
        ),
        (
            "far.xlsx",
            r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
            "17179869184",
        ),
    ];
    let before = copy.files();
    for (name, xml, named) in cases {
        tampered_form(&copy, name, |sheet| {
            if xml.starts_with("<dimension") {
                let (head, tail) = sheet.split_once("<dimension").expect("a dimension");
                let (_, tail) = tail.split_once("/>").expect("its end");
                format!("{head}{xml}{tail}")
            } else {
                sheet.replacen("</sheetData>", &format!("{xml}</sheetData>"), 1)
            }
        });
        let (stderr, code) = copy.run(&["import", name]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(stderr.contains(named), "{name}: {stderr}");
    }
    assert!(copy.files() == before, "nothing written");
}

/// A rewrite of a form's zip part: its name and XML in, its new name and XML out.
type Edit = dyn Fn(&str, &str) -> (String, String);

#[test]
fn the_guard_reads_the_workbook_as_the_reader_does() {
    // Found in review: the first guard looked for ` r="` in parts named xl/worksheets/*.xml, while
    // the spreadsheet reader takes any quoting and spacing, finds sheets by their relationships
    // (names compared without case), places a cell without `r` after the one before it, and
    // reserves room for as many shared strings as the table promises. Found by the sheet fuzz
    // target: the guard stopped at a mismatched end tag, which the reader reads past.
    let copy = Copy::of(FORM);
    let far = r#"<row r="1"><c r="XFD1"><v>1</v></c></row><row r="1048576"><c><v>1</v></c></row>"#;
    let sheet = |xml: &'static str| {
        move |part: &str, body: &str| {
            let body = if part == "xl/worksheets/sheet2.xml" {
                body.replacen("</sheetData>", &format!("{xml}</sheetData>"), 1)
            } else {
                body.to_owned()
            };
            (part.to_owned(), body)
        }
    };
    let cases: [(&str, Box<Edit>, &str); 6] = [
        (
            "quoted.xlsx",
            Box::new(sheet("<row r='2'><c\tr='XFE2'><v>1</v></c></row>")),
            "XFE2",
        ),
        ("no-r.xlsx", Box::new(sheet(far)), "17179869184"),
        (
            "moved.xlsx",
            Box::new(move |part: &str, body: &str| {
                if part == "xl/worksheets/sheet2.xml" {
                    let body = body.replacen("</sheetData>", &format!("{far}</sheetData>"), 1);
                    ("XL/WORKSHEETS/SHEET2.XML".to_owned(), body)
                } else {
                    (part.to_owned(), body.to_owned())
                }
            }),
            "17179869184",
        ),
        (
            "strings.xlsx",
            Box::new(|part: &str, body: &str| {
                let body = if part == "xl/sharedStrings.xml" {
                    let (head, tail) = body.split_once("uniqueCount=\"").expect("a count");
                    let (_, tail) = tail.split_once('"').expect("its end");
                    format!("{head}uniqueCount=\"1000000000000\"{tail}")
                } else {
                    body.to_owned()
                };
                (part.to_owned(), body)
            }),
            "1000000000000",
        ),
        (
            "row.xlsx",
            Box::new(sheet(r#"<row r="99999999999"><c><v>1</v></c></row>"#)),
            "99999999999",
        ),
        // The reader does not check that an end tag closes the element it is in.
        (
            "end-name.xlsx",
            Box::new(sheet(
                r#"<row r="2"><c r="A2"><v>1</x></c><c r="ABCDEFGH2"><v>1</v></c></row>"#,
            )),
            "ABCDEFGH2",
        ),
    ];
    let before = copy.files();
    for (name, edit, named) in cases {
        tampered_parts(&copy, name, edit);
        let (stderr, code) = copy.run(&["import", name]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(stderr.contains(named), "{name}: {stderr}");
    }
    assert!(copy.files() == before, "nothing written");
}
