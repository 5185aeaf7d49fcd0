//! `cargo xtask demo`: build what the demo needs and start the sandbox on 127.0.0.1:8080
//! (`--port N` to change), with a file database, printing its URL and token. Ctrl-C stops it.

use crate::cmd;

/// The database of the demo sandbox: under `target/`, so it is never committed and survives
/// restarts (delete it to start again from the document's records).
const DEMO_DB: &str = "target/pmp-sandbox-demo.db";

/// The sandbox profile the demo runs (`--module`): the current line, 3.x.
pub const DEMO_MODULE: &str = "3.0";

pub fn run(args: &[String]) -> Result<(), String> {
    let port = parse_port(args)?;
    build_demo_page()?;
    eprintln!(
        "Starting pmp-sandbox (Ctrl-C stops it). The demo page is served at / and the API under /api/."
    );
    let db = cmd::root().join(DEMO_DB);
    cmd::run(
        cmd::cargo()
            .args(["run", "--quiet", "-p", "pmp-sandbox", "--", "--host", "127.0.0.1"])
            .args(["--port", &port.to_string(), "--db", &db.to_string_lossy()])
            .args(["--module", DEMO_MODULE]),
    )
}

/// Builds what `www/` needs besides its own files: the npm package, installed into
/// `www/node_modules` as a user would install it.
fn build_demo_page() -> Result<(), String> {
    crate::www::install_package()
}

fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = 8080;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port must be 0 to 65535, got `{value}`"))?;
            }
            other => {
                return Err(format!(
                    "unknown option `{other}` (usage: cargo xtask demo [--port N])"
                ))
            }
        }
    }
    Ok(port)
}
