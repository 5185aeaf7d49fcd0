//! `GET api/openapi` on the 3.x profile: the module serves its own OpenAPI document. The
//! sandbox's is small and generated from pmp-core's catalogue, with the
//! module's version as `info.version`.

use pmp_core::{Operation, CATALOGUE};
use serde_json::{json, Map, Value};

use crate::profile::Module;

/// The document for `module`, with `server` (`http://host:port`) as its server.
pub(crate) fn document(module: Module, server: &str) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    let mut add = |path: String, method: &str, operation_id: &str, summary: &str| {
        let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
        let params: Vec<Value> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        entry[method] = json!({
            "operationId": operation_id,
            "summary": summary,
            "parameters": params,
            "security": [{"authtoken": []}],
            "responses": {"200": {"description": "Success"}, "404": {"description": "Not found, or a token failure"}},
        });
    };
    for endpoint in CATALOGUE.iter() {
        let summary = if endpoint.summary().is_empty() {
            endpoint.operation_id
        } else {
            endpoint.summary()
        };
        let method = endpoint.method.as_str().to_ascii_lowercase();
        add(
            format!("/api/{}", endpoint.path),
            &method,
            endpoint.operation_id,
            summary,
        );
        if endpoint.operation == Operation::Search {
            let path = format!("/api/{}/search", endpoint.resource.segment());
            add(
                path,
                "get",
                &format!("{}ByQuery", endpoint.operation_id),
                "Search with ?q=",
            );
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "PMP REST API (pmp-sandbox)",
            "version": module.version(),
            "description": "Served by pmp-sandbox as the module does. Authenticate with the authtoken header. \
                Lists answer {data, meta} pages (page, per_page up to 100, sort, fields, created_after, created_before).",
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"securitySchemes": {"authtoken": {"type": "apiKey", "in": "header", "name": "authtoken"}}},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_every_catalogue_operation_and_the_version() {
        let doc = document(Module::V3, "http://127.0.0.1:1");
        assert_eq!(doc["info"]["version"], "3.0.3");
        let text = doc.to_string();
        for endpoint in CATALOGUE.iter() {
            assert!(
                text.contains(&format!("\"{}\"", endpoint.operation_id)),
                "{}",
                endpoint.operation_id
            );
        }
    }
}
