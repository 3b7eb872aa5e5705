//! Azure ML workspaces and their dependency services: storage accounts,
//! key vaults and container registries.

use super::eval::Result;
use super::map::{own_name, Mapper, Owner};
use super::network::missing;
use super::template::Resource;
use super::value::{Val, Value};
use crate::model::index::Kind;
use crate::model::{
    Access, DefaultAction, ManagedNetwork, NetworkRules, RegistrySku, Service, Sp, StorageKind,
    Workspace,
};

pub const WORKSPACES: &str = "Microsoft.MachineLearningServices/workspaces";
pub const STORAGE: &str = "Microsoft.Storage/storageAccounts";
pub const KEY_VAULTS: &str = "Microsoft.KeyVault/vaults";
pub const REGISTRIES: &str = "Microsoft.ContainerRegistry/registries";
pub const REPLICATIONS: &str = "Microsoft.ContainerRegistry/registries/replications";

pub fn map_workspaces(m: &mut Mapper) -> Result<()> {
    for resource in m.of_type(WORKSPACES).collect::<Vec<_>>() {
        let name = own_name(resource);
        let owner = Owner {
            kind: Kind::Workspace,
            name: &name,
        };
        m.own_unknowns(owner, resource);
        let props = &resource.properties;
        let required = |key: &str| {
            props
                .get(key)
                .filter(|v| !v.is_null())
                .ok_or_else(|| missing(resource, key))
        };
        let storage_account = m.reference(owner, "storage_account", required("storageAccount")?);
        let key_vault = m.reference(owner, "key_vault", required("keyVault")?);
        let registry = props.get("containerRegistry").filter(|v| !v.is_null());
        let workspace = Workspace {
            name: Sp::new(name.clone(), resource.name.loc),
            region: m.region(owner, resource),
            subscription: None,
            storage_account,
            key_vault,
            container_registry: registry.map(|r| m.reference(owner, "container_registry", r)),
            additional_storage: Vec::new(),
            public_network_access: m.choice(
                owner,
                "public_network_access",
                props.get("publicNetworkAccess"),
                Access::parse,
                Access::NAMES,
            )?,
            allow_public_access_when_behind_vnet: m.flag(
                owner,
                "allow_public_access_when_behind_vnet",
                props.get("allowPublicAccessWhenBehindVnet"),
            )?,
            image_build_compute: m.opt_text(
                owner,
                "image_build_compute",
                props.get("imageBuildCompute"),
            ),
            managed_network: m.choice(
                owner,
                "managed_network",
                props.path(&["managedNetwork", "isolationMode"]),
                ManagedNetwork::parse,
                ManagedNetwork::NAMES,
            )?,
            hbi_workspace: m.flag(owner, "hbi_workspace", props.get("hbiWorkspace"))?,
        };
        m.file.workspaces.push(workspace);
    }
    Ok(())
}

pub fn map_services(m: &mut Mapper) -> Result<()> {
    for (resource_type, kind) in [
        (STORAGE, Kind::StorageAccount),
        (KEY_VAULTS, Kind::KeyVault),
        (REGISTRIES, Kind::ContainerRegistry),
    ] {
        for resource in m.of_type(resource_type).collect::<Vec<_>>() {
            let service = service(m, resource, kind)?;
            match kind {
                Kind::StorageAccount => m.file.storage_accounts.push(service),
                Kind::KeyVault => m.file.key_vaults.push(service),
                _ => m.file.container_registries.push(service),
            }
        }
    }
    Ok(())
}

fn service(m: &mut Mapper, resource: &Resource, kind: Kind) -> Result<Service> {
    let name = own_name(resource);
    let owner = Owner { kind, name: &name };
    m.own_unknowns(owner, resource);
    let props = &resource.properties;
    let acls = match kind {
        Kind::ContainerRegistry => props.get("networkRuleSet"),
        _ => props.get("networkAcls"),
    };
    let network_rules = match acls.filter(|a| !a.is_null()) {
        Some(acls) => Some(network_rules(m, owner, acls)?),
        None => None,
    };
    let mut service = Service {
        name: Sp::new(name.clone(), resource.name.loc),
        region: m.region(owner, resource),
        public_network_access: m.choice(
            owner,
            "public_network_access",
            props.get("publicNetworkAccess"),
            Access::parse,
            Access::NAMES,
        )?,
        network_rules,
        kind: None,
        hierarchical_namespace: None,
        sku: None,
        geo_replicas: Vec::new(),
    };
    match kind {
        Kind::StorageAccount => {
            service.kind = m.choice(
                owner,
                "kind",
                Some(&resource.kind),
                StorageKind::parse,
                StorageKind::NAMES,
            )?;
            service.hierarchical_namespace =
                m.flag(owner, "hierarchical_namespace", props.get("isHnsEnabled"))?;
        }
        Kind::ContainerRegistry => {
            service.sku = m.choice(
                owner,
                "sku",
                resource.sku.get("name"),
                RegistrySku::parse,
                RegistrySku::NAMES,
            )?;
            for replica in m.children(REPLICATIONS, resource.name_text()) {
                if let Some(location) = &replica.location {
                    service
                        .geo_replicas
                        .push(m.text(owner, "geo_replicas", location));
                }
            }
        }
        _ => {}
    }
    Ok(service)
}

fn network_rules(m: &mut Mapper, owner: Owner, acls: &Val) -> Result<NetworkRules> {
    let mut subnets = Vec::new();
    for rule in acls.get("virtualNetworkRules").map_or(&[][..], Val::items) {
        if let Some(id) = rule
            .get("id")
            .or_else(|| rule.get("virtualNetworkResourceId"))
        {
            subnets.push(m.reference(owner, "network_rules", id));
        }
    }
    // Azure bypasses its trusted services when `bypass` is absent: the
    // storage API's NetworkRuleSet defaults it to `AzureServices` (as the
    // azure-mgmt-storage models of API version 2021-09-01 declare).
    let bypass = match acls.get("bypass").filter(|b| !b.is_null()) {
        Some(b) => match &b.value {
            Value::Str(s) => Some(Sp::new(
                s.to_ascii_lowercase().contains("azureservices"),
                b.loc,
            )),
            _ => None,
        },
        None => Some(Sp::new(true, acls.loc)),
    };
    Ok(NetworkRules {
        default_action: m.choice(
            owner,
            "network_rules",
            acls.get("defaultAction"),
            DefaultAction::parse,
            DefaultAction::NAMES,
        )?,
        virtual_network_subnets: subnets,
        bypass_azure_services: bypass,
    })
}
