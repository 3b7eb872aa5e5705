//! `vnetlint explain`: a rule's documentation page.

use std::process::ExitCode;

use clap::Args;

use super::output::{usage_error, write_stdout};
use crate::rules::pages::{ids, page};
use crate::suggest;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id, such as `subnet-overlap` (`vnetlint rules` lists them)
    pub rule: String,
}

/// Runs `vnetlint explain` and returns its exit status.
pub fn run(args: &ExplainArgs) -> ExitCode {
    match page(&args.rule) {
        Some(text) => write_stdout(text),
        None => {
            let help = match suggest::nearest(&args.rule, ids()) {
                Some(id) => format!("did you mean `{id}`? `vnetlint rules` lists every rule"),
                None => "`vnetlint rules` lists every rule".to_string(),
            };
            usage_error(&format!("unknown rule `{}`", args.rule), &help)
        }
    }
}
