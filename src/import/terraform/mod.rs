//! Terraform plans: the JSON that `terraform show -json PLANFILE` prints.
//!
//! Every managed azurerm resource of `planned_values` (root and child
//! modules) that the model covers becomes a model resource named as in
//! Azure. A value the plan marks unknown is followed through the
//! `configuration` references to the resource it comes from. A value that
//! no reference explains becomes a symbol and an [`Unknown`](crate::model::Unknown).

mod addresses;
mod compute;
mod dns;
mod edge;
mod existing;
mod fields;
mod ids;
mod links;
mod modules;
mod names;
mod network;
mod plan;
mod read;
mod refs;
mod resolvers;
mod routes;
mod services;

#[cfg(test)]
mod tests;

use super::{Imported, Input};
use crate::load::LoadError;
use crate::model::File;

use fields::Cx;
use plan::Plan;
use read::Errors;

/// Maps the azurerm resources of a plan into the topology model.
pub fn read(input: &Input) -> Result<Imported, LoadError> {
    let errors = Errors {
        path: input.path,
        text: input.text,
    };
    let plan = Plan::read(input.root, &errors)?;

    let mut cx = Cx {
        shared_zones: names::shared_zone_names(&plan),
        plan: &plan,
        file: File::default(),
        unknowns: Vec::new(),
        errors: &errors,
        error: Default::default(),
    };
    for res in plan.resources.iter().filter(|r| r.managed) {
        if !res.kind.starts_with("azurerm_") {
            tracing::debug!(address = res.address, "not an azurerm resource, skipped");
        }
    }

    network::map(&mut cx);
    routes::map(&mut cx);
    dns::map(&mut cx);
    services::map(&mut cx);
    compute::map(&mut cx);
    edge::map(&mut cx);

    // A malformed value fails the import, with the first one met.
    if let Some(error) = cx.error.take() {
        return Err(error);
    }
    Ok(Imported {
        file: cx.file,
        unknowns: cx.unknowns,
    })
}
