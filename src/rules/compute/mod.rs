//! Rules of the `compute` category: compute instances, clusters and AKS.

pub mod compute_workspace_unreachable;

use super::Rule;

pub const RULES: &[&Rule] = &[&compute_workspace_unreachable::RULE];
