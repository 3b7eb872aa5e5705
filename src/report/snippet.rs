//! A miette source that reads only the lines a snippet shows.
//!
//! miette's own `SourceCode` for text scans from the start of the file for
//! every label, so a design with many findings in a large file renders in
//! quadratic time. This one finds the lines by binary search in the file's
//! line-start table.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::SourceFile;

/// One file's text, name and line starts, cheap to clone.
#[derive(Clone, Debug)]
pub struct IndexedSource {
    name: String,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl IndexedSource {
    pub fn new(file: &SourceFile) -> IndexedSource {
        IndexedSource {
            name: file.path.display().to_string(),
            text: file.text.clone(),
            line_starts: file.line_starts.clone(),
        }
    }

    pub fn empty() -> IndexedSource {
        IndexedSource {
            name: String::new(),
            text: Arc::from(""),
            line_starts: Arc::from([0usize]),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Returns the byte offset just past line `line`, including its newline.
    fn line_end(&self, line: usize) -> usize {
        self.line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// Returns true when `loc` starts on a line that is shown as a window.
pub fn on_long_line(file: &SourceFile, offset: usize) -> bool {
    let line = file.line_of(offset);
    let end = file
        .line_starts
        .get(line + 1)
        .copied()
        .unwrap_or(file.text.len());
    end - file.line_starts[line] > LONG_LINE
}

/// Lines longer than this, in bytes, are shown as a window around the span.
/// A Terraform plan is often one line of megabytes, and miette cannot lay
/// out labels that far to the right.
const LONG_LINE: usize = 240;

/// Bytes shown on each side of a span in a long line.
const MARGIN: usize = 60;

impl IndexedSource {
    /// Returns part of one long line around `start..end`, without context
    /// lines, cut at character boundaries.
    /// Like miette's own reader, the window starts at the span when no
    /// context is asked for: miette then reads the span's column from it.
    fn window(
        &self,
        start: usize,
        end: usize,
        line: usize,
        context: bool,
    ) -> Box<dyn SpanContents<'_> + '_> {
        let line_start = self.line_starts[line];
        let line_end = self.line_end(line);
        let text = &*self.text;
        let margin = if context { MARGIN } else { 0 };
        let mut from = start.saturating_sub(margin).max(line_start);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let end = end.min(line_end).max(start);
        let mut to = (end + MARGIN).min(line_end);
        while !text.is_char_boundary(to) {
            to += 1;
        }
        // Leave the line's newline out, so the window is one line.
        let to = if text[..to].ends_with('\n') {
            to - 1
        } else {
            to
        }
        .max(end);
        let column = text[line_start..from].chars().count();
        Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            (from, to - from).into(),
            line,
            column,
            1,
        ))
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_of(start);
        let line_len = self.line_end(first) - self.line_starts[first];
        if line_len > LONG_LINE {
            return Ok(self.window(start, end, first, context_lines_before > 0));
        }
        let last = self.line_of(end.saturating_sub(1).max(start));
        let window_first = first.saturating_sub(context_lines_before);
        let window_last = (last + context_lines_after).min(self.line_starts.len() - 1);

        // Like miette's own reader: with no context before, the window starts at the span.
        let (window_start, column) = if context_lines_before == 0 {
            (start, start - self.line_starts[first])
        } else {
            (self.line_starts[window_first], 0)
        };
        let window_end = self.line_end(window_last).max(end);
        let data = &self.text.as_bytes()[window_start..window_end];
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (window_start, window_end - window_start).into(),
            if context_lines_before == 0 {
                first
            } else {
                window_first
            },
            column,
            window_last + 1,
        );
        Ok(Box::new(contents))
    }
}
