//! ARM templates read end to end through `vnetlint check`.

use assert_cmd::Command;

fn check(args: &[&str]) -> (String, i32) {
    let output = Command::cargo_bin("vnetlint")
        .expect("binary builds")
        .arg("check")
        .args(args)
        .args(["--format", "compact"])
        .output()
        .expect("vnetlint runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    (stdout, output.status.code().unwrap_or(-1))
}

const HUB: &str = "tests/import/hub-and-spoke/azuredeploy.json";
const HUB_PARAMETERS: &str = "tests/import/hub-and-spoke/azuredeploy.parameters.json";

#[test]
fn hub_and_spoke_loads_with_location() {
    let args = [
        HUB,
        "--parameters",
        HUB_PARAMETERS,
        "--location",
        "swedencentral",
    ];
    let (out, code) = check(&args);
    assert_eq!(code, 0, "{out}");
    // One finding, and it is right: the template gives the firewall no
    // static private IP, so Azure assigns it at deployment. `unknown-value`
    // reports it as `info`, and the rules that route DNS and traffic through
    // the firewall compare the same symbol, so they pass.
    let findings: Vec<&str> = out.lines().filter(|l| l.contains('[')).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(
        findings[0].contains("info[unknown-value] the private IP of firewall `afw-hub`"),
        "{out}"
    );
}

/// Findings with the template's default parameters, where
/// `privateEndpointType` is `none`, so the template creates no VNet, subnet
/// or private endpoint:
///
/// - `unknown-value` on the storage account's network rules is right: they
///   allow a subnet named by `uniqueString` hashes that the template does not
///   create, so deployment decides what it is.
/// - `image-build-compute-missing` is right to be `info`: the storage account
///   denies by default, and whether its subnet rule changes that waits for
///   the unknown subnet.
/// - `unknown-value` on the regions is right: `parameters('location')` has no
///   default and no parameters file is given.
/// - `unknown-value` on three names is right: the storage account and key
///   vault are named with `uniqueString`, and `workspaceName` has no default.
///   An unknown name still identifies its resource, so it softens nothing.
/// - `workspace-unreachable` is right: the workspace sets public network
///   access `Disabled`, and with these defaults it has no private endpoint.
///
/// The workspace finds its storage account and key vault, whose ids are
/// built from the same hashed names, so neither reference is reported
/// unknown.
#[test]
fn aml_workspace_vnet_snapshot() {
    let (out, code) = check(&["tests/import/real/aml-workspace-vnet/azuredeploy.json"]);
    assert_ne!(code, 2, "{out}");
    insta::assert_snapshot!("aml_workspace_vnet", out);
}

/// Two VNets peered both ways. The one finding is right: both VNets are in
/// `resourceGroup().location`, which is unknown without `--location`, and
/// `unknown-value` reports it once as `info`. The peering rules compare the
/// same symbol and pass.
#[test]
fn vnet_to_vnet_peering_snapshot() {
    let (out, code) = check(&["tests/import/real/vnet-to-vnet-peering/azuredeploy.json"]);
    assert_ne!(code, 2, "{out}");
    insta::assert_snapshot!("vnet_to_vnet_peering", out);
}

#[test]
fn syntax_error_points_at_string() {
    let dir = std::env::temp_dir().join(format!("vnetlint-arm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join("bad.json");
    let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {"type": "Microsoft.Network/virtualNetworks", "name": "[concat('a']", "location": "x"}
  ]
}"#;
    std::fs::write(&path, text).expect("write template");
    let (out, code) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    let output = Command::cargo_bin("vnetlint")
        .unwrap()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid template expression"), "{stderr}");
    assert!(stderr.contains("bad.json:4"), "{stderr}");
}
