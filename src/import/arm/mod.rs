//! ARM deployment templates, as `az bicep build` writes them.

use super::{ArmOptions, Imported, Input};
use crate::load::LoadError;

/// Evaluates a template with its parameters and maps its resources into the topology model.
pub fn read(
    template: &Input,
    parameters: Option<&Input>,
    options: &ArmOptions,
) -> Result<Imported, LoadError> {
    let _ = (parameters, options);
    Err(LoadError::plain(
        template.path,
        "reading ARM templates is not built yet".into(),
        "write the design as a topology file".into(),
    ))
}
