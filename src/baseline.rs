//! Baselines: the findings of a design accepted at one point, so that later
//! runs report only new ones.
//!
//! A baseline is a JSON file (format described in docs/configuration.md).
//! Findings match by rule id, resource kind and name, and file path, not by
//! line, so a baseline survives edits that move lines. Paths are stored
//! relative to the baseline file's folder, with `/` separators, so the file
//! works from any current folder.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::absolute_path;
use crate::finding::Finding;
use crate::load::LoadError;
use crate::source::{offset_of, Loc, Sources};

/// The baseline format version that this vnetlint reads and writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    resource: Resource,
    /// The message when the baseline was written, for people reading the
    /// file. Findings do not match on it.
    #[serde(default)]
    message: String,
}

#[derive(Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Resource {
    kind: String,
    name: String,
}

/// The fields that a baseline entry and a finding must share to match.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    path: String,
    rule: String,
    kind: String,
    name: String,
}

impl From<Entry> for Key {
    fn from(entry: Entry) -> Key {
        Key {
            path: entry.path,
            rule: entry.rule,
            kind: entry.resource.kind,
            name: entry.resource.name,
        }
    }
}

/// A baseline read from a file.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// Absolute folder of the baseline file, which entry paths are relative to.
    folder: PathBuf,
    /// How many findings of each key the baseline accepts.
    counts: HashMap<Key, usize>,
}

impl Baseline {
    /// Reads the baseline file at `path`. A missing, unreadable or invalid
    /// file is an error.
    pub fn read(path: &Path) -> Result<Baseline, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, &e))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            let offset = offset_of(&text, e.line(), e.column());
            let loc = Loc {
                offset,
                len: 0,
                ..Loc::default()
            };
            LoadError::at(
                path,
                &text,
                loc,
                format!("invalid baseline: {}", strip_position(&e.to_string())),
                "write the baseline again with --write-baseline".into(),
            )
        })?;
        if file.version != VERSION {
            return Err(LoadError::plain(
                path,
                format!("unsupported baseline version {}", file.version),
                format!("this vnetlint reads version {VERSION}; write the baseline again with --write-baseline"),
            ));
        }
        let folder = baseline_folder(path);
        let mut counts = HashMap::new();
        for entry in file.findings {
            *counts.entry(Key::from(entry)).or_insert(0) += 1;
        }
        Ok(Baseline { folder, counts })
    }

    /// Removes the findings that the baseline contains, in order, and returns
    /// the rest and how many were removed. A baseline entry matches one
    /// finding, so a second finding with the same key is new.
    pub fn filter(
        &self,
        findings: Vec<Finding>,
        sources: &Sources,
    ) -> (Vec<Finding>, Vec<Finding>) {
        let mut left = self.counts.clone();
        let mut kept = Vec::new();
        let mut matched = Vec::new();
        for finding in findings {
            let key = Key::from(entry(&finding, sources, &self.folder));
            match left.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    matched.push(finding);
                }
                _ => kept.push(finding),
            }
        }
        (kept, matched)
    }
}

/// Writes `findings` as a baseline file at `path`, creating its folder if needed.
pub fn write(path: &Path, findings: &[Finding], sources: &Sources) -> std::io::Result<()> {
    let folder = baseline_folder(path);
    std::fs::create_dir_all(&folder)?;
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| entry(f, sources, &folder))
        .collect();
    entries.sort();
    let file = BaselineFile {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text)
}

fn baseline_folder(path: &Path) -> PathBuf {
    absolute_path(path.parent().unwrap_or(Path::new("")))
}

fn entry(finding: &Finding, sources: &Sources, folder: &Path) -> Entry {
    let file = &sources.get(finding.primary.loc.file).path;
    let relative = relative_to(&absolute_path(file), folder);
    let path = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Entry {
        path,
        rule: finding.rule.to_string(),
        resource: Resource {
            kind: finding.resource.kind.as_str().to_string(),
            name: finding.resource.name.clone(),
        },
        message: finding.message.clone(),
    }
}

/// Returns `path` relative to `base`, going up with `..` where needed. Both
/// must be absolute and free of `.` and `..` components.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for component in &path[common..] {
        relative.push(component);
    }
    relative
}

/// Removes the " at line N column M" suffix that serde_json appends.
fn strip_position(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_to_walks_up_and_down() {
        let base = Path::new("/a/b");
        assert_eq!(
            relative_to(Path::new("/a/b/c.yaml"), base),
            Path::new("c.yaml")
        );
        assert_eq!(
            relative_to(Path::new("/a/d/e.yaml"), base),
            Path::new("../d/e.yaml")
        );
    }

    #[test]
    fn strip_position_removes_suffix() {
        assert_eq!(
            strip_position("missing field `version` at line 1 column 2"),
            "missing field `version`"
        );
    }
}
