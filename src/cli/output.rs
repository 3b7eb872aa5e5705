//! Writing a command's output.

use std::io::Write;
use std::process::ExitCode;

/// Writes `text` to stdout and returns the exit status: 2 when the write failed, as on a closed pipe.
pub(crate) fn write_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::debug!(%error, "writing to stdout failed");
            ExitCode::from(2)
        }
    }
}
