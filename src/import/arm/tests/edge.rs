//! Firewalls and the DNS proxy of their policies.

use super::{import, spanned, template, unknown_fields};

fn firewall(properties: &str) -> String {
    format!(
        r#"
  {{"type": "Microsoft.Network/azureFirewalls", "name": "afw-hub",
   "properties": {{"ipConfigurations": [{{"name": "ipconfig", "properties": {{
    "subnet": {{"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub', 'AzureFirewallSubnet')]"}}}}}}]{properties}}}}}"#
    )
}

const POLICY: &str = r#",
  {"type": "Microsoft.Network/firewallPolicies", "name": "afwp-hub",
   "properties": {"dnsSettings": {"enableProxy": true}}}"#;

#[test]
fn firewall_reads_dns_proxy_from_its_policy() {
    let policy_ref = r#", "firewallPolicy": {"id": "[resourceId('Microsoft.Network/firewallPolicies', 'afwp-hub')]"}"#;
    let text = template("{}", &format!("{}{POLICY}", firewall(policy_ref)));
    let imported = import(&text, None);
    let proxy = imported.file.firewalls[0].dns_proxy.as_ref().expect("set");
    assert!(proxy.value);
    assert_eq!(spanned(&text, proxy.loc), "true");
}

#[test]
fn firewall_reads_classic_dns_proxy() {
    let classic = r#", "additionalProperties": {"Network.DNS.EnableProxy": "true"}"#;
    let imported = import(&template("{}", &firewall(classic)), None);
    let proxy = imported.file.firewalls[0].dns_proxy.as_ref().expect("set");
    assert!(proxy.value);
}

#[test]
fn firewall_without_policy_unset_proxy() {
    let imported = import(&template("{}", &firewall("")), None);
    assert!(imported.file.firewalls[0].dns_proxy.is_none());
    assert_eq!(unknown_fields(&imported, "afw-hub"), ["private_ip"]);
}

#[test]
fn firewall_unknown_dns_proxy_is_recorded() {
    let policy_ref = r#", "firewallPolicy": {"id": "[resourceId('Microsoft.Network/firewallPolicies', 'afwp-hub')]"}"#;
    let policy = POLICY.replace("true", r#""[parameters('proxy')]""#);
    let text = template(
        r#"{"proxy": {"type": "bool"}}"#,
        &format!("{}{policy}", firewall(policy_ref)),
    );
    let imported = import(&text, None);
    assert!(imported.file.firewalls[0].dns_proxy.is_none());
    assert_eq!(
        unknown_fields(&imported, "afw-hub"),
        ["private_ip", "dns_proxy"]
    );
}
