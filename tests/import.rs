//! A Terraform plan and an ARM template of `fixtures/hub-and-spoke/` must
//! give the design of the hand-written topology: the same model, apart from
//! the values only deployment decides, and the same findings.

use std::collections::BTreeSet;
use std::path::PathBuf;

use vnetlint::engine::{check_paths, Settings};
use vnetlint::finding::Severity;
use vnetlint::import::ArmOptions;
use vnetlint::load::{expand_paths, load_files, Budgets, ImportSettings};
use vnetlint::model::unknown::is_unknown;
use vnetlint::model::Topology;

const PLAN: &str = "tests/import/hub-and-spoke/plan.json";
const TEMPLATE: &str = "tests/import/hub-and-spoke/azuredeploy.json";
const PARAMETERS: &str = "tests/import/hub-and-spoke/azuredeploy.parameters.json";
const FIXTURE: &str = "fixtures/hub-and-spoke";

fn arm_settings(location: Option<&str>) -> ImportSettings {
    ImportSettings {
        parameters: Some(PathBuf::from(PARAMETERS)),
        arm: ArmOptions {
            location: location.map(str::to_string),
        },
        ..ImportSettings::default()
    }
}

fn topology(path: &str, import: &ImportSettings) -> Topology {
    let files = expand_paths(&[PathBuf::from(path)], &Default::default()).expect("paths exist");
    load_files(&files, &Budgets::default(), import)
        .unwrap_or_else(|e| panic!("{path} does not load: {e}"))
        .topology
}

/// Returns every error and warning as (rule, resource, severity).
fn findings(path: &str, import: ImportSettings) -> BTreeSet<(String, String, String)> {
    let settings = Settings {
        import,
        ..Settings::default()
    };
    let outcome = check_paths(&[PathBuf::from(path)], &settings)
        .unwrap_or_else(|e| panic!("{path} does not load: {e}"));
    outcome
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| {
            (
                f.rule.to_string(),
                format!("{}/{}", f.resource.kind.as_str(), f.resource.name),
                f.severity.to_string(),
            )
        })
        .collect()
}

fn text(value: &str) -> String {
    if is_unknown(value) {
        "(unknown)".into()
    } else {
        value.to_string()
    }
}

fn list<'a>(values: impl IntoIterator<Item = &'a vnetlint::model::Sp<String>>) -> String {
    let mut items: Vec<String> = values.into_iter().map(|v| text(&v.value)).collect();
    items.sort();
    format!("[{}]", items.join(","))
}

fn opt<T: std::fmt::Display>(value: &Option<vnetlint::model::Sp<T>>) -> String {
    value
        .as_ref()
        .map_or("-".into(), |v| text(&v.value.to_string()))
}

/// Returns the design as lines that do not depend on order, spans or file
/// layout. Regions are left out, because the fixture writes them once per file.
fn canonical(t: &Topology) -> BTreeSet<String> {
    let mut lines = BTreeSet::new();

    for w in &t.workspaces {
        lines.insert(format!(
            "workspace {} st={} kv={} cr={} access={} build={}",
            w.name.value,
            w.storage_account.value,
            w.key_vault.value,
            opt(&w.container_registry),
            opt(&w.public_network_access),
            opt(&w.image_build_compute)
        ));
    }

    for (kind, list) in [
        ("storage", &t.storage_accounts),
        ("vault", &t.key_vaults),
        ("registry", &t.container_registries),
    ] {
        for s in list {
            lines.insert(format!(
                "{kind} {} access={}",
                s.name.value,
                opt(&s.public_network_access)
            ));
        }
    }

    for v in &t.vnets {
        lines.insert(format!(
            "vnet {} space={} dns={}",
            v.name.value,
            list(&v.address_space),
            list(&v.dns_servers)
        ));
        for s in &v.subnets {
            let routes: Vec<String> = s
                .route_table
                .iter()
                .map(|r| format!("{}>{:?}", r.address_prefix.value, r.next_hop.value))
                .collect();
            lines.insert(format!(
                "subnet {}/{} {} delegation={} routes={routes:?}",
                v.name.value,
                s.name.value,
                s.address_prefix.value,
                opt(&s.delegation)
            ));
        }
    }

    for p in &t.peerings {
        let flag = |f: &Option<vnetlint::model::Sp<bool>>, default: bool| {
            f.as_ref().map_or(default, |f| f.value)
        };
        lines.insert(format!(
            "peering {}>{} access={} forwarded={} transit={} remote={}",
            p.from.value,
            p.to.value,
            flag(&p.allow_virtual_network_access, true),
            flag(&p.allow_forwarded_traffic, false),
            flag(&p.allow_gateway_transit, false),
            flag(&p.use_remote_gateways, false)
        ));
    }

    for pe in &t.private_endpoints {
        lines.insert(format!(
            "endpoint {} {} {} {} zones={}",
            pe.name.value,
            text(&pe.subnet.value),
            text(&pe.target.value),
            pe.group.value,
            list(&pe.dns_zones)
        ));
    }

    for z in &t.private_dns_zones {
        let links: Vec<String> = z.vnet_links.iter().map(|l| text(&l.vnet.value)).collect();
        lines.insert(format!(
            "zone {} rg={} links={links:?} records={}",
            z.name.value,
            opt(&z.resource_group),
            z.records.len()
        ));
    }

    for r in &t.dns_resolvers {
        lines.insert(format!(
            "resolver {} {} {} {}",
            r.name.value,
            r.vnet.value,
            r.inbound_subnet.value,
            text(&r.inbound_ip.value)
        ));
    }

    for c in &t.computes {
        lines.insert(format!(
            "compute {} {} ws={} subnet={} max={}",
            c.name.value,
            c.kind.value,
            opt(&c.workspace),
            opt(&c.subnet),
            opt(&c.max_nodes)
        ));
    }

    for g in &t.gateways {
        let types = g.vpn_type.as_ref().map(|t| {
            let mut names: Vec<&str> = t.value.0.iter().map(|t| t.as_str()).collect();
            names.sort();
            names.join("+")
        });
        lines.insert(format!(
            "gateway {} {} {} {:?}",
            g.name.value, g.kind.value, g.vnet.value, types
        ));
    }

    for b in &t.bastions {
        lines.insert(format!(
            "bastion {} {} sku={}",
            b.name.value,
            b.vnet.value,
            opt(&b.sku)
        ));
    }

    for f in &t.firewalls {
        lines.insert(format!(
            "firewall {} {} ip={}",
            f.name.value,
            f.subnet.value,
            text(&f.private_ip.value)
        ));
    }

    for vm in &t.virtual_machines {
        lines.insert(format!(
            "vm {} {} role={}",
            vm.name.value,
            vm.subnet.value,
            opt(&vm.role)
        ));
    }

    lines
}

/// Returns the fixture's model, with the values that neither input can
/// express replaced as the test inputs' README explains. Azure picks the
/// firewall's private IP at creation.
fn fixture_as_imported() -> BTreeSet<String> {
    canonical(&topology(FIXTURE, &ImportSettings::default()))
        .into_iter()
        .map(|line| line.replace("ip=10.100.1.4", "ip=(unknown)"))
        .collect()
}

fn assert_same(expected: &BTreeSet<String>, actual: &BTreeSet<String>, what: &str) {
    let missing: Vec<_> = expected.difference(actual).collect();
    let extra: Vec<_> = actual.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what} differs from the fixture\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
}

#[test]
fn plan_gives_the_fixture_design() {
    let plan = canonical(&topology(PLAN, &ImportSettings::default()));
    assert_same(&fixture_as_imported(), &plan, "the plan's model");
}

#[test]
fn template_gives_the_fixture_design() {
    let template = canonical(&topology(TEMPLATE, &arm_settings(Some("swedencentral"))));
    assert_same(&fixture_as_imported(), &template, "the template's model");
}

#[test]
fn plan_and_template_give_the_fixture_findings() {
    let expected = findings(FIXTURE, ImportSettings::default());
    assert_eq!(findings(PLAN, ImportSettings::default()), expected, "plan");
    assert_eq!(
        findings(TEMPLATE, arm_settings(Some("swedencentral"))),
        expected,
        "template with --location"
    );
    // Without --location every region is `resourceGroup().location`, one
    // value shared by every resource, so no region rule fires.
    assert_eq!(findings(TEMPLATE, arm_settings(None)), expected, "template");
}

#[test]
fn firewall_address_unknown_in_both() {
    for (path, import) in [
        (PLAN, ImportSettings::default()),
        (TEMPLATE, arm_settings(Some("swedencentral"))),
    ] {
        let t = topology(path, &import);
        assert!(
            t.unknowns
                .iter()
                .any(|u| u.resource == "afw-hub" && u.field == "private_ip"),
            "{path}: {:#?}",
            t.unknowns
        );
    }
}

fn vnetlint(args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_vnetlint"))
        .args(args)
        .assert()
}

#[test]
fn import_writes_the_plan_as_a_topology_file() {
    let out = vnetlint(&["import", PLAN]).success();
    let yaml = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    insta::assert_snapshot!("hub_and_spoke_plan_imported", yaml);

    // Once the value deployment decides is filled in, the written file is
    // the fixture's design.
    let filled = yaml.replace(
        "private_ip: \"azurerm_firewall.hub.ip_configuration[0].private_ip_address\"  # unknown until deployment: replace it",
        "private_ip: 10.100.1.4",
    );
    assert_ne!(filled, yaml, "the unknown firewall address is marked");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("import");
    std::fs::create_dir_all(&dir).expect("create the test folder");
    let written = dir.join("hub-and-spoke.yaml");
    std::fs::write(&written, &filled).expect("write the filled file");
    let path = written.to_str().expect("a UTF-8 path");
    let expected: BTreeSet<String> = canonical(&topology(FIXTURE, &ImportSettings::default()));
    assert_same(
        &expected,
        &canonical(&topology(path, &ImportSettings::default())),
        "the written file",
    );
    assert_eq!(
        findings(path, ImportSettings::default()),
        findings(FIXTURE, ImportSettings::default())
    );
}

#[test]
fn import_overwrite_needs_force() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-output");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    let out = dir.join("design.yaml");
    let out = out.to_str().expect("a UTF-8 path");
    vnetlint(&["import", PLAN, "-o", out])
        .success()
        .stdout(predicates::str::contains(
            "1 value is unknown until deployment",
        ));
    vnetlint(&["import", PLAN, "-o", out])
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    vnetlint(&["import", PLAN, "-o", out, "--force"]).success();
}

#[test]
fn import_refuses_a_topology_file() {
    vnetlint(&["import", "fixtures/contract-example.yaml"])
        .code(2)
        .stderr(predicates::str::contains(
            "is neither a Terraform plan nor an ARM template",
        ));
    vnetlint(&["import", PARAMETERS])
        .code(2)
        .stderr(predicates::str::contains("--parameters"));
}

#[test]
fn plan_findings_name_address_and_pointer() {
    // A finding on the unknown firewall address, raised to a warning so
    // that every format shows it.
    let compact =
        vnetlint(&["check", PLAN, "--format", "compact", "-W", "unknown-value"]).success();
    let text = String::from_utf8_lossy(&compact.get_output().stdout).into_owned();
    assert!(
        text.contains("(in `azurerm_firewall.hub` at /planned_values/root_module/resources/"),
        "{text}"
    );
    let json = vnetlint(&["check", PLAN, "--format", "json", "-W", "unknown-value"]).success();
    let doc: serde_json::Value =
        serde_json::from_slice(&json.get_output().stdout).expect("a JSON document");
    let location = &doc["findings"][0]["location"];
    assert_eq!(location["resource"], "azurerm_firewall.hub");
    assert!(location["pointer"]
        .as_str()
        .is_some_and(|p| p.starts_with("/planned_values/")));
    let sarif = vnetlint(&["check", PLAN, "--format", "sarif", "-W", "unknown-value"]).success();
    let doc: serde_json::Value =
        serde_json::from_slice(&sarif.get_output().stdout).expect("a SARIF document");
    let location = &doc["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "azurerm_firewall.hub"
    );
    assert!(location["properties"]["jsonPointer"].is_string());
    for format in ["github", "junit"] {
        let run = vnetlint(&["check", PLAN, "--format", format, "-W", "unknown-value"]).success();
        let text = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
        assert!(text.contains("azurerm_firewall.hub"), "{format}: {text}");
    }
    let human = vnetlint(&["check", PLAN, "--color", "never", "-W", "unknown-value"]).success();
    let text = String::from_utf8_lossy(&human.get_output().stdout).into_owned();
    assert!(text.contains("in: azurerm_firewall.hub"), "{text}");
}

/// The parser reads JSON as YAML, but a plan's errors speak JSON.
#[test]
fn plan_parse_errors_speak_json() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-json-errors");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    let head = r#"{"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": "#;
    let truncated = dir.join("truncated.json");
    std::fs::write(&truncated, format!("{head}{{\"root_module\": [1, 2,")).expect("write");
    let deep = dir.join("deep.json");
    std::fs::write(
        &deep,
        format!("{head}{}{}}}", "[".repeat(100), "]".repeat(100)),
    )
    .expect("write");
    for (path, words) in [(&truncated, "invalid JSON"), (&deep, "a few dozen levels")] {
        let run = vnetlint(&["check", path.to_str().expect("UTF-8"), "--color", "never"]).code(2);
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(stderr.contains(words), "{stderr}");
        assert!(!stderr.contains("YAML"), "{stderr}");
    }
}

/// Unknown values are marked inside the model with control characters; no
/// output may show them, and an imported file must load again.
#[test]
fn outputs_hold_no_unknown_marks() {
    let inputs: [&[&str]; 4] = [
        &[PLAN],
        &[TEMPLATE, "--parameters", PARAMETERS],
        &["tests/import/real/aml-workspace-vnet/azuredeploy.json"],
        &["tests/import/real/vnet-to-vnet-peering/azuredeploy.json"],
    ];
    let marked = |text: &str| text.chars().any(|c| ('\u{1}'..='\u{3}').contains(&c));
    for input in inputs {
        for format in ["human", "compact", "json", "sarif", "junit", "github"] {
            let mut args = vec!["check", "--color", "never", "--format", format];
            args.extend_from_slice(input);
            let output = vnetlint(&args).get_output().clone();
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(!marked(&stdout), "{input:?} {format}:\n{stdout}");
        }
        let mut args = vec!["import"];
        args.extend_from_slice(input);
        let output = vnetlint(&args).success().get_output().clone();
        let yaml = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(!marked(&yaml), "{input:?}:\n{yaml}");
        let loaded = vnetlint::load::load_text(
            "imported.yaml",
            &yaml,
            &Budgets::default(),
            &ImportSettings::default(),
        );
        assert!(loaded.is_ok(), "{input:?}: {:?}\n{yaml}", loaded.err());
    }
}

#[test]
fn location_typo_rejected_with_suggestion() {
    vnetlint(&["check", TEMPLATE, "--location", "westeurop"])
        .code(2)
        .stderr(predicates::str::contains("did you mean `westeurope`?"));
    // A name like no known region may be one that Azure opened since.
    vnetlint(&[
        "check",
        TEMPLATE,
        "--parameters",
        PARAMETERS,
        "--location",
        "Mars Central 9",
    ])
    .code(0);
}

/// Zones managed in one place (here a topology file for the hub) and linked
/// from another (a spoke's plan) form one design when checked together.
#[test]
fn zone_links_join_zones_of_other_inputs() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-zone-links");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    let hub = dir.join("hub.yaml");
    std::fs::write(
        &hub,
        "version: 1\nregion: eastus2\nprivate_dns_zones:\n  - {name: privatelink.blob.core.windows.net, resource_group: rg-dns}\n  - {name: privatelink.blob.core.windows.net, resource_group: rg-other}\n",
    )
    .expect("write the hub");
    let link = |name: &str, group: &str| {
        format!(
            r#"{{"address": "azurerm_private_dns_zone_virtual_network_link.{name}", "mode": "managed",
              "type": "azurerm_private_dns_zone_virtual_network_link", "name": "{name}",
              "values": {{"name": "{name}", "private_dns_zone_name": "privatelink.blob.core.windows.net",
                         "resource_group_name": "{group}",
                         "virtual_network_id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-spoke"}}}}"#
        )
    };
    let plan = format!(
        r#"{{"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {{"root_module": {{"resources": [
            {{"address": "azurerm_virtual_network.spoke", "mode": "managed", "type": "azurerm_virtual_network", "name": "spoke",
              "values": {{"name": "vnet-spoke", "location": "eastus2", "address_space": ["10.1.0.0/16"]}}}},
            {}, {}]}}}}}}"#,
        link("blob", "rg-dns"),
        link("missing", "rg-nowhere")
    );
    let spoke = dir.join("spoke.json");
    std::fs::write(&spoke, plan).expect("write the plan");

    let t = load_files(
        &[hub.clone(), spoke.clone()],
        &Budgets::default(),
        &ImportSettings::default(),
    )
    .expect("both load")
    .topology;
    let linked: Vec<(&str, usize)> = t
        .private_dns_zones
        .iter()
        .map(|z| {
            (
                z.resource_group.as_ref().map_or("", |g| g.value.as_str()),
                z.vnet_links.len(),
            )
        })
        .collect();
    assert_eq!(linked, [("rg-dns", 1), ("rg-other", 0)]);
    assert_eq!(t.zone_links.len(), 1, "the link to rg-nowhere stays apart");

    let out = vnetlint(&[
        "check",
        "--format",
        "compact",
        hub.to_str().expect("UTF-8"),
        spoke.to_str().expect("UTF-8"),
    ])
    .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("error[unknown-reference] VNet `vnet-spoke` refers to private DNS zone"),
        "{text}"
    );
    assert!(
        text.contains(
            "no zone `privatelink.blob.core.windows.net` is in resource group `rg-nowhere`"
        ),
        "{text}"
    );
}
