//! The READMEs show the examples that `cargo test` (examples/reqwest.rs) and the wasm step
//! (examples/gloo.rs) compile, character for character.

use std::path::Path;

/// An example's code as the README shows it: without its `//!` header, up to the line
/// `// (not in the README)`.
fn shown(example: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let code: Vec<&str> = text
        .lines()
        .skip_while(|l| l.starts_with("//!"))
        .take_while(|l| *l != "// (not in the README)")
        .collect();
    code.join("\n")
}

#[test]
fn the_readmes_show_the_compiled_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for readme in [root.join("README.md"), root.join("../../README.md")] {
        let text = std::fs::read_to_string(&readme).unwrap_or_else(|e| panic!("{}: {e}", readme.display()));
        for example in ["reqwest.rs", "gloo.rs"] {
            let code = shown(example);
            assert!(code.lines().count() >= 8, "{example} is shown whole");
            assert!(
                text.contains(&format!("```rust\n{code}\n```")),
                "{} does not show examples/{example} as it is:\n{code}",
                readme.display()
            );
        }
    }
}
