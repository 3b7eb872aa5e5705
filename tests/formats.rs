//! Every machine-readable format for every fixture, snapshotted, plus the
//! shape of each format and the `--format`/`--output` command line.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use vnetlint::date::Date;
use vnetlint::engine::{check_paths, Outcome, Settings};
use vnetlint::report::{self, Format, RenderOptions};

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

fn outcome(fixture: &Path) -> Outcome {
    let settings = Settings {
        today: Date::parse("2026-12-04").unwrap(),
        ..Settings::default()
    };
    check_paths(&[fixture.to_path_buf()], &settings)
        .unwrap_or_else(|e| panic!("{} does not load: {e}", fixture.display()))
}

fn render(format: Format, outcome: &Outcome) -> String {
    report::render(format, outcome, &RenderOptions::default())
}

fn stem(fixture: &Path) -> String {
    fixture.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The SARIF log with the rule list replaced by its length: the rules are
/// the same for every fixture and have their own snapshot.
fn sarif_without_rules(text: &str) -> Value {
    let mut log: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    let count = rules.as_array().expect("a rules array").len();
    *rules = Value::from(format!("{count} rules"));
    log
}

#[test]
fn json_snapshots() {
    for fixture in fixtures() {
        let text = render(Format::Json, &outcome(&fixture));
        insta::assert_snapshot!(format!("{}.json", stem(&fixture)), text);
    }
}

#[test]
fn sarif_snapshots() {
    for fixture in fixtures() {
        let log = sarif_without_rules(&render(Format::Sarif, &outcome(&fixture)));
        let text = serde_json::to_string_pretty(&log).unwrap();
        insta::assert_snapshot!(format!("{}.sarif", stem(&fixture)), text);
    }
}

#[test]
fn junit_snapshots() {
    for fixture in fixtures() {
        let text = render(Format::Junit, &outcome(&fixture));
        insta::assert_snapshot!(format!("{}.junit", stem(&fixture)), text);
    }
}

#[test]
fn github_snapshots() {
    for fixture in fixtures() {
        let text = render(Format::Github, &outcome(&fixture));
        insta::assert_snapshot!(format!("{}.github", stem(&fixture)), text);
    }
}

#[test]
fn sarif_rules_snapshot() {
    let outcome = outcome(Path::new("fixtures/contract-example.yaml"));
    let options = RenderOptions {
        doc_base_url: Some("https://example.org/vnetlint/rules/".into()),
        ..RenderOptions::default()
    };
    let log: Value =
        serde_json::from_str(&report::render(Format::Sarif, &outcome, &options)).unwrap();
    let driver = serde_json::to_string_pretty(&log["runs"][0]["tool"]["driver"]).unwrap();
    insta::assert_snapshot!("sarif_driver", driver);
}

#[test]
fn json_counts_match_findings() {
    for fixture in fixtures() {
        let outcome = outcome(&fixture);
        let doc: Value = serde_json::from_str(&render(Format::Json, &outcome)).unwrap();
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["tool"]["name"], "vnetlint");
        let findings = doc["findings"].as_array().expect("findings is an array");
        assert_eq!(
            findings.len(),
            outcome.findings.len(),
            "{}",
            fixture.display()
        );
        let summary = &doc["summary"];
        let total = ["errors", "warnings", "notes"]
            .iter()
            .map(|key| summary[key].as_u64().unwrap())
            .sum::<u64>();
        assert_eq!(total as usize, findings.len(), "{}", fixture.display());
        assert_eq!(
            summary["files"].as_u64().unwrap() as usize,
            outcome.sources.len()
        );
        assert!(doc["load_error"].is_null());
    }
}

#[test]
fn sarif_has_expected_shape() {
    let outcome = outcome(Path::new("fixtures/broken-client-no-route.yaml"));
    let log: Value = serde_json::from_str(&render(Format::Sarif, &outcome)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));

    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "vnetlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), vnetlint::rules::all().len());
    for (rule, descriptor) in vnetlint::rules::all().iter().zip(rules) {
        assert_eq!(descriptor["id"], rule.id);
        assert!(descriptor["shortDescription"]["text"].is_string());
        assert!(descriptor["fullDescription"]["text"].is_string());
        assert!(descriptor["help"]["text"].is_string());
        assert!(descriptor["defaultConfiguration"]["level"].is_string());
        assert_eq!(descriptor["properties"]["tags"][0], rule.category.as_str());
        assert!(
            descriptor.get("helpUri").is_none(),
            "no helpUri without a base URL"
        );
    }

    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "no-client-path");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "no-client-path");
    assert_eq!(result["level"], "warning");
    let text = result["message"]["text"].as_str().unwrap();
    assert!(
        text.contains("\nhelp: peer `vnet-clients` and `vnet-ml` in both directions"),
        "{text}"
    );

    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "fixtures/broken-client-no-route.yaml"
    );
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &physical["region"];
    assert_eq!(region["startLine"], 10);
    assert_eq!(region["startColumn"], 11);
    assert_eq!(region["endLine"], 10);
    assert_eq!(region["endColumn"], 22);
    assert_eq!(region["charOffset"], 337);
    assert_eq!(region["charLength"], 11);

    let related = &result["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "cannot use the workspace");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 37);

    let steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    assert_eq!(steps.len(), outcome.findings[0].path.len());
    let step = steps[0]["location"]["message"]["text"].as_str().unwrap();
    assert!(step.contains("are not peered"), "{step}");
}

#[test]
fn sarif_help_uri_uses_doc_base_url() {
    let outcome = outcome(Path::new("fixtures/contract-example.yaml"));
    let options = RenderOptions {
        doc_base_url: Some("https://example.org/rules/".into()),
        ..RenderOptions::default()
    };
    let log: Value =
        serde_json::from_str(&report::render(Format::Sarif, &outcome, &options)).unwrap();
    let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
    let id = rule["id"].as_str().unwrap();
    assert_eq!(
        rule["helpUri"],
        format!("https://example.org/rules/{id}.md")
    );
}

#[test]
fn junit_parses_with_one_suite_per_file() {
    for fixture in fixtures() {
        let outcome = outcome(&fixture);
        let text = render(Format::Junit, &outcome);
        let report = quick_junit::Report::deserialize_from_str(&text)
            .unwrap_or_else(|e| panic!("{}: invalid JUnit: {e}", fixture.display()));
        assert_eq!(report.test_suites.len(), outcome.sources.len());
        for suite in &report.test_suites {
            assert!(
                !suite.test_cases.is_empty(),
                "empty suite {}",
                suite.name.as_str()
            );
        }
        // Only findings that fail the run (errors, by default) are failed cases.
        let failed = outcome
            .findings
            .iter()
            .any(|f| f.severity == vnetlint::finding::Severity::Error);
        assert_eq!(report.failures > 0, failed, "{}", fixture.display());
    }
}

#[test]
fn github_writes_one_command_per_finding() {
    for fixture in fixtures() {
        let outcome = outcome(&fixture);
        let text = render(Format::Github, &outcome);
        assert_eq!(text.lines().count(), outcome.findings.len());
        for (line, finding) in text.lines().zip(&outcome.findings) {
            let command = match finding.severity {
                vnetlint::finding::Severity::Error => "::error file=",
                vnetlint::finding::Severity::Warning => "::warning file=",
                vnetlint::finding::Severity::Info => "::notice file=",
            };
            assert!(line.starts_with(command), "{line}");
            assert!(
                line.contains(&format!(",title={}::", finding.rule)),
                "{line}"
            );
        }
    }
}

/// `vnetlint` run in `dir`, with no color or log settings from the caller's
/// environment.
fn vnetlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnetlint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("VNETLINT_LOG")
        .timeout(Duration::from_secs(20));
    cmd
}

/// Creates an empty folder for one test, under the target folder's temporary space.
fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("formats")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    dir
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn exit_status_is_the_same_in_every_format() {
    let dir = workdir("exit_status");
    let cases = [
        ("broken-aks-other-region.yaml", 1),
        ("broken-client-no-route.yaml", 0),
    ];
    for (fixture, status) in cases {
        for format in ["human", "compact", "json", "sarif", "junit", "github"] {
            vnetlint(&dir)
                .args(["check", "--format", format])
                .arg(fixture_path(fixture))
                .assert()
                .code(status);
        }
    }
}

#[test]
fn human_on_stdout_and_sarif_in_a_file() {
    let dir = workdir("human_and_sarif");
    let output = vnetlint(&dir)
        .args([
            "check", "--color", "never", "--format", "human", "--format", "sarif",
        ])
        .args(["--output", "vnetlint.sarif"])
        .arg(fixture_path("broken-aks-other-region.yaml"))
        .output()
        .expect("run vnetlint");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1 error"), "{stdout}");
    let sarif = std::fs::read_to_string(dir.join("vnetlint.sarif")).expect("SARIF file written");
    let log: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    assert_eq!(log["runs"][0]["results"][0]["level"], "error");
}

#[test]
fn several_files_and_no_stdout() {
    let dir = workdir("several_files");
    vnetlint(&dir)
        .args(["check", "--format", "json", "--output", "a.json"])
        .args(["--format", "junit", "--output", "a.xml"])
        .arg(fixture_path("contract-example.yaml"))
        .assert()
        .code(0)
        .stdout("");
    assert!(dir.join("a.json").is_file());
    assert!(dir.join("a.xml").is_file());
}

#[test]
fn format_and_output_misuse_exits_2() {
    let dir = workdir("misuse");
    let cases: [&[&str]; 4] = [
        &["--output", "a.sarif", "--format", "sarif"],
        &["--format", "json", "--format", "sarif"],
        &["--format", "json", "--output", "a", "--output", "b"],
        &[
            "--format", "json", "--output", "a", "--format", "sarif", "--output", "a",
        ],
    ];
    for args in cases {
        vnetlint(&dir)
            .arg("check")
            .args(args)
            .arg(fixture_path("contract-example.yaml"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("error: `--"));
    }
}

#[test]
fn load_error_still_writes_machine_formats() {
    let dir = workdir("load_error");
    std::fs::write(dir.join("bad.yaml"), "region: eastus\nvnets: 3\n").unwrap();
    let output = vnetlint(&dir)
        .args([
            "check", "--format", "compact", "--format", "json", "--output", "r.json",
        ])
        .args(["--format", "sarif", "--output", "r.sarif"])
        .args(["--format", "junit", "--output", "r.xml"])
        .args(["--format", "github", "--output", "r.txt", "bad.yaml"])
        .output()
        .expect("run vnetlint");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.yaml:2:8: error[load-error] wrong type"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.json")).unwrap()).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
    assert_eq!(json["load_error"]["location"]["line"], 2);

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("r.sarif")).unwrap()).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "error"
    );
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 0);

    let junit = std::fs::read_to_string(dir.join("r.xml")).unwrap();
    let report = quick_junit::Report::deserialize_from_str(&junit).expect("valid JUnit");
    assert_eq!(report.errors, 1);

    let github = std::fs::read_to_string(dir.join("r.txt")).unwrap();
    // The file is relative to the repository root, which differs between a
    // developer's target folder and CI's.
    assert!(github.starts_with("::error file="), "{github}");
    assert!(
        github.contains("bad.yaml,line=2,col=8,title=load error::"),
        "{github}"
    );
}
