//! What `cargo xtask pkg` writes into the npm package from pmp-core, so that the package
//! copies nothing by hand: the catalogue as a table of named endpoints and the defaults and
//! limits (both given to esbuild as `--define`s of js/client.js), the TypeScript declarations
//! of the client class (one method per endpoint), and the defaults in the declarations' docs.

use pmp_core::defaults::{self, Value};
use pmp_core::{
    argument_names, Endpoint, ErrorKind, ExtraEndpoint, ExtraInput, InputKind, Operation, OutputKind, ARG_ID,
    ARG_INPUT, ARG_KEYWORD, ARG_PARENT_ID, CATALOGUE, EXTRAS,
};
use serde_json::json;

/// What a success of an endpoint holds, as js/client.js names it.
pub fn output_name(output: OutputKind) -> &'static str {
    match output {
        OutputKind::Rows => "rows",
        OutputKind::Row => "row",
        OutputKind::Message => "message",
    }
}

/// The catalogue as js/client.js reads it (`PMP_CATALOGUE`), resource by resource in the
/// catalogue's order: `{ resource, id, idAlias?, tokenHeaders, endpoints }`, the path segment,
/// the id column, the column rows without it carry the id in (the quirk `id_alias`, where
/// declared), the headers that carry the token (which hooks see redacted), and the endpoints, `{ name, operation, method, args,
/// output, read? }` (`read`: a list, get or search, served by the browser's first wasm). Flattened in order, an endpoint's index is its `op` in the wasm's `Core`
/// (pmp-core's `CATALOGUE` order, which this checks is resource by resource).
pub fn catalogue() -> String {
    let mut resources: Vec<serde_json::Value> = Vec::new();
    for e in &CATALOGUE {
        assert_eq!(
            e.auth,
            e.resource.auth(),
            "{}: one auth per resource",
            e.operation_id
        );
        let segment = e.resource.segment();
        if resources.last().is_none_or(|r| r["resource"] != segment) {
            assert!(
                resources.iter().all(|r| r["resource"] != segment),
                "{}: the catalogue is not laid out resource by resource",
                e.operation_id
            );
            let mut resource = json!({
                "resource": segment,
                "id": e.resource.id_field(),
                "tokenHeaders": e.resource.auth().headers(),
                "endpoints": [],
            });
            if let Some(alias) = e.resource.quirks().id_alias {
                resource["idAlias"] = json!(alias);
            }
            resources.push(resource);
        }
        let endpoints = resources.last_mut().and_then(|r| r["endpoints"].as_array_mut());
        let mut endpoint = json!({
            "name": e.operation_id,
            "operation": e.operation.verb(),
            "method": e.method.as_str(),
            "args": argument_names(e.input),
            "output": output_name(e.output),
        });
        // Served by the browser's first wasm, the build without writes (pmp-wasm's README).
        if e.operation.is_read() {
            endpoint["read"] = json!(true);
        }
        endpoints.expect("an array").push(endpoint);
    }
    serde_json::Value::Array(resources).to_string()
}

/// The endpoints beyond the six of a resource as js/client.js reads them (`PMP_EXTRAS`), in
/// pmp-core's `EXTRAS` order: `{ name, method, args, output, tokenHeaders, customFields }`;
/// flattened after the catalogue's, an endpoint's index is its `op` in the wasm's `Core`.
/// `customFields`: its rows' `value` and `options` are JSON texts the client decodes.
pub fn extras() -> String {
    let all: Vec<serde_json::Value> = EXTRAS
        .iter()
        .map(|e| {
            json!({
                "name": e.operation_id,
                "method": e.method.as_str(),
                "args": e.input.argument_names(),
                "output": output_name(e.output),
                "tokenHeaders": e.auth.headers(),
                "customFields": e.output_type == "CustomField",
            })
        })
        .collect();
    serde_json::Value::Array(all).to_string()
}

/// The resources as the JavaScript tests read them (`resources.json`, which `cargo xtask test`
/// writes beside tests/node's copy), in declaration order: the path segment, the names in
/// the methods (`list` + `plural`, `get` + `one`), the id column, the first version serving
/// it, the title field (a text the tests mark their rows with), the id of the parent row its
/// example names (`null` without a parent: a child's list and get take it), and its declared
/// example input, the versions whose list always fails (`listFailsOn`) and the operations
/// each version lacks (`lacks`). The tests loop over it, so that a resource added to the
/// declaration is tested with no edit.
pub fn test_resources() -> String {
    let all: Vec<serde_json::Value> = pmp_core::Resource::ALL
        .iter()
        .map(|resource| {
            let info = resource.info();
            json!({
                "resource": info.segment,
                "plural": info.plural,
                "one": info.model_name,
                "id": info.id_field,
                "since": info.since.name(),
                "title": resource.title_field(),
                "parent": resource.example_parent_id(),
                "example": resource.example_input(),
                "listFailsOn": resource.quirks().list_fails_on.iter().map(|v| v.name()).collect::<Vec<_>>(),
                "lacks": lacks(*resource),
                "getCrashesOn": resource.quirks().get_crashes_on.iter().map(|v| v.name()).collect::<Vec<_>>(),
                "updatesWhole": resource.updates_whole(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&all).expect("JSON");
    text.push('\n');
    text
}

/// The operations each version that has the resource lacks (the quirk `lacks`), by version
/// name: `{"2.0": ["update", "delete"], ...}` (versions that lack none left out).
fn lacks(resource: pmp_core::Resource) -> serde_json::Value {
    let mut by_version = serde_json::Map::new();
    for version in pmp_core::ModuleVersion::ALL
        .into_iter()
        .filter(|v| resource.exists_on(*v))
    {
        let lacked: Vec<&str> = Operation::ALL
            .into_iter()
            .filter(|op| !resource.quirks().lacking(version, *op).is_empty())
            .map(Operation::verb)
            .collect();
        if !lacked.is_empty() {
            by_version.insert(version.name().to_owned(), json!(lacked));
        }
    }
    serde_json::Value::Object(by_version)
}

/// The README's table of what each server version serves, per resource (and endpoint beyond
/// the six), from the declaration: the operations, and where a version answers one in a way
/// no client can use (1.0's task list, 2.0's ticket and invoice gets). Only the README's
/// test reads it.
#[cfg(test)]
fn resource_table() -> String {
    let mut out = String::from("| resource | 1.0 | 2.0 | 3.x |\n|---|---|---|---|\n");
    for resource in pmp_core::Resource::ALL {
        let quirks = resource.quirks();
        let cells: Vec<String> = pmp_core::ModuleVersion::ALL
            .into_iter()
            .map(|version| {
                let served: Vec<&str> = Operation::ALL
                    .into_iter()
                    .filter(|op| resource.serves(version, *op))
                    .map(Operation::verb)
                    .collect();
                let mut cell = match served.len() {
                    0 => "-".to_owned(),
                    6 => "all six".to_owned(),
                    _ => served.join(", "),
                };
                if quirks.list_fails(version) {
                    cell.push_str(" (the list always 404)");
                }
                if quirks.get_crashes(version) {
                    cell.push_str(" (the get always 500)");
                }
                cell
            })
            .collect();
        out.push_str(&format!(
            "| {} | {} |\n",
            resource.info().plural,
            cells.join(" | ")
        ));
    }
    for extra in EXTRAS.iter() {
        let cells: Vec<&str> = pmp_core::ModuleVersion::ALL
            .into_iter()
            .map(|v| if extra.served_on(v) { "yes" } else { "-" })
            .collect();
        out.push_str(&format!("| `{}` | {} |\n", extra.operation_id, cells.join(" | ")));
    }
    out
}

/// `--define`s of pmp-core's defaults and limits: `PMP_DEFAULTS.timeoutMs=30000`, ...
pub fn default_defines() -> Vec<String> {
    defaults::ALL
        .iter()
        .map(|(name, value)| format!("--define:PMP_DEFAULTS.{name}={}", value_text(*value)))
        .collect()
}

/// The `--define` of pmp-core's secret columns (`SECRET_COLUMNS`), which js/client/answer.js
/// drops from every row: `PMP_SECRET_COLUMNS=["password",...]`.
pub fn secret_columns_define() -> String {
    format!(
        "--define:PMP_SECRET_COLUMNS={}",
        serde_json::to_string(pmp_core::SECRET_COLUMNS).expect("JSON")
    )
}

/// A default as JavaScript and the documentation write it.
pub fn value_text(value: Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        Value::Flag(b) => b.to_string(),
    }
}

/// The names of the types that the hand-written declarations (js/index.d.ts: `PmpError`) and
/// the generated class use besides the catalogue's inputs and outputs.
const DECLARED_TYPES: &[&str] = &[
    "CallOptions",
    "CreateOptions",
    "ListOptions",
    "Page",
    "PageOptions",
    "PmpClientOptions",
];

/// The package's declarations: an import of every type they name (the catalogue's inputs
/// and outputs, from the declarations generated from pmp-core's models), the error kinds
/// (pmp-core's `ErrorKind` names), the hand-written ones (`hand`: js/index.d.ts), and the
/// `PmpClient` class, one method per catalogue endpoint.
pub fn declarations(hand: &str) -> String {
    let mut names: Vec<&str> = DECLARED_TYPES.to_vec();
    for e in &CATALOGUE {
        names.extend(e.input_type());
        names.push(e.output_type());
    }
    names.extend(EXTRAS.iter().map(|e| e.output_type));
    if EXTRAS.iter().any(|e| e.input == ExtraInput::FieldTo) {
        names.push("CustomFieldTarget");
    }
    if EXTRAS.iter().any(|e| e.input == ExtraInput::IdAndCc) {
        names.push("SendInvoiceInput");
    }
    names.sort_unstable();
    names.dedup();
    let mut out = String::from(
        "// Types of pmp-client, written by `cargo xtask pkg` (xtask/src/generate.rs): the models,\n\
         // inputs and options generated from the Rust crates, the error class that every failed\n\
         // call rejects with (crates/pmp-wasm/js/index.d.ts) and the client class, one method per\n\
         // endpoint of pmp-core's catalogue.\n",
    );
    out.push_str("import type {\n");
    for name in names {
        out.push_str(&format!("  {name},\n"));
    }
    out.push_str("} from \"./types/pmp_wasm.cjs\";\n\n");
    out.push_str(
        "/** What went wrong, for a program to branch on (`PmpError.kind`): pmp-core's `ErrorKind`. */\n",
    );
    out.push_str("export type PmpErrorKind =\n");
    let kinds: Vec<String> = ErrorKind::ALL
        .iter()
        .map(|k| format!("  | \"{}\"", k.as_str()))
        .collect();
    out.push_str(&kinds.join("\n"));
    out.push_str(";\n\n");
    out.push_str(hand.trim_end());
    out.push_str("\n\n");
    out.push_str(&client_class());
    out
}

/// What each operation does, beyond the document's summary; for a write whose answer says
/// nothing about the row (pmp-core's quirk `writes_ignore_missing_on`), the get sent first.
fn detail(endpoint: &Endpoint) -> String {
    let checked = matches!(endpoint.operation, Operation::Update | Operation::Delete)
        && !endpoint.resource.quirks().writes_ignore_missing_on.is_empty();
    let text = operation_detail(endpoint.operation);
    if !checked {
        return text;
    }
    format!(
        "{text} The server answers success whatever the id, so the row is got first: an unknown id \
         rejects with `not_found` and nothing is written."
    )
}

/// What an operation does, beyond the document's summary.
fn operation_detail(operation: Operation) -> String {
    match operation {
        Operation::List => format!(
            "Every row, on every server version: 3.x's pages are all fetched ({} rows each, {} at \
             once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done \
             locally elsewhere; `createdAfter`/`createdBefore` need 3.x.",
            defaults::MAX_PER_PAGE.value,
            defaults::PAGES_IN_FLIGHT.value
        ),
        Operation::Get => "One row by id; rejects with `not_found` if there is none.".to_owned(),
        Operation::Search => "Every row matching a keyword (pages followed as for lists); `[]` if none \
             match. The keyword is sent as one percent-encoded path segment."
            .to_owned(),
        Operation::Create => "Creates a row (form fields; `files` as `file[]` parts), with an \
             `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not."
            .to_owned(),
        Operation::Update => "Changes the fields given, and only those (servers never re-check \
             mandatory fields on update); an input with no field is refused. Resolves with \
             `unchanged: true` when the server says `Update Fail.` and the row exists; rejects \
             with `not_found` if it does not."
            .to_owned(),
        Operation::Delete => "Deletes a row.".to_owned(),
    }
}

/// The TypeScript parameters of an endpoint's method: its arguments, by the names the
/// package passes them to the wasm (pmp-core's `argument_names`), then the call options.
fn params(endpoint: &Endpoint) -> String {
    let input = endpoint.input_type().unwrap_or_default();
    let mut params: Vec<String> = argument_names(endpoint.input)
        .iter()
        .map(|name| match *name {
            ARG_ID => "id: number | string".to_owned(),
            ARG_KEYWORD => "keyword: string".to_owned(),
            // A child's get (a contact of a customer): the parent's id, then the row's.
            ARG_PARENT_ID => "parentId: number | string".to_owned(),
            // Updates are partial: any subset of the input's fields.
            ARG_INPUT if endpoint.operation == Operation::Update => format!("input: Partial<{input}>"),
            ARG_INPUT => format!("input: {input}"),
            other => panic!("no TypeScript type for argument `{other}`: add it in xtask/src/generate.rs"),
        })
        .collect();
    let options = match endpoint.operation {
        Operation::List | Operation::Search => "ListOptions",
        Operation::Create => "CreateOptions",
        _ => "CallOptions",
    };
    params.push(format!("options?: {options}"));
    params.join(", ")
}

/// The declaration of the method of an endpoint beyond the six (pmp-core's `EXTRAS`).
fn extra_method(extra: &ExtraEndpoint) -> String {
    let since = extra.since.name();
    let (params, detail) = match extra.input {
        ExtraInput::None => (String::new(), String::new()),
        ExtraInput::Id => ("id: number | string, ".to_owned(), String::new()),
        ExtraInput::IdAndCc => (
            "id: number | string, input?: SendInvoiceInput, ".to_owned(),
            " `input.cc`: more recipients, comma-separated email addresses (a form field \
             `cc`). Never retried, whatever `retries`, `retryWrites` and `retryCreates` say: a \
             repeat would send the email again. An unknown id rejects with `not_found`; an \
             email the server could not send with kind `http`, status 500 and the server's \
             message."
                .to_owned(),
        ),
        ExtraInput::FieldTo => (
            "fieldto: CustomFieldTarget, id?: number | string | null, ".to_owned(),
            " With `id`, each field's `value` is the one stored for that row (else `\"\"`). A \
             field with options sends `options` and `value` as JSON texts: they are decoded into \
             `decoded_options` and `decoded_value` (the chosen options; text for a field \
             without options), each trimmed, empty ones dropped; a text that is not a JSON \
             array of strings rejects with kind `decode`."
                .to_owned(),
        ),
    };
    let path = match extra.input {
        ExtraInput::FieldTo => format!("{}[/{{id}}]", extra.path),
        _ => extra.path.to_owned(),
    };
    // The versions a client told refuses it for: those before `since`.
    let older: Vec<String> = pmp_core::ModuleVersion::ALL
        .into_iter()
        .filter(|v| !extra.served_on(*v))
        .map(|v| format!("`serverVersion: \"{}\"`", v.name()))
        .collect();
    let (what, output) = match extra.output {
        OutputKind::Rows => ("Every row; `[]` for none.", format!("{}[]", extra.output_type)),
        _ => ("The server's answer.", extra.output_type.to_owned()),
    };
    format!(
        "  /**\n   * {summary}: `{method} {path}` (module {since} on: with {older} \
         it rejects with kind `unsupported`, unsent).\n   * {what}{detail}\n   */\n  \
         {name}({params}options?: CallOptions): Promise<{output}>;\n",
        summary = extra.summary,
        method = extra.method.as_str(),
        name = extra.operation_id,
        older = older.join(" or "),
    )
}

/// The `PmpClient` class and the page-call interfaces.
fn client_class() -> String {
    let mut out = String::from(
        "/**\n * A client of one PMP installation. Every method returns a promise that resolves with the\n \
         * parsed answer or rejects with a `PmpError`; the client stays usable after any failure.\n */\n\
         export declare class PmpClient {\n  \
         /**\n   * A client for `options.baseUrl` with `options.token`. Throws a `PmpError` of kind\n   \
         * `invalid_input` naming the option that is wrong.\n   */\n  \
         constructor(options: PmpClientOptions);\n",
    );
    let mut lists = Vec::new();
    let mut searches = Vec::new();
    for endpoint in &CATALOGUE {
        let output = match endpoint.output {
            OutputKind::Rows => format!("{}[]", endpoint.output_type()),
            _ => endpoint.output_type().to_owned(),
        };
        out.push_str(&format!(
            "  /**\n   * {summary}: `{method} {path}`.\n   * {detail}\n   */\n  \
             {name}({params}): Promise<{output}>;\n",
            summary = endpoint.summary(),
            method = endpoint.method.as_str(),
            path = endpoint.path,
            detail = detail(endpoint),
            name = endpoint.operation_id,
            params = params(endpoint),
        ));
        let entry = format!("{}: {}", endpoint.operation_id, endpoint.output_type());
        match endpoint.operation {
            // A child's list (contacts of a customer) takes its parent's id first, as a search its keyword.
            Operation::List if endpoint.input == InputKind::Id => searches.push(entry),
            Operation::List => lists.push(entry),
            Operation::Search => searches.push(entry),
            _ => {}
        }
    }
    for extra in &EXTRAS {
        out.push_str(&extra_method(extra));
    }
    out.push_str(
        "  /** Releases the client's wasm memory now (it is released when the client is garbage\n   \
         * collected anyway); calls made afterwards reject with kind `invalid_input`. */\n  \
         free(): void;\n",
    );
    out.push_str(&format!(
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
    ));
    out
}

/// `text` with each `{{option}}` replaced by pmp-core's default or limit of that option; an
/// unknown option, or a `{{` left, is an error.
pub fn fill_defaults(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find("}}").ok_or_else(|| {
            format!(
                "`{{{{` without `}}}}` in the declarations at `{}`",
                &after[..after.len().min(30)]
            )
        })?;
        let name = &after[..end];
        let value = defaults::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| {
                format!("`{{{{{name}}}}}` in the declarations: pmp-core's defaults have no `{name}`")
            })?
            .1;
        out.push_str(&value_text(value));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults a document states for pmp-core's options: for each option name (as a whole
    /// word) followed on its line, before the next option name, by `= <value>` (a signature) or
    /// `default <value>` (prose, a comment), the line number, the option and the value as
    /// written, parsed: a number with `_` separators and an optional unit (`s`: seconds, `MiB`),
    /// or `true`/`false`. Values that are not such (`default: none`) are not statements.
    fn stated_defaults(text: &str) -> Vec<(usize, &'static str, String, Value)> {
        let mut found = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let mut mentions: Vec<(usize, &'static str)> = Vec::new();
            for (name, _) in defaults::ALL {
                let mut from = 0;
                while let Some(at) = line[from..].find(name).map(|i| i + from) {
                    let before = line[..at].chars().next_back();
                    let after = line[at + name.len()..].chars().next();
                    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    if !word(before) && !word(after) {
                        mentions.push((at, name));
                    }
                    from = at + name.len();
                }
            }
            mentions.sort();
            for (i, (at, name)) in mentions.iter().enumerate() {
                let end = mentions.get(i + 1).map_or(line.len(), |(next, _)| *next);
                let segment = line[at + name.len()..end].trim_start_matches('`').trim_start();
                let stated = match segment.strip_prefix("= ") {
                    Some(value) => Some(value),
                    None => segment.find("default ").map(|d| &segment[d + "default ".len()..]),
                };
                if let Some((written, value)) = stated.and_then(parse_value) {
                    found.push((number + 1, *name, written, value));
                }
            }
        }
        found
    }

    /// A value at the start of `text` (see [`stated_defaults`]): as written, and parsed.
    fn parse_value(text: &str) -> Option<(String, Value)> {
        for flag in [true, false] {
            if text.starts_with(&flag.to_string()) {
                return Some((flag.to_string(), Value::Flag(flag)));
            }
        }
        let digits: String = text
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '_')
            .collect();
        let n: u64 = digits.replace('_', "").parse().ok()?;
        let rest = &text[digits.len()..];
        let (unit, scale) = if rest.starts_with(" MiB") {
            (" MiB", 1 << 20)
        } else if rest.starts_with(" s") && !rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            (" s", 1000)
        } else {
            ("", 1)
        };
        let value = u32::try_from(n * scale).ok()?;
        Some((format!("{digits}{unit}"), Value::Number(value)))
    }

    fn read(path: &str) -> String {
        let path = crate::cmd::root().join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The README's table of what each version serves is the declaration's.
    #[test]
    fn the_readme_says_what_each_version_serves() {
        // The synthetic resource of `cargo xtask test "synthetic resource"` is no real one.
        if pmp_core::Resource::from_segment("synthetics").is_some() {
            return;
        }
        let table = resource_table();
        assert!(
            read("README.md").contains(&table),
            "README.md's table under \"What each version serves\" is not the declaration's:\n{table}"
        );
    }

    /// Every default the READMEs state is pmp-core's (`crates/pmp-core/src/defaults.rs`).
    #[test]
    fn readmes_state_pmp_cores_defaults() {
        let mut stated = 0;
        for file in ["README.md", "pkg/README.md", "crates/pmp-wasm/README.md"] {
            for (line, name, written, value) in stated_defaults(&read(file)) {
                let core = defaults::ALL.iter().find(|(n, _)| *n == name).unwrap().1;
                assert_eq!(
                    value,
                    core,
                    "{file}:{line} says `{name}` defaults to {written}; pmp-core's default is {}",
                    value_text(core)
                );
                stated += 1;
            }
        }
        // The READMEs do state them (the signature in pkg/README.md, the prose of both).
        assert!(stated >= 10, "only {stated} defaults found in the READMEs");
    }

    /// The hand-written declarations state no default: they name the option (`{{retries}}`),
    /// and `cargo xtask pkg` writes pmp-core's value in.
    #[test]
    fn declarations_copy_no_default() {
        for file in ["crates/pmp-wasm/src/types.rs", "crates/pmp-wasm/js/index.d.ts"] {
            let text = read(file);
            let stated = stated_defaults(&text);
            assert!(stated.is_empty(), "{file} states defaults: {stated:?}");
            let filled = fill_defaults(&text).unwrap();
            assert!(!filled.contains("{{"), "{file}");
        }
        assert!(fill_defaults("(default {{timeoutMs}})")
            .unwrap()
            .contains(&defaults::TIMEOUT_MS.value.to_string()));
        assert!(fill_defaults("{{noSuchOption}}").is_err());
        assert!(fill_defaults("{{timeoutMs").is_err());
    }

    #[test]
    fn stated_defaults_are_read_as_written() {
        let found = stated_defaults(
            "timeoutMs = 30000, retries = 2, retryWrites = false\n\
             `maxResponseBytes` (default 32 MiB); timeoutMs: 10_000, // (default 30 s)\n\
             totalTimeoutMs (default none), retryBaseMs: 250, // exponential",
        );
        let values: Vec<(usize, &str, Value)> = found.iter().map(|(l, n, _, v)| (*l, *n, *v)).collect();
        assert_eq!(
            values,
            [
                (1, "timeoutMs", Value::Number(30_000)),
                (1, "retries", Value::Number(2)),
                (1, "retryWrites", Value::Flag(false)),
                (2, "maxResponseBytes", Value::Number(32 << 20)),
                (2, "timeoutMs", Value::Number(30_000)),
            ]
        );
    }

    /// Every catalogue endpoint is a method of the declared class, with its types imported.
    #[test]
    fn the_declared_class_has_every_endpoint() {
        let declared = declarations(&read("crates/pmp-wasm/js/index.d.ts"));
        for e in &CATALOGUE {
            assert!(
                declared.contains(&format!("\n  {}(", e.operation_id)),
                "{}",
                e.operation_id
            );
            for name in e.input_type().into_iter().chain([e.output_type()]) {
                assert!(declared.contains(&format!("\n  {name},\n")), "import of {name}");
            }
        }
    }

    /// Every endpoint beyond the six is a method of the declared class, its table entry named
    /// as the wasm reads its arguments.
    #[test]
    fn the_declared_class_has_every_extra_endpoint() {
        let declared = declarations(&read("crates/pmp-wasm/js/index.d.ts"));
        let table: serde_json::Value = serde_json::from_str(&extras()).unwrap();
        assert_eq!(table.as_array().unwrap().len(), EXTRAS.len());
        for (entry, e) in table.as_array().unwrap().iter().zip(&EXTRAS) {
            assert!(
                declared.contains(&format!("\n  {}(", e.operation_id)),
                "{}",
                e.operation_id
            );
            assert!(
                declared.contains(&format!("\n  {},\n", e.output_type)),
                "import of {}",
                e.output_type
            );
            assert_eq!(entry["name"], e.operation_id);
            assert_eq!(entry["args"], json!(e.input.argument_names()));
        }
        assert!(declared.contains("listCustomFields(fieldto: CustomFieldTarget, id?: number | string | null, options?: CallOptions): Promise<CustomField[]>;"));
        assert!(declared.contains("\n  CustomFieldTarget,\n"));
        assert!(declared.contains(
            "sendInvoice(id: number | string, input?: SendInvoiceInput, options?: CallOptions): Promise<InvoiceSent>;"
        ));
        assert!(declared.contains("\n  SendInvoiceInput,\n"));
        assert!(declared.contains("`serverVersion: \"1.0\"` or `serverVersion: \"2.0\"`"));
    }

    /// The names the client's JavaScript compares a table entry's `output` and `operation` with
    /// are names the table holds: renaming one here without the JavaScript would fail this,
    /// not a user's call.
    #[test]
    fn client_js_compares_names_the_table_holds() {
        // js/client.js and the files of js/client/ it is made of.
        let mut client = read("crates/pmp-wasm/js/client.js");
        let parts = crate::pkg::files_under(&crate::cmd::root().join("crates/pmp-wasm/js/client")).unwrap();
        assert!(parts.len() >= 5, "js/client/ holds {parts:?}");
        for part in parts {
            client += &std::fs::read_to_string(&part).unwrap();
        }
        let outputs = [OutputKind::Rows, OutputKind::Row, OutputKind::Message].map(output_name);
        let operations = Operation::ALL.map(Operation::verb);
        let mut compared = 0;
        for (field, names) in [("output", &outputs[..]), ("operation", &operations[..])] {
            let pattern = format!("{field} === \"");
            for (at, _) in client.match_indices(&pattern) {
                let rest = &client[at + pattern.len()..];
                let name = &rest[..rest.find('"').unwrap()];
                assert!(
                    names.contains(&name),
                    "client.js compares `{field}` with \"{name}\", which the table never holds"
                );
                compared += 1;
            }
        }
        assert!(compared >= 5, "client.js compares {compared} names");
    }

    /// The JavaScript tests' table of resources names each resource's methods as the declared
    /// class does, and gives its example.
    #[test]
    fn the_test_resources_name_the_declared_methods() {
        let declared = declarations(&read("crates/pmp-wasm/js/index.d.ts"));
        let table: serde_json::Value = serde_json::from_str(&test_resources()).unwrap();
        let table = table.as_array().unwrap();
        assert_eq!(table.len(), pmp_core::Resource::COUNT);
        for (entry, resource) in table.iter().zip(pmp_core::Resource::ALL) {
            let (plural, one) = (entry["plural"].as_str().unwrap(), entry["one"].as_str().unwrap());
            for (operation, name) in [
                (Operation::List, format!("list{plural}")),
                (Operation::Get, format!("get{one}")),
                (Operation::Search, format!("search{plural}")),
                (Operation::Create, format!("create{one}")),
                (Operation::Update, format!("update{one}")),
                (Operation::Delete, format!("delete{one}")),
            ] {
                assert_eq!(pmp_core::Endpoint::of(resource, operation).operation_id, name);
                assert!(declared.contains(&format!("\n  {name}(")), "{name}");
            }
            assert_eq!(entry["resource"], resource.segment());
            assert_eq!(
                entry["example"],
                serde_json::Value::Object(resource.example_input())
            );
            assert!(entry["example"][entry["title"].as_str().unwrap()].is_string());
        }
    }

    /// The table client.js reads names every endpoint's arguments as the wasm reads them.
    #[test]
    fn the_catalogue_table_is_named() {
        let table: serde_json::Value = serde_json::from_str(&catalogue()).unwrap();
        let flattened: Vec<(&serde_json::Value, &serde_json::Value)> = table
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["endpoints"].as_array().unwrap().iter().map(move |e| (r, e)))
            .collect();
        assert_eq!(flattened.len(), CATALOGUE.len());
        for ((resource, entry), e) in flattened.into_iter().zip(&CATALOGUE) {
            assert_eq!(entry["name"], e.operation_id);
            assert_eq!(entry["args"], json!(argument_names(e.input)));
            assert_eq!(resource["resource"], e.resource.segment());
            assert_eq!(resource["id"], e.resource.id_field());
        }
    }
}
