//! The TypeScript declaration of `PmpClient` (js/client.d.ts) is generated from pmp-core's
//! `CATALOGUE`, so that the methods the package declares are the catalogue's. This test
//! fails when the file is stale; `PMP_WRITE_DECLARATIONS=1 cargo test -p pmp-wasm --test
//! declarations` rewrites it.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;

use pmp_core::{Endpoint, InputKind, Operation, CATALOGUE};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/js/client.d.ts");

/// What each operation does, beyond the document's summary.
fn detail(operation: Operation) -> &'static str {
    match operation {
        Operation::List => "Every row of the resource.",
        Operation::Get => "One row by id; rejects with `not_found` if there is none.",
        Operation::Search => {
            "The rows matching a keyword; rejects with `not_found` if none match. The keyword is \
             sent as one percent-encoded path segment."
        }
        Operation::Create => {
            "Creates a row (form fields; `files` as `file[]` parts). The server does not return \
             the new id."
        }
        Operation::Update => {
            "Changes a row (JSON). The server re-checks the mandatory fields, so they are required \
             here too."
        }
        Operation::Delete => "Deletes a row.",
    }
}

fn params(endpoint: &Endpoint) -> String {
    let input = endpoint.input_type.unwrap_or_default();
    let args = match endpoint.input {
        InputKind::None => String::new(),
        InputKind::Id => "id: number | string, ".to_owned(),
        InputKind::Keyword => "keyword: string, ".to_owned(),
        InputKind::Fields => format!("input: {input}, "),
        InputKind::IdAndFields => format!("id: number | string, input: {input}, "),
    };
    format!("{args}options?: CallOptions")
}

fn declarations() -> String {
    let mut out = String::from(
        "// Generated from pmp-core's CATALOGUE by crates/pmp-wasm/tests/declarations.rs: do not edit.\n\
         /**\n * A client of one PMP installation. Every method returns a promise that resolves with the\n \
         * parsed answer or rejects with a `PmpError`; the client stays usable after any failure.\n */\n\
         export declare class PmpClient {\n  \
         /**\n   * A client for `options.baseUrl` with `options.token`. Throws a `PmpError` of kind\n   \
         * `invalid_input` naming the option that is wrong.\n   */\n  \
         constructor(options: PmpClientOptions);\n",
    );
    for endpoint in &CATALOGUE {
        let output = match endpoint.operation {
            Operation::List | Operation::Search => format!("{}[]", endpoint.output_type),
            _ => endpoint.output_type.to_owned(),
        };
        let _ = write!(
            out,
            "  /**\n   * {summary}: `{method} {path}`.\n   * {detail}\n   */\n  \
             {name}({params}): Promise<{output}>;\n",
            summary = endpoint.summary,
            method = endpoint.method.as_str(),
            path = endpoint.path,
            detail = detail(endpoint.operation),
            name = endpoint.operation_id,
            params = params(endpoint),
        );
    }
    out.push_str(
        "  /** Releases the client's wasm memory now (it is released when the client is garbage\n   \
         * collected anyway); calls made afterwards reject with kind `invalid_input`. */\n  \
         free(): void;\n}\n",
    );
    out
}

#[test]
fn client_declarations_follow_the_catalogue() {
    let generated = declarations();
    assert!(
        CATALOGUE.iter().all(|e| !e.summary.is_empty()),
        "built without pmp-core's docs feature"
    );
    if std::env::var_os("PMP_WRITE_DECLARATIONS").is_some() {
        std::fs::write(FILE, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(FILE).unwrap_or_default();
    assert!(
        committed == generated,
        "{FILE} is stale: run `PMP_WRITE_DECLARATIONS=1 cargo test -p pmp-wasm --test declarations`"
    );
}
