//! `roadmap schema`: the JSON Schema of the plan or the item files (src/schema.rs), for editors
//! and other tools; the same files are committed under `schema/`.

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::schema::{self, File};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  roadmap schema plan > schema/plan.schema.json
  roadmap schema item > schema/item.schema.json

The schema is JSON Schema draft 7, generated from the same key tables the parser checks files
against. VS Code with Even Better TOML (or any taplo-based editor) reads it through .taplo.toml at
the repository's root: completion, hover text in Japanese and English, and unknown keys underlined.
What a schema cannot say (ids equal to file names, references that resolve, dates that exist) is
left to `roadmap validate`.")]
pub struct SchemaArgs {
    /// Which file: `plan` (roadmap.toml) or `item` (items/<id>.toml)
    #[arg(value_enum, default_value_t = Which::Plan)]
    file: Which,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Which {
    Plan,
    Item,
}

pub fn run(_cx: &Ctx<'_>, args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let file = match args.file {
        Which::Plan => File::Plan,
        Which::Item => File::Item,
    };
    super::stdout_bytes(schema::to_json(&schema::schema(file)).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
