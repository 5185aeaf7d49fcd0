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
        Operation::List => {
            "Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few \
             at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done \
             locally elsewhere; `createdAfter`/`createdBefore` need 3.x."
        }
        Operation::Get => "One row by id; rejects with `not_found` if there is none.",
        Operation::Search => {
            "Every row matching a keyword (pages followed as for lists); `[]` if none match. The \
             keyword is sent as one percent-encoded path segment."
        }
        Operation::Create => {
            "Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. \
             3.x servers return the new id as `record_id`; 1.0 and 2.0 do not."
        }
        Operation::Update => {
            "Changes the fields given, and only those (servers never re-check mandatory fields \
             on update); an input with no field is refused. Resolves with `unchanged: true` when \
             the server says `Update Fail.` and the row exists; rejects with `not_found` if it \
             does not."
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
        // Updates are partial: any subset of the input's fields.
        InputKind::IdAndFields => format!("id: number | string, input: Partial<{input}>, "),
        // A child's get (a contact of a customer): the parent's id, then the row's.
        InputKind::ParentAndId => "parentId: number | string, id: number | string, ".to_owned(),
    };
    let options = match endpoint.operation {
        Operation::List | Operation::Search => "ListOptions",
        Operation::Create => "CreateOptions",
        _ => "CallOptions",
    };
    format!("{args}options?: {options}")
}

/// The page calls: their method names and row types, from the catalogue's lists and searches.
fn page_calls() -> String {
    let mut lists = Vec::new();
    let mut searches = Vec::new();
    for e in CATALOGUE.iter() {
        let entry = format!("{}: {}", e.operation_id, e.output_type);
        match e.operation {
            // A child's list (contacts of a customer) takes its parent's id first, as a search its keyword.
            Operation::List if e.input == InputKind::Id => searches.push(entry),
            Operation::List => lists.push(entry),
            Operation::Search => searches.push(entry),
            _ => {}
        }
    }
    format!(
        "  /**\n   * One page of a list, on every server version: 3.x sends it; 1.0 and 2.0 send the\n   \
         * whole table, which is cut locally, with the same `meta`. A page past the end has no rows.\n   */\n  \
         page<M extends keyof PmpLists>(method: M, options?: PageOptions): Promise<Page<PmpLists[M]>>;\n  \
         /** One page of a search, as `page` does for lists. */\n  \
         page<M extends keyof PmpSearches>(method: M, keyword: string, options?: PageOptions): Promise<Page<PmpSearches[M]>>;\n  \
         /** The pages of a list from `options.page` (default 1) to the last, for `for await`. */\n  \
         pages<M extends keyof PmpLists>(method: M, options?: PageOptions): AsyncGenerator<Page<PmpLists[M]>, void>;\n  \
         /** The pages of a search, as `pages` does for lists. */\n  \
         pages<M extends keyof PmpSearches>(method: M, keyword: string, options?: PageOptions): AsyncGenerator<Page<PmpSearches[M]>, void>;\n\
         }}\n\n/** The list methods and their row types (for `page` and `pages`). */\n\
         export interface PmpLists {{\n  {}\n}}\n\n/** The search methods and their row types (for `page` and `pages`). */\n\
         export interface PmpSearches {{\n  {}\n}}\n",
        lists.join(";\n  ") + ";",
        searches.join(";\n  ") + ";"
    )
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
         free(): void;\n",
    );
    out.push_str(&page_calls());
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
