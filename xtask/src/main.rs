//! `cargo xtask <command>`: the project's build, test and run entry points.
//!
//! Every command installs what it needs that is missing (see `tools.rs`), so that a fresh
//! machine needs nothing but Rust, Node and npm.

mod bench;
mod client;
mod cmd;
mod demo;
mod faults;
mod generate;
mod pkg;
mod runtimes;
mod sandbox;
mod self_contained;
mod spec;
mod synthetic;
mod test;
mod tools;
mod wire;
mod www;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command> [options]

commands:
  test     run every check and test: fmt, clippy, Rust tests, and the cross-language tests
           ([STEP]: only the steps whose name contains STEP; --under-load [N]: N runs in a row,
           default 3, while two busy loops compete for the cores)
  demo     build what the demo needs and start the sandbox (--port N, default 8080)
  pkg      build the npm package in pkg/
  spec     write the OpenAPI documents in openapi/
  bench    run the benchmarks and write BENCHMARKS.md (--quick: a short smoke run; --sizes: the browser build's size only)
  wire     copy the recordings of real servers from the shared notes into wire/ (--from DIR; default: the notes beside the clone)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "test" => test::run(rest),
        "demo" => demo::run(rest),
        "spec" => spec::run(rest),
        "pkg" => pkg::run(rest),
        "bench" => bench::run(rest),
        "wire" => wire::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
