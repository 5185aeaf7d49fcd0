//! Embeds pmp-core's fixtures (the PMP document's example responses) as the document's
//! examples, so that `pmp_spec::openapi()` needs no files at run time.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pmp-core/tests/fixtures");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read fixtures in {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    let mut code = String::from("/// `(file stem, JSON text)` of every fixture, sorted by name.\n");
    code.push_str("static FIXTURES: &[(&str, &str)] = &[\n");
    for path in names {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let full = path.canonicalize().unwrap();
        writeln!(
            code,
            "    ({stem:?}, include_str!({:?})),",
            full.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("fixtures.rs");
    std::fs::write(out, code).unwrap();
}
