//! Azure facts shared by the semantics and the rules: private DNS zone names,
//! conditional forwarder zones, region names and reserved subnet names.
//!
//! Sources: Microsoft Learn, "Azure Private Endpoint private DNS zone values"
//! (private-endpoint-dns) and "How to use your workspace with a custom DNS
//! server" (how-to-custom-dns); region names from the Azure reliability docs (2025).

use crate::model::{Cloud, Group};

/// Returns the private DNS zone names that a private endpoint of `group` registers in.
/// `region` is the endpoint target's region, used by AKS `management` zones.
pub fn zones_for(cloud: Cloud, group: Group, region: Option<&str>) -> Vec<String> {
    let storage = |service: &str| match cloud {
        Cloud::Public => format!("privatelink.{service}.core.windows.net"),
        Cloud::UsGovernment => format!("privatelink.{service}.core.usgovcloudapi.net"),
        Cloud::China => format!("privatelink.{service}.core.chinacloudapi.cn"),
    };
    let fixed = |public: &str, gov: &str, china: &str| match cloud {
        Cloud::Public => public.to_string(),
        Cloud::UsGovernment => gov.to_string(),
        Cloud::China => china.to_string(),
    };
    match group {
        Group::AmlWorkspace => vec![
            fixed(
                "privatelink.api.azureml.ms",
                "privatelink.api.ml.azure.us",
                "privatelink.api.ml.azure.cn",
            ),
            fixed(
                "privatelink.notebooks.azure.net",
                "privatelink.notebooks.usgovcloudapi.net",
                "privatelink.notebooks.chinacloudapi.cn",
            ),
        ],
        Group::Blob => vec![storage("blob")],
        Group::File => vec![storage("file")],
        Group::Queue => vec![storage("queue")],
        Group::Table => vec![storage("table")],
        Group::Dfs => vec![storage("dfs")],
        Group::Vault => vec![fixed(
            "privatelink.vaultcore.azure.net",
            "privatelink.vaultcore.usgovcloudapi.net",
            "privatelink.vaultcore.azure.cn",
        )],
        Group::Registry => vec![fixed(
            "privatelink.azurecr.io",
            "privatelink.azurecr.us",
            "privatelink.azurecr.cn",
        )],
        Group::Management => {
            let region = region.unwrap_or("<region>");
            vec![match cloud {
                Cloud::China => format!("privatelink.{region}.cx.prod.service.azk8s.cn"),
                // NOTE: the US Government AKS zone is not in the facts this
                // table was built from; the public form is assumed.
                _ => format!("privatelink.{region}.azmk8s.io"),
            }]
        }
        // The docs give one Synapse zone name for all clouds' suffix forms; only the
        // public spelling is checked.
        Group::Sql | Group::SqlOnDemand => vec!["privatelink.sql.azuresynapse.net".into()],
        Group::Dev => vec!["privatelink.dev.azuresynapse.net".into()],
    }
}

/// Returns the public DNS zone a private zone name shadows: the name without `privatelink.`.
pub fn public_zone(private_zone: &str) -> &str {
    private_zone
        .strip_prefix("privatelink.")
        .unwrap_or(private_zone)
}

/// The address of Azure-provided DNS inside every VNet.
pub const AZURE_DNS: &str = "168.63.129.16";

/// Public zones that a custom DNS server must forward to Azure DNS for a workspace.
pub struct ForwarderZones {
    /// Missing one of these breaks the workspace API or notebooks (error).
    pub required: Vec<&'static str>,
    /// Missing one of these breaks compute instances, notebook content or
    /// inference (warning). Each entry lists accepted spellings.
    pub recommended: Vec<&'static [&'static str]>,
}

pub fn forwarder_zones(cloud: Cloud) -> ForwarderZones {
    match cloud {
        Cloud::Public => ForwarderZones {
            required: vec!["api.azureml.ms", "notebooks.azure.net"],
            recommended: vec![
                &["instances.ml.azure.ms", "instances.azureml.ms"],
                &["aznbcontent.net"],
                &["inference.ml.azure.com"],
            ],
        },
        Cloud::UsGovernment => ForwarderZones {
            required: vec!["api.ml.azure.us", "notebooks.usgovcloudapi.net"],
            recommended: vec![
                &["instances.ml.azure.us"],
                &["aznbcontent.net"],
                &["inference.ml.azure.us"],
            ],
        },
        Cloud::China => ForwarderZones {
            required: vec!["api.ml.azure.cn", "notebooks.chinacloudapi.cn"],
            recommended: vec![
                &["instances.ml.azure.ms"],
                &["aznbcontent.net"],
                &["inference.ml.azure.cn"],
            ],
        },
    }
}

/// Subnet names that Azure reserves for one kind of resource.
pub const GATEWAY_SUBNET: &str = "GatewaySubnet";
pub const BASTION_SUBNET: &str = "AzureBastionSubnet";
pub const FIREWALL_SUBNET: &str = "AzureFirewallSubnet";
pub const FIREWALL_MANAGEMENT_SUBNET: &str = "AzureFirewallManagementSubnet";
pub const RESERVED_SUBNETS: [&str; 4] = [
    GATEWAY_SUBNET,
    BASTION_SUBNET,
    FIREWALL_SUBNET,
    FIREWALL_MANAGEMENT_SUBNET,
];

/// Returns true when `name` is one of the reserved subnet names (compared case-insensitively).
pub fn is_reserved_subnet(name: &str) -> bool {
    RESERVED_SUBNETS
        .iter()
        .any(|r| r.eq_ignore_ascii_case(name))
}

/// Programmatic region names. Advisory: `az account list-locations` is authoritative.
pub const REGIONS: &[&str] = &[
    "australiacentral",
    "australiacentral2",
    "australiaeast",
    "australiasoutheast",
    "austriaeast",
    "belgiumcentral",
    "brazilsouth",
    "brazilsoutheast",
    "canadacentral",
    "canadaeast",
    "centralindia",
    "centralus",
    "chilecentral",
    "denmarkeast",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "francesouth",
    "germanynorth",
    "germanywestcentral",
    "indonesiacentral",
    "israelcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "koreacentral",
    "koreasouth",
    "malaysiawest",
    "mexicocentral",
    "newzealandnorth",
    "northcentralus",
    "northeurope",
    "norwayeast",
    "norwaywest",
    "polandcentral",
    "qatarcentral",
    "southafricanorth",
    "southafricawest",
    "southcentralus",
    "southindia",
    "southeastasia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "switzerlandwest",
    "uaecentral",
    "uaenorth",
    "uksouth",
    "ukwest",
    "westcentralus",
    "westeurope",
    "westindia",
    "westus",
    "westus2",
    "westus3",
    "jioindiacentral",
    "jioindiawest",
    "swedensouth",
    "centraluseuap",
    "eastus2euap",
    "usgovvirginia",
    "usgovarizona",
    "usgovtexas",
    "usdodcentral",
    "usdodeast",
    "chinaeast",
    "chinaeast2",
    "chinaeast3",
    "chinanorth",
    "chinanorth2",
    "chinanorth3",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_zones_per_cloud() {
        let public = zones_for(Cloud::Public, Group::AmlWorkspace, None);
        assert_eq!(
            public,
            [
                "privatelink.api.azureml.ms",
                "privatelink.notebooks.azure.net"
            ]
        );
        let china = zones_for(Cloud::China, Group::Registry, None);
        assert_eq!(china, ["privatelink.azurecr.cn"]);
    }

    #[test]
    fn aks_zone_uses_region() {
        let zones = zones_for(Cloud::Public, Group::Management, Some("eastus2"));
        assert_eq!(zones, ["privatelink.eastus2.azmk8s.io"]);
    }
}
