//! `pmp-spec <dir> [<demo table>]`: writes the OpenAPI documents into `<dir>`, and the demo
//! page's table of resources into `<demo table>` (`cargo xtask spec` runs it with `openapi/`
//! and `www/resources.js`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: pmp-spec <output dir> [<demo table>]");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("pmp-spec: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in pmp_spec::FILE_NAMES.iter().zip(pmp_spec::documents()) {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("pmp-spec: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    if let Some(path) = std::env::args().nth(2).map(PathBuf::from) {
        if let Err(e) = std::fs::write(&path, pmp_spec::demo_resources()) {
            eprintln!("pmp-spec: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
