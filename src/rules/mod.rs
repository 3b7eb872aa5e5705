//! The rule registry. Each rule lives in its own file under its category.

pub mod access;
pub mod address;
pub mod compute;
pub mod dependency;
pub mod dns;
pub mod model;
pub mod pages;
pub mod peering;
pub mod private_endpoint;
pub mod reach;
pub mod unknowns;
pub mod workspace;

#[cfg(test)]
pub mod testing;

use crate::finding::{Category, Finding, Severity};
use crate::model::{Index, Topology};
use crate::net::Net;

/// What a rule reads: the topology, its index and the network semantics.
pub struct Context<'a> {
    pub topology: &'a Topology,
    pub index: &'a Index,
    pub net: &'a Net<'a>,
    pub options: &'a RuleOptions,
}

/// Options that change what rules accept.
#[derive(Clone, Debug, Default)]
pub struct RuleOptions {
    /// Extra `private_endpoint_network_policies` values that
    /// `pe-subnet-network-policies` accepts besides `Disabled`.
    pub accepted_endpoint_policies: Vec<crate::model::EndpointPolicies>,
}

/// A rule: its metadata and its check.
pub struct Rule {
    /// Stable kebab-case id; never changes once released.
    pub id: &'static str,
    pub category: Category,
    /// Maximum severity of the rule's findings.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    pub check: fn(&Context, &mut Vec<Finding>),
}

/// Returns every rule, in catalogue order.
pub fn all() -> Vec<&'static Rule> {
    let mut rules = Vec::new();
    rules.extend_from_slice(model::RULES);
    rules.extend_from_slice(address::RULES);
    rules.extend_from_slice(peering::RULES);
    rules.extend_from_slice(private_endpoint::RULES);
    rules.extend_from_slice(dns::RULES);
    rules.extend_from_slice(workspace::RULES);
    rules.extend_from_slice(dependency::RULES);
    rules.extend_from_slice(compute::RULES);
    rules.extend_from_slice(access::RULES);
    rules
}

/// Returns the rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| r.id == id)
}
