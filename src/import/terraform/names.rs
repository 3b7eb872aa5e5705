//! The model name of a referenced resource: `VNET/SUBNET` for a subnet,
//! `RESOURCE_GROUP/ZONE` for a zone whose name another zone shares, and the
//! Azure name for the rest.

use std::collections::HashMap;

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::Sp;
use crate::source::Loc;

use super::fields::{attribute_text, Cx};
use super::ids;
use super::links::Link;
use super::plan::{Plan, Res};

/// The form of a target's name in the topology format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// The Azure name, such as a storage account's.
    Plain,
    /// `VNET/SUBNET`.
    Subnet,
    /// A private DNS zone, prefixed with its resource group when the name is shared.
    Zone,
}

/// The model field that a reference fills: resource kind, owner name and field.
pub type Owner<'o> = (Kind, &'o str, &'o str);

/// Returns the zone names that more than one zone of the plan has, lowercased.
pub fn shared_zone_names(plan: &Plan) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for zone in plan.of_kind("azurerm_private_dns_zone") {
        if let Some(name) = zone.known("name").and_then(Node::as_str) {
            *counts.entry(name.to_lowercase()).or_insert(0) += 1;
        }
    }
    counts.retain(|_, n| *n > 1);
    counts
}

fn known<'a>(res: &Res<'a>, key: &str) -> Option<&'a str> {
    res.known(key).and_then(Node::as_str)
}

/// Returns the model name of a plan resource, or nothing when apply decides it.
pub fn name_of(cx: &Cx, res: &Res, naming: Naming) -> Option<String> {
    let name = known(res, "name")?;
    match naming {
        Naming::Plain => Some(name.to_string()),
        Naming::Subnet => {
            let vnet = known(res, "virtual_network_name")?;
            Some(format!("{vnet}/{name}"))
        }
        Naming::Zone => Some(zone_name(cx, name, known(res, "resource_group_name"))),
    }
}

/// Returns `ZONE`, or `RESOURCE_GROUP/ZONE` when several zones of the plan have that name.
pub fn zone_name(cx: &Cx, name: &str, group: Option<&str>) -> String {
    match group {
        Some(group) if cx.shared_zones.contains_key(&name.to_lowercase()) => {
            format!("{group}/{name}")
        }
        _ => name.to_string(),
    }
}

/// Reads the model name from an Azure resource id, for resources the plan
/// does not hold. An id of the wrong form gives what it should have been.
pub fn name_from_id(cx: &Cx, id: &str, naming: Naming) -> Result<String, &'static str> {
    let parsed = ids::parse(id).ok_or("the id of an Azure resource")?;
    match naming {
        Naming::Plain => Ok(parsed.name().to_string()),
        Naming::Subnet => parsed.subnet().ok_or("the id of a subnet"),
        Naming::Zone => Ok(zone_name(cx, parsed.name(), parsed.group)),
    }
}

impl<'p, 'a> Cx<'p, 'a> {
    /// Turns what a reference attribute links to into a model name.
    pub fn name_link(
        &mut self,
        link: Link<'p, 'a>,
        res: &Res,
        path: &str,
        naming: Naming,
        (kind, owner, field): Owner,
    ) -> Sp<String> {
        let text = attribute_text(res.address, path);
        match link {
            Link::Res(target, loc) if target.unread() => {
                self.unread_data(target, loc, (kind, owner, field))
            }
            Link::Res(target, loc) => match name_of(self, target, naming) {
                Some(name) => Sp::new(name, loc),
                None => self.unknown(kind, owner, field, &text, loc),
            },
            Link::Id(id) => match name_from_id(self, &id.value, naming) {
                Ok(name) => Sp::new(name, id.loc),
                Err(problem) => {
                    self.bad_id(&id, problem);
                    id
                }
            },
            Link::Unknown(loc) => self.unknown(kind, owner, field, &text, loc),
            Link::Missing(reference) => {
                let reason = format!(
                    "`{}` references `{}`, which the plan does not contain",
                    text, reference.value
                );
                let text = Sp::new(reference.value.as_str(), reference.loc);
                self.unknown_because(text, (kind, owner, field), reason)
            }
        }
    }

    /// Returns the symbol for a data source that Terraform reads only at
    /// apply. The model does not contain what it names, so every reference to
    /// it gets the same symbol, `ADDRESS.id`.
    pub fn unread_data(&mut self, target: &Res, loc: Loc, owner: Owner) -> Sp<String> {
        let text = format!("{}.id", target.address);
        let reason = format!(
            "data source `{}` is read only at apply, so vnetlint cannot tell what it names",
            target.address
        );
        self.unknown_because(Sp::new(&text, loc), owner, reason)
    }

    /// Reads a reference attribute, such as `subnet_id`, as the model name of its target.
    pub fn reference(
        &mut self,
        res: &Res,
        path: &str,
        naming: Naming,
        owner: Owner,
    ) -> Option<Sp<String>> {
        let link = self.link(res, path)?;
        Some(self.name_link(link, res, path, naming, owner))
    }

    /// Reads a list of references, such as `private_dns_zone_ids`.
    pub fn reference_list(
        &mut self,
        res: &Res,
        path: &str,
        naming: Naming,
        owner: Owner,
    ) -> Vec<Sp<String>> {
        let links = self.links(res, path);
        links
            .into_iter()
            .map(|link| self.name_link(link, res, path, naming, owner))
            .collect()
    }

    /// Returns the plan resource a reference attribute points at, if the plan holds it.
    pub fn target(&self, res: &Res, path: &str) -> Option<&'p Res<'a>> {
        match self.link(res, path)? {
            Link::Res(target, _) => Some(target),
            _ => None,
        }
    }
}
