//! Reading topology files: paths and folders, parse budgets, and load errors.

mod error;
mod inputs;
mod scan;

pub use error::LoadError;
pub use inputs::import_file;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Exclude;
use crate::import::{self, tree::Node, ArmOptions, InputKind};
use crate::model::{spanned, Cloud, File, Sp, Topology};
use crate::source::{FileId, Loc, Sources};

/// Parse budgets for one file. The defaults leave room for a 10,000-spoke
/// design (about 17 MB and 1 million nodes).
#[derive(Clone, Debug)]
pub struct Budgets {
    pub max_file_bytes: u64,
    pub max_nodes: usize,
    pub max_depth: usize,
    pub max_aliases: usize,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            max_file_bytes: 64 * 1024 * 1024,
            max_nodes: 8_000_000,
            max_depth: 64,
            max_aliases: 10_000,
        }
    }
}

/// How to read inputs that are not topology files.
#[derive(Clone, Debug, Default)]
pub struct ImportSettings {
    /// The kind of every input (unset: detected from each file's content).
    pub input: Option<InputKind>,
    /// ARM parameters file applied to every ARM template of the run.
    pub parameters: Option<PathBuf>,
    pub arm: ArmOptions,
}

/// What loading produced: the files read and the merged topology.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub topology: Topology,
}

/// Expands the command-line paths into the files to read: files as given,
/// folders as their `*.yaml` and `*.yml` files, skipping dot-names and
/// excluded paths, sorted.
/// A file named twice (directly and through its folder, say) is read once.
pub fn expand_paths(paths: &[PathBuf], exclude: &Exclude) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk_folder(path, exclude, &mut found)?;
            if found.is_empty() {
                return Err(LoadError::plain(
                    path,
                    "folder has no *.yaml or *.yml files".into(),
                    "pass a folder that holds topology files, or name the files".into(),
                ));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut seen = HashSet::new();
    files.retain(|file| seen.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.clone())));
    Ok(files)
}

fn walk_folder(dir: &Path, exclude: &Exclude, found: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::io(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::io(dir, &e))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden || exclude.is_excluded(&path) {
            continue;
        }
        let kind = entry.file_type().map_err(|e| LoadError::io(&path, &e))?;
        if kind.is_dir() {
            walk_folder(&path, exclude, found)?;
            continue;
        }
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !yaml {
            continue;
        }
        // Symbolic links to folders are not followed, so a link loop cannot
        // make the walk endless. A broken link is reported when it is read.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if !meta.is_file() => {
                // Reading a named pipe or a device could block or never end.
                return Err(LoadError::plain(
                    &path,
                    "is not a regular file".into(),
                    "remove it from the folder, or name it on the command line to read it".into(),
                ));
            }
            _ => found.push(path),
        }
    }
    Ok(())
}

/// Reads and merges the given files into one topology.
pub fn load_files(
    files: &[PathBuf],
    budgets: &Budgets,
    settings: &ImportSettings,
) -> Result<Loaded, LoadError> {
    let mut texts = Vec::new();
    for path in files {
        texts.push((path.clone(), read_text(path, budgets)?));
    }
    merge_texts(texts, budgets, settings)
}

/// Reads text as one file named `name`.
pub fn load_text(
    name: &str,
    text: &str,
    budgets: &Budgets,
    settings: &ImportSettings,
) -> Result<Loaded, LoadError> {
    merge_texts(
        vec![(PathBuf::from(name), Arc::from(text))],
        budgets,
        settings,
    )
}

fn merge_texts(
    texts: Vec<(PathBuf, Arc<str>)>,
    budgets: &Budgets,
    settings: &ImportSettings,
) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    let mut parameters = None;
    let mut cloud: Option<Sp<Cloud>> = None;
    // The first file that declares resources but no `cloud`, which makes it AzureCloud.
    let mut implicit_public: Option<PathBuf> = None;
    let first_path = texts.first().map(|(path, _)| path.clone());
    let mut read_arm = false;

    for (path, text) in texts {
        let path = &path;
        let id = loaded.sources.add(path.clone(), text.clone());
        let kind = settings.input.unwrap_or_else(|| import::detect(&text));
        let file = match kind {
            InputKind::Topology => {
                // Imported inputs pass the same check in `parse_tree`.
                check_budgets(path, &text, id, budgets)?;
                if import::is_arm_parameters(&text) {
                    return Err(LoadError::plain(
                        path,
                        "is an ARM parameters file, not a template".into(),
                        format!(
                            "pass the template and add `--parameters {}`",
                            path.display()
                        ),
                    ));
                }
                if is_json_without_document(path, &text) {
                    // `terraform show -json plan > plan.json` leaves an empty
                    // file when Terraform fails; passing it as an empty
                    // design would hide that failure.
                    return Err(empty_input(path));
                }
                spanned::with_file(id, || parse_file(&text, budgets))
                    .map_err(|e| LoadError::from_yaml(path, &text, id, &e, budgets))?
            }
            InputKind::TerraformPlan | InputKind::Arm => {
                read_arm |= kind == InputKind::Arm;
                let imported = inputs::read_import(
                    &mut loaded.sources,
                    (path, &text, id),
                    kind,
                    budgets,
                    settings,
                    &mut parameters,
                )?;
                loaded.topology.unknowns.extend(imported.unknowns);
                imported.file
            }
        };

        if let Some(version) = &file.version {
            if version.value != 1 {
                return Err(LoadError::at(
                    path,
                    &text,
                    version.loc,
                    format!("unsupported format version {}", version.value),
                    "set `version: 1`; it is the only version this vnetlint reads".into(),
                )
                .labeled("only version 1 is supported"));
            }
        }
        if let Some(this) = &file.cloud {
            match &cloud {
                Some(first) if first.value != this.value => {
                    let first_path = &loaded.sources.get(first.loc.file).path;
                    return Err(LoadError::at(
                        path,
                        &text,
                        this.loc,
                        format!(
                            "`cloud: {}` differs from `cloud: {}` in {}",
                            this.value,
                            first.value,
                            first_path.display()
                        ),
                        "use one cloud in every file of a run".into(),
                    )
                    .labeled("differs from the first file"));
                }
                Some(_) => {}
                None => cloud = Some(this.clone()),
            }
            if let (Some(other), true) = (&implicit_public, this.value != Cloud::Public) {
                return Err(LoadError::at(
                    path,
                    &text,
                    this.loc,
                    format!(
                        "`cloud: {}` differs from {}, which sets no `cloud` and so is AzureCloud",
                        this.value,
                        other.display()
                    ),
                    format!("set `cloud: {}` in every file of the run", this.value),
                )
                .labeled("differs from another file"));
            }
        } else if declares_resources(&file) {
            if let Some(set) = cloud.as_ref().filter(|c| c.value != Cloud::Public) {
                let set_path = &loaded.sources.get(set.loc.file).path;
                return Err(LoadError::plain(
                    path,
                    format!(
                        "sets no `cloud`, so it is AzureCloud, but {} sets `cloud: {}`",
                        set_path.display(),
                        set.value
                    ),
                    format!("set `cloud: {}` in this file too", set.value),
                ));
            }
            implicit_public.get_or_insert_with(|| path.clone());
        }
        loaded.topology.merge(file);
    }
    if !read_arm {
        if let Some(first) = &first_path {
            unused_arm_options(first, settings)?;
        }
    }
    loaded.topology.cloud = cloud.map_or(Cloud::Public, |c| c.value);
    loaded.topology.attach_zone_links();
    Ok(loaded)
}

/// Rejects `--parameters` and `--location` in a run without an ARM template,
/// where they would change nothing while the user believes they apply.
/// `path` is the run's first file.
pub(super) fn unused_arm_options(path: &Path, settings: &ImportSettings) -> Result<(), LoadError> {
    let help = "drop the option, or check the ARM template it belongs to";
    if let Some(parameters) = &settings.parameters {
        return Err(LoadError::plain(
            parameters,
            "is given with `--parameters`, but no input of the run is an ARM template, \
             and a parameters file applies only to templates"
                .into(),
            help.into(),
        ));
    }
    if let Some(location) = &settings.arm.location {
        return Err(LoadError::plain(
            path,
            format!(
                "`--location {location}` applies only to ARM templates, \
                 and no input of the run is one"
            ),
            help.into(),
        ));
    }
    Ok(())
}

/// Builds the error for an input that contains no document.
fn empty_input(path: &Path) -> LoadError {
    LoadError::plain(
        path,
        "is empty: it contains no plan, template or topology".into(),
        "write it again (`terraform show -json PLANFILE`, `az bicep build`) \
         and check that the command succeeded"
            .into(),
    )
}

/// Returns true for a `.json` file that is empty or contains only `null`. Such
/// a file is no design in any format, but an empty `.yaml` file stays a valid
/// empty part of a multi-file topology.
fn is_json_without_document(path: &Path, text: &str) -> bool {
    let json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    json && is_empty_document(text)
}

/// Returns true for a text that is empty, or only `null`.
fn is_empty_document(text: &str) -> bool {
    let body = text.trim();
    body.is_empty() || body == "null"
}

/// Returns true when a file declares any resource, so its cloud matters.
fn declares_resources(file: &File) -> bool {
    !(file.workspaces.is_empty()
        && file.storage_accounts.is_empty()
        && file.key_vaults.is_empty()
        && file.container_registries.is_empty()
        && file.vnets.is_empty()
        && file.peerings.is_empty()
        && file.private_endpoints.is_empty()
        && file.private_dns_zones.is_empty()
        && file.private_dns_zone_links.is_empty()
        && file.dns_resolvers.is_empty()
        && file.computes.is_empty()
        && file.kubernetes_clusters.is_empty()
        && file.gateways.is_empty()
        && file.bastions.is_empty()
        && file.firewalls.is_empty()
        && file.virtual_machines.is_empty()
        && file.synapse_workspaces.is_empty())
}

pub(crate) fn read_text(path: &Path, budgets: &Budgets) -> Result<Arc<str>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    if meta.is_dir() {
        return Err(LoadError::plain(
            path,
            "is a folder, not a file".into(),
            "pass the folder itself to read its *.yaml files".into(),
        ));
    }
    if meta.len() > budgets.max_file_bytes {
        return Err(too_large(path, Some(meta.len()), budgets));
    }
    // The size can change after the check, and a device or pipe has none, so
    // the read itself stops one byte past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(budgets.max_file_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(|e| LoadError::io(path, &e))?;
    if bytes.len() as u64 > budgets.max_file_bytes {
        return Err(too_large(path, None, budgets));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text))),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // The lossy text has the same bytes up to the first invalid sequence.
            let loc = Loc {
                file: Default::default(),
                offset: valid,
                len: 1,
            };
            Err(LoadError::at(
                path,
                &text,
                loc,
                format!("invalid UTF-8 at byte {valid}"),
                "save the file as UTF-8".into(),
            )
            .labeled("not UTF-8"))
        }
    }
}

fn too_large(path: &Path, size: Option<u64>, budgets: &Budgets) -> LoadError {
    let message = match size {
        Some(size) => format!(
            "file is {size} bytes, over the limit of {} bytes",
            budgets.max_file_bytes
        ),
        None => format!("file is over the limit of {} bytes", budgets.max_file_bytes),
    };
    LoadError::plain(
        path,
        message,
        "split the topology into several files, or raise the limit with --max-file-bytes".into(),
    )
}

/// Checks a file against the parse budgets before it is parsed.
fn check_budgets(path: &Path, text: &str, id: FileId, budgets: &Budgets) -> Result<(), LoadError> {
    let Some(breach) = scan::check(text, budgets) else {
        return Ok(());
    };
    let loc = Loc {
        file: id,
        offset: breach.offset,
        len: breach.len,
    };
    Err(LoadError::at(path, text, loc, breach.message, breach.help).labeled("limit passed here"))
}

/// Parses a JSON or YAML input into a spanned tree, within the same budgets as a topology file.
pub fn parse_tree(
    path: &Path,
    text: &str,
    id: FileId,
    budgets: &Budgets,
) -> Result<Node, LoadError> {
    check_budgets(path, text, id, budgets).map_err(LoadError::in_json_terms)?;
    let root: Option<Node> = spanned::with_file(id, || {
        serde_saphyr::from_str_with_options(text, yaml_options(budgets))
    })
    .map_err(|e| LoadError::from_yaml(path, text, id, &e, budgets).in_json_terms())?;
    root.ok_or_else(|| {
        LoadError::plain(
            path,
            "is empty".into(),
            "pass a Terraform plan or an ARM template".into(),
        )
    })
}

fn yaml_options(budgets: &Budgets) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: budgets.max_nodes,
            max_events: budgets.max_nodes.saturating_mul(3),
            max_depth: budgets.max_depth,
            max_aliases: budgets.max_aliases,
            max_anchors: budgets.max_aliases,
            max_documents: 1,
            max_total_scalar_bytes: budgets.max_file_bytes as usize,
            max_reader_input_bytes: Some(budgets.max_file_bytes as usize),
            // Reusing one anchor many times is normal in a topology, such as one
            // route table for every spoke. The node budget bounds what aliases cost.
            enforce_alias_anchor_ratio: false,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: budgets.max_nodes,
        },
        with_snippet: false,
    }
}

fn parse_file(text: &str, budgets: &Budgets) -> Result<File, serde_saphyr::Error> {
    let file: Option<File> = serde_saphyr::from_str_with_options(text, yaml_options(budgets))?;
    Ok(file.unwrap_or_default())
}
