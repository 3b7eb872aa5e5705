//! One evaluation of every source subnet against every service its workspace
//! needs, computed once and shared by the dependency, DNS and compute rules.

use super::needs::{Need, SourceSubnet};
use super::usage::Usage;
use super::{Net, Source};
use crate::model::index::TargetRef;
use crate::model::Group;

/// One source subnet's use of one needed service.
#[derive(Clone, Debug)]
pub struct NeedUsage {
    pub need: Need,
    pub usage: Usage,
}

/// A source subnet of a workspace and how it uses what the workspace needs.
#[derive(Clone, Debug)]
pub struct SourceUsage {
    pub workspace: usize,
    pub source: SourceSubnet,
    /// The dependency services (storage, key vault, registry).
    pub dependencies: Vec<NeedUsage>,
    /// The workspace itself, for subnets holding compute or AKS while the
    /// workspace has a private endpoint.
    pub workspace_use: Option<NeedUsage>,
}

impl Net<'_> {
    /// Returns the evaluation of every workspace's source subnets, computing it on first use.
    pub fn usage_by_source(&self) -> &[SourceUsage] {
        self.usage.get_or_init(|| self.evaluate())
    }

    fn evaluate(&self) -> Vec<SourceUsage> {
        let t = self.topology;
        let mut result = Vec::new();
        for (ws, sources) in self.workspace_sources().iter().enumerate() {
            let needs = self.workspace_needs(ws);
            let has_endpoint = self.index.workspace_has_endpoint(t, ws);
            for source in sources.iter().cloned() {
                let from = Source::Subnet(source.subnet);
                let dependencies = needs
                    .iter()
                    .map(|need| NeedUsage {
                        need: need.clone(),
                        usage: self.use_service(from, need.target, need.group),
                    })
                    .collect();
                let workspace_use = (has_endpoint && source.has_compute()).then(|| {
                    let need = Need {
                        target: TargetRef::Workspace(ws),
                        group: Group::AmlWorkspace,
                        label: format!("workspace `{}`", t.workspaces[ws].name.value),
                    };
                    let usage = self.use_service(from, need.target, need.group);
                    NeedUsage { need, usage }
                });
                result.push(SourceUsage {
                    workspace: ws,
                    source,
                    dependencies,
                    workspace_use,
                });
            }
        }
        result
    }
}
