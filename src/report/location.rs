//! Locations as machine-readable formats need them: start and end, in lines,
//! columns, bytes and characters, and paths relative to the repository.

use std::path::{Component, Path};

use crate::source::{Loc, Sources};

/// A span of a source file, with every coordinate the reporters write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// 1-based line and character column of the first character.
    pub line: usize,
    pub column: usize,
    /// 1-based line and character column of the character after the span.
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offset and length, as the engine stores them.
    pub offset: usize,
    pub length: usize,
    /// Offset and length in Unicode code points, for SARIF's `charOffset` and `charLength`.
    pub char_offset: usize,
    pub char_length: usize,
}

/// Computes the span of `loc`, clamped to its file's text.
pub fn span(sources: &Sources, loc: Loc) -> Span {
    let file = sources.get(loc.file);
    let text = &*file.text;
    let start = floor_char_boundary(text, loc.offset.min(text.len()));
    let end = floor_char_boundary(text, loc.offset.saturating_add(loc.len).min(text.len()));
    let end = end.max(start);
    let (line, column) = file.line_col(start);
    let (end_line, end_column) = file.line_col(end);
    let char_offset = text[..start].chars().count();
    Span {
        line,
        column,
        end_line,
        end_column,
        offset: start,
        length: end - start,
        char_offset,
        char_length: text[start..end].chars().count(),
    }
}

/// Describes where an imported input's location is, as " (in `RESOURCE` at
/// /json/pointer)", or returns "" for a location in a topology file.
pub fn origin_suffix(sources: &Sources, loc: Loc) -> String {
    match sources.origin(loc) {
        None => String::new(),
        Some(origin) => match origin.resource {
            Some(resource) => format!(" (in `{resource}` at {})", origin.pointer),
            None => format!(" (at {})", origin.pointer),
        },
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Returns `path` relative to the root of the repository that contains it,
/// with `/` separators: the nearest folder above the file that contains a
/// `.git` entry (a folder, or a file in a linked worktree). Returns `None`
/// when the file cannot be resolved or no such folder exists.
pub fn repo_relative(path: &Path) -> Option<String> {
    let absolute = path.canonicalize().ok()?;
    let root = absolute
        .ancestors()
        .skip(1)
        .find(|folder| folder.join(".git").exists())?;
    let relative = absolute.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|part| match part {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::source::FileId;

    fn sources(text: &str) -> Sources {
        let mut sources = Sources::default();
        sources.add(PathBuf::from("t.yaml"), Arc::from(text));
        sources
    }

    #[test]
    fn span_counts_characters_and_bytes() {
        let sources = sources("a: 1\nbé: xyz\n");
        let loc = Loc {
            file: FileId(0),
            offset: 9,
            len: 3,
        };
        let span = span(&sources, loc);
        assert_eq!((span.line, span.column), (2, 4));
        assert_eq!((span.end_line, span.end_column), (2, 7));
        assert_eq!((span.offset, span.length), (9, 3));
        assert_eq!((span.char_offset, span.char_length), (8, 3));
    }

    #[test]
    fn span_is_clamped_to_text() {
        let sources = sources("a: 1\n");
        let loc = Loc {
            file: FileId(0),
            offset: 3,
            len: 100,
        };
        let span = span(&sources, loc);
        assert_eq!(span.length, 2);
        assert_eq!((span.end_line, span.end_column), (2, 1));
    }

    #[test]
    fn repo_relative_finds_this_repository() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report/location.rs");
        assert_eq!(
            repo_relative(&here).as_deref(),
            Some("src/report/location.rs")
        );
    }
}
