//! Reference attributes, such as `subnet_id`: what they link to. A known id
//! is matched to the plan resource that has it; an unknown one is followed
//! through the configuration's references.

use crate::import::tree::Node;
use crate::model::Sp;
use crate::source::Loc;

use super::fields::Cx;
use super::plan::{Res, Val};
use super::refs::leaves;

/// The target of a reference attribute.
pub enum Link<'p, 'a> {
    /// A resource of the plan, and where the value or reference that names it is.
    Res(&'p Res<'a>, Loc),
    /// A known Azure id of a resource that the plan does not hold.
    Id(Sp<String>),
    /// Known only after apply, through no reference that names a resource.
    Unknown(Loc),
    /// A configuration reference, such as `azurerm_subnet.pe.id`, to a
    /// resource that the plan does not hold.
    Missing(Sp<String>),
}

const ID_HELP: &str = "a reference attribute holds the string id of an Azure resource, \
                       such as `/subscriptions/ID/resourceGroups/GROUP/providers/...`";

impl<'p, 'a> Cx<'p, 'a> {
    /// Follows a reference attribute, such as `subnet_id`.
    pub fn link(&self, res: &Res, path: &str) -> Option<Link<'p, 'a>> {
        match res.value(path) {
            Val::Known(node) => self.link_id(res, path, node),
            Val::Unknown => Some(self.link_unknown(res, path)),
            Val::Absent if res.configured(path) => Some(self.link_unknown(res, path)),
            Val::Absent => None,
        }
    }

    /// Links a known id; a value that is not a string is malformed.
    fn link_id(&self, res: &Res, path: &str, node: &Node) -> Option<Link<'p, 'a>> {
        let Some(id) = node.spanned_str() else {
            self.wrong_type(res, path, node, "a string");
            return None;
        };
        Some(match self.plan.by_id(&id.value) {
            Some(target) => Link::Res(target, node.loc),
            None => Link::Id(id),
        })
    }

    fn link_unknown(&self, res: &Res, path: &str) -> Link<'p, 'a> {
        let targets = self.plan.targets(res, path);
        match targets.as_slice() {
            [only] => Link::Res(only.res, only.loc),
            [] => match missing(res, path) {
                Some(reference) => Link::Missing(reference),
                None => Link::Unknown(self.loc_of(res, path)),
            },
            _ => Link::Unknown(self.loc_of(res, path)),
        }
    }

    /// Follows a list of references, such as `private_dns_zone_ids`.
    pub fn links(&self, res: &Res, path: &str) -> Vec<Link<'p, 'a>> {
        let mut out = Vec::new();
        let mut unknown = 0;
        match res.value(path) {
            Val::Known(list) => {
                if list.as_str().is_some() || !list.members().is_empty() {
                    self.wrong_type(res, path, list, "a list");
                }
                for (i, item) in list.items().iter().enumerate() {
                    if item.is_null() {
                        unknown += 1;
                    } else {
                        out.extend(self.link_id(res, &format!("{path}.{i}"), item));
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

    /// Records an id that is not the id of an Azure resource of the kind a
    /// reference needs.
    pub fn bad_id(&self, id: &Sp<String>, problem: &str) {
        let message = format!("`{}` is not {problem}", id.value);
        self.malformed(id.loc, message, ID_HELP);
    }
}

/// Returns the first reference of the expression at `path` that names a
/// resource or data source, for an expression that resolves to none.
fn missing(res: &Res, path: &str) -> Option<Sp<String>> {
    let references = res.expression(path)?.get("references")?.items();
    leaves(references)
        .into_iter()
        .find(|(reference, _)| names_resource(reference))
        .map(|(reference, loc)| Sp::new(reference.to_string(), loc))
}

/// Returns true for a reference to a resource or data source, and false for
/// one to an input, a local value, a module output or a meta-argument.
fn names_resource(reference: &str) -> bool {
    let first = reference.split(['.', '[']).next().unwrap_or_default();
    !matches!(
        first,
        "var" | "local" | "each" | "count" | "path" | "self" | "terraform" | "module"
    )
}
