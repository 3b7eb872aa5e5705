//! Virtual machines: subnet through the network interface, role and DNS
//! forwarders from tags.

use super::{import, import_error, template, unknown_fields};
use crate::model::VmRole;

fn dns_server(tags: &str) -> String {
    format!(
        r#"
  {{"type": "Microsoft.Network/networkInterfaces", "name": "nic-dns",
   "properties": {{"ipConfigurations": [{{"name": "ipconfig", "properties": {{
    "privateIPAddress": "10.0.2.4",
    "subnet": {{"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub', 'snet-dns')]"}}}}}}]}}}},
  {{"type": "Microsoft.Compute/virtualMachines", "name": "vm-dns", "tags": {tags},
   "properties": {{"networkProfile": {{"networkInterfaces": [
    {{"id": "[resourceId('Microsoft.Network/networkInterfaces', 'nic-dns')]"}}]}}}}}}"#
    )
}

#[test]
fn vm_reads_subnet_role_and_forwarders() {
    let tags = r#"{"vnetlint-role": "dns_server",
      "vnetlint-dns-forwarders": "privatelink.api.azureml.ms=168.63.129.16, .=10.0.0.4"}"#;
    let imported = import(&template("{}", &dns_server(tags)), None);
    let vm = &imported.file.virtual_machines[0];
    assert_eq!(vm.subnet.value, "vnet-hub/snet-dns");
    assert_eq!(vm.private_ip.as_ref().unwrap().value, "10.0.2.4");
    assert_eq!(vm.role.as_ref().unwrap().value, VmRole::DnsServer);
    let forwarders: Vec<(&str, &str)> = vm
        .dns_forwarders
        .iter()
        .map(|f| (f.zone.value.as_str(), f.to.value.as_str()))
        .collect();
    assert_eq!(
        forwarders,
        [
            ("privatelink.api.azureml.ms", "168.63.129.16"),
            (".", "10.0.0.4")
        ]
    );
}

#[test]
fn forwarder_without_equals_is_an_error() {
    let tags = r#"{"vnetlint-dns-forwarders": "privatelink.api.azureml.ms"}"#;
    let message = import_error(&template("{}", &dns_server(tags)));
    assert!(message.contains("has no `=`"), "{message}");
}

#[test]
fn unknown_forwarders_tag_is_an_error() {
    let tags = r#"{"vnetlint-dns-forwarders": "[parameters('forwarders')]"}"#;
    let text = template(r#"{"forwarders": {"type": "string"}}"#, &dns_server(tags));
    let message = import_error(&text);
    assert!(message.contains("unknown until deployment"), "{message}");
}

#[test]
fn vm_without_interface_unknown_subnet() {
    let resources = dns_server("{}").replace("\"name\": \"nic-dns\"", "\"name\": \"nic-other\"");
    let imported = import(&template("{}", &resources), None);
    assert_eq!(unknown_fields(&imported, "vm-dns"), ["subnet"]);
    assert!(imported.file.virtual_machines[0].role.is_none());
}
