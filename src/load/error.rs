//! Errors that stop loading: one message, one location, one fix.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use serde_saphyr::Error as YamlError;

use crate::source::{offset_of, FileId, Loc};
use crate::suggest::nearest;

/// A file that could not be read as a topology. The run stops with exit status 2.
#[derive(Debug)]
pub struct LoadError {
    pub path: String,
    pub message: String,
    pub help: Option<String>,
    /// Source text and byte range, when the error has a place in the file.
    pub at: Option<(Arc<str>, usize, usize)>,
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
            label: String::new(),
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
        LoadError {
            path: path.display().to_string(),
            label: label_for(&message),
            message,
            help: Some(help).filter(|h| !h.is_empty()),
            at: Some((Arc::from(text), loc.offset, loc.len)),
        }
    }

    /// Line and column of the error, 1-based, when it has a place.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (text, offset, _) = self.at.as_ref()?;
        Some(crate::source::line_col(text, *offset))
    }

    pub fn from_yaml(path: &Path, text: &str, file: FileId, error: &YamlError) -> Self {
        let (message, help, location) = describe(error);
        let Some(location) = location else {
            return Self::plain(path, message, help);
        };
        let span = location.span();
        let offset = match span.byte_offset() {
            Some(o) if (o as usize) <= text.len() => o as usize,
            _ => offset_of(text, location.line() as usize, location.column() as usize),
        };
        let len = match span.byte_len() {
            Some(l) if offset + l as usize <= text.len() => l as usize,
            _ => 0,
        };
        let (offset, len) = match rejected_value(error) {
            Some(value) => value_after_key(text, offset, value).unwrap_or((offset, len)),
            None => (offset, len),
        };
        let loc = Loc { file, offset, len };
        Self::at(path, text, loc, message, help)
    }
}

/// Returns the rejected value of an invalid-value error.
fn rejected_value(error: &YamlError) -> Option<&str> {
    match error {
        YamlError::WithSnippet { error, .. } => rejected_value(error),
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
    if !inner.starts_with(value) {
        return None;
    }
    let len = value.len() + if quoted { 2 } else { 0 };
    Some((offset + colon + 1 + start, len))
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

fn label_for(message: &str) -> String {
    let first = message.split(':').next().unwrap_or(message);
    first.to_string()
}

/// Turns a parser error into a message, a fix and a location.
fn describe(error: &YamlError) -> (String, String, Option<serde_saphyr::Location>) {
    match error {
        YamlError::WithSnippet { error, .. } => describe(error),
        YamlError::AliasError {
            error, locations, ..
        } => {
            let (message, help, location) = describe(error);
            (message, help, location.or(locations.primary_location()))
        }
        YamlError::SerdeUnknownField {
            field,
            expected,
            location,
        } => {
            let help = match nearest(field, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("valid keys here: {}", expected.join(", ")),
            };
            (format!("unknown key `{field}`"), help, Some(*location))
        }
        YamlError::SerdeUnknownVariant {
            variant,
            expected,
            location,
        } => {
            let list = expected.join(", ");
            let help = match nearest(variant, expected.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? Valid values: {list}"),
                None => format!("valid values: {list}"),
            };
            (format!("invalid value `{variant}`"), help, Some(*location))
        }
        YamlError::SerdeMissingField { field, location } => (
            format!("missing required key `{field}`"),
            format!("add `{field}:` to this entry"),
            Some(*location),
        ),
        YamlError::DuplicateMappingKey { key, location } => {
            let key = key.as_deref().unwrap_or("?");
            (
                format!("duplicate key `{key}`"),
                "remove one of the two entries; YAML keys must be unique".into(),
                Some(*location),
            )
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            location,
        } => (
            format!("wrong type: expected {expected}, found {unexpected}"),
            String::new(),
            Some(*location),
        ),
        YamlError::InvalidScalar { ty, location } => (
            format!("wrong type: expected {}", type_name(ty)),
            String::new(),
            Some(*location),
        ),
        YamlError::Unexpected { expected, location } => (
            format!("wrong type: expected {expected}"),
            String::new(),
            Some(*location),
        ),
        YamlError::NullIntoString { location } => (
            "missing value: expected a string".into(),
            "write a value after the colon, or remove the key".into(),
            Some(*location),
        ),
        YamlError::Budget { breach, location } => (
            format!("parse budget exceeded: {breach:?}"),
            "the file is too large or too deeply nested, or expands too many aliases; \
             raise the limit with --max-nodes, --max-depth or --max-aliases if it is genuine"
                .into(),
            Some(*location),
        ),
        YamlError::AliasReplayLimitExceeded { location, .. }
        | YamlError::AliasExpansionLimitExceeded { location, .. }
        | YamlError::AliasReplayStackDepthExceeded { location, .. } => (
            "parse budget exceeded: aliases expand to too many nodes".into(),
            "write the repeated values out, or raise --max-nodes if the file is genuine".into(),
            Some(*location),
        ),
        YamlError::InvalidUtf8Input => (
            "invalid UTF-8".into(),
            "save the file as UTF-8".into(),
            None,
        ),
        YamlError::IOError { cause } => (format!("cannot read: {cause}"), String::new(), None),
        other => {
            let text = strip_position(&other.to_string());
            (
                format!("invalid YAML: {text}"),
                String::new(),
                other.location(),
            )
        }
    }
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

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col() {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
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
        let view = LoadErrorView {
            message: match self.at {
                Some(_) => self.message.clone(),
                None => format!("{}: {}", self.path, self.message),
            },
            help: self.help.clone(),
            label: self
                .at
                .as_ref()
                .map(|(_, offset, len)| (self.label.clone(), *offset, *len)),
        };
        let report = miette::Report::new(view);
        match &self.at {
            Some((text, _, _)) => {
                report.with_source_code(NamedSource::new(&self.path, text.to_string()))
            }
            None => report,
        }
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
        let span = LabeledSpan::new(Some(text.clone()), *offset, *len);
        Some(Box::new(std::iter::once(span)))
    }
}
