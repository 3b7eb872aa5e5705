//! `no-client-path`: nobody can reach a workspace that accepts only private traffic.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, TargetRef};
use crate::model::{Access, Group};
use crate::net::ClientEntry;
use crate::rules::reach::path_fixes;
use crate::rules::{Context, Rule};

fn unreachable(
    cx: &Context,
    workspace: usize,
    entries: &[ClientEntry],
    paths: Vec<String>,
    fixes: Option<String>,
) -> Finding {
    let ws = &cx.topology.workspaces[workspace].name;
    let reason = if entries.is_empty() {
        "the topology declares no client entry point (no VPN or ExpressRoute gateway, and no \
         Bastion with a jump box VM)"
            .to_string()
    } else {
        let names: Vec<&str> = entries.iter().map(|e| e.description.as_str()).collect();
        format!(
            "none of its client entry points can use it: {}",
            names.join(", ")
        )
    };
    let mut finding = Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::Workspace, &ws.value),
        ws.loc,
        "no client can reach this workspace",
        format!(
            "workspace `{}` accepts only private endpoint traffic, but {reason}; people cannot \
             open it in studio or use it from the SDK",
            ws.value
        ),
    )
    .help(fixes.unwrap_or_else(|| {
        "add a way in: a VPN or ExpressRoute gateway in a VNet that can use a workspace \
         endpoint, with a DNS Private Resolver there for on-premises DNS, or Azure Bastion with \
         a `jump_box` VM in such a VNet"
            .to_string()
    }))
    .path(paths);
    for entry in entries.iter().take(3) {
        finding = finding.related(entry.loc, "cannot use the workspace");
    }
    finding
}

pub static RULE: Rule = Rule {
    id: "no-client-path",
    category: Category::Access,
    severity: Severity::Warning,
    summary: "no client entry point can use a workspace that has public access disabled",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let entries = cx.net.client_entries();
    for w in 0..t.workspaces.len() {
        let private = cx.index.workspace_has_endpoint(t, w);
        if !private || cx.index.workspace_public_access(t, w) != Access::Disabled {
            continue;
        }

        let mut paths = Vec::new();
        let mut tried = Vec::new();
        let mut usable = false;
        for entry in &entries {
            let usage =
                cx.net
                    .use_service(entry.source, TargetRef::Workspace(w), Group::AmlWorkspace);
            // `pe-dns-record-conflict` reports an ambiguous DNS answer, so it counts as usable here.
            if usage.usable() || usage.ambiguous() {
                usable = true;
                break;
            }
            paths.push(usage.path.render());
            // When the public endpoint closed the path, the resolution fix is the one that helps.
            let mut path = usage.path;
            if path.fix.is_none() {
                path.fix = usage.dns_fix;
            }
            tried.push(path);
        }

        if !usable {
            let fixes = path_fixes(&tried);
            out.push(unreachable(cx, w, &entries, paths, fixes));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "no-client-path";

    /// A private workspace with one endpoint in `vnet-work`, resolved there,
    /// and a Bastion with a jump box in the same VNet.
    const BASE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, public_network_access: Disabled}
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
vnets:
  - name: vnet-work
    address_space: [10.1.0.0/16]
    subnets:
      - {name: snet-pe, address_prefix: 10.1.1.0/24}
      - {name: snet-vm, address_prefix: 10.1.2.0/24}
      - {name: AzureBastionSubnet, address_prefix: 10.1.255.0/26}
  - name: vnet-other
    address_space: [10.2.0.0/16]
    subnets:
      - {name: snet-vm, address_prefix: 10.2.2.0/24}
      - {name: AzureBastionSubnet, address_prefix: 10.2.255.0/26}
bastions: [{name: bas, vnet: vnet-work}]
virtual_machines: [{name: vm-jump, subnet: vnet-work/snet-vm, role: jump_box}]
private_endpoints:
  - {name: pe-mlw, subnet: vnet-work/snet-pe, target: mlw, group: amlworkspace, dns_zones: [privatelink.api.azureml.ms, privatelink.notebooks.azure.net]}
private_dns_zones:
  - {name: privatelink.api.azureml.ms, vnet_links: [vnet-work]}
  - {name: privatelink.notebooks.azure.net, vnet_links: [vnet-work]}
";

    #[test]
    fn jump_box_in_endpoint_vnet_passes() {
        assert!(messages(BASE, RULE).is_empty());
    }

    #[test]
    fn no_entry_points_reported() {
        let yaml = BASE.replace("bastions: [{name: bas, vnet: vnet-work}]\n", "");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "mlw");
        assert!(found[0].message.contains("no client entry point"));
        assert!(found[0].path.is_empty());
    }

    #[test]
    fn jump_box_in_unpeered_vnet_reported_with_path() {
        let yaml = BASE
            .replace("vnet: vnet-work}]", "vnet: vnet-other}]")
            .replace("subnet: vnet-work/snet-vm", "subnet: vnet-other/snet-vm");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("jump box `vm-jump`"));
        assert_eq!(found[0].path.len(), 1);
    }

    #[test]
    fn public_workspace_passes() {
        let yaml = BASE
            .replace("bastions: [{name: bas, vnet: vnet-work}]\n", "")
            .replace(
                "public_network_access: Disabled",
                "public_network_access: Enabled",
            );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn workspace_without_endpoint_passes() {
        let yaml = BASE
            .replace("bastions: [{name: bas, vnet: vnet-work}]\n", "")
            .replace(
                "group: amlworkspace,",
                "group: amlworkspace, manual_approval: true,",
            );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn gateway_with_resolver_passes() {
        let yaml = format!(
            "{}gateways: [{{name: vgw, kind: vpn, vnet: vnet-work}}]\ndns_resolvers:\n  - {{name: dnspr, vnet: vnet-work, inbound_subnet: vnet-work/snet-vm, inbound_ip: 10.1.2.4}}\n",
            BASE.replace("bastions: [{name: bas, vnet: vnet-work}]\n", "")
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn gateway_without_resolver_reported() {
        let yaml = format!(
            "{}gateways: [{{name: vgw, kind: vpn, vnet: vnet-work}}]\n",
            BASE.replace("bastions: [{name: bas, vnet: vnet-work}]\n", "")
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("gateway `vgw`"));
    }
}
