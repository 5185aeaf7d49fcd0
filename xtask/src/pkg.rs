//! `cargo xtask pkg`: builds the npm package `pmp-client` in `pkg/`.
//!
//! crates/pmp-wasm is built for wasm32 with the size-tuned `wasm-release` profile (on a pinned
//! nightly, for `-Z build-std` and immediate-abort panics), bound twice
//! by the wasm-bindgen CLI of the pinned version (`web` for browsers and bundlers, `nodejs`
//! for Node), shrunk by `wasm-opt -Oz` from the npm package `binaryen` (the browser glue by
//! esbuild's minifier), and completed by the hand-written entry points of
//! `crates/pmp-wasm/js/`. `pkg/package.json` and `pkg/README.md` are committed; everything
//! else in `pkg/` is build output.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{cmd, tools};

/// Where the npm tools of the build (binaryen, esbuild) are installed.
const NPM_TOOLS: &str = "crates/pmp-wasm/npm-tools";
/// The entry points copied into the package, from `crates/pmp-wasm/js/`.
const ENTRIES: &[&str] = &["browser.js", "node.cjs", "node.mjs"];
/// The package's declarations: the hand-written ones and the client class generated from
/// pmp-core's catalogue (crates/pmp-wasm/tests/declarations.rs), joined.
const DECLARATIONS: &[&str] = &["index.d.ts", "client.d.ts"];
/// Flags of the nightly wasm build: panics abort without formatting anything, `Debug`
/// output is empty, and no source locations are kept.
const NIGHTLY_RUSTFLAGS: &str =
    "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none";
/// The wasm features the Rust toolchain emits by default, which wasm-opt must accept.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn run(_args: &[String]) -> Result<(), String> {
    build()?;
    print_sizes()
}

/// Builds `pkg/`; used by the test steps too.
pub fn build() -> Result<(), String> {
    // No prebuilt wasm32 standard library: `-Z build-std` compiles it from the nightly's sources.
    tools::wasm_nightly()?;
    tools::wasm_bindgen_cli()?;
    tools::npm_install(NPM_TOOLS)?;
    // The pinned nightly rebuilds the standard library (`-Z build-std`) so that a panic is a
    // bare trap and `{:?}` formats nothing: no panic messages, locations or Debug code in the
    // wasm (bench/ANALYSIS.md: -6.5 kB gzip). Only this build uses nightly; the tests of the
    // Rust code run on stable. `strip = true` would drop the section that tells wasm-bindgen
    // which wasm features are on; wasm-opt strips what is left afterwards.
    cmd::run(
        cmd::new("rustup")
            .args(["run", tools::WASM_NIGHTLY, "cargo", "build", "-p", "pmp-wasm"])
            .args(["--target", "wasm32-unknown-unknown", "--profile", "wasm-release"])
            .args(["-Z", "build-std=std,panic_abort"])
            .env("CARGO_PROFILE_WASM_RELEASE_STRIP", "false")
            // With `--target`, these reach the wasm only, not build scripts or proc macros.
            .env("RUSTFLAGS", NIGHTLY_RUSTFLAGS)
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC")
            .env_remove("RUSTUP_TOOLCHAIN"),
    )?;
    let root = cmd::root();
    let wasm = target_dir().join("wasm32-unknown-unknown/wasm-release/pmp_wasm.wasm");
    let pkg = root.join("pkg");
    for dir in ["web", "node"] {
        remove(&pkg.join(dir))?;
    }
    bindgen(&wasm, &pkg.join("web"), &["--target", "web", "--no-typescript"])?;
    minify(&pkg.join("web/pmp_wasm.js"))?;
    bindgen(&wasm, &pkg.join("node"), &["--target", "nodejs"])?;
    commonjs_snippets(&pkg.join("node"))?;
    portable_types(&pkg.join("node/pmp_wasm.d.ts"))?;
    write(&pkg.join("node/package.json"), "{ \"type\": \"commonjs\" }\n")?;
    for dir in ["web", "node"] {
        let file = pkg.join(dir).join("pmp_wasm_bg.wasm");
        let wasm_opt = root.join(NPM_TOOLS).join("node_modules/.bin/wasm-opt");
        cmd::run(
            cmd::new(&wasm_opt.to_string_lossy())
                .args(WASM_FEATURES)
                .args([
                    "-Oz",
                    "--strip-debug",
                    "--strip-producers",
                    "--strip-target-features",
                ])
                .arg(&file)
                .arg("-o")
                .arg(&file),
        )?;
        remove(&pkg.join(dir).join("pmp_wasm_bg.wasm.d.ts"))?;
    }
    let js = root.join("crates/pmp-wasm/js");
    for entry in ENTRIES {
        fs::copy(js.join(entry), pkg.join(entry)).map_err(|e| format!("copying {entry}: {e}"))?;
    }
    // The client class: minified ES module for browsers and bundlers, CommonJS for Node.
    esbuild(
        &js.join("client.js"),
        &pkg.join("client.js"),
        &["--minify", "--format=esm"],
    )?;
    esbuild(&js.join("client.js"), &pkg.join("client.cjs"), &["--format=cjs"])?;
    let mut declarations = String::new();
    for file in DECLARATIONS {
        let path = js.join(file);
        declarations += &fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        declarations.push('\n');
    }
    write(&pkg.join("index.d.ts"), &declarations)?;
    // The same declarations for `require` under TypeScript's node16 resolution.
    write(&pkg.join("index.d.cts"), &declarations)
}

/// Minifies the browser glue in place: it is part of every page's download (bundlers
/// minify it again; Node's glue is left readable).
fn minify(file: &Path) -> Result<(), String> {
    esbuild(file, file, &["--minify", "--format=esm"])
}

/// esbuild of one file (no bundling) with `args`, ES2022 as written.
fn esbuild(from: &Path, to: &Path, args: &[&str]) -> Result<(), String> {
    let esbuild = cmd::root().join(NPM_TOOLS).join("node_modules/.bin/esbuild");
    cmd::run(
        cmd::new(&esbuild.to_string_lossy())
            .arg(from)
            .args(args)
            .args(["--target=es2022", "--legal-comments=none", "--log-level=warning"])
            .arg("--allow-overwrite")
            .arg(format!("--outfile={}", to.display())),
    )
}

fn bindgen(wasm: &Path, out: &Path, args: &[&str]) -> Result<(), String> {
    cmd::run(
        cmd::new("wasm-bindgen")
            .args(args)
            .arg("--out-dir")
            .arg(out)
            .arg(wasm),
    )
}

/// wasm-bindgen's `nodejs` output `require`s the inline snippets, which it writes as ES
/// modules. Node 18 cannot `require` those, so the only snippet (the `PmpError` class, whose
/// forms this knows) is rewritten as CommonJS.
fn commonjs_snippets(node: &Path) -> Result<(), String> {
    for file in files_under(&node.join("snippets"))? {
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut names = Vec::new();
        let mut out = String::from("\"use strict\";\n");
        for line in text.lines() {
            let rest = line
                .strip_prefix("export class ")
                .or_else(|| line.strip_prefix("export function "));
            match rest {
                Some(rest) => {
                    names.push(rest.split([' ', '(', '{']).next().unwrap_or("").to_owned());
                    out.push_str(line.strip_prefix("export ").unwrap_or(line));
                }
                None if line.trim_start().starts_with("export ") || line.contains("import ") => {
                    return Err(format!(
                        "{}: cannot turn `{line}` into CommonJS; update xtask/src/pkg.rs",
                        file.display()
                    ))
                }
                None => out.push_str(line),
            }
            out.push('\n');
        }
        out.push_str(&format!("module.exports = {{ {} }};\n", names.join(", ")));
        write(&file, &out)?;
    }
    Ok(())
}

/// Drops `[Symbol.dispose]` from the declarations: it needs TypeScript's `esnext.disposable`
/// lib, which would fail `tsc` for users on ES2022 libs; the method stays at run time.
fn portable_types(dts: &Path) -> Result<(), String> {
    let text = fs::read_to_string(dts).map_err(|e| format!("{}: {e}", dts.display()))?;
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| l.trim() != "[Symbol.dispose](): void;")
        .collect();
    write(dts, &(kept.join("\n") + "\n"))
}

/// Prints the size of the browser build: `.wasm` and JS glue, raw, gzip -9 and brotli.
pub fn print_sizes() -> Result<(), String> {
    let pkg = cmd::root().join("pkg");
    let mut glue = vec![
        pkg.join("browser.js"),
        pkg.join("client.js"),
        pkg.join("web/pmp_wasm.js"),
    ];
    glue.extend(files_under(&pkg.join("web/snippets"))?);
    let script = "const z = require('zlib'), fs = require('fs');
        const [wasm, ...glue] = process.argv.slice(1).map(p => fs.readFileSync(p));
        const size = b => [b.length, z.gzipSync(b, { level: 9 }).length,
            z.brotliCompressSync(b).length];
        const row = (name, s) => console.log(name.padEnd(22) + s.map(n => String(n).padStart(9)).join(''));
        const w = size(wasm), g = size(Buffer.concat(glue));
        console.log('browser build'.padEnd(22) + ['raw', 'gzip -9', 'brotli'].map(s => s.padStart(9)).join(''));
        row('.wasm', w); row('JS glue', g); row('total', w.map((n, i) => n + g[i]));";
    cmd::run(
        cmd::new("node")
            .args(["-e", script])
            .arg(pkg.join("web/pmp_wasm_bg.wasm"))
            .args(&glue),
    )
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set, else the workspace's `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => cmd::root().join(dir),
        None => cmd::root().join("target"),
    }
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn remove(path: &Path) -> Result<(), String> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else if path.exists() {
        fs::remove_file(path)
    } else {
        return Ok(());
    };
    result.map_err(|e| format!("removing {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Packs `pkg/` with `npm pack` into `dir`, returning the tarball's path.
pub fn pack(dir: &Path) -> Result<PathBuf, String> {
    remove(dir)?;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    cmd::run(
        cmd::new("npm")
            .current_dir(cmd::root().join("pkg"))
            .args(["pack", "--silent", "--pack-destination"])
            .arg(dir),
    )?;
    let tarballs: Vec<PathBuf> = files_under(dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tgz"))
        .collect();
    match tarballs.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "npm pack left {} tarballs in {}",
            tarballs.len(),
            dir.display()
        )),
    }
}

/// A folder holding a copy of the test files of `source` and the packed package installed
/// from its tarball, as a user would install it (plus `extra` npm packages).
pub(crate) fn consumer(source: &str, name: &str, extra: &[&str]) -> Result<PathBuf, String> {
    let root = cmd::root();
    let out = root.join("tests/out").join(name);
    let tarball = pack(&out)?;
    let dir = out.join("consumer");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for file in files_under(&root.join(source))? {
        let relative = file.strip_prefix(root.join(source)).unwrap_or(&file);
        if relative.starts_with("node_modules") {
            continue;
        }
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::copy(&file, &target).map_err(|e| format!("copying {}: {e}", file.display()))?;
    }
    // The test tools from the folder's lock file, then the tarball; no install scripts run.
    if dir.join("package-lock.json").is_file() {
        cmd::run(cmd::new("npm").current_dir(&dir).args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    cmd::run(
        cmd::new("npm")
            .current_dir(&dir)
            .args([
                "install",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--no-save",
            ])
            .arg(&tarball)
            .args(extra),
    )?;
    Ok(dir)
}

/// The sandbox binary, built.
pub fn sandbox() -> Result<PathBuf, String> {
    cmd::run(cmd::cargo().args(["build", "-p", "pmp-sandbox"]))?;
    Ok(target_dir().join("debug/pmp-sandbox"))
}

/// `node --test` of tests/node against the packed package and a running pmp-sandbox.
pub fn node_tests() -> Result<(), String> {
    build()?;
    let sandbox = sandbox()?;
    let dir = consumer("tests/node", "node", &[])?;
    cmd::run(
        cmd::new("node")
            .current_dir(&dir)
            .env("PMP_SANDBOX_BIN", &sandbox)
            // The exchanges recorded from real servers, which replay.test.mjs answers from:
            // ../shared/wire beside the clone (as CI has it; the sandbox replay test reads it too).
            .env("PMP_WIRE_DIR", cmd::root().join("../shared/wire/"))
            .args([
                "--test",
                "--test-timeout=120000",
                "client.test.mjs",
                "replay.test.mjs",
                "versions.test.mjs",
                "profiles.test.mjs",
                "require.test.cjs",
                "retries.test.mjs",
            ]),
    )
}

/// tests/browser against the packed package: `tsc --strict` of a typed example, a Vite
/// production build of a page, and that page in headless Chromium, with a running pmp-sandbox.
pub fn browser_tests() -> Result<(), String> {
    tools::chromium()?;
    build()?;
    let sandbox = sandbox()?;
    let dir = consumer("tests/browser", "browser", &[])?;
    cmd::run(
        cmd::new("node")
            .current_dir(&dir)
            .env("PMP_SANDBOX_BIN", &sandbox)
            .args(["--test", "--test-timeout=120000", "browser.test.mjs"]),
    )
}

/// wasm-bindgen-test of crates/pmp-wasm in Node, then in headless Chromium (Debian's
/// chromium and chromedriver; the browser's flags are in crates/pmp-wasm/webdriver.json).
pub fn wasm_tests() -> Result<(), String> {
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::chromium()?;
    let engines: [(&str, &[(&str, &str)]); 2] = [
        ("node", &[("WASM_BINDGEN_USE_NODE_EXPERIMENTAL", "1")]),
        (
            "chromium",
            &[
                ("WASM_BINDGEN_USE_BROWSER", "1"),
                ("CHROMEDRIVER", "/usr/bin/chromedriver"),
            ],
        ),
    ];
    for (engine, env) in engines {
        eprintln!("\n-- wasm-bindgen-test in {engine}");
        let mut test = cmd::cargo();
        test.env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .envs(env.iter().copied())
        .args([
            "test",
            "-p",
            "pmp-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--tests",
        ]);
        cmd::run(&mut test)?;
    }
    Ok(())
}
