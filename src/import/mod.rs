//! Reading designs that users already have (Terraform plans, ARM templates)
//! into the same topology model that hand-written files produce.
//!
//! NOTE: only the spanned document tree exists so far. No Terraform or ARM
//! resource is mapped to the model yet, so `vnetlint check` reads topology
//! files only.

pub mod tree;
