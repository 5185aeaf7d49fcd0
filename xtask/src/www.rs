//! The demo page (`www/`): the npm package installed into it as a user would install it, and
//! its end-to-end test in headless Chromium.

use crate::{cmd, pkg, tools};

/// Builds the package, packs it and installs the tarball into `www/node_modules`, where the
/// page's import map finds it (`www/index.html`).
pub fn install_package() -> Result<(), String> {
    pkg::build()?;
    let tarball = pkg::pack(&cmd::root().join("target/www-pack"))?;
    cmd::run(
        cmd::new("npm")
            .current_dir(cmd::root().join("www"))
            .args([
                "install",
                "--ignore-scripts",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--no-package-lock",
                "--prefix",
                ".",
            ])
            .arg(&tarball),
    )
}

/// `node --test` of tests/www: the page against a fresh sandbox in headless Chromium.
pub fn e2e() -> Result<(), String> {
    tools::chromium()?;
    install_package()?;
    let sandbox = pkg::sandbox()?;
    tools::npm_install("tests/www")?;
    cmd::run(
        cmd::new("node")
            .current_dir(cmd::root().join("tests/www"))
            .env("PMP_SANDBOX_BIN", &sandbox)
            .env("PMP_TEST_OUT", cmd::root().join("tests/out/www"))
            .args(["--test", "demo.test.mjs"]),
    )
}
