//! Helpers for rule unit tests.

use crate::engine::{check_text, Settings};
use crate::finding::Finding;

/// Checks `yaml` and returns the findings of `rule` only.
pub fn findings(yaml: &str, rule: &str) -> Vec<Finding> {
    let outcome = match check_text("test.yaml", yaml, &Settings::default()) {
        Ok(outcome) => outcome,
        Err(e) => panic!("test topology does not load: {e}"),
    };
    outcome
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// Returns the messages of `rule`'s findings for `yaml`.
pub fn messages(yaml: &str, rule: &str) -> Vec<String> {
    findings(yaml, rule)
        .into_iter()
        .map(|f| f.message)
        .collect()
}
