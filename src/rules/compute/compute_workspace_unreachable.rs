//! `compute-workspace-unreachable`: a compute or AKS node pool sits in a
//! subnet that cannot send packets to any private endpoint of its workspace.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::TargetRef;
use crate::model::Group;
use crate::net::{Source, SourceUsage};
use crate::rules::reach::{path_fixes, source_finding};
use crate::rules::{Context, Rule};

/// Most endpoints whose failed path is printed.
const PATHS_SHOWN: usize = 3;

fn unreachable(cx: &Context, source: &SourceUsage) -> Finding {
    let t = cx.topology;
    let workspace = &t.workspaces[source.workspace].name.value;
    let from = Source::Subnet(source.source.subnet);
    let endpoints: Vec<usize> = cx
        .index
        .approved_endpoints(
            t,
            TargetRef::Workspace(source.workspace),
            Group::AmlWorkspace,
        )
        .collect();
    let tried: Vec<(usize, crate::net::Path)> = endpoints
        .iter()
        .take(PATHS_SHOWN)
        .filter_map(|&pe| cx.index.endpoint_subnet[pe].map(|s| (pe, cx.net.reach(from, s))))
        .collect();
    let paths = tried
        .iter()
        .map(|(pe, path)| {
            format!(
                "endpoint `{}`: {}",
                t.private_endpoints[*pe].name.value,
                path.render()
            )
        })
        .collect();
    let fix = path_fixes(tried.iter().map(|(_, path)| path));
    let vnet = &t.vnets[source.source.subnet.vnet].name.value;
    let message = format!(
        "`{}` ({}) cannot send packets to any private endpoint of workspace `{workspace}`; with a workspace \
         private endpoint, compute outside its reach stops working",
        t.subnet_display(source.source.subnet),
        source.source.describe(),
    );
    source_finding(
        cx,
        &RULE,
        Severity::Error,
        source,
        "cannot reach the workspace",
        message,
    )
    .path(paths)
    .help(fix.unwrap_or_else(|| {
        format!(
            "peer `{vnet}` both ways with a VNet that holds a private endpoint of `{workspace}`, \
             or add a workspace private endpoint in `{vnet}`"
        )
    }))
}

pub static RULE: Rule = Rule {
    id: "compute-workspace-unreachable",
    category: Category::Compute,
    severity: Severity::Error,
    summary: "a compute or AKS subnet cannot send packets to any workspace private endpoint",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for source in cx.net.usage_by_source() {
        // Set only for subnets holding compute or AKS while the workspace has an endpoint.
        let Some(workspace_use) = &source.workspace_use else {
            continue;
        };
        if workspace_use.usage.endpoint_reachable.is_some() {
            continue;
        }
        out.push(unreachable(cx, source));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    const SPOKE: &str = "
region: eastus2
workspaces: [{name: mlw, storage_account: stml, key_vault: kv-ml}]
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
vnets:
  - {name: vnet-hub, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]}
  - {name: vnet-spoke, address_space: [10.1.0.0/16], subnets: [{name: snet-train, address_prefix: 10.1.1.0/24}]}
computes: [{name: cpu-cluster, kind: cluster, subnet: vnet-spoke/snet-train}]
private_endpoints:
  - {name: pe-mlw, subnet: vnet-hub/snet-pe, target: mlw, group: amlworkspace,
     dns_zones: [privatelink.api.azureml.ms, privatelink.notebooks.azure.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [vnet-hub, vnet-spoke]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [vnet-hub, vnet-spoke]}
";

    #[test]
    fn unpeered_compute_reported() {
        let found = findings(SPOKE, "compute-workspace-unreachable");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-spoke/snet-train");
        assert!(
            found[0].path[0].contains("not peered"),
            "{}",
            found[0].path[0]
        );
    }

    #[test]
    fn peered_compute_passes() {
        let yaml = format!("{SPOKE}peerings: [{{from: vnet-hub, to: vnet-spoke}}, {{from: vnet-spoke, to: vnet-hub}}]\n");
        assert!(findings(&yaml, "compute-workspace-unreachable").is_empty());
    }

    #[test]
    fn hub_firewall_route_passes() {
        let yaml = "
region: eastus2
workspaces: [{name: mlw, storage_account: stml, key_vault: kv-ml}]
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
vnets:
  - name: vnet-hub
    address_space: [10.0.0.0/16]
    subnets: [{name: AzureFirewallSubnet, address_prefix: 10.0.0.0/26}]
  - {name: vnet-pe, address_space: [10.2.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.2.1.0/24}]}
  - name: vnet-spoke
    address_space: [10.1.0.0/16]
    subnets:
      - name: snet-train
        address_prefix: 10.1.1.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: 'VirtualAppliance:fw-hub'}]
firewalls: [{name: fw-hub, subnet: vnet-hub/AzureFirewallSubnet, private_ip: 10.0.0.4}]
peerings:
  - {from: vnet-hub, to: vnet-spoke}
  - {from: vnet-spoke, to: vnet-hub, allow_forwarded_traffic: true}
  - {from: vnet-hub, to: vnet-pe}
  - {from: vnet-pe, to: vnet-hub, allow_forwarded_traffic: true}
computes: [{name: cpu-cluster, kind: cluster, subnet: vnet-spoke/snet-train}]
private_endpoints:
  - {name: pe-mlw, subnet: vnet-pe/snet-pe, target: mlw, group: amlworkspace}
";
        assert!(findings(yaml, "compute-workspace-unreachable").is_empty());
        let no_forwarding = yaml.replace(
            "{from: vnet-pe, to: vnet-hub, allow_forwarded_traffic: true}",
            "{from: vnet-pe, to: vnet-hub}",
        );
        let found = findings(&no_forwarding, "compute-workspace-unreachable");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].path[0].contains("allow_forwarded_traffic"),
            "{}",
            found[0].path[0]
        );
        assert_eq!(
            found[0].help,
            "set `allow_forwarded_traffic: true` on peering `vnet-pe-to-vnet-hub`"
        );
    }
}
