//! vnetlint checks an Azure network design around Azure Machine Learning
//! workspaces against Azure's documented rules, before anything is deployed.

pub mod azure;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod date;
pub mod engine;
pub mod finding;
pub mod import;
pub mod load;
pub mod model;
pub mod net;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
