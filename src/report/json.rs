//! A versioned JSON document of one run, described field by field in
//! `docs/json-output.md`.

use serde::Serialize;

use super::location::span;
use crate::engine::Outcome;
use crate::finding::{Finding, Label, Severity};
use crate::load::LoadError;
use crate::source::{Loc, Sources};

/// Version of the document's layout. It changes only when a field is
/// removed, renamed or changes meaning; adding a field keeps it.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    load_error: Option<JsonLoadError<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize, Default)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
    suppressed: usize,
    /// Findings matched by `--baseline` and left out; absent without a baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
    files: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    resource: Resource<'a>,
    location: Location,
    related: Vec<Related<'a>>,
    path: &'a [String],
}

#[derive(Serialize)]
struct Resource<'a> {
    kind: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Location {
    file: String,
    line: usize,
    column: usize,
    offset: usize,
    length: usize,
    /// In a Terraform plan or ARM template: the resource's address or name.
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<String>,
    /// In a Terraform plan or ARM template: JSON pointer to the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<String>,
}

#[derive(Serialize)]
struct Related<'a> {
    #[serde(flatten)]
    location: Location,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonLoadError<'a> {
    file: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    location: Option<Location>,
}

fn tool() -> Tool {
    Tool {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// Renders the findings of a run as a pretty-printed JSON document.
pub fn render(outcome: &Outcome) -> String {
    let document = Document {
        version: VERSION,
        tool: tool(),
        summary: Summary {
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            notes: outcome.count(Severity::Info),
            suppressed: outcome.suppressed,
            baselined: outcome.baselined,
            files: outcome.sources.len(),
        },
        findings: outcome
            .findings
            .iter()
            .map(|f| finding(&outcome.sources, f))
            .collect(),
        load_error: None,
    };
    to_text(&document)
}

/// Renders a run that stopped on a load error: no findings, and the error.
pub fn render_load_error(error: &LoadError) -> String {
    let location = error.at.as_ref().map(|place| {
        let (line, column) = crate::source::line_col(&place.text, place.offset);
        Location {
            file: error.path.clone(),
            line,
            column,
            offset: place.offset,
            length: place.len,
            resource: None,
            pointer: None,
        }
    });
    let document = Document {
        version: VERSION,
        tool: tool(),
        summary: Summary::default(),
        findings: Vec::new(),
        load_error: Some(JsonLoadError {
            file: &error.path,
            message: &error.message,
            help: error.help.as_deref(),
            location,
        }),
    };
    to_text(&document)
}

fn to_text(document: &Document) -> String {
    // Serializing these structs cannot fail: every map key is a string.
    let mut text = serde_json::to_string_pretty(document).expect("the document serializes");
    text.push('\n');
    text
}

fn finding<'a>(sources: &Sources, f: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        rule: f.rule,
        category: f.category.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        help: &f.help,
        resource: Resource {
            kind: f.resource.kind.as_str(),
            name: &f.resource.name,
        },
        location: location(sources, f.primary.loc),
        related: f.related.iter().map(|r| related(sources, r)).collect(),
        path: &f.path,
    }
}

fn related<'a>(sources: &Sources, label: &'a Label) -> Related<'a> {
    Related {
        location: location(sources, label.loc),
        message: &label.text,
    }
}

fn location(sources: &Sources, loc: Loc) -> Location {
    let span = span(sources, loc);
    let origin = sources.origin(loc);
    Location {
        resource: origin.as_ref().and_then(|o| o.resource.clone()),
        pointer: origin.map(|o| o.pointer),
        file: sources.get(loc.file).path.display().to_string(),
        line: span.line,
        column: span.column,
        offset: span.offset,
        length: span.length,
    }
}
