//! `pe-reserved-subnet`: a private endpoint placed in a reserved or delegated subnet.

use crate::azure;
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, SubnetId};
use crate::model::PrivateEndpoint;
use crate::rules::{Context, Rule};

/// Returns what Azure dedicates a reserved subnet to, or `None` for other names.
fn reserved_for(subnet_name: &str) -> Option<&'static str> {
    let purposes = [
        (azure::GATEWAY_SUBNET, "VPN and ExpressRoute gateways"),
        (azure::BASTION_SUBNET, "Azure Bastion"),
        (azure::FIREWALL_SUBNET, "Azure Firewall"),
        (
            azure::FIREWALL_MANAGEMENT_SUBNET,
            "Azure Firewall management traffic",
        ),
    ];
    purposes
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(subnet_name))
        .map(|(_, purpose)| purpose)
}

fn in_reserved_subnet(
    cx: &Context,
    pe: &PrivateEndpoint,
    subnet: SubnetId,
    purpose: &str,
) -> Finding {
    let t = cx.topology;
    let display = t.subnet_display(subnet);
    let vnet = &t.vnets[subnet.vnet];
    Finding::new(
        &RULE,
        Severity::Error,
        (Kind::PrivateEndpoint, &pe.name.value),
        pe.subnet.loc,
        format!("reserved for {purpose}"),
        format!(
            "private endpoint `{}` is placed in `{display}`, which is dedicated to \
             {purpose}; Azure does not allow other resources there, so the endpoint \
             fails to deploy",
            pe.name.value
        ),
    )
    .help(format!(
        "place `{}` in an ordinary subnet of `{}`, such as a dedicated private endpoint subnet",
        pe.name.value, vnet.name.value
    ))
}

fn in_delegated_subnet(
    cx: &Context,
    pe: &PrivateEndpoint,
    subnet: SubnetId,
    delegation: &crate::model::Sp<String>,
) -> Finding {
    let t = cx.topology;
    let display = t.subnet_display(subnet);
    let vnet = &t.vnets[subnet.vnet];
    Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::PrivateEndpoint, &pe.name.value),
        pe.subnet.loc,
        "delegated subnet",
        format!(
            "private endpoint `{}` is placed in `{display}`, which is delegated to `{}`; \
             the Azure portal rejects private endpoints in delegated subnets",
            pe.name.value, delegation.value
        ),
    )
    .related(delegation.loc, "delegation is set here")
    .help(format!(
        "place `{}` in a subnet of `{}` without a delegation",
        pe.name.value, vnet.name.value
    ))
}

pub static RULE: Rule = Rule {
    id: "pe-reserved-subnet",
    category: Category::PrivateEndpoint,
    severity: Severity::Error,
    summary: "a private endpoint is placed in a reserved or delegated subnet",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let t = cx.topology;
    for (i, pe) in t.private_endpoints.iter().enumerate() {
        let Some(subnet) = cx.index.endpoint_subnet[i] else {
            continue;
        };
        let Some(declared) = t.vnets[subnet.vnet].subnets.get(subnet.subnet) else {
            continue;
        };

        if let Some(purpose) = reserved_for(&declared.name.value) {
            out.push(in_reserved_subnet(cx, pe, subnet, purpose));
        } else if let Some(delegation) = &declared.delegation {
            out.push(in_delegated_subnet(cx, pe, subnet, delegation));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const TOPOLOGY: &str = "
region: eastus2
key_vaults: [{name: kv-ml}]
vnets:
  - name: vnet-hub
    address_space: [10.0.0.0/16]
    subnets:
      - {name: GatewaySubnet, address_prefix: 10.0.0.0/27}
      - {name: azurebastionsubnet, address_prefix: 10.0.1.0/26}
      - {name: snet-dns-in, address_prefix: 10.0.2.0/28, delegation: Microsoft.Network/dnsResolvers}
      - {name: snet-pe, address_prefix: 10.0.3.0/24}
private_endpoints:
  - {name: pe-gw, subnet: vnet-hub/GatewaySubnet, target: kv-ml, group: vault}
  - {name: pe-bastion, subnet: vnet-hub/azurebastionsubnet, target: kv-ml, group: vault}
  - {name: pe-dns, subnet: vnet-hub/snet-dns-in, target: kv-ml, group: vault}
  - {name: pe-ok, subnet: vnet-hub/snet-pe, target: kv-ml, group: vault}
";

    #[test]
    fn reserved_subnets_are_errors() {
        let found = findings(TOPOLOGY, "pe-reserved-subnet");
        let errors: Vec<&str> = found
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.resource.name.as_str())
            .collect();
        assert_eq!(errors, ["pe-gw", "pe-bastion"]);
        assert!(found[0].message.contains("VPN and ExpressRoute gateways"));
    }

    #[test]
    fn delegated_subnet_is_warning() {
        let found = findings(TOPOLOGY, "pe-reserved-subnet");
        let warnings: Vec<&str> = found
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.resource.name.as_str())
            .collect();
        assert_eq!(warnings, ["pe-dns"]);
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn ordinary_subnet_passes() {
        let yaml = "
region: eastus2
key_vaults: [{name: kv-ml}]
vnets:
  - {name: v, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.3.0/24}]}
private_endpoints:
  - {name: pe-ok, subnet: v/snet-pe, target: kv-ml, group: vault}
";
        assert!(messages(yaml, "pe-reserved-subnet").is_empty());
    }
}
