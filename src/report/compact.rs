//! One line per finding, for grep, editors and logs.

use std::fmt::Write;

use super::location::origin_suffix;
use crate::engine::Outcome;

/// Renders each finding as `file:line:col: severity[rule-id] message`.
/// With `details`, adds indented `help:`, `path:` and related-location lines.
pub fn render(outcome: &Outcome, details: bool) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        let file = &outcome.sources.get(f.primary.loc.file).path;
        let (line, column) = outcome.sources.line_col(f.primary.loc);
        let _ = writeln!(
            out,
            "{}:{line}:{column}: {}[{}] {}{}",
            file.display(),
            f.severity,
            f.rule,
            f.message,
            origin_suffix(&outcome.sources, f.primary.loc)
        );
        if !details {
            continue;
        }
        for related in &f.related {
            let path = &outcome.sources.get(related.loc.file).path;
            let (line, column) = outcome.sources.line_col(related.loc);
            let _ = writeln!(
                out,
                "    related: {}:{line}:{column}: {}{}",
                path.display(),
                related.text,
                origin_suffix(&outcome.sources, related.loc)
            );
        }
        for path in &f.path {
            let _ = writeln!(out, "    path: {path}");
        }
        let _ = writeln!(out, "    help: {}", f.help);
    }
    out
}
