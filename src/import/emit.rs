//! Writes an imported design as a topology file, for `vnetlint import`.
//!
//! The model serializes to a JSON value, which this module prints as YAML
//! in the style of the hand-written fixtures: one resource per list entry,
//! short entries on one line. A value unknown until deployment is written
//! as the expression it comes from, with a comment, in an entry of its own
//! lines. The user replaces it before relying on the file.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::model::unknown::{describe, is_unknown};
use crate::model::File;

/// Maximum width of an entry written on one line, indentation included.
const LINE: usize = 100;

const UNKNOWN_NOTE: &str = "  # unknown until deployment: replace it";

/// Prints `file` as a topology file, after `header` (comment lines without `# `).
pub fn to_yaml(file: &File, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
    out.push_str("version: 1\n");
    // The model has no map with a non-string key, the one case where serializing fails.
    let value = serde_json::to_value(file).expect("the model serializes");
    let Value::Object(mut top) = prune(value) else {
        return out;
    };
    hoist_region(&mut top);
    for (key, value) in &top {
        if key == "version" {
            continue;
        }
        match value {
            Value::Array(items) => {
                out.push('\n');
                let _ = writeln!(out, "{key}:");
                for item in items {
                    entry(&mut out, item, 1);
                }
            }
            other => {
                let _ = writeln!(out, "{key}: {}{}", scalar(other), note(other));
            }
        }
    }
    out
}

/// Writes one top-level `region` instead of one per resource, when every
/// resource that has a region has the same one. Each resource without its own
/// region then gets that one, directly or through its VNet or workspace, so
/// the design does not change.
fn hoist_region(top: &mut Map<String, Value>) {
    if top.contains_key("region") {
        return;
    }
    let mut regions = top
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|item| item.get("region"));
    let Some(first) = regions.next().cloned() else {
        return;
    };
    if !regions.all(|r| *r == first) {
        return;
    }
    for item in top.values_mut().filter_map(Value::as_array_mut).flatten() {
        if let Value::Object(map) = item {
            map.shift_remove("region");
        }
    }
    // After `version`, where hand-written files put it.
    let rest = std::mem::take(top);
    top.insert("region".into(), first);
    top.extend(rest);
}

/// Drops nulls, empty lists and empty maps, which mean the format's defaults.
fn prune(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, prune(v)))
                .filter(|(_, v)| !is_empty(v))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(prune).collect()),
        other => other,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// Writes one list entry at `depth` levels of indentation.
fn entry(out: &mut String, item: &Value, depth: usize) {
    let pad = "  ".repeat(depth);
    match item {
        Value::Object(map) => {
            let flow = flow(item);
            if !has_unknown(item) && pad.len() + 2 + flow.len() <= LINE {
                let _ = writeln!(out, "{pad}- {flow}");
                return;
            }
            let _ = write!(out, "{pad}- ");
            block(out, map, depth + 1, true);
        }
        Value::Array(_) => {
            let _ = writeln!(out, "{pad}- {}", flow(item));
        }
        other => {
            let _ = writeln!(out, "{pad}- {}{}", scalar(other), note(other));
        }
    }
}

/// Writes a map's members one per line; the first line follows a `- ` already written.
fn block(out: &mut String, map: &Map<String, Value>, depth: usize, after_dash: bool) {
    let pad = "  ".repeat(depth);
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !after_dash {
            out.push_str(&pad);
        }
        if let Value::Object(_) | Value::Array(_) = value {
            let one_line = flow(value);
            if !has_unknown(value) && pad.len() + key.len() + 2 + one_line.len() <= LINE {
                let _ = writeln!(out, "{key}: {one_line}");
                continue;
            }
            let _ = writeln!(out, "{key}:");
        }
        match value {
            Value::Object(inner) => block(out, inner, depth + 1, false),
            Value::Array(items) => {
                for item in items {
                    entry(out, item, depth + 1);
                }
            }
            other => {
                let _ = writeln!(out, "{key}: {}{}", scalar(other), note(other));
            }
        }
    }
}

/// Writes a value in flow style, on one line.
fn flow(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        other => scalar(other),
    }
}

fn has_unknown(value: &Value) -> bool {
    match value {
        Value::String(s) => is_unknown(s),
        Value::Array(items) => items.iter().any(has_unknown),
        Value::Object(map) => map.values().any(has_unknown),
        _ => false,
    }
}

/// Returns the comment that follows an unknown value, or "".
fn note(value: &Value) -> &'static str {
    match value {
        Value::String(s) if is_unknown(s) => UNKNOWN_NOTE,
        _ => "",
    }
}

/// Writes a scalar, quoted when YAML would read it as anything but this string.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => string(&describe(s)),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".into(),
        // Containers are written by `flow` and `block`.
        other => flow(other),
    }
}

fn string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
        && !s.starts_with(['-', '.'])
        && !looks_like_other_type(s);
    if plain {
        s.to_string()
    } else {
        // A JSON string is a valid double-quoted YAML scalar.
        serde_json::to_string(s).expect("a string serializes")
    }
}

/// Returns true when YAML 1.1 or 1.2 would read `s` as a bool, null or number.
fn looks_like_other_type(s: &str) -> bool {
    const WORDS: &[&str] = &["true", "false", "yes", "no", "on", "off", "y", "n", "null"];
    WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
        || s.replace('_', "").parse::<f64>().is_ok()
        || s.starts_with("0x")
        || s.starts_with("0o")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{check_text, Settings};

    fn findings(name: &str, text: &str) -> Vec<(String, String, String)> {
        let settings = Settings {
            today: crate::date::Date::parse("2026-01-01").expect("a date"),
            ..Settings::default()
        };
        let outcome = check_text(name, text, &settings)
            .unwrap_or_else(|e| panic!("{name} does not load: {e}\n{text}"));
        let mut found: Vec<_> = outcome
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule.to_string(),
                    f.resource.name.clone(),
                    f.severity.to_string(),
                )
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn every_fixture_reads_back_with_the_same_findings() {
        for entry in std::fs::read_dir("fixtures").expect("fixtures exist") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable fixture");
            let file: File = serde_saphyr::from_str(&text).expect("the fixture parses");
            let written = to_yaml(&file, &["written back".to_string()]);
            assert_eq!(
                findings("original.yaml", &text),
                findings("written.yaml", &written),
                "{}:\n{written}",
                path.display()
            );
        }
    }

    #[test]
    fn strings_that_yaml_reads_otherwise_are_quoted() {
        assert_eq!(string("eastus2"), "eastus2");
        assert_eq!(string("10.0.0.0/16"), "10.0.0.0/16");
        assert_eq!(string("10.0.0.4"), "10.0.0.4");
        assert_eq!(string("yes"), "\"yes\"");
        assert_eq!(string("123"), "\"123\"");
        assert_eq!(string("1e3"), "\"1e3\"");
        assert_eq!(
            string("VirtualAppliance:10.0.0.4"),
            "\"VirtualAppliance:10.0.0.4\""
        );
        assert_eq!(string("a # b"), "\"a # b\"");
        assert_eq!(string(""), "\"\"");
    }

    #[test]
    fn unknown_values_are_marked() {
        let text = format!(
            "region: eastus2\nfirewalls:\n  - {{name: afw, subnet: hub/AzureFirewallSubnet, private_ip: \"{}\"}}\n",
            crate::model::unknown::symbol("azurerm_firewall.hub.ip").replace('\u{1}', "\\x01")
        );
        let file: File = serde_saphyr::from_str(&text).expect("parses");
        let written = to_yaml(&file, &[]);
        assert!(
            written.contains("private_ip: azurerm_firewall.hub.ip  # unknown until deployment"),
            "{written}"
        );
        assert!(!written.contains('\u{1}'));
    }
}
