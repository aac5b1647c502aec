//! Usage errors (an unknown option, a missing argument, a bad value) in the user's language. clap
//! words them in English; in Japanese they are worded from the catalog, with clap's own usage
//! line and the same exit code.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use crate::i18n::{Lang, Msg};

fn context(e: &Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        Some(ContextValue::None) | Some(_) | None => String::new(),
    }
}

/// The message for an error clap reports, or `None` where clap's own words are best (help and
/// version output, and kinds with nothing to translate).
fn message(e: &Error) -> Option<Msg> {
    let arg = || context(e, ContextKind::InvalidArg);
    let value = || context(e, ContextKind::InvalidValue);
    Some(match e.kind() {
        ErrorKind::UnknownArgument => Msg::UsageUnknownArgument { arg: arg() },
        ErrorKind::InvalidSubcommand => Msg::UsageUnknownSubcommand {
            name: context(e, ContextKind::InvalidSubcommand),
        },
        ErrorKind::MissingSubcommand => Msg::UsageMissingSubcommand {
            valid: context(e, ContextKind::ValidSubcommand),
        },
        ErrorKind::InvalidValue if value().is_empty() => Msg::UsageValueRequired {
            arg: arg(),
            valid: context(e, ContextKind::ValidValue),
        },
        ErrorKind::InvalidValue => Msg::UsageInvalidValue {
            arg: arg(),
            value: value(),
            valid: context(e, ContextKind::ValidValue),
        },
        ErrorKind::ValueValidation => Msg::UsageBadValue {
            arg: arg(),
            value: value(),
            why: std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default(),
        },
        ErrorKind::MissingRequiredArgument => Msg::UsageMissing { args: arg() },
        ErrorKind::ArgumentConflict => Msg::UsageConflict {
            a: arg(),
            b: context(e, ContextKind::PriorArg),
        },
        ErrorKind::TooManyValues => Msg::UsageUnexpectedValue {
            value: value(),
            arg: arg(),
        },
        ErrorKind::NoEquals => Msg::UsageUnknownArgument { arg: arg() },
        _ => return None,
    })
}

/// Prints a clap error: help and version as clap prints them, usage errors in `lang`.
pub fn print(e: &Error, lang: Lang) -> anyhow::Result<()> {
    let worded = if lang == Lang::En || !e.use_stderr() {
        None
    } else {
        message(e)
    };
    let Some(msg) = worded else {
        e.print()?;
        return Ok(());
    };
    let mut out = format!("{}: {}\n", lang.t().error, lang.msg(&msg));
    for suggestion in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let s = context(e, suggestion);
        if !s.is_empty() {
            out.push_str(&format!(
                "  {}: {}\n",
                lang.t().tip,
                lang.msg(&Msg::DidYouMeanArg { arg: s })
            ));
        }
    }
    let usage = context(e, ContextKind::Usage);
    if !usage.is_empty() {
        out.push('\n');
        out.push_str(&usage.replacen("Usage:", &format!("{}:", lang.t().usage), 1));
        out.push('\n');
    }
    out.push_str(&format!("\n{}\n", lang.msg(&Msg::UsageSeeHelp)));
    super::stderr(&super::fitted(&out))
}
