//! `client-storage-unreachable`: a client can use the workspace but not its default storage.

use std::collections::HashSet;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, ServiceKind, SubnetId, TargetRef};
use crate::model::Group;
use crate::net::{Answer, ClientEntry, Source, Usage};
use crate::rules::reach::path_fixes;
use crate::rules::{Context, Rule};

/// A default storage account the client cannot use, and why.
struct Failure {
    workspace: usize,
    storage: usize,
    usage: Usage,
}

fn unreachable_storage(cx: &Context, entry: &ClientEntry, failures: &[Failure]) -> Finding {
    let t = cx.topology;
    let client = match entry.source {
        Source::Subnet(s) => format!("{} in `{}`", entry.description, t.subnet_display(s)),
        Source::OnPrem(_) => entry.description.clone(),
    };
    let cases: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "workspace `{}` but not its default storage `{}` (blob), because {}",
                t.workspaces[f.workspace].name.value,
                t.storage_accounts[f.storage].name.value,
                reason(cx, &f.usage)
            )
        })
        .collect();
    let storage: Vec<String> = failures
        .iter()
        .map(|f| format!("`{}`", t.storage_accounts[f.storage].name.value))
        .collect();
    let kind = match entry.source {
        Source::OnPrem(_) => Kind::Gateway,
        Source::Subnet(_) => Kind::VirtualMachine,
    };

    Finding::new(
        &RULE,
        Severity::Warning,
        (kind, &entry.name),
        entry.loc,
        "cannot use the default storage",
        format!(
            "{client} can use {}; studio features that read or upload data fail there",
            cases.join(", and ")
        ),
    )
    .help(
        path_fixes(failures.iter().map(|f| &f.usage.path)).unwrap_or_else(|| {
            format!(
            "add a blob private endpoint of {} that this client can send packets to, and have its \
             resolver answer with that endpoint's address",
            storage.join(", ")
        )
        }),
    )
    .path(failures.iter().map(|f| f.usage.path.render()).collect())
}

/// Explains in a few words why a usage failed.
fn reason(cx: &Context, usage: &Usage) -> String {
    let t = cx.topology;
    match &usage.answer {
        Answer::Private(pe) => format!(
            "packets cannot reach its endpoint `{}`",
            t.private_endpoints[*pe].name.value
        ),
        Answer::Record { ip, .. } => format!("packets cannot reach {ip}, the address in its zone"),
        Answer::NxDomain(zone) => format!("zone `{}` has no record for it", t.zone_display(*zone)),
        Answer::Public => {
            "its name resolves to the public address, which does not admit this client".into()
        }
        Answer::Unverifiable => {
            "no endpoint is reachable and the public address does not admit this client".into()
        }
        Answer::Failed(why) => format!("name resolution fails: {why}"),
        Answer::Ambiguous(zone) => format!(
            "zone `{}` holds records of several endpoints",
            t.zone_display(*zone)
        ),
    }
}

pub static RULE: Rule = Rule {
    id: "client-storage-unreachable",
    category: Category::Access,
    severity: Severity::Warning,
    summary: "a client can use the workspace but not its default storage",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let reported_elsewhere = workspace_source_subnets(cx);
    let mut seen = HashSet::new();
    for entry in cx.net.client_entries() {
        // Reachability findings are counted once per source.
        if !seen.insert(entry.source) {
            continue;
        }

        let failures: Vec<Failure> = (0..cx.topology.workspaces.len())
            .filter(|&w| match entry.source {
                Source::Subnet(s) => !reported_elsewhere[w].contains(&s),
                Source::OnPrem(_) => true,
            })
            .filter_map(|w| storage_failure(cx, entry.source, w))
            .collect();

        if !failures.is_empty() {
            out.push(unreachable_storage(cx, &entry, &failures));
        }
    }
}

/// Returns the subnets whose use of each workspace's services
/// `dependency-unreachable` and `dns-unresolvable` already check.
fn workspace_source_subnets(cx: &Context) -> Vec<HashSet<SubnetId>> {
    cx.net
        .workspace_sources()
        .iter()
        .map(|sources| sources.iter().map(|s| s.subnet).collect())
        .collect()
}

fn storage_failure(cx: &Context, source: Source, w: usize) -> Option<Failure> {
    let storage = cx.index.workspace_storage[w]?;
    let workspace = cx
        .net
        .use_service(source, TargetRef::Workspace(w), Group::AmlWorkspace);
    if !workspace.usable() {
        return None;
    }
    let target = TargetRef::Service(ServiceKind::Storage, storage);
    let usage = cx.net.use_service(source, target, Group::Blob);
    // An ambiguous answer is reported by `pe-dns-record-conflict`.
    if usage.usable() || usage.ambiguous() {
        return None;
    }
    Some(Failure {
        workspace: w,
        storage,
        usage,
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "client-storage-unreachable";

    /// A jump box in `vnet-clients` that holds only a workspace endpoint; the
    /// private storage's endpoint is in `vnet-work`, peered with the clients.
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
  - {name: pe-mlw-c, subnet: vnet-clients/snet-pe, target: mlw, group: amlworkspace, dns_zones: [privatelink.api.azureml.ms, privatelink.notebooks.azure.net]}
  - {name: pe-blob-w, subnet: vnet-work/snet-pe, target: stml, group: blob, dns_zones: [privatelink.blob.core.windows.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [vnet-clients]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [vnet-clients]}
  - {name: privatelink.blob.core.windows.net, vnet_links: [vnet-work]}
";

    #[test]
    fn storage_zone_not_linked_reported() {
        let found = findings(BASE, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vm-jump");
        assert!(found[0].message.contains("default storage `stml` (blob)"));
        assert!(found[0].message.contains("public address"));
        assert_eq!(found[0].path.len(), 1);
    }

    #[test]
    fn linked_storage_zone_passes() {
        let yaml = BASE.replace(
            "{name: privatelink.blob.core.windows.net, vnet_links: [vnet-work]}",
            "{name: privatelink.blob.core.windows.net, vnet_links: [vnet-work, vnet-clients]}",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn unpeered_storage_endpoint_reported() {
        let yaml = BASE
            .replace("  - {from: vnet-work, to: vnet-clients}\n", "")
            .replace(
                "{name: privatelink.blob.core.windows.net, vnet_links: [vnet-work]}",
                "{name: privatelink.blob.core.windows.net, vnet_links: [vnet-work, vnet-clients]}",
            );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0]
            .message
            .contains("packets cannot reach its endpoint `pe-blob-w`"));
    }

    #[test]
    fn client_that_cannot_use_workspace_passes() {
        let yaml = BASE.replace(
            "{name: privatelink.api.azureml.ms, vnet_links: [vnet-clients]}",
            "{name: privatelink.api.azureml.ms, vnet_links: [vnet-work]}",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn jump_box_in_workspace_source_subnet_skipped() {
        // The jump box shares a subnet with a workspace endpoint, so the
        // dependency rules report that subnet's storage problem instead.
        let yaml = BASE.replace(
            "subnet: vnet-clients/snet-vm",
            "subnet: vnet-clients/snet-pe",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn public_storage_passes() {
        let yaml = BASE.replace(
            "{name: stml, public_network_access: Disabled}",
            "{name: stml}",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn onprem_clients_without_storage_zone_reported() {
        let yaml = format!(
            "{}gateways: [{{name: vgw, kind: vpn, vnet: vnet-clients}}]\ndns_resolvers:\n  - {{name: dnspr, vnet: vnet-clients, inbound_subnet: vnet-clients/snet-vm, inbound_ip: 10.2.2.4}}\n",
            BASE.replace("bastions: [{name: bas-clients, vnet: vnet-clients}]\n", "")
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vgw");
        assert!(found[0]
            .message
            .starts_with("on-premises clients behind gateway `vgw` can use"));
    }

    #[test]
    fn one_finding_per_source_subnet() {
        let yaml = BASE.replace(
            "virtual_machines: [{name: vm-jump, subnet: vnet-clients/snet-vm, role: jump_box}]",
            "virtual_machines:\n  - {name: vm-jump, subnet: vnet-clients/snet-vm, role: jump_box}\n  - {name: vm-jump2, subnet: vnet-clients/snet-vm, role: jump_box}",
        );
        assert_eq!(messages(&yaml, RULE).len(), 1);
    }
}
