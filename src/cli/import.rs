//! `vnetlint import`: writes the design read from a Terraform plan or an ARM
//! template as a topology file, and the options that both commands share.

use std::path::PathBuf;

use clap::Args;

use crate::import::{ArmOptions, InputKind};
use crate::load::ImportSettings;

/// How to read Terraform plans and ARM templates.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Kind of every input file (default: told from each file's content)
    #[arg(long, value_enum, value_name = "KIND")]
    pub input: Option<InputKind>,

    /// ARM parameters file for the templates, as `az deployment group create --parameters` takes it
    #[arg(long, value_name = "FILE")]
    pub parameters: Option<PathBuf>,

    /// Region that `resourceGroup().location` stands for in ARM templates
    /// (default: unknown, equal only to itself)
    #[arg(long, value_name = "REGION")]
    pub location: Option<String>,
}

impl ImportArgs {
    pub fn settings(&self) -> ImportSettings {
        ImportSettings {
            input: self.input,
            parameters: self.parameters.clone(),
            arm: ArmOptions {
                location: self.location.clone(),
            },
        }
    }
}
