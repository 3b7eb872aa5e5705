//! ARM deployment templates, as `az bicep build` writes them.
//!
//! The template is evaluated first (parameters, variables, conditions, copy
//! loops, nested deployments) into a list of resources, which are then mapped
//! into the topology model. What only deployment can tell stays unknown.

mod arity;
mod builtins;
mod collections;
mod compute;
mod dns;
mod dropped;
mod edge;
mod eval;
mod expr;
mod functions;
mod ids;
mod machines;
mod map;
mod nested;
mod network;
mod render;
mod scope;
mod services;
mod symbolic;
mod synapse;
mod template;
#[cfg(test)]
mod tests;
mod text;
mod value;

use super::{ArmOptions, Imported, Input};
use crate::load::LoadError;
use eval::{Budget, EvalError};
use map::Mapper;
use scope::{Context, Deployment};
use template::{Expander, Outer};
use value::Value;

/// Evaluates a template with its parameters and maps its resources into the topology model.
pub fn read(
    template: &Input,
    parameters: Option<&Input>,
    options: &ArmOptions,
) -> Result<Imported, LoadError> {
    let to_load_error = |error: EvalError| {
        let input = match parameters {
            Some(p) if p.file == error.loc.file && p.file != template.file => p,
            _ => template,
        };
        LoadError::at(input.path, input.text, error.loc, error.message, error.help)
    };
    let Some(resources) = template.root.get("resources") else {
        return Err(LoadError::at(
            template.path,
            template.text,
            template.root.loc,
            "template has no `resources`".into(),
            "pass an ARM deployment template, as `az bicep build` writes it".into(),
        ));
    };
    let given = parameters
        .map(|p| template::given_parameters(p.root))
        .unwrap_or_default();
    let location = match &options.location {
        Some(region) => Value::Str(region.clone()),
        None => Value::Unknown("resourceGroup().location".into()),
    };
    let deployment = Deployment {
        subscription_id: Value::Unknown("subscription().subscriptionId".into()),
        group_name: Value::Unknown("resourceGroup().name".into()),
        group_location: location,
        name: Value::Unknown("deployment().name".into()),
    };
    let budget = Budget::default();
    let context = Context::new(template.root, given, deployment, &budget);
    let mut expander = Expander {
        budget: &budget,
        is_mapped,
        location: options.location.clone(),
        resources: Vec::new(),
        dropped: Vec::new(),
    };
    let outer = Outer {
        symbolic: symbolic::declares_names(template.root),
        ..Outer::default()
    };
    expander
        .expand(resources, &context, &outer)
        .map_err(to_load_error)?;
    let mut mapper = Mapper::new(&expander.resources);
    map_all(&mut mapper).map_err(to_load_error)?;
    let mut unknowns = mapper.unknowns;
    unknowns.extend(expander.dropped.iter().map(dropped::Dropped::unknown));
    Ok(Imported {
        file: mapper.file,
        unknowns,
    })
}

fn map_all(m: &mut Mapper) -> eval::Result<()> {
    network::map_vnets(m)?;
    network::map_peerings(m)?;
    dns::map_private_endpoints(m)?;
    dns::map_zones(m)?;
    dns::map_resolvers(m)?;
    services::map_workspaces(m)?;
    services::map_services(m)?;
    compute::map_computes(m)?;
    compute::map_clusters(m)?;
    synapse::map_synapse(m)?;
    edge::map_gateways(m)?;
    edge::map_bastions(m)?;
    edge::map_firewalls(m)?;
    machines::map_virtual_machines(m)?;
    Ok(())
}

/// Returns true for the resource types (in lowercase) that the model covers,
/// directly or as a part of another resource.
fn is_mapped(resource_type: &str) -> bool {
    const TYPES: &[&str] = &[
        network::VNETS,
        network::SUBNETS,
        network::PEERINGS,
        network::ROUTE_TABLES,
        network::ROUTES,
        dns::ENDPOINTS,
        dns::ZONE_GROUPS,
        dns::ZONES,
        dns::ZONE_LINKS,
        dns::A_RECORDS,
        dns::RESOLVERS,
        dns::INBOUND_ENDPOINTS,
        services::WORKSPACES,
        compute::COMPUTES,
        services::STORAGE,
        services::KEY_VAULTS,
        services::REGISTRIES,
        services::REPLICATIONS,
        compute::CLUSTERS,
        synapse::SYNAPSE,
        edge::GATEWAYS,
        edge::CONNECTIONS,
        edge::BASTIONS,
        edge::FIREWALLS,
        edge::FIREWALL_POLICIES,
        machines::VIRTUAL_MACHINES,
        machines::NETWORK_INTERFACES,
    ];
    TYPES.iter().any(|t| t.eq_ignore_ascii_case(resource_type))
}
