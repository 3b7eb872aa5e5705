//! `pe-subnet-network-policies`: a subnet that contains private endpoints
//! does not disable private endpoint network policies.

use std::collections::HashMap;

use super::util::{join_names_limited, MAX_RELATED};
use crate::finding::{Category, Finding, Severity};
use crate::model::index::{Kind, SubnetId};
use crate::model::{EndpointPolicies, Sp};
use crate::rules::{Context, Rule};

fn policies_enabled(
    cx: &Context,
    subnet: SubnetId,
    policies: &Sp<EndpointPolicies>,
    endpoints: &[usize],
) -> Finding {
    let t = cx.topology;
    let display = t.subnet_display(subnet);
    let names: Vec<&str> = endpoints
        .iter()
        .map(|&pe| t.private_endpoints[pe].name.value.as_str())
        .collect();
    let listed = join_names_limited(&names, MAX_RELATED);
    let (noun, pronoun) = if names.len() == 1 {
        ("private endpoint", "it")
    } else {
        ("private endpoints", "them")
    };
    let mut finding = Finding::new(
        &RULE,
        Severity::Error,
        (Kind::Subnet, &display),
        policies.loc,
        "network policies not disabled",
        format!(
            "subnet `{display}` contains {noun} {listed} but sets \
             `private_endpoint_network_policies: {}`; older network API versions \
             reject {pronoun} with \
             `PrivateEndpointCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled`, \
             and newer ones apply the subnet's NSG and route table to endpoint traffic",
            policies.value
        ),
    );
    for &pe in endpoints.iter().take(MAX_RELATED) {
        let endpoint = &t.private_endpoints[pe];
        finding = finding.related(
            endpoint.subnet.loc,
            format!("`{}` is placed here", endpoint.name.value),
        );
    }
    finding.help(format!(
        "set `private_endpoint_network_policies: Disabled` on `{display}`, or accept \
         `{}` with the rule option `accepted_endpoint_policies` when you rely on NSGs \
         and route tables for endpoint traffic",
        policies.value
    ))
}

pub static RULE: Rule = Rule {
    id: "pe-subnet-network-policies",
    category: Category::PrivateEndpoint,
    severity: Severity::Error,
    summary: "the subnet of a private endpoint does not disable private endpoint network policies",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut subnets: Vec<SubnetId> = Vec::new();
    let mut endpoints: HashMap<SubnetId, Vec<usize>> = HashMap::new();
    for (pe, subnet) in cx.index.endpoint_subnet.iter().enumerate() {
        let Some(subnet) = *subnet else {
            continue;
        };
        let list = endpoints.entry(subnet).or_default();
        if list.is_empty() {
            subnets.push(subnet);
        }
        list.push(pe);
    }

    for subnet in subnets {
        let Some(declared) = cx.topology.vnets[subnet.vnet].subnets.get(subnet.subnet) else {
            continue;
        };
        let Some(policies) = &declared.private_endpoint_network_policies else {
            continue;
        };
        let accepted = policies.value == EndpointPolicies::Disabled
            || cx
                .options
                .accepted_endpoint_policies
                .contains(&policies.value);
        if accepted {
            continue;
        }

        let list = endpoints
            .get(&subnet)
            .map(Vec::as_slice)
            .unwrap_or_default();
        out.push(policies_enabled(cx, subnet, policies, list));
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check_text, Settings};
    use crate::model::EndpointPolicies;
    use crate::rules::testing::{findings, messages};

    const ENABLED: &str = "
region: eastus2
storage_accounts: [{name: stml}]
vnets:
  - name: vnet-ml
    address_space: [10.0.0.0/16]
    subnets:
      - {name: snet-pe, address_prefix: 10.0.1.0/24, private_endpoint_network_policies: Enabled}
      - {name: snet-other, address_prefix: 10.0.2.0/24, private_endpoint_network_policies: Enabled}
private_endpoints:
  - {name: pe-blob, subnet: vnet-ml/snet-pe, target: stml, group: blob}
  - {name: pe-file, subnet: vnet-ml/snet-pe, target: stml, group: file}
";

    #[test]
    fn enabled_policies_reported_once_per_subnet() {
        let found = findings(ENABLED, "pe-subnet-network-policies");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource.name, "vnet-ml/snet-pe");
        assert_eq!(found[0].related.len(), 2);
        assert!(found[0].message.contains("`pe-blob` and `pe-file`"));
    }

    #[test]
    fn disabled_or_unset_policies_pass() {
        let disabled = ENABLED.replace("Enabled}", "disabled}");
        assert!(messages(&disabled, "pe-subnet-network-policies").is_empty());
        let unset = ENABLED.replace(", private_endpoint_network_policies: Enabled", "");
        assert!(messages(&unset, "pe-subnet-network-policies").is_empty());
    }

    #[test]
    fn accepted_value_passes() {
        let yaml = ENABLED.replace("Enabled}", "NetworkSecurityGroupEnabled}");
        let mut settings = Settings::default();
        settings.rule_options.accepted_endpoint_policies =
            vec![EndpointPolicies::NetworkSecurityGroupEnabled];
        let outcome = check_text("test.yaml", &yaml, &settings).expect("topology loads");
        let reported = outcome
            .findings
            .iter()
            .filter(|f| f.rule == "pe-subnet-network-policies")
            .count();
        assert_eq!(reported, 0);
        assert_eq!(findings(&yaml, "pe-subnet-network-policies").len(), 1);
    }

    #[test]
    fn many_endpoints_get_few_labels() {
        let mut yaml = ENABLED.to_string();
        for i in 0..6 {
            yaml.push_str(&format!(
                "  - {{name: pe-q{i}, subnet: vnet-ml/snet-pe, target: stml, group: queue}}\n"
            ));
        }
        let found = findings(&yaml, "pe-subnet-network-policies");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related.len(), 3);
        assert!(found[0].message.contains("and 5 more"));
    }
}
