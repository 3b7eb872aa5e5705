//! One run: load, index, run every rule, apply levels, suppressions and the
//! baseline, sort.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::baseline::Baseline;
use crate::config::{Exclude, FailOn, Level};
use crate::date::Date;
use crate::finding::{Finding, Severity};
use crate::load::{self, Budgets, ImportSettings, LoadError, Loaded};
use crate::model::Index;
use crate::net::Net;
use crate::rules::model::unused_suppression::Suppressed;
use crate::rules::{self, Context, RuleOptions};
use crate::source::Sources;

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct Settings {
    pub budgets: Budgets,
    /// How to read Terraform plans and ARM templates.
    pub import: ImportSettings,
    pub today: Date,
    pub rule_options: RuleOptions,
    /// Paths that folder expansion skips.
    pub exclude: Exclude,
    /// Rule id to the level that replaces its default severity. Rules at
    /// [`Level::Off`] do not run.
    pub levels: BTreeMap<&'static str, Level>,
    /// The lowest severity that fails the run.
    pub fail_on: FailOn,
    /// Absolute URL under which rule pages live, as `{doc_base_url}/{rule-id}.md`,
    /// without a trailing `/`.
    pub doc_base_url: Option<String>,
    /// Findings accepted earlier: matching findings are counted, not reported.
    pub baseline: Option<Baseline>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            budgets: Budgets::default(),
            import: ImportSettings::default(),
            today: Date::today_utc(),
            rule_options: RuleOptions::default(),
            exclude: Exclude::default(),
            levels: BTreeMap::new(),
            fail_on: FailOn::default(),
            doc_base_url: None,
            baseline: None,
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
    /// Findings left out because the baseline contains them; `None` without a baseline.
    pub baselined: Option<usize>,
    /// The findings that suppressions accept, for the formats that list them.
    pub suppressed_findings: Vec<Suppressed>,
    /// The findings that the baseline contains, for the formats that list them.
    pub baselined_findings: Vec<Finding>,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Returns true when a reported finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.findings.iter().any(|f| fail_on.fails(f.severity))
    }
}

/// Checks the topology formed by `paths` (files or folders).
pub fn check_paths(paths: &[PathBuf], settings: &Settings) -> Result<Outcome, LoadError> {
    let files = load::expand_paths(paths, &settings.exclude)?;
    let loaded = load::load_files(&files, &settings.budgets, &settings.import)?;
    Ok(check_loaded(loaded, settings))
}

/// Checks text as one file named `name`; used by tests and rule pages.
pub fn check_text(name: &str, text: &str, settings: &Settings) -> Result<Outcome, LoadError> {
    let loaded = load::load_text(name, text, &settings.budgets, &settings.import)?;
    Ok(check_loaded(loaded, settings))
}

pub(crate) fn check_loaded(loaded: Loaded, settings: &Settings) -> Outcome {
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
        if settings.levels.get(rule.id) == Some(&Level::Off) {
            continue;
        }
        let _span = tracing::debug_span!("rule", id = rule.id).entered();
        (rule.check)(&cx, &mut findings);
    }
    apply_levels(&mut findings, &settings.levels);
    let (mut findings, mut suppressed_findings) =
        rules::model::unused_suppression::apply(&cx, findings, settings.today);
    // Applying suppressions creates the `unused-suppression` findings, so its
    // level can only apply now. The other findings already have theirs.
    apply_levels(&mut findings, &settings.levels);
    // After the levels, so that no configured level makes an unknown value fail a run.
    rules::unknowns::soften(&topology, &mut findings);
    for s in &mut suppressed_findings {
        rules::unknowns::soften(&topology, std::slice::from_mut(&mut s.finding));
    }

    findings.sort_by_cached_key(|f| {
        let path = sources.get(f.primary.loc.file).path.clone();
        (path, f.primary.loc.offset, f.rule, f.message.clone())
    });
    let mut baselined_findings = Vec::new();
    let baselined = settings.baseline.as_ref().map(|baseline| {
        let (kept, matched) = baseline.filter(std::mem::take(&mut findings), &sources);
        findings = kept;
        baselined_findings = matched;
        baselined_findings.len()
    });
    Outcome {
        sources,
        findings,
        suppressed: suppressed_findings.len(),
        baselined,
        suppressed_findings,
        baselined_findings,
    }
}

/// Gives findings the severity configured for their rule, and drops those of
/// rules that are off.
fn apply_levels(findings: &mut Vec<Finding>, levels: &BTreeMap<&'static str, Level>) {
    if levels.is_empty() {
        return;
    }
    findings.retain_mut(|finding| match levels.get(finding.rule) {
        None => true,
        Some(level) => match level.severity() {
            Some(severity) => {
                finding.severity = severity;
                true
            }
            None => false,
        },
    });
}
