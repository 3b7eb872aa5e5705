//! `vnetlint schema`: the JSON Schema of the topology format.

use std::process::ExitCode;

use super::output::write_stdout;
use crate::model::schema::topology_schema;

/// Runs `vnetlint schema` and returns its exit status.
pub fn run() -> ExitCode {
    let schema = topology_schema();
    let mut text = serde_json::to_string_pretty(&schema).expect("JSON values always serialize");
    text.push('\n');
    write_stdout(&text)
}
