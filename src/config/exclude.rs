//! Paths that folder expansion skips, written as globs relative to the
//! configuration file's folder.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::absolute_path;

/// Exclusion patterns and the folder they are relative to.
#[derive(Clone, Debug, Default)]
pub struct Exclude {
    /// Absolute folder that the patterns are relative to.
    base: PathBuf,
    patterns: Vec<String>,
    set: GlobSet,
}

impl Exclude {
    /// Compiles `patterns`, each relative to `base`. On an invalid pattern,
    /// returns its index and the reason.
    pub fn new(base: &Path, patterns: &[&str]) -> Result<Exclude, (usize, String)> {
        let mut builder = GlobSetBuilder::new();
        let mut kept = Vec::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let pattern = normalize(pattern).map_err(|reason| (i, reason))?;
            // A pattern that names a folder also covers everything under it,
            // for a walk that starts inside that folder.
            for glob in [pattern.clone(), format!("{pattern}/**")] {
                let glob = GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| (i, e.kind().to_string()))?;
                builder.add(glob);
            }
            kept.push(pattern);
        }
        let set = builder.build().map_err(|e| (0, e.kind().to_string()))?;
        Ok(Exclude {
            base: absolute_path(base),
            patterns: kept,
            set,
        })
    }

    /// Returns true when `path` matches a pattern.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let path = absolute_path(path);
        match path.strip_prefix(&self.base) {
            Ok(relative) => self.set.is_match(relative),
            Err(_) => false,
        }
    }
}

/// Removes a leading `./` and trailing `/`, and rejects patterns that cannot
/// be relative to the configuration file's folder.
fn normalize(pattern: &str) -> Result<String, String> {
    let mut text = pattern.trim();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    let text = text.trim_end_matches('/');
    if pattern.trim().starts_with('/') {
        return Err("the pattern is an absolute path".into());
    }
    if text.is_empty() || text == "." {
        return Err("the pattern is empty".into());
    }
    if text.split('/').any(|part| part == "..") {
        return Err("the pattern leaves the configuration file's folder".into());
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exclude(patterns: &[&str]) -> Exclude {
        Exclude::new(Path::new("/project"), patterns).expect("valid patterns")
    }

    #[test]
    fn plain_path_excludes_folder_and_contents() {
        let x = exclude(&["designs/old/"]);
        assert!(x.is_excluded(Path::new("/project/designs/old")));
        assert!(x.is_excluded(Path::new("/project/designs/old/a/b.yaml")));
        assert!(!x.is_excluded(Path::new("/project/designs/older")));
        assert!(!x.is_excluded(Path::new("/elsewhere/designs/old")));
    }

    #[test]
    fn star_stays_in_one_folder() {
        let x = exclude(&["*.draft.yaml"]);
        assert!(x.is_excluded(Path::new("/project/a.draft.yaml")));
        assert!(!x.is_excluded(Path::new("/project/sub/a.draft.yaml")));
    }

    #[test]
    fn double_star_crosses_folders() {
        let x = exclude(&["**/generated"]);
        assert!(x.is_excluded(Path::new("/project/generated")));
        assert!(x.is_excluded(Path::new("/project/a/b/generated/x.yaml")));
    }

    #[test]
    fn invalid_patterns_rejected() {
        for pattern in ["/abs", "../up", "", "a/[b"] {
            let result = Exclude::new(Path::new("/project"), &["ok", pattern]);
            assert_eq!(result.err().map(|e| e.0), Some(1), "pattern {pattern:?}");
        }
    }
}
