//! `unknown-value`: a value of an imported design is unknown until deployment.
//!
//! Terraform plans leave what Azure assigns at creation unknown, and ARM
//! templates can compute values that only deployment decides. Each such value
//! is reported once here, so the user sees what vnetlint could not check.
//! The rules whose result depends on it are softened to `info` by
//! [`crate::rules::unknowns`].

use crate::finding::{Category, Finding, Severity};
use crate::model::index::Kind;
use crate::model::unknown::Unknown;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    id: "unknown-value",
    category: Category::Model,
    severity: Severity::Info,
    summary: "a value of an imported Terraform plan or ARM template is unknown until deployment",
    check,
};

/// Reports each unknown value. Regions are grouped by reason: a template
/// that places everything in `resourceGroup().location` gets one finding,
/// not one per resource.
fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut regions: Vec<(&Unknown, usize)> = Vec::new();
    for unknown in &cx.topology.unknowns {
        if unknown.field != "region" {
            out.push(finding(unknown, 0));
            continue;
        }
        match regions
            .iter_mut()
            .find(|(first, _)| first.reason == unknown.reason)
        {
            Some((_, others)) => *others += 1,
            None => regions.push((unknown, 0)),
        }
    }
    for (first, others) in regions {
        out.push(finding(first, others));
    }
}

fn finding(u: &Unknown, others: usize) -> Finding {
    let subject = match others {
        0 => format!("{} `{}`", u.kind.noun(), u.resource),
        1 => format!("{} `{}` and 1 other resource", u.kind.noun(), u.resource),
        n => format!("{} `{}` and {n} other resources", u.kind.noun(), u.resource),
    };
    // Fields such as `network_rules` and `dns_servers` name several values.
    let verb = if u.field.ends_with('s') { "are" } else { "is" };
    let message = format!(
        "the {} of {subject} {verb} unknown until deployment: {}",
        crate::model::unknown::field_words(&u.field),
        u.reason
    );
    Finding::new(
        &RULE,
        Severity::Info,
        (u.kind, &u.resource),
        u.loc,
        "unknown until deployment",
        message,
    )
    .help(help(u.kind, &u.field))
}

fn help(kind: Kind, field: &str) -> String {
    match (kind, field) {
        (Kind::Firewall, "private_ip") => {
            "Azure picks a firewall's private IP, so refer to the firewall itself wherever a \
             route or DNS setting needs its address; vnetlint follows such references"
                .into()
        }
        (_, "private_ip" | "inbound_ip") => {
            "give it a static address in the input to have what depends on it checked".into()
        }
        (_, "region") => "set the region in the input, or pass `--location` for \
                          `resourceGroup().location`"
            .into(),
        _ => "set the value in the input, or check the design again once it is deployed".into(),
    }
}
