//! Private endpoint zone names and private DNS zone records.

use super::{import, spanned, template};

const ENDPOINT: &str = r#"
  {"type": "Microsoft.Network/privateEndpoints", "name": "pe-mlw",
   "properties": {"subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-spoke', 'snet-pe')]"},
    "privateLinkServiceConnections": [{"name": "c", "properties": {
     "privateLinkServiceId": "[resourceId('Microsoft.MachineLearningServices/workspaces', 'mlw')]",
     "groupIds": ["amlworkspace"]}}]}},
  {"type": "Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "name": "pe-mlw/default",
   "properties": {"privateDnsZoneConfigs": [{"name": "api", "properties": {
    "privateDnsZoneId": "[resourceId('rg-dns-hub', 'Microsoft.Network/privateDnsZones', 'privatelink.api.azureml.ms')]"}}]}},
  {"type": "Microsoft.Resources/deployments", "name": "dns-hub", "resourceGroup": "rg-dns-hub",
   "properties": {"mode": "Incremental", "template": {"resources": [
    {"type": "Microsoft.Network/privateDnsZones", "name": "privatelink.api.azureml.ms", "location": "global"}]}}}"#;

/// A second zone of the same name, in the resource group of a client VNet.
const CLIENT_ZONE: &str = r#",
  {"type": "Microsoft.Resources/deployments", "name": "dns-clients", "resourceGroup": "rg-clients",
   "properties": {"mode": "Incremental", "template": {"resources": [
    {"type": "Microsoft.Network/privateDnsZones", "name": "privatelink.api.azureml.ms", "location": "global"}]}}}"#;

#[test]
fn unique_zone_named_alone() {
    let imported = import(&template("{}", ENDPOINT), None);
    let zones = &imported.file.private_endpoints[0].dns_zones;
    assert_eq!(zones.len(), 1);
    assert_eq!(zones[0].value, "privatelink.api.azureml.ms");
}

#[test]
fn shared_zone_named_by_group() {
    let resources = format!("{ENDPOINT}{CLIENT_ZONE}");
    let imported = import(&template("{}", &resources), None);
    let zones = &imported.file.private_endpoints[0].dns_zones;
    assert_eq!(zones[0].value, "rg-dns-hub/privatelink.api.azureml.ms");
    let groups: Vec<_> = imported
        .file
        .private_dns_zones
        .iter()
        .map(|z| z.resource_group.as_ref().map(|g| g.value.as_str()))
        .collect();
    assert_eq!(groups, [Some("rg-dns-hub"), Some("rg-clients")]);
}

#[test]
fn zone_a_records_mapped() {
    let resources = r#"
      {"type": "Microsoft.Network/privateDnsZones", "name": "privatelink.api.azureml.ms",
       "resources": [{"type": "A", "name": "mlw.region", "properties": {
        "ttl": 10, "aRecords": [{"ipv4Address": "10.1.2.4"}, {"ipv4Address": "10.1.2.5"}]}}]},
      {"type": "Microsoft.Network/privateDnsZones/A", "name": "privatelink.api.azureml.ms/mlw.notebooks",
       "properties": {"aRecords": [{"ipv4Address": "10.1.2.6"}]}}"#;
    let text = template("{}", resources);
    let imported = import(&text, None);
    let records = &imported.file.private_dns_zones[0].records;
    let pairs: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r.name.value.as_str(), r.ip.value.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("mlw.region", "10.1.2.4"),
            ("mlw.region", "10.1.2.5"),
            ("mlw.notebooks", "10.1.2.6")
        ]
    );
    assert_eq!(spanned(&text, records[2].ip.loc), r#""10.1.2.6""#);
}

#[test]
fn link_to_zone_elsewhere_kept_apart() {
    // The zone lives in the hub's template; this one only links a spoke to it.
    let resources = r#"
      {"type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
       "name": "privatelink.blob.core.windows.net/link-spoke",
       "properties": {"registrationEnabled": false,
        "virtualNetwork": {"id": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-spoke')]"}}}"#;
    let imported = import(&template("{}", resources), None);
    assert!(imported.file.private_dns_zones.is_empty());
    let link = &imported.file.private_dns_zone_links[0];
    assert_eq!(link.zone.value, "privatelink.blob.core.windows.net");
    assert_eq!(link.vnet.value, "vnet-spoke");
}
