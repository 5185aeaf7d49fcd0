//! Installs the tools the commands need, when they are missing.
#![allow(dead_code)] // each installer is used once the step that needs it exists

use crate::cmd;

/// The wasm32 target of the machine's toolchain.
pub fn wasm_target() -> Result<(), String> {
    let installed =
        cmd::output(cmd::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    cmd::run(cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The nightly toolchain the browser build is compiled with (xtask/src/pkg.rs): pinned, so
/// that every machine builds the same wasm.
pub const WASM_NIGHTLY: &str = "nightly-2026-05-20";

/// [`WASM_NIGHTLY`] with the standard library's sources (for `-Z build-std`).
pub fn wasm_nightly() -> Result<(), String> {
    let sysroot = cmd::output(cmd::new("rustup").args(["run", WASM_NIGHTLY, "rustc", "--print", "sysroot"]));
    let sources = sysroot.map(|root| std::path::Path::new(root.trim()).join("lib/rustlib/src/rust/library"));
    if sources.is_some_and(|dir| dir.is_dir()) {
        return Ok(());
    }
    cmd::run(cmd::new("rustup").args([
        "toolchain",
        "install",
        WASM_NIGHTLY,
        "--profile",
        "minimal",
        "--component",
        "rust-src",
    ]))
}

/// The wasm-bindgen version pinned in the workspace (and so in Cargo.lock).
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock =
        std::fs::read_to_string(cmd::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".to_owned())
}

/// The wasm-bindgen CLI of exactly the pinned version.
pub fn wasm_bindgen_cli() -> Result<(), String> {
    let version = wasm_bindgen_version()?;
    let have = cmd::output(cmd::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(());
    }
    cmd::run(cmd::cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// `npm ci` (or `npm install` without a lock file) in a folder of the workspace, once.
pub fn npm_install(dir: &str) -> Result<(), String> {
    let path = cmd::root().join(dir);
    if path.join("node_modules").is_dir() && std::env::var_os("CI").is_none() {
        return Ok(());
    }
    let verb = if path.join("package-lock.json").is_file() {
        "ci"
    } else {
        "install"
    };
    cmd::run(
        cmd::new("npm")
            .current_dir(&path)
            .args([verb, "--no-audit", "--no-fund"]),
    )
}

/// Debian's Chromium and ChromeDriver, for browser tests.
pub fn chromium() -> Result<(), String> {
    if cmd::exists("chromium") && cmd::exists("chromedriver") {
        return Ok(());
    }
    cmd::run(cmd::new("apt-get").args(["update", "-qq"]))?;
    cmd::run(cmd::new("apt-get").args(["install", "-y", "-qq", "chromium", "chromium-driver"]))
}
