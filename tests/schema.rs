//! The JSON Schema of the topology format: the committed file is current, it
//! is a valid draft-07 schema, and it accepts the files the loader accepts.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jsonschema::Validator;
use serde_json::Value;
use vnetlint::engine::{check_text, Settings};

const COMMITTED: &str = "schema/topology.schema.json";

fn schema() -> Value {
    vnetlint::model::schema::topology_schema()
}

fn validator() -> Validator {
    jsonschema::draft7::new(&schema()).expect("the schema compiles")
}

/// Parses YAML into JSON data, as an editor's language server reads it.
fn yaml_to_json(text: &str, name: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"))
}

/// Returns the schema's error messages for `text`, one per line.
fn schema_errors(validator: &Validator, text: &str, name: &str) -> Vec<String> {
    let instance = yaml_to_json(text, name);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{name}: {}: {e}", e.instance_path()))
        .collect()
}

fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            found.push(path);
        }
    }
}

#[test]
fn committed_schema_matches_command() {
    let output = Command::new(env!("CARGO_BIN_EXE_vnetlint"))
        .arg("schema")
        .output()
        .expect("run vnetlint schema");
    assert!(output.status.success(), "vnetlint schema failed");
    let generated = String::from_utf8(output.stdout).expect("the schema is UTF-8");
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        generated == committed,
        "{COMMITTED} differs from the output of `vnetlint schema`; regenerate it with \
         `cargo run -- schema > {COMMITTED}` and commit it"
    );
}

#[test]
fn schema_is_valid_draft_07() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    if let Err(error) = jsonschema::draft7::meta::validate(&schema) {
        panic!("the schema breaks the draft-07 meta-schema: {error}");
    }
}

#[test]
fn every_fixture_validates() {
    let validator = validator();
    let mut files = Vec::new();
    yaml_files(Path::new("fixtures"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no YAML file under fixtures/");

    let mut errors = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable fixture");
        errors.extend(schema_errors(
            &validator,
            &text,
            &file.display().to_string(),
        ));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn starter_topology_validates() {
    let text = std::fs::read_to_string("src/cli/starter.yaml").expect("readable starter");
    let errors = schema_errors(&validator(), &text, "starter.yaml");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Documents that both the schema and the loader accept (`true`) or reject (`false`).
const CASES: &[(&str, bool)] = &[
    ("region: eastus2\n", true),
    ("region: ~\n", true),
    ("vnets: ~\n", false),
    ("version: 1\n", true),
    ("version: 2\n", false),
    ("cloud: azurechinacloud\n", true),
    ("cloud: AzureMoon\n", false),
    ("colour: blue\n", false),
    // Enumerated values in any letter case.
    (
        "storage_accounts: [{name: st, public_network_access: disabled}]\n",
        true,
    ),
    (
        "storage_accounts: [{name: st, public_network_access: DISABLED}]\n",
        true,
    ),
    (
        "storage_accounts: [{name: st, public_network_access: Disabld}]\n",
        false,
    ),
    ("computes: [{name: cc, kind: Cluster}]\n", true),
    ("computes: [{name: cc}]\n", false),
    (
        "virtual_machines: [{name: vm, subnet: v/s, role: JUMP_BOX}]\n",
        true,
    ),
    (
        "virtual_machines: [{name: vm, subnet: v/s, role: jumpbox}]\n",
        false,
    ),
    // Unknown and missing keys.
    ("vnets: [{name: v, adress_space: [10.0.0.0/16]}]\n", false),
    ("vnets: [{name: v}]\n", false),
    (
        "vnets: [{name: v, address_space: [10.0.0.0/16], subnets: [{name: s}]}]\n",
        false,
    ),
    // Next hops.
    (ROUTE_INTERNET, true),
    (ROUTE_APPLIANCE_NAME, true),
    (ROUTE_APPLIANCE_IP, true),
    (ROUTE_APPLIANCE_EMPTY, false),
    (ROUTE_APPLIANCE_BLANK, false),
    (ROUTE_UNKNOWN, false),
    // VNet links: a name or a mapping.
    ("private_dns_zones: [{name: z, vnet_links: [v]}]\n", true),
    (
        "private_dns_zones: [{name: z, vnet_links: [{vnet: v}]}]\n",
        true,
    ),
    (
        "private_dns_zones: [{name: z, vnet_links: [{vnet: v, fallback_to_internet: true}]}]\n",
        true,
    ),
    (
        "private_dns_zones: [{name: z, vnet_links: [{vnet: v, fallback: true}]}]\n",
        false,
    ),
    (
        "private_dns_zones: [{name: z, vnet_links: [{fallback_to_internet: true}]}]\n",
        false,
    ),
    // VPN types: one or a list.
    (
        "gateways: [{name: g, kind: vpn, vnet: v, vpn_type: site_to_site}]\n",
        true,
    ),
    (
        "gateways: [{name: g, kind: VPN, vnet: v, vpn_type: [point_to_site, SITE_TO_SITE]}]\n",
        true,
    ),
    (
        "gateways: [{name: g, kind: vpn, vnet: v, vpn_type: both}]\n",
        false,
    ),
    (
        "gateways: [{name: g, kind: vpn, vnet: v, vpn_type: [both]}]\n",
        false,
    ),
];

const ROUTE_INTERNET: &str = "\
vnets:
  - name: v
    address_space: [10.0.0.0/16]
    subnets:
      - name: s
        address_prefix: 10.0.0.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: INTERNET}]
";
const ROUTE_APPLIANCE_NAME: &str = "\
vnets:
  - name: v
    address_space: [10.0.0.0/16]
    subnets:
      - name: s
        address_prefix: 10.0.0.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: 'virtualappliance:afw-hub'}]
";
const ROUTE_APPLIANCE_IP: &str = "\
vnets:
  - name: v
    address_space: [10.0.0.0/16]
    subnets:
      - name: s
        address_prefix: 10.0.0.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: 'VirtualAppliance: 10.0.0.4'}]
";
const ROUTE_APPLIANCE_EMPTY: &str = "\
vnets:
  - name: v
    address_space: [10.0.0.0/16]
    subnets:
      - name: s
        address_prefix: 10.0.0.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: 'VirtualAppliance:'}]
";
const ROUTE_APPLIANCE_BLANK: &str = "\
vnets:
  - name: v
    address_space: [10.0.0.0/16]
    subnets:
      - name: s
        address_prefix: 10.0.0.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: 'VirtualAppliance:   '}]
";
const ROUTE_UNKNOWN: &str = "\
vnets:
  - name: v
    address_space: [10.0.0.0/16]
    subnets:
      - name: s
        address_prefix: 10.0.0.0/24
        route_table: [{address_prefix: 0.0.0.0/0, next_hop: Firewall}]
";

#[test]
fn schema_and_loader_agree() {
    let validator = validator();
    for (text, valid) in CASES {
        let errors = schema_errors(&validator, text, "case");
        assert_eq!(
            errors.is_empty(),
            *valid,
            "the schema should {} this document:\n{text}{}",
            if *valid { "accept" } else { "reject" },
            errors.join("\n"),
        );
        let loaded = check_text("case.yaml", text, &Settings::default());
        assert_eq!(
            loaded.is_ok(),
            *valid,
            "the loader should {} this document:\n{text}",
            if *valid { "accept" } else { "reject" },
        );
    }
}

#[test]
fn enumerated_values_offer_canonical_spellings() {
    let schema = schema();
    let access = &schema["definitions"]["Access"];
    assert_eq!(
        access["examples"],
        serde_json::json!(["Enabled", "Disabled"])
    );
    assert!(
        access.get("enum").is_none(),
        "an enum would reject other letter cases"
    );
}

#[test]
fn fields_carry_descriptions_and_defaults() {
    let schema = schema();
    let compute = &schema["definitions"]["Compute"]["properties"];
    assert_eq!(compute["public_ip"]["default"], true);
    assert_eq!(compute["max_nodes"]["default"], 1);
    assert!(compute["subnet"]["description"].is_string());
    let required = &schema["definitions"]["Compute"]["required"];
    assert_eq!(required, &serde_json::json!(["name", "kind"]));
    assert_eq!(schema["definitions"]["Vnet"]["additionalProperties"], false);
}

/// Returns the YAML code blocks of a Markdown page.
fn yaml_blocks(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        match &mut current {
            None if line.trim().starts_with("```yaml") => current = Some(String::new()),
            Some(_) if line.trim() == "```" => found.extend(current.take()),
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    found
}

#[test]
fn every_rule_page_example_validates() {
    let validator = validator();
    let mut errors = Vec::new();
    let mut blocks = 0;
    for entry in std::fs::read_dir("rules").expect("rules/ exists") {
        let path = entry.expect("readable entry").path();
        let page = std::fs::read_to_string(&path).expect("readable page");
        for text in yaml_blocks(&page) {
            // Examples of imported inputs are Terraform plans or ARM
            // templates; the topology schema describes neither.
            if vnetlint::import::detect(&text) != vnetlint::import::InputKind::Topology {
                continue;
            }
            blocks += 1;
            errors.extend(schema_errors(
                &validator,
                &text,
                &path.display().to_string(),
            ));
        }
    }
    assert!(blocks > 0, "no YAML example under rules/");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
