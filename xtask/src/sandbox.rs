//! A pmp-sandbox process for the steps that test against one: the debug build
//! (`pkg::sandbox`), in memory on an ephemeral port, its URL read from the line it starts
//! with, and stopped by its PID when dropped (also when a step fails).

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use crate::{cmd, pkg};

/// A running pmp-sandbox.
pub(crate) struct Sandbox {
    child: Child,
    /// Its base URL (`http://127.0.0.1:PORT/`).
    pub(crate) url: String,
}

impl Sandbox {
    /// Builds and starts pmp-sandbox with `--port 0 --db :memory:` and then `args`.
    pub(crate) fn start(args: &[&str]) -> Result<Sandbox, String> {
        let bin = pkg::sandbox()?;
        let mut child = cmd::new(&bin.to_string_lossy())
            .args(["--port", "0", "--db", ":memory:"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout from pmp-sandbox")?;
        // Owned from here, so that an unexpected first line still stops the process.
        let mut sandbox = Sandbox {
            child,
            url: String::new(),
        };
        let mut lines = BufReader::new(stdout);
        let mut first = String::new();
        lines
            .read_line(&mut first)
            .map_err(|e| format!("reading pmp-sandbox's output: {e}"))?;
        sandbox.url = first
            .trim()
            .strip_prefix("pmp-sandbox listening on ")
            .ok_or_else(|| format!("unexpected first line of pmp-sandbox: {first}"))?
            .to_owned();
        // Keep reading what it prints, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.lines().map_while(Result::ok).for_each(drop));
        Ok(sandbox)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
