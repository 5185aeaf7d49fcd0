//! The fault-injection step of `cargo xtask test`: `node --test` of tests/faults
//! against the packed package and the deliberately faulty server of tests/faults/server.mjs.
//!
//! `retries.test.mjs` checks the retry, hook and overall-timeout options of the client's
//! contract, `security.test.mjs` redirects, answer sizes and the package manifest against
//! the hostile servers of tests/faults/hostile.mjs; they run with the rest.

use crate::{cmd, pkg};

/// Builds and packs the package, installs it next to a copy of tests/faults, runs the tests.
pub fn run() -> Result<(), String> {
    pkg::build()?;
    let dir = pkg::consumer("tests/faults", "faults", &[])?;
    let files = ["faults.test.mjs", "retries.test.mjs", "security.test.mjs"];
    cmd::run(
        cmd::new("node")
            .current_dir(&dir)
            // --expose-gc: the memory test collects garbage before each measurement.
            .args(["--expose-gc", "--test", "--test-timeout=120000"])
            .args(files),
    )
}
