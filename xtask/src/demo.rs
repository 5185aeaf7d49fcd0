//! `cargo xtask demo`: build what the demo needs and start the sandbox.

pub fn run(_args: &[String]) -> Result<(), String> {
    println!(
        "The demo is not built yet. Once pmp-sandbox exists, `cargo xtask demo` will build the npm \
         package and start the sandbox on http://127.0.0.1:8080/, printing its URL and token."
    );
    Ok(())
}
