//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding, which GitHub shows as an annotation on the
//! file and line.

use std::fmt::Write;
use std::path::Path;

use super::location::{origin_suffix, repo_relative, span};
use crate::engine::Outcome;
use crate::finding::{Finding, Severity};
use crate::load::LoadError;

/// Renders one workflow command per finding.
pub fn render(outcome: &Outcome) -> String {
    let paths: Vec<String> = outcome
        .sources
        .iter()
        .map(|(_, file)| annotation_path(&file.path))
        .collect();
    let mut out = String::new();
    for f in &outcome.findings {
        let span = span(&outcome.sources, f.primary.loc);
        let properties = format!(
            "file={},line={},col={},endLine={},endColumn={},title={}",
            escape_property(&paths[f.primary.loc.file.0 as usize]),
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            escape_property(f.rule),
        );
        let _ = writeln!(
            out,
            "::{} {properties}::{}",
            command(f.severity),
            escape_data(&text(f, &origin_suffix(&outcome.sources, f.primary.loc)))
        );
    }
    out
}

/// Renders a load error as one `::error` command.
pub fn render_load_error(error: &LoadError) -> String {
    let mut properties = format!(
        "file={}",
        escape_property(&annotation_path(Path::new(&error.path)))
    );
    if let Some((line, column)) = error.line_col() {
        let _ = write!(properties, ",line={line},col={column}");
    }
    properties.push_str(",title=load error");
    let mut message = error.message.clone();
    if let Some(help) = &error.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    format!("::error {properties}::{}\n", escape_data(&message))
}

/// The file path GitHub resolves against the checkout: relative to the
/// repository root when the file is in one, else the path as given.
fn annotation_path(path: &Path) -> String {
    repo_relative(path).unwrap_or_else(|| path.display().to_string())
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn text(f: &Finding, origin: &str) -> String {
    if f.help.is_empty() {
        format!("{}{origin}", f.message)
    } else {
        format!("{}{origin}\nhelp: {}", f.message, f.help)
    }
}

/// Escapes a command's message, as GitHub's `@actions/core` library does
/// (`escapeData` in its `command.ts`): `%`, carriage return and line feed.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value: the message escapes plus `:` and `,`,
/// which separate properties (`escapeProperty` in the same file).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_newlines() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }

    #[test]
    fn properties_escape_colon_and_comma() {
        assert_eq!(escape_property("c:/a,b%.yaml"), "c%3A/a%2Cb%25.yaml");
    }
}
