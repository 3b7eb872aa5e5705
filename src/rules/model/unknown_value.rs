//! `unknown-value`: a value of an imported design is unknown until deployment.
//!
//! Terraform plans leave what Azure assigns at creation unknown, and ARM
//! templates can compute values that only deployment knows. Each such value
//! is reported once here, so the user sees what vnetlint could not check;
//! the rules whose answer depends on it are softened to `info` by
//! [`crate::rules::unknowns`].

use crate::finding::{Category, Finding, Severity};
use crate::model::unknown::Unknown;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    id: "unknown-value",
    category: Category::Model,
    severity: Severity::Info,
    summary: "a value of an imported Terraform plan or ARM template is unknown until deployment",
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for unknown in &cx.topology.unknowns {
        out.push(finding(unknown));
    }
}

fn finding(u: &Unknown) -> Finding {
    let message = format!(
        "the {} of {} `{}` is unknown until deployment: {}",
        u.field.replace('_', " "),
        u.kind.noun(),
        u.resource,
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
    .help(help(&u.field))
}

fn help(field: &str) -> String {
    match field {
        "private_ip" | "inbound_ip" => {
            "give it a static address in the input to have what depends on it checked".into()
        }
        "region" => "set the region in the input, or pass `--location` for \
                     `resourceGroup().location`"
            .into(),
        _ => "set the value in the input, or check the design again once it is deployed".into(),
    }
}
