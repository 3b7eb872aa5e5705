//! The command-line contract: exit status, color, help and the look of load errors.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

const CLEAN: &str = "\
region: eastus
vnets:
  - name: vnet-a
    address_space: [10.0.0.0/16]
    subnets:
      - {name: snet-a, address_prefix: 10.0.1.0/24}
";

/// Two subnets of one VNet that overlap: a `subnet-overlap` error.
const OVERLAP: &str = "\
region: eastus
vnets:
  - name: vnet-a
    address_space: [10.0.0.0/16]
    subnets:
      - {name: snet-a, address_prefix: 10.0.1.0/24}
      - {name: snet-b, address_prefix: 10.0.1.0/25}
";

/// Creates an empty folder for one test, under the target folder's temporary space.
fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    dir
}

fn write(dir: &Path, name: &str, content: &str) {
    std::fs::write(dir.join(name), content).expect("write a test file");
}

/// `vnetlint` run in `dir`, with no color or log settings from the caller's
/// environment.
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
    String::from_utf8_lossy(&cmd.output().expect("run vnetlint").stdout).into_owned()
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&cmd.output().expect("run vnetlint").stderr).into_owned()
}

#[test]
fn clean_file_exits_0() {
    let dir = workdir("clean_file_exits_0");
    write(&dir, "t.yaml", CLEAN);
    vnetlint(&dir)
        .args(["check", "--format", "compact", "t.yaml"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("0 errors"));
}

#[test]
fn empty_and_comment_only_files_are_empty_topologies() {
    let dir = workdir("empty_and_comment_only");
    write(&dir, "empty.yaml", "");
    write(&dir, "comments.yaml", "# nothing yet\n");
    vnetlint(&dir)
        .args([
            "check",
            "--format",
            "compact",
            "empty.yaml",
            "comments.yaml",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("2 files checked"));
}

#[test]
fn error_finding_exits_1() {
    let dir = workdir("error_finding_exits_1");
    write(&dir, "t.yaml", OVERLAP);
    vnetlint(&dir)
        .args(["check", "--format", "compact", "t.yaml"])
        .assert()
        .code(1)
        .stdout(
            predicates::str::contains("t.yaml:7:")
                .and(predicates::str::contains("error[subnet-overlap]")),
        );
}

#[test]
fn folder_is_read_as_one_design() {
    let dir = workdir("folder_is_read_as_one_design");
    std::fs::create_dir_all(dir.join("topo/nested")).expect("create folders");
    write(&dir, "topo/nested/overlap.yml", OVERLAP);
    write(&dir, "topo/readme.txt", "not read");
    vnetlint(&dir)
        .args(["check", "--format", "compact", "topo"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("1 file checked"));
}

#[test]
fn bad_arguments_exit_2() {
    let dir = workdir("bad_arguments_exit_2");
    write(&dir, "t.yaml", CLEAN);
    let cases: &[&[&str]] = &[
        &[],
        &["bogus"],
        &["check"],
        &["check", "--format", "xml", "t.yaml"],
        &["check", "--color", "sometimes", "t.yaml"],
        &["check", "--today", "2024-13-40", "t.yaml"],
        &["check", "--max-nodes", "-1", "t.yaml"],
        &["check", "--max-depth", "many", "t.yaml"],
        &["check", "--no-such-option", "t.yaml"],
    ];
    for args in cases {
        let output = vnetlint(&dir).args(*args).output().expect("run vnetlint");
        assert_eq!(output.status.code(), Some(2), "vnetlint {args:?}");
        assert!(!output.stderr.is_empty(), "vnetlint {args:?} said nothing");
    }
}

#[test]
fn color_never_has_no_escape_codes() {
    let dir = workdir("color_never");
    write(&dir, "t.yaml", OVERLAP);
    write(&dir, "bad.yaml", "cloud: AzureCloudd\n");
    let out = stdout_of(vnetlint(&dir).args(["check", "--color", "never", "t.yaml"]));
    assert!(out.contains("subnet-overlap"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    let err = stderr_of(vnetlint(&dir).args(["check", "--color", "never", "bad.yaml"]));
    assert!(err.contains("AzureCloudd"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn no_color_turns_auto_off() {
    let dir = workdir("no_color");
    write(&dir, "t.yaml", OVERLAP);
    write(&dir, "bad.yaml", "cloud: AzureCloudd\n");
    let out = stdout_of(
        vnetlint(&dir)
            .env("NO_COLOR", "1")
            .args(["check", "--color", "auto", "t.yaml"]),
    );
    assert!(out.contains("subnet-overlap"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    let err = stderr_of(
        vnetlint(&dir)
            .env("NO_COLOR", "1")
            .args(["check", "--color", "auto", "bad.yaml"]),
    );
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn color_always_has_escape_codes() {
    let dir = workdir("color_always");
    write(&dir, "t.yaml", OVERLAP);
    write(&dir, "bad.yaml", "cloud: AzureCloudd\n");
    let out = stdout_of(
        vnetlint(&dir)
            .env("NO_COLOR", "1")
            .args(["check", "--color", "always", "t.yaml"]),
    );
    assert!(out.contains('\u{1b}'), "{out}");
    let err = stderr_of(vnetlint(&dir).args(["check", "--color", "always", "bad.yaml"]));
    assert!(err.contains('\u{1b}'), "{err}");
}

#[test]
fn compact_load_error_is_one_line() {
    let dir = workdir("compact_load_error_is_one_line");
    write(&dir, "t.yaml", "vnets:\n  - name: v\n    subnetz: []\n");
    vnetlint(&dir)
        .args(["check", "--format", "compact", "t.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("t.yaml:3:5: error[load-error] unknown key `subnetz`\n");
}

#[test]
fn help() {
    let dir = workdir("help");
    let out = stdout_of(vnetlint(&dir).arg("--help"));
    insta::assert_snapshot!("help", out);
    vnetlint(&dir).arg("--help").assert().code(0);
}

#[test]
fn check_help() {
    let dir = workdir("check_help");
    let out = stdout_of(vnetlint(&dir).args(["check", "--help"]));
    insta::assert_snapshot!("check_help", out);
    vnetlint(&dir).args(["check", "--help"]).assert().code(0);
}

/// The human rendering of a load error, as a person sees it.
fn human_load_error(test: &str, content: &str) -> String {
    let dir = workdir(test);
    write(&dir, "topology.yaml", content);
    let output = vnetlint(&dir)
        .args(["check", "--color", "never", "topology.yaml"])
        .output()
        .expect("run vnetlint");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn human_unknown_key() {
    let text = "region: eastus\nvnets:\n  - name: vnet-a\n    adress_space: [10.0.0.0/16]\n";
    insta::assert_snapshot!(
        "human_unknown_key",
        human_load_error("human_unknown_key", text)
    );
}

#[test]
fn human_invalid_value() {
    let text = "region: eastus\nvnets:\n  - name: vnet-a\n    address_space: [10.0.0.0/16]\n    subnets:\n      - name: snet-pe\n        address_prefix: 10.0.1.0/24\n        private_endpoint_network_policies: disabld\n";
    insta::assert_snapshot!(
        "human_invalid_value",
        human_load_error("human_invalid_value", text)
    );
}

#[test]
fn human_wrong_type() {
    let text = "region: eastus\nvnets:\n  - name: vnet-a\n    address_space:\n    subnets: []\n";
    insta::assert_snapshot!(
        "human_wrong_type",
        human_load_error("human_wrong_type", text)
    );
}
