//! Reading one attribute of a resource into a model value: known, unknown
//! until apply, or left to Azure's default.

use crate::import::tree::{Node, Value};
use crate::load::LoadError;
use crate::model::index::Kind;
use crate::model::unknown::symbol;
use crate::model::{File, Sp, Unknown};
use crate::source::Loc;

use super::plan::{Plan, Res, Val};
use super::read::{Errors, HELP};

type S = Sp<String>;

/// The state of an import: the plan, and the design built from it so far.
pub struct Cx<'p, 'a> {
    pub plan: &'p Plan<'a>,
    /// Zone names that several zones of the plan share, lowercased.
    pub shared_zones: std::collections::HashMap<String, usize>,
    pub file: File,
    pub unknowns: Vec<Unknown>,
    pub errors: &'p Errors<'p>,
    /// The first malformed value met; the import fails with it.
    pub error: std::cell::RefCell<Option<LoadError>>,
}

/// Names the JSON type of a value, for messages.
pub fn type_words(node: &Node) -> &'static str {
    match node.value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Writes an attribute path the way Terraform does: `ip_configuration[0].subnet_id`.
pub fn attribute_text(address: &str, path: &str) -> String {
    let mut text = address.to_string();
    for part in path.split('.') {
        match part.parse::<usize>() {
            Ok(i) => text.push_str(&format!("[{i}]")),
            Err(_) => {
                text.push('.');
                text.push_str(part);
            }
        }
    }
    text
}

impl<'p, 'a> Cx<'p, 'a> {
    /// Records a malformed value; the import fails with the first one.
    pub fn malformed(&self, loc: Loc, message: String, help: &str) {
        let mut error = self.error.borrow_mut();
        if error.is_none() {
            *error = Some(self.errors.at_loc(loc, &message, help));
        }
    }

    /// Records a value of the wrong JSON type at `path` of `res`.
    pub fn wrong_type(&self, res: &Res, path: &str, node: &Node, expected: &str) {
        let message = format!(
            "`{}` is {}, not {expected}",
            attribute_text(res.address, path),
            type_words(node)
        );
        self.malformed(node.loc, message, HELP);
    }

    /// Returns the string of a known value, or records a type error.
    fn text_of(&self, res: &Res, path: &str, node: &Node) -> Option<S> {
        let text = node.spanned_str();
        if text.is_none() {
            self.wrong_type(res, path, node, "a string");
        }
        text
    }

    /// Records an unknown value and returns its symbol.
    pub fn unknown(&mut self, kind: Kind, owner: &str, field: &str, text: &str, loc: Loc) -> S {
        let reason = format!("`{text}` is known only after apply");
        self.unknown_because(Sp::new(text, loc), (kind, owner, field), reason)
    }

    /// Records an unknown value, named `text`, with the reason it is unknown.
    pub fn unknown_because(
        &mut self,
        text: Sp<&str>,
        (kind, owner, field): (Kind, &str, &str),
        reason: String,
    ) -> S {
        self.unknowns.push(Unknown {
            kind,
            resource: owner.to_string(),
            field: field.to_string(),
            loc: text.loc,
            reason,
        });
        Sp::new(symbol(text.value), text.loc)
    }

    /// Records an unknown bool or enum value, which the model leaves unset.
    pub fn unknown_flag(&mut self, res: &Res, path: &str, kind: Kind, owner: &str, field: &str) {
        let loc = self.loc_of(res, path);
        self.unknown(kind, owner, field, &attribute_text(res.address, path), loc);
    }

    /// Returns where the configuration sets `path`, or the resource's address.
    pub fn loc_of(&self, res: &Res, path: &str) -> Loc {
        res.expression(path).map_or(res.address_loc, |e| e.loc)
    }

    /// Returns the resource's Azure name, or a symbol when apply decides it.
    pub fn name(&mut self, res: &Res, kind: Kind) -> S {
        let known = res.known("name");
        match known.and_then(|node| self.text_of(res, "name", node)) {
            Some(name) => name,
            None if known.is_some() => Sp::new(String::new(), res.address_loc),
            None => {
                let loc = self.loc_of(res, "name");
                let text = attribute_text(res.address, "name");
                self.unknown(kind, res.address, "name", &text, loc)
            }
        }
    }

    /// Reads an optional string. An unknown value the user configured becomes a
    /// symbol; one the configuration leaves out is Azure's default, so `None`.
    pub fn string(
        &mut self,
        res: &Res,
        path: &str,
        kind: Kind,
        owner: &str,
        field: &str,
    ) -> Option<S> {
        match res.value(path) {
            Val::Known(node) => self.text_of(res, path, node),
            Val::Unknown if res.configured(path) => {
                let loc = self.loc_of(res, path);
                Some(self.unknown(kind, owner, field, &attribute_text(res.address, path), loc))
            }
            _ => None,
        }
    }

    /// Reads a string the model requires: anything but a known value is a symbol.
    pub fn required(&mut self, res: &Res, path: &str, kind: Kind, owner: &str, field: &str) -> S {
        if let Some(node) = res.known(path) {
            if let Some(value) = self.text_of(res, path, node) {
                return value;
            }
        }
        let loc = self.loc_of(res, path);
        self.unknown(kind, owner, field, &attribute_text(res.address, path), loc)
    }

    /// Reads a list of strings. Unknown elements the configuration sets become symbols.
    pub fn strings(
        &mut self,
        res: &Res,
        path: &str,
        kind: Kind,
        owner: &str,
        field: &str,
    ) -> Vec<S> {
        match res.value(path) {
            Val::Known(list) => {
                if !matches!(list.value, Value::Array(_)) {
                    self.wrong_type(res, path, list, "a list");
                }
                let mut out = Vec::new();
                for i in 0..list.items().len() {
                    let item_path = format!("{path}.{i}");
                    out.extend(self.string(res, &item_path, kind, owner, field));
                }
                out
            }
            Val::Unknown if res.configured(path) => {
                let loc = self.loc_of(res, path);
                vec![self.unknown(kind, owner, field, &attribute_text(res.address, path), loc)]
            }
            _ => Vec::new(),
        }
    }

    /// Reads a bool. An unknown value the user configured is recorded and left unset.
    pub fn boolean(
        &mut self,
        res: &Res,
        path: &str,
        kind: Kind,
        owner: &str,
        field: &str,
    ) -> Option<Sp<bool>> {
        match res.value(path) {
            Val::Known(node) => {
                let flag = node.as_bool().map(|b| Sp::new(b, node.loc));
                if flag.is_none() {
                    self.wrong_type(res, path, node, "a bool");
                }
                flag
            }
            Val::Unknown if res.configured(path) => {
                self.unknown_flag(res, path, kind, owner, field);
                None
            }
            _ => None,
        }
    }

    /// Reads a count, such as a node count.
    pub fn count(
        &mut self,
        res: &Res,
        path: &str,
        kind: Kind,
        owner: &str,
        field: &str,
    ) -> Option<Sp<u32>> {
        match res.value(path) {
            Val::Known(node) => {
                let n = node.as_f64().unwrap_or(-1.0);
                let count = (n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX))
                    .then(|| Sp::new(n as u32, node.loc));
                if count.is_none() {
                    self.wrong_type(res, path, node, "a count");
                }
                count
            }
            Val::Unknown if res.configured(path) => {
                self.unknown_flag(res, path, kind, owner, field);
                None
            }
            _ => None,
        }
    }

    /// Reads an enumerated value with the model's parser; an unrecognized one is left unset.
    pub fn choice<T>(
        &mut self,
        res: &Res,
        path: &str,
        parse: fn(&str) -> Option<T>,
        (kind, owner, field): (Kind, &str, &str),
    ) -> Option<Sp<T>> {
        match res.value(path) {
            Val::Known(node) => {
                let text = self.text_of(res, path, node)?.value;
                let parsed = parse(&text);
                if parsed.is_none() {
                    tracing::debug!(address = res.address, path, text, "value not in the model");
                }
                parsed.map(|v| Sp::new(v, node.loc))
            }
            Val::Unknown if res.configured(path) => {
                self.unknown_flag(res, path, kind, owner, field);
                None
            }
            _ => None,
        }
    }
}
