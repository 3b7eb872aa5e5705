//! Values of the template language, with the place each one was read from.
//!
//! A value that deployment decides, such as `reference(...)` or
//! `subscription().subscriptionId`, is [`Value::Unknown`] and carries a
//! rendering of the expression that makes it. Inside a string, such a value is
//! kept as an embedded piece between [`OPEN`] and [`CLOSE`], so that
//! `concat('vnet-', uniqueString(...))` stays one string whose known part can
//! still be split on `/` or compared, and whose unknown part is never guessed.

use crate::import::tree::{Node, Value as JsonValue};
use crate::source::Loc;

/// Starts an unknown piece inside a string.
pub const OPEN: char = '\u{2}';
/// Ends an unknown piece inside a string.
pub const CLOSE: char = '\u{3}';

/// A value and the JSON node that sets it.
#[derive(Clone, Debug, PartialEq)]
pub struct Val {
    pub value: Value,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// A string, possibly with unknown pieces (see [`pieces`]).
    Str(String),
    Array(Vec<Val>),
    /// Members in document order. ARM matches keys without regard to case.
    Object(Vec<(String, Val)>),
    /// A value of any type that deployment decides, as an expression rendering.
    Unknown(String),
}

impl Val {
    pub fn new(value: Value, loc: Loc) -> Self {
        Val { value, loc }
    }

    /// Returns the member `key`, matched without regard to case as ARM does.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of object keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Val> {
        keys.iter().try_fold(self, |val, key| val.get(key))
    }

    pub fn items(&self) -> &[Val] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    pub fn members(&self) -> &[(String, Val)] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.value, Value::Unknown(_))
    }
}

impl Value {
    /// Returns true when any part of the value is unknown.
    pub fn has_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::Str(s) => s.contains(OPEN),
            Value::Array(items) => items.iter().any(|v| v.value.has_unknown()),
            Value::Object(members) => members.iter().any(|(_, v)| v.value.has_unknown()),
            _ => false,
        }
    }

    /// Returns the ARM type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Unknown(_) => "unknown",
        }
    }
}

/// One part of a string that may hold unknown pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Known(&'a str),
    /// The rendering of an unknown value.
    Unknown(&'a str),
}

/// Splits a string into its known and unknown pieces, in order.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            out.push(Piece::Known(&rest[..start]));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let end = after.find(CLOSE).unwrap_or(after.len());
        out.push(Piece::Unknown(&after[..end]));
        rest = after.get(end + CLOSE.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(Piece::Known(rest));
    }
    out
}

/// Returns a string piece that stands for an unknown value.
pub fn embed(rendering: &str) -> String {
    format!("{OPEN}{rendering}{CLOSE}")
}

/// Converts a parsed JSON node into a value, without evaluating expressions.
pub fn from_node(node: &Node) -> Val {
    let value = match &node.value {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(b) => Value::Bool(*b),
        JsonValue::Number(n) => Value::Int(*n as i64),
        JsonValue::String(s) => Value::Str(s.clone()),
        JsonValue::Array(items) => Value::Array(items.iter().map(from_node).collect()),
        JsonValue::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.value.clone(), from_node(v)))
                .collect(),
        ),
    };
    Val::new(value, node.loc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_known_and_unknown() {
        let text = format!(
            "/subscriptions/{}/rg",
            embed("subscription().subscriptionId")
        );
        assert_eq!(
            pieces(&text),
            [
                Piece::Known("/subscriptions/"),
                Piece::Unknown("subscription().subscriptionId"),
                Piece::Known("/rg"),
            ]
        );
    }
}
