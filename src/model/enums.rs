//! Enumerated values of the topology format, matched case-insensitively.
//!
//! ARM writes `Disabled` and the Azure ML CLI writes `disabled`, so every
//! enumerated value accepts any letter case and keeps one canonical spelling.

/// Reads a name inside the visitor, so a parse error points at the value, not its key.
pub struct NameVisitor<T> {
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
}

impl<T> NameVisitor<T> {
    pub fn new(names: &'static [&'static str], parse: fn(&str) -> Option<T>) -> Self {
        NameVisitor { names, parse }
    }
}

impl<T> serde::de::Visitor<'_> for NameVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "one of {}", self.names.join(", "))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).ok_or_else(|| E::unknown_variant(text, self.names))
    }
}

/// Declares an enum read from YAML by case-insensitive name.
macro_rules! yaml_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, schemars::JsonSchema)]
        #[schemars(transform = $crate::model::schema::AnyCase($name::NAMES))]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// The canonical spellings, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                $(if text.eq_ignore_ascii_case($text) { return Some($name::$variant); })+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::model::enums::NameVisitor::new(
                    $name::NAMES,
                    $name::parse,
                ))
            }
        }
    };
}

yaml_enum! {
    /// Azure cloud, which selects the private DNS zone names.
    #[derive(Default)]
    pub enum Cloud { #[default] Public => "AzureCloud", UsGovernment => "AzureUSGovernment", China => "AzureChinaCloud" }
}

yaml_enum! {
    /// `public_network_access` of a workspace or dependency service.
    pub enum Access { Enabled => "Enabled", Disabled => "Disabled" }
}

yaml_enum! {
    /// Default action of a service firewall.
    pub enum DefaultAction { Allow => "Allow", Deny => "Deny" }
}

yaml_enum! {
    /// Managed network isolation mode of a workspace.
    pub enum ManagedNetwork {
        Disabled => "Disabled",
        AllowInternetOutbound => "AllowInternetOutbound",
        AllowOnlyApprovedOutbound => "AllowOnlyApprovedOutbound",
    }
}

yaml_enum! {
    /// Kind of a storage account.
    pub enum StorageKind {
        StorageV2 => "StorageV2",
        Storage => "Storage",
        BlobStorage => "BlobStorage",
        BlockBlobStorage => "BlockBlobStorage",
        FileStorage => "FileStorage",
    }
}

yaml_enum! {
    /// Container registry SKU.
    pub enum RegistrySku { Basic => "Basic", Standard => "Standard", Premium => "Premium" }
}

yaml_enum! {
    /// `privateEndpointNetworkPolicies` of a subnet.
    pub enum EndpointPolicies {
        Disabled => "Disabled",
        Enabled => "Enabled",
        NetworkSecurityGroupEnabled => "NetworkSecurityGroupEnabled",
        RouteTableEnabled => "RouteTableEnabled",
    }
}

yaml_enum! {
    /// Private endpoint sub-resource (group id).
    pub enum Group {
        AmlWorkspace => "amlworkspace",
        Blob => "blob",
        File => "file",
        Queue => "queue",
        Table => "table",
        Dfs => "dfs",
        Vault => "vault",
        Registry => "registry",
        Management => "management",
        Sql => "Sql",
        SqlOnDemand => "SqlOnDemand",
        Dev => "Dev",
    }
}

yaml_enum! {
    /// Role of a virtual machine in the design.
    pub enum VmRole { JumpBox => "jump_box", DnsServer => "dns_server", Other => "other" }
}

yaml_enum! {
    /// Kind of firewall.
    pub enum FirewallKind { AzureFirewall => "azure_firewall", Nva => "nva" }
}

yaml_enum! {
    /// Kind of Azure ML compute.
    pub enum ComputeKind { Instance => "instance", Cluster => "cluster" }
}

yaml_enum! {
    /// AKS network plugin.
    pub enum NetworkPlugin { Azure => "azure", Kubenet => "kubenet" }
}

yaml_enum! {
    /// AKS network plugin mode.
    pub enum NetworkPluginMode { Overlay => "overlay" }
}

yaml_enum! {
    /// Kind of virtual network gateway.
    pub enum GatewayKind { Vpn => "vpn", ExpressRoute => "expressroute" }
}

yaml_enum! {
    /// VPN connection type of a VPN gateway.
    pub enum VpnType { PointToSite => "point_to_site", SiteToSite => "site_to_site" }
}

yaml_enum! {
    /// Azure Bastion SKU.
    pub enum BastionSku { Developer => "Developer", Basic => "Basic", Standard => "Standard", Premium => "Premium" }
}

/// The kind of resource a private endpoint group targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Workspace,
    Storage,
    KeyVault,
    Registry,
    Aks,
    Synapse,
}

impl Group {
    /// Returns the kind of resource that owns this sub-resource.
    pub fn target_kind(self) -> TargetKind {
        match self {
            Group::AmlWorkspace => TargetKind::Workspace,
            Group::Blob | Group::File | Group::Queue | Group::Table | Group::Dfs => {
                TargetKind::Storage
            }
            Group::Vault => TargetKind::KeyVault,
            Group::Registry => TargetKind::Registry,
            Group::Management => TargetKind::Aks,
            Group::Sql | Group::SqlOnDemand | Group::Dev => TargetKind::Synapse,
        }
    }
}
