//! Reporters turn findings into text. Rules never format output themselves.

pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod location;
pub mod sarif;
mod snippet;

use crate::engine::Outcome;
use crate::finding::Severity;
use crate::load::LoadError;

/// Output formats of `vnetlint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical diagnostics with source snippets.
    Human,
    /// One line per finding: `file:line:col: severity[rule-id] message`.
    Compact,
    /// A versioned JSON document (see docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers.
    Sarif,
    /// JUnit XML: one test suite per file, one test case per rule and resource.
    Junit,
    /// GitHub Actions workflow commands that annotate files.
    Github,
}

impl Format {
    /// Whether the format is read by programs, so that a run stopped by a
    /// load error still writes a document that describes the error.
    pub fn is_machine_readable(self) -> bool {
        !matches!(self, Format::Human | Format::Compact)
    }
}

/// Settings that change how findings are rendered.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Color the human format with ANSI escapes.
    pub color: bool,
    /// Base URL of the rule pages, for links from SARIF rules.
    pub doc_base_url: Option<String>,
    /// The lowest severity that fails the run; JUnit reports only those
    /// findings as failed test cases.
    pub fail_on: crate::config::FailOn,
}

/// Renders the outcome of a run in `format`.
pub fn render(format: Format, outcome: &Outcome, options: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(outcome, options.color),
        Format::Compact => {
            let mut text = compact::render(outcome, false);
            text.push_str(&summary(outcome));
            text.push('\n');
            text
        }
        Format::Json => json::render(outcome),
        Format::Sarif => sarif::render(outcome, options.doc_base_url.as_deref()),
        Format::Junit => junit::render(outcome, options.fail_on),
        Format::Github => github::render(outcome),
    }
}

/// Renders a load error as a document of a machine-readable format: the
/// format's empty result with the error in it. Returns `None` for the human
/// and compact formats, whose load errors go to stderr only.
pub fn render_load_error(
    format: Format,
    error: &LoadError,
    options: &RenderOptions,
) -> Option<String> {
    match format {
        Format::Human | Format::Compact => None,
        Format::Json => Some(json::render_load_error(error)),
        Format::Sarif => Some(sarif::render_load_error(
            error,
            options.doc_base_url.as_deref(),
        )),
        Format::Junit => Some(junit::render_load_error(error)),
        Format::Github => Some(github::render_load_error(error)),
    }
}

/// Formats the closing summary line.
pub fn summary(outcome: &Outcome) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let baselined = match outcome.baselined {
        Some(n) => format!(", {n} in baseline"),
        None => String::new(),
    };
    format!(
        "{}, {}, {}, {} suppressed{baselined}, {} checked",
        plural(outcome.count(Severity::Error), "error"),
        plural(outcome.count(Severity::Warning), "warning"),
        plural(outcome.count(Severity::Info), "note"),
        outcome.suppressed,
        plural(outcome.sources.len(), "file"),
    )
}
