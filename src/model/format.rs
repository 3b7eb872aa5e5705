//! The topology file format, version 1, as serde types.
//!
//! Every value that a diagnostic may point at is an [`Sp`]. Defaults that
//! depend on other resources (regions, subscriptions) stay `None` here and are
//! filled in by [`crate::model::Topology::merge`].

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::enums::*;
use super::spanned::Sp;

type S = Sp<String>;

/// One topology file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub version: Option<Sp<u32>>,
    pub region: Option<S>,
    pub subscription: Option<S>,
    pub cloud: Option<Sp<Cloud>>,
    #[serde(default)]
    pub workspaces: Vec<Workspace>,
    #[serde(default)]
    pub storage_accounts: Vec<Service>,
    #[serde(default)]
    pub key_vaults: Vec<Service>,
    #[serde(default)]
    pub container_registries: Vec<Service>,
    #[serde(default)]
    pub vnets: Vec<Vnet>,
    #[serde(default)]
    pub peerings: Vec<Peering>,
    #[serde(default)]
    pub private_endpoints: Vec<PrivateEndpoint>,
    #[serde(default)]
    pub private_dns_zones: Vec<DnsZone>,
    #[serde(default)]
    pub dns_resolvers: Vec<DnsResolver>,
    #[serde(default)]
    pub computes: Vec<Compute>,
    #[serde(default)]
    pub kubernetes_clusters: Vec<Aks>,
    #[serde(default)]
    pub gateways: Vec<Gateway>,
    #[serde(default)]
    pub bastions: Vec<Bastion>,
    #[serde(default)]
    pub firewalls: Vec<Firewall>,
    #[serde(default)]
    pub virtual_machines: Vec<VirtualMachine>,
    #[serde(default)]
    pub synapse_workspaces: Vec<Synapse>,
    #[serde(default)]
    pub suppressions: Vec<Suppression>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    pub name: S,
    pub region: Option<S>,
    pub subscription: Option<S>,
    pub storage_account: S,
    pub key_vault: S,
    pub container_registry: Option<S>,
    #[serde(default)]
    pub additional_storage: Vec<S>,
    pub public_network_access: Option<Sp<Access>>,
    pub allow_public_access_when_behind_vnet: Option<Sp<bool>>,
    pub image_build_compute: Option<S>,
    pub managed_network: Option<Sp<ManagedNetwork>>,
    pub hbi_workspace: Option<Sp<bool>>,
}

/// A storage account, key vault or container registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: S,
    pub region: Option<S>,
    pub public_network_access: Option<Sp<Access>>,
    pub network_rules: Option<NetworkRules>,
    pub kind: Option<Sp<StorageKind>>,
    pub hierarchical_namespace: Option<Sp<bool>>,
    pub sku: Option<Sp<RegistrySku>>,
    #[serde(default)]
    pub geo_replicas: Vec<S>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkRules {
    pub default_action: Option<Sp<DefaultAction>>,
    #[serde(default)]
    pub virtual_network_subnets: Vec<S>,
    pub bypass_azure_services: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vnet {
    pub name: S,
    pub region: Option<S>,
    pub subscription: Option<S>,
    pub address_space: Vec<S>,
    #[serde(default)]
    pub dns_servers: Vec<S>,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub name: S,
    pub address_prefix: S,
    pub private_endpoint_network_policies: Option<Sp<EndpointPolicies>>,
    pub delegation: Option<S>,
    #[serde(default)]
    pub service_endpoints: Vec<S>,
    #[serde(default)]
    pub route_table: Vec<Route>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub address_prefix: S,
    pub next_hop: Sp<NextHop>,
}

/// Next hop of a user-defined route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextHop {
    Internet,
    None,
    VnetLocal,
    VirtualNetworkGateway,
    /// `VirtualAppliance:<firewall name or IP>`.
    VirtualAppliance(String),
}

impl NextHop {
    pub const NAMES: &'static [&'static str] = &[
        "Internet",
        "None",
        "VnetLocal",
        "VirtualNetworkGateway",
        "VirtualAppliance:<firewall name or IP>",
    ];
}

impl NextHop {
    fn parse(text: &str) -> Option<NextHop> {
        let simple = [
            ("Internet", NextHop::Internet),
            ("None", NextHop::None),
            ("VnetLocal", NextHop::VnetLocal),
            ("VirtualNetworkGateway", NextHop::VirtualNetworkGateway),
        ];
        for (name, hop) in simple {
            if text.eq_ignore_ascii_case(name) {
                return Some(hop);
            }
        }
        let prefix = "VirtualAppliance:";
        let head = text.get(..prefix.len())?;
        let target = text[prefix.len()..].trim();
        (head.eq_ignore_ascii_case(prefix) && !target.is_empty())
            .then(|| NextHop::VirtualAppliance(target.to_string()))
    }
}

impl<'de> Deserialize<'de> for NextHop {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(super::enums::NameVisitor::new(
            NextHop::NAMES,
            NextHop::parse,
        ))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Peering {
    pub name: Option<S>,
    pub from: S,
    pub to: S,
    pub allow_virtual_network_access: Option<Sp<bool>>,
    pub allow_forwarded_traffic: Option<Sp<bool>>,
    pub allow_gateway_transit: Option<Sp<bool>>,
    pub use_remote_gateways: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivateEndpoint {
    pub name: S,
    pub region: Option<S>,
    pub subnet: S,
    pub target: S,
    pub group: Sp<Group>,
    #[serde(default)]
    pub dns_zones: Vec<S>,
    pub manual_approval: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsZone {
    pub name: S,
    pub resource_group: Option<S>,
    #[serde(default)]
    pub vnet_links: Vec<VnetLink>,
    #[serde(default)]
    pub records: Vec<DnsRecord>,
}

/// A zone's link to a VNet: a VNet name, or `{vnet, fallback_to_internet}`.
#[derive(Debug)]
pub struct VnetLink {
    pub vnet: S,
    pub fallback_to_internet: Option<Sp<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VnetLinkMap {
    vnet: S,
    fallback_to_internet: Option<Sp<bool>>,
}

impl<'de> Deserialize<'de> for VnetLink {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The outer span locates a plain name; a mapping keeps spans on its own fields.
        let spanned = Sp::<LinkOrName>::deserialize(deserializer)?;
        Ok(match spanned.value {
            LinkOrName::Name(name) => VnetLink {
                vnet: Sp::new(name, spanned.loc),
                fallback_to_internet: None,
            },
            LinkOrName::Link(link) => link,
        })
    }
}

/// A vnet link entry before its form is known.
enum LinkOrName {
    Name(String),
    Link(VnetLink),
}

impl<'de> Deserialize<'de> for LinkOrName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = LinkOrName;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a VNet name or a mapping with `vnet` and `fallback_to_internet`")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<LinkOrName, E> {
                Ok(LinkOrName::Name(value.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LinkOrName, A::Error> {
                let link = VnetLinkMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(LinkOrName::Link(VnetLink {
                    vnet: link.vnet,
                    fallback_to_internet: link.fallback_to_internet,
                }))
            }
        }

        deserializer.deserialize_any(EntryVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsRecord {
    pub name: S,
    pub ip: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsResolver {
    pub name: S,
    pub vnet: S,
    pub inbound_subnet: S,
    pub inbound_ip: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VirtualMachine {
    pub name: S,
    pub subnet: S,
    pub private_ip: Option<S>,
    pub role: Option<Sp<VmRole>>,
    #[serde(default)]
    pub dns_forwarders: Vec<Forwarder>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forwarder {
    pub zone: S,
    pub to: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Firewall {
    pub name: S,
    pub kind: Option<Sp<FirewallKind>>,
    pub subnet: S,
    pub private_ip: S,
    pub dns_proxy: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    pub name: S,
    pub kind: Sp<ComputeKind>,
    pub workspace: Option<S>,
    pub region: Option<S>,
    pub subnet: Option<S>,
    pub public_ip: Option<Sp<bool>>,
    pub max_nodes: Option<Sp<u32>>,
    pub vm_size: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aks {
    pub name: S,
    pub region: Option<S>,
    pub subnet: S,
    pub attached_to: Option<S>,
    pub private_cluster: Option<Sp<bool>>,
    pub public_fqdn: Option<Sp<bool>>,
    pub network_plugin: Option<Sp<NetworkPlugin>>,
    pub network_plugin_mode: Option<Sp<NetworkPluginMode>>,
    pub node_count: Option<Sp<u32>>,
    pub max_pods: Option<Sp<u32>>,
    pub service_cidr: Option<S>,
    pub dns_service_ip: Option<S>,
    pub docker_bridge_cidr: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gateway {
    pub name: S,
    pub kind: Sp<GatewayKind>,
    pub vpn_type: Option<Sp<VpnTypes>>,
    pub vnet: S,
}

/// `vpn_type`: one type or a list of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VpnTypes(pub Vec<VpnType>);

impl<'de> Deserialize<'de> for VpnTypes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypesVisitor;

        impl<'de> Visitor<'de> for TypesVisitor {
            type Value = VpnTypes;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`point_to_site`, `site_to_site` or a list of them")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<VpnTypes, E> {
                VpnType::parse(value)
                    .map(|t| VpnTypes(vec![t]))
                    .ok_or_else(|| E::unknown_variant(value, VpnType::NAMES))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<VpnTypes, A::Error> {
                let mut types = Vec::new();
                while let Some(t) = seq.next_element::<VpnType>()? {
                    types.push(t);
                }
                Ok(VpnTypes(types))
            }
        }

        deserializer.deserialize_any(TypesVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bastion {
    pub name: S,
    pub vnet: S,
    pub sku: Option<Sp<BastionSku>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synapse {
    pub name: S,
    pub region: Option<S>,
    pub managed_vnet: Option<Sp<bool>>,
    pub data_exfiltration_protection: Option<Sp<bool>>,
    #[serde(default)]
    pub linked_workspaces: Vec<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    pub rule: S,
    pub resource: S,
    pub reason: S,
    pub expires: Option<S>,
}
