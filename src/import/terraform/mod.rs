//! Terraform plans: the JSON that `terraform show -json PLANFILE` prints.

use super::{Imported, Input};
use crate::load::LoadError;

/// Maps the azurerm resources of a plan into the topology model.
pub fn read(input: &Input) -> Result<Imported, LoadError> {
    let _ = input;
    Err(LoadError::plain(
        input.path,
        "reading Terraform plans is not built yet".into(),
        "write the design as a topology file".into(),
    ))
}
