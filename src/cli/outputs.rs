//! `--format` and `--output` of `vnetlint check`: which formats a run
//! writes, and where each goes.
//!
//! Each `--output FILE` applies to the `--format` just before it on the
//! command line. clap's derive API returns the values of each option but not
//! their order, so this type implements `Args` by hand and pairs the options
//! by their positions (`ArgMatches::indices_of`).

use std::path::PathBuf;

use clap::builder::EnumValueParser;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Command, FromArgMatches};

use crate::report::Format;

/// One format and its destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    /// The file to write, or `None` for stdout.
    pub file: Option<PathBuf>,
}

/// Every output of a run, in command-line order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outputs(pub Vec<Output>);

impl Outputs {
    pub fn iter(&self) -> impl Iterator<Item = &Output> {
        self.0.iter()
    }
}

impl Default for Outputs {
    /// The human format on stdout.
    fn default() -> Self {
        Outputs(vec![Output {
            format: Format::Human,
            file: None,
        }])
    }
}

impl clap::Args for Outputs {
    fn augment_args(cmd: Command) -> Command {
        cmd.arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(EnumValueParser::<Format>::new())
                .action(ArgAction::Append)
                .help("Output format; repeat to write several formats [default: human]"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .action(ArgAction::Append)
                .help("File for the --format just before it (default: stdout)"),
        )
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for Outputs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let formats = positioned::<Format>(matches, "format");
        let files = positioned::<PathBuf>(matches, "output");
        pair(&formats, &files)
            .map_err(|message| clap::Error::raw(ErrorKind::ArgumentConflict, message))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// Returns each value of the option `id` with its position on the command line.
fn positioned<T: Clone + Send + Sync + 'static>(matches: &ArgMatches, id: &str) -> Vec<(usize, T)> {
    let (Some(indices), Some(values)) = (matches.indices_of(id), matches.get_many::<T>(id)) else {
        return Vec::new();
    };
    indices.zip(values.cloned()).collect()
}

/// Pairs each `--output` with the `--format` just before it, and checks that
/// at most one format goes to stdout and that no file is written twice.
fn pair(formats: &[(usize, Format)], files: &[(usize, PathBuf)]) -> Result<Outputs, String> {
    if formats.is_empty() && files.is_empty() {
        return Ok(Outputs::default());
    }
    let mut outputs: Vec<Output> = formats
        .iter()
        .map(|&(_, format)| Output { format, file: None })
        .collect();
    for (position, file) in files {
        let Some(owner) = formats.iter().rposition(|(at, _)| at < position) else {
            return Err(format!(
                "`--output {}` comes before any `--format`\n\n  \
                 tip: put `--format FORMAT` before the `--output` it applies to, \
                 as in `--format sarif --output vnetlint.sarif`",
                file.display()
            ));
        };
        let output = &mut outputs[owner];
        if let Some(earlier) = &output.file {
            return Err(format!(
                "`--format {}` has two output files, `{}` and `{}`\n\n  \
                 tip: repeat `--format {}` before the second `--output`",
                name(output.format),
                earlier.display(),
                file.display(),
                name(output.format)
            ));
        }
        output.file = Some(file.clone());
    }
    check_destinations(&outputs)?;
    Ok(Outputs(outputs))
}

fn check_destinations(outputs: &[Output]) -> Result<(), String> {
    for (i, output) in outputs.iter().enumerate() {
        let Some(other) = outputs[..i].iter().find(|o| o.file == output.file) else {
            continue;
        };
        return Err(match &output.file {
            None => format!(
                "`--format {}` and `--format {}` both write to stdout\n\n  \
                 tip: add `--output FILE` after all but one of them",
                name(other.format),
                name(output.format)
            ),
            Some(file) => format!(
                "`--format {}` and `--format {}` both write to `{}`\n\n  \
                 tip: give each format its own `--output` file",
                name(other.format),
                name(output.format),
                file.display()
            ),
        });
    }
    Ok(())
}

fn name(format: Format) -> String {
    use clap::ValueEnum;
    format
        .to_possible_value()
        .map_or_else(|| format!("{format:?}"), |v| v.get_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(format: Format, file: Option<&str>) -> Output {
        Output {
            format,
            file: file.map(PathBuf::from),
        }
    }

    #[test]
    fn no_option_means_human_on_stdout() {
        assert_eq!(pair(&[], &[]), Ok(Outputs::default()));
    }

    #[test]
    fn output_applies_to_format_before_it() {
        let formats = [(1, Format::Human), (3, Format::Sarif), (7, Format::Json)];
        let files = [(5, PathBuf::from("v.sarif")), (9, PathBuf::from("v.json"))];
        let outputs = pair(&formats, &files).expect("valid pairing");
        assert_eq!(
            outputs.0,
            vec![
                out(Format::Human, None),
                out(Format::Sarif, Some("v.sarif")),
                out(Format::Json, Some("v.json")),
            ]
        );
    }

    #[test]
    fn output_before_any_format_is_rejected() {
        let error = pair(&[(3, Format::Sarif)], &[(1, PathBuf::from("v.sarif"))]).unwrap_err();
        assert!(error.contains("comes before any `--format`"), "{error}");
    }

    #[test]
    fn output_without_format_is_rejected() {
        let error = pair(&[], &[(1, PathBuf::from("v.sarif"))]).unwrap_err();
        assert!(error.contains("comes before any `--format`"), "{error}");
    }

    #[test]
    fn two_outputs_for_one_format_are_rejected() {
        let files = [(3, PathBuf::from("a")), (5, PathBuf::from("b"))];
        let error = pair(&[(1, Format::Json)], &files).unwrap_err();
        assert!(error.contains("two output files"), "{error}");
    }

    #[test]
    fn two_formats_on_stdout_are_rejected() {
        let error = pair(&[(1, Format::Human), (3, Format::Json)], &[]).unwrap_err();
        assert!(error.contains("both write to stdout"), "{error}");
    }

    #[test]
    fn two_formats_in_one_file_are_rejected() {
        let formats = [(1, Format::Json), (5, Format::Sarif)];
        let files = [(3, PathBuf::from("x")), (7, PathBuf::from("x"))];
        let error = pair(&formats, &files).unwrap_err();
        assert!(error.contains("both write to `x`"), "{error}");
    }

    #[test]
    fn one_format_may_go_to_several_files() {
        let formats = [(1, Format::Sarif), (5, Format::Sarif)];
        let files = [(3, PathBuf::from("a")), (7, PathBuf::from("b"))];
        assert!(pair(&formats, &files).is_ok());
    }
}
