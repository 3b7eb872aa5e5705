//! `pe-manual-approval`: a private endpoint that waits for manual approval.

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::{PrivateEndpoint, Sp};
use crate::rules::{Context, Rule};

fn awaits_approval(pe: &PrivateEndpoint, flag: &Sp<bool>) -> Finding {
    let target = &pe.target.value;
    Finding::new(
        &RULE,
        Severity::Info,
        (Kind::PrivateEndpoint, &pe.name.value),
        flag.loc,
        "waits for approval",
        format!(
            "private endpoint `{}` to `{target}` waits for manual approval; no traffic \
             flows through it until the owner of `{target}` approves the connection",
            pe.name.value
        ),
    )
    .help(format!(
        "have the owner of `{target}` approve the connection, then remove \
         `manual_approval` from `{}`",
        pe.name.value
    ))
}

pub static RULE: Rule = Rule {
    id: "pe-manual-approval",
    category: Category::PrivateEndpoint,
    severity: Severity::Info,
    summary: "a private endpoint waits for manual approval",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for pe in &cx.topology.private_endpoints {
        let Some(flag) = &pe.manual_approval else {
            continue;
        };
        if flag.value {
            out.push(awaits_approval(pe, flag));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{findings, messages};

    const MANUAL: &str = "
region: eastus2
key_vaults: [{name: kv-ml}]
vnets:
  - {name: v, address_space: [10.0.0.0/16], subnets: [{name: snet-pe, address_prefix: 10.0.1.0/24}]}
private_endpoints:
  - {name: pe-kv, subnet: v/snet-pe, target: kv-ml, group: vault, manual_approval: true}
";

    #[test]
    fn manual_approval_reported_as_info() {
        let found = findings(MANUAL, "pe-manual-approval");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(found[0].resource.name, "pe-kv");
    }

    #[test]
    fn automatic_approval_passes() {
        let explicit = MANUAL.replace("manual_approval: true", "manual_approval: false");
        assert!(messages(&explicit, "pe-manual-approval").is_empty());
        let unset = MANUAL.replace(", manual_approval: true", "");
        assert!(messages(&unset, "pe-manual-approval").is_empty());
    }
}
