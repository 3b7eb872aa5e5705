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
pub fn apply(cx: &Context, findings: Vec<Finding>, today: Date) -> (Vec<Finding>, usize) {
    let suppressions = &cx.topology.suppressions;
    let mut used = vec![false; suppressions.len()];
    let mut problems: Vec<Option<Finding>> = suppressions
        .iter()
        .map(|s| check_suppression(s, today))
        .collect();

    let mut kept = Vec::new();
    let mut suppressed = 0;
    for finding in findings {
        let mut matched = false;
        for (i, s) in suppressions.iter().enumerate() {
            if problems[i].is_none() && matches(s, &finding) {
                used[i] = true;
                matched = true;
            }
        }
        if matched {
            suppressed += 1;
        } else {
            kept.push(finding);
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
