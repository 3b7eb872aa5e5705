//! The command line: argument parsing, output and exit status.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::engine::{self, Settings};
use crate::finding::Severity;
use crate::load::Budgets;
use crate::report::{self, Format};

/// Checks an Azure network design around Azure Machine Learning workspaces
/// before it is deployed.
#[derive(Debug, Parser)]
#[command(name = "vnetlint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print more log output to stderr (repeat for more detail)
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Print only errors to stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check topology files (or folders of *.yaml and *.yml files) as one design
    Check(CheckArgs),
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("invalid date `{text}`: expected YYYY-MM-DD"))
}

/// Runs the command line and returns the exit status: 0 clean, 1 error
/// findings, 2 when the run could not complete.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    init_logging(cli.verbose, cli.quiet);
    match cli.command {
        Command::Check(args) => run_check(&args),
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("VNETLINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}

fn use_color(choice: ColorChoice, stream: &impl IsTerminal) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stream.is_terminal()
        }
    }
}

fn run_check(args: &CheckArgs) -> ExitCode {
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
