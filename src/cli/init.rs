//! `vnetlint init`: a commented starter topology.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{usage_error, write_new_file, write_stdout};

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

    if let Err(status) = write_new_file(path, STARTER, args.force) {
        return status;
    }
    tracing::info!(path = %path_text, "wrote the starter topology");
    write_stdout(&format!(
        "wrote {path_text}; check it with `vnetlint check {path_text}`\n"
    ))
}
