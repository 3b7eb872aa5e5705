//! The subcommands besides `check`: rules, explain, schema, init and
//! completions, and the `--help` of each.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use clap::CommandFactory;
use predicates::prelude::*;
use vnetlint::cli::Cli;

/// Creates an empty folder for one test, under the target folder's temporary space.
fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("commands")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    dir
}

/// `vnetlint` run in `dir`, with no color or log settings from the caller's environment.
fn vnetlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnetlint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("VNETLINT_LOG")
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(20));
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().expect("run vnetlint");
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Snapshots `vnetlint COMMAND --help` for every subcommand except `check`,
/// whose help tests/cli.rs snapshots with the rest of its contract.
#[test]
fn every_subcommand_help() {
    let dir = workdir("every_subcommand_help");
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| name != "check")
        .collect();
    assert!(names.len() >= 5, "subcommands: {names:?}");
    for name in names {
        let out = stdout_of(vnetlint(&dir).args([name.as_str(), "--help"]));
        insta::assert_snapshot!(format!("help_{name}"), out);
        vnetlint(&dir)
            .args([name.as_str(), "--help"])
            .assert()
            .code(0);
    }
}

#[test]
fn rules_table_lists_every_rule() {
    let dir = workdir("rules_table_lists_every_rule");
    let out = stdout_of(vnetlint(&dir).arg("rules"));
    let lines: Vec<&str> = out.lines().collect();
    let rules = vnetlint::rules::all();
    assert_eq!(
        lines.len(),
        rules.len() + 1,
        "a header and one line per rule"
    );
    assert!(lines[0].starts_with("ID "), "header: {}", lines[0]);
    for (line, rule) in lines[1..].iter().zip(&rules) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[0], rule.id);
        assert_eq!(cells[1], rule.category.as_str());
        assert_eq!(cells[2], rule.severity.as_str());
        assert!(line.ends_with(rule.summary), "line of {}: {line}", rule.id);
    }
    vnetlint(&dir).arg("rules").assert().code(0);
}

#[test]
fn rules_json_lists_every_rule() {
    let dir = workdir("rules_json_lists_every_rule");
    let out = stdout_of(vnetlint(&dir).args(["rules", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let entries = value.as_array().expect("an array");
    let rules = vnetlint::rules::all();
    assert_eq!(entries.len(), rules.len());
    for (entry, rule) in entries.iter().zip(&rules) {
        let expected = serde_json::json!({
            "id": rule.id,
            "category": rule.category.as_str(),
            "severity": rule.severity.as_str(),
            "summary": rule.summary,
        });
        assert_eq!(entry, &expected);
    }
}

#[test]
fn rules_rejects_unknown_format() {
    let dir = workdir("rules_rejects_unknown_format");
    vnetlint(&dir)
        .args(["rules", "--format", "yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'yaml'"));
}

/// Runs in a folder without rules/, so the pages must come from the binary.
#[test]
fn explain_prints_embedded_page() {
    let dir = workdir("explain_prints_embedded_page");
    let page = std::fs::read_to_string("rules/subnet-overlap.md").expect("readable page");
    vnetlint(&dir)
        .args(["explain", "subnet-overlap"])
        .assert()
        .code(0)
        .stdout(page);
}

#[test]
fn explain_unknown_rule_suggests_nearest() {
    let dir = workdir("explain_unknown_rule_suggests_nearest");
    vnetlint(&dir)
        .args(["explain", "subnet-overlapp"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("unknown rule `subnet-overlapp`")
                .and(predicate::str::contains("did you mean `subnet-overlap`?")),
        );
}

#[test]
fn explain_unrelated_name_points_to_rules() {
    let dir = workdir("explain_unrelated_name_points_to_rules");
    vnetlint(&dir)
        .args(["explain", "zzzz"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown rule `zzzz`")
                .and(predicate::str::contains(
                    "`vnetlint rules` lists every rule",
                ))
                .and(predicate::str::contains("did you mean").not()),
        );
}

#[test]
fn schema_prints_json() {
    let dir = workdir("schema_prints_json");
    let out = stdout_of(vnetlint(&dir).arg("schema"));
    let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(value["type"], "object");
}

#[test]
fn init_writes_starter_that_passes_check() {
    let dir = workdir("init_writes_starter_that_passes_check");
    vnetlint(&dir)
        .arg("init")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote vnetlint.yaml"));
    let text = std::fs::read_to_string(dir.join("vnetlint.yaml")).expect("init wrote the file");
    assert!(text.starts_with("# "), "the starter opens with a comment");
    vnetlint(&dir)
        .args(["check", "--format", "compact", "vnetlint.yaml"])
        .assert()
        .code(0)
        .stdout("0 errors, 0 warnings, 0 notes, 0 suppressed, 1 file checked\n");
}

#[test]
fn init_covers_the_starter_design() {
    let dir = workdir("init_covers_the_starter_design");
    vnetlint(&dir).arg("init").assert().code(0);
    let text = std::fs::read_to_string(dir.join("vnetlint.yaml")).expect("init wrote the file");
    for needle in [
        "public_network_access: Disabled",
        "group: amlworkspace",
        "group: blob",
        "group: file",
        "group: vault",
        "group: registry",
        "vnet_links: [vnet-ml]",
        "kind: cluster",
        "role: jump_box",
        "bastions:",
    ] {
        assert!(text.contains(needle), "the starter lacks `{needle}`");
    }
}

#[test]
fn init_writes_given_path() {
    let dir = workdir("init_writes_given_path");
    std::fs::create_dir_all(dir.join("designs")).expect("create a folder");
    vnetlint(&dir)
        .args(["init", "designs/ml.yaml"])
        .assert()
        .code(0);
    assert!(dir.join("designs/ml.yaml").is_file());
    assert!(!dir.join("vnetlint.yaml").exists());
}

#[test]
fn init_keeps_existing_file() {
    let dir = workdir("init_keeps_existing_file");
    std::fs::write(dir.join("vnetlint.yaml"), "region: eastus\n").expect("write a file");
    vnetlint(&dir).arg("init").assert().code(2).stderr(
        predicate::str::contains("`vnetlint.yaml` already exists")
            .and(predicate::str::contains("--force")),
    );
    let text = std::fs::read_to_string(dir.join("vnetlint.yaml")).expect("readable file");
    assert_eq!(text, "region: eastus\n");
}

#[test]
fn init_force_overwrites() {
    let dir = workdir("init_force_overwrites");
    std::fs::write(dir.join("vnetlint.yaml"), "region: eastus\n").expect("write a file");
    vnetlint(&dir).args(["init", "--force"]).assert().code(0);
    let text = std::fs::read_to_string(dir.join("vnetlint.yaml")).expect("readable file");
    assert!(
        text.contains("workspaces:"),
        "the starter replaced the file"
    );
}

#[test]
fn init_rejects_folder_and_missing_parent() {
    let dir = workdir("init_rejects_folder_and_missing_parent");
    std::fs::create_dir_all(dir.join("designs")).expect("create a folder");
    vnetlint(&dir)
        .args(["init", "designs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`designs` is a folder"));
    vnetlint(&dir)
        .args(["init", "missing/ml.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write `missing/ml.yaml`"));
}

#[test]
fn completions_for_every_shell() {
    let dir = workdir("completions_for_every_shell");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = stdout_of(vnetlint(&dir).args(["completions", shell]));
        assert!(out.contains("vnetlint"), "{shell} script names no command");
        assert!(
            out.contains("explain"),
            "{shell} script lacks the subcommands"
        );
        vnetlint(&dir).args(["completions", shell]).assert().code(0);
    }
}

#[test]
fn completions_rejects_unknown_shell() {
    let dir = workdir("completions_rejects_unknown_shell");
    vnetlint(&dir)
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}
