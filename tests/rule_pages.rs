//! Every rule has a page in `rules/`, every page a rule, and each page's
//! examples behave as the page says.

use std::collections::BTreeSet;
use std::path::Path;

use vnetlint::engine::{check_text, Settings};

/// Returns the YAML code blocks tagged `tag` (as in "```yaml failing").
fn blocks(page: &str, tag: &str) -> Vec<String> {
    let opening = format!("```yaml {tag}");
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        match &mut current {
            None if line.trim() == opening => current = Some(String::new()),
            Some(text) if line.trim() == "```" => {
                found.push(std::mem::take(text));
                current = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    found
}

fn rule_ids(yaml: &str, page: &str) -> Vec<&'static str> {
    let outcome = check_text("example.yaml", yaml, &Settings::default())
        .unwrap_or_else(|e| panic!("an example in {page} does not load: {e}"));
    outcome.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn every_rule_has_a_page_and_every_page_a_rule() {
    let ids: BTreeSet<&str> = vnetlint::rules::all().iter().map(|r| r.id).collect();
    let mut pages = BTreeSet::new();
    for entry in std::fs::read_dir("rules").expect("rules/ exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.insert(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    let missing: Vec<_> = ids.iter().filter(|id| !pages.contains(**id)).collect();
    let orphans: Vec<_> = pages.iter().filter(|p| !ids.contains(p.as_str())).collect();
    assert!(missing.is_empty(), "rules without a page: {missing:?}");
    assert!(orphans.is_empty(), "pages without a rule: {orphans:?}");
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    let mut seen = BTreeSet::new();
    for rule in vnetlint::rules::all() {
        assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
        let kebab = rule.id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        assert!(kebab, "rule id {} is not kebab-case", rule.id);
    }
}

#[test]
fn page_examples_behave_as_documented() {
    for rule in vnetlint::rules::all() {
        let name = format!("rules/{}.md", rule.id);
        let Ok(page) = std::fs::read_to_string(Path::new(&name)) else {
            continue;
        };
        let failing = blocks(&page, "failing");
        let fixed = blocks(&page, "fixed");
        assert!(!failing.is_empty(), "{name} has no ```yaml failing example");
        assert!(!fixed.is_empty(), "{name} has no ```yaml fixed example");
        for yaml in &failing {
            let ids = rule_ids(yaml, &name);
            assert!(
                ids.contains(&rule.id),
                "failing example in {name} does not report {}: {ids:?}",
                rule.id
            );
        }
        for yaml in &fixed {
            let ids = rule_ids(yaml, &name);
            assert!(
                !ids.contains(&rule.id),
                "fixed example in {name} still reports {}",
                rule.id
            );
        }
    }
}

/// Findings of every page example and fixture follow one text convention:
/// a message and an imperative `help`, neither ending with a period.
#[test]
fn findings_follow_text_convention() {
    let mut outcomes = Vec::new();
    for rule in vnetlint::rules::all() {
        let Ok(page) = std::fs::read_to_string(format!("rules/{}.md", rule.id)) else {
            continue;
        };
        for yaml in blocks(&page, "failing") {
            outcomes.push(check_text("example.yaml", &yaml, &Settings::default()).unwrap());
        }
    }
    for entry in std::fs::read_dir("fixtures").unwrap() {
        let path = entry.unwrap().path();
        outcomes.push(vnetlint::engine::check_paths(&[path], &Settings::default()).unwrap());
    }
    for finding in outcomes.iter().flat_map(|o| &o.findings) {
        let id = finding.rule;
        assert!(
            !finding.message.ends_with('.'),
            "{id}: message ends with a period: {}",
            finding.message
        );
        assert!(
            !finding.help.is_empty(),
            "{id}: finding has no help: {}",
            finding.message
        );
        assert!(
            !finding.help.ends_with('.'),
            "{id}: help ends with a period: {}",
            finding.help
        );
        let first = finding.message.chars().next().unwrap_or(' ');
        assert!(!first.is_whitespace(), "{id}: message starts with a space");
    }
}

/// Builds docs/rules.md from the registry.
fn rule_index() -> String {
    let mut text = String::from(
        "# Rules\n\nEach rule has a stable id, a category and a default severity (its most\n\
         severe case). Each page says what the rule checks, why, with the Azure\n\
         behaviour and its source, a failing and a fixed example, and known\n\
         problems. The examples on every page run as tests.\n\n\
         | id | category | default severity | finds |\n|---|---|---|---|\n",
    );
    for rule in vnetlint::rules::all() {
        text.push_str(&format!(
            "| [`{id}`](../rules/{id}.md) | {} | {} | {} |\n",
            rule.category.as_str(),
            rule.severity,
            rule.summary,
            id = rule.id,
        ));
    }
    text
}

/// docs/rules.md lists every rule; run with UPDATE_RULE_INDEX=1 to rewrite it.
#[test]
fn rule_index_is_current() {
    let expected = rule_index();
    if std::env::var_os("UPDATE_RULE_INDEX").is_some() {
        std::fs::write("docs/rules.md", &expected).unwrap();
    }
    let committed = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    assert!(
        committed == expected,
        "docs/rules.md is stale: run UPDATE_RULE_INDEX=1 cargo test --test rule_pages"
    );
}
