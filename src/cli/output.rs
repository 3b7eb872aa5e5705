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

/// Writes `text` to a new file at `path`, or over an existing one with
/// `force`. On failure, reports the error and returns exit status 2.
pub(crate) fn write_new_file(
    path: &std::path::Path,
    text: &str,
    force: bool,
) -> Result<(), ExitCode> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // `create_new` fails when the file exists, with no window between a check and the write.
        options.create_new(true);
    }
    let path_text = path.display();
    match options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Err(usage_error(
            &format!("`{path_text}` already exists"),
            "pass --force to overwrite it, or give another path",
        )),
        Err(error) => Err(usage_error(
            &format!("cannot write `{path_text}`: {error}"),
            "check that the folder exists and that you may write to it",
        )),
    }
}
