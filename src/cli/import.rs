//! `vnetlint import`: writes the design read from a Terraform plan or an ARM
//! template as a topology file, and the options that both commands share.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{write_new_file, write_stdout};
use crate::import::{emit, ArmOptions, Imported, InputKind};
use crate::load::ImportSettings;
use crate::model::unknown::describe;
use crate::source::Sources;

/// How to read Terraform plans and ARM templates.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Kind of every input file (default: detected from each file's content)
    #[arg(long, value_enum, value_name = "KIND")]
    pub input: Option<InputKind>,

    /// ARM parameters file for the templates, as `az deployment group create --parameters` takes it
    #[arg(long, value_name = "FILE")]
    pub parameters: Option<PathBuf>,

    /// Region that `resourceGroup().location` is in ARM templates
    /// (default: unknown, equal only to itself)
    #[arg(long, value_name = "REGION", value_parser = parse_location)]
    pub location: Option<String>,
}

/// Reads `--location`. A name close to a known region is taken for a typo
/// and rejected with the region it resembles. Any other name passes, because
/// Azure opens regions that vnetlint's list may not have yet.
fn parse_location(text: &str) -> Result<String, String> {
    let key = crate::model::index::normalize_region(text);
    if crate::azure::REGIONS.contains(&key.as_str()) {
        return Ok(key);
    }
    // Two edits cover a dropped, doubled or swapped letter.
    let typo = crate::azure::REGIONS
        .iter()
        .find(|region| strsim::levenshtein(&key, region) <= 2);
    match typo {
        Some(near) => Err(format!(
            "`{text}` is not an Azure region; did you mean `{near}`?"
        )),
        None => Ok(text.to_string()),
    }
}

impl ImportArgs {
    pub fn settings(&self) -> ImportSettings {
        ImportSettings {
            input: self.input,
            parameters: self.parameters.clone(),
            arm: ArmOptions {
                location: self.location.clone(),
            },
        }
    }
}

/// `vnetlint import`: reads one Terraform plan or ARM template and writes the
/// design as a topology file.
#[derive(Debug, Args)]
pub struct ImportCommand {
    /// Terraform plan (`terraform show -json PLANFILE`) or ARM template
    pub file: PathBuf,

    /// File to write (default: stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite the output file if it exists
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub import: ImportArgs,

    /// When to color the error output; NO_COLOR in the environment turns `auto` off
    #[arg(long, value_enum, default_value_t = super::ColorChoice::Auto)]
    pub color: super::ColorChoice,
}

/// Runs `vnetlint import` and returns its exit status.
pub fn run(args: &ImportCommand) -> ExitCode {
    let budgets = crate::load::Budgets::default();
    let (sources, imported) =
        match crate::load::import_file(&args.file, &budgets, &args.import.settings()) {
            Ok(result) => result,
            Err(error) => {
                let color = super::use_color(args.color, &std::io::stderr());
                let text = super::check::render_load_error(&error, color);
                let _ = std::io::stderr().write_all(text.as_bytes());
                return ExitCode::from(2);
            }
        };
    let yaml = emit::to_yaml(&imported.file, &header(args, &sources, &imported));
    let Some(path) = &args.output else {
        return write_stdout(&yaml);
    };
    if let Err(status) = write_new_file(path, &yaml, args.force) {
        return status;
    }
    // A marked value is the expression it comes from, which `check` reports
    // as an invalid value until it is replaced.
    let path_text = path.display();
    let next = match imported.unknowns.len() {
        0 => format!("check it with `vnetlint check {path_text}`"),
        1 => format!(
            "1 value is unknown until deployment and marked in the file; \
             replace it, then check the file with `vnetlint check {path_text}`"
        ),
        n => format!(
            "{n} values are unknown until deployment and marked in the file; \
             replace them, then check the file with `vnetlint check {path_text}`"
        ),
    };
    write_stdout(&format!("wrote {path_text}; {next}\n"))
}

/// Returns the comment lines at the top of the written file: its source,
/// and each value that deployment decides.
fn header(args: &ImportCommand, sources: &Sources, imported: &Imported) -> Vec<String> {
    let mut lines = vec![format!(
        "Imported by vnetlint {} from {}.",
        env!("CARGO_PKG_VERSION"),
        args.file.display()
    )];
    if imported.unknowns.is_empty() {
        return lines;
    }
    lines.push(String::new());
    lines.push(
        "These values are unknown until deployment. Each is written as the expression it".into(),
    );
    lines.push("comes from, marked below; replace it before relying on this file:".into());
    for u in &imported.unknowns {
        let (line, column) = sources.line_col(u.loc);
        // Comments hold no unknown marks: they are control characters, which
        // YAML does not allow.
        lines.push(format!(
            "- {} ({}:{line}:{column}): {}",
            u.subject(),
            sources.get(u.loc.file).path.display(),
            describe(&u.reason)
        ));
    }
    lines
}
