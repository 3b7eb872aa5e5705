//! Measures `vnetlint check` on generated Terraform plans and ARM templates.
//!
//! Usage: `cargo run --release --example bench_import -- [SPOKES...]`
//! (default 100 800). The inputs grow from the hand-written hub and spoke in
//! `tests/import/hub-and-spoke/`: the plan's `module.spoke["001"]` instance
//! is repeated with new names and prefixes, and the template's parameters
//! file lists one spoke per project (ARM loops stop at 800 copies). Prints,
//! per input and size: file size, wall time of import plus check, findings,
//! and the process's peak resident memory so far.

// A measuring tool: its output is the table it prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};
use vnetlint::engine::{check_paths, Settings};
use vnetlint::import::ArmOptions;
use vnetlint::load::ImportSettings;

const INPUTS: &str = "tests/import/hub-and-spoke";

/// Returns the spoke's second address octets: projects get 10.101 upward,
/// past 10.255 they continue in 11.0 and so on.
fn octets(i: usize) -> (usize, usize) {
    let n = 101 + i;
    (10 + n / 256, n % 256)
}

/// Renames the text of spoke 001 as spoke `i`.
fn respoke(text: &str, i: usize) -> String {
    let (a, b) = octets(i);
    text.replace("prj001", &format!("p{i:05}"))
        .replace("\\\"001\\\"", &format!("\\\"{i:05}\\\""))
        .replace("\"001\"", &format!("\"{i:05}\""))
        .replace("10.101.", &format!("{a}.{b}."))
}

/// Writes a plan with `spokes` instances of the spoke module.
fn plan(spokes: usize, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(format!("{INPUTS}/plan.json")).expect("the plan exists");
    let mut plan: Value = serde_json::from_str(&text).expect("the plan is JSON");
    let modules = plan["planned_values"]["root_module"]["child_modules"]
        .as_array_mut()
        .expect("child modules");
    let first = serde_json::to_string(&modules[0]).expect("serializes");
    *modules = (0..spokes)
        .map(|i| serde_json::from_str(&respoke(&first, i)).expect("valid JSON"))
        .collect();
    let changes = plan["resource_changes"].as_array_mut().expect("changes");
    let spoke: Vec<String> = changes
        .iter()
        .filter(|c| {
            c["address"]
                .as_str()
                .is_some_and(|a| a.starts_with("module.spoke[\"001\"]"))
        })
        .map(|c| serde_json::to_string(c).expect("serializes"))
        .collect();
    changes.retain(|c| {
        !c["address"]
            .as_str()
            .is_some_and(|a| a.starts_with("module.spoke["))
    });
    for i in 0..spokes {
        for change in &spoke {
            changes.push(serde_json::from_str(&respoke(change, i)).expect("valid JSON"));
        }
    }
    let path = dir.join(format!("plan-{spokes}.json"));
    std::fs::write(&path, serde_json::to_string(&plan).expect("serializes")).expect("write");
    path
}

/// Writes a parameters file that lists `spokes` projects.
fn parameters(spokes: usize, dir: &Path) -> PathBuf {
    let path = format!("{INPUTS}/azuredeploy.parameters.json");
    let text = std::fs::read_to_string(path).expect("the parameters exist");
    let mut doc: Value = serde_json::from_str(&text).expect("the parameters are JSON");
    let list: Vec<Value> = (0..spokes)
        .map(|i| {
            let (a, b) = octets(i);
            json!({
                "project": format!("p{i:05}"),
                "addressPrefix": format!("{a}.{b}.0.0/16"),
                "peSubnetPrefix": format!("{a}.{b}.1.0/24"),
                "trainingSubnetPrefix": format!("{a}.{b}.8.0/22"),
            })
        })
        .collect();
    doc["parameters"]["spokes"]["value"] = Value::Array(list);
    let path = dir.join(format!("parameters-{spokes}.json"));
    std::fs::write(&path, serde_json::to_string(&doc).expect("serializes")).expect("write");
    path
}

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn run(label: &str, spokes: usize, input: &Path, import: ImportSettings) {
    let bytes = std::fs::metadata(input).map_or(0, |m| m.len());
    let settings = Settings {
        import,
        ..Settings::default()
    };
    let start = Instant::now();
    let outcome = match check_paths(&[input.to_path_buf()], &settings) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("{label} {spokes}: {e}");
            return;
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "| {label} | {spokes} | {:.1} | {seconds:.2} | {} | {} |",
        bytes as f64 / 1e6,
        outcome.findings.len(),
        peak_rss_mib().map_or("?".into(), |m| m.to_string())
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 800]
    } else {
        sizes
    };
    let dir = std::env::temp_dir().join(format!("vnetlint-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the bench folder");
    println!("| input | spokes | file MB | import + check s | findings | peak RSS MiB |");
    println!("|---|---:|---:|---:|---:|---:|");
    for &spokes in &sizes {
        let path = plan(spokes, &dir);
        run("plan", spokes, &path, ImportSettings::default());
    }
    for &spokes in &sizes {
        let import = ImportSettings {
            parameters: Some(parameters(spokes, &dir)),
            arm: ArmOptions {
                location: Some("swedencentral".into()),
            },
            ..ImportSettings::default()
        };
        run(
            "template",
            spokes,
            Path::new(&format!("{INPUTS}/azuredeploy.json")),
            import,
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
