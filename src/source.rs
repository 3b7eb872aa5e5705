//! Source files of one run and locations inside them.

use std::path::PathBuf;
use std::sync::Arc;

/// Index of a file in [`Sources`], in the order the files were loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub offset: usize,
    pub len: usize,
}

/// One loaded file: the path as the user gave it, its text, and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Byte offset of the start of each line, computed once so that locating
    /// a finding costs a binary search instead of a scan of the file.
    pub line_starts: Arc<[usize]>,
    /// The parsed document of an imported input (Terraform plan, ARM
    /// template), kept so that reporters can name the resource and the JSON
    /// pointer of a location.
    pub tree: Option<Arc<crate::import::tree::Node>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: Arc<str>) -> SourceFile {
        let line_starts = line_starts(&text);
        SourceFile {
            path,
            text,
            line_starts,
            tree: None,
        }
    }

    /// Returns the 0-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Computes the 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

fn line_starts(text: &str) -> Arc<[usize]> {
    let newlines = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i + 1);
    std::iter::once(0).chain(newlines).collect()
}

/// The files of one run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: Arc<str>) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }

    /// Keeps the parsed document of an imported input.
    pub fn set_tree(&mut self, id: FileId, tree: Arc<crate::import::tree::Node>) {
        self.files[id.0 as usize].tree = Some(tree);
    }

    /// Returns the resource and JSON pointer of a location in an imported input.
    pub fn origin(&self, loc: Loc) -> Option<crate::import::origin::Origin> {
        let tree = self.get(loc.file).tree.as_ref()?;
        Some(crate::import::origin::locate(tree, loc))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        (0u32..).map(FileId).zip(self.files.iter())
    }

    /// Computes the 1-based line and column (in characters) of a location's start.
    pub fn line_col(&self, loc: Loc) -> (usize, usize) {
        self.get(loc.file).line_col(loc.offset)
    }
}

/// Computes the 1-based line and column (in characters) of `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Computes the byte offset of a 1-based line and character column, clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[offset..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let within: usize = rest[..line_end]
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    offset + within
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 1));
        assert_eq!(line_col(text, 9), (2, 4));
    }

    #[test]
    fn indexed_line_col_matches_scan() {
        let text = "a: 1\r\nbé: x\n\nlast";
        let file = SourceFile::new(PathBuf::from("t.yaml"), Arc::from(text));
        for offset in 0..=text.len() {
            assert_eq!(
                file.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(offset_of(text, 2, 4), 9);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
