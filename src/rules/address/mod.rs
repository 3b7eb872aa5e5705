//! Rules of the `address` category: address spaces, subnets and addresses.

pub mod subnet_overlap;

use super::Rule;

pub const RULES: &[&Rule] = &[&subnet_overlap::RULE];
