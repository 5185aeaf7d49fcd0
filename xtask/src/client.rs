//! The wasm half of crates/pmp-client's tests: its gloo-net transport under
//! wasm-bindgen-test in Node and in headless Chromium, against a pmp-sandbox this step starts
//! (3.0 profile, more than one page of customers), after clippy of the wasm32 build and the
//! README's browser example. The native tests (reqwest, against in-process sandboxes and a
//! fault server) run with `cargo test --workspace` in the "rust tests" step.

use crate::sandbox::Sandbox;
use crate::{cmd, pkg, tools};

const TOKEN: &str = "rust-client-wasm-token-0123";

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
    let sandbox = Sandbox::start(&["--module", "3.0", "--customers", "150", "--token", TOKEN])?;
    let sandbox_env = [
        ("PMP_CLIENT_SANDBOX_URL", sandbox.url.as_str()),
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
