//! Reading Terraform plans and ARM templates through their importers.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{parse_tree, read_text, Budgets, ImportSettings, LoadError};
use crate::import::{self, tree::Node, Imported, Input, InputKind};
use crate::source::{FileId, Sources};

/// The ARM parameters file of a run, read once for every template.
pub(super) struct Parameters {
    path: PathBuf,
    text: Arc<str>,
    id: FileId,
    root: Arc<Node>,
}

/// Parses an input of `kind` (not a topology file) and maps it into the model.
/// The parsed tree stays in `sources`, where reporters look up resource
/// addresses and JSON pointers.
pub(super) fn read_import(
    sources: &mut Sources,
    (path, text, id): (&Path, &Arc<str>, FileId),
    kind: InputKind,
    budgets: &Budgets,
    settings: &ImportSettings,
    parameters: &mut Option<Parameters>,
) -> Result<Imported, LoadError> {
    let root = Arc::new(parse_tree(path, text, id, budgets)?);
    sources.set_tree(id, root.clone());
    let input = Input {
        path,
        text,
        file: id,
        root: &root,
    };
    if kind == InputKind::TerraformPlan {
        return import::terraform::read(&input);
    }
    if parameters.is_none() {
        if let Some(p) = &settings.parameters {
            let p_text = read_text(p, budgets)?;
            let p_id = sources.add(p.clone(), p_text.clone());
            let p_root = Arc::new(parse_tree(p, &p_text, p_id, budgets)?);
            sources.set_tree(p_id, p_root.clone());
            *parameters = Some(Parameters {
                path: p.clone(),
                text: p_text,
                id: p_id,
                root: p_root,
            });
        }
    }
    let p_input = parameters.as_ref().map(|p| Input {
        path: &p.path,
        text: &p.text,
        file: p.id,
        root: &p.root,
    });
    import::arm::read(&input, p_input.as_ref(), &settings.arm)
}

/// Reads one Terraform plan or ARM template, for `vnetlint import`.
pub fn import_file(
    path: &Path,
    budgets: &Budgets,
    settings: &ImportSettings,
) -> Result<(Sources, Imported), LoadError> {
    let text = read_text(path, budgets)?;
    if super::holds_no_document(&text) {
        return Err(super::empty_input(path));
    }
    let kind = settings.input.unwrap_or_else(|| import::detect(&text));
    if kind == InputKind::Topology {
        let help = if import::is_arm_parameters(&text) {
            "pass the template and add `--parameters` with this file".to_string()
        } else {
            "pass a Terraform plan (`terraform show -json PLANFILE`) or an ARM template, \
             or force the kind with `--input`"
                .to_string()
        };
        return Err(LoadError::plain(
            path,
            "is neither a Terraform plan nor an ARM template".into(),
            help,
        ));
    }
    if kind != InputKind::Arm {
        super::unused_arm_options(path, settings)?;
    }
    let mut sources = Sources::default();
    let id = sources.add(path.to_path_buf(), text.clone());
    let imported = read_import(
        &mut sources,
        (path, &text, id),
        kind,
        budgets,
        settings,
        &mut None,
    )?;
    Ok((sources, imported))
}
