//! Azure ML workspaces, their storage accounts, key vaults and container
//! registries, and Synapse workspaces linked to them.

use crate::import::tree::Node;
use crate::model::index::Kind;
use crate::model::{
    Access, DefaultAction, ManagedNetwork, NetworkRules, RegistrySku, Service, Sp, StorageKind,
    Synapse, Workspace,
};

use super::fields::Cx;
use super::names::Naming;
use super::plan::Res;

pub fn map(cx: &mut Cx) {
    let plan = cx.plan;
    for res in plan.of_kind("azurerm_machine_learning_workspace") {
        let workspace = workspace(cx, res);
        cx.file.workspaces.push(workspace);
    }
    for res in plan.of_kind("azurerm_storage_account") {
        let mut account = service(cx, res, Kind::StorageAccount, "network_rules.0");
        let owner = account.name.value.clone();
        account.kind = cx.choice(
            res,
            "account_kind",
            StorageKind::parse,
            (Kind::StorageAccount, &owner, "kind"),
        );
        account.hierarchical_namespace = cx.boolean(
            res,
            "is_hns_enabled",
            Kind::StorageAccount,
            &owner,
            "hierarchical_namespace",
        );
        cx.file.storage_accounts.push(account);
    }
    for res in plan.of_kind("azurerm_storage_account_network_rules") {
        add_storage_rules(cx, res);
    }
    for res in plan.of_kind("azurerm_key_vault") {
        let vault = service(cx, res, Kind::KeyVault, "network_acls.0");
        cx.file.key_vaults.push(vault);
    }
    for res in plan.of_kind("azurerm_container_registry") {
        let mut registry = service(cx, res, Kind::ContainerRegistry, "network_rule_set.0");
        let owner = registry.name.value.clone();
        registry.sku = cx.choice(
            res,
            "sku",
            RegistrySku::parse,
            (Kind::ContainerRegistry, &owner, "sku"),
        );
        let count = res.known("georeplications").map_or(0, |g| g.items().len());
        for i in 0..count {
            let path = format!("georeplications.{i}.location");
            let replica = cx.string(res, &path, Kind::ContainerRegistry, &owner, "geo_replicas");
            registry.geo_replicas.extend(replica);
        }
        cx.file.container_registries.push(registry);
    }
    for res in plan.of_kind("azurerm_synapse_workspace") {
        let synapse = synapse(cx, res);
        cx.file.synapse_workspaces.push(synapse);
    }
}

fn workspace(cx: &mut Cx, res: &Res) -> Workspace {
    let name = cx.name(res, Kind::Workspace);
    let owner = name.value.clone();
    let field = |f: &'static str| (Kind::Workspace, owner.as_str(), f);
    let dependency = |cx: &mut Cx, key: &str, f: &'static str| match cx.reference(
        res,
        key,
        Naming::Plain,
        field(f),
    ) {
        Some(target) => target,
        None => cx.required(res, key, Kind::Workspace, &owner, f),
    };
    let storage_account = dependency(cx, "storage_account_id", "storage_account");
    let key_vault = dependency(cx, "key_vault_id", "key_vault");
    Workspace {
        region: cx.string(res, "location", Kind::Workspace, &owner, "region"),
        subscription: None,
        storage_account,
        key_vault,
        container_registry: cx.reference(
            res,
            "container_registry_id",
            Naming::Plain,
            field("container_registry"),
        ),
        additional_storage: Vec::new(),
        public_network_access: access(cx, res, Kind::Workspace, &owner),
        allow_public_access_when_behind_vnet: cx.boolean(
            res,
            "public_access_behind_virtual_network_enabled",
            Kind::Workspace,
            &owner,
            "allow_public_access_when_behind_vnet",
        ),
        image_build_compute: cx.string(
            res,
            "image_build_compute_name",
            Kind::Workspace,
            &owner,
            "image_build_compute",
        ),
        managed_network: cx.choice(
            res,
            "managed_network.0.isolation_mode",
            ManagedNetwork::parse,
            field("managed_network"),
        ),
        hbi_workspace: cx.boolean(
            res,
            "high_business_impact",
            Kind::Workspace,
            &owner,
            "hbi_workspace",
        ),
        name,
    }
}

/// Reads `public_network_access_enabled` as the model's `public_network_access`.
fn access(cx: &mut Cx, res: &Res, kind: Kind, owner: &str) -> Option<Sp<Access>> {
    let flag = cx.boolean(
        res,
        "public_network_access_enabled",
        kind,
        owner,
        "public_network_access",
    )?;
    let access = if flag.value {
        Access::Enabled
    } else {
        Access::Disabled
    };
    Some(Sp::new(access, flag.loc))
}

/// Maps the fields that storage accounts, key vaults and registries share.
fn service(cx: &mut Cx, res: &Res, kind: Kind, rules: &str) -> Service {
    let name = cx.name(res, kind);
    let owner = name.value.clone();
    Service {
        region: cx.string(res, "location", kind, &owner, "region"),
        public_network_access: access(cx, res, kind, &owner),
        network_rules: network_rules(cx, res, rules, kind, &owner),
        kind: None,
        hierarchical_namespace: None,
        sku: None,
        geo_replicas: Vec::new(),
        name,
    }
}

/// Reads a firewall block (`network_rules`, `network_acls`, `network_rule_set`) at `block`.
fn network_rules(
    cx: &mut Cx,
    res: &Res,
    block: &str,
    kind: Kind,
    owner: &str,
) -> Option<NetworkRules> {
    res.known(block)?;
    let field = |f: &'static str| (kind, owner, f);
    let action = format!("{block}.default_action");
    let subnets = format!("{block}.virtual_network_subnet_ids");
    let bypass_path = format!("{block}.bypass");
    let bypass = match res.known(&bypass_path) {
        Some(node) => Some(Sp::new(bypasses_azure(node), node.loc)),
        None => {
            if res.configured(&bypass_path) && res.known(&bypass_path).is_none() {
                cx.unknown_flag(res, &bypass_path, kind, owner, "bypass_azure_services");
            }
            None
        }
    };
    Some(NetworkRules {
        default_action: cx.choice(res, &action, DefaultAction::parse, field("default_action")),
        virtual_network_subnets: cx.reference_list(
            res,
            &subnets,
            Naming::Subnet,
            field("virtual_network_subnets"),
        ),
        bypass_azure_services: bypass,
    })
}

/// Returns true when a `bypass` value (a list, or one string for key vaults) names Azure services.
fn bypasses_azure(node: &Node) -> bool {
    let is_azure = |n: &Node| {
        n.as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("AzureServices"))
    };
    is_azure(node) || node.items().iter().any(is_azure)
}

/// Applies an `azurerm_storage_account_network_rules` resource to its account.
fn add_storage_rules(cx: &mut Cx, res: &Res) {
    let name = match cx.target(res, "storage_account_id") {
        Some(account) => account.known("name").and_then(Node::as_str),
        None => res.known("storage_account_name").and_then(Node::as_str),
    };
    let Some(name) = name else {
        tracing::debug!(
            address = res.address,
            "network rules of an unknown storage account, skipped"
        );
        return;
    };
    let Some(at) = cx
        .file
        .storage_accounts
        .iter()
        .position(|s| s.name.value.eq_ignore_ascii_case(name))
    else {
        return;
    };
    let owner = name.to_string();
    let field = |f: &'static str| (Kind::StorageAccount, owner.as_str(), f);
    let bypass = res
        .known("bypass")
        .map(|b| Sp::new(bypasses_azure(b), b.loc));
    let rules = NetworkRules {
        default_action: cx.choice(
            res,
            "default_action",
            DefaultAction::parse,
            field("default_action"),
        ),
        virtual_network_subnets: cx.reference_list(
            res,
            "virtual_network_subnet_ids",
            Naming::Subnet,
            field("virtual_network_subnets"),
        ),
        bypass_azure_services: bypass,
    };
    cx.file.storage_accounts[at].network_rules = Some(rules);
}

fn synapse(cx: &mut Cx, res: &Res) -> Synapse {
    let name = cx.name(res, Kind::SynapseWorkspace);
    let owner = name.value.clone();
    let kind = Kind::SynapseWorkspace;
    let mut linked_workspaces = Vec::new();
    let plan = cx.plan;
    for link in plan.of_kind("azurerm_synapse_linked_service") {
        let is_ml = link.known("type").and_then(Node::as_str) == Some("AzureMLService");
        let ours = cx
            .target(link, "synapse_workspace_id")
            .is_some_and(|s| s.address == res.address);
        if is_ml && ours {
            linked_workspaces.extend(linked_workspace(cx, link, &owner));
        }
    }
    Synapse {
        region: cx.string(res, "location", kind, &owner, "region"),
        managed_vnet: cx.boolean(
            res,
            "managed_virtual_network_enabled",
            kind,
            &owner,
            "managed_vnet",
        ),
        data_exfiltration_protection: cx.boolean(
            res,
            "data_exfiltration_protection_enabled",
            kind,
            &owner,
            "data_exfiltration_protection",
        ),
        linked_workspaces,
        name,
    }
}

/// Reads the workspace name from a linked service's `type_properties_json`.
fn linked_workspace(cx: &mut Cx, link: &Res, owner: &str) -> Option<Sp<String>> {
    let path = "type_properties_json";
    let Some(node) = link.known(path) else {
        return Some(cx.required(
            link,
            path,
            Kind::SynapseWorkspace,
            owner,
            "linked_workspaces",
        ));
    };
    let parsed: Option<serde_json::Value> =
        node.as_str().and_then(|t| serde_json::from_str(t).ok());
    let name = parsed
        .as_ref()
        .and_then(|p| p.get("mlWorkspaceName"))
        .and_then(|n| n.as_str());
    if name.is_none() {
        tracing::debug!(
            address = link.address,
            "linked service without `mlWorkspaceName`, skipped"
        );
    }
    Some(Sp::new(name?.to_string(), node.loc))
}
