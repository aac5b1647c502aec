//! `roadmap man`: manual pages in roff, made from the same clap definition as `--help`
//! (clap_mangen): one page for `roadmap`, one for each subcommand (`roadmap-status.1`, …).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};

use super::{Cli, Ctx};
use crate::writer::{self, Expect};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap man | man -l -                              read the main page now
  roadmap man --out-dir ~/.local/share/man/man1       install every page for `man roadmap-status`
  sudo roadmap man --out-dir /usr/local/share/man/man1

After installing, `man roadmap` and `man roadmap-<subcommand>` work (run `mandb` if your system
keeps a man index).")]
pub struct ManArgs {
    /// Write every page (roadmap.1, roadmap-status.1, …) into this directory instead of printing
    /// the main page; the directory is made if missing
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

/// Every page: file name and roff, the main page first, each subcommand's after it.
fn pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    fn walk(
        cmd: &clap::Command,
        prefix: &str,
        out: &mut Vec<(String, Vec<u8>)>,
    ) -> anyhow::Result<()> {
        let name = if prefix.is_empty() {
            cmd.get_name().to_owned()
        } else {
            format!("{prefix}-{}", cmd.get_name())
        };
        let page = cmd.clone().name(name.clone());
        let mut roff = Vec::new();
        clap_mangen::Man::new(page).render(&mut roff)?;
        out.push((format!("{name}.1"), roff));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, &name, out)?;
        }
        Ok(())
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, "", &mut out)?;
    Ok(out)
}

pub fn run(_cx: &Ctx<'_>, args: &ManArgs) -> anyhow::Result<ExitCode> {
    let pages = pages()?;
    let Some(dir) = &args.out_dir else {
        let main = pages
            .first()
            .map(|(_, roff)| roff.as_slice())
            .unwrap_or_default();
        super::stdout_bytes(main)?;
        return Ok(ExitCode::SUCCESS);
    };
    writer::ensure_dir(dir)?;
    let paths: Vec<PathBuf> = pages.iter().map(|(name, _)| dir.join(name)).collect();
    let files: Vec<_> = paths
        .iter()
        .zip(&pages)
        .map(|(path, (_, roff))| (path.as_path(), roff.as_slice(), Expect::Anything))
        .collect();
    writer::write_all(&files)?;
    let listed: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
    super::stdout(&listed)?;
    Ok(ExitCode::SUCCESS)
}
