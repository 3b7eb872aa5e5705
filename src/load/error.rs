//! Errors that stop loading: one message, one location, one fix.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::Error as YamlError;

use super::Budgets;
use crate::source::{offset_of, FileId, Loc};
use crate::suggest::nearest;

/// A file that could not be read as a topology. The run stops with exit status 2.
#[derive(Debug)]
pub struct LoadError {
    pub path: String,
    pub message: String,
    pub help: Option<String>,
    /// Place in the file, when the error has one.
    pub at: Option<Box<Place>>,
}

/// The place of a [`LoadError`] in its file.
#[derive(Debug)]
pub struct Place {
    pub text: Arc<str>,
    /// Byte range of the span to highlight.
    pub offset: usize,
    pub len: usize,
    /// The short text shown under the span.
    pub label: String,
}

impl LoadError {
    /// An error about the file as a whole, such as a missing file.
    pub fn plain(path: &Path, message: String, help: String) -> Self {
        LoadError {
            path: path.display().to_string(),
            message,
            help: Some(help).filter(|h| !h.is_empty()),
            at: None,
        }
    }

    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        let help = match error.kind() {
            std::io::ErrorKind::NotFound => "check the path",
            std::io::ErrorKind::PermissionDenied => "make the file readable",
            _ => "",
        };
        let message = format!("cannot read: {}", io_reason(error));
        Self::plain(path, message, help.into())
    }

    /// An error at a place in the file.
    pub fn at(path: &Path, text: &str, loc: Loc, message: String, help: String) -> Self {
        let offset = floor_char_boundary(text, loc.offset.min(text.len()));
        let end = ceil_char_boundary(text, offset.saturating_add(loc.len).min(text.len()));
        let len = end - offset;
        LoadError {
            path: path.display().to_string(),
            message,
            help: Some(help).filter(|h| !h.is_empty()),
            at: Some(Box::new(Place {
                text: Arc::from(text),
                offset,
                len,
                label: "here".into(),
            })),
        }
    }

    /// Replaces the short text shown under the highlighted span.
    pub fn labeled(mut self, label: impl Into<String>) -> Self {
        if let Some(place) = &mut self.at {
            place.label = label.into();
        }
        self
    }

    /// Line and column of the error, 1-based, when it has a place.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let place = self.at.as_ref()?;
        Some(crate::source::line_col(&place.text, place.offset))
    }

    pub fn from_yaml(
        path: &Path,
        text: &str,
        file: FileId,
        error: &YamlError,
        budgets: &Budgets,
    ) -> Self {
        let location = location_of(error);
        let offset = location.map(|location| {
            let span = location.span();
            match span.byte_offset() {
                Some(o) if (o as usize) <= text.len() => o as usize,
                _ => offset_of(text, location.line() as usize, location.column() as usize),
            }
        });
        let described = describe(error, text, offset, budgets);
        let (Some(location), Some(offset)) = (location, offset) else {
            return Self::plain(path, described.message, described.help);
        };
        let span = location.span();
        let len = match span.byte_len() {
            Some(l) if offset + l as usize <= text.len() => l as usize,
            _ => 0,
        };
        let (offset, len) = match rejected_value(error) {
            Some(value) => value_after_key(text, offset, value).unwrap_or((offset, len)),
            None => (offset, len),
        };
        let loc = Loc { file, offset, len };
        Self::at(path, text, loc, described.message, described.help).labeled(described.label)
    }
}

/// A parser error put in the user's terms.
struct Described {
    message: String,
    help: String,
    label: String,
}

impl Described {
    fn new(message: String, help: impl Into<String>, label: impl Into<String>) -> Self {
        Described {
            message,
            help: help.into(),
            label: label.into(),
        }
    }
}

/// The innermost error, past the wrappers that only add context.
fn innermost(error: &YamlError) -> &YamlError {
    match error {
        YamlError::WithSnippet { error, .. } | YamlError::AliasError { error, .. } => {
            innermost(error)
        }
        other => other,
    }
}

/// Where the error is: the innermost location, or the alias that led to it.
fn location_of(error: &YamlError) -> Option<serde_saphyr::Location> {
    match error {
        YamlError::WithSnippet { error, .. } => location_of(error),
        YamlError::AliasError {
            error, locations, ..
        } => location_of(error).or(locations.primary_location()),
        other => other.location(),
    }
}

/// Returns the rejected value of an invalid-value error.
fn rejected_value(error: &YamlError) -> Option<&str> {
    match innermost(error) {
        YamlError::SerdeUnknownVariant { variant, .. } => Some(variant),
        _ => None,
    }
}

/// Finds `value` right after the mapping key at `offset`.
///
/// The parser locates errors raised by a custom visitor at the key of the
/// value being read; the span of the value itself is what the user must fix.
fn value_after_key(text: &str, offset: usize, value: &str) -> Option<(usize, usize)> {
    let rest = text.get(offset..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    let start = after.len() - after.trim_start().len();
    let token = &after[start..];
    let quoted = token.starts_with('"') || token.starts_with('\'');
    let inner = if quoted { &token[1..] } else { token };
    if value.is_empty() || !inner.starts_with(value) {
        return None;
    }
    let len = value.len() + if quoted { 2 } else { 0 };
    Some((offset + colon + 1 + start, len))
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            // The operating system's text: "Too many levels of symbolic links (os error 40)".
            let text = error.to_string();
            let text = match text.rfind(" (os error ") {
                Some(i) => &text[..i],
                None => &text,
            };
            lowercase_first(text)
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Shows a value from the file inside a message: control characters escaped,
/// long values cut, so that a message stays on one short line.
fn shown(value: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Turns a parser error into a message, a fix and a label. `offset` is where
/// the parser located the error, when it did.
fn describe(error: &YamlError, text: &str, offset: Option<usize>, budgets: &Budgets) -> Described {
    let found = || offset.map(|o| found_at(text, o));
    match innermost(error) {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => {
            let help = match nearest(field, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("valid keys here: {}", expected.join(", ")),
            };
            Described::new(
                format!("unknown key `{}`", shown(field)),
                help,
                "unknown key",
            )
        }
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let list = expected.join(", ");
            let help = match nearest(variant.trim(), expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? Valid values: {list}"),
                None => format!("valid values: {list}"),
            };
            Described::new(
                format!("invalid value `{}`", shown(variant)),
                help,
                "not a valid value",
            )
        }
        YamlError::SerdeMissingField { field, .. } => Described::new(
            format!("missing required key `{field}`"),
            format!("add `{field}:` to this entry"),
            format!("this entry has no `{field}`"),
        ),
        YamlError::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().map_or_else(|| "?".into(), shown);
            Described::new(
                format!("duplicate key `{key}`"),
                "remove one of the two entries; YAML keys must be unique",
                "written a second time",
            )
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => Described::new(
            format!(
                "wrong type: expected {expected}, found {}",
                shown(unexpected)
            ),
            "",
            "wrong type",
        ),
        YamlError::InvalidScalar { ty, .. } => {
            let expected = type_name(ty);
            // The parser read a plain value here, whatever the text looks like.
            let value = offset.map(|o| scalar_at(text, o)).filter(|v| !v.is_empty());
            let message = match value {
                Some(value) => format!("wrong type: expected {expected}, found `{value}`"),
                None => format!("wrong type: expected {expected}"),
            };
            Described::new(message, "", format!("expected {expected}"))
        }
        YamlError::Unexpected { expected, .. } => {
            unexpected(expected, found(), offset.is_some_and(|o| at_top(text, o)))
        }
        YamlError::NullIntoString { .. } => Described::new(
            "missing value: expected a string".into(),
            "write a value after the colon, or remove the key",
            "no value",
        ),
        YamlError::Budget { breach, .. } => budget(breach, budgets),
        YamlError::MultipleDocuments { .. } => multiple_documents(),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => Described::new(
            format!(
                "aliases expand to more than {} YAML nodes",
                budgets.max_nodes
            ),
            "write the repeated values out, or raise the limit with --max-nodes \
             if the file is genuine",
            "limit passed here",
        ),
        YamlError::UnknownAnchor { .. } => Described::new(
            "alias refers to an anchor that is not defined before it".into(),
            "define the anchor (`&name`) earlier in the file, or write the value out",
            "unknown anchor",
        ),
        YamlError::Eof { .. } => Described::new(
            "invalid YAML: the file ends in the middle of a value".into(),
            "close the open brackets or quotes",
            "file ends here",
        ),
        YamlError::InvalidUtf8Input => Described::new(
            "invalid UTF-8".into(),
            "save the file as UTF-8",
            "not UTF-8",
        ),
        YamlError::IOError { cause } => Described::new(
            format!("cannot read: {}", lowercase_first(&cause.to_string())),
            "",
            "",
        ),
        other => syntax(other, text, offset),
    }
}

/// A YAML syntax error, with a fix for the common ones.
fn syntax(error: &YamlError, text: &str, offset: Option<usize>) -> Described {
    let reason = strip_position(&error.to_string());
    let control = offset
        .and_then(|o| text.get(o..))
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    if let Some(c) = control {
        return Described::new(
            format!(
                "invalid YAML: control character U+{:04X} is not allowed",
                u32::from(c)
            ),
            "remove it; a topology file is plain text",
            "control character",
        );
    }
    let help = if reason.contains("tab") {
        "indent with spaces; YAML does not allow tabs in indentation"
    } else if reason.contains("recursion limit") {
        return Described::new(
            "invalid YAML: brackets nested too deeply".into(),
            "a topology needs only a few levels; check the brackets",
            "too deep",
        );
    } else if reason.contains("unclosed") {
        "close it on the same value"
    } else {
        ""
    };
    Described::new(format!("invalid YAML: {reason}"), help, "here")
}

/// A value of the wrong YAML kind: a list where a mapping belongs, and so on.
fn unexpected(expected: &str, found: Option<Found>, top: bool) -> Described {
    let wanted = match expected {
        "sequence start" => "a list",
        "mapping start" => "a mapping",
        "string scalar" | "scalar" => "a single value",
        other => other,
    };
    let same = matches!(
        (wanted, found.as_ref().map(|f| f.kind)),
        ("a list", Some(Kind::List)) | ("a mapping", Some(Kind::Mapping))
    );
    // When the text looks like what was expected, the parser read the YAML
    // around it differently (a missing `:` before it, say), so naming a kind
    // would only confuse.
    let Some(found) = found.filter(|_| !same) else {
        return Described::new(
            format!("wrong type: expected {wanted}"),
            "",
            format!("expected {wanted}"),
        );
    };
    let help = match (wanted, found.kind) {
        (_, Kind::Scalar) if found.text.starts_with("a key longer") => {
            "shorten the key; YAML keys are at most 1024 characters"
        }
        ("a mapping", _) if top => {
            "a topology file is a mapping of top-level keys, such as `vnets:`"
        }
        ("a list", Kind::Empty) => "write `[]` for an empty list, or remove the key",
        ("a list", Kind::Mapping) => "write each entry as an item of a list, starting with `- `",
        ("a list", _) => "write a list: `[item, item]`, or one `- item` a line",
        ("a mapping", Kind::Empty) => "write the entry's keys, or remove the empty item",
        ("a mapping", _) => "write the entry as keys and values, such as `name: value`",
        ("a single value", _) => "write one plain value here",
        _ => "",
    };
    Described::new(
        format!("wrong type: expected {wanted}, found {}", found.text),
        help,
        format!("expected {wanted}"),
    )
}

fn multiple_documents() -> Described {
    Described::new(
        "more than one YAML document in the file".into(),
        "keep one document per file: move the part after `---` into a file of its own",
        "second document",
    )
}

fn budget(breach: &BudgetBreach, budgets: &Budgets) -> Described {
    let (message, help) = match breach {
        BudgetBreach::Documents { .. } => return multiple_documents(),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => (
            format!("more than {} YAML nodes", budgets.max_nodes),
            "split the topology into several files, or raise the limit with --max-nodes",
        ),
        BudgetBreach::Depth { .. } => (
            format!("nesting deeper than {} levels", budgets.max_depth),
            "a topology needs only a few levels; check the brackets and indentation, \
             or raise the limit with --max-depth if the file is genuine",
        ),
        BudgetBreach::Aliases { .. } => (
            format!("more than {} aliases", budgets.max_aliases),
            "write the repeated values out, or raise the limit with --max-aliases \
             if the file is genuine",
        ),
        BudgetBreach::Anchors { .. } => (
            format!("more than {} anchors", budgets.max_aliases),
            "write the repeated values out, or raise the limit with --max-aliases \
             if the file is genuine",
        ),
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => (
            format!(
                "values add up to more than {} bytes",
                budgets.max_file_bytes
            ),
            "split the topology into several files, or raise the limit with --max-file-bytes",
        ),
        other => (
            format!(
                "parse limit exceeded: {}",
                lowercase_first(&format!("{other:?}"))
            ),
            "write the repeated values out, or split the file",
        ),
    };
    Described::new(message, help, "limit passed here")
}

fn type_name(ty: &str) -> &str {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "usize" => "a whole number",
        "bool" => "a boolean (true or false)",
        other => other,
    }
}

/// Removes the " at line N, column M" suffix that the parser appends.
fn strip_position(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    List,
    Mapping,
    Scalar,
}

/// What the file holds at an error's location, in words.
#[derive(Debug)]
struct Found {
    kind: Kind,
    text: String,
}

/// Describes the YAML node that starts at `offset`.
fn found_at(text: &str, offset: usize) -> Found {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    // The parser puts an empty value at its key's colon.
    let mut node = line.strip_prefix(':').unwrap_or(line).trim_start();
    // Anchors and tags come before the node itself.
    while node.starts_with('&') || node.starts_with('!') {
        let end = node.find([' ', '\t']).unwrap_or(node.len());
        node = node[end..].trim_start();
    }
    let found = |kind, text: &str| Found {
        kind,
        text: text.into(),
    };
    let token_end = node
        .find(" #")
        .or_else(|| node.find(['\t']))
        .unwrap_or(node.len());
    let token = node[..token_end].trim_end();
    match node.chars().next() {
        None | Some('#') => found(Kind::Empty, "nothing"),
        Some('{') => found(Kind::Mapping, "a mapping"),
        Some('[') => found(Kind::List, "a list"),
        Some('-') if node.len() == 1 || node[1..].starts_with([' ', '\t']) => {
            found(Kind::List, "a list")
        }
        Some('*') => found(Kind::Scalar, "an alias"),
        Some('|' | '>') => found(Kind::Scalar, "a block of text"),
        Some('"' | '\'') => {
            let quote = &node[..1];
            let inner = &node[1..];
            let value = &inner[..inner.find(quote).unwrap_or(inner.len())];
            found(Kind::Scalar, &format!("`{}`", shown(value)))
        }
        Some(_) => {
            let plain = token.split([',', ']', '}']).next().unwrap_or(token);
            let key = token.find(": ").map_or(token.len(), |i| i);
            if key > 1024 {
                // YAML reads a key longer than this as plain text, not as a key.
                found(Kind::Scalar, "a key longer than 1024 characters")
            } else if token.contains(": ") || token.ends_with(':') {
                found(Kind::Mapping, "a mapping")
            } else if matches!(plain, "null" | "Null" | "NULL" | "~") {
                found(Kind::Empty, "null")
            } else {
                found(Kind::Scalar, &format!("`{}`", shown(plain.trim())))
            }
        }
    }
}

/// The plain value that starts at `offset`, up to a `: `, a comment or the line end.
fn scalar_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let end = [line.find(": "), line.find(" #")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(line.len());
    let value = line[..end].trim();
    let value = value.split([',', ']', '}']).next().unwrap_or(value).trim();
    shown(value.trim_matches(|c| c == '"' || c == '\''))
}

/// Whether `offset` is the first node of the file: only blank lines,
/// comments, directives and `---` come before it.
fn at_top(text: &str, offset: usize) -> bool {
    let Some(before) = text.get(..offset) else {
        return false;
    };
    before.split('\n').all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line.starts_with('%') || line == "---"
    })
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col() {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl LoadError {
    /// Words a parse error of a Terraform plan or ARM template in JSON terms.
    /// The same parser reads both formats, and its messages speak YAML.
    pub fn in_json_terms(mut self) -> Self {
        fn reword(text: &str) -> String {
            text.replace("invalid YAML", "invalid JSON")
                .replace("YAML nodes", "JSON values")
                .replace("YAML keys", "JSON keys")
                .replace("YAML document", "JSON document")
                .replace(
                    "a topology needs only a few levels",
                    "a plan or template needs only a few dozen levels",
                )
                .replace("check the brackets and indentation", "check the brackets")
        }
        self.message = reword(&self.message);
        self.help = self.help.as_deref().map(reword);
        self
    }

    /// Formats the error as one compact line, tagged like a finding:
    /// `file:line:col: error[load-error] message`.
    pub fn compact_line(&self) -> String {
        match self.line_col() {
            Some((line, column)) => {
                format!(
                    "{}:{line}:{column}: error[load-error] {}",
                    self.path, self.message
                )
            }
            None => format!("{}: error[load-error] {}", self.path, self.message),
        }
    }
}

impl std::error::Error for LoadError {}

impl Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("load-error"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        None
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        None
    }
}

impl LoadError {
    /// Builds a miette report that shows the source snippet.
    pub fn to_report(&self) -> miette::Report {
        let excerpt = self.at.as_ref().map(|place| {
            (
                Excerpt::new(&self.path, &place.text, place.offset, place.len),
                place,
            )
        });
        let view = LoadErrorView {
            message: match self.at {
                Some(_) => self.message.clone(),
                None => format!("{}: {}", self.path, self.message),
            },
            help: self.help.clone(),
            label: excerpt
                .as_ref()
                .map(|(e, place)| (place.label.clone(), e.label_offset, e.label_len)),
        };
        let report = miette::Report::new(view);
        match excerpt {
            Some((excerpt, _)) => report.with_source_code(excerpt),
            None => report,
        }
    }
}

/// The lines around an error, each cut to a readable width, with their real
/// line numbers. The report shows these instead of the whole file, so a
/// single very long line (a minified file) renders as a short window.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the excerpt's first line in the file.
    first_line: usize,
    label_offset: usize,
    label_len: usize,
    /// 0-based character column of the label in the file.
    label_column: usize,
}

/// The widest line shown, in characters.
const WIDTH: usize = 90;

impl Excerpt {
    fn new(name: &str, text: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let len = ceil_char_boundary(text, offset + len.min(line_end - offset)) - offset;

        let mut excerpt = String::new();
        let mut first_line = text[..line_start].matches('\n').count();
        if line_start > 0 {
            let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            excerpt.push_str(&cut(&text[prev_start..line_start - 1], 0, WIDTH));
            excerpt.push('\n');
            first_line -= 1;
        }

        let line = &text[line_start..line_end];
        let column = line[..offset - line_start].chars().count();
        let label_chars = text[offset..offset + len].chars().count();
        // Start the window so the label sits a little way in, when the line is long.
        let width = line.chars().count();
        let start = if width <= WIDTH {
            0
        } else {
            column.saturating_sub(WIDTH / 3).min(width - WIDTH)
        };
        let shown_line = cut(line, start, WIDTH);
        let marker = if start > 0 { '…'.len_utf8() } else { 0 };
        let skipped: usize = line.chars().take(start).map(char::len_utf8).sum();
        let label_offset = excerpt.len() + marker + (offset - line_start - skipped);
        let visible = (start + WIDTH).saturating_sub(column).min(label_chars);
        let label_len: usize = text[offset..]
            .chars()
            .take(visible)
            .map(char::len_utf8)
            .sum();
        excerpt.push_str(&shown_line);

        if line_end < text.len() {
            let next_end = text[line_end + 1..]
                .find('\n')
                .map_or(text.len(), |i| line_end + 1 + i);
            if next_end > line_end + 1 {
                excerpt.push('\n');
                excerpt.push_str(&cut(&text[line_end + 1..next_end], 0, WIDTH));
            }
        }

        Excerpt {
            name: name.to_string(),
            text: excerpt,
            first_line,
            label_offset,
            label_len,
            label_column: column,
        }
    }
}

/// Characters `start..start + width` of `line`, with `…` where it was cut.
fn cut(line: &str, start: usize, width: usize) -> String {
    let line = line.trim_end_matches('\r');
    let count = line.chars().count();
    if count <= width && start == 0 {
        return line.to_string();
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(width));
    if start + width < count {
        out.push('…');
    }
    out
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let column = if span.offset() == self.label_offset && before == 0 {
            self.label_column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// The parts of a [`LoadError`] that the graphical report shows.
#[derive(Debug)]
struct LoadErrorView {
    message: String,
    help: Option<String>,
    label: Option<(String, usize, usize)>,
}

impl fmt::Display for LoadErrorView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadErrorView {}

impl Diagnostic for LoadErrorView {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("load-error"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (text, offset, len) = self.label.as_ref()?;
        let span = LabeledSpan::new(Some(text.clone()).filter(|t| !t.is_empty()), *offset, *len);
        Some(Box::new(std::iter::once(span)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_describes_the_node() {
        assert_eq!(found_at("a: null\n", 3).text, "null");
        assert_eq!(found_at("a:\n", 1).kind, Kind::Empty);
        assert_eq!(found_at("a: [1]\n", 3).kind, Kind::List);
        assert_eq!(found_at("a: {b: 1}\n", 3).kind, Kind::Mapping);
        assert_eq!(found_at("a:\n  b: 1\n", 5).kind, Kind::Mapping);
        assert_eq!(found_at("a: 5 # five\n", 3).text, "`5`");
        assert_eq!(found_at("a: 'x y'\n", 3).text, "`x y`");
        assert_eq!(found_at("- &x [1]\n", 2).kind, Kind::List);
    }

    #[test]
    fn shown_escapes_and_cuts() {
        assert_eq!(shown("a\nb"), "a\\nb");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
    }

    #[test]
    fn excerpt_cuts_a_long_line_around_the_label() {
        let text = format!("a: 1\nb: [{}, bad]\nc: 2\n", "x".repeat(1000));
        let offset = text.find("bad").unwrap_or(0);
        let excerpt = Excerpt::new("f.yaml", &text, offset, 3);
        let at = &excerpt.text[excerpt.label_offset..excerpt.label_offset + excerpt.label_len];
        assert_eq!(at, "bad");
        assert_eq!(excerpt.first_line, 0);
        assert!(excerpt.text.lines().all(|l| l.chars().count() <= WIDTH + 2));
        assert_eq!(excerpt.label_column, 1006);
    }

    #[test]
    fn excerpt_keeps_short_lines() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let excerpt = Excerpt::new("f.yaml", text, 10, 1);
        assert_eq!(excerpt.text, "b: 2\nc: 3\nd: 4");
        assert_eq!(excerpt.first_line, 1);
        assert_eq!(&excerpt.text[excerpt.label_offset..][..1], "c");
    }

    #[test]
    fn io_reason_drops_the_error_number() {
        let error = std::io::Error::from_raw_os_error(40);
        assert_eq!(io_reason(&error), "too many levels of symbolic links");
    }
}
