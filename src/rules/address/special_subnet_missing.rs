//! `special-subnet-missing`: a gateway, Bastion host or Azure Firewall lacks
//! the dedicated subnet Azure requires.

use crate::azure::{BASTION_SUBNET, FIREWALL_SUBNET, GATEWAY_SUBNET};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{BastionSku, FirewallKind, Sp};
use crate::rules::{Context, Rule};

fn vnet_lacks_subnet(
    kind: Kind,
    name: &str,
    vnet: &Sp<String>,
    subnet: &str,
    size: &str,
) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (kind, name),
        vnet.loc,
        format!("no `{subnet}` here"),
        format!(
            "the {} `{name}` is placed in VNet `{}`, which has no `{subnet}`; Azure rejects the {}",
            kind.noun(),
            vnet.value,
            kind.noun()
        ),
    )
    .help(format!(
        "add a subnet named `{subnet}` ({size}) to `{}`",
        vnet.value
    ))
}

fn firewall_elsewhere(name: &str, subnet: &Sp<String>, vnet: &str) -> Finding {
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Firewall, name),
        subnet.loc,
        format!("not `{FIREWALL_SUBNET}`"),
        format!(
            "firewall `{name}` of kind `azure_firewall` is placed in subnet `{}`, not in \
             `{FIREWALL_SUBNET}`; Azure deploys an Azure Firewall only into a subnet of that name",
            subnet.value
        ),
    )
    .help(format!(
        "place `{name}` in `{vnet}/{FIREWALL_SUBNET}` (a /26), or set `kind: nva` if it is another appliance"
    ))
}

pub static RULE: Rule = Rule {
    id: "special-subnet-missing",
    category: Category::Address,
    severity: Severity::Error,
    summary: "a gateway, Bastion host or Azure Firewall lacks its dedicated subnet",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    let index = cx.index;
    let has_subnet = |vnet: usize, name: &str| {
        index
            .subnets
            .get(vnet)
            .is_some_and(|names| names.contains_key(&name.to_lowercase()))
    };

    for (gateway, vnet) in t.gateways.iter().zip(&index.gateway_vnet) {
        let Some(vnet) = vnet else { continue };
        if !has_subnet(*vnet, GATEWAY_SUBNET) {
            let name = &gateway.name.value;
            out.push(vnet_lacks_subnet(
                Kind::Gateway,
                name,
                &gateway.vnet,
                GATEWAY_SUBNET,
                "a /27 or larger",
            ));
        }
    }

    for (bastion, vnet) in t.bastions.iter().zip(&index.bastion_vnet) {
        let Some(vnet) = vnet else { continue };
        let developer = bastion
            .sku
            .as_ref()
            .is_some_and(|s| s.value == BastionSku::Developer);
        if !developer && !has_subnet(*vnet, BASTION_SUBNET) {
            let name = &bastion.name.value;
            out.push(vnet_lacks_subnet(
                Kind::Bastion,
                name,
                &bastion.vnet,
                BASTION_SUBNET,
                "a /26 or larger",
            ));
        }
    }

    for (firewall, subnet) in t.firewalls.iter().zip(&index.firewall_subnet) {
        let Some(subnet) = subnet else { continue };
        let kind = firewall
            .kind
            .as_ref()
            .map_or(FirewallKind::AzureFirewall, |k| k.value);
        let vnet = &t.vnets[subnet.vnet];
        let placed_in = &vnet.subnets[subnet.subnet].name.value;
        if kind == FirewallKind::AzureFirewall && !FIREWALL_SUBNET.eq_ignore_ascii_case(placed_in) {
            out.push(firewall_elsewhere(
                &firewall.name.value,
                &firewall.subnet,
                &vnet.name.value,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{findings, messages};

    const HUB: &str = "
vnets:
  - name: vnet-hub
    region: eastus
    address_space: [10.0.0.0/16]
    subnets:
      - {name: GatewaySubnet, address_prefix: 10.0.0.0/27}
      - {name: AzureBastionSubnet, address_prefix: 10.0.1.0/26}
      - {name: AzureFirewallSubnet, address_prefix: 10.0.2.0/26}
      - {name: snet-nva, address_prefix: 10.0.3.0/24}
gateways:
  - {name: vgw, kind: vpn, vnet: vnet-hub}
bastions:
  - {name: bas, vnet: vnet-hub}
firewalls:
  - {name: fw, subnet: vnet-hub/AzureFirewallSubnet, private_ip: 10.0.2.4}
  - {name: nva, kind: nva, subnet: vnet-hub/snet-nva, private_ip: 10.0.3.4}
";

    #[test]
    fn special_subnets_present_pass() {
        assert!(messages(HUB, "special-subnet-missing").is_empty());
    }

    #[test]
    fn names_compare_case_insensitively() {
        let yaml = HUB
            .replace("name: GatewaySubnet", "name: gatewaysubnet")
            .replace("name: AzureBastionSubnet", "name: azurebastionsubnet");
        assert!(messages(&yaml, "special-subnet-missing").is_empty());
    }

    #[test]
    fn missing_gateway_subnet_reported() {
        let yaml = HUB.replace("name: GatewaySubnet", "name: snet-gw");
        let found = findings(&yaml, "special-subnet-missing");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vgw");
    }

    #[test]
    fn missing_bastion_subnet_reported() {
        let yaml = HUB.replace("name: AzureBastionSubnet", "name: snet-bastion");
        let found = findings(&yaml, "special-subnet-missing");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "bas");
    }

    #[test]
    fn developer_bastion_needs_no_subnet() {
        let yaml = HUB
            .replace("name: AzureBastionSubnet", "name: snet-bastion")
            .replace(
                "{name: bas, vnet: vnet-hub}",
                "{name: bas, vnet: vnet-hub, sku: developer}",
            );
        assert!(messages(&yaml, "special-subnet-missing").is_empty());
    }

    #[test]
    fn azure_firewall_outside_its_subnet() {
        let yaml = HUB.replace("{name: nva, kind: nva,", "{name: nva,");
        let found = findings(&yaml, "special-subnet-missing");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "nva");
    }
}
