//! `vnetlint check`: arguments, the run, output and exit status.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::outputs::Outputs;
use super::{use_color, ColorChoice};

use crate::date::Date;
use crate::engine::{self, Settings};
use crate::finding::Severity;
use crate::load::Budgets;
use crate::report::{self, Format, RenderOptions};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Topology files, or folders whose *.yaml and *.yml files are read
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub outputs: Outputs,

    /// When to color the output; NO_COLOR in the environment turns `auto` off
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Date that suppression expiry is compared with, as YYYY-MM-DD (default: today in UTC)
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,

    /// Largest topology file accepted, in bytes
    #[arg(long, default_value_t = Budgets::default().max_file_bytes)]
    pub max_file_bytes: u64,

    /// Maximum number of YAML nodes in one file, counting each alias as the nodes it repeats
    #[arg(long, default_value_t = Budgets::default().max_nodes)]
    pub max_nodes: usize,

    /// Deepest nesting of sequences and mappings accepted
    #[arg(long, default_value_t = Budgets::default().max_depth)]
    pub max_depth: usize,

    /// Most alias expansions (`*name`) accepted in one file
    #[arg(long, default_value_t = Budgets::default().max_aliases)]
    pub max_aliases: usize,

    /// Base URL of the rule pages; SARIF rules link to URL/RULE-ID.md
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub doc_base_url: Option<String>,
}

fn parse_url(text: &str) -> Result<String, String> {
    let absolute = text.starts_with("https://") || text.starts_with("http://");
    if absolute && !text.contains(char::is_whitespace) {
        return Ok(text.to_string());
    }
    Err(format!(
        "invalid URL `{text}`: expected an absolute http:// or https:// URL without spaces"
    ))
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("invalid date `{text}`: expected YYYY-MM-DD"))
}

/// Runs `vnetlint check` and returns its exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    let settings = Settings {
        budgets: Budgets {
            max_file_bytes: args.max_file_bytes,
            max_nodes: args.max_nodes,
            max_depth: args.max_depth,
            max_aliases: args.max_aliases,
        },
        today: args.today.unwrap_or_else(Date::today_utc),
        doc_base_url: args.doc_base_url.clone(),
        ..Settings::default()
    };
    let outcome = match engine::check_paths(&args.paths, &settings) {
        Ok(outcome) => outcome,
        Err(error) => return report_load_error(args, &settings, &error),
    };

    let written = write_outputs(args, &settings, |format, options| {
        Some(report::render(format, &outcome, options))
    });
    if !written {
        ExitCode::from(2)
    } else if outcome.count(Severity::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints a load error on stderr, graphically when one of the outputs is the
/// human format, and writes the error document of each machine-readable
/// format. Returns exit status 2.
fn report_load_error(
    args: &CheckArgs,
    settings: &Settings,
    error: &crate::load::LoadError,
) -> ExitCode {
    let graphical = args.outputs.iter().any(|o| o.format == Format::Human);
    let text = if graphical {
        render_load_error(error, use_color(args.color, &std::io::stderr()))
    } else {
        format!("{error}\n")
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
    write_outputs(args, settings, |format, options| {
        report::render_load_error(format, error, options)
    });
    ExitCode::from(2)
}

/// Renders each output with `render` and writes it to its file or stdout;
/// outputs for which `render` returns `None` are skipped. Reports each write
/// that failed on stderr and returns whether all succeeded.
fn write_outputs(
    args: &CheckArgs,
    settings: &Settings,
    render: impl Fn(Format, &RenderOptions) -> Option<String>,
) -> bool {
    let mut all_written = true;
    for output in args.outputs.iter() {
        let color = match &output.file {
            None => use_color(args.color, &std::io::stdout()),
            Some(_) => args.color == ColorChoice::Always,
        };
        let options = RenderOptions {
            color,
            doc_base_url: settings.doc_base_url.clone(),
        };
        let Some(text) = render(output.format, &options) else {
            continue;
        };
        let result = match &output.file {
            None => write_stdout(&text),
            Some(file) => write_file(file, &text),
        };
        if let Err(message) = result {
            let _ = std::io::stderr().write_all(format!("error: {message}\n").as_bytes());
            all_written = false;
        }
    }
    all_written
}

fn write_stdout(text: &str) -> Result<(), String> {
    let mut lock = std::io::stdout().lock();
    lock.write_all(text.as_bytes())
        .and_then(|()| lock.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))
}

fn write_file(file: &Path, text: &str) -> Result<(), String> {
    std::fs::write(file, text).map_err(|e| format!("cannot write `{}`: {e}", file.display()))
}

fn render_load_error(error: &crate::load::LoadError, color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let report = error.to_report();
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{error}\n");
    }
    // The graphical report shows the line; the plain form keeps file:line:col greppable.
    format!("error: {error}\n{out}")
}
