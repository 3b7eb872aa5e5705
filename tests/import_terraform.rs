//! Terraform plans load through the importer and check like the topology
//! files they stand for.

use std::path::PathBuf;

use vnetlint::date::Date;
use vnetlint::engine::{check_paths, Settings};
use vnetlint::finding::Severity;
use vnetlint::report::compact;

fn settings() -> Settings {
    Settings {
        today: Date::parse("2026-12-04").unwrap(),
        ..Settings::default()
    }
}

#[test]
fn hub_and_spoke_plan_reports_nothing() {
    let plan = PathBuf::from("tests/import/hub-and-spoke/plan.json");
    let outcome = check_paths(&[plan], &settings()).expect("plan loads");
    let output = compact::render(&outcome, false);
    assert_eq!(outcome.count(Severity::Error), 0, "{output}");
    assert_eq!(outcome.count(Severity::Warning), 0, "{output}");
}

/// The regula plan declares four storage accounts, a VNet and a subnet, but
/// no workspace, so no rule has a workspace's dependencies to check and the
/// output is the empty summary. The subnet's 2.x flag
/// `enforce_private_link_endpoint_network_policies: false` reads as policies
/// Enabled, which matters only to private endpoints, and the plan has none.
#[test]
fn regula_storage_plan_loads() {
    let plan = PathBuf::from(
        "tests/import/real/regula-storage-network-rules/account_deny_access_infra.json",
    );
    let outcome = check_paths(&[plan], &settings()).expect("plan loads");
    insta::assert_snapshot!(compact::render(&outcome, false));
}
