//! `cargo xtask wire`: copies the exchanges recorded from real servers, and the summary of what
//! they show, from the project's shared notes into `wire/`, the only place tests read them from.
//!
//! The notes live outside the repository (`../shared` beside a clone, or `--from DIR`); a clone
//! must build and pass its tests without them, so the copy is committed and refreshed by this
//! step when newer recordings arrive. The copy is the notes' text with the links that point
//! outside `wire/` rewritten and a header saying what the folder is.

use std::path::{Path, PathBuf};

use crate::cmd;

/// The recordings, one per module version, copied byte for byte.
pub const RECORDINGS: [&str; 3] = [
    pmp_core::ModuleVersion::V1.recording(),
    pmp_core::ModuleVersion::V2.recording(),
    pmp_core::ModuleVersion::V3.recording(),
];

/// The summary of the recordings, kept under its own name so that docs can cite it.
pub const FACTS: &str = "PMP-WIRE-FACTS.md";

const HEADER: &str =
    "<!-- Copied from the project's shared notes by `cargo xtask wire`: edit there, not here. -->

This folder is **test data**: what real PMP servers answered, recorded once per module version.
The tests of every crate and of the npm package read it from here and from nowhere else;
`PMP-WIRE-FACTS.md` beside it summarises what the recordings show. When the code, a test or the
OpenAPI document disagrees with a recording, the recording is right.

";

/// The folder the tests read.
pub fn dir() -> PathBuf {
    cmd::root().join("wire")
}

/// Runs the step: `--from DIR` names the shared notes (default `../shared` beside the clone).
pub fn run(args: &[String]) -> Result<(), String> {
    let from = match args {
        [] => cmd::root().join("../shared"),
        [flag, dir] if flag == "--from" => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask wire [--from DIR]".to_owned()),
    };
    copy(&from, &dir())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    let source = from.join("wire");
    if !source.join(RECORDINGS[0]).is_file() {
        return Err(format!(
            "no recordings at {}: pass --from DIR, the folder that holds wire/ and {FACTS}",
            source.display()
        ));
    }
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for file in RECORDINGS {
        write(&to.join(file), &read(&source.join(file))?)?;
    }
    write(&to.join("README.md"), &readme(&read(&source.join("README.md"))?))?;
    write(&to.join(FACTS), &facts(&read(&from.join(FACTS))?))?;
    eprintln!(
        "copied {} recordings, README.md and {FACTS} into {}",
        RECORDINGS.len(),
        to.display()
    );
    Ok(())
}

/// The recordings' README, with its link to the summary pointing beside it.
fn readme(text: &str) -> String {
    let text = text.replace("`../PMP-WIRE-FACTS.md`", "`PMP-WIRE-FACTS.md`");
    match text.split_once('\n') {
        Some((title, rest)) => format!("{title}\n{HEADER}{}", rest.trim_start_matches('\n')),
        None => format!("{text}\n{HEADER}"),
    }
}

/// The summary, with its paths made relative to `wire/` and no pointer to files the
/// repository does not hold.
fn facts(text: &str) -> String {
    let text = text
        .replace(" (`seed/000_6013d61c502e042c.txt`)", "")
        .replace("`wire/README.md`", "`README.md`");
    RECORDINGS.iter().fold(text, |text, file| {
        text.replace(&format!("`wire/{file}`"), &format!("`{file}`"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_points_at_the_summary_beside_it_and_says_it_is_test_data() {
        let out =
            readme("# Recorded exchanges\n\nThree recordings; `../PMP-WIRE-FACTS.md` summarises them.\n");
        assert!(out.starts_with("# Recorded exchanges\n<!-- Copied"), "{out}");
        assert!(out.contains("**test data**"), "{out}");
        assert!(out.contains("; `PMP-WIRE-FACTS.md` summarises"), "{out}");
        assert!(!out.contains("../"), "{out}");
    }

    #[test]
    fn the_summary_names_no_file_outside_the_folder() {
        let out = facts(
            "document (`seed/000_6013d61c502e042c.txt`) is a copy\n| 1.0.0 | `wire/module-1.0.0.jsonl` (83) |\n`wire/README.md` says",
        );
        assert_eq!(
            out,
            "document is a copy\n| 1.0.0 | `module-1.0.0.jsonl` (83) |\n`README.md` says"
        );
    }

    #[test]
    fn the_committed_copy_is_complete_and_names_nothing_outside_the_repository() {
        let dir = dir();
        for file in RECORDINGS {
            let text = read(&dir.join(file)).unwrap();
            let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
            assert!(
                file.contains(first["module"].as_str().unwrap()),
                "{file}: {first}"
            );
        }
        for file in ["README.md", FACTS] {
            let text = read(&dir.join(file)).unwrap();
            assert!(
                !text.contains("../") && !text.contains("seed/"),
                "{file} names a file outside wire/"
            );
        }
    }
}
