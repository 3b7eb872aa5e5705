//! Rules of the `model` category: the file itself.

pub mod unused_suppression;

use super::Rule;

pub const RULES: &[&Rule] = &[&unused_suppression::RULE];
