//! The paths of the endpoints beyond the six of a resource (`pmp_core::EXTRAS`): the common
//! lookups and the custom fields, with their row schemas, and 3.0.3's
//! `POST /api/invoices/{id}/send`, with its answer's schema and its form body.

use pmp_core::{
    CustomFieldTarget, EmptyAnswer, ExtraEndpoint, ExtraInput, ModuleVersion, OutputKind, Repeat, EXTRAS,
};
use serde_json::{json, Value};
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{
    ContentBuilder, PathItem, Paths, Required, ResponseBuilder, ResponsesBuilder, SecurityRequirement,
};

use crate::paths::{http_method, tag, RATE_HEADERS, TOKEN_SCHEME, VERSIONS_EXTENSION};
use crate::schemas::{reference, ERROR_BODY};

/// The tag of the endpoints that belong to no resource.
pub(crate) const TAG: &str = "Lookups";

/// The tag's description.
pub(crate) const TAG_DESCRIPTION: &str = "Lookups of the CRM's settings (expense categories, \
    payment modes, taxes) and the custom field definitions, from module 2.0 on.";

/// The (path, operation id, whether the path names a row) of each operation of `endpoint`:
/// [`ExtraInput::FieldTo`] has two paths, without and with the row's id.
pub(crate) fn operations_of(endpoint: &ExtraEndpoint) -> Vec<(String, String, bool)> {
    let path = format!("/{}", endpoint.path);
    let mut all = vec![(path.clone(), endpoint.operation_id.to_owned(), false)];
    if let Some(id) = endpoint.row_operation_id() {
        all.push((format!("{path}/{{id}}"), id, true));
    }
    all
}

/// Adds every operation of every endpoint beyond the six to `paths`.
pub(crate) fn add_paths(paths: &mut Paths) {
    for endpoint in &EXTRAS {
        for (path, id, with_row) in operations_of(endpoint) {
            let item = PathItem::new(http_method(endpoint.method), operation(endpoint, id, with_row));
            match paths.paths.get_mut(&path) {
                Some(existing) => existing.merge_operations(item),
                None => {
                    paths.paths.insert(path, item);
                }
            }
        }
    }
}

fn operation(endpoint: &ExtraEndpoint, id: String, with_row: bool) -> utoipa::openapi::path::Operation {
    let tag = endpoint.owner.map_or(TAG.to_owned(), tag);
    let mut op = OperationBuilder::new()
        .operation_id(Some(id))
        .tag(tag)
        .summary(Some(endpoint.summary))
        .description(Some(description(endpoint, with_row)))
        .responses(responses(endpoint))
        .extensions(Some(
            utoipa::openapi::extensions::ExtensionsBuilder::new()
                .add(VERSIONS_EXTENSION, versions(endpoint))
                .build(),
        ));
    match endpoint.input {
        ExtraInput::FieldTo => {
            op = op.parameter(fieldto_parameter());
            if with_row {
                op = op.parameter(id_parameter(
                    "The id of the row whose stored values are answered.",
                ));
            }
        }
        ExtraInput::Id => op = op.parameter(id_parameter("The id of the row.")),
        ExtraInput::IdAndCc => {
            op = op
                .parameter(id_parameter("The id of the row."))
                .request_body(Some(cc_body()));
        }
        ExtraInput::None => {}
    }
    op.security(SecurityRequirement::new(TOKEN_SCHEME, Vec::<String>::new()))
        .build()
}

/// `{"2.0": {...}, "3.0": {...}}`: the versions that serve the endpoint, with the permission
/// feature each checks (`grantable`: whether a token can be given it) and how it answers nothing.
fn versions(endpoint: &ExtraEndpoint) -> Value {
    endpoint
        .versions()
        .map(|version| {
            let (feature, grantable) = match version {
                ModuleVersion::V3 => (endpoint.features.v3, true),
                _ => (endpoint.features.v2, endpoint.features.v2_grantable),
            };
            let empty = match endpoint.empty {
                EmptyAnswer::NotFound => "notFound",
                EmptyAnswer::EmptyArray => "emptyArray",
                EmptyAnswer::NotAList => "notAList",
            };
            let mut facts = json!({ "permission": feature, "grantable": grantable, "empty": empty });
            if let (ModuleVersion::V3, Some(capability)) = (version, endpoint.features.v3_capability) {
                facts["capability"] = json!(capability);
            }
            if endpoint.retried == Repeat::Never {
                facts["neverRetried"] = json!(true);
            }
            (version.name().to_owned(), facts)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn description(endpoint: &ExtraEndpoint, with_row: bool) -> String {
    if endpoint.output != OutputKind::Rows {
        return answer_description(endpoint);
    }
    let since = endpoint.since.name();
    let mut text = format!(
        "A plain array of {} rows on every version that serves it (from module {since} on; \
         1.0.0 answers 404 with an HTML page). ",
        endpoint.output_type
    );
    text.push_str(match endpoint.empty {
        EmptyAnswer::NotFound => {
            "None answers 404 `No data were found` (no rows); an unknown type 404 `Not valid data`. "
        }
        EmptyAnswer::EmptyArray => "None answers `[]`; a `fieldto` not listed 404 `Not valid data`. ",
        EmptyAnswer::NotAList => "",
    });
    if endpoint.input == ExtraInput::FieldTo {
        text.push_str(if with_row {
            "Each field's `value` is the one stored for the row. "
        } else {
            "Each field's `value` is `\"\"` (no row named). "
        });
        text.push_str(
            "A field with options (select, multiselect, checkbox) carries `options` and `value` \
             as JSON texts inside the JSON: `\"options\": \"[\\\"a\\\",\\\"b\\\"]\"`, `\"value\": \
             \"[\\\"a\\\"]\"`, `\"[\\\"\\\"]\"` when nothing is stored; fields without options \
             have no `options` and a plain `value`. ",
        );
    }
    let f = endpoint.features;
    if f.v2_grantable {
        text.push_str(&format!(
            "Permissions: feature `{}` (2.0.8), `{}` (3.0.3).",
            f.v2, f.v3
        ));
    } else {
        text.push_str(&format!(
            "Permissions: 2.0.8 checks a feature `{}` that no token can be granted (a token with \
             permissions enabled is refused with 403; one without passes); 3.0.3 checks `{}`.",
            f.v2, f.v3
        ));
    }
    text
}

/// The description of an endpoint that answers one object (`sendInvoice`).
fn answer_description(endpoint: &ExtraEndpoint) -> String {
    let older: Vec<&str> = ModuleVersion::ALL
        .into_iter()
        .filter(|v| !endpoint.served_on(*v))
        .map(|v| v.version())
        .collect();
    let mut text = format!(
        "From module {} on ({} route no such path: 2.0.8 answers 405 `Unknown method`, 1.0.0, \
         which has no invoices, a 404 HTML page). Emails the invoice to the customer's contacts \
         (and the addresses of the optional form field `cc`, comma-separated) and marks it \
         sent (`sent` 1, `datesend` now). A non-numeric id answers 400 `Invalid Invoice ID`, \
         an unknown one 404 `Invoice not found`; an email that could not go out answers 500 \
         `{{status: false, invoice_id, sent: false, message}}` (check the SMTP settings and \
         that the customer has a contact set to receive invoice emails). ",
        endpoint.since.name(),
        older.join(" and "),
    );
    if endpoint.retried == Repeat::Never {
        text.push_str("Not idempotent: the clients never retry it (a repeat emails again). ");
    }
    let f = endpoint.features;
    text.push_str(&format!(
        "Permissions: feature `{}`, capability `{}` (3.0.3).",
        f.v3,
        f.v3_capability.unwrap_or("the HTTP method's")
    ));
    text
}

/// The optional form body of `sendInvoice`: `cc`.
fn cc_body() -> utoipa::openapi::request_body::RequestBody {
    let schema = ObjectBuilder::new().property(
        "cc",
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("More recipients: email addresses separated by commas."))
            .examples([json!("accounts@example.com, boss@example.com")]),
    );
    let schema = schema.build();
    let form = || ContentBuilder::new().schema(Some(schema.clone())).build();
    RequestBodyBuilder::new()
        .description(Some(
            "Optional; without it the email goes to the customer's contacts only.",
        ))
        .required(Some(Required::False))
        .content("application/x-www-form-urlencoded", form())
        .content("multipart/form-data", form())
        .build()
}

fn fieldto_parameter() -> utoipa::openapi::path::Parameter {
    let names: Vec<Value> = CustomFieldTarget::ALL
        .iter()
        .map(|t| Value::from(t.as_str()))
        .collect();
    ParameterBuilder::new()
        .name("fieldto")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some("What the custom fields belong to."))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(names)),
        ))
        .example(Some(Value::from("customers")))
        .build()
}

fn id_parameter(description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Int64,
                )))
                .minimum(Some(1)),
        ))
        .example(Some(Value::from(1)))
        .build()
}

fn json(schema: impl Into<utoipa::openapi::RefOr<utoipa::openapi::Schema>>) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(schema)).build()
}

fn responses(endpoint: &ExtraEndpoint) -> utoipa::openapi::Responses {
    let rows = endpoint.output == OutputKind::Rows;
    let mut ok = if rows {
        ResponseBuilder::new()
            .description(format!("The {} rows.", endpoint.output_type))
            .content(
                "application/json",
                json(ArrayBuilder::new().items(reference(endpoint.output_type))),
            )
    } else {
        ResponseBuilder::new()
            .description(format!("The server's answer ({}).", endpoint.output_type))
            .content("application/json", json(reference(endpoint.output_type)))
    };
    for (name, description) in RATE_HEADERS {
        ok = ok.header(
            name,
            utoipa::openapi::HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some(description))
                .build(),
        );
    }
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content("application/json", json(reference(ERROR_BODY)))
    };
    let not_found = match endpoint.empty {
        EmptyAnswer::NotFound => "No data were found (no rows), not valid data, or the token was refused.",
        EmptyAnswer::EmptyArray => "Not valid data (an unknown `fieldto`), or the token was refused.",
        EmptyAnswer::NotAList => "No such row (`Invoice not found`), or the token was refused.",
    };
    let mut responses = ResponsesBuilder::new().response("200", ok);
    if !rows {
        responses = responses
            .response("400", error("A non-numeric id (`Invalid Invoice ID`)."))
            .response(
                "405",
                error(
                    "`Unknown method`: a version that routes no such path (2.0.8), or another HTTP method.",
                ),
            )
            .response(
                "500",
                error("The email could not be sent (`status: false`, `sent: false`, the server's message)."),
            );
    }
    responses
        .response(
            "401",
            error("3.x: over the per-IP rate limit (`error`: `This API key has reached the time limit for this method`)."),
        )
        .response("403", error("The token lacks the permission for this call."))
        .response("404", error(not_found))
        .response(
            "429",
            error("3.x: over the token's quota, or the IP locked out after repeated auth failures."),
        )
        .build()
}
