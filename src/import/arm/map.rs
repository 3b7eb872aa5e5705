//! Shared steps of mapping evaluated resources into the topology model:
//! text and flags that may be unknown, enums, references by resource id.

use std::collections::HashMap;

use super::eval::{EvalError, Result};
use super::ids;
use super::render::{display, display_str, model_text, render};
use super::template::Resource;
use super::value::{Val, Value, OPEN};
use crate::model::index::Kind;
use crate::model::unknown::{self, Unknown};
use crate::model::{File, Sp};

/// The model being built, and the resources it is built from.
pub struct Mapper<'r> {
    pub resources: &'r [Resource],
    pub file: File,
    pub unknowns: Vec<Unknown>,
    /// Positions in `resources` by lowercase type, so that mapping one type
    /// does not scan the others.
    by_type: HashMap<String, Vec<usize>>,
    /// Positions by lowercase type and full name, for lookups by id.
    by_name: HashMap<(String, String), Vec<usize>>,
    /// Positions by lowercase type and parent name (the full name without its
    /// last segment), for the children of one parent.
    by_parent: HashMap<(String, String), Vec<usize>>,
}

/// The model resource that a value belongs to, for [`Unknown`] entries.
#[derive(Clone, Copy)]
pub struct Owner<'a> {
    pub kind: Kind,
    pub name: &'a str,
}

/// Returns the segments of a full name, split on `/` only in known text.
fn segments(name: &str) -> Vec<String> {
    super::functions::split_known(name, &["/"])
        .into_iter()
        .map(|s| s.to_lowercase())
        .collect()
}

impl<'r> Mapper<'r> {
    /// Indexes the resources by type, full name and parent.
    pub fn new(resources: &'r [Resource]) -> Self {
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
        let mut by_parent: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, resource) in resources.iter().enumerate() {
            let kind = resource.resource_type.to_ascii_lowercase();
            let names = segments(resource.name_text());
            by_type.entry(kind.clone()).or_default().push(i);
            by_name
                .entry((kind.clone(), names.join("/")))
                .or_default()
                .push(i);
            if let Some((_, parent)) = names.split_last() {
                by_parent
                    .entry((kind, parent.join("/")))
                    .or_default()
                    .push(i);
            }
        }
        Mapper {
            resources,
            file: File::default(),
            unknowns: Vec::new(),
            by_type,
            by_name,
            by_parent,
        }
    }

    fn at(&self, positions: Option<&Vec<usize>>) -> impl Iterator<Item = &'r Resource> + 'r {
        let resources = self.resources;
        positions
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(move |i| &resources[i])
    }

    /// Returns the resources of one type, matched without regard to case.
    pub fn of_type(&self, resource_type: &'r str) -> impl Iterator<Item = &'r Resource> + 'r {
        self.at(self.by_type.get(&resource_type.to_ascii_lowercase()))
    }

    /// Returns the child resources of `parent`, of the given full type.
    pub fn children(&self, resource_type: &'r str, parent: &str) -> Vec<&'r Resource> {
        let key = (
            resource_type.to_ascii_lowercase(),
            segments(parent).join("/"),
        );
        self.at(self.by_parent.get(&key)).collect()
    }

    /// Finds a resource by its type and full name.
    pub fn find(&self, resource_type: &'r str, name: &str) -> Option<&'r Resource> {
        let key = (resource_type.to_ascii_lowercase(), segments(name).join("/"));
        self.at(self.by_name.get(&key)).next()
    }

    /// Records an unknown value.
    pub fn unknown(&mut self, owner: Owner, field: &str, value: &Val, reason: String) {
        self.unknowns.push(Unknown {
            kind: owner.kind,
            resource: owner.name.to_string(),
            field: field.to_string(),
            loc: value.loc,
            reason,
        });
    }

    /// Returns a string value in model form, recording it when unknown.
    pub fn text(&mut self, owner: Owner, field: &str, value: &Val) -> Sp<String> {
        let text = match &value.value {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            other => super::value::embed(&render(other)),
        };
        if text.contains(OPEN) {
            let reason = reason(&display_str(&text));
            self.unknown(owner, field, value, reason);
        }
        Sp::new(model_text(&text), value.loc)
    }

    /// Returns an optional string; null and absent are unset.
    pub fn opt_text(
        &mut self,
        owner: Owner,
        field: &str,
        value: Option<&Val>,
    ) -> Option<Sp<String>> {
        let value = value.filter(|v| !v.is_null())?;
        Some(self.text(owner, field, value))
    }

    /// Returns each element of an array of strings; an unknown array is recorded and empty.
    pub fn texts(&mut self, owner: Owner, field: &str, value: Option<&Val>) -> Vec<Sp<String>> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Vec::new();
        };
        if let Value::Unknown(r) = &value.value {
            self.unknown(owner, field, value, reason(r));
            return Vec::new();
        }
        value
            .items()
            .iter()
            .map(|v| self.text(owner, field, v))
            .collect()
    }

    /// Returns a bool; unknown is recorded and unset.
    pub fn flag(
        &mut self,
        owner: Owner,
        field: &str,
        value: Option<&Val>,
    ) -> Result<Option<Sp<bool>>> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        match &value.value {
            Value::Bool(b) => Ok(Some(Sp::new(*b, value.loc))),
            Value::Str(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                Ok(Some(Sp::new(s.eq_ignore_ascii_case("true"), value.loc)))
            }
            Value::Unknown(r) => {
                self.unknown(owner, field, value, reason(r));
                Ok(None)
            }
            other => Err(EvalError::new(
                value.loc,
                format!(
                    "`{field}` of {} is a {}, not a bool",
                    owner.name,
                    other.type_name()
                ),
                "set true or false",
            )),
        }
    }

    /// Returns an enumerated value read with `parse`; unknown is recorded and unset.
    pub fn choice<T>(
        &mut self,
        owner: Owner,
        field: &str,
        value: Option<&Val>,
        parse: fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Result<Option<Sp<T>>> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        match &value.value {
            Value::Str(s) if !s.contains(OPEN) => match parse(s) {
                Some(parsed) => Ok(Some(Sp::new(parsed, value.loc))),
                None => Err(EvalError::new(
                    value.loc,
                    format!(
                        "`{field}` of {} is `{s}`, which is not one of {}",
                        owner.name,
                        names.join(", ")
                    ),
                    format!("set one of {}", names.join(", ")),
                )),
            },
            other => {
                self.unknown(owner, field, value, reason(&display(other)));
                Ok(None)
            }
        }
    }

    /// Returns the model name of the resource that an id (or a bare name) refers
    /// to: `VNET/SUBNET` for a subnet, the last name otherwise.
    pub fn reference(&mut self, owner: Owner, field: &str, value: &Val) -> Sp<String> {
        let Some(text) = value.as_str() else {
            return self.text(owner, field, value);
        };
        let id = ids::parse(text);
        let names = match &id {
            Some(id)
                if id
                    .resource_type
                    .to_ascii_lowercase()
                    .ends_with("virtualnetworks/subnets") =>
            {
                id.names.clone()
            }
            Some(id) => id.names.last().cloned().into_iter().collect(),
            None => vec![text.to_string()],
        };
        if names.is_empty() {
            return self.text(owner, field, value);
        }
        let declared = id.as_ref().is_some_and(|id| self.declares(id));
        if names.iter().any(|n| n.contains(OPEN)) && !declared {
            // The name is unknown and no resource of the template has it, so
            // deployment decides what the reference names.
            let reason = reason(&display(&value.value));
            self.unknown(owner, field, value, reason);
        }
        let name = names
            .iter()
            .map(|n| model_text(n))
            .collect::<Vec<_>>()
            .join("/");
        Sp::new(name, value.loc)
    }

    /// Returns true when the template declares the resource that `id` names:
    /// the same type, the same names and the same resource group, where
    /// unknown parts are the same only when they render the same. An id
    /// without a resource group matches any group.
    fn declares(&self, id: &ids::ResourceId) -> bool {
        let names: Vec<String> = id.names.iter().map(|n| n.to_lowercase()).collect();
        let key = (id.resource_type.to_ascii_lowercase(), names.join("/"));
        self.at(self.by_name.get(&key)).any(|resource| {
            id.group_text
                .as_ref()
                .is_none_or(|g| g.eq_ignore_ascii_case(&resource.group_text))
        })
    }

    /// Returns the region of a resource from its `location`.
    pub fn region(&mut self, owner: Owner, resource: &Resource) -> Option<Sp<String>> {
        self.opt_text(owner, "region", resource.location.as_ref())
    }

    /// Records what deployment decides about a resource itself: its own
    /// name, and whether it is created.
    pub fn own_unknowns(&mut self, owner: Owner, resource: &Resource) {
        let own = super::functions::split_known(resource.name_text(), &["/"]);
        if let Some(own) = own.last().filter(|n| n.contains(OPEN)) {
            let reason = reason(&display_str(own));
            self.unknown(owner, "name", &resource.name, reason);
        }
        if let Some(condition) = &resource.condition {
            let reason = format!(
                "deployment decides whether it is created: its condition is `{}`",
                render(&condition.value)
            );
            self.unknown(owner, "condition", condition, reason);
        }
    }
}

/// Returns the last segment of a full name, which is the resource's own name.
pub fn own_name(resource: &Resource) -> String {
    let name = resource.name_text();
    super::functions::split_known(name, &["/"])
        .last()
        .map(|n| model_text(n))
        .unwrap_or_default()
}

/// Returns the segment of a full name before the last one: a child's parent.
pub fn parent_name(resource: &Resource) -> String {
    let parts = super::functions::split_known(resource.name_text(), &["/"]);
    let parent = parts.len().checked_sub(2).map(|i| parts[..=i].join("/"));
    model_text(&parent.unwrap_or_default())
}

/// Explains why a value is unknown, from the functions its rendering calls.
pub fn reason(rendering: &str) -> String {
    let called = |name: &str| rendering.contains(&format!("{name}("));
    if called("reference") {
        format!("`{rendering}` reads state that exists only after deployment")
    } else if let Some(list) = first_call(rendering).filter(|f| f.starts_with("list")) {
        format!("uses `{list}`, which vnetlint does not evaluate")
    } else if called("uniqueString") || called("guid") || called("newGuid") {
        format!("`{rendering}` contains a hash that only Azure computes")
    } else if called("parameters") {
        format!("`{rendering}` has no value in the template or the parameters file")
    } else if called("resourceGroup") || called("subscription") || called("deployment") {
        format!("`{rendering}` depends on where the template is deployed")
    } else {
        match first_call(rendering) {
            Some(f) => format!("uses `{f}`, which vnetlint does not evaluate"),
            None => format!("`{rendering}` is known only at deployment"),
        }
    }
}

fn first_call(rendering: &str) -> Option<&str> {
    let at = rendering.find('(')?;
    let start = rendering[..at]
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + 1);
    Some(&rendering[start..at])
}

/// Returns the symbol of a value that Azure assigns at deployment.
pub fn assigned(rendering: &str) -> String {
    unknown::symbol(rendering)
}
