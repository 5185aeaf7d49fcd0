//! tests/runtimes: the packed package in every runtime and bundler it supports (Node, Bun,
//! Deno, workerd, Next.js, Vite, webpack, rspack, esbuild, workers in Chromium), and what
//! each bundler emits for a page (printed by `cargo xtask bench`).
//!
//! The tools are installed once by `npm ci` from tests/runtimes' committed lockfile into
//! `target/runtimes/` (again only when the lockfile changes); each run installs the tarball
//! into a fresh `target/runtimes/app/`, below them, so that Node's resolution finds both. The
//! tests run without a network (loopback only) where a network namespace can be made.

use std::fs;
use std::path::PathBuf;

use crate::{cmd, pkg, tools};

const SOURCE: &str = "tests/runtimes";

/// `cargo xtask test runtimes`.
pub fn tests() -> Result<(), String> {
    tools::chromium()?;
    pkg::build()?;
    let sandbox = pkg::sandbox()?;
    let app = app()?;
    let test = "node --test --test-timeout=900000 runtimes.test.mjs";
    // In a network namespace with loopback only, where `unshare` can make one (root, as CI
    // is): no tool may download anything at run time (wrangler's workerd, Next, Deno, Bun).
    let offline = cmd::exists("unshare")
        && cmd::exists("ip")
        && cmd::output(cmd::new("unshare").args(["--net", "true"])).is_some();
    let mut command = if offline {
        let mut c = cmd::new("unshare");
        c.args(["--net", "sh", "-c", &format!("ip link set lo up && exec {test}")]);
        c
    } else {
        eprintln!("(no network namespace here: the runtimes run with the network)");
        let mut c = cmd::new("sh");
        c.args(["-c", test]);
        c
    };
    cmd::run(command.current_dir(&app).env("PMP_SANDBOX_BIN", &sandbox))
}

/// Prints what Vite, webpack, rspack and esbuild emit for a page calling only listCustomers,
/// and what of it the page loads in Chromium (for `cargo xtask bench`, after `pkg::build`).
pub fn bundle_sizes() -> Result<(), String> {
    // Each bundle is loaded in Chromium against the sandbox: what it fetched is what is measured.
    tools::chromium()?;
    let sandbox = pkg::sandbox()?;
    let app = app()?;
    cmd::run(
        cmd::new("node")
            .current_dir(&app)
            .arg("bundle-sizes.mjs")
            .env("PMP_SANDBOX_BIN", &sandbox),
    )
}

/// `target/runtimes/` with the tools of tests/runtimes' lockfile installed.
fn tools_dir() -> Result<PathBuf, String> {
    let root = cmd::root();
    let dir = root.join("target/runtimes");
    let lock_path = root.join(SOURCE).join("package-lock.json");
    let lock = fs::read_to_string(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let stamp = dir.join("node_modules/.installed-lock");
    if fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str()) {
        return Ok(dir);
    }
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for file in ["package.json", "package-lock.json"] {
        fs::copy(root.join(SOURCE).join(file), dir.join(file)).map_err(|e| format!("copying {file}: {e}"))?;
    }
    // Their binaries (esbuild's, bun's, deno's, workerd's, Next's) ship in platform packages:
    // no install script needs to run, and none downloads anything.
    cmd::run(
        cmd::new("npm")
            .current_dir(&dir)
            .env("SCARF_ANALYTICS", "false")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]),
    )?;
    pkg::write(&stamp, &lock)?;
    Ok(dir)
}

/// A fresh `target/runtimes/app/`: tests/runtimes' files and the packed package, installed
/// from its tarball as a user would.
fn app() -> Result<PathBuf, String> {
    let root = cmd::root();
    let dir = tools_dir()?.join("app");
    pkg::remove(&dir)?;
    pkg::copy_tree(
        &root.join(SOURCE),
        &dir,
        &["node_modules", "package.json", "package-lock.json"],
    )?;
    pkg::write(
        &dir.join("package.json"),
        "{ \"private\": true, \"type\": \"module\" }\n",
    )?;
    let tarball = pkg::pack(&root.join("target/runtimes-pack"))?;
    pkg::install_tarball(&dir, &tarball, "--no-package-lock", &[])?;
    Ok(dir)
}
