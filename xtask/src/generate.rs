//! What `cargo xtask pkg` writes into the npm package from pmp-core, so that the JavaScript
//! client copies nothing by hand: the catalogue as a table of named endpoints and the
//! defaults and limits (both given to esbuild as `--define`s of js/client.js).

use pmp_core::defaults::{self, Value};
use pmp_core::{argument_names, row_columns, OutputKind, CATALOGUE};
use serde_json::json;

/// What a success of an endpoint holds, as js/client.js names it.
pub fn output_name(output: OutputKind) -> &'static str {
    match output {
        OutputKind::Rows => "rows",
        OutputKind::Row => "row",
        OutputKind::Message => "message",
    }
}

/// The catalogue as js/client.js reads it (`PMP_CATALOGUE`): `{ resources, endpoints }`.
/// `resources` by path segment: the row columns that are text (`columns`, comma-separated),
/// the id column (`id`) and the headers that carry the token (`tokenHeaders`, which hooks see
/// redacted). `endpoints` in the catalogue's order (an endpoint's index is its `op` in the
/// wasm's `Core`): `{ name, method, operation, resource, args, output }`.
pub fn catalogue() -> String {
    let mut resources = serde_json::Map::new();
    for e in &CATALOGUE {
        resources.entry(e.resource.segment()).or_insert_with(|| {
            json!({
                "columns": row_columns(e.resource).trim_end_matches(','),
                "id": e.resource.id_field(),
                "tokenHeaders": e.resource.auth().headers(),
            })
        });
    }
    let endpoints: Vec<serde_json::Value> = CATALOGUE
        .iter()
        .map(|e| {
            assert_eq!(
                e.auth,
                e.resource.auth(),
                "{}: one auth per resource",
                e.operation_id
            );
            json!({
                "name": e.operation_id,
                "method": e.method.as_str(),
                "operation": e.operation.verb(),
                "resource": e.resource.segment(),
                "args": argument_names(e.input),
                "output": output_name(e.output),
            })
        })
        .collect();
    json!({ "resources": resources, "endpoints": endpoints }).to_string()
}

/// `--define`s of pmp-core's defaults and limits: `PMP_DEFAULTS.timeoutMs=30000`, ...
pub fn default_defines() -> Vec<String> {
    defaults::ALL
        .iter()
        .map(|(name, value)| format!("--define:PMP_DEFAULTS.{name}={}", value_text(*value)))
        .collect()
}

/// A default as JavaScript and the documentation write it.
pub fn value_text(value: Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        Value::Flag(b) => b.to_string(),
    }
}
