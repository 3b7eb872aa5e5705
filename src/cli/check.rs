//! `vnetlint check`: arguments, the run, output and exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{use_color, ColorChoice};

use crate::date::Date;
use crate::engine::{self, Settings};
use crate::finding::Severity;
use crate::load::Budgets;
use crate::report::{self, Format};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Topology files, or folders whose *.yaml and *.yml files are read
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

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
        ..Settings::default()
    };
    let stdout = std::io::stdout();
    let color = use_color(args.color, &stdout);

    let outcome = match engine::check_paths(&args.paths, &settings) {
        Ok(outcome) => outcome,
        Err(error) => {
            let text = match args.format {
                Format::Human => {
                    render_load_error(&error, use_color(args.color, &std::io::stderr()))
                }
                Format::Compact => format!("{error}\n"),
            };
            let _ = std::io::stderr().write_all(text.as_bytes());
            return ExitCode::from(2);
        }
    };

    let text = match args.format {
        Format::Human => report::human::render(&outcome, color),
        Format::Compact => {
            let mut text = report::compact::render(&outcome, false);
            text.push_str(&report::summary(&outcome));
            text.push('\n');
            text
        }
    };
    let mut lock = stdout.lock();
    if lock
        .write_all(text.as_bytes())
        .and_then(|()| lock.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    if outcome.count(Severity::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
