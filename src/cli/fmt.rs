//! `roadmap fmt`: every roadmap file in the one canonical layout (src/fmt.rs), meaning unchanged;
//! `--check` lists the files that would change and exits 1, for CI.

use std::process::ExitCode;

use clap::Args;

use super::Ctx;
use crate::i18n::Msg;
use crate::writer::{self, Expect};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap fmt            rewrite what is not in the canonical layout
  roadmap fmt --check    list what would change and exit 1 (CI)

The layout: keys in the order of docs/format.md, one blank line before each table, LF line ends,
no trailing spaces, no BOM unless the file had one. Comments and values stay as written.")]
pub struct FmtArgs {
    /// Write nothing: list the files that would change and exit 1 if there are any
    #[arg(long)]
    check: bool,
}

pub fn run(cx: &Ctx<'_>, args: &FmtArgs) -> anyhow::Result<ExitCode> {
    let lang = cx.lang;
    let read = cx.read_dir()?;
    let mut changed = Vec::new();
    let mut trouble = String::new();
    for f in &read.files {
        match crate::fmt::format(&f.bytes, &f.rel, &f.path) {
            Ok(bytes) if bytes != f.bytes => changed.push((f, bytes)),
            Ok(_) => {}
            Err(m) => trouble.push_str(&format!("{}: {}\n", lang.t().warning, lang.msg(&m))),
        }
    }
    let mut out = String::new();
    for (f, bytes) in &changed {
        if !args.check {
            writer::write(
                &cx.dir.join(&f.rel),
                bytes,
                Expect::Unchanged(Some(&f.bytes)),
            )?;
        }
        out.push_str(&format!("{}\n", f.path));
    }
    super::stdout(&out)?;
    let summary = match (changed.len(), args.check) {
        (0, _) => Msg::FmtAlready {
            files: read.files.len(),
        },
        (n, true) => Msg::FmtWouldChange { files: n },
        (n, false) => Msg::FmtReformatted { files: n },
    };
    trouble.push_str(&format!("{}\n", lang.msg(&summary)));
    super::stderr(&trouble)?;
    Ok(if args.check && !changed.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
