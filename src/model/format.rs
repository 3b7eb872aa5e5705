//! The topology file format, version 1, as serde types.
//!
//! Every value that a diagnostic may point at is an [`Sp`]. Defaults that
//! depend on other resources (regions, subscriptions) stay `None` here and are
//! filled in by [`crate::model::Topology::merge`].

use schemars::JsonSchema;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::enums::*;
use super::spanned::Sp;

type S = Sp<String>;

/// One topology file.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Format version, which must be 1.
    #[schemars(range(min = 1, max = 1), extend("default" = 1))]
    pub version: Option<Sp<u32>>,
    /// Default region of the workspaces, dependency services, VNets and Synapse workspaces
    /// declared in this file.
    pub region: Option<S>,
    /// Default subscription of the workspaces and VNets declared in this file.
    pub subscription: Option<S>,
    /// Azure cloud, which selects the private DNS zone names. Every file of a run must name the
    /// same cloud.
    #[schemars(extend("default" = "AzureCloud"))]
    pub cloud: Option<Sp<Cloud>>,
    /// Azure Machine Learning workspaces.
    #[serde(default)]
    pub workspaces: Vec<Workspace>,
    /// Storage accounts: default storage and datastores of the workspaces.
    #[serde(default)]
    pub storage_accounts: Vec<Service>,
    /// Key vaults of the workspaces.
    #[serde(default)]
    pub key_vaults: Vec<Service>,
    /// Container registries of the workspaces.
    #[serde(default)]
    pub container_registries: Vec<Service>,
    /// Virtual networks with their subnets.
    #[serde(default)]
    pub vnets: Vec<Vnet>,
    /// VNet peerings, one entry per direction as in Azure.
    #[serde(default)]
    pub peerings: Vec<Peering>,
    /// Private endpoints.
    #[serde(default)]
    pub private_endpoints: Vec<PrivateEndpoint>,
    /// Private DNS zones and their VNet links.
    #[serde(default)]
    pub private_dns_zones: Vec<DnsZone>,
    /// VNet links of private DNS zones declared in another file, such as the
    /// hub's zones linked from a spoke's file.
    #[serde(default)]
    pub private_dns_zone_links: Vec<ZoneLink>,
    /// Azure DNS Private Resolvers (inbound endpoints).
    #[serde(default)]
    pub dns_resolvers: Vec<DnsResolver>,
    /// Azure Machine Learning compute instances and compute clusters.
    #[serde(default)]
    pub computes: Vec<Compute>,
    /// AKS clusters created in, or attached to, a workspace.
    #[serde(default)]
    pub kubernetes_clusters: Vec<Aks>,
    /// VPN and ExpressRoute gateways.
    #[serde(default)]
    pub gateways: Vec<Gateway>,
    /// Azure Bastion hosts.
    #[serde(default)]
    pub bastions: Vec<Bastion>,
    /// Azure Firewalls and other network virtual appliances.
    #[serde(default)]
    pub firewalls: Vec<Firewall>,
    /// Virtual machines such as jump boxes and DNS servers.
    #[serde(default)]
    pub virtual_machines: Vec<VirtualMachine>,
    /// Azure Synapse workspaces linked to Azure Machine Learning workspaces.
    #[serde(default)]
    pub synapse_workspaces: Vec<Synapse>,
    /// Accepted findings, each with a reason and an optional expiry date.
    #[serde(default)]
    pub suppressions: Vec<Suppression>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// Workspace name.
    pub name: S,
    /// Region (default: the top-level `region`).
    pub region: Option<S>,
    /// Subscription (default: the top-level `subscription`).
    pub subscription: Option<S>,
    /// Name of the default storage account.
    pub storage_account: S,
    /// Name of the key vault.
    pub key_vault: S,
    /// Name of the container registry (unset: Azure creates one on the first image build).
    pub container_registry: Option<S>,
    /// Names of the other storage accounts the workspace reads, such as datastores.
    #[serde(default)]
    pub additional_storage: Vec<S>,
    /// Public network access to the workspace (unset: decided by
    /// `allow_public_access_when_behind_vnet` and the private endpoints).
    pub public_network_access: Option<Sp<Access>>,
    /// Legacy SDK and CLI v1 flag. It acts only on a workspace with a private endpoint, where
    /// unset means false.
    pub allow_public_access_when_behind_vnet: Option<Sp<bool>>,
    /// Name of the compute that builds images (unset: serverless image build).
    pub image_build_compute: Option<S>,
    /// Managed network isolation mode.
    #[schemars(extend("default" = "Disabled"))]
    pub managed_network: Option<Sp<ManagedNetwork>>,
    /// High business impact workspace.
    #[schemars(extend("default" = false))]
    pub hbi_workspace: Option<Sp<bool>>,
}

/// A storage account, key vault or container registry.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Resource name.
    pub name: S,
    /// Region (default: the top-level `region`).
    pub region: Option<S>,
    /// Public network access.
    #[schemars(extend("default" = "Enabled"))]
    pub public_network_access: Option<Sp<Access>>,
    /// Firewall of the public endpoint.
    pub network_rules: Option<NetworkRules>,
    /// Kind of storage account (storage accounts only).
    #[schemars(extend("default" = "StorageV2"))]
    pub kind: Option<Sp<StorageKind>>,
    /// Hierarchical namespace, as in Data Lake Storage Gen2 (storage accounts only).
    #[schemars(extend("default" = false))]
    pub hierarchical_namespace: Option<Sp<bool>>,
    /// Registry SKU (container registries only).
    #[schemars(extend("default" = "Premium"))]
    pub sku: Option<Sp<RegistrySku>>,
    /// Regions the registry is replicated to (container registries only).
    #[serde(default)]
    pub geo_replicas: Vec<S>,
}

#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkRules {
    /// Action for traffic that no rule matches.
    #[schemars(extend("default" = "Allow"))]
    pub default_action: Option<Sp<DefaultAction>>,
    /// Subnets admitted through service endpoints, as `VNET/SUBNET`.
    #[serde(default)]
    pub virtual_network_subnets: Vec<S>,
    /// Whether trusted Azure services bypass the rules.
    #[schemars(extend("default" = false))]
    pub bypass_azure_services: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vnet {
    /// VNet name.
    pub name: S,
    /// Region (default: the top-level `region`).
    pub region: Option<S>,
    /// Subscription (default: the top-level `subscription`).
    pub subscription: Option<S>,
    /// Address prefixes in CIDR notation, at least one.
    #[schemars(length(min = 1))]
    pub address_space: Vec<S>,
    /// Custom DNS server IP addresses (empty: Azure-provided DNS at 168.63.129.16).
    #[serde(default)]
    pub dns_servers: Vec<S>,
    /// Subnets.
    #[serde(default)]
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    /// Subnet name. `GatewaySubnet`, `AzureBastionSubnet`, `AzureFirewallSubnet` and
    /// `AzureFirewallManagementSubnet` are the reserved names.
    pub name: S,
    /// Address prefix in CIDR notation.
    pub address_prefix: S,
    /// Network policies applied to private endpoints in the subnet.
    #[schemars(extend("default" = "Disabled"))]
    pub private_endpoint_network_policies: Option<Sp<EndpointPolicies>>,
    /// Service the subnet is delegated to, such as `Microsoft.Network/dnsResolvers`.
    pub delegation: Option<S>,
    /// Service endpoints, such as `Microsoft.Storage`.
    #[serde(default)]
    pub service_endpoints: Vec<S>,
    /// User-defined routes of the subnet's route table.
    #[serde(default)]
    pub route_table: Vec<Route>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Destination prefix in CIDR notation.
    pub address_prefix: S,
    /// Where matching packets go.
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

impl Serialize for NextHop {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            NextHop::Internet => serializer.serialize_str("Internet"),
            NextHop::None => serializer.serialize_str("None"),
            NextHop::VnetLocal => serializer.serialize_str("VnetLocal"),
            NextHop::VirtualNetworkGateway => serializer.serialize_str("VirtualNetworkGateway"),
            NextHop::VirtualAppliance(target) => {
                serializer.serialize_str(&format!("VirtualAppliance:{target}"))
            }
        }
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

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Peering {
    /// Peering name (default: `FROM-to-TO`).
    pub name: Option<S>,
    /// Name of the VNet the peering belongs to.
    pub from: S,
    /// Name of the remote VNet.
    pub to: S,
    /// Whether the VNets can reach each other.
    #[schemars(extend("default" = true))]
    pub allow_virtual_network_access: Option<Sp<bool>>,
    /// Whether traffic forwarded from outside the remote VNet is accepted.
    #[schemars(extend("default" = false))]
    pub allow_forwarded_traffic: Option<Sp<bool>>,
    /// Whether the remote VNet may use this VNet's gateways.
    #[schemars(extend("default" = false))]
    pub allow_gateway_transit: Option<Sp<bool>>,
    /// Whether this VNet uses the remote VNet's gateways.
    #[schemars(extend("default" = false))]
    pub use_remote_gateways: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivateEndpoint {
    /// Private endpoint name.
    pub name: S,
    /// Region (default: the region of its VNet).
    pub region: Option<S>,
    /// Subnet of the endpoint, as `VNET/SUBNET`.
    pub subnet: S,
    /// Name of the resource the endpoint connects to, of the kind that `group` implies.
    pub target: S,
    /// Sub-resource (group id) of the target.
    pub group: Sp<Group>,
    /// Private DNS zone group: `ZONE`, or `RESOURCE_GROUP/ZONE` when several zones have that
    /// name.
    #[serde(default)]
    pub dns_zones: Vec<S>,
    /// Whether the connection waits for manual approval.
    #[schemars(extend("default" = false))]
    pub manual_approval: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsZone {
    /// Zone name, such as `privatelink.api.azureml.ms`.
    pub name: S,
    /// Resource group, which tells apart zones with the same name.
    pub resource_group: Option<S>,
    /// VNets linked to the zone.
    #[serde(default)]
    pub vnet_links: Vec<VnetLink>,
    /// A records added by hand.
    #[serde(default)]
    pub records: Vec<DnsRecord>,
}

/// A zone's link to a VNet: a VNet name, or `{vnet, fallback_to_internet}`.
#[derive(Debug)]
pub struct VnetLink {
    pub vnet: S,
    pub fallback_to_internet: Option<Sp<bool>>,
}

/// The mapping form of a VNet link.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct VnetLinkMap {
    /// Name of the linked VNet.
    vnet: S,
    /// When true, names missing from the zone resolve through public DNS instead of failing.
    #[schemars(extend("default" = false))]
    fallback_to_internet: Option<Sp<bool>>,
}

/// Writes the short form, a VNet name, unless the link sets more.
impl Serialize for VnetLink {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match &self.fallback_to_internet {
            None => self.vnet.serialize(serializer),
            Some(fallback) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("vnet", &self.vnet)?;
                map.serialize_entry("fallback_to_internet", fallback)?;
                map.end()
            }
        }
    }
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

/// A VNet link declared apart from its zone.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneLink {
    /// Name of the linked zone, such as `privatelink.api.azureml.ms`.
    pub zone: S,
    /// Resource group of the zone, needed when several zones have its name.
    pub resource_group: Option<S>,
    /// Name of the linked VNet.
    pub vnet: S,
    /// When true, names missing from the zone resolve through public DNS instead of failing.
    #[schemars(extend("default" = false))]
    pub fallback_to_internet: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsRecord {
    /// Record name, relative to the zone.
    pub name: S,
    /// IP address the name resolves to.
    pub ip: S,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsResolver {
    /// Resolver name.
    pub name: S,
    /// Name of the VNet the resolver serves.
    pub vnet: S,
    /// Subnet of the inbound endpoint, as `VNET/SUBNET`, delegated to
    /// `Microsoft.Network/dnsResolvers`.
    pub inbound_subnet: S,
    /// IP address of the inbound endpoint.
    pub inbound_ip: S,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VirtualMachine {
    /// VM name.
    pub name: S,
    /// Subnet of the VM, as `VNET/SUBNET`.
    pub subnet: S,
    /// Private IP address, required for a `dns_server`.
    pub private_ip: Option<S>,
    /// Role of the VM in the design.
    #[schemars(extend("default" = "other"))]
    pub role: Option<Sp<VmRole>>,
    /// Conditional forwarders of a `dns_server`.
    #[serde(default)]
    pub dns_forwarders: Vec<Forwarder>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forwarder {
    /// Zone whose queries are forwarded, or `.` for every name.
    pub zone: S,
    /// IP address queries are forwarded to, such as `168.63.129.16`.
    pub to: S,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Firewall {
    /// Firewall name.
    pub name: S,
    /// Kind of firewall.
    #[schemars(extend("default" = "azure_firewall"))]
    pub kind: Option<Sp<FirewallKind>>,
    /// Subnet of the firewall, as `VNET/SUBNET` (`AzureFirewallSubnet` for an Azure Firewall).
    pub subnet: S,
    /// Private IP address.
    pub private_ip: S,
    /// Whether the firewall answers DNS on `private_ip` and forwards queries to Azure DNS.
    #[schemars(extend("default" = false))]
    pub dns_proxy: Option<Sp<bool>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    /// Compute name.
    pub name: S,
    /// Kind of compute.
    pub kind: Sp<ComputeKind>,
    /// Name of the workspace (default: the only workspace, when there is exactly one).
    pub workspace: Option<S>,
    /// Region (default: the region of its subnet's VNet, or without a subnet the workspace's).
    pub region: Option<S>,
    /// Subnet, as `VNET/SUBNET` (unset: no VNet, or the managed network).
    pub subnet: Option<S>,
    /// Whether the nodes get public IP addresses.
    #[schemars(extend("default" = true))]
    pub public_ip: Option<Sp<bool>>,
    /// Maximum number of nodes of a cluster.
    #[schemars(extend("default" = 1))]
    pub max_nodes: Option<Sp<u32>>,
    /// VM size, such as `Standard_DS3_v2`.
    pub vm_size: Option<S>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Aks {
    /// AKS resource name.
    pub name: S,
    /// Region (default: the region of its subnet's VNet).
    pub region: Option<S>,
    /// Node pool subnet, as `VNET/SUBNET`.
    pub subnet: S,
    /// Name of the workspace the cluster is attached to.
    pub attached_to: Option<S>,
    /// Whether the API server has only a private endpoint.
    #[schemars(extend("default" = false))]
    pub private_cluster: Option<Sp<bool>>,
    /// Whether a private cluster's API server also has a public FQDN. False is Terraform's
    /// default, but the Azure CLI creates one unless told otherwise.
    #[schemars(extend("default" = false))]
    pub public_fqdn: Option<Sp<bool>>,
    /// Network plugin.
    #[schemars(extend("default" = "kubenet"))]
    pub network_plugin: Option<Sp<NetworkPlugin>>,
    /// Network plugin mode (unset: no overlay).
    pub network_plugin_mode: Option<Sp<NetworkPluginMode>>,
    /// Number of nodes.
    #[schemars(extend("default" = 3))]
    pub node_count: Option<Sp<u32>>,
    /// Maximum pods per node (default: 30 for `azure`, 110 for `kubenet`).
    pub max_pods: Option<Sp<u32>>,
    /// Kubernetes service address range in CIDR notation.
    #[schemars(extend("default" = "10.0.0.0/16"))]
    pub service_cidr: Option<S>,
    /// IP address of the cluster DNS service.
    #[schemars(extend("default" = "10.0.0.10"))]
    pub dns_service_ip: Option<S>,
    /// Docker bridge address in CIDR notation, accepted and ignored because AKS no longer uses
    /// it.
    pub docker_bridge_cidr: Option<S>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gateway {
    /// Gateway name.
    pub name: S,
    /// Kind of gateway.
    pub kind: Sp<GatewayKind>,
    /// VPN connection types (default: `point_to_site` for a `vpn` gateway).
    pub vpn_type: Option<Sp<VpnTypes>>,
    /// Name of the VNet whose `GatewaySubnet` holds the gateway.
    pub vnet: S,
}

/// `vpn_type`: one type or a list of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VpnTypes(pub Vec<VpnType>);

/// Writes one type as a name and several as a list.
impl Serialize for VpnTypes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(serializer),
            many => many.serialize(serializer),
        }
    }
}

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

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bastion {
    /// Bastion name.
    pub name: S,
    /// Name of the VNet whose `AzureBastionSubnet` holds the host.
    pub vnet: S,
    /// Bastion SKU. The `Developer` SKU needs no `AzureBastionSubnet`.
    #[schemars(extend("default" = "Basic"))]
    pub sku: Option<Sp<BastionSku>>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Synapse {
    /// Synapse workspace name.
    pub name: S,
    /// Region (default: the top-level `region`).
    pub region: Option<S>,
    /// Whether the workspace has a managed virtual network.
    #[schemars(extend("default" = false))]
    pub managed_vnet: Option<Sp<bool>>,
    /// Whether data exfiltration protection is on.
    #[schemars(extend("default" = false))]
    pub data_exfiltration_protection: Option<Sp<bool>>,
    /// Names of the Azure Machine Learning workspaces linked to it.
    #[serde(default)]
    pub linked_workspaces: Vec<S>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// Id of the rule whose finding is accepted.
    #[schemars(schema_with = "super::schema::rule_id_schema")]
    pub rule: S,
    /// Resource under the finding's primary label: `NAME`, `VNET/SUBNET`, or `KIND/NAME`.
    pub resource: S,
    /// Why the finding is accepted.
    pub reason: S,
    /// Last day the suppression applies, as YYYY-MM-DD, compared in UTC.
    pub expires: Option<S>,
}
