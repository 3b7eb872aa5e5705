//! Rules of the `compute` category: compute instances, clusters and AKS.

pub mod aks_network_settings;
pub mod aks_private_public_fqdn;
pub mod aks_region_mismatch;
pub mod compute_region_mismatch;
pub mod compute_subnet_invalid;
pub mod compute_workspace_unreachable;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &compute_region_mismatch::RULE,
    &aks_region_mismatch::RULE,
    &compute_workspace_unreachable::RULE,
    &compute_subnet_invalid::RULE,
    &aks_private_public_fqdn::RULE,
    &aks_network_settings::RULE,
];
