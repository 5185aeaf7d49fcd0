//! `cargo xtask pkg`: builds the npm package `pmp-client` in `pkg/`.
//!
//! crates/pmp-wasm is built for wasm32 with the size-tuned `wasm-release` profile (on a pinned
//! nightly, for `-Z build-std` and immediate-abort panics), bound once by the wasm-bindgen CLI
//! of the pinned version (`web`: an ES module that instantiates from a URL, bytes or a compiled
//! module), shrunk by `wasm-opt -Oz` from the npm package `binaryen`, and completed by the
//! hand-written entry points of `crates/pmp-wasm/js/` (one per kind of runtime; which and why:
//! crates/pmp-wasm/README.md). The one `.wasm` serves browsers, bundlers and workerd; Node,
//! Deno, Bun and Next's servers instantiate it from a gzipped copy embedded in JavaScript
//! (`wasm-inline.cjs`), so that nothing reads a file at run time. `pkg/package.json` and
//! `pkg/README.md` are committed; everything else in `pkg/` is build output.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{cmd, generate, tools};

/// Where the npm tools of the build (binaryen, esbuild) are installed.
const NPM_TOOLS: &str = "crates/pmp-wasm/npm-tools";
/// The entry points copied as they are into the package, from `crates/pmp-wasm/js/`.
const ENTRIES: &[&str] = &["inline.js", "workerd.js", "node.mjs"];
/// The helpers of the calls beyond reads (js/writes.js), bundled on their own.
const WRITES: &str = "writes.js";
/// The error class, wasm-bindgen's only inline snippet, under a path the entries can import.
const ERROR_MODULE: &str = "web/error.js";
/// The folder of the files js/client.js is made of (one job each), bundled into client.js.
const CLIENT_PARTS: &str = "client";
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
    let root = cmd::root();
    let pkg = root.join("pkg");
    for dir in ["web", "node", "types"] {
        remove(&pkg.join(dir))?;
    }
    // The browser's first wasm: pmp-wasm without its `writes` feature (lists, gets, searches),
    // in a target directory of its own so that neither build undoes the other's.
    let reads = wasm_build(&target_dir().join("wasm-reads"), &["--no-default-features"])?;
    bindgen(
        &reads,
        &pkg.join("web"),
        &["--target", "web", "--no-typescript", "--out-name", READS],
    )?;
    stable_error_module(&pkg.join("web"), READS)?;
    let wasm = wasm_build(&target_dir(), &[])?;
    bindgen(&wasm, &pkg.join("web"), &["--target", "web", "--no-typescript"])?;
    stable_error_module(&pkg.join("web"), FULL)?;
    // The declarations of the models and inputs (the same for every target; nodejs's have no
    // init functions), from a scratch binding; `.d.cts`, so that both index.d.ts and
    // index.d.cts (`require` under node16 resolution) may import them.
    let scratch = target_dir().join("pkg-types");
    remove(&scratch)?;
    bindgen(&wasm, &scratch, &["--target", "nodejs"])?;
    fs::create_dir_all(pkg.join("types")).map_err(|e| format!("pkg/types: {e}"))?;
    let types =
        fs::read_to_string(scratch.join("pmp_wasm.d.ts")).map_err(|e| format!("pmp_wasm.d.ts: {e}"))?;
    // With pmp-core's defaults in the option docs (`{{timeoutMs}}` in crates/pmp-wasm/src/types.rs).
    write(
        &pkg.join("types/pmp_wasm.d.cts"),
        &generate::fill_defaults(&portable_types(&types))?,
    )?;
    let wasm_opt = root.join(NPM_TOOLS).join("node_modules/.bin/wasm-opt");
    for name in [READS, FULL] {
        let file = pkg.join(format!("web/{name}_bg.wasm"));
        shrink(&wasm_opt, &file)?;
        short_wasm_names(&wasm_opt, &file, &pkg.join(format!("web/{name}.js")), name)?;
    }
    let file = pkg.join(format!("web/{FULL}_bg.wasm"));
    let js = root.join("crates/pmp-wasm/js");
    for entry in ENTRIES {
        fs::copy(js.join(entry), pkg.join(entry)).map_err(|e| format!("copying {entry}: {e}"))?;
    }
    inline_wasm(&file, &pkg.join("wasm-inline.cjs"))?;
    for name in [READS, FULL] {
        instantiates(&pkg, name)?;
    }
    // The catalogue and the defaults, from pmp-core, written into client.js.
    let mut defines = vec![
        format!("--define:PMP_CATALOGUE={}", generate::catalogue()),
        format!("--define:PMP_EXTRAS={}", generate::extras()),
    ];
    defines.extend(generate::default_defines());
    defines.push(generate::secret_columns_define());
    let defines: Vec<&str> = defines.iter().map(String::as_str).collect();
    // Node's entry: one CommonJS file of js/node.js, the glue and client.js (so that `require`
    // works on every Node, and `import` gets the same instance through node.mjs); the wasm's
    // embedded copy stays a file of its own, shared with the browser entry's fallback. Bundled
    // from a copy in pkg/, where its imports are.
    let node_source = pkg.join("node.js");
    fs::copy(js.join("node.js"), &node_source).map_err(|e| format!("copying node.js: {e}"))?;
    // The class's sources (js/client.js and the files of js/client/ it imports), copied where
    // their imports of web/error.js resolve.
    for file in ["client.js", WRITES] {
        fs::copy(js.join(file), pkg.join(file)).map_err(|e| format!("copying {file}: {e}"))?;
    }
    remove(&pkg.join(CLIENT_PARTS))?;
    copy_tree(&js.join(CLIENT_PARTS), &pkg.join(CLIENT_PARTS), &[])?;
    esbuild(
        &node_source,
        &pkg.join("node.cjs"),
        &[
            "--bundle",
            "--format=cjs",
            "--platform=node",
            // Names kept, for readable stack traces.
            "--minify-whitespace",
            "--minify-syntax",
            "--external:./wasm-inline.cjs",
            // The glue's default URL is never used here (the bytes are given).
            "--define:import.meta.url=undefined",
        ]
        .iter()
        .chain(&defines)
        .copied()
        .collect::<Vec<_>>(),
    )?;
    no_placeholder_left(&pkg.join("node.cjs"))?;
    remove(&node_source)?;
    // The client class and the browser entry, minified (part of every page's download). The
    // class's files are bundled into the one client.js the entries import; web/error.js stays
    // a module of its own, as the glue imports the same class. The files hold only
    // declarations, so a bundler drops what a page does not reach as before.
    let error_module = format!("--external:{}", pkg.join(ERROR_MODULE).display());
    esbuild(
        &pkg.join("client.js"),
        &pkg.join("client.js"),
        &["--bundle", "--minify", "--format=esm", &error_module]
            .iter()
            .chain(&defines)
            .copied()
            .collect::<Vec<_>>(),
    )?;
    // What only the calls beyond reads use, a module of its own that the browser entry loads
    // with the full wasm (js/writes.js).
    esbuild(
        &pkg.join(WRITES),
        &pkg.join(WRITES),
        &["--bundle", "--minify", "--format=esm", &error_module],
    )?;
    remove(&pkg.join(CLIENT_PARTS))?;
    for file in ["client.js", WRITES] {
        no_placeholder_left(&pkg.join(file))?;
        imports_only_the_error_module(&pkg.join(file))?;
    }
    // The browser entries and their loader, minified (part of every page's download), with
    // the magic comments bundlers read put back.
    for file in BROWSER_FILES {
        esbuild(&js.join(file), &pkg.join(file), &["--minify", "--format=esm"])?;
    }
    keep_magic_comments(&pkg)?;
    for name in [READS, FULL] {
        minify(&pkg.join(format!("web/{name}.js")))?;
    }
    // The hand-written declarations (PmpError) with the client class generated from pmp-core's
    // catalogue, and the import of every type they name.
    let hand = js.join("index.d.ts");
    let hand = fs::read_to_string(&hand).map_err(|e| format!("{}: {e}", hand.display()))?;
    let declarations = generate::fill_defaults(&generate::declarations(&hand))?;
    write(&pkg.join("index.d.ts"), &declarations)?;
    // The same declarations for `require` under TypeScript's node16 resolution.
    write(&pkg.join("index.d.cts"), &declarations)
}

/// The two builds of pmp-wasm the package holds: `pmp_reads` (no `writes` feature: the
/// browser's first wasm, lists, gets and searches) and `pmp_wasm` (every call: Node, workerd,
/// and the browser's on its first other call). Their glue and `.wasm` are in `web/`.
const READS: &str = "pmp_reads";
const FULL: &str = "pmp_wasm";

/// Builds pmp-wasm for wasm32 into `target_dir` with cargo's `features` arguments and returns
/// the `.wasm`. The pinned nightly rebuilds the standard library (`-Z build-std`) so that a
/// panic is a bare trap and `{:?}` formats nothing: no panic messages, locations or Debug code
/// in the wasm (bench/ANALYSIS.md: -6.5 kB gzip). Only this build uses nightly; the tests of
/// the Rust code run on stable. `strip = true` would drop the section that tells wasm-bindgen
/// which wasm features are on; wasm-opt strips what is left afterwards.
fn wasm_build(target_dir: &Path, features: &[&str]) -> Result<PathBuf, String> {
    cmd::run(
        cmd::new("rustup")
            .args(["run", tools::WASM_NIGHTLY, "cargo", "build", "-p", "pmp-wasm"])
            .args(features)
            .args(["--target", "wasm32-unknown-unknown", "--profile", "wasm-release"])
            .args(["-Z", "build-std=std,panic_abort"])
            .arg("--target-dir")
            .arg(target_dir)
            .env("CARGO_PROFILE_WASM_RELEASE_STRIP", "false")
            // With `--target`, these reach the wasm only, not build scripts or proc macros.
            .env("RUSTFLAGS", NIGHTLY_RUSTFLAGS)
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC")
            .env_remove("RUSTUP_TOOLCHAIN"),
    )?;
    Ok(target_dir.join("wasm32-unknown-unknown/wasm-release/pmp_wasm.wasm"))
}

/// `wasm-opt -Oz` of a bound `.wasm`, in place.
fn shrink(wasm_opt: &Path, file: &Path) -> Result<(), String> {
    cmd::run(
        cmd::new(&wasm_opt.to_string_lossy())
            .args(WASM_FEATURES)
            .args([
                "-Oz",
                // Rust lays the 1 MiB stack out first, growing down towards 0, with the data
                // after it: the low 1 KiB is touched only by a stack 99.9% full, so wasm-opt may
                // fold constant offsets into addresses (0.26 kB of gzip).
                "--low-memory-unused",
                // Passes again until nothing shrinks (a few seconds; 0.05 kB).
                "--converge",
                "--strip-debug",
                "--strip-producers",
                "--strip-target-features",
            ])
            .arg(file)
            .arg("-o")
            .arg(file),
    )
}

/// Renames the wasm's imports, exports and import module to one or two letters (binaryen's
/// `--minify-imports-and-exports-and-modules`) and the glue's uses of them to match.
/// wasm-bindgen names each import `__wbg_<name>_<16 hex digits of hash>`, once in the wasm
/// and once in the glue: the hashes do not compress, and renaming them saves 1.1 kB gzip
/// (bench/ANALYSIS.md). The mapping binaryen prints is applied to the glue's import object
/// keys and `wasm.<export>` reads; every name must be found, so that a new wasm-bindgen that
/// writes its glue differently fails the build here rather than at run time.
fn short_wasm_names(wasm_opt: &Path, wasm: &Path, glue_path: &Path, name: &str) -> Result<(), String> {
    let mapping = cmd::output(
        cmd::new(&wasm_opt.to_string_lossy())
            .args(WASM_FEATURES)
            .arg("--minify-imports-and-exports-and-modules")
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )
    .ok_or("wasm-opt --minify-imports-and-exports-and-modules failed")?;
    let mapping: serde_json::Value =
        serde_json::from_str(&mapping).map_err(|e| format!("wasm-opt's name mapping: {e}"))?;
    let pairs = |key: &str| -> Result<Vec<(String, String)>, String> {
        let rows = mapping[key]
            .as_array()
            .ok_or(format!("no `{key}` in wasm-opt's mapping"))?;
        rows.iter()
            .map(|row| {
                let row = row.as_array().map(Vec::as_slice).unwrap_or_default();
                match row {
                    // Imports: [module, old, new]; exports: [old, new].
                    [.., old, new] => Ok((
                        old.as_str().unwrap_or_default().to_owned(),
                        new.as_str().unwrap_or_default().to_owned(),
                    )),
                    _ => Err(format!("unexpected row in wasm-opt's `{key}` mapping: {row:?}")),
                }
            })
            .collect()
    };
    let mut glue = fs::read_to_string(glue_path).map_err(|e| format!("{}: {e}", glue_path.display()))?;
    // Every import comes from the one module wasm-bindgen names `./<name>_bg.js`; binaryen
    // renames the modules to `a`.
    glue = replace_once(&glue, &format!("\"./{name}_bg.js\": import0"), "a: import0")?;
    for (old, new) in pairs("imports")? {
        glue = replace_once(&glue, &format!("{old}: function"), &format!("{new}: function"))?;
    }
    for (old, new) in pairs("exports")? {
        let (replaced, count) = replace_word(&glue, &format!("wasm.{old}"), &format!("wasm.{new}"));
        // Exports the glue never reads (the abort handler of `panic=immediate-abort`) are
        // left alone; a `wasm.<name>` read that keeps its old name would fail at run time.
        if count > 0 {
            glue = replaced;
        }
    }
    if let Some(at) = glue.find("wasm.__w") {
        return Err(format!(
            "the glue still reads a wasm export by its long name at `{}`; update xtask/src/pkg.rs",
            &glue[at..glue.len().min(at + 40)]
        ));
    }
    write(glue_path, &glue)
}

/// `text` with its one occurrence of `from` replaced, or an error naming it.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "expected one `{from}` in the wasm-bindgen glue, found {n}; update xtask/src/pkg.rs"
        )),
    }
}

/// `text` with each `from` that is not followed by an identifier character replaced, and how
/// many were.
fn replace_word(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = rest[at + from.len()..].chars().next();
        let whole = !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        out.push_str(&rest[..at]);
        out.push_str(if whole { to } else { from });
        count += usize::from(whole);
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    (out, count)
}

/// The browser entries (`pmp-client`, `pmp-client/full`) and the loader they share.
const BROWSER_FILES: &[&str] = &["browser.js", "browser-full.js", "load.js"];

/// The dynamic imports of the browser files and the webpack magic comment each keeps, which
/// minifying drops: webpack, rspack and Next always emit the `.wasm`, so the embedded copy's
/// import is ignored (else a chunk loader, 0.6 kB gzip, for a fallback they never need); the
/// full wasm's glue and writes.js go in the page's own chunk, evaluated on the first write
/// (webpack's chunk loader needs a `document`, which a classic worker built for the web
/// target lacks). Other bundlers split them into chunks of their own.
const MAGIC_COMMENTS: &[(&str, &str, &str)] = &[
    ("load.js", "./inline.js", "webpackIgnore: true"),
    ("browser.js", "./web/pmp_wasm.js", "webpackMode: \"eager\""),
    ("browser.js", "./writes.js", "webpackMode: \"eager\""),
];

/// Puts back [`MAGIC_COMMENTS`] in the minified browser files of `pkg`.
fn keep_magic_comments(pkg: &Path) -> Result<(), String> {
    for (file, module, comment) in MAGIC_COMMENTS {
        let entry = pkg.join(file);
        let text = fs::read_to_string(&entry).map_err(|e| format!("{}: {e}", entry.display()))?;
        let import = format!("import(\"{module}\")");
        if !text.contains(&import) {
            return Err(format!(
                "{}: expected {import}; update xtask/src/pkg.rs",
                entry.display()
            ));
        }
        write(
            &entry,
            &text.replace(&import, &format!("import(/* {comment} */ \"{module}\")")),
        )?;
    }
    Ok(())
}

/// Moves wasm-bindgen's one inline snippet (the `PmpError` class, whose path has a hash in
/// it) to [`ERROR_MODULE`], so that client.js can import the class before the wasm is
/// instantiated, and points the glue at it.
fn stable_error_module(web: &Path, name: &str) -> Result<(), String> {
    let snippets = files_under(&web.join("snippets"))?;
    let [snippet] = snippets.as_slice() else {
        return Err(format!(
            "expected one wasm-bindgen snippet (the PmpError class), found {snippets:?}; update xtask/src/pkg.rs"
        ));
    };
    let relative = snippet
        .strip_prefix(web)
        .unwrap_or(snippet)
        .to_string_lossy()
        .into_owned();
    let glue_path = web.join(format!("{name}.js"));
    let glue = fs::read_to_string(&glue_path).map_err(|e| format!("{}: {e}", glue_path.display()))?;
    // Only the import statements: the path also names the wasm's imports, which stay.
    let new = ERROR_MODULE.trim_start_matches("web/");
    let mut replaced = glue.clone();
    for quote in ['\'', '"'] {
        replaced = replaced.replace(
            &format!("from {quote}./{relative}{quote}"),
            &format!("from {quote}./{new}{quote}"),
        );
    }
    if replaced == glue {
        return Err(format!(
            "the glue does not import ./{relative}; update xtask/src/pkg.rs"
        ));
    }
    write(&glue_path, &replaced)?;
    fs::rename(snippet, web.parent().unwrap_or(web).join(ERROR_MODULE))
        .map_err(|e| format!("moving {}: {e}", snippet.display()))?;
    remove(&web.join("snippets"))
}

/// Writes the wasm gzipped and base64-encoded as a CommonJS module (`module.exports =
/// "..."`): Node's entry and the browser entry's fallback instantiate from it. Gzip halves it
/// (61 kB of wasm: 81 kB as base64, 38 kB gzipped first).
fn inline_wasm(wasm: &Path, out: &Path) -> Result<(), String> {
    let script = "const z = require('zlib'), fs = require('fs');
        const [wasm, out] = process.argv.slice(1);
        const gz = z.gzipSync(fs.readFileSync(wasm), { level: 9 }).toString('base64');
        fs.writeFileSync(out, '// The wasm of pmp-client, gzipped, in base64 (built by cargo xtask pkg).\\n'
            + 'module.exports = \"' + gz + '\";\\n');";
    cmd::run(cmd::new("node").args(["-e", script]).arg(wasm).arg(out))
}

/// Checks that the glue `web/<name>.js` instantiates its wasm (their import and export names
/// match) in Node.
fn instantiates(pkg: &Path, name: &str) -> Result<(), String> {
    let script = "const [glue, wasm] = process.argv.slice(1);
        import(require('url').pathToFileURL(glue)).then((g) => {
            g.initSync({ module: require('fs').readFileSync(wasm) });
        });";
    cmd::run(
        cmd::new("node")
            .args(["-e", script])
            .arg(pkg.join(format!("web/{name}.js")))
            .arg(pkg.join(format!("web/{name}_bg.wasm"))),
    )
}

/// Fails if a `PMP_DEFAULTS.<option>` that client.js reads is left in `file`: pmp-core's
/// `defaults` has no such setting, and it would be a ReferenceError at run time.
fn no_placeholder_left(file: &Path) -> Result<(), String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    match text.find("PMP_DEFAULTS") {
        Some(at) => Err(format!(
            "{}: `{}` is not defined by xtask/src/generate.rs (from pmp-core)",
            file.display(),
            &text[at..text.len().min(at + 40)]
        )),
        None => Ok(()),
    }
}

/// Fails unless the bundled client imports nothing but the error module: a part of js/client/
/// left out of the bundle would be missing from the package.
fn imports_only_the_error_module(file: &Path) -> Result<(), String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let wanted = format!("\"./{ERROR_MODULE}\"");
    let imports = text.matches("from\"").count() + text.matches("from \"").count();
    let of_error =
        text.matches(&format!("from{wanted}")).count() + text.matches(&format!("from {wanted}")).count();
    if imports == 0 || imports != of_error {
        return Err(format!(
            "{}: expected imports of ./{ERROR_MODULE} only, found {imports} imports, {of_error} of it",
            file.display()
        ));
    }
    Ok(())
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

/// Drops `[Symbol.dispose]` from the declarations: it needs TypeScript's `esnext.disposable`
/// lib, which would fail `tsc` for users on ES2022 libs; the method stays at run time.
fn portable_types(text: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| l.trim() != "[Symbol.dispose](): void;")
        .collect();
    kept.join("\n") + "\n"
}

/// Prints the size of the browser build: what a page loads first (the first wasm, and the JS
/// a bundler emits for the browser entry: esbuild `--bundle --minify`, the glue's unused
/// loader dropped, the embedded-wasm fallback and the full wasm's glue left out as chunks a
/// page loads only when needed), then what its first write adds (the full wasm and its
/// glue), raw, gzip -9 and brotli. `cargo xtask bench --sizes` prints what Vite, webpack,
/// rspack and esbuild emit for a page that only lists.
pub fn print_sizes() -> Result<(), String> {
    let pkg = cmd::root().join("pkg");
    let bundle = target_dir().join("pkg-sizes/browser.js");
    let full_glue = format!("--external:./web/{FULL}.js");
    let writes = format!("--external:./{WRITES}");
    esbuild(
        &pkg.join("browser.js"),
        &bundle,
        &[
            "--bundle",
            "--minify",
            "--format=esm",
            "--external:./inline.js",
            &full_glue,
            &writes,
        ],
    )?;
    let script = "const z = require('zlib'), fs = require('fs');
        const [wasm, glue, fullWasm, fullGlue, writes] = process.argv.slice(1).map(p => fs.readFileSync(p));
        const size = b => [b.length, z.gzipSync(b, { level: 9 }).length,
            z.brotliCompressSync(b).length];
        const row = (name, s) => console.log(name.padEnd(34) + s.map(n => String(n).padStart(9)).join(''));
        const sum = (a, b) => a.map((n, i) => n + b[i]);
        const w = size(wasm), g = size(glue), fw = size(fullWasm), fg = sum(size(fullGlue), size(writes));
        console.log('browser build'.padEnd(34) + ['raw', 'gzip -9', 'brotli'].map(s => s.padStart(9)).join(''));
        row('first .wasm (reads)', w); row('JS (bundled)', g); row('a page that only reads', sum(w, g));
        row('+ full .wasm (first write)', fw); row('+ its glue, writes.js', fg); row('a page that writes', sum(sum(w, g), sum(fw, fg)));";
    cmd::run(
        cmd::new("node")
            .args(["-e", script])
            .arg(pkg.join(format!("web/{READS}_bg.wasm")))
            .arg(&bundle)
            .arg(pkg.join(format!("web/{FULL}_bg.wasm")))
            .arg(pkg.join(format!("web/{FULL}.js")))
            .arg(pkg.join(WRITES)),
    )
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set, else the workspace's `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => cmd::root().join(dir),
        None => cmd::root().join("target"),
    }
}

pub(crate) fn files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
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

pub(crate) fn remove(path: &Path) -> Result<(), String> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else if path.exists() {
        fs::remove_file(path)
    } else {
        return Ok(());
    };
    result.map_err(|e| format!("removing {}: {e}", path.display()))
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
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
    copy_tree(&root.join(source), &dir, &["node_modules"])?;
    // The test tools from the folder's lock file, then the tarball; no install scripts run.
    if dir.join("package-lock.json").is_file() {
        cmd::run(cmd::new("npm").current_dir(&dir).args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    install_tarball(&dir, &tarball, "--no-save", extra)?;
    Ok(dir)
}

/// Copies the files under `from` into `to`, but for those under the top-level names `skip`.
pub(crate) fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    for file in files_under(from)? {
        let relative = file.strip_prefix(from).unwrap_or(&file);
        if skip.iter().any(|name| relative.starts_with(name)) {
            continue;
        }
        let target = to.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::copy(&file, &target).map_err(|e| format!("copying {}: {e}", file.display()))?;
    }
    Ok(())
}

/// Installs the packed package's `tarball` (and the npm packages `extra`) into `dir` as a user
/// would, with no install script run; `lock` says what becomes of the lock file
/// (`--no-save`, `--no-package-lock`).
pub(crate) fn install_tarball(dir: &Path, tarball: &Path, lock: &str, extra: &[&str]) -> Result<(), String> {
    cmd::run(
        cmd::new("npm")
            .current_dir(dir)
            .args(["install", "--ignore-scripts", "--no-audit", "--no-fund", lock])
            .arg(tarball)
            .args(extra),
    )
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
    // The table of resources the tests loop over, from pmp-core's declaration.
    write(&dir.join("resources.json"), &generate::test_resources())?;
    // The endpoints beyond the six (their methods), from pmp-core's `EXTRAS`.
    write(&dir.join("extras.json"), &(generate::extras() + "\n"))?;
    cmd::run(
        cmd::new("node")
            .current_dir(&dir)
            .env("PMP_SANDBOX_BIN", &sandbox)
            // The exchanges recorded from real servers, which replay.test.mjs answers from.
            .env("PMP_WIRE_DIR", crate::wire::dir())
            .args([
                "--test",
                "--test-timeout=120000",
                "client.test.mjs",
                "replay.test.mjs",
                "versions.test.mjs",
                "profiles.test.mjs",
                "require.test.cjs",
                "retries.test.mjs",
                "lookups.test.mjs",
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

/// The engines wasm-bindgen-test runs in, and the variables that pick each.
pub(crate) const WASM_ENGINES: [(&str, &[(&str, &str)]); 2] = [
    ("node", &[("WASM_BINDGEN_USE_NODE_EXPERIMENTAL", "1")]),
    (
        "chromium",
        &[
            ("WASM_BINDGEN_USE_BROWSER", "1"),
            ("CHROMEDRIVER", "/usr/bin/chromedriver"),
            // The runner gives the browser 20 s to run every test by default: a busy
            // 2-core machine can take longer to start Chromium alone. Only a hang needs it.
            ("WASM_BINDGEN_TEST_TIMEOUT", "300"),
        ],
    ),
];

/// wasm-bindgen-test of crates/pmp-wasm in Node, then in headless Chromium (Debian's
/// chromium and chromedriver; the browser's flags are in crates/pmp-wasm/webdriver.json).
pub fn wasm_tests() -> Result<(), String> {
    tools::wasm_target()?;
    tools::wasm_bindgen_cli()?;
    tools::chromium()?;
    for (engine, env) in WASM_ENGINES {
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
