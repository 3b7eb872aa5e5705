//! The command line: argument parsing, subcommands and exit status.

mod check;
mod completions;
mod explain;
mod import;
mod init;
mod output;
mod outputs;
mod rules;
mod schema;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use check::CheckArgs;
pub use completions::CompletionsArgs;
pub use explain::ExplainArgs;
pub use init::InitArgs;
pub use rules::RulesArgs;

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

// The arguments are parsed once per run, so the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check topology files (or folders of *.yaml and *.yml files) as one design
    Check(CheckArgs),
    /// List every rule with its category, default severity and summary
    Rules(RulesArgs),
    /// Print the documentation page of a rule
    Explain(ExplainArgs),
    /// Print the JSON Schema of the topology format, for editors and validators
    Schema,
    /// Write a commented starter topology that passes `vnetlint check`
    Init(InitArgs),
    /// Write the design of a Terraform plan or ARM template as a topology file
    Import(import::ImportCommand),
    /// Print a shell completion script
    #[command(after_help = completions::AFTER_HELP)]
    Completions(CompletionsArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The highest `--max-depth` accepted. Parsing recurses once per level, so
/// the limit bounds the stack that a deeply nested file can use.
const MAX_DEPTH_LIMIT: usize = 1000;

/// Stack for the thread that runs a command: enough for a file nested
/// `MAX_DEPTH_LIMIT` levels deep, even in a debug build (about 20 KiB a level).
const RUN_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs the command line and returns the exit status: 0 clean, 1 error
/// findings, 2 when the run could not complete.
pub fn main() -> ExitCode {
    // The main thread's stack (8 MiB on Linux, 1 MiB on Windows) would
    // overflow on a file nested a few hundred levels deep, which aborts the
    // process instead of reporting the file. Only the pages used are committed.
    let run = std::thread::Builder::new()
        .name("vnetlint".into())
        .stack_size(RUN_STACK_BYTES)
        .spawn(run_command);
    match run.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // The panic message is already on stderr.
        Ok(Err(_)) => ExitCode::from(101),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: cannot start the run: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_command() -> ExitCode {
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
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Schema => schema::run(),
        Command::Init(args) => init::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Completions(args) => completions::run(&args),
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
    // Color log lines only on a terminal, and never under NO_COLOR.
    let ansi = use_color(ColorChoice::Auto, &std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .without_time()
        .try_init();
}

pub(crate) fn use_color(choice: ColorChoice, stream: &impl IsTerminal) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stream.is_terminal()
        }
    }
}
