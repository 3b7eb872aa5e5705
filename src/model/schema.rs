//! The JSON Schema of the topology format, generated from the serde types.
//!
//! The schema is JSON Schema draft-07: the YAML language server, which VS Code
//! and many other editors use for YAML, states in its README that it supports
//! "JSON Schema 7 and below". Types whose `Deserialize` is written by hand get
//! their schema by hand here, so that it accepts what the loader accepts.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

use super::enums::VpnType;
use super::format::{File, NextHop, VnetLink, VnetLinkMap, VpnTypes};
use super::spanned::Sp;

/// Returns the JSON Schema of one topology file.
pub fn topology_schema() -> Value {
    let generator = SchemaSettings::draft07()
        .with_transform(RecursiveTransform(join_description_lines))
        .with_transform(RecursiveTransform(default_empty_lists))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<File>();
    schema.insert("title".into(), "vnetlint topology".into());
    schema.insert(
        "description".into(),
        "An Azure network design around Azure Machine Learning workspaces, \
         checked by `vnetlint check`."
            .into(),
    );
    schema.to_value()
}

/// Joins the lines of a description that a doc comment wrapped, keeping
/// paragraph breaks, so that editors reflow it to their own width.
fn join_description_lines(schema: &mut Schema) {
    let Some(Value::String(text)) = schema.get_mut("description") else {
        return;
    };
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    *text = paragraphs.join("\n\n");
}

/// Gives each optional list property the default `[]`: every list that is
/// not required is `#[serde(default)]` in the format types.
fn default_empty_lists(schema: &mut Schema) {
    let required: Vec<Value> = match schema.get("required") {
        Some(Value::Array(names)) => names.clone(),
        _ => Vec::new(),
    };
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        let is_list = property.get("type").is_some_and(|t| t == "array");
        if is_list && !required.contains(&Value::String(name.clone())) {
            if let Value::Object(property) = property {
                property.insert("default".into(), Value::Array(Vec::new()));
            }
        }
    }
}

/// A location is not part of the file, so `Sp<T>` has the schema of `T`.
impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Replaces the schema of an enumerated value with one that accepts any
/// letter case, as the loader does.
///
/// JSON Schema has no case-insensitive `enum`, and its regular expressions
/// (ECMA-262) have no inline `(?i)` flag, so each name becomes a pattern with
/// both cases of every letter: `Disabled` becomes `[Dd][Ii][Ss]...`. The
/// canonical spellings go to `examples`, which the YAML language server offers
/// as completions, and `patternErrorMessage` (a keyword of the VS Code JSON
/// and YAML language servers that other validators ignore) lists them when a
/// value does not match.
#[derive(Clone, Copy, Debug)]
pub struct AnyCase(pub &'static [&'static str]);

impl Transform for AnyCase {
    fn transform(&mut self, schema: &mut Schema) {
        for key in ["enum", "oneOf", "anyOf", "const"] {
            schema.remove(key);
        }
        let alternatives: Vec<String> = self.0.iter().map(|name| any_case(name)).collect();
        schema.insert("type".into(), "string".into());
        schema.insert(
            "pattern".into(),
            format!("^(?:{})$", alternatives.join("|")).into(),
        );
        schema.insert("examples".into(), self.0.into());
        schema.insert(
            "patternErrorMessage".into(),
            format!("expected one of {} (any letter case)", self.0.join(", ")).into(),
        );
    }
}

/// Returns a regular expression that matches `text` in any ASCII letter case,
/// the case folding of `str::eq_ignore_ascii_case`.
fn any_case(text: &str) -> String {
    let mut pattern = String::new();
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            pattern.push('[');
            pattern.push(c.to_ascii_uppercase());
            pattern.push(c.to_ascii_lowercase());
            pattern.push(']');
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ':' {
            pattern.push(c);
        } else {
            pattern.push('\\');
            pattern.push(c);
        }
    }
    pattern
}

/// Describes a suppression's `rule`: any string, with every rule id as an
/// example so editors complete them. The loader accepts an unknown id and
/// reports it as `unused-suppression`, so the schema does not reject it.
pub(super) fn rule_id_schema(_: &mut SchemaGenerator) -> Schema {
    let ids: Vec<&str> = crate::rules::all().iter().map(|r| r.id).collect();
    json_schema!({
        "description": "Id of the rule whose finding is accepted.",
        "type": "string",
        "examples": ids,
    })
}

impl JsonSchema for NextHop {
    fn schema_name() -> Cow<'static, str> {
        "NextHop".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let simple: Vec<String> = NextHop::NAMES
            .iter()
            .filter(|name| !name.contains('<'))
            .map(|name| any_case(name))
            .collect();
        // The loader trims the text after the colon and rejects it when empty.
        let appliance = format!(r"{}.*\S.*", any_case("VirtualAppliance:"));
        json_schema!({
            "description": "Next hop of a user-defined route: `Internet`, `None`, `VnetLocal`, \
                `VirtualNetworkGateway`, or `VirtualAppliance:` followed by a firewall name \
                or an IP address, in any letter case.",
            "type": "string",
            "pattern": format!("^(?:{}|{appliance})$", simple.join("|")),
            "examples": [
                "Internet",
                "None",
                "VnetLocal",
                "VirtualNetworkGateway",
                "VirtualAppliance:10.0.0.4",
            ],
            "patternErrorMessage": format!("expected one of {}", NextHop::NAMES.join(", ")),
        })
    }
}

impl JsonSchema for VnetLink {
    fn schema_name() -> Cow<'static, str> {
        "VnetLink".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let fields = generator.subschema_for::<VnetLinkMap>();
        json_schema!({
            "description": "A link from the zone to a VNet: the VNet's name, or a mapping \
                with `vnet` and `fallback_to_internet`.",
            "anyOf": [
                { "type": "string", "description": "Name of the linked VNet." },
                fields,
            ],
        })
    }
}

impl JsonSchema for VpnTypes {
    fn schema_name() -> Cow<'static, str> {
        "VpnTypes".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<VpnType>();
        json_schema!({
            "description": "VPN connection types: one type, or a list of them.",
            "anyOf": [
                one,
                { "type": "array", "items": one },
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::any_case;

    #[test]
    fn any_case_brackets_letters_only() {
        assert_eq!(any_case("vpn"), "[Vv][Pp][Nn]");
        assert_eq!(any_case("jump_box"), "[Jj][Uu][Mm][Pp]_[Bb][Oo][Xx]");
        assert_eq!(any_case("a.b"), r"[Aa]\.[Bb]");
    }
}
