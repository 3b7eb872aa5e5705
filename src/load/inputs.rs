//! Reading Terraform plans and ARM templates through their importers.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{parse_tree, read_text, Budgets, ImportSettings, LoadError};
use crate::import::{
    self,
    tree::{Node, Value},
    Imported, Input, InputKind,
};
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
            check_parameters_shape(p, &p_text, &p_root)?;
            sources.set_tree(p_id, p_root.clone());
            *parameters = Some(Parameters {
                path: p.clone(),
                text: p_text,
                id: p_id,
                root: p_root,
            });
        }
    }
    if let Some(p) = parameters.as_ref() {
        check_parameter_names(p, &root, path)?;
    }
    let p_input = parameters.as_ref().map(|p| Input {
        path: &p.path,
        text: &p.text,
        file: p.id,
        root: &p.root,
    });
    import::arm::read(&input, p_input.as_ref(), &settings.arm)
}

/// Rejects a `--parameters` file that is not one, such as a template, a list
/// or an object without `parameters`. Its values would otherwise be dropped
/// silently.
fn check_parameters_shape(path: &Path, text: &str, root: &Node) -> Result<(), LoadError> {
    let example = "a parameters file looks like \
                   `{\"parameters\": {\"location\": {\"value\": \"westeurope\"}}}`";
    if import::detect(text) == InputKind::Arm {
        return Err(LoadError::at(
            path,
            text,
            root.loc,
            "is an ARM template, not a parameters file".into(),
            "pass the template as an input, and its parameters file with `--parameters`".into(),
        ));
    }
    let Some(parameters) = root.get("parameters") else {
        return Err(LoadError::at(
            path,
            text,
            root.loc,
            "is not an ARM parameters file: it has no `parameters` object".into(),
            example.into(),
        ));
    };
    if !matches!(parameters.value, Value::Object(_)) {
        return Err(LoadError::at(
            path,
            text,
            parameters.loc,
            "`parameters` is not an object".into(),
            example.into(),
        )
        .labeled("expected an object"));
    }
    for (name, entry) in parameters.members() {
        let ok = matches!(entry.value, Value::Object(_))
            && (entry.get("value").is_some() || entry.get("reference").is_some());
        if !ok {
            return Err(LoadError::at(
                path,
                text,
                entry.loc,
                format!(
                    "parameter `{}` has no `value` (nor a Key Vault `reference`)",
                    name.value
                ),
                format!("write it as `\"{}\": {{\"value\": ...}}`", name.value),
            )
            .labeled("expected an object with `value`"));
        }
    }
    Ok(())
}

/// Rejects a parameters file that sets a parameter the template does not
/// declare, as Azure does when it validates the deployment.
fn check_parameter_names(
    parameters: &Parameters,
    template: &Node,
    template_path: &Path,
) -> Result<(), LoadError> {
    let declared = template.get("parameters").map_or(&[][..], Node::members);
    let given = parameters
        .root
        .get("parameters")
        .map_or(&[][..], Node::members);
    for (name, _) in given {
        let known = declared
            .iter()
            .any(|(d, _)| d.value.eq_ignore_ascii_case(&name.value));
        if !known {
            return Err(LoadError::at(
                &parameters.path,
                &parameters.text,
                name.loc,
                format!(
                    "parameter `{}` is not declared in template {}",
                    name.value,
                    template_path.display()
                ),
                "remove it, or pass the parameters file of this template; \
                 Azure rejects a deployment that sets an undeclared parameter"
                    .into(),
            )
            .labeled("not a parameter of the template"));
        }
    }
    Ok(())
}

/// Reads one Terraform plan or ARM template, for `vnetlint import`.
pub fn import_file(
    path: &Path,
    budgets: &Budgets,
    settings: &ImportSettings,
) -> Result<(Sources, Imported), LoadError> {
    let text = read_text(path, budgets)?;
    if super::is_empty_document(&text) {
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
