//! One run: load, index, run every rule, apply suppressions, sort.

use std::path::PathBuf;

use crate::date::Date;
use crate::finding::{Finding, Severity};
use crate::load::{self, Budgets, LoadError, Loaded};
use crate::model::Index;
use crate::net::Net;
use crate::rules::{self, Context, RuleOptions};
use crate::source::Sources;

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct Settings {
    pub budgets: Budgets,
    pub today: Date,
    pub rule_options: RuleOptions,
    pub exclude: Vec<PathBuf>,
    /// Base URL of the rule pages, for links from reports to each rule.
    pub doc_base_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            budgets: Budgets::default(),
            today: Date::today_utc(),
            rule_options: RuleOptions::default(),
            exclude: Vec::new(),
            doc_base_url: None,
        }
    }
}

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    pub sources: Sources,
    /// Reported findings, sorted by file, line and rule.
    pub findings: Vec<Finding>,
    pub suppressed: usize,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Checks the topology formed by `paths` (files or folders).
pub fn check_paths(paths: &[PathBuf], settings: &Settings) -> Result<Outcome, LoadError> {
    let files = load::expand_paths(paths, &settings.exclude)?;
    let loaded = load::load_files(&files, &settings.budgets)?;
    Ok(check_loaded(loaded, settings))
}

/// Checks YAML text as one file named `name`; used by tests and rule pages.
pub fn check_text(name: &str, text: &str, settings: &Settings) -> Result<Outcome, LoadError> {
    let loaded = load::load_text(name, text, &settings.budgets)?;
    Ok(check_loaded(loaded, settings))
}

fn check_loaded(loaded: Loaded, settings: &Settings) -> Outcome {
    let Loaded { sources, topology } = loaded;
    let index = Index::build(&topology);
    let net = Net::build(&topology, &index);
    let cx = Context {
        topology: &topology,
        index: &index,
        net: &net,
        options: &settings.rule_options,
    };

    let mut findings = Vec::new();
    for rule in rules::all() {
        let _span = tracing::debug_span!("rule", id = rule.id).entered();
        (rule.check)(&cx, &mut findings);
    }
    let (mut findings, suppressed) =
        rules::model::unused_suppression::apply(&cx, findings, settings.today);

    findings.sort_by_cached_key(|f| {
        let path = sources.get(f.primary.loc.file).path.clone();
        (path, f.primary.loc.offset, f.rule, f.message.clone())
    });
    Outcome {
        sources,
        findings,
        suppressed,
    }
}
