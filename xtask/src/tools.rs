//! Installs the tools the commands need, when they are missing.

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

/// `npm ci` (or `npm install` without a lock file) in a folder of the workspace, once, with
/// install scripts off: none of the test and build tools needs one (esbuild works without its
/// optional postinstall), and `@scarf/scarf`'s (under Swagger UI) only sends analytics.
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
            .env("SCARF_ANALYTICS", "false")
            .args([verb, "--ignore-scripts", "--no-audit", "--no-fund"]),
    )
}

/// Debian's Chromium and ChromeDriver, for browser tests.
pub fn chromium() -> Result<(), String> {
    if cmd::exists("chromium") && cmd::exists("chromedriver") {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// A Java runtime, for openapi-generator (its PyPI package runs the generator's jar).
pub fn java() -> Result<(), String> {
    if cmd::exists("java") {
        return Ok(());
    }
    apt_install(&["default-jre-headless"])
}

/// How long an apt step waits for a package-manager lock held by another program (an
/// unattended upgrade, another build's install) before it fails.
const APT_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// `apt-get update`, then `apt-get install` of `packages`, each waiting for a held lock.
fn apt_install(packages: &[&str]) -> Result<(), String> {
    apt_get(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq"];
    install.extend_from_slice(packages);
    apt_get(&install)
}

/// One apt-get command that waits for the package manager's locks instead of failing.
/// `DPkg::Lock::Timeout` makes apt wait for dpkg's locks; `apt-get update` does not honour it
/// for the lists lock, so a run that failed on a held lock is started again until
/// [`APT_LOCK_WAIT`] has passed.
fn apt_get(args: &[&str]) -> Result<(), String> {
    let timeout = format!("DPkg::Lock::Timeout={}", APT_LOCK_WAIT.as_secs());
    let started = std::time::Instant::now();
    loop {
        let mut command = cmd::new("apt-get");
        command
            .args(["-o", &timeout])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive");
        let (result, stderr) = cmd::run_keeping_stderr(&mut command);
        let locked = stderr.contains("Could not get lock") || stderr.contains("Unable to lock");
        if result.is_ok() || !locked || started.elapsed() >= APT_LOCK_WAIT {
            return result;
        }
        eprintln!("xtask: another program holds the package manager's lock; trying again in 5 s");
        std::thread::sleep(std::time::Duration::from_secs(5));
    }
}

#[cfg(test)]
mod tests {
    use crate::cmd;

    /// Every folder the commands install npm packages into has a lock file and names exact
    /// versions, so that `npm ci` installs what was reviewed; the shipped package
    /// has no dependencies at all (tests/faults/security.test.mjs checks the packed one).
    #[test]
    fn npm_folders_are_locked_and_pinned() {
        let folders = [
            "bench",
            "crates/pmp-wasm/npm-tools",
            "tests/browser",
            "tests/spec",
            "tests/www",
        ];
        for folder in folders {
            let dir = cmd::root().join(folder);
            assert!(
                dir.join("package-lock.json").is_file(),
                "{folder} has no package-lock.json"
            );
            let text = std::fs::read_to_string(dir.join("package.json")).unwrap();
            let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
            for kind in ["dependencies", "devDependencies", "optionalDependencies"] {
                for (name, version) in manifest[kind].as_object().into_iter().flatten() {
                    let version = version.as_str().unwrap_or_default();
                    let exact = version.split('.').count() == 3
                        && version.split('.').all(|p| p.parse::<u32>().is_ok());
                    assert!(exact, "{folder}: {name} is `{version}`, not an exact version");
                }
            }
        }
        let shipped = std::fs::read_to_string(cmd::root().join("pkg/package.json")).unwrap();
        let shipped: serde_json::Value = serde_json::from_str(&shipped).unwrap();
        for key in [
            "dependencies",
            "optionalDependencies",
            "peerDependencies",
            "scripts",
        ] {
            assert!(shipped.get(key).is_none(), "pkg/package.json has {key}");
        }
    }
}
