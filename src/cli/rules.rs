//! `vnetlint rules`: the rule catalogue as a table or as JSON.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::output::write_stdout;
use crate::rules::{self, Rule};

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// Aligned columns: id, category, default severity, summary
    Table,
    /// An array of objects with `id`, `category`, `severity` and `summary`
    Json,
}

/// Runs `vnetlint rules` and returns its exit status.
pub fn run(args: &RulesArgs) -> ExitCode {
    let all = rules::all();
    let text = match args.format {
        RulesFormat::Table => render_table(&all),
        RulesFormat::Json => render_json(&all),
    };
    write_stdout(&text)
}

fn render_table(rules: &[&Rule]) -> String {
    let header = ["ID", "CATEGORY", "SEVERITY", "SUMMARY"];
    let rows: Vec<[&str; 4]> = rules
        .iter()
        .map(|r| [r.id, r.category.as_str(), r.severity.as_str(), r.summary])
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }

    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let [id, category, severity, summary] = row;
        let line = format!(
            "{id:<w0$}  {category:<w1$}  {severity:<w2$}  {summary}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        );
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// One rule in `--format json`, with its fields in this order.
#[derive(Serialize)]
struct RuleEntry {
    id: &'static str,
    category: &'static str,
    severity: &'static str,
    summary: &'static str,
}

fn render_json(rules: &[&Rule]) -> String {
    let entries: Vec<RuleEntry> = rules
        .iter()
        .map(|r| RuleEntry {
            id: r.id,
            category: r.category.as_str(),
            severity: r.severity.as_str(),
            summary: r.summary,
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&entries).expect("rule entries always serialize");
    text.push('\n');
    text
}
