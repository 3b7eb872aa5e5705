//! Bad input never panics and never hangs: each case ends with one clear load
//! error (exit status 2) naming the file, line and column, or with a normal run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use vnetlint::engine::{check_text, Settings};

/// Maximum time of one run, even in a debug build on a busy machine.
const LIMIT: Duration = Duration::from_secs(20);

/// Creates an empty folder for one test, under the target folder's temporary space.
fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile_input")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test folder");
    dir
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), content).expect("write a test file");
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `vnetlint check ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_vnetlint"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("VNETLINT_LOG")
        .arg("check")
        .args(args)
        .timeout(LIMIT)
        .output()
        .expect("run vnetlint");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: start.elapsed(),
    };
    assert_ne!(run.code, 101, "vnetlint panicked:\n{}", run.stderr);
    assert_ne!(run.code, -1, "vnetlint was stopped after {LIMIT:?}");
    run
}

/// A load error as both formats show it.
struct LoadError {
    /// The one compact line, `path:line:col: message`.
    line: String,
    /// The human rendering without color.
    human: String,
}

/// Runs `args` in both formats and checks that loading stopped with exactly
/// one error: exit status 2, nothing on stdout, one compact line, one report.
fn load_error(dir: &Path, args: &[&str]) -> LoadError {
    let mut compact = vec!["--format", "compact"];
    compact.extend_from_slice(args);
    let run = check(dir, &compact);
    assert_eq!(
        run.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.took < LIMIT, "took {:?}", run.took);
    let line = run.stderr.trim_end().to_string();

    let mut human = vec!["--color", "never"];
    human.extend_from_slice(args);
    let run = check(dir, &human);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert_eq!(
        run.stderr.matches('×').count(),
        1,
        "one report: {}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "no color: {}", run.stderr);

    LoadError {
        line,
        human: run.stderr,
    }
}

/// Checks the compact line: `prefix` (path, line and column) then `message`.
#[track_caller]
fn assert_line(error: &LoadError, prefix: &str, message: &str) {
    let expected = format!("{prefix}: error[load-error] {message}");
    assert!(
        error.line.starts_with(&expected),
        "expected `{expected}`\nfound    `{}`",
        error.line
    );
}

#[track_caller]
fn assert_help(error: &LoadError, help: &str) {
    assert!(
        error.human.contains(help),
        "no `{help}` in:\n{}",
        error.human
    );
}

#[test]
fn yaml_syntax_error() {
    let dir = workdir("yaml_syntax_error");
    write(&dir, "t.yaml", "region: eastus\nvnets: [{name: v1}\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:2:8", "invalid YAML: unclosed bracket");
    assert_help(&error, "close it");
}

#[test]
fn unknown_key() {
    let dir = workdir("unknown_key");
    write(
        &dir,
        "t.yaml",
        "vnets:\n  - name: v1\n    adress_space: [10.0.0.0/16]\n",
    );
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:3:5", "unknown key `adress_space`");
    assert_help(&error, "did you mean `address_space`?");
}

#[test]
fn unknown_key_without_near_name_lists_the_keys() {
    let dir = workdir("unknown_key_without_near_name");
    write(
        &dir,
        "t.yaml",
        "gateways:\n  - {name: g, kind: vpn, vnet: v, zzz: 1}\n",
    );
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:2:35", "unknown key `zzz`");
    assert_help(&error, "valid keys here: name, kind");
}

#[test]
fn wrong_type() {
    let dir = workdir("wrong_type");
    write(
        &dir,
        "t.yaml",
        "vnets:\n  - name: v1\n    address_space: 5\n",
    );
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:3:20",
        "wrong type: expected a list, found `5`",
    );
    assert_help(&error, "write a list");
}

#[test]
fn wrong_scalar_type() {
    let dir = workdir("wrong_scalar_type");
    write(
        &dir,
        "t.yaml",
        "computes:\n  - {name: c, kind: cluster, max_nodes: many}\n",
    );
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:2:41",
        "wrong type: expected a whole number, found `many`",
    );
}

#[test]
fn invalid_enumerated_value() {
    let dir = workdir("invalid_enumerated_value");
    write(&dir, "t.yaml", "cloud: AzureCloudd\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:1:8", "invalid value `AzureCloudd`");
    assert_help(&error, "did you mean `AzureCloud`?");
}

#[test]
fn invalid_enumerated_value_in_flow_mapping() {
    let dir = workdir("invalid_enumerated_value_in_flow_mapping");
    write(&dir, "t.yaml", "computes:\n  - {name: c, kind: clustr}\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:2:21", "invalid value `clustr`");
    assert_help(&error, "did you mean `cluster`?");
}

#[test]
fn duplicate_mapping_key() {
    let dir = workdir("duplicate_mapping_key");
    write(&dir, "t.yaml", "region: eastus\nregion: westus\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:2:1", "duplicate key `region`");
    assert_help(&error, "remove one of the two entries");
}

#[test]
fn missing_required_key() {
    let dir = workdir("missing_required_key");
    write(&dir, "t.yaml", "vnets:\n  - address_space: [10.0.0.0/16]\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:2:5", "missing required key `name`");
    assert_help(&error, "add `name:` to this entry");
}

#[test]
fn missing_file() {
    let dir = workdir("missing_file");
    let error = load_error(&dir, &["nope.yaml"]);
    assert_line(&error, "nope.yaml", "cannot read: no such file or folder");
    assert_help(&error, "check the path");
}

#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;

    let dir = workdir("unreadable_file");
    write(&dir, "t.yaml", "region: eastus\n");
    let path = dir.join("t.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
        .expect("change the permission bits");
    if std::fs::read(&path).is_ok() {
        // Running as root: permission bits do not stop reads, so there is
        // nothing to test here.
        return;
    }
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml", "cannot read: permission denied");
    assert_help(&error, "make the file readable");
}

#[test]
fn folder_without_yaml() {
    let dir = workdir("folder_without_yaml");
    std::fs::create_dir_all(dir.join("empty")).expect("create a folder");
    write(&dir.join("empty"), "notes.txt", "not a topology");
    write(&dir.join("empty"), ".hidden.yaml", "region: eastus\n");
    let error = load_error(&dir, &["empty"]);
    assert_line(&error, "empty", "folder has no *.yaml or *.yml files");
}

#[test]
fn alias_bomb() {
    // The classic "billion laughs": ten levels of ten aliases each.
    let dir = workdir("alias_bomb");
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    write(&dir, "t.yaml", &text);
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:7:40",
        "aliases expand to more than 8000000 YAML nodes",
    );
    assert_help(&error, "--max-nodes");
}

#[test]
fn alias_bomb_in_valid_keys() {
    // Every key is valid: 300 VNets share 300 subnets that share 300 routes,
    // 27 million routes in all from a 50 KB file.
    let dir = workdir("alias_bomb_in_valid_keys");
    let route = "{address_prefix: 0.0.0.0/0, next_hop: Internet}";
    let routes = vec![route; 300].join(", ");
    let mut text = String::from("region: eastus\nvnets:\n  - name: v0\n");
    text.push_str("    address_space: [10.0.0.0/8]\n    subnets: &subnets\n");
    text.push_str(&format!(
        "      - {{name: s0, address_prefix: 10.0.0.0/24, route_table: &routes [{routes}]}}\n"
    ));
    for i in 1..300 {
        text.push_str(&format!(
            "      - {{name: s{i}, address_prefix: 10.0.0.0/24, route_table: *routes}}\n"
        ));
    }
    for i in 1..300 {
        text.push_str(&format!(
            "  - {{name: v{i}, address_space: [10.0.0.0/8], subnets: *subnets}}\n"
        ));
    }
    write(&dir, "t.yaml", &text);
    let start = Instant::now();
    let error = load_error(&dir, &["t.yaml"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert!(
        error
            .line
            .contains("aliases expand to more than 8000000 YAML nodes"),
        "{}",
        error.line
    );
    assert!(error.human.contains("*subnets"), "{}", error.human);
}

#[test]
fn too_many_aliases() {
    let dir = workdir("too_many_aliases");
    write(
        &dir,
        "t.yaml",
        "region: eastus\nvnets:\n  - {name: a, address_space: &s [10.0.0.0/16]}\n  - {name: b, address_space: *s}\n  - {name: c, address_space: *s}\n",
    );
    let error = load_error(&dir, &["--max-aliases", "1", "t.yaml"]);
    assert_line(&error, "t.yaml:5:30", "more than 1 aliases");
    assert_help(&error, "--max-aliases");
}

#[test]
fn one_anchor_reused_often_is_accepted() {
    let dir = workdir("one_anchor_reused_often");
    let mut text = String::from(
        "region: eastus\nvnets:\n  - {name: v0, address_space: [10.0.0.0/16], dns_servers: &dns [10.0.0.4]}\n",
    );
    for i in 1..=300 {
        text.push_str(&format!(
            "  - {{name: v{i}, address_space: [10.{}.{}.0/24], dns_servers: *dns}}\n",
            i / 256 + 1,
            i % 256
        ));
    }
    write(&dir, "t.yaml", &text);
    let run = check(&dir, &["--format", "compact", "t.yaml"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
}

#[test]
fn deep_nesting() {
    let dir = workdir("deep_nesting");
    let text = format!("region: {}1{}\n", "{a: ".repeat(100), "}".repeat(100));
    write(&dir, "t.yaml", &text);
    let error = load_error(&dir, &["t.yaml"]);
    // The 64th `{` opens the 65th level: the top-level mapping is the first.
    assert_line(&error, "t.yaml:1:261", "nesting deeper than 64 levels");
    assert_help(&error, "--max-depth");
}

#[test]
fn deep_brackets() {
    let dir = workdir("deep_brackets");
    let text = format!("vnets: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    write(&dir, "t.yaml", &text);
    let error = load_error(&dir, &["t.yaml"]);
    assert!(error.line.starts_with("t.yaml:1:"), "{}", error.line);
    assert!(
        error.line.contains("nested too deeply") || error.line.contains("nesting deeper"),
        "{}",
        error.line
    );
}

#[test]
fn nesting_past_a_small_max_depth() {
    let dir = workdir("nesting_past_a_small_max_depth");
    write(
        &dir,
        "t.yaml",
        "vnets:\n  - name: v\n    address_space: [10.0.0.0/16]\n",
    );
    let error = load_error(&dir, &["--max-depth", "2", "t.yaml"]);
    assert_line(&error, "t.yaml:2:5", "nesting deeper than 2 levels");
}

#[test]
fn huge_file() {
    // A sparse file one byte past the default limit: no disk or memory is used.
    let dir = workdir("huge_file");
    let file = std::fs::File::create(dir.join("t.yaml")).expect("create a file");
    file.set_len(64 * 1024 * 1024 + 1).expect("extend the file");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml",
        "file is 67108865 bytes, over the limit of 67108864 bytes",
    );
    assert_help(&error, "--max-file-bytes");
}

#[test]
fn file_past_a_small_max_file_bytes() {
    let dir = workdir("file_past_a_small_max_file_bytes");
    write(
        &dir,
        "t.yaml",
        format!("# {}\nregion: eastus\n", "x".repeat(200)),
    );
    let error = load_error(&dir, &["--max-file-bytes", "100", "t.yaml"]);
    assert_line(
        &error,
        "t.yaml",
        "file is 218 bytes, over the limit of 100 bytes",
    );
}

#[test]
fn endless_device_is_cut_at_the_limit() {
    let dir = workdir("endless_device");
    let error = load_error(&dir, &["--max-file-bytes", "1000", "/dev/zero"]);
    assert_line(&error, "/dev/zero", "file is over the limit of 1000 bytes");
}

#[test]
fn too_many_nodes() {
    let dir = workdir("too_many_nodes");
    let items = vec!["10.0.0.0/16"; 100].join(", ");
    write(
        &dir,
        "t.yaml",
        format!("vnets:\n  - name: v\n    address_space: [{items}]\n"),
    );
    let error = load_error(&dir, &["--max-nodes", "50", "t.yaml"]);
    assert_line(&error, "t.yaml:3:567", "more than 50 YAML nodes");
    assert_help(&error, "--max-nodes");
}

#[test]
fn invalid_utf8() {
    let dir = workdir("invalid_utf8");
    write(&dir, "t.yaml", b"region: \"\xff\xfe\"\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:1:10", "invalid UTF-8 at byte 9");
    assert_help(&error, "save the file as UTF-8");
}

#[test]
fn utf16_file() {
    let dir = workdir("utf16_file");
    let mut bytes = vec![0xff, 0xfe];
    for unit in "region: eastus\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    write(&dir, "t.yaml", bytes);
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:1:1", "invalid UTF-8 at byte 0");
}

#[test]
fn unsupported_version() {
    let dir = workdir("unsupported_version");
    write(&dir, "t.yaml", "version: 2\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:1:10", "unsupported format version 2");
    assert_help(&error, "set `version: 1`");
}

#[test]
fn different_clouds() {
    let dir = workdir("different_clouds");
    write(&dir, "a.yaml", "cloud: AzureCloud\n");
    write(
        &dir,
        "b.yaml",
        "region: chinaeast2\ncloud: AzureChinaCloud\n",
    );
    let error = load_error(&dir, &["a.yaml", "b.yaml"]);
    assert_line(
        &error,
        "b.yaml:2:8",
        "`cloud: AzureChinaCloud` differs from `cloud: AzureCloud` in a.yaml",
    );
    assert_help(&error, "use one cloud in every file of a run");
}

#[test]
fn file_without_cloud_is_azure_cloud() {
    let dir = workdir("file_without_cloud_is_azure_cloud");
    let vnet = "region: usgovvirginia\nvnets: [{name: vnet-a, address_space: [10.8.0.0/16]}]\n";
    write(&dir, "a.yaml", vnet);
    write(&dir, "b.yaml", "cloud: AzureUSGovernment\n");
    let error = load_error(&dir, &["a.yaml", "b.yaml"]);
    assert_line(
        &error,
        "b.yaml:1:8",
        "`cloud: AzureUSGovernment` differs from a.yaml, which sets no `cloud` and so is AzureCloud",
    );
    assert_help(
        &error,
        "set `cloud: AzureUSGovernment` in every file of the run",
    );

    // A file that declares nothing takes no side.
    write(&dir, "c.yaml", "# shared notes only\n");
    let run = check(&dir, &["--format", "compact", "c.yaml", "b.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn multiple_documents() {
    let dir = workdir("multiple_documents");
    write(&dir, "t.yaml", "region: eastus\n---\nregion: westus\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:2:1",
        "more than one YAML document in the file",
    );
}

#[test]
fn top_level_list() {
    let dir = workdir("top_level_list");
    write(&dir, "t.yaml", "# a list\n- a\n- b\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:2:1",
        "wrong type: expected a mapping, found a list",
    );
    assert_help(&error, "mapping of top-level keys");
}

#[test]
fn null_where_a_list_is_expected() {
    let dir = workdir("null_where_a_list_is_expected");
    write(&dir, "t.yaml", "region: eastus\nvnets:\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:2:6",
        "wrong type: expected a list, found nothing",
    );
    assert_help(&error, "write `[]` for an empty list");
}

#[test]
fn nul_byte() {
    let dir = workdir("nul_byte");
    write(&dir, "t.yaml", "region: east\0us\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(
        &error,
        "t.yaml:1:13",
        "invalid YAML: control character U+0000 is not allowed",
    );
}

#[test]
fn tab_indentation() {
    let dir = workdir("tab_indentation");
    write(&dir, "t.yaml", "vnets:\n\t- name: v1\n");
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:2:2", "invalid YAML: tabs disallowed");
    assert_help(&error, "indent with spaces");
}

#[test]
fn long_line_is_shown_as_a_window() {
    let dir = workdir("long_line_is_shown_as_a_window");
    let items = vec!["10.0.0.0/16"; 20_000].join(", ");
    write(
        &dir,
        "t.yaml",
        format!("vnets: [{{name: v, address_space: [{items}], bogus: 1}}]\n"),
    );
    let error = load_error(&dir, &["t.yaml"]);
    assert_line(&error, "t.yaml:1:260036", "unknown key `bogus`");
    assert!(error.human.contains("bogus: 1}]"), "{}", error.human);
    let widest = error.human.lines().map(|l| l.chars().count()).max();
    assert!(widest < Some(120), "{}", error.human);
}

#[test]
fn long_value_is_cut_in_the_message() {
    let dir = workdir("long_value_is_cut_in_the_message");
    write(&dir, "t.yaml", format!("cloud: {}\n", "x".repeat(100_000)));
    let error = load_error(&dir, &["t.yaml"]);
    assert!(error.line.len() < 120, "{}", error.line);
    assert!(error.line.ends_with("…`"), "{}", error.line);
}

#[test]
fn symlink_loop_in_a_folder() {
    let dir = workdir("symlink_loop_in_a_folder");
    std::fs::create_dir_all(dir.join("topo")).expect("create a folder");
    write(&dir.join("topo"), "a.yaml", "region: eastus\n");
    std::os::unix::fs::symlink("loop.yaml", dir.join("topo/loop.yaml")).expect("link");
    let error = load_error(&dir, &["topo"]);
    assert_line(
        &error,
        "topo/loop.yaml",
        "cannot read: too many levels of symbolic links",
    );
}

#[test]
fn symlink_to_a_parent_folder_is_not_followed() {
    let dir = workdir("symlink_to_a_parent_folder");
    std::fs::create_dir_all(dir.join("topo")).expect("create a folder");
    write(&dir.join("topo"), "a.yaml", "region: eastus\n");
    std::os::unix::fs::symlink("..", dir.join("topo/up")).expect("link");
    std::os::unix::fs::symlink(".", dir.join("topo/self.yaml")).expect("link");
    let run = check(&dir, &["--format", "compact", "topo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 file checked"), "{}", run.stdout);
}

#[test]
fn named_pipe_in_a_folder() {
    let dir = workdir("named_pipe_in_a_folder");
    std::fs::create_dir_all(dir.join("topo")).expect("create a folder");
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("topo/pipe.yaml"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return;
    }
    let error = load_error(&dir, &["topo"]);
    assert_line(&error, "topo/pipe.yaml", "is not a regular file");
}

#[test]
fn file_named_twice_is_read_once() {
    let dir = workdir("file_named_twice_is_read_once");
    std::fs::create_dir_all(dir.join("topo")).expect("create a folder");
    write(
        &dir.join("topo"),
        "a.yaml",
        "region: eastus\nvnets: [{name: vnet-a, address_space: [10.0.0.0/16]}]\n",
    );
    let run = check(&dir, &["--format", "compact", "topo", "topo/a.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("1 file checked"), "{}", run.stdout);
}

const CLEAN: &[i32] = &[0];
const FINDING: &[i32] = &[1];
const LOAD_ERROR: &[i32] = &[2];
/// A normal run whose result depends on rules outside loading.
const CHECKED: &[i32] = &[0, 1];

/// Inputs that are odd but not necessarily wrong. Each must end with a
/// normal run (0 or 1) or one load error (2) in time, never a panic.
#[test]
fn odd_inputs_end_cleanly() {
    let long_name = "n".repeat(2_000_000);
    let long_comment = format!("# {}\nregion: eastus\n", "c".repeat(2_000_000));
    let long_key = format!("{}: 1\n", "k".repeat(5_000));
    let cases: Vec<(&str, Vec<u8>, &[i32])> = vec![
        ("empty", b"".to_vec(), CLEAN),
        ("only comments", b"# nothing here\n# at all\n".to_vec(), CLEAN),
        ("document start only", b"---\n".to_vec(), CLEAN),
        ("document start and end", b"---\n...\n".to_vec(), CLEAN),
        ("null document", b"null\n".to_vec(), CLEAN),
        ("tilde document", b"~\n".to_vec(), CLEAN),
        ("flow mapping document", b"{region: eastus}\n".to_vec(), CLEAN),
        ("directive", b"%YAML 1.2\n---\nregion: eastus\n".to_vec(), CLEAN),
        ("unknown YAML version", b"%YAML 9.9\n---\nregion: eastus\n".to_vec(), LOAD_ERROR),
        ("two documents", b"region: a\n---\nregion: b\n".to_vec(), LOAD_ERROR),
        ("top-level list", b"- a\n- b\n".to_vec(), LOAD_ERROR),
        ("top-level scalar", b"hello\n".to_vec(), LOAD_ERROR),
        ("top-level number", b"42\n".to_vec(), LOAD_ERROR),
        ("binary tag", b"!!binary aGVsbG8=\n".to_vec(), LOAD_ERROR),
        ("tab after colon", b"region:\teastus\n".to_vec(), CLEAN),
        ("tab indentation", b"vnets:\n\t- name: v\n".to_vec(), LOAD_ERROR),
        ("byte order mark", b"\xef\xbb\xbfregion: eastus\n".to_vec(), CLEAN),
        ("byte order mark then error", b"\xef\xbb\xbfregion: eastus\nfoo: 1\n".to_vec(), LOAD_ERROR),
        ("second byte order mark", b"\xef\xbb\xbfregion: \xef\xbb\xbfeastus\n".to_vec(), LOAD_ERROR),
        (
            "CRLF line endings",
            b"region: eastus\r\nvnets:\r\n  - name: vnet-a\r\n    address_space: [10.0.0.0/16]\r\n"
                .to_vec(),
            CLEAN,
        ),
        ("CR line endings", b"region: eastus\rvnets: []\r".to_vec(), CLEAN),
        ("NUL byte", b"region: east\0us\n".to_vec(), LOAD_ERROR),
        ("NUL line", b"region: eastus\n\0\n".to_vec(), LOAD_ERROR),
        ("bell character", b"region: east\x07us\n".to_vec(), LOAD_ERROR),
        ("very long value", format!("region: {long_name}\n").into_bytes(), CLEAN),
        ("very long comment", long_comment.into_bytes(), CLEAN),
        ("very long key", long_key.into_bytes(), LOAD_ERROR),
        ("number key", b"1: x\n".to_vec(), LOAD_ERROR),
        ("number key in a subnet", b"vnets:\n  - name: v\n    address_space: [10.0.0.0/16]\n    subnets: [{1: 2}]\n".to_vec(), LOAD_ERROR),
        ("complex key", b"? [a, b]\n: c\n".to_vec(), LOAD_ERROR),
        ("null list", b"vnets: null\n".to_vec(), LOAD_ERROR),
        ("tilde list", b"vnets: ~\n".to_vec(), LOAD_ERROR),
        ("empty list item", b"vnets:\n  -\n".to_vec(), LOAD_ERROR),
        ("null name", b"vnets:\n  - name: ~\n    address_space: [10.0.0.0/16]\n".to_vec(), LOAD_ERROR),
        ("list where a value belongs", b"region: [a]\n".to_vec(), LOAD_ERROR),
        ("mapping where a value belongs", b"region: {a: b}\n".to_vec(), LOAD_ERROR),
        ("number where a name belongs", b"region: 5\n".to_vec(), CLEAN),
        ("quoted version", b"version: \"1\"\n".to_vec(), CLEAN),
        ("version 1.5", b"version: 1.5\n".to_vec(), LOAD_ERROR),
        ("negative version", b"version: -1\n".to_vec(), LOAD_ERROR),
        ("huge version", b"version: 99999999999999999999999\n".to_vec(), LOAD_ERROR),
        ("block scalar enum", b"cloud: |\n  AzureCloud\n".to_vec(), LOAD_ERROR),
        ("tagged value", b"region: !custom eastus\n".to_vec(), CLEAN),
        ("wrong core tag", b"region: !!int eastus\n".to_vec(), LOAD_ERROR),
        (
            "merge key",
            b"region: eastus\nvnets:\n  - &base\n    name: v1\n    address_space: [10.0.0.0/16]\n  - <<: *base\n    name: v2\n    address_space: [10.1.0.0/16]\n"
                .to_vec(),
            CLEAN,
        ),
        ("merge of a list of scalars", b"vnets:\n  - <<: [1, 2]\n    name: v\n".to_vec(), LOAD_ERROR),
        ("merge of an unknown anchor", b"vnets:\n  - <<: *nope\n    name: v\n".to_vec(), LOAD_ERROR),
        (
            "anchor reused under another kind",
            b"region: eastus\nstorage_accounts:\n  - &s {name: st1}\nkey_vaults:\n  - *s\n".to_vec(),
            CLEAN,
        ),
        (
            "anchor reused as a second VNet",
            b"region: eastus\nvnets:\n  - &v {name: v1, address_space: [10.0.0.0/16]}\n  - *v\n"
                .to_vec(),
            // A duplicate name is a finding once a rule reports it.
            CHECKED,
        ),
        (
            "anchored value used as a name",
            b"region: &r eastus\nvnets:\n  - {name: *r, address_space: [10.0.0.0/16]}\n".to_vec(),
            CLEAN,
        ),
        ("recursive alias", b"vnets: &a [*a]\n".to_vec(), LOAD_ERROR),
        ("unknown anchor", b"vnets:\n  - name: *nope\n".to_vec(), LOAD_ERROR),
        (
            // Azure rejects these names, so `invalid-name` reports them: the run ends normally.
            "unicode names",
            "region: eastus\nvnets:\n  - name: vnet-日本語-🚀\n    address_space: [10.0.0.0/16]\n    subnets:\n      - {name: ŝnet, address_prefix: 10.0.1.0/24}\n"
                .as_bytes()
                .to_vec(),
            CHECKED,
        ),
        (
            "unicode overlap",
            "region: eastus\nvnets:\n  - name: vnet-日本語\n    address_space: [10.0.0.0/16]\n    subnets:\n      - {name: ŝ1, address_prefix: 10.0.1.0/24}\n      - {name: ŝ2, address_prefix: 10.0.1.0/25}\n"
                .as_bytes()
                .to_vec(),
            FINDING,
        ),
        ("unicode unknown key", "vnets:\n  - name: 日本\n    ädress_space: []\n".as_bytes().to_vec(), LOAD_ERROR),
        ("right-to-left mark", "region: east\u{200f}us\n".as_bytes().to_vec(), CLEAN),
        ("unclosed quote", b"region: \"eastus\n".to_vec(), LOAD_ERROR),
        ("unclosed bracket at the end", b"vnets: [".to_vec(), LOAD_ERROR),
        ("bad indentation", b"region: eastus\n  bad: indent\n".to_vec(), LOAD_ERROR),
        ("colon only", b":\n".to_vec(), LOAD_ERROR),
        ("dash only", b"-\n".to_vec(), LOAD_ERROR),
        ("bare anchor", b"&a\n".to_vec(), CLEAN),
        ("bare alias", b"*a\n".to_vec(), LOAD_ERROR),
        ("question mark", b"?\n".to_vec(), LOAD_ERROR),
        ("flow with trailing comma", b"region: eastus\nvnets: [{name: vnet-a, address_space: [10.0.0.0/16],},]\n".to_vec(), CLEAN),
        ("prefix that does not parse", b"vnets: [{name: v, address_space: [banana]}]\n".to_vec(), CHECKED),
    ];

    let dir = workdir("odd_inputs_end_cleanly");
    let mut failures = Vec::new();
    for (i, (what, bytes, expected)) in cases.iter().enumerate() {
        let name = format!("case{i}.yaml");
        write(&dir, &name, bytes);
        let run = check(&dir, &["--format", "compact", &name]);
        let lines = run.stderr.lines().count();
        let ok = expected.contains(&run.code)
            && run.took < LIMIT
            && (run.code != 2 || (lines == 1 && run.stderr.starts_with(&name)));
        if !ok {
            failures.push(format!(
                "{what}: exit {} (expected {expected:?}) in {:?}\n{}{}",
                run.code, run.took, run.stdout, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small deterministic generator (xorshift64).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Applies one to four random edits to `bytes`.
fn mutate(bytes: &mut Vec<u8>, random: &mut XorShift) {
    const INSERTS: &[&[u8]] = &[
        b":", b"-", b"[", b"&a", b"*a", b"{", b"\n", b" ", b"'", b"\"",
    ];
    for _ in 0..=random.below(4) {
        let at = random.below(bytes.len());
        match random.below(4) {
            0 if !bytes.is_empty() => {
                let end = (at + 1 + random.below(8)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 if !bytes.is_empty() => {
                let end = (at + 1 + random.below(16)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = random.below(bytes.len());
                bytes.splice(to..to, copy);
            }
            2 if bytes.len() > 1 => {
                let other = random.below(bytes.len());
                bytes.swap(at, other);
            }
            _ => {
                let insert = INSERTS[random.below(INSERTS.len())];
                bytes.splice(at..at, insert.iter().copied());
            }
        }
    }
}

/// The library never panics on a mutated copy of the contract example.
#[test]
fn mutated_contract_example_never_panics() {
    let original = include_bytes!("../fixtures/contract-example.yaml");
    let settings = Settings::default();
    let start = Instant::now();
    let mut cases = 0;
    for seed in 1..=3000u64 {
        // Stop early on a slow machine rather than making the suite slow.
        if start.elapsed() > Duration::from_secs(8) {
            break;
        }
        let mut random = XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut bytes = original.to_vec();
        mutate(&mut bytes, &mut random);
        // Files are checked for UTF-8 before parsing, so the parser only sees text.
        let text = String::from_utf8_lossy(&bytes);
        let result = std::panic::catch_unwind(|| {
            let _ = check_text("mutated.yaml", &text, &settings);
        });
        assert!(result.is_ok(), "seed {seed} panicked on:\n{text}");
        cases += 1;
    }
    assert!(cases >= 500, "only {cases} cases ran");
}

/// A minified file puts every value on one line, so a finding's labels sit
/// far to the right and far apart. The human report shows a window of the
/// line around each one.
#[test]
fn findings_on_one_very_long_line() {
    let dir = workdir("findings_on_one_very_long_line");
    let mut vnets: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r#"{{"name": "v{i}", "address_space": ["10.{}.{}.0/24"]}}"#,
                i / 256,
                i % 256
            )
        })
        .collect();
    vnets.push(r#"{"name": "v0", "address_space": ["10.200.0.0/33"]}"#.into());
    let text = format!(
        r#"{{"version": 1, "region": "eastus2", "vnets": [{}]}}"#,
        vnets.join(", ")
    );
    write(&dir, "minified.json", &text);
    let run = check(&dir, &["minified.json", "--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("duplicate-name"), "{}", run.stdout);
    assert!(run.stdout.contains("minified.json:1:56]"), "{}", run.stdout);
    let longest = run.stdout.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 400, "a line of {longest} bytes was printed");
}
