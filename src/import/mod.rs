//! Reading designs that users already have (Terraform plans, ARM templates)
//! into the same topology model that hand-written files produce.

pub mod tree;
