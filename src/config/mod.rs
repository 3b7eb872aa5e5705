//! Project configuration: the `.vnetlint.yaml` file, and the rule levels,
//! failing severity and exclusions it sets for a run.

mod exclude;
mod file;

pub use exclude::Exclude;
pub use file::load;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::engine::Settings;
use crate::finding::Severity;
use crate::model::enums::NameVisitor;
use crate::rules::RuleOptions;

/// Name of the configuration file that `vnetlint check` looks for.
pub const FILE_NAME: &str = ".vnetlint.yaml";

/// The level of a rule, set in configuration or on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// The rule does not run.
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The spellings accepted in configuration, matched in any letter case.
    /// `warn` is also accepted as a short form of `warning`.
    pub const NAMES: &'static [&'static str] = &["off", "info", "warning", "error"];

    pub fn parse(text: &str) -> Option<Level> {
        let level = match text.to_ascii_lowercase().as_str() {
            "off" => Level::Off,
            "info" => Level::Info,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            _ => return None,
        };
        Some(level)
    }

    /// Returns the severity that findings get at this level, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(NameVisitor::new(Level::NAMES, Level::parse))
    }
}

/// The lowest severity that makes a run fail with exit status 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Fail on any finding.
    Info,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on errors only.
    #[default]
    Error,
    /// Fail on no finding (`--max-warnings` still applies)
    Never,
}

impl FailOn {
    /// The spellings accepted in configuration, matched in any letter case.
    pub const NAMES: &'static [&'static str] = &["info", "warning", "error", "never"];

    pub fn parse(text: &str) -> Option<FailOn> {
        let fail_on = match text.to_ascii_lowercase().as_str() {
            "info" => FailOn::Info,
            "warning" => FailOn::Warning,
            "error" => FailOn::Error,
            "never" => FailOn::Never,
            _ => return None,
        };
        Some(fail_on)
    }

    /// Returns true when a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Info => true,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

impl<'de> serde::Deserialize<'de> for FailOn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(NameVisitor::new(FailOn::NAMES, FailOn::parse))
    }
}

/// A configuration file, read and validated.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Path the file was read from.
    pub path: PathBuf,
    /// Rule id to the level that replaces its default severity.
    pub levels: BTreeMap<&'static str, Level>,
    pub rule_options: RuleOptions,
    pub fail_on: Option<FailOn>,
    pub exclude: Exclude,
    /// Absolute URL of the folder of rule pages, without a trailing `/`.
    pub doc_base_url: Option<String>,
}

impl Config {
    /// Copies what this configuration sets into the run's settings.
    pub fn apply(&self, settings: &mut Settings) {
        settings.levels.extend(&self.levels);
        settings.rule_options = self.rule_options.clone();
        if let Some(fail_on) = self.fail_on {
            settings.fail_on = fail_on;
        }
        settings.exclude = self.exclude.clone();
        settings.doc_base_url.clone_from(&self.doc_base_url);
    }
}

/// Finds the configuration file for a run started in `folder`: the first
/// [`FILE_NAME`] in `folder` or one of its ancestors, up to the filesystem root.
pub fn discover(folder: &Path) -> Option<PathBuf> {
    absolute_path(folder)
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Makes `path` absolute against the current folder and removes `.` and `..`
/// components without resolving symbolic links, so that paths given in
/// different ways compare equal.
pub(crate) fn absolute_path(path: &Path) -> PathBuf {
    // The parent of a bare file name is the empty path, which means the current folder.
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_thresholds() {
        assert!(FailOn::Info.fails(Severity::Info));
        assert!(!FailOn::Warning.fails(Severity::Info));
        assert!(FailOn::Warning.fails(Severity::Warning));
        assert!(!FailOn::Error.fails(Severity::Warning));
        assert!(FailOn::Error.fails(Severity::Error));
        assert!(!FailOn::Never.fails(Severity::Error));
    }

    #[test]
    fn level_parses_any_case() {
        assert_eq!(Level::parse("OFF"), Some(Level::Off));
        assert_eq!(Level::parse("Warning"), Some(Level::Warning));
        assert_eq!(Level::parse("warn"), Some(Level::Warning));
        assert_eq!(Level::parse("deny"), None);
    }

    #[test]
    fn absolute_path_removes_dot_components() {
        let path = absolute_path(Path::new("/a/./b/../c"));
        assert_eq!(path, Path::new("/a/c"));
        let here = std::env::current_dir().expect("current folder");
        assert_eq!(absolute_path(Path::new("")), here);
    }
}
