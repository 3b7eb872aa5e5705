//! Reading one attribute of a resource into a model value: known, unknown
//! until apply, or left to Azure's default.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::unknown::symbol;
use crate::model::{File, Sp, Unknown};
use crate::source::Loc;

use super::plan::{Plan, Res, Val};

type S = Sp<String>;

/// The state of an import: the plan, and the design built from it so far.
pub struct Cx<'p, 'a> {
    pub plan: &'p Plan<'a>,
    /// Zone names that several zones of the plan share, lowercased.
    pub shared_zones: std::collections::HashMap<String, usize>,
    pub file: File,
    pub unknowns: Vec<Unknown>,
}

/// The target of a reference attribute.
pub enum Link<'p, 'a> {
    /// A resource of the plan, and where the value or reference that names it is.
    Res(&'p Res<'a>, Loc),
    /// A known Azure id of a resource that the plan does not hold.
    Id(Sp<String>),
    /// Known only after apply, through no reference that names a resource.
    Unknown(Loc),
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
        match res.known("name").and_then(Node::spanned_str) {
            Some(name) => name,
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
            Val::Known(node) => node.spanned_str(),
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
            if let Some(value) = node.spanned_str() {
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
                let mut out = Vec::new();
                for (i, item) in list.items().iter().enumerate() {
                    let item_path = format!("{path}.{i}");
                    match item.spanned_str() {
                        Some(value) => out.push(value),
                        None => out.extend(self.string(res, &item_path, kind, owner, field)),
                    }
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
            Val::Known(node) => node.as_bool().map(|b| Sp::new(b, node.loc)),
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
                let n = node.as_f64()?;
                (n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX))
                    .then(|| Sp::new(n as u32, node.loc))
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
                let text = node.as_str()?;
                let parsed = parse(text);
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

    /// Follows a reference attribute, such as `subnet_id`: a known id is matched to
    /// the plan resource that has it, and an unknown one is followed through the
    /// configuration's references.
    pub fn link(&self, res: &Res, path: &str) -> Option<Link<'p, 'a>> {
        match res.value(path) {
            Val::Known(node) => Some(self.link_id(node)),
            Val::Unknown => Some(self.link_unknown(res, path)),
            Val::Absent if res.configured(path) => Some(self.link_unknown(res, path)),
            Val::Absent => None,
        }
    }

    fn link_id(&self, node: &Node) -> Link<'p, 'a> {
        match node.as_str().and_then(|id| self.plan.by_id(id)) {
            Some(target) => Link::Res(target, node.loc),
            None => Link::Id(
                node.spanned_str()
                    .unwrap_or_else(|| Sp::new(String::new(), node.loc)),
            ),
        }
    }

    fn link_unknown(&self, res: &Res, path: &str) -> Link<'p, 'a> {
        let targets = self.plan.targets(res, path);
        match targets.as_slice() {
            [only] => Link::Res(only.res, only.loc),
            _ => Link::Unknown(self.loc_of(res, path)),
        }
    }

    /// Follows a list of references, such as `private_dns_zone_ids`.
    pub fn links(&self, res: &Res, path: &str) -> Vec<Link<'p, 'a>> {
        let mut out = Vec::new();
        let mut unknown = 0;
        match res.value(path) {
            Val::Known(list) => {
                for item in list.items() {
                    match item.as_str() {
                        Some(_) => out.push(self.link_id(item)),
                        None => unknown += 1,
                    }
                }
            }
            Val::Unknown if res.configured(path) => unknown = 1,
            Val::Unknown | Val::Absent => {}
        }
        if unknown == 0 {
            return out;
        }
        let targets = self.plan.targets(res, path);
        if targets.is_empty() {
            let loc = self.loc_of(res, path);
            out.extend((0..unknown).map(|_| Link::Unknown(loc)));
        }
        for target in targets {
            let known = out
                .iter()
                .any(|l| matches!(l, Link::Res(r, _) if r.address == target.res.address));
            if !known {
                out.push(Link::Res(target.res, target.loc));
            }
        }
        out
    }
}
