//! `vnetlint check`: arguments, the run, output and exit status.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches};

use super::outputs::Outputs;
use super::{use_color, ColorChoice};

use crate::baseline::{self, Baseline};
use crate::config::{self, Config, FailOn, Level};
use crate::date::Date;
use crate::engine::{self, Outcome, Settings};
use crate::finding::Severity;
use crate::load::{Budgets, LoadError};
use crate::report::{self, Format, RenderOptions};
use crate::rules;
use crate::suggest::nearest;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Topology files, Terraform plans (`terraform show -json`), ARM
    /// templates, or folders whose *.yaml and *.yml files are read
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub import: super::import::ImportArgs,

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

    /// Deepest nesting of sequences and mappings accepted (at most 1000)
    #[arg(long, default_value_t = Budgets::default().max_depth, value_parser = parse_max_depth)]
    pub max_depth: usize,

    /// Most alias expansions (`*name`) accepted in one file
    #[arg(long, default_value_t = Budgets::default().max_aliases)]
    pub max_aliases: usize,

    /// Configuration file to read instead of the nearest .vnetlint.yaml in the
    /// current folder or its ancestors
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Read no configuration file
    #[arg(long)]
    pub isolated: bool,

    /// Lowest severity that makes the exit status 1 (default: `fail_on` from the
    /// configuration, else error)
    #[arg(long, value_enum, value_name = "LEVEL", ignore_case = true)]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub levels: LevelFlags,

    /// Exit with status 1 when more than N warnings are reported, whatever --fail-on is
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Write the findings to FILE as a baseline instead of reporting them, and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Base URL of the rule pages (overrides `doc_base_url` in the configuration);
    /// SARIF rules link to URL/RULE-ID.md
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub doc_base_url: Option<String>,
}

fn parse_url(text: &str) -> Result<String, String> {
    let absolute = text.starts_with("https://") || text.starts_with("http://");
    if absolute && !text.contains(char::is_whitespace) {
        return Ok(text.trim_end_matches('/').to_string());
    }
    Err(format!(
        "invalid URL `{text}`: expected an absolute http:// or https:// URL without spaces"
    ))
}

/// Rule levels set with `-A`, `-W` and `-D`, in command-line order, so that
/// the last flag naming a rule wins.
#[derive(Clone, Debug, Default)]
pub struct LevelFlags(pub Vec<(&'static str, Level)>);

/// The level flags: argument id, short and long name, level, help.
const LEVEL_FLAGS: [(&str, char, Level, &str); 3] = [
    ("allow", 'A', Level::Off, "Turn RULE off (repeatable)"),
    (
        "warn",
        'W',
        Level::Warning,
        "Report RULE's findings as warnings (repeatable)",
    ),
    (
        "deny",
        'D',
        Level::Error,
        "Report RULE's findings as errors (repeatable)",
    ),
];

impl FromArgMatches for LevelFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = LevelFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        let mut indexed = Vec::new();
        for (id, _, level, _) in LEVEL_FLAGS {
            let (Some(indices), Some(values)) =
                (matches.indices_of(id), matches.get_many::<&'static str>(id))
            else {
                continue;
            };
            indexed.extend(indices.zip(values).map(|(i, rule)| (i, *rule, level)));
        }
        indexed.sort_by_key(|(i, ..)| *i);
        self.0 = indexed
            .into_iter()
            .map(|(_, rule, level)| (rule, level))
            .collect();
        Ok(())
    }
}

impl Args for LevelFlags {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for (id, short, _, help) in LEVEL_FLAGS {
            cmd = cmd.arg(
                Arg::new(id)
                    .short(short)
                    .long(id)
                    .value_name("RULE")
                    .action(ArgAction::Append)
                    .value_parser(parse_rule_id)
                    .help(help),
            );
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

fn parse_rule_id(text: &str) -> Result<&'static str, String> {
    if let Some(rule) = rules::find(text) {
        return Ok(rule.id);
    }
    let ids = rules::all().into_iter().map(|r| r.id);
    Err(match nearest(text, ids) {
        Some(near) => format!("no such rule; did you mean `{near}`?"),
        None => "no such rule; the rule index in docs/rules.md lists every rule id".into(),
    })
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("invalid date `{text}`: expected YYYY-MM-DD"))
}

/// Runs `vnetlint check` and returns its exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    let settings = match settings(args) {
        Ok(settings) => settings,
        Err(error) => return report_load_error(args, &Settings::default(), &error),
    };

    let outcome = match engine::check_paths(&args.paths, &settings) {
        Ok(outcome) => outcome,
        Err(error) => return report_load_error(args, &settings, &error),
    };
    if let Some(path) = &args.write_baseline {
        return write_baseline(path, &outcome);
    }

    let written = write_outputs(args, &settings, |format, options| {
        Some(report::render(format, &outcome, options))
    });
    if !written {
        return ExitCode::from(2);
    }
    exit_status(&outcome, &settings, args.max_warnings)
}

/// Builds the run's settings: defaults, then the configuration file, then
/// the command line.
fn settings(args: &CheckArgs) -> Result<Settings, LoadError> {
    let mut settings = Settings {
        budgets: Budgets {
            max_file_bytes: args.max_file_bytes,
            max_nodes: args.max_nodes,
            max_depth: args.max_depth,
            max_aliases: args.max_aliases,
        },
        import: args.import.settings(),
        today: args.today.unwrap_or_else(Date::today_utc),
        ..Settings::default()
    };
    if let Some(config) = read_config(args)? {
        config.apply(&mut settings);
    }
    if let Some(fail_on) = args.fail_on {
        settings.fail_on = fail_on;
    }
    settings.levels.extend(args.levels.0.iter().copied());
    if let Some(path) = &args.baseline {
        settings.baseline = Some(Baseline::read(path)?);
    }
    if let Some(url) = &args.doc_base_url {
        settings.doc_base_url = Some(url.clone());
    }
    Ok(settings)
}

/// Reads the configuration named by `--config`, or the one found from the
/// current folder up, unless `--isolated` is given.
fn read_config(args: &CheckArgs) -> Result<Option<Config>, LoadError> {
    if args.isolated {
        return Ok(None);
    }
    let path = match &args.config {
        Some(path) => path.clone(),
        None => {
            let here = std::env::current_dir().map_err(|e| LoadError::io(Path::new("."), &e))?;
            let Some(path) = config::discover(&here) else {
                tracing::debug!("no {} found", config::FILE_NAME);
                return Ok(None);
            };
            path
        }
    };
    tracing::info!(path = %path.display(), "reading configuration");
    config::load(&path).map(Some)
}

/// Prints a load error on stderr, graphically when one of the outputs is the
/// human format, and writes the error document of each machine-readable
/// format. Returns exit status 2.
fn report_load_error(args: &CheckArgs, settings: &Settings, error: &LoadError) -> ExitCode {
    // When every report goes to a file, stderr is all a CI log shows, so the
    // error keeps its snippet and suggestion there.
    let graphical = args.outputs.iter().any(|o| o.format == Format::Human)
        || args.outputs.iter().all(|o| o.file.is_some());
    let text = if graphical {
        render_load_error(error, use_color(args.color, &std::io::stderr()))
    } else {
        format!("{}\n", error.compact_line())
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
    write_outputs(args, settings, |format, options| {
        report::render_load_error(format, error, options)
    });
    ExitCode::from(2)
}

fn write_baseline(path: &Path, outcome: &Outcome) -> ExitCode {
    let (message, status) = match baseline::write(path, &outcome.findings, &outcome.sources) {
        Ok(()) => {
            let count = outcome.findings.len();
            let noun = if count == 1 { "finding" } else { "findings" };
            let message = format!("wrote {count} {noun} to baseline {}\n", path.display());
            (message, ExitCode::SUCCESS)
        }
        Err(e) => {
            let message = format!("error: cannot write baseline {}: {e}\n", path.display());
            (message, ExitCode::from(2))
        }
    };
    let _ = std::io::stderr().write_all(message.as_bytes());
    status
}

/// Returns 1 when a finding is at or above `fail_on` or there are more
/// warnings than `max_warnings`, else 0.
fn exit_status(outcome: &Outcome, settings: &Settings, max_warnings: Option<usize>) -> ExitCode {
    let too_many_warnings = max_warnings.is_some_and(|max| outcome.count(Severity::Warning) > max);
    if outcome.fails(settings.fail_on) || too_many_warnings {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
            fail_on: settings.fail_on,
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

pub(super) fn render_load_error(error: &crate::load::LoadError, color: bool) -> String {
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

/// Reads `--max-depth`, which must stay within what the run's stack can parse.
fn parse_max_depth(text: &str) -> Result<usize, String> {
    let depth: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if (1..=super::MAX_DEPTH_LIMIT).contains(&depth) {
        Ok(depth)
    } else {
        Err(format!(
            "must be from 1 to {}; no design needs deeper nesting",
            super::MAX_DEPTH_LIMIT
        ))
    }
}
