//! `unused-suppression`: a suppression that matches no finding, or has expired.
//!
//! Suppressions apply after every other rule has run, so this rule's check is
//! empty and the engine calls [`apply`] instead.

use crate::date::Date;
use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::Suppression;
use crate::rules::{self, Context, Rule};
use crate::suggest::nearest;

pub static RULE: Rule = Rule {
    id: "unused-suppression",
    category: Category::Model,
    severity: Severity::Warning,
    summary: "a suppression matches no finding, or has expired",
    check: |_, _| {},
};

/// Removes suppressed findings, returning the rest and how many were suppressed,
/// plus an `unused-suppression` finding for each suppression that did nothing.
pub fn apply(cx: &Context, findings: Vec<Finding>, today: Date) -> (Vec<Finding>, Vec<Suppressed>) {
    let suppressions = &cx.topology.suppressions;
    let mut used = vec![false; suppressions.len()];
    let mut problems: Vec<Option<Finding>> = suppressions
        .iter()
        .map(|s| check_suppression(s, today))
        .collect();
    for (i, s) in suppressions.iter().enumerate() {
        if problems[i].is_none() {
            problems[i] = ambiguous(s, &findings);
        }
    }

    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        let mut by = None;
        for (i, s) in suppressions.iter().enumerate() {
            if problems[i].is_none() && matches(s, &finding) {
                used[i] = true;
                by.get_or_insert(i);
            }
        }
        match by {
            Some(i) => suppressed.push(Suppressed {
                finding,
                reason: suppressions[i].reason.value.clone(),
                loc: suppressions[i].rule.loc,
            }),
            None => kept.push(finding),
        }
    }
    for (i, s) in suppressions.iter().enumerate() {
        if problems[i].is_none() && !used[i] {
            problems[i] = Some(unused(s));
        }
    }
    kept.extend(problems.into_iter().flatten());
    (kept, suppressed)
}

/// A finding that a suppression in the topology accepts.
#[derive(Clone, Debug)]
pub struct Suppressed {
    pub finding: Finding,
    /// The suppression's `reason`.
    pub reason: String,
    /// Location of the suppression.
    pub loc: crate::source::Loc,
}

/// Returns a finding when the suppression cannot apply: unknown rule, bad date, expired.
fn check_suppression(s: &Suppression, today: Date) -> Option<Finding> {
    if rules::find(&s.rule.value).is_none() {
        let ids: Vec<&str> = rules::all().iter().map(|r| r.id).collect();
        let help = match nearest(&s.rule.value, ids) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "run `vnetlint rules` for the list of rule ids".into(),
        };
        return Some(
            finding(
                s,
                s.rule.loc,
                "no such rule",
                format!(
                    "suppression names rule `{}`, which does not exist",
                    s.rule.value
                ),
            )
            .help(help),
        );
    }
    let expires = s.expires.as_ref()?;
    let Some(date) = Date::parse(&expires.value) else {
        return Some(
            finding(
                s,
                expires.loc,
                "not a date",
                format!("suppression expiry `{}` is not a date", expires.value),
            )
            .help("write the date as YYYY-MM-DD"),
        );
    };
    (date < today).then(|| {
        finding(
            s,
            expires.loc,
            "expired",
            format!(
                "suppression of `{}` for `{}` expired on {date}, so the finding is reported again",
                s.rule.value, s.resource.value
            ),
        )
        .help(
            "fix the finding, or renew the suppression with a later `expires` and a current reason",
        )
    })
}

/// Reports a suppression whose `resource` names resources of several kinds:
/// it must say which one with `KIND/NAME`, so it suppresses nothing.
fn ambiguous(s: &Suppression, findings: &[Finding]) -> Option<Finding> {
    let mut kinds: Vec<Kind> = findings
        .iter()
        .filter(|f| matches(s, f))
        .map(|f| f.resource.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    if kinds.len() < 2 {
        return None;
    }
    let name = s.resource.value.trim();
    let choices: Vec<String> = kinds
        .iter()
        .map(|k| format!("`{}/{name}`", k.as_str()))
        .collect();
    let message = format!(
        "suppression resource `{name}` matches resources of several kinds ({}), so it suppresses nothing",
        choices.join(", ")
    );
    let finding = Finding::new(
        &super::unknown_reference::RULE,
        Severity::Error,
        (Kind::Suppression, &format!("{}:{name}", s.rule.value)),
        s.resource.loc,
        "matches several resources",
        message,
    );
    let help = format!("write the resource as KIND/NAME: {}", choices.join(" or "));
    Some(finding.help(help))
}

fn unused(s: &Suppression) -> Finding {
    finding(
        s,
        s.resource.loc,
        "matches no finding",
        format!(
            "suppression of `{}` for `{}` matches no finding",
            s.rule.value, s.resource.value
        ),
    )
    .help("remove the suppression, or correct its `rule` or `resource`")
}

fn finding(s: &Suppression, loc: crate::source::Loc, label: &str, message: String) -> Finding {
    let name = format!("{}:{}", s.rule.value, s.resource.value);
    Finding::new(
        &RULE,
        Severity::Warning,
        (Kind::Suppression, &name),
        loc,
        label,
        message,
    )
}

/// Returns true when the suppression names this finding's rule and resource.
fn matches(s: &Suppression, f: &Finding) -> bool {
    if s.rule.value != f.rule {
        return false;
    }
    let wanted = s.resource.value.trim();
    if wanted.eq_ignore_ascii_case(&f.resource.name) {
        return true;
    }
    match wanted.split_once('/') {
        Some((kind, name)) => {
            kind.eq_ignore_ascii_case(f.resource.kind.as_str())
                && name.eq_ignore_ascii_case(&f.resource.name)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    const OVERLAP: &str = "
vnets:
  - name: vnet-ml
    region: eastus2
    address_space: [10.1.0.0/16]
    subnets:
      - {name: snet-a, address_prefix: 10.1.0.0/24}
      - {name: snet-b, address_prefix: 10.1.0.0/25}
";

    #[test]
    fn matching_suppression_hides_finding() {
        let yaml = format!("{OVERLAP}suppressions:\n  - {{rule: subnet-overlap, resource: vnet-ml/snet-b, reason: moved next week}}\n");
        assert!(findings(&yaml, "subnet-overlap").is_empty());
        assert!(findings(&yaml, "unused-suppression").is_empty());
    }

    #[test]
    fn unmatched_suppression_reported() {
        let yaml = format!("{OVERLAP}suppressions:\n  - {{rule: subnet-overlap, resource: vnet-ml/snet-c, reason: typo}}\n");
        assert_eq!(findings(&yaml, "subnet-overlap").len(), 1);
        let unused = findings(&yaml, "unused-suppression");
        assert_eq!(unused.len(), 1);
        assert!(
            unused[0].message.contains("matches no finding"),
            "{}",
            unused[0].message
        );
    }

    #[test]
    fn expired_suppression_reports_finding_again() {
        let yaml = format!(
            "{OVERLAP}suppressions:\n  - {{rule: subnet-overlap, resource: vnet-ml/snet-b, reason: r, expires: 2000-01-01}}\n"
        );
        assert_eq!(findings(&yaml, "subnet-overlap").len(), 1);
        let unused = findings(&yaml, "unused-suppression");
        assert!(
            unused[0].message.contains("expired"),
            "{}",
            unused[0].message
        );
    }

    #[test]
    fn unknown_rule_suggests_nearest() {
        let yaml = format!("{OVERLAP}suppressions:\n  - {{rule: subnet-overlaps, resource: vnet-ml/snet-b, reason: r}}\n");
        let unused = findings(&yaml, "unused-suppression");
        assert_eq!(unused.len(), 1);
        assert!(
            unused[0].help.contains("subnet-overlap"),
            "{}",
            unused[0].help
        );
    }

    #[test]
    fn name_of_several_kinds_is_ambiguous() {
        // `mlw` names both a workspace and a compute; both have invalid-name findings.
        let yaml = "
region: eastus2
workspaces: [{name: ml, storage_account: stml, key_vault: kvml1}]
storage_accounts: [{name: stml}]
key_vaults: [{name: kvml1}]
computes: [{name: ml, kind: instance}]
suppressions:
  - {rule: invalid-name, resource: ml, reason: legacy names}
";
        assert_eq!(
            findings(yaml, "invalid-name").len(),
            2,
            "nothing is suppressed"
        );
        let ambiguous = findings(yaml, "unknown-reference");
        assert_eq!(ambiguous.len(), 1);
        assert!(
            ambiguous[0].help.contains("compute/ml"),
            "{}",
            ambiguous[0].help
        );
        let qualified = yaml.replace("resource: ml,", "resource: compute/ml,");
        assert_eq!(findings(&qualified, "invalid-name").len(), 1);
        assert!(findings(&qualified, "unknown-reference").is_empty());
    }
}
