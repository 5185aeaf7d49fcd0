//! `cargo xtask test`: every check and test of the project, in one command.

use crate::{cmd, spec};

/// One step of the suite.
struct Step {
    name: &'static str,
    run: fn() -> Result<(), String>,
}

/// The suite, cheapest first, so that a formatting slip fails in seconds.
const STEPS: &[Step] = &[
    Step {
        name: "format",
        run: fmt,
    },
    Step {
        name: "clippy",
        run: clippy,
    },
    Step {
        name: "rust tests",
        run: rust_tests,
    },
    Step {
        name: "openapi validators",
        run: spec::validators,
    },
    Step {
        name: "synthetic resource (one more resource through every derived place)",
        run: crate::synthetic::run,
    },
    Step {
        name: "openapi generators",
        run: spec::generators,
    },
    Step {
        name: "openapi swagger ui",
        run: spec::swagger_ui,
    },
    Step {
        name: "openapi conformance",
        run: spec::conformance,
    },
    Step {
        name: "openapi schemathesis (each server version)",
        run: spec::schemathesis,
    },
    Step {
        name: "wasm tests (node, chromium)",
        run: crate::pkg::wasm_tests,
    },
    Step {
        name: "rust client wasm (node, chromium)",
        run: crate::client::wasm_tests,
    },
    Step {
        name: "npm package node tests",
        run: crate::pkg::node_tests,
    },
    Step {
        name: "fault injection (node)",
        run: crate::faults::run,
    },
    Step {
        name: "npm package browser tests",
        run: crate::pkg::browser_tests,
    },
    Step {
        name: "npm package runtimes (node, bun, deno, workerd, next, bundlers, workers)",
        run: crate::runtimes::tests,
    },
    Step {
        name: "demo page e2e (chromium)",
        run: crate::www::e2e,
    },
];

/// `cargo xtask test [--under-load [N]] [STEP]`: every step (or those whose name contains
/// STEP); with `--under-load`, N times in a row (default 3) while two busy loops compete for
/// the cores, as on a shared CI machine.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.iter().map(String::as_str).peekable();
    let mut rounds = None;
    if args.peek() == Some(&"--under-load") {
        args.next();
        rounds = Some(3);
        if let Some(n) = args.peek().and_then(|a| a.parse::<u32>().ok()) {
            args.next();
            rounds = Some(n);
        }
    }
    let only = args.next();
    if let Some(extra) = args.next() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let chosen: Vec<&Step> = STEPS
        .iter()
        .filter(|s| only.is_none_or(|o| s.name.contains(o)))
        .collect();
    if chosen.is_empty() {
        let names: Vec<&str> = STEPS.iter().map(|s| s.name).collect();
        return Err(format!(
            "no step matches `{}`; steps: {}",
            only.unwrap_or(""),
            names.join(", ")
        ));
    }
    let Some(rounds) = rounds else {
        return run_steps(&chosen);
    };
    let load = BusyLoops::start(2)?;
    eprintln!("two busy loops running (pids {})", load.pids());
    for round in 1..=rounds {
        eprintln!("\n=== under load: run {round} of {rounds}");
        let started = std::time::Instant::now();
        run_steps(&chosen).map_err(|e| format!("under load, run {round} of {rounds}: {e}"))?;
        eprintln!("=== run {round} of {rounds} passed in {:.0?}", started.elapsed());
    }
    drop(load);
    eprintln!("\nall {rounds} runs passed under load");
    Ok(())
}

fn run_steps(chosen: &[&Step]) -> Result<(), String> {
    for step in chosen {
        eprintln!("\n==> {}", step.name);
        (step.run)().map_err(|e| format!("step `{}` failed: {e}", step.name))?;
    }
    eprintln!("\nall steps passed");
    Ok(())
}

/// Busy loops (`sh -c 'while :; do :; done'`) started by the check and stopped by their PIDs
/// when dropped, so also when a step fails.
struct BusyLoops(Vec<std::process::Child>);

impl BusyLoops {
    fn start(count: usize) -> Result<Self, String> {
        let mut loops = BusyLoops(Vec::new());
        for _ in 0..count {
            let child = std::process::Command::new("sh")
                .args(["-c", "while :; do :; done"])
                .spawn()
                .map_err(|e| format!("cannot start a busy loop: {e}"))?;
            loops.0.push(child);
        }
        Ok(loops)
    }

    fn pids(&self) -> String {
        let pids: Vec<String> = self.0.iter().map(|c| c.id().to_string()).collect();
        pids.join(", ")
    }
}

impl Drop for BusyLoops {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill(); // SIGKILL to this child's PID only
            let _ = child.wait();
        }
        eprintln!("busy loops stopped");
    }
}

fn fmt() -> Result<(), String> {
    cmd::run(cmd::cargo().args(["fmt", "--all", "--check"]))
}

fn clippy() -> Result<(), String> {
    cmd::run(cmd::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
}

fn rust_tests() -> Result<(), String> {
    cmd::run(cmd::cargo().args(["test", "--workspace"]))
}
