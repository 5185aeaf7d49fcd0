//! `cargo xtask test "synthetic resource"`: pmp-core's `synthetic-resource` feature declares
//! one more resource, of no real server, with its rows in exactly the files a new resource
//! edits (the list of README.md's "Adding a resource", which a test below compares with the
//! files that hold the feature's rows), and this step runs the checks derived from the
//! declaration with it on:
//!
//! - the OpenAPI documents and the demo's table are generated as a contributor adding a
//!   resource regenerates them (pmp-spec, into `target/synthetic/`), hold its six operations,
//!   and stay valid (swagger-parser: the OpenAPI schema and every `$ref`);
//! - pmp-core: the declaration's tests (the example a create every version takes), the
//!   catalogue's and the input validation's;
//! - the sandbox: its CRM table and seed, every path routed, every endpoint of every resource
//!   on every profile, the mixed load, the documents' examples against its answers;
//! - the spec: paths, parameters, bodies, schemas and references, the demo's tabs and forms;
//! - the Rust client: a method per endpoint, and every resource round-tripped through them;
//! - the npm package: the models' TypeScript declarations (pmp-wasm's `types` test), the
//!   generated catalogue, class, types' imports and its tests' table of resources (xtask's
//!   own tests).
//!
//! One debug `cargo test` of those targets only, with the workspace's feature set (as the
//! `rust tests` step builds it, so that no dependency is built again: only the workspace's
//! crates, for pmp-core's feature); neither the wasm nor the package is built.

use std::path::Path;

use crate::{cmd, spec};

/// The features that add the synthetic resource: pmp-core's, through the crates that hold a
/// row of it (the sandbox) or a test that cannot take it (the spec's committed files).
const FEATURES: &str = "pmp-sandbox/synthetic-resource,pmp-spec/synthetic-resource";

/// The test targets that walk the declaration (each name runs in the crates that have such a
/// target), besides the libraries' and xtask's unit tests.
const TARGETS: [&str; 8] = [
    "api",
    "mixed_load",
    "examples",
    "document",
    "resources",
    "catalogue",
    "validation",
    "types",
];

/// Where the documents and the demo's table of the synthetic declaration are written.
const OUT: &str = "target/synthetic";

pub fn run() -> Result<(), String> {
    let out = cmd::root().join(OUT);
    let _ = std::fs::remove_dir_all(&out); // an earlier run's documents must not pass for new ones
    let documents = out.join("openapi");
    cmd::run(
        cmd::cargo()
            .args([
                "run",
                "-q",
                "-p",
                "pmp-spec",
                "--features",
                "pmp-spec/synthetic-resource",
                "--",
            ])
            .arg(&documents)
            .arg(out.join("resources.js")),
    )?;
    has_one_more_resource(&documents)?;
    spec::validate(&pmp_spec_documents(&documents))?;
    let mut test = cmd::cargo();
    // The whole workspace's feature set (as `cargo test --workspace` builds it, so that no
    // dependency is built again), but only the targets below.
    test.args(["test", "--workspace", "--features", FEATURES]);
    test.args(["--no-fail-fast", "--lib", "--bin", "xtask"]);
    for target in TARGETS {
        test.args(["--test", target]);
    }
    // The sandbox's examples test reads these documents instead of the committed ones; the
    // declaration's test checks that it has the resource the feature adds.
    test.env("PMP_OPENAPI_DIR", &documents)
        .env("PMP_RESOURCE_COUNT", (pmp_core::Resource::COUNT + 1).to_string());
    cmd::run(&mut test)
}

/// The three documents written into `dir`.
fn pmp_spec_documents(dir: &Path) -> Vec<String> {
    ["pmp.openapi.json", "pmp.openapi.yaml", "pmp.openapi-3.0.json"]
        .iter()
        .map(|name| dir.join(name).to_string_lossy().into_owned())
        .collect()
}

/// The generated 3.1 document has six operations more than the declaration without the
/// feature: the feature did add a resource, and the spec followed it (besides the operations
/// of the endpoints beyond the six, which the feature leaves as they are).
fn has_one_more_resource(dir: &Path) -> Result<(), String> {
    let path = dir.join("pmp.openapi.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let operations: usize = doc["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .filter_map(|p| p.as_object())
            .map(|p| p.len())
            .sum()
    });
    let extras: usize = pmp_core::EXTRAS
        .iter()
        .map(|e| 1 + usize::from(e.row_operation_id().is_some()))
        .sum();
    let expected = (pmp_core::Resource::COUNT + 1) * 6 + extras;
    if operations == expected {
        Ok(())
    } else {
        Err(format!(
            "{}: {operations} operations, not {expected}: the synthetic resource is missing",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::cmd;

    /// The attribute on each of the synthetic resource's rows (built here, so that this file
    /// holds no such row).
    fn gate() -> String {
        format!("#[cfg(feature = \"{}\")]", "synthetic-resource")
    }

    /// Folders that are not the project's own sources: vendored, built or copied by tests.
    const SKIPPED: [&str; 6] = ["node_modules", "target", ".git", "out", "pkg", "docs"];

    /// The files that hold a row of the synthetic resource, relative to the root.
    fn gated_files() -> BTreeSet<String> {
        let root = cmd::root();
        let gate = gate();
        cmd::files_under(&root, &SKIPPED)
            .into_iter()
            .filter(|path| std::fs::read_to_string(path).is_ok_and(|text| text.contains(&gate)))
            .map(|path| {
                let relative = path.strip_prefix(&root).unwrap_or(&path);
                relative.to_string_lossy().replace('\\', "/")
            })
            .collect()
    }

    /// The paths listed (`- \`path\`...`) in the section of `text` under the heading
    /// `heading`, up to the next heading; `prefix` is stripped from each line first (`//! `).
    fn listed(text: &str, heading: &str, prefix: &str) -> BTreeSet<String> {
        let lines: Vec<&str> = text
            .lines()
            .map(|line| line.strip_prefix(prefix).unwrap_or(line).trim_end())
            .collect();
        let start = lines
            .iter()
            .position(|line| line.trim_start_matches('#').trim() == heading && line.starts_with('#'))
            .unwrap_or_else(|| panic!("no heading `{heading}`"));
        lines[start + 1..]
            .iter()
            .take_while(|line| !line.starts_with('#'))
            .filter_map(|line| line.strip_prefix("- `")?.split('`').next())
            .map(str::to_owned)
            .collect()
    }

    fn read(path: &str) -> String {
        std::fs::read_to_string(cmd::root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The files a new resource edits, as README.md and resources.rs list them, are exactly
    /// the files that hold the synthetic resource's rows: the list cannot leave out a file a
    /// resource needs (the synthetic one would then lack it, and the feature's tests fail), nor
    /// name one it does not.
    #[test]
    fn the_files_a_resource_edits_are_the_listed_ones() {
        let gated = gated_files();
        assert!(gated.len() >= 3, "the synthetic resource's rows: {gated:?}");
        let readme = listed(&read("README.md"), "Adding a resource", "");
        assert_eq!(
            readme, gated,
            "README.md's \"Adding a resource\" and the files of the rows"
        );
        let declaration = listed(
            &read("crates/pmp-core/src/resources.rs"),
            "Adding a resource",
            "//! ",
        );
        assert_eq!(
            declaration, gated,
            "resources.rs's \"Adding a resource\" and the files of the rows"
        );
    }

    #[test]
    fn the_list_is_read_from_its_section_only() {
        let text = "# Top\n- `a.rs`\n## Adding a resource\nThese:\n- `b.rs`: its row\n- `c.rs` too\n\
                    \n## Next\n- `d.rs`\n";
        let found: Vec<String> = listed(text, "Adding a resource", "").into_iter().collect();
        assert_eq!(found, ["b.rs", "c.rs"]);
        let doc = "//! # Adding a resource\n//! - `e.rs` (this file)\n//!\n//! # Other\n//! - `f.rs`\n";
        let found: Vec<String> = listed(doc, "Adding a resource", "//! ").into_iter().collect();
        assert_eq!(found, ["e.rs"]);
    }
}
