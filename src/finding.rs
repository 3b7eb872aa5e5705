//! A finding is plain data: rules produce it, reporters render it.

use std::fmt;

use crate::model::index::Kind;
use crate::source::Loc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rule families, as listed in the rule catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Model,
    Address,
    Peering,
    PrivateEndpoint,
    Dns,
    Workspace,
    Dependency,
    Compute,
    Access,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Model => "model",
            Category::Address => "address",
            Category::Peering => "peering",
            Category::PrivateEndpoint => "private-endpoint",
            Category::Dns => "dns",
            Category::Workspace => "workspace",
            Category::Dependency => "dependency",
            Category::Compute => "compute",
            Category::Access => "access",
        }
    }
}

/// A place in a file and what the label there says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub loc: Loc,
    pub text: String,
}

/// The resource under a finding's primary label, as suppressions name it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceKey {
    pub kind: Kind,
    /// `NAME`, or `VNET/SUBNET` for a subnet.
    pub name: String,
}

/// One problem in the design.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub primary: Label,
    pub related: Vec<Label>,
    /// For reachability findings: one line per path tried, each ending where it broke.
    pub path: Vec<String>,
    pub resource: ResourceKey,
}

impl Finding {
    /// Starts a finding of `rule` at `loc` about the resource `kind`/`name`.
    pub fn new(
        rule: &crate::rules::Rule,
        severity: Severity,
        resource: (Kind, &str),
        loc: Loc,
        label: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.id,
            category: rule.category,
            severity,
            message: message.into(),
            help: String::new(),
            primary: Label {
                loc,
                text: label.into(),
            },
            related: Vec::new(),
            path: Vec::new(),
            resource: ResourceKey {
                kind: resource.0,
                name: resource.1.to_string(),
            },
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = help.into();
        self
    }

    pub fn related(mut self, loc: Loc, text: impl Into<String>) -> Finding {
        self.related.push(Label {
            loc,
            text: text.into(),
        });
        self
    }

    pub fn path(mut self, steps: Vec<String>) -> Finding {
        self.path = steps;
        self
    }
}
