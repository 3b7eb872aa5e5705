//! Workspaces, computes, dependency services, AKS and Synapse.

use super::{import_resources, unknown_fields};
use crate::model::{unknown, NetworkPlugin, RegistrySku};

/// A storage account and a key vault named by hashes, and a workspace that
/// refers to them through ids built in a resource group parameter.
const HASHED_NAMES: &str = r#"
  {"type": "Microsoft.Storage/storageAccounts", "name": "[parameters('storageName')]",
   "kind": "StorageV2", "properties": {}},
  {"type": "Microsoft.KeyVault/vaults", "name": "[parameters('vaultName')]", "properties": {}},
  {"type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw",
   "properties": {
    "storageAccount": "[resourceId(parameters('group'), 'Microsoft.Storage/storageAccounts', parameters('storageName'))]",
    "keyVault": "[resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))]"}}"#;

const HASHED_PARAMETERS: &str = r#"{
  "group": {"type": "string", "defaultValue": "[resourceGroup().name]"},
  "storageName": {"type": "string",
   "defaultValue": "[concat('sa', uniqueString(resourceGroup().id, 'mlw'))]"},
  "vaultName": {"type": "string", "defaultValue": "[format('kv{0}', uniqueString(resourceGroup().id))]"}}"#;

#[test]
fn workspace_finds_services_with_hashed_names() {
    let imported = import_resources(HASHED_PARAMETERS, HASHED_NAMES);
    let workspace = &imported.file.workspaces[0];
    let storage = &imported.file.storage_accounts[0];
    let vault = &imported.file.key_vaults[0];
    assert!(unknown::is_unknown(&storage.name.value));
    assert_eq!(workspace.storage_account.value, storage.name.value);
    assert_eq!(workspace.key_vault.value, vault.name.value);
    assert_eq!(unknown_fields(&imported, "mlw"), Vec::<&str>::new());
}

#[test]
fn service_in_other_group_unknown() {
    let parameters = HASHED_PARAMETERS.replace("[resourceGroup().name]", "[uniqueString('x')]");
    let imported = import_resources(&parameters, HASHED_NAMES);
    assert_eq!(unknown_fields(&imported, "mlw"), ["storage_account"]);
}

#[test]
fn aks_attaches_through_compute() {
    let resources = r#"
      {"type": "Microsoft.ContainerService/managedClusters", "name": "aks-ml",
       "properties": {
        "agentPoolProfiles": [{"name": "system", "count": 3, "maxPods": 30,
         "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-spoke', 'snet-aks')]"}],
        "apiServerAccessProfile": {"enablePrivateCluster": true},
        "networkProfile": {"networkPlugin": "azure", "serviceCidr": "10.2.0.0/16",
         "dnsServiceIP": "10.2.0.10"}}},
      {"type": "Microsoft.MachineLearningServices/workspaces/computes", "name": "mlw/aks",
       "properties": {"computeType": "AKS",
        "resourceId": "[resourceId('Microsoft.ContainerService/managedClusters', 'aks-ml')]"}}"#;
    let imported = import_resources("{}", resources);
    let cluster = &imported.file.kubernetes_clusters[0];
    assert_eq!(cluster.subnet.value, "vnet-spoke/snet-aks");
    assert_eq!(cluster.attached_to.as_ref().unwrap().value, "mlw");
    assert!(cluster.private_cluster.as_ref().unwrap().value);
    assert_eq!(
        cluster.network_plugin.as_ref().unwrap().value,
        NetworkPlugin::Azure
    );
    assert_eq!(cluster.node_count.as_ref().unwrap().value, 3);
    assert_eq!(cluster.max_pods.as_ref().unwrap().value, 30);
    assert_eq!(cluster.service_cidr.as_ref().unwrap().value, "10.2.0.0/16");
    assert_eq!(cluster.dns_service_ip.as_ref().unwrap().value, "10.2.0.10");
    // The AKS compute is an attachment, not a compute instance or cluster.
    assert!(imported.file.computes.is_empty());
}

#[test]
fn aks_without_compute_unattached() {
    let resources = r#"
      {"type": "Microsoft.ContainerService/managedClusters", "name": "aks-ml",
       "properties": {"agentPoolProfiles": [{"name": "system",
        "vnetSubnetID": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-spoke', 'snet-aks')]"}]}}"#;
    let imported = import_resources("{}", resources);
    assert!(imported.file.kubernetes_clusters[0].attached_to.is_none());
}

#[test]
fn synapse_managed_vnet_and_exfiltration() {
    let resources = r#"
      {"type": "Microsoft.Synapse/workspaces", "name": "syn-ml",
       "properties": {"managedVirtualNetwork": "default",
        "managedVirtualNetworkSettings": {"preventDataExfiltration": true}}},
      {"type": "Microsoft.Synapse/workspaces", "name": "syn-open", "properties": {}}"#;
    let imported = import_resources("{}", resources);
    let [managed, open] = &imported.file.synapse_workspaces[..] else {
        panic!("two workspaces");
    };
    assert!(managed.managed_vnet.as_ref().unwrap().value);
    assert!(managed.data_exfiltration_protection.as_ref().unwrap().value);
    assert!(open.managed_vnet.is_none());
    assert!(open.data_exfiltration_protection.is_none());
}

#[test]
fn registry_replications_are_geo_replicas() {
    let resources = r#"
      {"type": "Microsoft.ContainerRegistry/registries", "name": "crml", "location": "westeurope",
       "sku": {"name": "Premium"}, "properties": {},
       "resources": [{"type": "replications", "name": "northeurope", "location": "northeurope",
        "dependsOn": ["crml"], "properties": {}}]},
      {"type": "Microsoft.ContainerRegistry/registries/replications", "name": "crml/swedencentral",
       "location": "[parameters('second')]", "properties": {}}"#;
    let imported = import_resources(r#"{"second": {"type": "string"}}"#, resources);
    let registry = &imported.file.container_registries[0];
    assert_eq!(registry.sku.as_ref().unwrap().value, RegistrySku::Premium);
    let replicas: Vec<String> = registry
        .geo_replicas
        .iter()
        .map(|r| unknown::describe(&r.value))
        .collect();
    assert_eq!(replicas, ["northeurope", "parameters('second')"]);
    assert_eq!(unknown_fields(&imported, "crml"), ["geo_replicas"]);
}

#[test]
fn bypass_defaults_to_azure_services() {
    let resources = r#"
      {"type": "Microsoft.Storage/storageAccounts", "name": "sadefault", "kind": "StorageV2",
       "properties": {"networkAcls": {"defaultAction": "Deny"}}},
      {"type": "Microsoft.Storage/storageAccounts", "name": "sanone", "kind": "StorageV2",
       "properties": {"networkAcls": {"defaultAction": "Deny", "bypass": "None"}}}"#;
    let imported = import_resources("{}", resources);
    let bypass = |i: usize| {
        let rules = imported.file.storage_accounts[i].network_rules.as_ref();
        rules
            .and_then(|r| r.bypass_azure_services.as_ref())
            .map(|b| b.value)
    };
    assert_eq!(bypass(0), Some(true));
    assert_eq!(bypass(1), Some(false));
}
