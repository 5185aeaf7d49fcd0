//! The paths of the document, one operation per entry of `pmp_core::CATALOGUE`.

use pmp_core::{Auth, BodyEncoding, Endpoint, InputKind, Method, Operation, OutputKind, Resource, CATALOGUE};
use serde_json::Value;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{
    ContentBuilder, PathItem, Paths, PathsBuilder, Required, ResponseBuilder, ResponsesBuilder,
    SecurityRequirement,
};

use crate::examples;
use crate::schemas::{self, reference, API_MESSAGE, ERROR_BODY};

/// Name of the `authtoken` header security scheme.
pub const TOKEN_SCHEME: &str = "authtoken";

/// Every endpoint of the catalogue as a path operation.
pub fn paths() -> Paths {
    let mut paths = PathsBuilder::new().build();
    for endpoint in CATALOGUE.iter() {
        let item = PathItem::new(http_method(endpoint.method), operation(endpoint));
        let path = format!("/{}", endpoint.path);
        match paths.paths.get_mut(&path) {
            Some(existing) => existing.merge_operations(item),
            None => {
                paths.paths.insert(path, item);
            }
        }
    }
    paths
}

/// The tag of a resource's operations: `Customers`, `Leads`, ...
pub fn tag(resource: Resource) -> String {
    let segment = resource.segment();
    format!("{}{}", segment[..1].to_ascii_uppercase(), &segment[1..])
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Delete => HttpMethod::Delete,
    }
}

fn operation(endpoint: &Endpoint) -> utoipa::openapi::path::Operation {
    let mut op = OperationBuilder::new()
        .operation_id(Some(endpoint.operation_id))
        .tag(tag(endpoint.resource))
        .summary(Some(endpoint.summary))
        .description(Some(description(endpoint)))
        .responses(responses(endpoint));
    match endpoint.input {
        InputKind::Id | InputKind::IdAndFields => op = op.parameter(id_parameter(endpoint.resource)),
        InputKind::Keyword => op = op.parameter(keyword_parameter()),
        InputKind::None | InputKind::Fields => {}
    }
    op = op.request_body(request_body(endpoint));
    // No version reads `Authorization` (the document names it for tickets): one scheme.
    let requirements: &[&str] = match endpoint.auth {
        Auth::Token => &[TOKEN_SCHEME],
    };
    for scheme in requirements {
        op = op.security(SecurityRequirement::new(*scheme, Vec::<String>::new()));
    }
    op.build()
}

/// What the operation does and how the real server answers, from PMP-WIRE-FACTS.md.
fn description(endpoint: &Endpoint) -> String {
    let model = endpoint.resource.model_name();
    let text = match endpoint.operation {
        Operation::List => {
            format!("Every {model} row, unpaginated. An empty table answers 404 `No data were found`.")
        }
        Operation::Get => format!(
            "The {model} row with this id (`{}`). A missing id answers 404 `No data were found`.",
            endpoint.resource.id_field()
        ),
        Operation::Search => format!(
            "The {model} rows matching the keyword (SQL `LIKE` on the server). Always a JSON \
             array, although the PMP document shows one object. No match answers 404 \
             `No data were found`."
        ),
        Operation::Create => "Form fields, read from PHP's `$_POST`: `multipart/form-data` or \
             `application/x-www-form-urlencoded` (a JSON body is not read and fails validation). \
             The answer never carries the new row's id. A validation failure answers 404 with \
             the `error` field map; a failed write answers 404 too."
            .to_owned(),
        Operation::Update => "A JSON object of the fields to set; the mandatory fields are \
             checked again. An empty body, `{}` or a non-JSON body answers 406. A failed write, and an update \
             that changes nothing, answer 404 `... Update Fail.`."
            .to_owned(),
        Operation::Delete => format!(
            "Removes the {model} row. The server also routes `DELETE api/{}/{{id}}` here; this is \
             the documented path.",
            endpoint.resource.segment()
        ),
    };
    format!(
        "{text}\n\nAuthentication failures also answer 404 (not 401), recognisable by their \
         `message` (`Token is not defined.`, `Token Time Expire.`, a JWT library message, or \
         `null` for an unknown token)."
    )
}

fn id_parameter(resource: Resource) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(format!(
            "The row's id (`{}` column), a positive integer.",
            resource.id_field()
        )))
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

fn keyword_parameter() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("keysearch")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(
            "The keyword, sent as one percent-encoded path segment (`/`, `?`, `#` and `%` \
             included).",
        ))
        .schema(Some(
            ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)),
        ))
        .example(Some(Value::from("Test")))
        .build()
}

fn request_body(endpoint: &Endpoint) -> Option<utoipa::openapi::request_body::RequestBody> {
    let body = RequestBodyBuilder::new().required(Some(Required::True));
    let resource = endpoint.resource;
    match endpoint.body {
        BodyEncoding::None => None,
        BodyEncoding::Form => Some(
            body.description(Some("The input fields as form fields."))
                .content("multipart/form-data", schemas::form_content(resource, true))
                .content(
                    "application/x-www-form-urlencoded",
                    schemas::form_content(resource, false),
                )
                .build(),
        ),
        BodyEncoding::Json => Some(
            body.description(Some("The fields to set, as a JSON object."))
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(reference(&schemas::json_name(resource))))
                        .build(),
                )
                .build(),
        ),
    }
}

fn json_content(
    schema: impl Into<utoipa::openapi::RefOr<utoipa::openapi::Schema>>,
    examples: Vec<(&str, &str, Value)>,
) -> utoipa::openapi::Content {
    let examples = examples.into_iter().map(|(key, summary, value)| {
        (
            key.to_owned(),
            ExampleBuilder::new().summary(summary).value(Some(value)).build(),
        )
    });
    ContentBuilder::new()
        .schema(Some(schema))
        .examples_from_iter(examples)
        .build()
}

fn responses(endpoint: &Endpoint) -> utoipa::openapi::Responses {
    let resource = endpoint.resource;
    let model = resource.model_name();
    let ok = match endpoint.output {
        OutputKind::Rows => {
            let example = examples::rows(resource, endpoint.operation);
            ResponseBuilder::new()
                .description(format!("The {model} rows."))
                .content(
                    "application/json",
                    json_content(
                        ArrayBuilder::new().items(reference(model)),
                        example
                            .map(|v| ("document", "From the PMP document", v))
                            .into_iter()
                            .collect(),
                    ),
                )
        }
        OutputKind::Row => ResponseBuilder::new()
            .description(format!("The {model} row."))
            .content(
                "application/json",
                json_content(
                    reference(model),
                    examples::row(resource)
                        .map(|v| ("document", "From the PMP document", v))
                        .into_iter()
                        .collect(),
                ),
            ),
        OutputKind::Message => ResponseBuilder::new()
            .description("The write succeeded.")
            .content(
                "application/json",
                json_content(
                    reference(API_MESSAGE),
                    vec![("success", "Success", examples::message(endpoint))],
                ),
            ),
    };
    let not_found = ResponseBuilder::new()
        .description(match endpoint.operation {
            Operation::List | Operation::Get | Operation::Search => {
                "No data were found, or the token was refused."
            }
            Operation::Create | Operation::Update => {
                "Validation failed, the write failed, or the token was refused."
            }
            Operation::Delete => "The delete failed, or the token was refused.",
        })
        .content(
            "application/json",
            json_content(reference(ERROR_BODY), examples::not_found(endpoint)),
        );
    let forbidden = ResponseBuilder::new()
        .description("The token lacks the permission for this call.")
        .content(
            "application/json",
            json_content(reference(ERROR_BODY), Vec::new()),
        );
    let mut responses = ResponsesBuilder::new()
        .response("200", ok)
        .response("403", forbidden)
        .response("404", not_found);
    if endpoint.operation == Operation::Update {
        let not_acceptable = ResponseBuilder::new()
            .description("The body is empty or not JSON.")
            .content(
                "application/json",
                json_content(
                    reference(ERROR_BODY),
                    vec![("notAcceptable", "No JSON body", examples::not_acceptable())],
                ),
            );
        responses = responses.response("406", not_acceptable);
    }
    responses.build()
}
