//! Workspaces, computes, dependency services, AKS and Synapse.

use super::{import_resources, unknown_fields};
use crate::model::unknown;

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
fn workspace_service_in_another_group_is_unknown() {
    let parameters = HASHED_PARAMETERS.replace("[resourceGroup().name]", "[uniqueString('x')]");
    let imported = import_resources(&parameters, HASHED_NAMES);
    assert_eq!(unknown_fields(&imported, "mlw"), ["storage_account"]);
}
