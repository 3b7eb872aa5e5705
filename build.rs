//! Embeds the rule pages of `rules/` in the binary, so that `vnetlint explain`
//! works outside the repository.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // For a folder, Cargo reruns the script when any file under it changes.
    println!("cargo:rerun-if-changed=rules");

    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let rules_dir = Path::new(&manifest_dir).join("rules");
    let mut pages: Vec<String> = std::fs::read_dir(&rules_dir)
        .expect("read the rules/ folder")
        .map(|entry| entry.expect("read an entry of rules/").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| {
            let id = path.file_stem().expect("a page has a file name");
            id.to_str().expect("rule ids are UTF-8").to_string()
        })
        .collect();
    pages.sort();

    let mut code = String::from("/// Rule pages as (rule id, Markdown text), sorted by id.\n");
    code.push_str("pub(crate) static PAGES: &[(&str, &str)] = &[\n");
    // The path is built when the crate compiles, not here: a target folder
    // shared by two checkouts must not embed the pages of the other one.
    for id in &pages {
        writeln!(
            code,
            "    ({id:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{id}.md\"))),"
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");

    let out_dir = std::env::var("OUT_DIR").expect("Cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("rule_pages.rs"), code).expect("write rule_pages.rs");
}
