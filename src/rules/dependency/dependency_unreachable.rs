//! `dependency-unreachable`: a subnet that must use a workspace's storage,
//! key vault or registry cannot reach any of its private endpoints, and its
//! public endpoint does not admit the subnet.

use crate::finding::{Category, Finding, Severity};
use crate::net::{Answer, NeedUsage, SourceUsage};
use crate::rules::reach::{join_labels, path_fixes, path_lines, source_finding};
use crate::rules::{Context, Rule};

fn unreachable(cx: &Context, source: &SourceUsage, failed: &[&NeedUsage]) -> Finding {
    let workspace = &cx.topology.workspaces[source.workspace].name.value;
    let vnet = &cx.topology.vnets[source.source.subnet.vnet].name.value;
    let services = join_labels(failed.iter().map(|n| n.need.label.as_str()));
    let message = format!(
        "`{}` ({}) cannot reach {services} of workspace `{workspace}`: no route to any private endpoint, \
         and the public endpoint does not admit it, so jobs and deployments there fail to read and write",
        cx.topology.subnet_display(source.source.subnet),
        source.source.describe(),
    );
    source_finding(cx, &RULE, Severity::Error, source, "cannot reach what the workspace needs", message)
        .path(path_lines(failed))
        .help(packet_fixes(failed).unwrap_or_else(|| {
            format!(
                "add private endpoints for them in `{vnet}` (with their DNS zones linked), or peer `{vnet}` both ways \
                 with a VNet that holds them"
            )
        }))
}

/// Returns the fixes of paths that resolved privately and broke on the way:
/// those are packet problems with one change that repairs them.
fn packet_fixes(failed: &[&NeedUsage]) -> Option<String> {
    let private = failed
        .iter()
        .filter(|n| matches!(n.usage.answer, Answer::Private(_) | Answer::Record { .. }))
        .map(|n| &n.usage.path);
    path_fixes(private)
}

pub static RULE: Rule = Rule {
    id: "dependency-unreachable",
    category: Category::Dependency,
    severity: Severity::Error,
    summary: "a subnet that must use a workspace dependency cannot reach it privately or publicly",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for source in cx.net.usage_by_source() {
        let failed: Vec<&NeedUsage> = source
            .dependencies
            .iter()
            .filter(|n| {
                !n.usage.usable() && !n.usage.ambiguous() && n.usage.endpoint_reachable.is_none()
            })
            .collect();
        if failed.is_empty() {
            continue;
        }
        out.push(unreachable(cx, source, &failed));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    /// A compute in a spoke that is not peered with the VNet holding the endpoints.
    pub const UNPEERED_SPOKE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, public_network_access: Disabled}
storage_accounts: [{name: stml, public_network_access: Disabled}]
key_vaults: [{name: kv-ml, public_network_access: Disabled}]
vnets:
  - name: vnet-hub
    address_space: [10.0.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]
  - name: vnet-spoke
    address_space: [10.1.0.0/16]
    subnets: [{name: snet-train, address_prefix: 10.1.1.0/24}]
computes:
  - {name: cpu-cluster, kind: cluster, subnet: vnet-spoke/snet-train}
private_endpoints:
  - {name: pe-mlw, subnet: vnet-hub/snet-pe, target: mlw, group: amlworkspace,
     dns_zones: [privatelink.api.azureml.ms, privatelink.notebooks.azure.net]}
  - {name: pe-blob, subnet: vnet-hub/snet-pe, target: stml, group: blob, dns_zones: [privatelink.blob.core.windows.net]}
  - {name: pe-file, subnet: vnet-hub/snet-pe, target: stml, group: file, dns_zones: [privatelink.file.core.windows.net]}
  - {name: pe-kv, subnet: vnet-hub/snet-pe, target: kv-ml, group: vault, dns_zones: [privatelink.vaultcore.azure.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [vnet-hub, vnet-spoke]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [vnet-hub, vnet-spoke]}
  - {name: privatelink.blob.core.windows.net, vnet_links: [vnet-hub, vnet-spoke]}
  - {name: privatelink.file.core.windows.net, vnet_links: [vnet-hub, vnet-spoke]}
  - {name: privatelink.vaultcore.azure.net, vnet_links: [vnet-hub, vnet-spoke]}
";

    const PEERINGS: &str = "
peerings:
  - {from: vnet-hub, to: vnet-spoke}
  - {from: vnet-spoke, to: vnet-hub}
";

    #[test]
    fn unpeered_spoke_reported_once() {
        let found = findings(UNPEERED_SPOKE, "dependency-unreachable");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-spoke/snet-train");
        assert_eq!(
            found[0].path.len(),
            3,
            "blob, file and vault each get a path line"
        );
        assert!(
            found[0].path[0].contains("not peered"),
            "{}",
            found[0].path[0]
        );
    }

    #[test]
    fn two_way_peering_passes() {
        let yaml = format!("{UNPEERED_SPOKE}{PEERINGS}");
        assert!(findings(&yaml, "dependency-unreachable").is_empty());
    }

    #[test]
    fn one_way_peering_still_fails() {
        let yaml = format!("{UNPEERED_SPOKE}peerings: [{{from: vnet-spoke, to: vnet-hub}}]\n");
        let found = findings(&yaml, "dependency-unreachable");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].path[0].contains("one direction"),
            "{}",
            found[0].path[0]
        );
    }

    #[test]
    fn public_dependencies_admit_spoke() {
        let yaml = "
region: eastus2
workspaces: [{name: mlw, storage_account: stml, key_vault: kv-ml}]
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
vnets:
  - {name: vnet-spoke, address_space: [10.1.0.0/16], subnets: [{name: snet-train, address_prefix: 10.1.1.0/24}]}
computes: [{name: cpu-cluster, kind: cluster, subnet: vnet-spoke/snet-train}]
";
        assert!(findings(yaml, "dependency-unreachable").is_empty());
        let denied = yaml.replace(
            "[{name: stml}]",
            "[{name: stml, network_rules: {default_action: Deny}}]",
        );
        assert_eq!(findings(&denied, "dependency-unreachable").len(), 1);
    }
}
