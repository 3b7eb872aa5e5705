//! `onprem-dns-missing`: on-premises clients reach a private workspace but
//! have no DNS server in Azure to resolve its private zones.

use super::util::is_dns_server;
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Target, TargetRef};
use crate::model::Access;
use crate::rules::{Context, Rule};

fn no_resolver(cx: &Context, gateway: usize, pe: usize, workspace: usize) -> Finding {
    let t = cx.topology;
    let gw = &t.gateways[gateway].name;
    let endpoint = &t.private_endpoints[pe];
    let ws = &t.workspaces[workspace].name.value;
    let vnet = cx.index.endpoint_subnet[pe].map_or(String::new(), |s| {
        format!(" in `{}`", t.vnets[s.vnet].name.value)
    });
    let refused = match cx.index.workspace_public_access(t, workspace) {
        Access::Disabled => ", which refuses their requests because public access is disabled",
        Access::Enabled => ", so their traffic leaves the private network",
    };
    let home = cx.index.gateway_vnet[gateway].map_or_else(
        || "the gateway's VNet".to_string(),
        |v| format!("`{}`", t.vnets[v].name.value),
    );
    Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::Gateway, &gw.value),
        gw.loc,
        "no DNS server reachable from on-premises",
        format!(
            "on-premises clients behind gateway `{}` reach workspace endpoint `{}`{vnet}, but no \
             DNS Private Resolver, DNS server VM or firewall DNS proxy is in a VNet they can send \
             packets to; they cannot query Azure DNS (168.63.129.16), so workspace `{ws}` \
             resolves to its public address{refused}",
            gw.value, endpoint.name.value
        ),
    )
    .related(
        endpoint.subnet.loc,
        format!("workspace endpoint `{}`", endpoint.name.value),
    )
    .help(format!(
        "add a DNS Private Resolver inbound endpoint in {home}, link the private DNS zones to \
         that VNet, and forward the workspace's zones from on-premises DNS to the endpoint"
    ))
}

pub static RULE: Rule = Rule {
    id: "onprem-dns-missing",
    category: Category::Dns,
    severity: Severity::Warning,
    summary: "on-premises clients reach a private workspace but no DNS server in Azure",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let has_dns = vnets_with_dns_server(cx);
    let workspace_endpoint = first_workspace_endpoint_per_vnet(cx);

    for gateway in 0..t.gateways.len() {
        let vnets = cx.net.onprem_vnets(gateway);
        let Some((pe, workspace)) = vnets.iter().find_map(|&v| workspace_endpoint[v]) else {
            continue;
        };

        if vnets.iter().any(|&v| has_dns[v]) {
            continue;
        }
        out.push(no_resolver(cx, gateway, pe, workspace));
    }
}

/// Marks the VNets holding a DNS Private Resolver inbound endpoint, a firewall
/// DNS proxy or a DNS server VM with a private address.
fn vnets_with_dns_server(cx: &Context) -> Vec<bool> {
    let t = cx.topology;
    let ix = cx.index;
    let mut has_dns = vec![false; t.vnets.len()];
    for subnet in ix.resolver_subnet.iter().flatten() {
        has_dns[subnet.vnet] = true;
    }
    for (f, firewall) in t.firewalls.iter().enumerate() {
        let proxy = firewall.dns_proxy.as_ref().is_some_and(|p| p.value);
        if let (true, Some(subnet)) = (proxy, ix.firewall_subnet[f]) {
            has_dns[subnet.vnet] = true;
        }
    }
    for (vm, machine) in t.virtual_machines.iter().enumerate() {
        let addressed = machine.private_ip.is_some();
        if let (true, Some(subnet)) = (addressed && is_dns_server(t, vm), ix.vm_subnet[vm]) {
            has_dns[subnet.vnet] = true;
        }
    }
    has_dns
}

/// Returns, per VNet, its first approved workspace private endpoint and that workspace.
fn first_workspace_endpoint_per_vnet(cx: &Context) -> Vec<Option<(usize, usize)>> {
    let t = cx.topology;
    let ix = cx.index;
    let mut first = vec![None; t.vnets.len()];
    for pe in 0..t.private_endpoints.len() {
        let Target::Found(TargetRef::Workspace(w)) = ix.endpoint_target[pe] else {
            continue;
        };
        if let (true, Some(subnet)) = (ix.endpoint_approved(t, pe), ix.endpoint_subnet[pe]) {
            first[subnet.vnet].get_or_insert((pe, w));
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "onprem-dns-missing";

    /// A VPN gateway in the hub, peered with gateway transit to the workload
    /// VNet that contains the workspace endpoint. No DNS server is declared.
    const BASE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, public_network_access: Disabled}
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
vnets:
  - name: vnet-hub
    address_space: [10.0.0.0/16]
    subnets:
      - {name: GatewaySubnet, address_prefix: 10.0.255.0/27}
      - {name: snet-dns-in, address_prefix: 10.0.1.0/28, delegation: Microsoft.Network/dnsResolvers}
  - name: vnet-work
    address_space: [10.1.0.0/16]
    subnets:
      - {name: snet-pe, address_prefix: 10.1.1.0/24}
peerings:
  - {from: vnet-hub, to: vnet-work, allow_gateway_transit: true}
  - {from: vnet-work, to: vnet-hub, use_remote_gateways: true}
gateways:
  - {name: vgw-hub, kind: vpn, vnet: vnet-hub}
private_endpoints:
  - {name: pe-mlw, subnet: vnet-work/snet-pe, target: mlw, group: amlworkspace}
";

    #[test]
    fn gateway_without_dns_reported() {
        let found = findings(BASE, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vgw-hub");
        assert!(found[0].message.contains("`pe-mlw`"));
        assert!(found[0].message.contains("public access is disabled"));
    }

    #[test]
    fn resolver_in_hub_passes() {
        let yaml = format!(
            "{BASE}dns_resolvers:\n  - {{name: dnspr, vnet: vnet-hub, inbound_subnet: vnet-hub/snet-dns-in, inbound_ip: 10.0.1.4}}\n"
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn dns_server_vm_in_workload_passes() {
        let yaml = format!(
            "{BASE}virtual_machines:\n  - {{name: vm-dns, subnet: vnet-work/snet-pe, private_ip: 10.1.1.10, role: dns_server}}\n"
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn firewall_without_dns_proxy_does_not_count() {
        let firewall = "firewalls:\n  - {name: fw, kind: nva, subnet: vnet-hub/snet-dns-in, private_ip: 10.0.1.4}\n";
        let yaml = format!("{BASE}{firewall}");
        assert_eq!(messages(&yaml, RULE).len(), 1);
        let proxy = format!(
            "{BASE}{}",
            firewall.replace(
                "private_ip: 10.0.1.4}",
                "private_ip: 10.0.1.4, dns_proxy: true}"
            )
        );
        assert!(messages(&proxy, RULE).is_empty());
    }

    #[test]
    fn dns_server_out_of_onprem_reach_does_not_count() {
        // Without gateway transit, on-premises clients reach only the hub,
        // which holds a second workspace endpoint but no DNS server.
        let yaml = format!(
            "{}  - {{name: pe-mlw-hub, subnet: vnet-hub/snet-dns-in, target: mlw, group: amlworkspace}}\nvirtual_machines:\n  - {{name: vm-dns, subnet: vnet-work/snet-pe, private_ip: 10.1.1.10, role: dns_server}}\n",
            BASE.replace("allow_gateway_transit: true", "allow_gateway_transit: false")
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`pe-mlw-hub`"));
    }

    #[test]
    fn gateway_not_reaching_workspace_passes() {
        let yaml = BASE.replace("use_remote_gateways: true", "use_remote_gateways: false");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn unapproved_endpoint_passes() {
        let yaml = BASE.replace(
            "group: amlworkspace}",
            "group: amlworkspace, manual_approval: true}",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }
}
