//! JUnit XML for test-result views (Azure DevOps, GitLab): one test suite
//! per input file and one test case per rule and resource.

use std::fmt::Write;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::config::FailOn;

use crate::engine::Outcome;
use crate::finding::Finding;
use crate::load::LoadError;
use crate::source::{FileId, Loc};

const REPORT_NAME: &str = "vnetlint";

/// Name of the passing test case of a file without findings, so that no
/// suite is empty.
const CLEAN_CASE: &str = "no findings";

/// Renders the findings of a run as JUnit XML. Findings that fail the run
/// (at or above `fail_on`) are failed test cases; the others are passing
/// cases that carry the finding in their standard output, so a green run
/// shows no failed tests.
pub fn render(outcome: &Outcome, fail_on: FailOn) -> String {
    let mut report = Report::new(REPORT_NAME);
    for (id, file) in outcome.sources.iter() {
        let path = file.path.display().to_string();
        let mut suite = TestSuite::new(path.as_str());
        let findings: Vec<&Finding> = outcome
            .findings
            .iter()
            .filter(|f| f.primary.loc.file == id)
            .collect();
        if findings.is_empty() {
            let mut case = TestCase::new(CLEAN_CASE, TestCaseStatus::success());
            case.set_classname(REPORT_NAME);
            case.extra.insert("file".into(), path.as_str().into());
            suite.add_test_case(case);
        }
        for group in group_by_rule_and_resource(&findings) {
            suite.add_test_case(finding_case(outcome, id, &path, &group, fail_on));
        }
        report.add_test_suite(suite);
    }
    to_text(&report)
}

/// Renders a run that stopped on a load error: one suite for the file, with
/// one test case in error.
pub fn render_load_error(error: &LoadError) -> String {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_message(error.message.as_str());
    status.set_type("load error");
    let location = match error.line_col() {
        Some((line, column)) => format!("{}:{line}:{column}", error.path),
        None => error.path.clone(),
    };
    let mut description = format!("{location}: {}\n", error.message);
    if let Some(help) = &error.help {
        let _ = writeln!(description, "help: {help}");
    }
    status.set_description(description);
    let mut case = TestCase::new("load", status);
    case.set_classname(REPORT_NAME);
    case.extra.insert("file".into(), error.path.as_str().into());
    let mut suite = TestSuite::new(error.path.as_str());
    suite.add_test_case(case);
    let mut report = Report::new(REPORT_NAME);
    report.add_test_suite(suite);
    to_text(&report)
}

fn to_text(report: &Report) -> String {
    // Serializing to a String cannot fail: the only error source is the writer.
    let mut text = report.to_string().expect("the JUnit report serializes");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Groups findings by rule and resource, in the order each group first appears.
fn group_by_rule_and_resource<'a>(findings: &[&'a Finding]) -> Vec<Vec<&'a Finding>> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for &finding in findings {
        let same = groups
            .iter_mut()
            .find(|g| g[0].rule == finding.rule && g[0].resource == finding.resource);
        match same {
            Some(group) => group.push(finding),
            None => groups.push(vec![finding]),
        }
    }
    groups
}

fn finding_case(
    outcome: &Outcome,
    file: FileId,
    path: &str,
    group: &[&Finding],
    fail_on: FailOn,
) -> TestCase {
    let first = group[0];
    let worst = group
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(first.severity);
    let fails = fail_on.fails(worst);
    let status = if fails {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_message(first.message.as_str());
        status.set_type(first.severity.as_str());
        status.set_description(describe(outcome, group));
        status
    } else {
        TestCaseStatus::success()
    };
    let name = format!(
        "{}: {} {}",
        first.rule,
        first.resource.kind.as_str(),
        first.resource.name
    );
    let mut case = TestCase::new(name, status);
    if !fails {
        case.set_system_out(describe(outcome, group));
    }
    case.set_classname(first.rule);
    case.extra.insert("file".into(), path.into());
    let (line, _) = outcome.sources.get(file).line_col(first.primary.loc.offset);
    case.extra.insert("line".into(), line.to_string().into());
    case
}

/// Writes each finding of a group as `file:line:col: severity[rule] message`,
/// then its related locations, path lines and help.
fn describe(outcome: &Outcome, group: &[&Finding]) -> String {
    let mut text = String::new();
    for f in group {
        let position = |loc: Loc| {
            let (line, column) = outcome.sources.line_col(loc);
            let path = &outcome.sources.get(loc.file).path;
            format!("{}:{line}:{column}", path.display())
        };
        let _ = writeln!(
            text,
            "{}: {}[{}] {}{}",
            position(f.primary.loc),
            f.severity,
            f.rule,
            f.message,
            super::location::origin_suffix(&outcome.sources, f.primary.loc)
        );
        for related in &f.related {
            let _ = writeln!(
                text,
                "    related: {}: {}{}",
                position(related.loc),
                related.text,
                super::location::origin_suffix(&outcome.sources, related.loc)
            );
        }
        for line in &f.path {
            let _ = writeln!(text, "    path: {line}");
        }
        let _ = writeln!(text, "    help: {}", f.help);
    }
    text
}
