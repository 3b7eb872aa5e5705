//! `dns-forwarder-incomplete`: a DNS server VM that resolves a private
//! workspace lacks conditional forwarders to Azure DNS.

use std::collections::{BTreeMap, HashSet};

use super::util::{is_azure_dns, Declared, DeclaredAddresses};
use crate::azure::{forwarder_zones, AZURE_DNS};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{Forwarder, VirtualMachine};
use crate::net::Source;
use crate::rules::{Context, Rule};
use crate::source::Loc;

/// Something that sends its DNS queries to a DNS server VM.
struct User {
    /// For messages: "VNet `vnet-a`" or "on-premises clients behind gateway `vgw`".
    description: String,
    /// The VNet's `dns_servers` entry, or the gateway's name.
    loc: Loc,
}

/// The zones a server lacks forwarders for, most severe first.
struct Missing {
    required: Vec<&'static str>,
    recommended: Vec<&'static str>,
}

fn incomplete(cx: &Context, vm: usize, users: &[User], missing: &Missing) -> Finding {
    let t = cx.topology;
    let machine = &t.virtual_machines[vm];
    let name = &machine.name.value;
    let zones: Vec<String> = missing
        .required
        .iter()
        .chain(&missing.recommended)
        .map(|z| format!("`{z}`"))
        .collect();
    let zones = zones.join(", ");
    let (severity, effect) = if missing.required.is_empty() {
        (
            Severity::Warning,
            "compute instance, notebook content and inference names of the workspace resolve \
             to public addresses or flip between public and private ones",
        )
    } else {
        (
            Severity::Error,
            "the workspace's API and notebook names resolve to public addresses or flip \
             between public and private ones, and clients miss its private endpoint",
        )
    };
    let more = match users.len() {
        0 | 1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let used_by = users
        .first()
        .map_or(String::new(), |u| u.description.clone());
    let home = cx.index.vm_subnet[vm].map_or_else(
        || "its VNet".to_string(),
        |s| format!("`{}`", t.vnets[s.vnet].name.value),
    );

    let mut finding = Finding::new(
        &RULE,
        severity,
        (Kind::VirtualMachine, name),
        forwarders_loc(machine),
        "no forwarder to Azure DNS",
        format!(
            "DNS server `{name}`, used by {used_by}{more}, has no conditional forwarder to \
             Azure DNS for {zones}; a custom DNS server sees private DNS zones only through \
             Azure DNS, so {effect}"
        ),
    )
    .help(format!(
        "on `{name}`, forward {zones} to {AZURE_DNS}, and link the workspace's private DNS \
         zones to {home}"
    ));
    for user in users.iter().take(3) {
        finding = finding.related(
            user.loc,
            format!("{} resolves through `{name}`", user.description),
        );
    }
    finding
}

/// Covers the VM's `dns_forwarders` entries, or its name when it has none.
fn forwarders_loc(machine: &VirtualMachine) -> Loc {
    let Some(first) = machine.dns_forwarders.first() else {
        return machine.name.loc;
    };
    let file = first.zone.loc.file;
    let locs = machine
        .dns_forwarders
        .iter()
        .flat_map(|f| [f.zone.loc, f.to.loc])
        .filter(|l| l.file == file);
    let start = locs.clone().map(|l| l.offset).min().unwrap_or(0);
    let end = locs.map(|l| l.offset + l.len).max().unwrap_or(start);
    Loc {
        file,
        offset: start,
        len: end - start,
    }
}

pub static RULE: Rule = Rule {
    id: "dns-forwarder-incomplete",
    category: Category::Dns,
    severity: Severity::Error,
    summary: "a DNS server VM that resolves a workspace lacks forwarders to Azure DNS",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let declared = DeclaredAddresses::build(cx.net);
    let servers = servers_in_use(cx, &declared);

    for (vm, users) in servers {
        let missing = missing_zones(cx, &declared, vm);

        if missing.required.is_empty() && missing.recommended.is_empty() {
            continue;
        }
        out.push(incomplete(cx, vm, &users, &missing));
    }
}

/// Finds the DNS server VMs that resolve a workspace with a private endpoint:
/// the first DNS server of a VNet holding a source subnet of such a workspace
/// or a jump box, and the server on-premises clients resolve through.
fn servers_in_use(cx: &Context, declared: &DeclaredAddresses) -> BTreeMap<usize, Vec<User>> {
    let t = cx.topology;
    let mut servers: BTreeMap<usize, Vec<User>> = BTreeMap::new();
    let private: Vec<bool> = (0..t.workspaces.len())
        .map(|w| cx.index.workspace_has_endpoint(t, w))
        .collect();
    if !private.contains(&true) {
        return servers;
    }

    let mut vnets: Vec<usize> = Vec::new();
    for (w, sources) in cx.net.workspace_sources().iter().enumerate() {
        if private[w] {
            vnets.extend(sources.iter().map(|s| s.subnet.vnet));
        }
    }
    let entries = cx.net.client_entries();
    for entry in &entries {
        if let Source::Subnet(s) = entry.source {
            vnets.push(s.vnet);
        }
    }
    let mut seen = HashSet::new();
    for v in vnets {
        let vnet = &t.vnets[v];
        if !seen.insert(v) {
            continue;
        }
        // Clients fail over to every listed server, so each DNS server VM in
        // the list needs the forwarders, not only the first.
        for server in &vnet.dns_servers {
            if let Some(Declared::Vm {
                vm,
                dns_server: true,
            }) = declared.at(&server.value)
            {
                servers.entry(vm).or_default().push(User {
                    description: format!("VNet `{}`", vnet.name.value),
                    loc: server.loc,
                });
            }
        }
    }

    for (vm, gateway) in onprem_servers(cx, declared) {
        let gw = &t.gateways[gateway];
        servers.entry(vm).or_default().push(User {
            description: format!("on-premises clients behind gateway `{}`", gw.name.value),
            loc: gw.name.loc,
        });
    }
    servers
}

/// Returns (VM, gateway) for each gateway whose on-premises clients resolve
/// through a DNS server VM: they use a DNS Private Resolver or firewall DNS
/// proxy they can reach first, else the first declared DNS server VM they can reach.
/// Returns (DNS server VM, gateway) for each gateway whose on-premises clients
/// resolve through a DNS server VM, as the network semantics choose it.
fn onprem_servers(cx: &Context, declared: &DeclaredAddresses) -> Vec<(usize, usize)> {
    (0..cx.topology.gateways.len())
        .filter_map(|gateway| {
            let ip = cx.net.onprem_dns_address(gateway)?;
            match declared.at(ip)? {
                Declared::Vm {
                    vm,
                    dns_server: true,
                } => Some((vm, gateway)),
                _ => None,
            }
        })
        .collect()
}

fn missing_zones(cx: &Context, declared: &DeclaredAddresses, vm: usize) -> Missing {
    let zones = forwarder_zones(cx.topology.cloud);
    let forwards = |zone: &str| forwards_to_azure_dns(cx, declared, vm, zone);
    Missing {
        required: zones
            .required
            .iter()
            .copied()
            .filter(|z| !forwards(z))
            .collect(),
        recommended: zones
            .recommended
            .iter()
            .filter(|spellings| !spellings.iter().any(|z| forwards(z)))
            .filter_map(|spellings| spellings.first().copied())
            .collect(),
    }
}

/// Returns true when the most specific forwarder for `zone` (or its
/// `privatelink.` form) sends queries to Azure DNS, a DNS Private Resolver,
/// a firewall DNS proxy or another DNS server VM.
fn forwards_to_azure_dns(
    cx: &Context,
    declared: &DeclaredAddresses,
    vm: usize,
    zone: &str,
) -> bool {
    let forwarders = &cx.topology.virtual_machines[vm].dns_forwarders;
    let private = format!("privatelink.{zone}");
    let best = forwarders
        .iter()
        .filter(|f| zone_matches(&f.zone.value, zone) || zone_matches(&f.zone.value, &private))
        .max_by_key(|f| specificity(f));
    let Some(forwarder) = best else {
        return false;
    };

    let to = &forwarder.to.value;
    if is_azure_dns(to) {
        return true;
    }
    match declared.at(to) {
        Some(Declared::Resolver(_)) => true,
        Some(Declared::Firewall { dns_proxy, .. }) => dns_proxy,
        Some(Declared::Vm {
            vm: other,
            dns_server,
        }) => dns_server && other != vm,
        None => false,
    }
}

/// Ranks forwarders so that the longest zone wins and `.` loses to every other.
fn specificity(forwarder: &Forwarder) -> usize {
    normalize(&forwarder.zone.value).len()
}

fn normalize(zone: &str) -> String {
    zone.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Returns true when forwarder zone `zone` equals `name` or is a parent of it; `.` matches all.
fn zone_matches(zone: &str, name: &str) -> bool {
    let zone = normalize(zone);
    let name = normalize(name);
    zone.is_empty() || name == zone || name.ends_with(&format!(".{zone}"))
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const RULE: &str = "dns-forwarder-incomplete";

    /// A private workspace whose workload VNet resolves through `vm-dns`,
    /// which forwards every zone the public cloud needs.
    const BASE: &str = "
region: eastus2
workspaces:
  - {name: mlw, storage_account: stml, key_vault: kv-ml, public_network_access: Disabled}
storage_accounts: [{name: stml}]
key_vaults: [{name: kv-ml}]
vnets:
  - name: vnet-work
    address_space: [10.1.0.0/16]
    dns_servers: [10.1.0.10]
    subnets:
      - {name: snet-pe, address_prefix: 10.1.1.0/24}
      - {name: snet-dns, address_prefix: 10.1.0.0/24}
private_endpoints:
  - {name: pe-mlw, subnet: vnet-work/snet-pe, target: mlw, group: amlworkspace}
virtual_machines:
  - name: vm-dns
    subnet: vnet-work/snet-dns
    private_ip: 10.1.0.10
    role: dns_server
    dns_forwarders:
      - {zone: api.azureml.ms, to: 168.63.129.16}
      - {zone: notebooks.azure.net, to: 168.63.129.16}
      - {zone: instances.azureml.ms, to: 168.63.129.16}
      - {zone: aznbcontent.net, to: 168.63.129.16}
      - {zone: inference.ml.azure.com, to: 168.63.129.16}
";

    fn without(zone: &str) -> String {
        BASE.replace(
            &format!("      - {{zone: {zone}, to: 168.63.129.16}}\n"),
            "",
        )
    }

    #[test]
    fn complete_forwarders_pass() {
        assert!(messages(BASE, RULE).is_empty());
    }

    #[test]
    fn missing_api_zone_is_error() {
        let found = findings(&without("api.azureml.ms"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].resource.name, "vm-dns");
        assert!(found[0].message.contains("`api.azureml.ms`"));
        assert!(found[0].message.contains("VNet `vnet-work`"));
    }

    #[test]
    fn missing_inference_zone_is_warning() {
        let found = findings(&without("inference.ml.azure.com"), RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("`inference.ml.azure.com`"));
    }

    #[test]
    fn one_finding_at_most_severe_case() {
        let yaml = without("notebooks.azure.net")
            .replace("      - {zone: aznbcontent.net, to: 168.63.129.16}\n", "");
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0]
            .message
            .contains("`notebooks.azure.net`, `aznbcontent.net`"));
    }

    #[test]
    fn forwarder_to_public_resolver_is_missing() {
        let yaml = BASE.replace(
            "{zone: api.azureml.ms, to: 168.63.129.16}",
            "{zone: api.azureml.ms, to: 8.8.8.8}",
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`api.azureml.ms`"));
    }

    #[test]
    fn root_forwarder_covers_every_zone() {
        let start = BASE.find("      - {zone: api").unwrap_or(BASE.len());
        let yaml = format!("{}      - {{zone: ., to: 168.63.129.16}}\n", &BASE[..start]);
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn more_specific_forwarder_wins_over_root() {
        let start = BASE.find("      - {zone: api").unwrap_or(BASE.len());
        let yaml = format!(
            "{}      - {{zone: ., to: 168.63.129.16}}\n      - {{zone: azureml.ms, to: 8.8.8.8}}\n",
            &BASE[..start]
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`api.azureml.ms`"));
    }

    #[test]
    fn forwarder_to_declared_resolver_counts() {
        let yaml = format!(
            "{}dns_resolvers:\n  - {{name: dnspr, vnet: vnet-work, inbound_subnet: vnet-work/snet-dns, inbound_ip: 10.1.0.20}}\n",
            BASE.replace(
                "{zone: api.azureml.ms, to: 168.63.129.16}",
                "{zone: api.azureml.ms, to: 10.1.0.20}"
            )
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn unused_server_passes() {
        let yaml = without("api.azureml.ms").replace("    dns_servers: [10.1.0.10]\n", "");
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn workspace_without_endpoint_passes() {
        let yaml = without("api.azureml.ms").replace(
            "group: amlworkspace}",
            "group: amlworkspace, manual_approval: true}",
        );
        assert!(messages(&yaml, RULE).is_empty());
    }

    #[test]
    fn onprem_clients_server_checked() {
        let yaml = format!(
            "{}gateways:\n  - {{name: vgw, kind: vpn, vnet: vnet-hub}}\n",
            without("api.azureml.ms")
                .replace("    dns_servers: [10.1.0.10]\n", "")
                .replace("subnet: vnet-work/snet-dns", "subnet: vnet-hub/snet-dns")
                .replace(
                    "private_endpoints:",
                    "  - name: vnet-hub\n    address_space: [10.9.0.0/16]\n    subnets:\n      - {name: snet-dns, address_prefix: 10.9.0.0/24}\n      - {name: GatewaySubnet, address_prefix: 10.9.255.0/27}\nprivate_endpoints:"
                )
                .replace("private_ip: 10.1.0.10", "private_ip: 10.9.0.10")
        );
        let found = findings(&yaml, RULE);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("gateway `vgw`"));
    }
}
