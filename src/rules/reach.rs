//! Shared wording for reachability findings, which list each affected
//! service of one source subnet and where its path broke.

use crate::finding::{Finding, Severity};
use crate::model::index::Kind;
use crate::net::{NeedUsage, SourceUsage};
use crate::rules::{Context, Rule};

/// Joins service labels as "a, b and c".
pub fn join_labels<'a>(labels: impl IntoIterator<Item = &'a str>) -> String {
    let labels: Vec<&str> = labels.into_iter().collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Returns one path line per affected service: "LABEL: STEPS".
pub fn path_lines(items: &[&NeedUsage]) -> Vec<String> {
    items
        .iter()
        .map(|n| format!("{}: {}", n.need.label, n.usage.path.render()))
        .collect()
}

/// Starts a finding about a source subnet, labelled at its first holder's `subnet:`
/// and related to the other holders in it.
pub fn source_finding(
    cx: &Context,
    rule: &Rule,
    severity: Severity,
    source: &SourceUsage,
    label: &str,
    message: String,
) -> Finding {
    let holders = &source.source.holders;
    let name = cx.topology.subnet_display(source.source.subnet);
    let mut finding = Finding::new(
        rule,
        severity,
        (Kind::Subnet, &name),
        holders[0].loc,
        label,
        message,
    );
    for holder in holders.iter().skip(1).take(4) {
        finding = finding.related(
            holder.loc,
            format!("{} `{}` is here too", holder.kind.noun(), holder.name),
        );
    }
    finding
}

/// Joins the distinct fixes recorded where the paths broke, as one help line.
pub fn path_fixes<'a>(paths: impl IntoIterator<Item = &'a crate::net::Path>) -> Option<String> {
    let mut fixes: Vec<&str> = Vec::new();
    for path in paths {
        if let Some(fix) = path.fix.as_deref() {
            if !fixes.contains(&fix) {
                fixes.push(fix);
            }
        }
    }
    (!fixes.is_empty()).then(|| join_labels(fixes))
}
