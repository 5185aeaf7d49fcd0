//! The generated document against pmp-core's tables, and the committed files against a fresh
//! generation.

use std::collections::BTreeSet;

use pmp_core::{
    input_fields, CustomFieldTarget, Endpoint, ExtraInput, FieldKind, FieldSpec, Operation, OutputKind,
    CATALOGUE, EXTRAS,
};
use serde_json::Value;

fn document() -> Value {
    serde_json::to_value(pmp_spec::openapi()).unwrap()
}

#[test]
#[cfg_attr(
    feature = "synthetic-resource",
    ignore = "the synthetic resource is in no committed file"
)]
fn committed_files_equal_a_fresh_generation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi");
    for (name, fresh) in pmp_spec::FILE_NAMES.iter().zip(pmp_spec::documents()) {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == fresh,
            "openapi/{name} is stale: run `cargo xtask spec` and commit the result"
        );
    }
}

#[test]
#[cfg_attr(
    feature = "synthetic-resource",
    ignore = "the synthetic resource is in no committed file"
)]
fn the_demo_pages_resources_are_a_fresh_generation() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/resources.js");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == pmp_spec::demo_resources(),
        "www/resources.js is stale: run `cargo xtask spec` and commit the result"
    );
}

/// The demo has a read-only tab per endpoint beyond the six that belongs to no resource, and
/// a row button per endpoint of a resource's own, each named after its method.
#[test]
fn the_demo_has_each_lookups_tab() {
    let table = pmp_spec::demo_resources();
    let at = |name: &str| table.find(name).unwrap_or_else(|| panic!("a {name} table"));
    let (lookups, actions) = (at("export const LOOKUPS"), at("export const ACTIONS"));
    let (lookups, actions) = if lookups < actions {
        (&table[lookups..actions], &table[actions..])
    } else {
        (&table[lookups..], &table[actions..lookups])
    };
    for e in &EXTRAS {
        let (place, what) = match e.owner {
            None => (lookups, "tab"),
            Some(_) => (actions, "row button"),
        };
        assert!(
            place.contains(&format!("method: {:?}", e.operation_id)),
            "the demo has no {what} for {}",
            e.operation_id
        );
    }
    assert!(actions
        .contains("{ resource: \"invoices\", label: \"Send\", method: \"sendInvoice\", since: \"3.0\" }"));
    assert!(lookups.contains("title: \"Expense categories\""));
    assert!(lookups.contains("\"credit_note\""));
}

/// The demo has a tab per resource, whose form has every input field but custom fields, and
/// the resource's example for its placeholders.
#[test]
fn the_demo_has_each_resources_tab_form_and_example() {
    let table = pmp_spec::demo_resources();
    for resource in pmp_core::Resource::ALL {
        let key = format!("key: {:?}", resource.segment());
        let at = table
            .find(&key)
            .unwrap_or_else(|| panic!("the demo has no tab for {key}"));
        let entry = &table[at..table[at..].find("\n  },").map_or(table.len(), |end| at + end)];
        for field in input_fields(resource)
            .iter()
            .filter(|f| f.kind != FieldKind::CustomFields)
        {
            assert!(
                entry.contains(&format!("[{:?}, ", field.name)),
                "{key}: no field {}",
                field.name
            );
        }
        for (field, value) in resource.example_input() {
            assert!(
                entry.contains(&format!("{field}: {value}")),
                "{key}: no example of {field}"
            );
        }
    }
}

/// The `$ref`s under `node`.
fn references<'a>(node: &'a Value, out: &mut Vec<&'a str>) {
    match node {
        Value::Object(map) => {
            out.extend(map.get("$ref").and_then(Value::as_str));
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Every `$ref` of the 3.1 and 3.0 documents names a schema they define, and every schema is
/// named by one: no resource's model, page, input or form is left out or left over.
#[test]
fn every_reference_resolves_and_every_schema_is_referred_to() {
    let [v31, _, v30] = pmp_spec::documents();
    for text in [v31, v30] {
        let doc: Value = serde_json::from_str(&text).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut found = Vec::new();
        references(&doc, &mut found);
        let named: BTreeSet<&str> = found
            .iter()
            .map(|r| {
                r.strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("{r}"))
            })
            .collect();
        for name in &named {
            assert!(
                schemas.contains_key(*name),
                "{} names {name}, which it lacks",
                doc["openapi"]
            );
        }
        let defined: BTreeSet<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(defined, named, "{}: schemas no `$ref` names", doc["openapi"]);
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(pmp_spec::documents(), pmp_spec::documents());
}

#[test]
fn every_catalogue_endpoint_is_in_the_document_and_nothing_else() {
    let doc = document();
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap().to_owned();
            found.insert((method.to_uppercase(), path.clone(), id));
        }
    }
    let expected: BTreeSet<_> = CATALOGUE
        .iter()
        .map(|e| {
            (
                e.method.as_str().to_owned(),
                format!("/{}", e.path),
                e.operation_id.to_owned(),
            )
        })
        .collect();
    // The endpoints beyond the six: one operation each, two for a custom field target (with
    // and without a row's id).
    let mut expected = expected;
    for e in &EXTRAS {
        let path = format!("/{}", e.path);
        let method = e.method.as_str().to_owned();
        expected.insert((method.clone(), path.clone(), e.operation_id.to_owned()));
        if e.input == ExtraInput::FieldTo {
            expected.insert((
                method,
                format!("{path}/{{id}}"),
                format!("{}OfRow", e.operation_id),
            ));
        }
        assert_eq!(
            e.row_operation_id().is_some(),
            e.input == ExtraInput::FieldTo,
            "{}",
            e.operation_id
        );
    }
    assert_eq!(found, expected);
}

#[test]
fn extra_operations_name_their_versions_and_parameters() {
    let doc = document();
    let op = &doc["paths"]["/api/common/tax_data"]["get"];
    assert_eq!(op["operationId"], "listTaxes");
    let versions = op["x-pmp-versions"].as_object().unwrap();
    assert_eq!(versions.keys().collect::<Vec<_>>(), ["2.0", "3.0"]);
    assert_eq!(versions["2.0"]["permission"], "common");
    assert_eq!(versions["2.0"]["grantable"], false);
    assert_eq!(versions["3.0"]["permission"], "taxes");
    assert_eq!(versions["3.0"]["empty"], "notFound");
    let fields = &doc["paths"]["/api/custom_fields/{fieldto}/{id}"]["get"];
    let names: Vec<&str> = fields["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["fieldto", "id"]);
    let targets = fields["parameters"][0]["schema"]["enum"].as_array().unwrap();
    assert_eq!(targets.len(), CustomFieldTarget::ALL.len());
    assert!(targets.contains(&Value::from("credit_note")));
    assert_eq!(fields["x-pmp-versions"]["3.0"]["empty"], "emptyArray");
    // The wire's columns only: the decoded values are the clients'.
    let schema = &doc["components"]["schemas"]["CustomField"]["properties"];
    assert!(schema.get("options").is_some() && schema.get("type").is_some());
    assert!(schema.get("decoded_value").is_none() && schema.get("decoded_options").is_none());
}

fn operation(doc: &Value, endpoint: &Endpoint) -> Value {
    doc["paths"][format!("/{}", endpoint.path)][endpoint.method.as_str().to_lowercase()].clone()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    }
}

#[test]
fn request_bodies_follow_the_input_field_tables() {
    let doc = document();
    for endpoint in &CATALOGUE {
        let body = &operation(&doc, endpoint)["requestBody"];
        let Some(input) = endpoint.input_type() else {
            assert!(body.is_null(), "{} takes no body", endpoint.operation_id);
            continue;
        };
        let fields = input_fields(endpoint.resource);
        // A create's mandatory fields are those of the oldest version that creates the
        // resource (items: 3.0's), which the fields mandatory on every version are among; a
        // form names a list `name[]`.
        let form_name = |f: &FieldSpec| match f.kind {
            FieldKind::NumberList => format!("{}[]", f.name),
            _ => f.name.to_owned(),
        };
        let resource = endpoint.resource;
        let first_create = pmp_core::ModuleVersion::ALL
            .into_iter()
            .find(|v| resource.serves(*v, Operation::Create));
        let required: BTreeSet<String> = fields
            .iter()
            .filter(|f| {
                f.required || first_create.is_some_and(|v| resource.required_on(v).any(|r| r.field == f.name))
            })
            .map(form_name)
            .collect();
        let media: &[&str] = if endpoint.method.as_str() == "POST" {
            &["multipart/form-data", "application/x-www-form-urlencoded"]
        } else {
            assert_eq!(
                body["content"]["application/json"]["schema"]["$ref"],
                format!("#/components/schemas/{input}")
            );
            &["application/json"]
        };
        // Mandatory fields on create; updates are partial on every version, but for the
        // whole documents (invoices, estimates), which carry what every version checks again.
        let resource = endpoint.resource;
        let required = if endpoint.method.as_str() == "POST" {
            required
        } else {
            resource
                .required_on_update(resource.info().since)
                .map(|r| r.field.to_owned())
                .collect()
        };
        for media_type in media {
            let schema = resolve(&doc, &body["content"][media_type]["schema"]);
            let listed: BTreeSet<String> = schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            assert_eq!(listed, required, "{} {media_type}", endpoint.operation_id);
            let properties = schema["properties"].as_object().unwrap();
            for field in fields {
                let wire = match (field.kind, *media_type) {
                    (FieldKind::Files, "multipart/form-data") if endpoint.method.as_str() == "POST" => {
                        "file[]".to_owned()
                    }
                    (FieldKind::Files, _) => continue,
                    (FieldKind::NumberList, "application/json") => field.name.to_owned(),
                    (FieldKind::NumberList, _) => format!("{}[]", field.name),
                    _ => field.name.to_owned(),
                };
                assert!(
                    properties.contains_key(&wire),
                    "{} {media_type} lacks {wire}",
                    endpoint.operation_id
                );
            }
        }
    }
}

/// 3.x's list query, which every list and search takes.
const LIST_QUERY: [&str; 6] = [
    "page",
    "per_page",
    "sort",
    "fields",
    "created_after",
    "created_before",
];

#[test]
fn path_parameters_are_constrained() {
    let doc = document();
    for endpoint in &CATALOGUE {
        // Exactly the parameters the catalogue implies: each `{name}` of the path (a document
        // without `keysearch` on a search fails here), 3.x's list query on lists and searches,
        // the Idempotency-Key on creates.
        let declared: BTreeSet<String> = operation(&doc, endpoint)["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| format!("{} {}", p["in"].as_str().unwrap(), p["name"].as_str().unwrap()))
            .collect();
        let mut expected: BTreeSet<String> = endpoint
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| format!("path {name}"))
            .collect();
        if endpoint.output == OutputKind::Rows {
            for name in LIST_QUERY {
                expected.insert(format!("query {name}"));
            }
        }
        if endpoint.operation == Operation::Create {
            expected.insert("header Idempotency-Key".to_owned());
        }
        assert_eq!(declared, expected, "{}: parameters", endpoint.operation_id);
        for param in operation(&doc, endpoint)["parameters"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let name = param["name"].as_str().unwrap();
            if param["in"] != "path" {
                // 3.x's list query (lists and searches) and the create's Idempotency-Key.
                match param["in"].as_str() {
                    Some("query") => assert!(
                        LIST_QUERY.contains(&name) && endpoint.output == OutputKind::Rows,
                        "{name}"
                    ),
                    Some("header") => {
                        assert!(name == "Idempotency-Key" && endpoint.operation == Operation::Create)
                    }
                    other => panic!("unexpected parameter location {other:?}"),
                }
                assert_eq!(param["required"], false);
                continue;
            }
            assert_eq!(param["required"], true);
            match name {
                "id" | "parent_id" => {
                    assert_eq!(param["schema"]["type"], "integer");
                    assert_eq!(param["schema"]["minimum"], 1);
                }
                "keysearch" => assert_eq!(param["schema"]["minLength"], 1),
                other => panic!("unexpected parameter {other}"),
            }
            assert!(endpoint
                .path
                .contains(&format!("{{{}}}", param["name"].as_str().unwrap())));
        }
    }
}

#[test]
fn responses_name_their_schemas_and_cover_the_server_statuses() {
    let doc = document();
    for endpoint in &CATALOGUE {
        let responses = &operation(&doc, endpoint)["responses"];
        if !endpoint.resource.served_anywhere(endpoint.operation) {
            // No version serves it (payments' update and delete): deprecated, no version in
            // `x-pmp-versions`, no success documented, the controller's 405 is.
            let op = operation(&doc, endpoint);
            assert_eq!(op["deprecated"], true, "{}", endpoint.operation_id);
            assert_eq!(
                op["x-pmp-versions"],
                serde_json::json!({}),
                "{}",
                endpoint.operation_id
            );
            assert!(responses["200"].is_null(), "{}", endpoint.operation_id);
            assert!(responses["405"].is_object(), "{}", endpoint.operation_id);
            let examples = &responses["404"]["content"]["application/json"]["examples"];
            assert!(examples["tokenMissing"].is_object());
            continue;
        }
        // Served somewhere: not deprecated.
        assert!(
            operation(&doc, endpoint)["deprecated"].is_null(),
            "{}",
            endpoint.operation_id
        );
        let ok = &responses["200"]["content"]["application/json"]["schema"];
        let model = format!("#/components/schemas/{}", endpoint.output_type());
        let page = format!("#/components/schemas/{}Page", endpoint.output_type());
        let shapes: Vec<&Value> = ok["oneOf"]
            .as_array()
            .map_or_else(|| vec![ok], |all| all.iter().collect());
        assert!(
            shapes
                .iter()
                .any(|s| s["$ref"] == model || s["items"]["$ref"] == model),
            "{}",
            endpoint.operation_id
        );
        // Lists and searches: a plain array or 3.x's envelope.
        assert_eq!(
            shapes.iter().any(|s| s["$ref"] == page),
            endpoint.output == OutputKind::Rows
        );
        assert!(responses["200"]["headers"]["X-RateLimit-Reset"].is_object());
        assert_eq!(responses["422"].is_object(), endpoint.output == OutputKind::Rows);
        for status in ["401", "403", "404", "429"] {
            assert_eq!(
                responses[status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody"
            );
        }
        // Where a version answers an unusable PUT body 406 (the declaration's quirks).
        let resource = endpoint.resource;
        let not_acceptable = endpoint.method.as_str() == "PUT"
            && matches!(endpoint.output_type(), "ApiMessage")
            && resource
                .put_answered_with(&[pmp_core::PutAnswer::NotAcceptable])
                .next()
                .is_some();
        assert_eq!(
            responses["406"].is_object(),
            not_acceptable,
            "{}",
            endpoint.operation_id
        );
        let examples = responses["404"]["content"]["application/json"]["examples"]
            .as_object()
            .unwrap();
        assert!(examples.contains_key("tokenMissing"));
    }
}

#[test]
fn rows_allow_extra_columns_and_errors_carry_the_field_map() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    for resource in pmp_core::Resource::ALL {
        let model = resource.model_name();
        assert_eq!(schemas[model]["additionalProperties"], true, "{model}");
    }
    assert_eq!(
        schemas["ErrorBody"]["properties"]["errors"]["additionalProperties"]["type"],
        "string"
    );
}

#[test]
fn every_operation_names_the_authtoken_scheme_only() {
    let doc = document();
    for endpoint in &CATALOGUE {
        let security = operation(&doc, endpoint)["security"].clone();
        let schemes: Vec<String> = security
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r.as_object().unwrap().keys().cloned())
            .collect();
        // No server version reads `Authorization` (a Swagger UI user who filled only that
        // box got `Token is not defined.`): the document offers `authtoken` alone.
        assert_eq!(schemes, ["authtoken"], "{}", endpoint.operation_id);
    }
    assert!(doc["components"]["securitySchemes"]
        .get("Authorization")
        .is_none());
}

/// Whether any schema in the 3.0 document still has a 3.1 `type` list.
fn has_type_list(node: &Value) -> bool {
    match node {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (k == "type" && v.is_array()) || (k != "examples" && k != "example" && has_type_list(v))
        }),
        Value::Array(items) => items.iter().any(has_type_list),
        _ => false,
    }
}

#[test]
fn the_3_0_document_uses_nullable_and_single_types() {
    let [v31, _, v30] = pmp_spec::documents();
    let v31: Value = serde_json::from_str(&v31).unwrap();
    let v30: Value = serde_json::from_str(&v30).unwrap();
    assert!(
        has_type_list(&v31),
        "the 3.1 document has nullable types to convert"
    );
    assert!(!has_type_list(&v30));
    assert_eq!(v30["openapi"], "3.0.3");
    let error = &v30["components"]["schemas"]["ErrorBody"]["properties"]["errors"];
    assert_eq!(error["type"], "object");
    assert_eq!(error["nullable"], true);
    let date = &v30["components"]["schemas"]["MilestoneForm"]["properties"]["due_date"];
    assert_eq!(date["example"], "2019-07-30");
    assert!(date.get("examples").is_none());
    let file = &v30["components"]["schemas"]["LeadMultipartForm"]["properties"]["file[]"]["items"];
    assert_eq!(file["format"], "binary");
}
