//! Configuration files, command-line level overrides, `--fail-on`,
//! `--max-warnings` and baselines, run end to end through the binary.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// Two subnets of one VNet that overlap: one `subnet-overlap` error, and no
/// other finding.
const OVERLAP: &str = "\
region: eastus
vnets:
  - name: vnet-a
    address_space: [10.0.0.0/16]
    subnets:
      - {name: snet-a, address_prefix: 10.0.1.0/24}
      - {name: snet-b, address_prefix: 10.0.1.0/25}
";

/// A private endpoint subnet with `NetworkSecurityGroupEnabled` policies: a
/// `pe-subnet-network-policies` error unless the rule option accepts the value.
const NSG_POLICIES: &str = "\
region: eastus2
storage_accounts: [{name: stml}]
vnets:
  - name: vnet-ml
    address_space: [10.0.0.0/16]
    subnets:
      - name: snet-pe
        address_prefix: 10.0.1.0/24
        private_endpoint_network_policies: NetworkSecurityGroupEnabled
private_endpoints:
  - {name: pe-blob, subnet: vnet-ml/snet-pe, target: stml, group: blob}
";

const OVERLAP_ERROR: &str = "error[subnet-overlap]";
const OVERLAP_WARNING: &str = "warning[subnet-overlap]";

/// Creates an empty folder for one test, under the target folder's temporary space.
fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("config")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    dir
}

/// Writes `content` to `dir/name`, creating folders on the way.
fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a test folder");
    }
    std::fs::write(path, content).expect("write a test file");
}

/// `vnetlint check --format compact` run in `dir`, without color or log
/// settings from the caller's environment.
fn check(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnetlint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("VNETLINT_LOG")
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(20))
        .args(["check", "--color", "never", "--format", "compact"]);
    cmd
}

/// Creates a folder with OVERLAP in `t.yaml` and `config` as its `.vnetlint.yaml`.
fn overlap_with_config(test: &str, config: &str) -> PathBuf {
    let dir = workdir(test);
    write(&dir, "t.yaml", OVERLAP);
    write(&dir, ".vnetlint.yaml", config);
    dir
}

#[test]
fn config_found_by_walking_up() {
    let root = workdir("config_found_by_walking_up");
    write(
        &root,
        ".vnetlint.yaml",
        "rules:\n  subnet-overlap: warning\n",
    );
    let nested = root.join("a/b");
    write(&nested, "t.yaml", OVERLAP);
    check(&nested)
        .arg("t.yaml")
        .assert()
        .code(0)
        .stdout(contains(OVERLAP_WARNING));
}

#[test]
fn nearest_config_wins() {
    let root = workdir("nearest_config_wins");
    write(&root, ".vnetlint.yaml", "rules:\n  subnet-overlap: off\n");
    write(
        &root,
        "a/.vnetlint.yaml",
        "rules:\n  subnet-overlap: warning\n",
    );
    write(&root, "a/b/t.yaml", OVERLAP);
    check(&root.join("a/b"))
        .arg("t.yaml")
        .assert()
        .code(0)
        .stdout(contains(OVERLAP_WARNING));
}

#[test]
fn config_flag_names_file() {
    let dir = workdir("config_flag_names_file");
    write(&dir, "t.yaml", OVERLAP);
    write(&dir, ".vnetlint.yaml", "rules:\n  subnet-overlap: error\n");
    write(&dir, "ci/lenient.yaml", "rules:\n  subnet-overlap: info\n");
    check(&dir)
        .args(["--config", "ci/lenient.yaml", "t.yaml"])
        .assert()
        .code(0)
        .stdout(contains("info[subnet-overlap]"));
}

#[test]
fn missing_config_flag_file_exits_2() {
    let dir = workdir("missing_config_flag_file");
    write(&dir, "t.yaml", OVERLAP);
    check(&dir)
        .args(["--config", "nope.yaml", "t.yaml"])
        .assert()
        .code(2)
        .stderr(contains("nope.yaml: error[load-error] cannot read"));
}

#[test]
fn isolated_ignores_config() {
    let dir = overlap_with_config("isolated_ignores_config", "rules:\n  subnet-overlap: off\n");
    check(&dir)
        .args(["--isolated", "t.yaml"])
        .assert()
        .code(1)
        .stdout(contains(OVERLAP_ERROR));
}

#[test]
fn isolated_skips_invalid_config() {
    let dir = overlap_with_config("isolated_skips_invalid_config", "nonsense: 1\n");
    check(&dir).args(["--isolated", "t.yaml"]).assert().code(1);
}

#[test]
fn level_off_skips_rule() {
    let dir = overlap_with_config("level_off_skips_rule", "rules:\n  subnet-overlap: OFF\n");
    check(&dir)
        .arg("t.yaml")
        .assert()
        .code(0)
        .stdout(contains("subnet-overlap").not())
        .stdout(contains("0 errors, 0 warnings, 0 notes"));
}

#[test]
fn level_changes_severity() {
    let cases = [
        (
            "info",
            "info[subnet-overlap]",
            "0 errors, 0 warnings, 1 note",
        ),
        ("Warning", OVERLAP_WARNING, "0 errors, 1 warning, 0 notes"),
        ("warn", OVERLAP_WARNING, "0 errors, 1 warning, 0 notes"),
        (
            "{level: info}",
            "info[subnet-overlap]",
            "0 errors, 0 warnings, 1 note",
        ),
    ];
    for (level, shown, summary) in cases {
        let config = format!("rules:\n  subnet-overlap: {level}\n");
        let dir = overlap_with_config("level_changes_severity", &config);
        check(&dir)
            .arg("t.yaml")
            .assert()
            .code(0)
            .stdout(contains(shown))
            .stdout(contains(summary));
    }
}

#[test]
fn level_raises_warning_to_error() {
    let dir = workdir("level_raises_warning_to_error");
    write(&dir, "t.yaml", NSG_POLICIES);
    write(
        &dir,
        ".vnetlint.yaml",
        "rules:\n  pe-subnet-network-policies: off\n  pe-dns-zone-missing: error\n",
    );
    check(&dir)
        .arg("t.yaml")
        .assert()
        .code(1)
        .stdout(contains("error[pe-dns-zone-missing]"));
}

#[test]
fn unused_suppression_level_applies() {
    let dir = workdir("unused_suppression_level_applies");
    let topology = format!(
        "{OVERLAP}suppressions:\n  - {{rule: subnet-overlap, resource: vnet-a/snet-x, reason: test}}\n"
    );
    write(&dir, "t.yaml", &topology);
    check(&dir)
        .args(["--isolated", "t.yaml"])
        .assert()
        .stdout(contains("warning[unused-suppression]"));
    write(
        &dir,
        ".vnetlint.yaml",
        "rules:\n  unused-suppression: off\n",
    );
    check(&dir)
        .arg("t.yaml")
        .assert()
        .stdout(contains("unused-suppression").not());
}

#[test]
fn fail_on_from_config() {
    let cases = [
        ("rules:\n  subnet-overlap: warning\nfail_on: warning\n", 1),
        ("rules:\n  subnet-overlap: info\nfail_on: warning\n", 0),
        ("rules:\n  subnet-overlap: info\nfail_on: INFO\n", 1),
        ("fail_on: never\n", 0),
        ("fail_on: error\n", 1),
    ];
    for (config, code) in cases {
        let dir = overlap_with_config("fail_on_from_config", config);
        check(&dir)
            .arg("t.yaml")
            .assert()
            .code(code)
            .stdout(contains("subnet-overlap"));
    }
}

#[test]
fn fail_on_flag_overrides_config() {
    let dir = overlap_with_config("fail_on_flag_overrides_config", "fail_on: never\n");
    check(&dir).arg("t.yaml").assert().code(0);
    check(&dir)
        .args(["--fail-on", "error", "t.yaml"])
        .assert()
        .code(1);
    check(&dir)
        .args(["-W", "subnet-overlap", "--fail-on", "warning", "t.yaml"])
        .assert()
        .code(1);
}

#[test]
fn bad_fail_on_flag_exits_2() {
    let dir = workdir("bad_fail_on_flag");
    write(&dir, "t.yaml", OVERLAP);
    check(&dir)
        .args(["--fail-on", "warnings", "t.yaml"])
        .assert()
        .code(2)
        .stderr(contains("warning"));
}

#[test]
fn allow_flag_turns_rule_off() {
    let dir = overlap_with_config("allow_flag", "rules:\n  subnet-overlap: error\n");
    for flag in ["-A", "--allow"] {
        check(&dir)
            .args([flag, "subnet-overlap", "t.yaml"])
            .assert()
            .code(0)
            .stdout(contains("subnet-overlap").not());
    }
}

#[test]
fn warn_flag_lowers_to_warning() {
    let dir = workdir("warn_flag");
    write(&dir, "t.yaml", OVERLAP);
    for flag in ["-W", "--warn"] {
        check(&dir)
            .args([flag, "subnet-overlap", "t.yaml"])
            .assert()
            .code(0)
            .stdout(contains(OVERLAP_WARNING));
    }
}

#[test]
fn deny_flag_overrides_config_off() {
    let dir = overlap_with_config("deny_flag", "rules:\n  subnet-overlap: off\n");
    for flag in ["-D", "--deny"] {
        check(&dir)
            .args([flag, "subnet-overlap", "t.yaml"])
            .assert()
            .code(1)
            .stdout(contains(OVERLAP_ERROR));
    }
}

#[test]
fn last_level_flag_wins() {
    let dir = workdir("last_level_flag_wins");
    write(&dir, "t.yaml", OVERLAP);
    check(&dir)
        .args(["-D", "subnet-overlap", "-A", "subnet-overlap", "t.yaml"])
        .assert()
        .code(0)
        .stdout(contains("subnet-overlap").not());
    check(&dir)
        .args(["-A", "subnet-overlap", "-W", "subnet-overlap", "t.yaml"])
        .assert()
        .code(0)
        .stdout(contains(OVERLAP_WARNING));
    check(&dir)
        .args([
            "--warn",
            "subnet-overlap",
            "--deny",
            "subnet-overlap",
            "t.yaml",
        ])
        .assert()
        .code(1)
        .stdout(contains(OVERLAP_ERROR));
}

#[test]
fn unknown_rule_flag_suggests_nearest() {
    let dir = workdir("unknown_rule_flag");
    write(&dir, "t.yaml", OVERLAP);
    for flag in ["-A", "-W", "-D"] {
        check(&dir)
            .args([flag, "subnet-overlapp", "t.yaml"])
            .assert()
            .code(2)
            .stderr(contains("no such rule"))
            .stderr(contains("did you mean `subnet-overlap`?"));
    }
}

#[test]
fn max_warnings_limits_warnings() {
    let dir = workdir("max_warnings");
    write(&dir, "t.yaml", OVERLAP);
    let warn = ["-W", "subnet-overlap", "t.yaml"];
    check(&dir)
        .args(warn)
        .args(["--max-warnings", "0"])
        .assert()
        .code(1)
        .stdout(contains(OVERLAP_WARNING));
    check(&dir)
        .args(warn)
        .args(["--max-warnings", "1"])
        .assert()
        .code(0);
    check(&dir)
        .args(["--max-warnings", "5", "t.yaml"])
        .assert()
        .code(1);
}

#[test]
fn rule_option_accepts_policies() {
    let dir = workdir("rule_option_accepts_policies");
    write(&dir, "t.yaml", NSG_POLICIES);
    check(&dir)
        .arg("t.yaml")
        .assert()
        .code(1)
        .stdout(contains("error[pe-subnet-network-policies]"));

    let config = "\
rules:
  pe-subnet-network-policies:
    accepted_endpoint_policies: [networksecuritygroupenabled, RouteTableEnabled]
";
    write(&dir, ".vnetlint.yaml", config);
    check(&dir)
        .arg("t.yaml")
        .assert()
        .code(0)
        .stdout(contains("pe-subnet-network-policies").not());
}

#[test]
fn rule_option_other_value_still_reported() {
    let dir = workdir("rule_option_other_value");
    write(&dir, "t.yaml", NSG_POLICIES);
    let config = "\
rules:
  pe-subnet-network-policies: {level: warning, accepted_endpoint_policies: [RouteTableEnabled]}
";
    write(&dir, ".vnetlint.yaml", config);
    check(&dir)
        .arg("t.yaml")
        .assert()
        .code(0)
        .stdout(contains("warning[pe-subnet-network-policies]"));
}

#[test]
fn exclude_skips_folders_and_globs() {
    let dir = workdir("exclude_skips");
    write(&dir, "designs/main.yaml", OVERLAP);
    write(&dir, "designs/old/broken.yaml", "vnets: [");
    write(&dir, "designs/next.draft.yaml", "vnets: [");
    write(&dir, "designs/deep/x/y.draft.yaml", "vnets: [");
    let config = "exclude: [designs/old/, \"**/*.draft.yaml\"]\n";
    write(&dir, ".vnetlint.yaml", config);
    check(&dir)
        .arg("designs")
        .assert()
        .code(1)
        .stdout(contains("designs/main.yaml:"))
        .stdout(contains("1 file checked"));
    check(&dir.join("designs"))
        .arg(".")
        .assert()
        .code(1)
        .stdout(contains("1 file checked"));
    check(&dir).args(["--isolated", "designs"]).assert().code(2);
}

#[test]
fn baseline_hides_known_findings() {
    let dir = workdir("baseline_hides_known");
    write(&dir, "t.yaml", OVERLAP);
    check(&dir)
        .args(["--write-baseline", "baseline.json", "t.yaml"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(contains("wrote 1 finding to baseline baseline.json"));
    let written = std::fs::read_to_string(dir.join("baseline.json")).expect("baseline written");
    assert!(written.contains("\"version\": 1"), "{written}");
    assert!(
        written.contains("\"rule\": \"subnet-overlap\""),
        "{written}"
    );
    assert!(written.contains("\"name\": \"vnet-a/snet-b\""), "{written}");
    assert!(written.contains("\"path\": \"t.yaml\""), "{written}");

    // The finding moves three lines down: it still matches.
    write(&dir, "t.yaml", &format!("# one\n# two\n# three\n{OVERLAP}"));
    check(&dir)
        .args(["--baseline", "baseline.json", "t.yaml"])
        .assert()
        .code(0)
        .stdout(contains("subnet-overlap").not())
        .stdout(contains("0 suppressed, 1 in baseline, 1 file checked"));

    // A new overlapping subnet is reported, the baselined one is not.
    let grown = format!("{OVERLAP}      - {{name: snet-c, address_prefix: 10.0.1.128/25}}\n");
    write(&dir, "t.yaml", &grown);
    let output = check(&dir)
        .args(["--baseline", "baseline.json", "t.yaml"])
        .assert()
        .code(1)
        .stdout(contains("1 in baseline"))
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8_lossy(&output);
    assert!(stdout.contains("`snet-c`"), "{stdout}");
    assert_eq!(stdout.matches(OVERLAP_ERROR).count(), 1, "{stdout}");
}

#[test]
fn baseline_works_from_another_folder() {
    let dir = workdir("baseline_other_folder");
    write(&dir, "designs/t.yaml", OVERLAP);
    check(&dir)
        .args(["--write-baseline", "ci/baseline.json", "designs/t.yaml"])
        .assert()
        .code(0);
    let written = std::fs::read_to_string(dir.join("ci/baseline.json")).expect("baseline");
    assert!(
        written.contains("\"path\": \"../designs/t.yaml\""),
        "{written}"
    );
    check(&dir.join("designs"))
        .args(["--baseline", "../ci/baseline.json", "t.yaml"])
        .assert()
        .code(0)
        .stdout(contains("1 in baseline"));
}

#[test]
fn summary_without_baseline_unchanged() {
    let dir = workdir("summary_without_baseline");
    write(&dir, "t.yaml", OVERLAP);
    check(&dir).arg("t.yaml").assert().stdout(contains(
        "1 error, 0 warnings, 0 notes, 0 suppressed, 1 file checked",
    ));
}

#[test]
fn missing_baseline_exits_2() {
    let dir = workdir("missing_baseline");
    write(&dir, "t.yaml", OVERLAP);
    check(&dir)
        .args(["--baseline", "nope.json", "t.yaml"])
        .assert()
        .code(2)
        .stderr(contains("nope.json: error[load-error] cannot read"));
}

#[test]
fn invalid_baseline_exits_2() {
    let dir = workdir("invalid_baseline");
    write(&dir, "t.yaml", OVERLAP);
    let cases = [
        ("{\"version\": 1,\n \"findings\": [}\n", "b.json:2:"),
        ("{\"version\": 1}\n", "missing field `findings`"),
        (
            "{\"version\": 7, \"findings\": []}\n",
            "unsupported baseline version 7",
        ),
    ];
    for (text, shown) in cases {
        write(&dir, "b.json", text);
        check(&dir)
            .args(["--baseline", "b.json", "t.yaml"])
            .assert()
            .code(2)
            .stderr(contains(shown));
    }
}

/// Runs with `config` as `.vnetlint.yaml` in the default human format, and
/// checks exit status 2, the place and the text of the error.
fn assert_config_error(test: &str, config: &str, place: &str, texts: &[&str]) {
    let dir = overlap_with_config(test, config);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnetlint"));
    let output = cmd
        .current_dir(&dir)
        .env_remove("VNETLINT_LOG")
        .env("COLUMNS", "100")
        .timeout(Duration::from_secs(20))
        .args(["check", "--color", "never", "t.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&output);
    let expected_place = format!(".vnetlint.yaml:{place}: ");
    assert!(stderr.contains(&expected_place), "{stderr}");
    for text in texts {
        assert!(stderr.contains(text), "missing {text:?} in:\n{stderr}");
    }
}

#[test]
fn config_unknown_key() {
    assert_config_error(
        "config_unknown_key",
        "rules: {}\nfail_onn: warning\n",
        "2:1",
        &["unknown key `fail_onn`", "did you mean `fail_on`?"],
    );
}

#[test]
fn config_unknown_rule() {
    assert_config_error(
        "config_unknown_rule",
        "rules:\n  subnet-overlap: off\n  subnet-overlapp: warning\n",
        "3:3",
        &[
            "unknown rule `subnet-overlapp`",
            "did you mean `subnet-overlap`?",
        ],
    );
}

#[test]
fn config_bad_level() {
    assert_config_error(
        "config_bad_level",
        "rules:\n  subnet-overlap: warnig\n",
        "2:19",
        &["invalid value `warnig`", "did you mean `warning`?"],
    );
    assert_config_error(
        "config_bad_level_in_mapping",
        "rules:\n  subnet-overlap: {level: eror}\n",
        "2:27",
        &["invalid value `eror`", "did you mean `error`?"],
    );
}

#[test]
fn config_bad_fail_on() {
    assert_config_error(
        "config_bad_fail_on",
        "fail_on: nevr\n",
        "1:10",
        &["invalid value `nevr`", "did you mean `never`?"],
    );
}

#[test]
fn config_option_for_wrong_rule() {
    assert_config_error(
        "config_option_for_wrong_rule",
        "rules:\n  subnet-overlap:\n    accepted_endpoint_policies: [RouteTableEnabled]\n",
        "3:5",
        &[
            "rule `subnet-overlap` has no option `accepted_endpoint_policies`",
            "keys of `subnet-overlap`: level",
        ],
    );
}

#[test]
fn config_unknown_option_key() {
    assert_config_error(
        "config_unknown_option_key",
        "rules:\n  pe-subnet-network-policies:\n    accepted_endpoint_policy: [RouteTableEnabled]\n",
        "3:5",
        &["did you mean `accepted_endpoint_policies`?"],
    );
}

#[test]
fn config_bad_option_value() {
    assert_config_error(
        "config_bad_option_value",
        "rules:\n  pe-subnet-network-policies:\n    accepted_endpoint_policies: [RoutTableEnabled]\n",
        "3:34",
        &["invalid value `RoutTableEnabled`", "did you mean `RouteTableEnabled`?"],
    );
}

#[test]
fn config_duplicate_key() {
    assert_config_error(
        "config_duplicate_key",
        "rules:\n  subnet-overlap: off\n  subnet-overlap: info\n",
        "3:3",
        &["duplicate key `subnet-overlap`"],
    );
}

#[test]
fn config_yaml_syntax_error() {
    assert_config_error(
        "config_yaml_syntax_error",
        "rules:\n  subnet-overlap: \"off\nfail_on: never\n",
        "2:19",
        &["invalid YAML: unclosed quote", "close it"],
    );
}

#[test]
fn config_bad_exclude_and_url() {
    assert_config_error(
        "config_bad_exclude",
        "exclude: [ok, ../outside]\n",
        "1:15",
        &["invalid exclude pattern `../outside`"],
    );
    assert_config_error(
        "config_bad_url",
        "doc_base_url: docs/rules\n",
        "1:15",
        &["not an absolute URL", "https://"],
    );
}

#[test]
fn config_error_in_compact_format() {
    let dir = overlap_with_config("config_error_compact", "rules:\n  subnet-overlapp: off\n");
    check(&dir).arg("t.yaml").assert().code(2).stderr(contains(
        ".vnetlint.yaml:2:3: error[load-error] unknown rule `subnet-overlapp`",
    ));
}

/// SARIF keeps accepted findings, marked, so that code scanning shows them
/// as dismissed rather than fixed: suppressions as `inSource` with their
/// reason, baselined findings as `unchanged` with an `external` suppression.
#[test]
fn sarif_marks_suppressed_and_baselined_findings() {
    let dir = workdir("sarif_marks_accepted");
    let suppressed = format!(
        "{OVERLAP}suppressions:\n  - {{rule: subnet-overlap, resource: vnet-a/snet-b, reason: migration in progress}}\n"
    );
    write(&dir, "t.yaml", &suppressed);
    let sarif = |dir: &Path| -> serde_json::Value {
        let text = std::fs::read(dir.join("out.sarif")).expect("the SARIF file");
        serde_json::from_slice(&text).expect("a SARIF log")
    };
    check(&dir)
        .args(["--format", "sarif", "--output", "out.sarif", "t.yaml"])
        .assert()
        .code(0);
    let log = sarif(&dir);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{results:#?}");
    let suppression = &results[0]["suppressions"][0];
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(suppression["justification"], "migration in progress");
    assert!(suppression["location"]["physicalLocation"]["region"]["startLine"].is_number());
    assert!(results[0].get("baselineState").is_none());

    write(&dir, "t.yaml", OVERLAP);
    check(&dir)
        .args(["--write-baseline", "baseline.json", "t.yaml"])
        .assert()
        .code(0);
    let grown = format!("{OVERLAP}      - {{name: snet-c, address_prefix: 10.0.1.128/25}}\n");
    write(&dir, "t.yaml", &grown);
    check(&dir)
        .args(["--format", "sarif", "--output", "out.sarif"])
        .args(["--baseline", "baseline.json", "t.yaml"])
        .assert()
        .code(1);
    let log = sarif(&dir);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let states: Vec<&str> = results
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(states, ["new", "unchanged"], "{results:#?}");
    assert!(results[0].get("suppressions").is_none());
    assert_eq!(results[1]["suppressions"][0]["kind"], "external");
}
