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

pub fn run(args: &[String]) -> Result<(), String> {
    let only = args.first().map(String::as_str);
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
    for step in chosen {
        eprintln!("\n==> {}", step.name);
        (step.run)().map_err(|e| format!("step `{}` failed: {e}", step.name))?;
    }
    eprintln!("\nall steps passed");
    Ok(())
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
