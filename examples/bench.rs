//! Measures `vnetlint check` on generated hub-and-spoke topologies.
//!
//! Usage: `cargo run --release --example bench -- [SPOKES...]` (default
//! 100 1000 10000). Each spoke is one project: a VNet peered both ways with
//! the hub, a workspace with storage, key vault and registry behind private
//! endpoints registered in the hub's zones, and a compute cluster. Spokes
//! resolve through the hub's DNS Private Resolver and use its VPN gateway.
//! Prints, per size: file size, YAML nodes, wall time of load plus check,
//! findings, and the process's peak resident memory so far. With `BENCH_KEEP`
//! set in the environment, the generated files are kept and their folder printed.

// A measuring tool: its output is the table it prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

use vnetlint::engine::{check_paths, Settings};
use vnetlint::load::Budgets;

/// Writes the hub and `spokes` project spokes as one topology file.
fn hub_and_spoke(spokes: usize) -> String {
    let mut yaml = String::from(
        "version: 1\nregion: eastus2\n\nvnets:\n  - name: vnet-hub\n    address_space: [10.0.0.0/16]\n    subnets:\n      - {name: GatewaySubnet, address_prefix: 10.0.0.0/27}\n      - {name: snet-dns-inbound, address_prefix: 10.0.1.0/28, delegation: Microsoft.Network/dnsResolvers}\n",
    );
    for i in 0..spokes {
        let (a, b) = (11 + i / 256, i % 256);
        let _ = writeln!(
            yaml,
            "  - name: vnet-p{i}\n    address_space: [{a}.{b}.0.0/16]\n    dns_servers: [10.0.1.4]\n    subnets:\n      - {{name: snet-pe, address_prefix: {a}.{b}.1.0/24}}\n      - {{name: snet-training, address_prefix: {a}.{b}.2.0/24}}"
        );
    }
    yaml.push_str("\ngateways: [{name: vpngw-hub, kind: vpn, vnet: vnet-hub}]\ndns_resolvers: [{name: dnspr-hub, vnet: vnet-hub, inbound_subnet: vnet-hub/snet-dns-inbound, inbound_ip: 10.0.1.4}]\n\npeerings:\n");
    for i in 0..spokes {
        let _ = writeln!(
            yaml,
            "  - {{from: vnet-hub, to: vnet-p{i}, allow_gateway_transit: true}}\n  - {{from: vnet-p{i}, to: vnet-hub, use_remote_gateways: true}}"
        );
    }
    yaml.push_str("\nworkspaces:\n");
    for i in 0..spokes {
        let _ = writeln!(
            yaml,
            "  - {{name: mlw-p{i}, storage_account: stp{i}, key_vault: kv-p{i}, container_registry: crproj{i}, public_network_access: Disabled, image_build_compute: cpu-p{i}}}"
        );
    }
    for (list, prefix) in [
        ("storage_accounts", "stp"),
        ("key_vaults", "kv-p"),
        ("container_registries", "crproj"),
    ] {
        let _ = writeln!(yaml, "{list}:");
        for i in 0..spokes {
            let _ = writeln!(
                yaml,
                "  - {{name: {prefix}{i}, public_network_access: Disabled}}"
            );
        }
    }
    yaml.push_str("computes:\n");
    for i in 0..spokes {
        let _ = writeln!(yaml, "  - {{name: cpu-p{i}, kind: cluster, workspace: mlw-p{i}, subnet: vnet-p{i}/snet-training, max_nodes: 4}}");
    }
    yaml.push_str("private_endpoints:\n");
    for i in 0..spokes {
        let endpoints = [
            (
                "mlw",
                format!("mlw-p{i}"),
                "amlworkspace",
                "[privatelink.api.azureml.ms, privatelink.notebooks.azure.net]",
            ),
            (
                "blob",
                format!("stp{i}"),
                "blob",
                "[privatelink.blob.core.windows.net]",
            ),
            (
                "file",
                format!("stp{i}"),
                "file",
                "[privatelink.file.core.windows.net]",
            ),
            (
                "kv",
                format!("kv-p{i}"),
                "vault",
                "[privatelink.vaultcore.azure.net]",
            ),
            (
                "cr",
                format!("crproj{i}"),
                "registry",
                "[privatelink.azurecr.io]",
            ),
        ];
        for (short, target, group, zones) in endpoints {
            let _ = writeln!(
                yaml,
                "  - {{name: pe-{short}-p{i}, subnet: vnet-p{i}/snet-pe, target: {target}, group: {group}, dns_zones: {zones}}}"
            );
        }
    }
    yaml.push_str("private_dns_zones:\n");
    for zone in [
        "privatelink.api.azureml.ms",
        "privatelink.notebooks.azure.net",
        "privatelink.blob.core.windows.net",
        "privatelink.file.core.windows.net",
        "privatelink.vaultcore.azure.net",
        "privatelink.azurecr.io",
    ] {
        let _ = writeln!(yaml, "  - {{name: {zone}, vnet_links: [vnet-hub]}}");
    }
    yaml
}

/// Returns the peak resident set size of this process in MiB (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 10_000]
    } else {
        sizes
    };
    let dir = std::env::temp_dir().join(format!("vnetlint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let settings = Settings {
        budgets: Budgets {
            max_nodes: 20_000_000,
            ..Budgets::default()
        },
        ..Settings::default()
    };

    println!("| spokes | file MB | load + check s | findings | peak RSS MiB |");
    println!("|---:|---:|---:|---:|---:|");
    for spokes in sizes {
        let yaml = hub_and_spoke(spokes);
        let path = dir.join(format!("hub-{spokes}.yaml"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(yaml.as_bytes()))
            .expect("write topology");

        let start = Instant::now();
        let outcome = match check_paths(std::slice::from_ref(&path), &settings) {
            Ok(outcome) => outcome,
            Err(e) => {
                eprintln!("{spokes} spokes: {e}");
                continue;
            }
        };
        let seconds = start.elapsed().as_secs_f64();
        let rss = peak_rss_mib().map_or("?".into(), |m| format!("{m:.0}"));
        println!(
            "| {spokes} | {:.1} | {seconds:.2} | {} | {rss} |",
            yaml.len() as f64 / 1e6,
            outcome.findings.len()
        );
    }
    if std::env::var_os("BENCH_KEEP").is_some() {
        eprintln!("generated topologies kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
