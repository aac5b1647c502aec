//! `--help` in the user's language. English is clap's, from the doc comments on the clap types;
//! Japanese comes from the catalog (`i18n::help`), set on the built command tree before the
//! command line is parsed: every command's about and after-help, every argument's help, the
//! headings, and what clap adds itself (`-h`, `-V`, the `help` subcommand, defaults, environment
//! variables, possible values and their help). So the clap types need no per-language edits, and
//! a new argument without Japanese help fails `every_argument_has_japanese_help`.
//!
//! Clap wraps help only at spaces, which Japanese text has none of: the texts are wrapped here by
//! the Japanese rules (`text::wrap`) to the column clap will set them in, which this module works
//! out as clap's help template does.

use clap::builder::PossibleValue;
use clap::{Arg, Command, CommandFactory};

use crate::i18n::{Lang, help};
use crate::text;

/// The command tree with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = super::Cli::command();
    match lang {
        Lang::En => examples_wrapped(cmd),
        Lang::Ja => localize(cmd, lang),
    }
}

/// The English help as clap lays it out, but for the examples after it, wrapped here: clap
/// breaks lines only at spaces, so a Japanese example ran past the terminal, and a quoted
/// argument could be split.
fn examples_wrapped(cmd: Command) -> Command {
    fn walk(c: &mut Command, width: usize) {
        if let Some(after) = c.get_after_help().map(ToString::to_string) {
            *c = std::mem::take(c).after_help(wrap_lines(&after, width));
        }
        for sub in c.get_subcommands_mut() {
            walk(sub, width);
        }
    }
    let width = width();
    let mut cmd = cmd.term_width(width);
    cmd.build();
    walk(&mut cmd, width);
    cmd
}

/// Clap's indent of help set on the line after its argument (`TAB` and `NEXT_LINE_INDENT`).
const NEXT_LINE: usize = 10;
/// What clap adds to the widest argument for the column its help starts in (two `TAB`s).
const GAP: usize = 4;
/// What clap leaves for `-h, ` before a long option (`SHORT_SIZE`).
const SHORT: usize = 4;

/// The width clap lays help out in: the terminal's, at most the root's `max_term_width`.
fn width() -> usize {
    usize::from(super::term_width()).min(100)
}

fn localize(cmd: Command, lang: Lang) -> Command {
    let width = width();
    let mut cmd = cmd.term_width(width);
    cmd.build();
    walk(&mut cmd, "roadmap", lang, width);
    cmd
}

/// A text of the catalog, or `None` (the English stays, and the completeness test says so).
fn text(key: &str, lang: Lang) -> Option<&'static str> {
    help::text(key, lang)
}

/// The catalog key of an argument: global ones (and clap's own) are the same everywhere.
fn arg_key(path: &str, arg: &Arg) -> String {
    let id = arg.get_id().as_str();
    if arg.is_global_set() || matches!(id, "help" | "version") {
        format!("*:{id}")
    } else {
        format!("{path}:{id}")
    }
}

/// The catalog key of a subcommand: clap's `help` subcommand is the same everywhere.
fn command_key(parent: &str, name: &str) -> String {
    if name == "help" {
        "*:help-command".to_owned()
    } else {
        format!("{parent} {name}")
    }
}

fn walk(cmd: &mut Command, path: &str, lang: Lang, width: usize) {
    let t = lang.t();
    let mut c = std::mem::take(cmd);
    // The usage line is the template's, worded and wrapped under itself; the rest of the
    // layout stays clap's.
    let style = *c.get_styles().get_usage();
    let heading = format!("{}:", t.usage);
    let rendered = c.render_usage().to_string();
    let usage = rendered
        .split_once(": ")
        .map_or(rendered.as_str(), |(_, u)| u);
    let usage = text::wrap_hanging(
        &format!("{heading} {usage}"),
        width,
        text::width(&heading) + 1,
    )
    .join("\n");
    let usage = usage.replacen(
        &heading,
        &format!("{}{heading}{}", style.render(), style.render_reset()),
        1,
    );
    c = c.help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{usage}\n\n{{all-args}}{{after-help}}"
    ));
    if path == "roadmap"
        && let Some(about) = text(path, lang)
    {
        c = c.about(text::wrapped(about, width));
    }
    if c.get_long_about().is_some()
        && let Some(long) = text(&format!("{path}/long"), lang)
    {
        c = c.long_about(wrap_lines(long, width));
    }
    // Wrapped here in English too: clap counts a Japanese example's characters, not columns.
    if let Some(after) = c.get_after_help().map(ToString::to_string) {
        let after = text(&format!("{path}/after"), lang).map_or(after, str::to_owned);
        c = c.after_help(wrap_lines(&after, width));
    }
    if c.has_subcommands() {
        c = c.subcommand_help_heading(t.help_commands);
        // The subcommands' abouts are set beside their names, as clap lays the list out.
        let longest = c
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| text::width(s.get_name()))
            .max()
            .unwrap_or(0)
            .max(2);
        let column = width.saturating_sub(longest + GAP).max(20);
        for sub in c.get_subcommands_mut() {
            let key = command_key(path, sub.get_name());
            if let Some(about) = text(&key, lang) {
                *sub = std::mem::take(sub).about(text::wrapped(about, column));
            }
        }
    }
    c = args(c, path, lang, width);
    for sub in c.get_subcommands_mut() {
        if sub.get_name() == "help" {
            continue;
        }
        let child = format!("{path} {}", sub.get_name());
        walk(sub, &child, lang, width);
    }
    *cmd = c;
}

/// An argument's help, worded: its heading, and its text with what clap would have added (the
/// environment variable, the default, the possible values), wrapped for both layouts.
struct Worded {
    heading: &'static str,
    short: String,
    long: String,
    /// The column its short help starts in, once the section's layout is known.
    next_line: bool,
}

fn args(cmd: Command, path: &str, lang: Lang, width: usize) -> Command {
    let t = lang.t();
    let clap_own = |id: &str| matches!(id, "help" | "version");
    // Clap adds -h and -V after the global options: where a command has no options of its
    // own, they join the global ones rather than follow them under a heading of their own.
    let own_options = cmd.get_arguments().any(|a| {
        !a.is_positional()
            && !a.is_global_set()
            && !a.is_hide_set()
            && !clap_own(a.get_id().as_str())
    });
    // Whether `--help` shows the long layout: clap decided it when building, and said so in
    // the text it gave `-h` (the help arg has a long help only then).
    let long_layout = cmd
        .get_arguments()
        .any(|a| a.get_id() == "help" && a.get_long_help().is_some());
    let mut worded: Vec<(String, Worded)> = Vec::new();
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let id = arg.get_id().as_str().to_owned();
        let heading = if arg.is_positional() {
            t.help_arguments
        } else if arg.get_help_heading() == Some(super::GLOBAL) || (!own_options && clap_own(&id)) {
            t.help_global
        } else {
            t.help_options
        };
        let key = arg_key(path, arg);
        let key = match (id.as_str(), long_layout) {
            ("help", true) => format!("{key}/more"),
            _ => key,
        };
        let Some(said) = text(&key, lang) else {
            continue;
        };
        let (first, rest) = said.split_once("\n\n").unwrap_or((said, ""));
        let specs = specs(arg, path, lang, long_layout);
        let short = format!("{first}{}", specs.inline);
        let long = if id == "help" && long_layout {
            text("*:help/summary", lang).unwrap_or(said).to_owned()
        } else {
            let mut long = said.to_owned();
            for block in [&specs.lines, &specs.values] {
                if !block.is_empty() {
                    long.push_str("\n\n");
                    long.push_str(&block.join("\n"));
                }
            }
            if !rest.is_empty() || !specs.lines.is_empty() || !specs.values.is_empty() {
                long
            } else {
                short.clone()
            }
        };
        worded.push((
            id,
            Worded {
                heading,
                short,
                long,
                next_line: false,
            },
        ));
    }
    // Clap sets each section's help beside the arguments, or on the next line when a text
    // would not fit beside them and they take more than 40% of the width.
    let headings: Vec<&str> = {
        let mut h: Vec<&str> = worded.iter().map(|(_, w)| w.heading).collect();
        h.dedup();
        h
    };
    let mut columns: Vec<(&str, usize, bool)> = Vec::new();
    for heading in headings {
        let in_section: Vec<&str> = worded
            .iter()
            .filter(|(_, w)| w.heading == heading)
            .map(|(id, _)| id.as_str())
            .collect();
        let longest = cmd
            .get_arguments()
            .filter(|a| in_section.contains(&a.get_id().as_str()))
            .map(|a| {
                let w = text::width(&a.to_string());
                if a.get_long().is_some() { w + SHORT } else { w }
            })
            .max()
            .unwrap_or(0)
            .max(2);
        let taken = longest + GAP;
        let too_wide = worded
            .iter()
            .filter(|(_, w)| w.heading == heading)
            .any(|(_, w)| text::width(&w.short) > width.saturating_sub(taken));
        #[allow(clippy::cast_precision_loss)]
        let crowded = width >= taken && (taken as f32 / width as f32) > 0.40;
        let next_line = too_wide && crowded;
        let column = if next_line {
            width.saturating_sub(NEXT_LINE)
        } else {
            width.saturating_sub(taken)
        };
        columns.push((heading, column.max(20), next_line));
    }
    for (_, w) in &mut worded {
        if let Some((_, column, next_line)) = columns.iter().find(|(h, ..)| *h == w.heading) {
            w.short = wrap_lines(&w.short, *column);
            w.next_line = *next_line;
        }
        w.long = wrap_lines(&w.long, width.saturating_sub(NEXT_LINE).max(20));
    }
    cmd.mut_args(|arg| {
        let Some((_, w)) = worded.iter().find(|(id, _)| arg.get_id() == id.as_str()) else {
            return arg;
        };
        let next_line = w.next_line || arg.is_next_line_help_set();
        // Under a heading of its own clap sorts by name where the order ties: positionals keep
        // the order they are typed in (ITEM before INDICATOR).
        let arg = match arg.get_index() {
            Some(index) => arg.display_order(index),
            None => arg,
        };
        arg.help_heading(w.heading)
            .help(w.short.clone())
            .long_help(w.long.clone())
            .next_line_help(next_line)
            .hide_env(true)
            .hide_default_value(true)
            .hide_possible_values(true)
    })
}

/// What clap would say after an argument's help, worded: inline (`［既定値: human］`) for the
/// short layout, and on lines of their own for the long one, then the possible values with what
/// each means.
struct Specs {
    inline: String,
    lines: Vec<String>,
    values: Vec<String>,
}

fn specs(arg: &Arg, path: &str, lang: Lang, long_layout: bool) -> Specs {
    let t = lang.t();
    let mut parts: Vec<String> = Vec::new();
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        parts.push(format!("{}: {}", t.help_env, env.to_string_lossy()));
    }
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        parts.push(format!("{}: {}", t.help_default, defaults.join(" ")));
    }
    let values: Vec<PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let explained = values.iter().any(|v| v.get_help().is_some());
    let mut block = Vec::new();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        if explained && long_layout {
            // As clap's long help: a list of the values with what each means.
            block.push(format!("{}:", t.help_possible));
            for v in &values {
                let key = format!("{}={}", arg_key(path, arg), v.get_name());
                match text(&key, lang) {
                    Some(said) => block.push(format!("- {}: {said}", v.get_name())),
                    None => block.push(format!("- {}", v.get_name())),
                }
            }
        } else {
            let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
            parts.push(format!("{}: {}", t.help_possible, lang.list(&names)));
        }
    }
    let lines: Vec<String> = parts.iter().map(|p| format!("［{p}］")).collect();
    Specs {
        inline: lines.concat(),
        lines,
        values: block,
    }
}

/// Lines wrapped one by one: a line's indent is kept and its continuation is set under its
/// text, two columns in for a list item (`- `) or an example (`roadmap …  what it does`).
fn wrap_lines(s: &str, columns: usize) -> String {
    s.split('\n')
        .map(|line| {
            if line.trim_start().starts_with("roadmap ") {
                command_lines(line, columns)
            } else {
                text::hang(line, columns)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An example command line that does not fit, broken only between its shell words (a quoted
/// argument stays whole), each broken line ending in ` \\` and the next indented under it, so
/// that it still runs when copied.
fn command_lines(line: &str, columns: usize) -> String {
    if text::width(line) <= columns {
        return line.to_owned();
    }
    let body = line.trim_start_matches(' ');
    let lead = line.len() - body.len();
    // What follows a run of spaces says what the command does: it goes after the command, on
    // the command's last line where it fits, else on a line of its own.
    let (body, said) = match body.split_once("  ") {
        Some((command, said)) => (command, Some(said.trim_start())),
        None => (body, None),
    };
    // Shell words: split at spaces outside quotes.
    let mut words: Vec<String> = Vec::new();
    let (mut word, mut quote) = (String::new(), None);
    for c in body.chars() {
        match (c, quote) {
            ('\'' | '"', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            (' ', None) => {
                words.push(std::mem::take(&mut word));
                continue;
            }
            _ => {}
        }
        word.push(c);
    }
    words.push(word);
    let mut lines = vec![" ".repeat(lead)];
    for w in words.into_iter().filter(|w| !w.is_empty()) {
        let last = lines.last_mut().expect("a line");
        let fresh = last.trim().is_empty();
        if !fresh && text::width(last) + 1 + text::width(&w) + 2 > columns {
            last.push_str(" \\");
            lines.push(format!("{}{w}", " ".repeat(lead + 4)));
        } else if fresh {
            last.push_str(&w);
        } else {
            last.push(' ');
            last.push_str(&w);
        }
    }
    if let Some(said) = said {
        let last = lines.last_mut().expect("a line");
        if text::width(last) + 2 + text::width(said) <= columns {
            last.push_str("  ");
            last.push_str(said);
        } else {
            lines.push(format!("{}{said}", " ".repeat(lead + 4)));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every catalog key the command tree needs, with the English it stands for: for the
    /// completeness test and for translators.
    pub fn keys() -> Vec<(String, String)> {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut out = Vec::new();
        collect(&cmd, "roadmap", &mut out);
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    fn collect(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let plain =
            |s: Option<&clap::builder::StyledStr>| s.map(ToString::to_string).unwrap_or_default();
        if path == "roadmap" {
            out.push((path.to_owned(), plain(cmd.get_about())));
        }
        if cmd.get_long_about().is_some() {
            out.push((format!("{path}/long"), plain(cmd.get_long_about())));
        }
        if cmd.get_after_help().is_some() {
            out.push((format!("{path}/after"), plain(cmd.get_after_help())));
        }
        for sub in cmd.get_subcommands() {
            out.push((command_key(path, sub.get_name()), plain(sub.get_about())));
        }
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let key = arg_key(path, arg);
            let english = plain(arg.get_long_help().or_else(|| arg.get_help()));
            if arg.get_id() == "help" && arg.get_long_help().is_some() {
                out.push((format!("{key}/more"), plain(arg.get_help())));
                out.push(("*:help/summary".to_owned(), english));
                continue;
            }
            for v in arg.get_possible_values() {
                if let Some(h) = v.get_help() {
                    out.push((format!("{key}={}", v.get_name()), h.to_string()));
                }
            }
            out.push((key, english));
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            collect(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_argument_has_japanese_help() {
        let missing: Vec<String> = keys()
            .into_iter()
            .filter(|(k, _)| help::text(k, Lang::Ja).is_none())
            .map(|(k, en)| format!("{k:?}: {en:?}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Japanese help (src/i18n/help.rs) for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn the_catalog_has_no_help_for_what_is_gone() {
        let keys: Vec<String> = keys().into_iter().map(|(k, _)| k).collect();
        for (k, _) in help::JA {
            assert!(
                keys.iter()
                    .any(|x| x == k || help::shared(x).as_deref() == Some(k)),
                "{k:?} names no command or argument"
            );
        }
    }
}
