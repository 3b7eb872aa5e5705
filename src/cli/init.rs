//! `vnetlint init`: a commented starter topology.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{usage_error, write_stdout};

/// The starter topology. Tests check that it has no findings and matches the schema.
pub const STARTER: &str = include_str!("starter.yaml");

#[derive(Debug, Args)]
pub struct InitArgs {
    /// File to write
    #[arg(default_value = "vnetlint.yaml")]
    pub path: PathBuf,

    /// Overwrite the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// Runs `vnetlint init` and returns its exit status.
pub fn run(args: &InitArgs) -> ExitCode {
    let path = &args.path;
    let path_text = path.display();
    if path.is_dir() {
        return usage_error(
            &format!("`{path_text}` is a folder"),
            "give the path of a file to write, such as `vnetlint.yaml`",
        );
    }

    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        // `create_new` fails when the file exists, with no window between a check and the write.
        options.create_new(true);
    }
    let result = options
        .open(path)
        .and_then(|mut file| file.write_all(STARTER.as_bytes()));
    match result {
        Ok(()) => {
            tracing::info!(path = %path_text, "wrote the starter topology");
            write_stdout(&format!(
                "wrote {path_text}; check it with `vnetlint check {path_text}`\n"
            ))
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => usage_error(
            &format!("`{path_text}` already exists"),
            "pass --force to overwrite it, or give another path",
        ),
        Err(error) => usage_error(
            &format!("cannot write `{path_text}`: {error}"),
            "check that the folder exists and that you may write to it",
        ),
    }
}
