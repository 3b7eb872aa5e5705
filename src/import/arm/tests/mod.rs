//! Tests of the evaluator, the expansion and the mappings, on small inline templates.

mod dns;
mod edge;
mod eval;
mod expand;
mod machines;
mod network;
mod services;

use std::path::Path;

use super::scope::Deployment;
use super::value::Value;
use crate::import::tree::Node;
use crate::import::{ArmOptions, Imported, Input};
use crate::source::{FileId, Loc};

fn parse(text: &str) -> Node {
    serde_saphyr::from_str(text).expect("valid JSON")
}

fn deployment() -> Deployment {
    Deployment {
        subscription_id: Value::Unknown("subscription().subscriptionId".into()),
        group_name: Value::Unknown("resourceGroup().name".into()),
        group_location: Value::Unknown("resourceGroup().location".into()),
        name: Value::Unknown("deployment().name".into()),
    }
}

/// Imports a whole template.
fn import(text: &str, location: Option<&str>) -> Imported {
    let root = parse(text);
    let input = Input {
        path: Path::new("t.json"),
        text,
        file: FileId(0),
        root: &root,
    };
    let options = ArmOptions {
        location: location.map(String::from),
    };
    super::read(&input, None, &options).expect("imports")
}

/// Returns a template made of `parameters` and a list of `resources`.
fn template(parameters: &str, resources: &str) -> String {
    format!(r#"{{"parameters": {parameters}, "resources": [{resources}]}}"#)
}

/// Imports a template made of `parameters` and a list of `resources`.
fn import_resources(parameters: &str, resources: &str) -> Imported {
    import(&template(parameters, resources), None)
}

/// Imports a template that must fail, and returns the error message.
fn import_error(text: &str) -> String {
    let root = parse(text);
    let input = Input {
        path: Path::new("t.json"),
        text,
        file: FileId(0),
        root: &root,
    };
    let error = super::read(&input, None, &ArmOptions::default()).expect_err("fails");
    error.to_string()
}

/// Returns the text that a location spans.
fn spanned(text: &str, loc: Loc) -> &str {
    &text[loc.offset..loc.offset + loc.len]
}

/// Returns the fields of the unknowns recorded for `resource`.
fn unknown_fields<'a>(imported: &'a Imported, resource: &str) -> Vec<&'a str> {
    imported
        .unknowns
        .iter()
        .filter(|u| u.resource == resource)
        .map(|u| u.field.as_str())
        .collect()
}
