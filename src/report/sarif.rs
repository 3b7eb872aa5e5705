//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, built with
//! the `serde-sarif` types generated from the OASIS schema.

use std::collections::HashMap;
use std::path::Path;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, CodeFlow, Invocation, Location, LogicalLocation, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression, ThreadFlow, ThreadFlowLocation, Tool, ToolComponent,
};

use super::location::{repo_relative, span, Span};
use crate::engine::Outcome;
use crate::finding::{Finding, Severity};
use crate::load::LoadError;
use crate::rules::{self, Rule};
use crate::source::{FileId, Loc};

/// The `$schema` of the OASIS SARIF 2.1.0 standard.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id that repository-relative URIs are resolved against; GitHub
/// code scanning and the SARIF Multitool know it as the checkout root.
const SRCROOT: &str = "%SRCROOT%";

/// Renders the findings of a run as a SARIF log with one run.
/// `doc_base_url` adds a `helpUri` to each rule: `{doc_base_url}/{rule-id}.md`.
pub fn render(outcome: &Outcome, doc_base_url: Option<&str>) -> String {
    let rules = rules::all();
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let uris: Vec<ArtifactLocation> = outcome
        .sources
        .iter()
        .map(|(_, file)| artifact(&file.path))
        .collect();
    // With a baseline, every reported result is new and every baselined one
    // unchanged. Suppressed and baselined findings stay in the log, marked,
    // so that code scanning shows them as dismissed instead of fixed.
    let with_baseline = outcome.baselined.is_some();
    let mut results = Vec::new();
    for f in &outcome.findings {
        let mut r = result(outcome, &uris, &index, f);
        if with_baseline {
            r.baseline_state = Some(json!("new"));
        }
        results.push(r);
    }
    for s in &outcome.suppressed_findings {
        let mut r = result(outcome, &uris, &index, &s.finding);
        let location = Location::builder()
            .physical_location(physical_location(
                &uris,
                s.loc.file,
                &span(&outcome.sources, s.loc),
            ))
            .build();
        r.suppressions = Some(vec![Suppression::builder()
            .kind(json!("inSource"))
            .justification(s.reason.clone())
            .location(location)
            .build()]);
        if with_baseline {
            r.baseline_state = Some(json!("new"));
        }
        results.push(r);
    }
    for f in &outcome.baselined_findings {
        let mut r = result(outcome, &uris, &index, f);
        r.baseline_state = Some(json!("unchanged"));
        r.suppressions = Some(vec![Suppression::builder()
            .kind(json!("external"))
            .justification("accepted in the baseline file".to_string())
            .build()]);
        results.push(r);
    }
    let run = Run::builder()
        .tool(tool(&rules, doc_base_url))
        .invocations(vec![Invocation::builder()
            .execution_successful(true)
            .build()])
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build();
    to_text(run)
}

/// Renders a run that stopped on a load error: no results, and the error as
/// a failed invocation's notification.
pub fn render_load_error(error: &LoadError, doc_base_url: Option<&str>) -> String {
    let mut notification = Notification::builder()
        .level(json!("error"))
        .message(message(error_text(error)))
        .build();
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact(Path::new(&error.path)))
        .build();
    if let Some(place) = &error.at {
        let (line, column) = crate::source::line_col(&place.text, place.offset);
        physical.region = Some(
            Region::builder()
                .start_line(line as i64)
                .start_column(column as i64)
                .build(),
        );
    }
    notification.locations = Some(vec![Location::builder()
        .physical_location(physical)
        .build()]);
    let invocation = Invocation::builder()
        .execution_successful(false)
        .tool_execution_notifications(vec![notification])
        .build();
    let run = Run::builder()
        .tool(tool(&rules::all(), doc_base_url))
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .results(Vec::new())
        .build();
    to_text(run)
}

fn error_text(error: &LoadError) -> String {
    match &error.help {
        Some(help) => format!("{}\nhelp: {help}", error.message),
        None => error.message.clone(),
    }
}

fn to_text(run: Run) -> String {
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    // Serializing these types cannot fail: every map key is a string.
    let mut text = serde_json::to_string_pretty(&log).expect("the SARIF log serializes");
    text.push('\n');
    text
}

fn tool(rules: &[&Rule], doc_base_url: Option<&str>) -> Tool {
    let mut driver = ToolComponent::builder()
        .name(env!("CARGO_PKG_NAME"))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(
            rules
                .iter()
                .map(|r| descriptor(r, doc_base_url))
                .collect::<Vec<_>>(),
        )
        .build();
    driver.information_uri = information_uri(doc_base_url);
    Tool::builder().driver(driver).build()
}

/// The tool's home page: the package's `homepage` or `repository` from
/// Cargo.toml, else the documentation base URL.
fn information_uri(doc_base_url: Option<&str>) -> Option<String> {
    // NOTE: Cargo.toml sets neither `homepage` nor `repository` yet, so
    // without `--doc-base-url` the driver has no `informationUri`.
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
        .map(String::from)
        .or_else(|| doc_base_url.map(String::from))
}

fn descriptor(rule: &Rule, doc_base_url: Option<&str>) -> ReportingDescriptor {
    let summary = capitalize(rule.summary);
    // The rule page is embedded in the binary: its "What it checks" section is
    // the full description, and the whole page is the help, as text and Markdown.
    let page = crate::rules::pages::page(rule.id);
    let full = page
        .and_then(|p| crate::rules::pages::section(p, "What it checks"))
        .unwrap_or_else(|| {
            format!(
                "{summary}. Category: {}. Default severity: {}.",
                rule.category.as_str(),
                rule.severity
            )
        });
    let help = match page {
        Some(page) => MultiformatMessageString::builder()
            .text(page.to_string())
            .markdown(page.to_string())
            .build(),
        None => text_message(format!(
            "{summary}. See the rule page rules/{}.md.",
            rule.id
        )),
    };
    let mut descriptor = ReportingDescriptor::builder()
        .id(rule.id)
        .short_description(text_message(summary))
        .full_description(text_message(full))
        .help(help)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_name(rule.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec![rule.category.as_str().to_string()])
                .build(),
        )
        .build();
    if let Some(base) = doc_base_url {
        descriptor.help_uri = Some(format!("{}/{}.md", base.trim_end_matches('/'), rule.id));
    }
    descriptor
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn text_message(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn message(text: String) -> Message {
    Message::builder().text(text).build()
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

/// An artifact location relative to the repository root, or the path as
/// given when the file is outside any repository.
fn artifact(path: &Path) -> ArtifactLocation {
    match repo_relative(path) {
        Some(relative) => ArtifactLocation::builder()
            .uri(encode_uri_path(&relative))
            .uri_base_id(SRCROOT)
            .build(),
        None => ArtifactLocation::builder().uri(path_uri(path)).build(),
    }
}

/// Writes a path as a URI reference: `file://` for an absolute path, a
/// relative reference otherwise.
fn path_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if path.is_absolute() {
        let text = if text.starts_with('/') {
            text
        } else {
            format!("/{text}")
        };
        format!("file://{}", encode_uri_path(&text))
    } else {
        encode_uri_path(&text)
    }
}

/// Percent-encodes the bytes of `path` that RFC 3986 (section 3.3) does not
/// allow in a path, keeping `/` as the separator.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn result(
    outcome: &Outcome,
    uris: &[ArtifactLocation],
    index: &HashMap<&str, usize>,
    f: &Finding,
) -> SarifResult {
    let physical = |loc: Loc| physical_location(uris, loc.file, &span(&outcome.sources, loc));
    let text = if f.help.is_empty() {
        f.message.clone()
    } else {
        format!("{}\nhelp: {}", f.message, f.help)
    };
    let mut primary = Location::builder()
        .physical_location(physical(f.primary.loc))
        .build();
    if let Some(origin) = outcome.sources.origin(f.primary.loc) {
        if let Some(resource) = origin.resource {
            primary.logical_locations = Some(vec![LogicalLocation::builder()
                .fully_qualified_name(resource)
                .kind("resource")
                .build()]);
        }
        let mut pointer = PropertyBag::builder().build();
        pointer
            .additional_properties
            .insert("jsonPointer".into(), json!(origin.pointer));
        primary.properties = Some(pointer);
    }
    let related: Vec<Location> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, label)| {
            Location::builder()
                .id(i as i64)
                .physical_location(physical(label.loc))
                .message(message(label.text.clone()))
                .build()
        })
        .collect();
    let mut result = SarifResult::builder()
        .rule_id(f.rule)
        .level(level(f.severity))
        .message(message(text))
        .locations(vec![primary])
        .build();
    result.rule_index = index.get(f.rule).map(|&i| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if !f.path.is_empty() {
        result.code_flows = Some(vec![code_flow(physical(f.primary.loc), &f.path)]);
    }
    result
}

/// One thread flow whose steps are the finding's path lines. The lines carry
/// no position of their own, so every step points at the primary location.
fn code_flow(primary: PhysicalLocation, path: &[String]) -> CodeFlow {
    let steps: Vec<ThreadFlowLocation> = path
        .iter()
        .map(|line| {
            let location = Location::builder()
                .physical_location(primary.clone())
                .message(message(line.clone()))
                .build();
            ThreadFlowLocation::builder().location(location).build()
        })
        .collect();
    CodeFlow::builder()
        .thread_flows(vec![ThreadFlow::builder().locations(steps).build()])
        .build()
}

fn physical_location(uris: &[ArtifactLocation], file: FileId, span: &Span) -> PhysicalLocation {
    let region = Region::builder()
        .start_line(span.line as i64)
        .start_column(span.column as i64)
        .end_line(span.end_line as i64)
        .end_column(span.end_column as i64)
        .char_offset(span.char_offset as i64)
        .char_length(span.char_length as i64)
        .build();
    PhysicalLocation::builder()
        .artifact_location(uris[file.0 as usize].clone())
        .region(region)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            encode_uri_path("designs/my design.yaml"),
            "designs/my%20design.yaml"
        );
        assert_eq!(encode_uri_path("a/é.yaml"), "a/%C3%A9.yaml");
        assert_eq!(encode_uri_path("a/b-c_d~e.yml"), "a/b-c_d~e.yml");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(
            path_uri(Path::new("/tmp/x y.yaml")),
            "file:///tmp/x%20y.yaml"
        );
        assert_eq!(path_uri(Path::new("x.yaml")), "x.yaml");
    }
}
