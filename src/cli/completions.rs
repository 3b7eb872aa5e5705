//! `vnetlint completions`: shell completion scripts.

use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::output::write_stdout;
use super::Cli;

/// Install locations of the completion scripts, shown after `--help`.
pub(crate) const AFTER_HELP: &str = "\
Install the script where your shell loads completions, for example:
  bash        vnetlint completions bash > ~/.local/share/bash-completion/completions/vnetlint
  zsh         vnetlint completions zsh > ~/.zfunc/_vnetlint  (with ~/.zfunc in $fpath)
  fish        vnetlint completions fish > ~/.config/fish/completions/vnetlint.fish
  powershell  vnetlint completions powershell | Out-String | Invoke-Expression  (in $PROFILE)
  elvish      eval (vnetlint completions elvish | slurp)  (in rc.elv)";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to print the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Runs `vnetlint completions` and returns its exit status.
pub fn run(args: &CompletionsArgs) -> ExitCode {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "vnetlint", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))
}
