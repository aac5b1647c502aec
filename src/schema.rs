//! The files' JSON Schema (draft 7, the draft taplo and Even Better TOML read), generated from the
//! key tables in [`crate::keys`] — the tables the parser checks files against — so an editor's
//! squiggles and completions can never drift from what `roadmap validate` accepts key by key.
//!
//! What a schema cannot say stays with `validate`: a TOML date is a date only to TOML (the schema
//! sees the string taplo makes of it), and the rules that relate keys or files (an id equal to the
//! file name, `to` or `until` but not both, references that resolve) are its findings.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::keys::{self, Key, Kind};

/// Which file a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    /// `roadmap.toml`.
    Plan,
    /// `items/<id>.toml`.
    Item,
}

impl File {
    pub const ALL: [File; 2] = [File::Plan, File::Item];

    /// The committed file's name under `schema/`.
    pub fn file_name(self) -> &'static str {
        match self {
            File::Plan => "plan.schema.json",
            File::Item => "item.schema.json",
        }
    }

    fn root(self) -> &'static [Key] {
        match self {
            File::Plan => keys::PLAN,
            File::Item => keys::ITEM,
        }
    }

    fn title(self) -> &'static str {
        match self {
            File::Plan => "roadmap.toml（工程表の計画ファイル / a roadmap's plan file）",
            File::Item => "items/<id>.toml（工程表の項目ファイル / one item of a roadmap）",
        }
    }
}

/// A slug: `[a-z0-9]+(-[a-z0-9]+)*`.
const SLUG: &str = "[a-z0-9]+(?:-[a-z0-9]+)*";
/// An item id: 2 to 8 positive numbers without leading zeros.
const ITEM_ID: &str = "[1-9][0-9]{0,8}(?:-[1-9][0-9]{0,8}){1,7}";

/// The schema of one file.
pub fn schema(file: File) -> Schema {
    let mut definitions = Map::new();
    let root = record(file.root(), &mut definitions);
    let mut out = Map::new();
    if let Some(meta) = SchemaSettings::draft07().meta_schema {
        out.insert("$schema".into(), Value::String(meta.into_owned()));
    }
    out.insert("title".into(), file.title().into());
    if let Value::Object(body) = root {
        out.extend(body);
    }
    out.insert("definitions".into(), Value::Object(definitions));
    Schema::from(out)
}

/// The schema as the committed file holds it: pretty JSON, keys in the order written, a final
/// newline.
pub fn to_json(schema: &Schema) -> String {
    let mut s = serde_json::to_string_pretty(schema.as_value()).unwrap_or_default();
    s.push('\n');
    s
}

/// An object with exactly these keys; its nested records go to `definitions`, by name.
fn record(table: &[Key], definitions: &mut Map<String, Value>) -> Value {
    let mut properties = Map::new();
    for k in table {
        let mut p = value(k.kind, definitions);
        if let Value::Object(p) = &mut p {
            p.insert("description".into(), describe(k).into());
        }
        properties.insert(k.name.into(), p);
    }
    let required: Vec<&str> = table
        .iter()
        .filter(|k| k.required)
        .map(|k| k.name)
        .collect();
    let mut o = Map::new();
    o.insert("type".into(), "object".into());
    o.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        o.insert("required".into(), json!(required));
    }
    // Unknown keys are errors to the parser (RM201), so they are to the editor too.
    o.insert("additionalProperties".into(), false.into());
    Value::Object(o)
}

/// A `$ref` to a nested record's definition, adding the definition the first time.
fn reference(table: &'static [Key], definitions: &mut Map<String, Value>) -> Value {
    let name = keys::record_name(table);
    if !definitions.contains_key(name) {
        // Reserve the name first: a record that contained itself would otherwise recurse.
        definitions.insert(name.into(), Value::Null);
        let r = record(table, definitions);
        definitions.insert(name.into(), r);
    }
    json!({ "$ref": format!("#/definitions/{name}") })
}

fn value(kind: Kind, definitions: &mut Map<String, Value>) -> Value {
    let string = |pattern: &str| json!({ "type": "string", "pattern": format!("^{pattern}$") });
    let fy =
        || json!({ "type": "integer", "minimum": crate::fy::MIN_FY, "maximum": crate::fy::MAX_FY });
    match kind {
        Kind::String => json!({ "type": "string" }),
        Kind::Strings => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Positive => json!({ "type": "integer", "minimum": 1 }),
        Kind::Positives => {
            json!({ "type": "array", "items": { "type": "integer", "minimum": 1 } })
        }
        Kind::Fy => fy(),
        Kind::Bool => json!({ "type": "boolean" }),
        // taplo hands a TOML date to the schema as an RFC 3339 string.
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::MonthDay => string("(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"),
        Kind::Slug => string(SLUG),
        Kind::ItemId => string(ITEM_ID),
        Kind::Until => string("(?:CY[0-9]{4}|[0-9]{4}-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))"),
        Kind::Reference => string(&format!("(?:{ITEM_ID}/)?{SLUG}")),
        Kind::References => {
            json!({ "type": "array", "items": string(&format!("(?:{ITEM_ID}/)?{SLUG}")) })
        }
        Kind::OneOf(names) => json!({ "type": "string", "enum": names }),
        Kind::FyNumbers => json!({
            "type": "object",
            "propertyNames": { "pattern": "^[0-9]{4}$" },
            "additionalProperties": { "type": "number" },
        }),
        Kind::Number => json!({ "type": "number" }),
        Kind::NumberOrText => json!({ "type": ["number", "string"] }),
        Kind::Table(t) => reference(t, definitions),
        Kind::Tables(t) => json!({ "type": "array", "items": reference(t, definitions) }),
    }
}

/// A key's description as an editor shows it on hover: Japanese first, then English.
fn describe(k: &Key) -> String {
    format!("{}\n\n{}", k.ja, k.en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_is_defined_once_and_closed() {
        let s = schema(File::Item);
        let defs = s
            .get("definitions")
            .and_then(Value::as_object)
            .expect("definitions");
        for name in [
            "milestone",
            "report",
            "change",
            "indicator",
            "series",
            "value",
        ] {
            let d = &defs[name];
            assert_eq!(d["additionalProperties"], false, "{name}");
        }
        assert_eq!(s.get("additionalProperties"), Some(&Value::Bool(false)));
    }

    #[test]
    fn statuses_are_an_enum() {
        let s = schema(File::Item);
        let status = s
            .pointer("/definitions/report/properties/status/enum")
            .expect("enum");
        assert_eq!(
            status,
            &json!(["in_progress", "done", "delayed", "dropped"])
        );
    }
}
