//! Writing a command's output and its usage errors.

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

/// Reports an error the user can fix, with the fix, and returns exit status 2.
pub(crate) fn usage_error(message: &str, help: &str) -> ExitCode {
    let text = format!("error: {message}\n  help: {help}\n");
    let _ = std::io::stderr().write_all(text.as_bytes());
    ExitCode::from(2)
}
