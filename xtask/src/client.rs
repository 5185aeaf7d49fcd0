//! The wasm half of crates/pmp-client's tests (issue 18): its gloo-net transport under
//! wasm-bindgen-test in Node and in headless Chromium, against a pmp-sandbox this step starts
//! (3.0 profile, more than one page of customers), after clippy of the wasm32 build and the
//! README's browser example. The native tests (reqwest, against in-process sandboxes and a
//! fault server) run with `cargo test --workspace` in the "rust tests" step.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use crate::{cmd, pkg, tools};

const TOKEN: &str = "rust-client-wasm-token-0123";

/// A sandbox child process, killed when dropped (also when a test fails).
struct Sandbox(Child);

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `cargo xtask test "rust client wasm"`.
pub fn wasm_tests() -> Result<(), String> {
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::chromium()?;
    let wasm = [
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "pmp-client",
        "--features",
        "gloo",
    ];
    let bin = pkg::sandbox()?;
    let mut child = cmd::new(&bin.to_string_lossy())
        .args([
            "--port",
            "0",
            "--db",
            ":memory:",
            "--module",
            "3.0",
            "--customers",
            "150",
            "--token",
            TOKEN,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout from pmp-sandbox")?;
    let sandbox = Sandbox(child);
    let mut first = String::new();
    let mut lines = BufReader::new(stdout);
    lines
        .read_line(&mut first)
        .map_err(|e| format!("reading pmp-sandbox's output: {e}"))?;
    let url = first
        .trim()
        .strip_prefix("pmp-sandbox listening on ")
        .ok_or_else(|| format!("unexpected first line of pmp-sandbox: {first}"))?
        .to_owned();
    // Keep draining its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.lines() {});
    let sandbox_env = [
        ("PMP_CLIENT_SANDBOX_URL", url.as_str()),
        ("PMP_CLIENT_SANDBOX_TOKEN", TOKEN),
    ];
    // The wasm32 half is not in the workspace's clippy step (a native build): checked here,
    // with the README's browser example.
    cmd::run(
        cmd::cargo()
            .envs(sandbox_env)
            .args(["clippy", "--lib", "--tests", "--example", "gloo"])
            .args(wasm)
            .args(["--", "-D", "warnings"]),
    )?;
    for (engine, env) in pkg::WASM_ENGINES {
        eprintln!("\n-- pmp-client wasm-bindgen-test in {engine}");
        cmd::run(
            cmd::cargo()
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                )
                .envs(sandbox_env)
                .envs(env.iter().copied())
                .args(["test", "--test", "web"])
                .args(wasm),
        )?;
    }
    drop(sandbox);
    Ok(())
}
