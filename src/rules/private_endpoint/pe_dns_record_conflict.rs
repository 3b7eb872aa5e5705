//! `pe-dns-record-conflict`: two private endpoints of one target and
//! sub-resource register in the same private DNS zone.

use std::collections::HashMap;

use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, Target, TargetRef};
use crate::model::{Group, PrivateEndpoint, Sp};
use crate::rules::{Context, Rule};

/// The `dns_zones` entry through which an endpoint registered in a zone first.
struct Registration<'a> {
    endpoint: &'a PrivateEndpoint,
    entry: &'a Sp<String>,
}

fn record_overwritten(
    cx: &Context,
    zone: usize,
    first: &Registration,
    second: &Registration,
) -> Finding {
    let zone = cx.topology.zone_display(zone);
    let (a, b) = (&first.endpoint.name.value, &second.endpoint.name.value);
    let target = &second.endpoint.target.value;
    let group = second.endpoint.group.value;
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateEndpoint, b),
        second.entry.loc,
        format!("overwrites the record of `{a}`"),
        format!(
            "private endpoints `{a}` and `{b}` of `{target}` (group `{group}`) both register \
             in zone `{zone}`; the second overwrites the first's A record, so `{target}` \
             resolves to whichever endpoint registered last"
        ),
    )
    .related(first.entry.loc, format!("`{a}` registers here"))
    .help(format!(
        "register `{b}` in its own zone of that name in another resource group, linked \
         only to the VNets that should reach `{target}` through `{b}`"
    ))
}

pub static RULE: Rule = Rule {
    id: "pe-dns-record-conflict",
    category: Category::PrivateEndpoint,
    severity: Severity::Error,
    summary: "two private endpoints of one target and sub-resource register in the same zone",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let mut first: HashMap<(TargetRef, Group, usize), Registration> = HashMap::new();
    for (i, pe) in t.private_endpoints.iter().enumerate() {
        let Target::Found(target) = cx.index.endpoint_target[i] else {
            continue;
        };

        for (entry, zone) in pe.dns_zones.iter().zip(&cx.index.endpoint_zones[i]) {
            let Some(zone) = *zone else {
                continue;
            };
            let key = (target, pe.group.value, zone);
            let registration = Registration {
                endpoint: pe,
                entry,
            };
            let Some(earlier) = first.get(&key) else {
                first.insert(key, registration);
                continue;
            };

            // The same endpoint listing a zone twice writes one record, not two.
            if !std::ptr::eq(earlier.endpoint, pe) {
                out.push(record_overwritten(cx, zone, earlier, &registration));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const SHARED_ZONE: &str = "
region: eastus2
key_vaults: [{name: kv}]
vnets:
  - {name: v1, address_space: [10.1.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.1.1.0/24}]}
  - {name: v2, address_space: [10.2.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.2.1.0/24}]}
private_dns_zones:
  - {name: privatelink.vaultcore.azure.net, resource_group: rg-shared, vnet_links: [v1, v2]}
  - {name: privatelink.vaultcore.azure.net, resource_group: rg-other, vnet_links: []}
private_endpoints:
  - {name: pe-kv-1, subnet: v1/snet-pe, target: kv, group: vault,
     dns_zones: [rg-shared/privatelink.vaultcore.azure.net]}
  - {name: pe-kv-2, subnet: v2/snet-pe, target: kv, group: vault, manual_approval: true,
     dns_zones: [rg-shared/privatelink.vaultcore.azure.net]}
";

    #[test]
    fn shared_zone_reported_on_later_endpoint() {
        let found = findings(SHARED_ZONE, "pe-dns-record-conflict");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "pe-kv-2");
        assert_eq!(found[0].related.len(), 1);
        assert!(found[0]
            .message
            .contains("`rg-shared/privatelink.vaultcore.azure.net`"));
    }

    #[test]
    fn third_endpoint_reported_too() {
        let yaml = format!(
            "{SHARED_ZONE}  - {{name: pe-kv-3, subnet: v2/snet-pe, target: kv, group: vault,
     dns_zones: [rg-shared/privatelink.vaultcore.azure.net]}}\n"
        );
        let found = findings(&yaml, "pe-dns-record-conflict");
        let names: Vec<&str> = found.iter().map(|f| f.resource.name.as_str()).collect();
        assert_eq!(names, ["pe-kv-2", "pe-kv-3"]);
    }

    #[test]
    fn same_name_in_other_resource_group_passes() {
        let yaml = SHARED_ZONE.replacen(
            "dns_zones: [rg-shared/privatelink.vaultcore.azure.net]}\n",
            "dns_zones: [rg-other/privatelink.vaultcore.azure.net]}\n",
            2,
        );
        let yaml = yaml.replacen(
            "rg-other/privatelink.vaultcore.azure.net",
            "rg-shared/privatelink.vaultcore.azure.net",
            1,
        );
        assert!(messages(&yaml, "pe-dns-record-conflict").is_empty());
    }

    #[test]
    fn different_targets_share_a_zone() {
        let yaml = SHARED_ZONE
            .replace(
                "key_vaults: [{name: kv}]",
                "key_vaults: [{name: kv}, {name: kv2}]",
            )
            .replace(
                "target: kv, group: vault, manual",
                "target: kv2, group: vault, manual",
            );
        assert!(messages(&yaml, "pe-dns-record-conflict").is_empty());
    }
}
