//! Reporters turn findings into text. Rules never format output themselves.

pub mod compact;
pub mod human;
mod snippet;

use crate::engine::Outcome;
use crate::finding::Severity;

/// Output formats of `vnetlint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical diagnostics with source snippets.
    Human,
    /// One line per finding: `file:line:col: severity[rule-id] message`.
    Compact,
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
