//! `cargo xtask bench [--quick | --sizes]`: the package's benchmarks and the sandbox's load
//! run (`--sizes`: only the browser build's size, as `cargo xtask pkg` and bundlers see it).
//!
//! Builds the release package (`pkg::build`) and a release pmp-sandbox (a debug server would
//! hide the clients' differences behind its own slowness), installs `bench/`'s npm packages
//! and the packed pmp-client tarball into `bench/` as a user would, generates the
//! openapi-typescript types of `openapi/pmp.openapi.json` and type-checks the openapi-fetch
//! contender against them, then runs `bench/run.mjs`, which prints the tables and writes
//! `BENCHMARKS.md` (`--quick`: a short smoke run written to `target/bench/` instead), then the
//! Rust client's figures (crates/pmp-client/benches/versus.rs), appended to the same file.

use std::fs;

use crate::{cmd, pkg, tools};

const BENCH: &str = "bench";

/// `cargo xtask bench [--quick]`: builds and installs what the benchmark needs, then runs it.
pub fn run(args: &[String]) -> Result<(), String> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        [flag] if flag == "--sizes" => {
            // The browser build's size alone: as `cargo xtask pkg` prints it, and as bundlers emit it.
            pkg::run(&[])?;
            return crate::runtimes::bundle_sizes();
        }
        _ => {
            return Err(format!(
                "usage: cargo xtask bench [--quick | --sizes]; got {args:?}"
            ))
        }
    };
    pkg::build()?;
    crate::runtimes::bundle_sizes()?;
    cmd::run(cmd::cargo().args(["build", "--release", "-p", "pmp-sandbox"]))?;
    let root = cmd::root();
    let sandbox = root.join("target/release/pmp-sandbox");
    let bench = root.join(BENCH);

    tools::npm_install(BENCH)?;
    let tarball = pkg::pack(&root.join("target/bench/pack"))?;
    // Replaced every run: npm may keep an installed copy of a tarball of the same version.
    let installed = bench.join("node_modules/pmp-client");
    if installed.exists() {
        fs::remove_dir_all(&installed).map_err(|e| format!("{}: {e}", installed.display()))?;
    }
    cmd::run(
        cmd::new("npm")
            .current_dir(&bench)
            .args([
                "install",
                "--ignore-scripts",
                "--no-save",
                "--no-audit",
                "--no-fund",
            ])
            .arg(&tarball),
    )?;
    cmd::run(
        cmd::new("node_modules/.bin/openapi-typescript")
            .current_dir(&bench)
            .args(["../openapi/pmp.openapi.json", "-o", "out/pmp.d.ts"]),
    )?;
    cmd::run(
        cmd::new("node_modules/.bin/tsc")
            .current_dir(&bench)
            .args(["-p", "tsconfig.json"]),
    )?;

    let out = if quick {
        fs::create_dir_all(root.join("target/bench")).map_err(|e| format!("target/bench: {e}"))?;
        root.join("target/bench/BENCHMARKS.quick.md")
    } else {
        root.join("BENCHMARKS.md")
    };
    let rustc = cmd::output(cmd::new("rustc").arg("--version")).unwrap_or_default();
    let commit = cmd::output(cmd::new("git").args(["describe", "--always", "--dirty"])).unwrap_or_default();
    cmd::run(
        cmd::new("node")
            .current_dir(&bench)
            .env("PMP_SANDBOX_BIN", &sandbox)
            .env("BENCH_OUT", &out)
            .env("BENCH_QUICK", if quick { "1" } else { "0" })
            .env("BENCH_RUSTC", rustc.trim())
            .env("BENCH_COMMIT", commit.trim())
            .args(["--expose-gc", "run.mjs"]),
    )?;
    rust_client(&sandbox, &out, quick)
}

/// The Rust client against a hand-written reqwest + serde_json loop
/// (crates/pmp-client/benches/versus.rs), its table appended to what run.mjs wrote.
fn rust_client(sandbox: &std::path::Path, out: &std::path::Path, quick: bool) -> Result<(), String> {
    let table = cmd::root().join("target/bench/rust-client.md");
    cmd::run(
        cmd::cargo()
            .env("PMP_SANDBOX_BIN", sandbox)
            .env("BENCH_RUST_OUT", &table)
            .env("BENCH_QUICK", if quick { "1" } else { "0" })
            .args(["bench", "-p", "pmp-client", "--bench", "versus"]),
    )?;
    let read =
        |path: &std::path::Path| fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let written = read(out)?;
    pkg::write(out, &format!("{}\n\n{}", written.trim_end(), read(&table)?))
}
