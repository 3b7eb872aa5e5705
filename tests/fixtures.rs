//! Every fixture reports exactly the rule ids on its `# expect:` line, and
//! what it reports is snapshotted. A folder under `fixtures/` is one
//! topology made of all its files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vnetlint::date::Date;
use vnetlint::engine::{check_paths, Settings};
use vnetlint::report::{compact, human};

/// Returns each fixture: a `.yaml` file or a folder directly under `fixtures/`.
fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    found.sort();
    found
}

/// Reads the `# expect:` line: rule ids separated by commas, or `nothing`.
fn expected(fixture: &Path) -> BTreeSet<String> {
    let files: Vec<PathBuf> = if fixture.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    } else {
        vec![fixture.to_path_buf()]
    };
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        if let Some(line) = text.lines().find_map(|l| l.strip_prefix("# expect:")) {
            return line
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty() && *id != "nothing")
                .map(String::from)
                .collect();
        }
    }
    panic!("{} has no `# expect:` line", fixture.display());
}

fn settings() -> Settings {
    Settings {
        today: Date::parse("2026-12-04").unwrap(),
        ..Settings::default()
    }
}

#[test]
fn fixtures_report_expected_rules() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let outcome = check_paths(std::slice::from_ref(&fixture), &settings())
            .unwrap_or_else(|e| panic!("{} does not load: {e}", fixture.display()));
        let reported: BTreeSet<String> = outcome
            .findings
            .iter()
            .map(|f| f.rule.to_string())
            .collect();
        let want = expected(&fixture);
        if reported != want {
            failures.push(format!(
                "{}: expected {want:?}, reported {reported:?}",
                fixture.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures with unexpected findings:\n{}",
        failures.join("\n")
    );
}

#[test]
fn fixture_findings_snapshot() {
    for fixture in fixtures() {
        let outcome = check_paths(std::slice::from_ref(&fixture), &settings())
            .unwrap_or_else(|e| panic!("{} does not load: {e}", fixture.display()));
        let name = fixture.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, compact::render(&outcome, true));
    }
}

/// The human rendering, without color, so the reporter's layout is reviewed too.
#[test]
fn fixture_human_output_snapshot() {
    for fixture in fixtures() {
        let outcome = check_paths(std::slice::from_ref(&fixture), &settings())
            .unwrap_or_else(|e| panic!("{} does not load: {e}", fixture.display()));
        let name = format!("{}.human", fixture.file_stem().unwrap().to_string_lossy());
        insta::assert_snapshot!(name, human::render(&outcome, false));
    }
}

/// The sample output in the README is the real output of its command.
#[test]
fn readme_sample_is_current() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```text\n").expect("README has a text sample") + "```text\n".len();
    let end = start
        + readme[start..]
            .find("```")
            .expect("the sample block is closed");
    let fixture = PathBuf::from("fixtures/broken-client-no-route.yaml");
    assert!(
        readme.contains("check fixtures/broken-client-no-route.yaml"),
        "README runs another fixture"
    );
    let outcome = check_paths(&[fixture], &settings()).unwrap();
    assert_eq!(
        &readme[start..end],
        human::render(&outcome, false),
        "update the README sample"
    );
}
