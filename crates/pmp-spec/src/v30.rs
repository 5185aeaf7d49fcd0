//! Converts the OpenAPI 3.1 document to 3.0.3, for tools that read only 3.0: `type` lists with
//! `null` become one `type` and `nullable`, schema `examples` become `example`,
//! `contentMediaType` becomes `format: binary`, and 3.1-only fields go.

use serde_json::{Map, Value};

/// The 3.0.3 form of a 3.1 document (as utoipa emits it).
pub(crate) fn convert(mut document: Value) -> Value {
    document["openapi"] = Value::from("3.0.3");
    if let Some(info) = document.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    if let Some(root) = document.as_object_mut() {
        root.remove("webhooks");
        root.remove("jsonSchemaDialect");
    }
    walk(&mut document);
    document
}

/// Finds the schemas in the non-schema parts of the document.
fn walk(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    "schema" => schema(value),
                    "schemas" => value
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|m| m.values_mut())
                        .for_each(schema),
                    // Example values are data, not document structure.
                    "example" | "examples" => {}
                    _ => walk(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(walk),
        _ => {}
    }
}

/// Converts one schema and the schemas inside it.
fn schema(node: &mut Value) {
    let Some(map) = node.as_object_mut() else { return };
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let rest: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if rest.len() < types.len() {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match <[Value; 1]>::try_from(rest) {
            Ok([one]) => {
                map.insert("type".into(), one);
            }
            Err(rest) => {
                map.remove("type");
                let any = rest
                    .into_iter()
                    .map(|t| Value::Object(Map::from_iter([("type".into(), t)])));
                map.insert("anyOf".into(), Value::Array(any.collect()));
            }
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(options)) = map.get_mut(key) {
            let before = options.len();
            options.retain(|o| o.get("type") != Some(&Value::from("null")));
            if options.len() < before {
                map.insert("nullable".into(), Value::Bool(true));
                if let Some(Value::Array(options)) = map.remove(key) {
                    // `nullable` needs a sibling type: one option becomes an `allOf`.
                    let key = if options.len() == 1 { "allOf" } else { key };
                    map.insert(key.into(), Value::Array(options));
                }
            }
        }
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !examples.is_empty() {
            map.insert("example".into(), examples.swap_remove(0));
        }
    }
    if map.remove("contentMediaType").is_some() {
        map.insert("format".into(), Value::from("binary"));
    }
    map.remove("contentEncoding");
    map.remove("propertyNames");
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), limit);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
        properties.values_mut().for_each(schema);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = map.get_mut(key) {
            schema(inner);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(options)) = map.get_mut(key) {
            options.iter_mut().for_each(schema);
        }
    }
}
