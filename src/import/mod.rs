//! Reading designs that users already have (Terraform plans, ARM templates)
//! into the same topology model that hand-written files produce.
//!
//! An importer turns one input document into a [`File`], as if the user had
//! written it, whose every value points back into the input. What the input
//! leaves unknown until deployment becomes a symbol (see
//! [`crate::model::unknown`]) and an [`Unknown`] entry, never a guess.

pub mod arm;
pub mod emit;
pub mod origin;
pub mod terraform;
pub mod tree;

use std::path::Path;

use crate::model::{File, Unknown};
use crate::source::FileId;
use tree::Node;

/// Kinds of input documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    /// A vnetlint topology file.
    Topology,
    /// The JSON that `terraform show -json PLANFILE` prints.
    TerraformPlan,
    /// An ARM deployment template, as `az bicep build` writes it.
    Arm,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Topology => "topology",
            InputKind::TerraformPlan => "terraform-plan",
            InputKind::Arm => "arm",
        }
    }
}

/// Tells a document's kind from its first top-level keys, without parsing it.
///
/// A plan starts with `format_version` and `terraform_version`; a template
/// has a `$schema` that names `deploymentTemplate`. Anything else is taken
/// as a topology file, whose loader then explains what is wrong with it.
pub fn detect(text: &str) -> InputKind {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if !head.starts_with('{') {
        return InputKind::Topology;
    }
    // Both formats put these keys near the top; a bounded look keeps
    // detection cheap on large plans.
    let window = &head[..floor_boundary(head, 4096)];
    if window.contains("\"terraform_version\"") || window.contains("\"planned_values\"") {
        InputKind::TerraformPlan
    } else if window.contains("deploymentTemplate.json") {
        InputKind::Arm
    } else {
        InputKind::Topology
    }
}

/// Returns true when a document is an ARM parameters file, which only
/// `--parameters` reads.
pub fn is_arm_parameters(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    head.starts_with('{')
        && head[..floor_boundary(head, 4096)].contains("deploymentParameters.json")
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One input document, parsed into a spanned tree.
pub struct Input<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub file: FileId,
    pub root: &'a Node,
}

/// The result of an importer.
#[derive(Debug, Default)]
pub struct Imported {
    /// The design, as a topology file would declare it. Locations point into the input.
    pub file: File,
    /// Values the input leaves unknown; each also appears in `file` as a symbol.
    pub unknowns: Vec<Unknown>,
}

/// Settings for reading ARM templates.
#[derive(Clone, Debug, Default)]
pub struct ArmOptions {
    /// Region that `resourceGroup().location` is (unset: a symbol
    /// that equals itself everywhere).
    pub location: Option<String>,
}
