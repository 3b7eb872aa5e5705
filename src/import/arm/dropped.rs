//! Resources that the import leaves out because deployment decides whether
//! or how often they exist, reported as unknown values.
//!
//! A resource copy loop whose `count` is unknown makes copies that cannot
//! be listed before deployment. Guessing a count would check a design that
//! may never exist, so the loop's copies stay out of the model and one
//! [`Unknown`] reports it. Only resources that the model has a kind for can
//! carry that entry, so a loop of deployments or of resource parts (routes,
//! DNS records) is a [`LoadError`](crate::load::LoadError) instead.

use super::eval::{EvalError, Result};
use super::render::render;
use super::value::Val;
use super::{compute, dns, edge, machines, network, services, synapse};
use crate::model::index::Kind;
use crate::model::unknown::Unknown;

/// A resource copy loop left out of the model.
#[derive(Debug)]
pub struct Dropped {
    pub kind: Kind,
    /// The resource's name as the template writes it.
    pub name: String,
    pub loop_name: String,
    /// The unknown count, where the template sets it.
    pub count: Val,
}

/// Returns the model kind of a resource type that the model lists as a
/// resource of its own, not as a part of another.
fn kind_of(resource_type: &str) -> Option<Kind> {
    const KINDS: &[(&str, Kind)] = &[
        (network::VNETS, Kind::Vnet),
        (network::SUBNETS, Kind::Subnet),
        (network::PEERINGS, Kind::Peering),
        (dns::ENDPOINTS, Kind::PrivateEndpoint),
        (dns::ZONES, Kind::PrivateDnsZone),
        (dns::RESOLVERS, Kind::DnsResolver),
        (services::WORKSPACES, Kind::Workspace),
        (services::STORAGE, Kind::StorageAccount),
        (services::KEY_VAULTS, Kind::KeyVault),
        (services::REGISTRIES, Kind::ContainerRegistry),
        (compute::COMPUTES, Kind::Compute),
        (compute::CLUSTERS, Kind::KubernetesCluster),
        (synapse::SYNAPSE, Kind::SynapseWorkspace),
        (edge::GATEWAYS, Kind::Gateway),
        (edge::BASTIONS, Kind::Bastion),
        (edge::FIREWALLS, Kind::Firewall),
        (machines::VIRTUAL_MACHINES, Kind::VirtualMachine),
    ];
    KINDS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(resource_type))
        .map(|(_, kind)| *kind)
}

/// Decides what to do with a copy loop of `resource_type` whose count is
/// unknown: `Some` to leave it out and report it, `None` when the model
/// would skip the type anyway, or an error when it cannot be left out.
pub fn unknown_loop(
    resource_type: &str,
    modelled: bool,
    name: String,
    loop_name: &str,
    count: Val,
) -> Result<Option<Dropped>> {
    if let Some(kind) = kind_of(resource_type) {
        return Ok(Some(Dropped {
            kind,
            name,
            loop_name: loop_name.to_string(),
            count,
        }));
    }
    if !modelled {
        return Ok(None);
    }
    Err(EvalError::new(
        count.loc,
        format!(
            "the copy count `{}` of {resource_type} `{name}` is unknown until deployment",
            render(&count.value)
        ),
        "set the values the count depends on in the parameters file, \
         because vnetlint cannot leave this loop out of the design",
    ))
}

impl Dropped {
    /// Returns the unknown value that reports the loop.
    pub fn unknown(&self) -> Unknown {
        Unknown {
            kind: self.kind,
            resource: self.name.clone(),
            field: "copies".into(),
            loc: self.count.loc,
            reason: format!(
                "its loop `{}` makes `{}` copies, a number known only at deployment, \
                 so vnetlint leaves them all out of the design",
                self.loop_name,
                render(&self.count.value)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Loc;

    fn count() -> Val {
        Val::new(
            super::super::value::Value::Unknown("parameters('n')".into()),
            Loc::default(),
        )
    }

    #[test]
    fn unknown_loop_of_a_kind_left_out() {
        let dropped = unknown_loop(network::VNETS, true, "vnet".into(), "c", count())
            .expect("no error")
            .expect("left out");
        let unknown = dropped.unknown();
        assert_eq!(unknown.kind, Kind::Vnet);
        assert_eq!(unknown.field, "copies");
        assert!(
            unknown.reason.contains("parameters('n')"),
            "{}",
            unknown.reason
        );
    }

    #[test]
    fn unknown_loop_of_parts_fails() {
        assert!(unknown_loop(network::ROUTES, true, "r".into(), "c", count()).is_err());
        let skipped = unknown_loop("Microsoft.Web/sites", false, "s".into(), "c", count());
        assert!(skipped.expect("no error").is_none());
    }
}
