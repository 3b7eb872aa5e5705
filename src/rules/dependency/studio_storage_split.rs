//! `studio-storage-split`: a client uses the workspace through an endpoint in
//! one VNet and its storage only through an endpoint in another.

use std::collections::{BTreeSet, HashSet};

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, ServiceKind, SubnetId, TargetRef};
use crate::model::Group;
use crate::net::{ClientEntry, Route, Source};
use crate::rules::{Context, Rule};

/// One storage account the client reaches only outside its workspace endpoint's VNet.
struct Split {
    workspace: usize,
    /// For messages: "default storage `st`".
    storage: String,
    /// The storage endpoint the client's resolver leads to.
    endpoint: usize,
    /// The VNets of the workspace endpoints the client uses.
    workspace_vnets: BTreeSet<usize>,
    path: String,
}

fn split(cx: &Context, entry: &ClientEntry, splits: &[Split]) -> Finding {
    let t = cx.topology;
    let vnet_names = |vnets: &BTreeSet<usize>| {
        let names: Vec<String> = vnets
            .iter()
            .map(|&v| format!("`{}`", t.vnets[v].name.value))
            .collect();
        names.join(" or ")
    };
    let endpoint_vnet = |pe: usize| {
        cx.index.endpoint_subnet[pe].map_or(String::new(), |s| t.vnets[s.vnet].name.value.clone())
    };
    let cases: Vec<String> = splits
        .iter()
        .map(|s| {
            format!(
                "workspace `{}` through its endpoint in {} but {} (blob) only through endpoint \
                 `{}` in `{}`",
                t.workspaces[s.workspace].name.value,
                vnet_names(&s.workspace_vnets),
                s.storage,
                t.private_endpoints[s.endpoint].name.value,
                endpoint_vnet(s.endpoint)
            )
        })
        .collect();
    let fixes: Vec<String> = splits
        .iter()
        .map(|s| format!("{} in {}", s.storage, vnet_names(&s.workspace_vnets)))
        .collect();
    let kind = match entry.source {
        Source::OnPrem(_) => Kind::Gateway,
        Source::Subnet(_) => Kind::VirtualMachine,
    };

    let mut finding = Finding::new(
        &RULE,
        Severity::Warning,
        (kind, &entry.name),
        entry.loc,
        "storage endpoint in another VNet",
        format!(
            "{} can use {}; the SDK works across peering, but studio features that read data \
             (data preview, datastore browsing, the designer) fail",
            entry.description,
            cases.join(", and ")
        ),
    )
    .help(format!(
        "add a blob private endpoint for {}, registered in a private DNS zone that this \
         client's resolver uses",
        fixes.join(", ")
    ))
    .path(splits.iter().map(|s| s.path.clone()).collect());
    for s in splits {
        let endpoint = &t.private_endpoints[s.endpoint];
        finding = finding.related(
            endpoint.subnet.loc,
            format!("endpoint `{}` of {}", endpoint.name.value, s.storage),
        );
    }
    finding
}

pub static RULE: Rule = Rule {
    id: "studio-storage-split",
    category: Category::Dependency,
    severity: Severity::Warning,
    summary: "a client reaches the workspace and its storage through endpoints in different VNets",
    check,
};

/// A workspace with private endpoints, and where they are.
struct PrivateWorkspace {
    workspace: usize,
    subnets: Vec<SubnetId>,
    vnets: HashSet<usize>,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let private = private_workspaces(cx);
    if private.is_empty() {
        return;
    }

    for entry in cx.net.client_entries() {
        let splits: Vec<Split> = private
            .iter()
            .flat_map(|p| splits_for(cx, entry.source, p))
            .collect();

        if !splits.is_empty() {
            out.push(split(cx, &entry, &splits));
        }
    }
}

/// Compares the VNets of the workspace endpoints `source` uses with the
/// endpoint its resolver gives for each storage account of the workspace.
fn splits_for(cx: &Context, source: Source, private: &PrivateWorkspace) -> Vec<Split> {
    let t = cx.topology;
    let net = cx.net;
    let w = private.workspace;
    let workspace = net.use_service(source, TargetRef::Workspace(w), Group::AmlWorkspace);
    if !matches!(workspace.route, Some(Route::Endpoint(_) | Route::Record)) {
        return Vec::new();
    }
    let workspace_vnets = workspace_vnets_used(cx, source, private);
    if workspace_vnets.is_empty() {
        return Vec::new();
    }

    let mut splits = Vec::new();
    for (s, role) in storage_accounts(cx, w) {
        let usage = net.use_service(
            source,
            TargetRef::Service(ServiceKind::Storage, s),
            Group::Blob,
        );
        let Some(Route::Endpoint(pe)) = usage.route else {
            continue;
        };
        let Some(subnet) = cx.index.endpoint_subnet[pe] else {
            continue;
        };
        if workspace_vnets.contains(&subnet.vnet) {
            continue;
        }
        splits.push(Split {
            workspace: w,
            storage: format!("{role} `{}`", t.storage_accounts[s].name.value),
            endpoint: pe,
            workspace_vnets: workspace_vnets.clone(),
            path: usage.path.render(),
        });
    }
    splits
}

/// Returns the VNets of the workspace endpoints a client uses: the one in its
/// own VNet when there is one, else every one it can send packets to.
fn workspace_vnets_used(
    cx: &Context,
    source: Source,
    private: &PrivateWorkspace,
) -> BTreeSet<usize> {
    let home = source.vnet(cx.net);
    if let Some(home) = home.filter(|v| private.vnets.contains(v)) {
        return BTreeSet::from([home]);
    }
    private
        .subnets
        .iter()
        .filter(|&&s| !cx.net.reach(source, s).broken)
        .map(|s| s.vnet)
        .collect()
}

/// Lists the workspaces with approved private endpoints and the subnets of those endpoints.
fn private_workspaces(cx: &Context) -> Vec<PrivateWorkspace> {
    let t = cx.topology;
    let ix = cx.index;
    let mut private = Vec::new();
    for w in 0..t.workspaces.len() {
        let subnets: Vec<SubnetId> = ix
            .approved_endpoints(t, TargetRef::Workspace(w), Group::AmlWorkspace)
            .filter_map(|pe| ix.endpoint_subnet[pe])
            .collect();
        if subnets.is_empty() {
            continue;
        }
        let vnets = subnets.iter().map(|s| s.vnet).collect();
        private.push(PrivateWorkspace {
            workspace: w,
            subnets,
            vnets,
        });
    }
    private
}

/// Lists the workspace's default storage and additional storage accounts, once each.
fn storage_accounts(cx: &Context, w: usize) -> Vec<(usize, &'static str)> {
    let ix = cx.index;
    let mut accounts: Vec<(usize, &'static str)> = Vec::new();
    if let Some(s) = ix.workspace_storage[w] {
        accounts.push((s, "default storage"));
    }
    for &s in ix.workspace_additional_storage[w].iter().flatten() {
        if !accounts.iter().any(|&(a, _)| a == s) {
            accounts.push((s, "additional storage"));
        }
    }
    accounts
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "studio-storage-split";

    /// The isolated-clients design: a jump box behind Bastion in `vnet-clients`,
    /// peered with `vnet-work`. The workspace has an endpoint in each VNet;
    /// its storage only in `vnet-work`, resolved from both VNets.
    const BASE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, public_network_access: Disabled}
storage_accounts: [{name: stml, public_network_access: Disabled}]
key_vaults: [{name: kv-ml}]
vnets:
  - name: vnet-work
    address_space: [10.1.0.0/16]
    subnets: [{name: snet-pe, address_prefix: 10.1.1.0/24}]
  - name: vnet-clients
    address_space: [10.2.0.0/16]
    subnets:
      - {name: snet-pe, address_prefix: 10.2.1.0/24}
      - {name: snet-vm, address_prefix: 10.2.2.0/24}
      - {name: AzureBastionSubnet, address_prefix: 10.2.255.0/26}
peerings:
  - {from: vnet-work, to: vnet-clients}
  - {from: vnet-clients, to: vnet-work}
bastions: [{name: bas-clients, vnet: vnet-clients}]
virtual_machines: [{name: vm-jump, subnet: vnet-clients/snet-vm, role: jump_box}]
private_endpoints:
  - {name: pe-mlw-w, subnet: vnet-work/snet-pe, target: mlw, group: amlworkspace, dns_zones: [rg-w/privatelink.api.azureml.ms, rg-w/privatelink.notebooks.azure.net]}
  - {name: pe-mlw-c, subnet: vnet-clients/snet-pe, target: mlw, group: amlworkspace, dns_zones: [rg-c/privatelink.api.azureml.ms, rg-c/privatelink.notebooks.azure.net]}
  - {name: pe-blob-w, subnet: vnet-work/snet-pe, target: stml, group: blob, dns_zones: [privatelink.blob.core.windows.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, resource_group: rg-w, vnet_links: [vnet-work]}
  - {name: privatelink.notebooks.azure.net, resource_group: rg-w, vnet_links: [vnet-work]}
  - {name: privatelink.api.azureml.ms, resource_group: rg-c, vnet_links: [vnet-clients]}
  - {name: privatelink.notebooks.azure.net, resource_group: rg-c, vnet_links: [vnet-clients]}
  - {name: privatelink.blob.core.windows.net, vnet_links: [vnet-work, vnet-clients]}
";

    #[test]
    fn storage_only_in_other_vnet_reported() {
        let found = findings(BASE, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vm-jump");
        assert!(found[0].message.contains("`pe-blob-w` in `vnet-work`"));
        assert!(found[0]
            .message
            .contains("through its endpoint in `vnet-clients`"));
        assert_eq!(found[0].path.len(), 1);
    }

    #[test]
    fn storage_endpoint_in_client_vnet_passes() {
        let yaml = BASE
            .replace(
                "dns_zones: [privatelink.blob.core.windows.net]}",
                "dns_zones: [rg-w/privatelink.blob.core.windows.net]}\n  - {name: pe-blob-c, subnet: vnet-clients/snet-pe, target: stml, group: blob, dns_zones: [rg-c/privatelink.blob.core.windows.net]}",
            )
            .replace(
                "  - {name: privatelink.blob.core.windows.net, vnet_links: [vnet-work, vnet-clients]}",
                "  - {name: privatelink.blob.core.windows.net, resource_group: rg-w, vnet_links: [vnet-work]}\n  - {name: privatelink.blob.core.windows.net, resource_group: rg-c, vnet_links: [vnet-clients]}",
            );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn jump_box_in_workload_vnet_passes() {
        let yaml = BASE
            .replace("vnet: vnet-clients}]", "vnet: vnet-work}]")
            .replace("subnet: vnet-clients/snet-vm", "subnet: vnet-work/snet-pe");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn additional_storage_split_reported() {
        let yaml = BASE
            .replace("key_vault: kv-ml,", "key_vault: kv-ml, additional_storage: [stdata],")
            .replace(
                "storage_accounts: [{name: stml, public_network_access: Disabled}]",
                "storage_accounts: [{name: stml, public_network_access: Disabled}, {name: stdata}]",
            )
            .replace(
                "dns_zones: [privatelink.blob.core.windows.net]}",
                "dns_zones: [privatelink.blob.core.windows.net]}\n  - {name: pe-data-w, subnet: vnet-work/snet-pe, target: stdata, group: blob, dns_zones: [privatelink.blob.core.windows.net]}",
            );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("additional storage `stdata`"));
        assert_eq!(found[0].path.len(), 2);
    }

    #[test]
    fn onprem_clients_reported_per_gateway() {
        let yaml = format!(
            "{}gateways: [{{name: vgw, kind: vpn, vnet: vnet-clients}}]\ndns_resolvers:\n  - {{name: dnspr, vnet: vnet-clients, inbound_subnet: vnet-clients/snet-vm, inbound_ip: 10.2.2.4}}\n",
            BASE.replace("bastions: [{name: bas-clients, vnet: vnet-clients}]\n", "")
                .replace(
                    "{from: vnet-work, to: vnet-clients}",
                    "{from: vnet-work, to: vnet-clients, use_remote_gateways: true}"
                )
                .replace(
                    "{from: vnet-clients, to: vnet-work}",
                    "{from: vnet-clients, to: vnet-work, allow_gateway_transit: true}"
                )
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vgw");
        assert!(found[0]
            .message
            .starts_with("on-premises clients behind gateway `vgw` can use"));
    }

    #[test]
    fn no_client_entry_passes() {
        let yaml = BASE.replace("bastions: [{name: bas-clients, vnet: vnet-clients}]\n", "");
        assert!(messages(&yaml, RULE).is_empty());
    }
}
