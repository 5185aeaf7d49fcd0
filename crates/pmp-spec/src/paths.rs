//! The paths of the document, one operation per entry of `pmp_core::CATALOGUE` (and those
//! of `pmp_core::EXTRAS`, from `extras.rs`).

use pmp_core::{
    Auth, BodyEncoding, Endpoint, InputKind, ListPaging, Method, ModuleVersion, Operation, OutputKind,
    PutAnswer, Quirks, Resource, UnusableBody, CATALOGUE,
};
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
pub(crate) const TOKEN_SCHEME: &str = "authtoken";

/// 3.x's rate-limit headers, on every authenticated answer but its 429.
pub(crate) const RATE_HEADERS: [(&str, &str); 3] = [
    (
        "X-RateLimit-Limit",
        "3.x: requests allowed per window for this token and endpoint.",
    ),
    ("X-RateLimit-Remaining", "3.x: requests left in the window."),
    (
        "X-RateLimit-Reset",
        "3.x: when the window resets, in epoch seconds.",
    ),
];

/// Every endpoint of the catalogue as a path operation.
pub(crate) fn paths() -> Paths {
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
    crate::extras::add_paths(&mut paths);
    paths
}

/// The tag of a resource's operations: `Customers`, `Leads`, ...
pub(crate) fn tag(resource: Resource) -> String {
    let segment = resource.segment();
    format!("{}{}", segment[..1].to_ascii_uppercase(), &segment[1..])
}

pub(crate) fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Delete => HttpMethod::Delete,
    }
}

fn operation(endpoint: &Endpoint) -> utoipa::openapi::path::Operation {
    // An operation no version serves (payments' update and delete) stays in the document, as
    // the clients have its method (which refuses it when told the version), but deprecated,
    // and its `x-pmp-versions` names no version.
    let served = endpoint.resource.served_anywhere(endpoint.operation);
    let mut op = OperationBuilder::new()
        .deprecated((!served).then_some(utoipa::openapi::Deprecated::True))
        .operation_id(Some(endpoint.operation_id))
        .tag(tag(endpoint.resource))
        .summary(Some(endpoint.summary()))
        .description(Some(description(endpoint)))
        .responses(responses(endpoint))
        .extensions(Some(
            utoipa::openapi::extensions::ExtensionsBuilder::new()
                .add(VERSIONS_EXTENSION, versions(endpoint))
                .build(),
        ));
    let parent = endpoint.resource.info().parent;
    match (endpoint.input, parent) {
        // A child's list: the rows of one parent row.
        (InputKind::Id, Some(parent)) if endpoint.operation == Operation::List => {
            op = op.parameter(id_parameter("id", parent))
        }
        (InputKind::Id | InputKind::IdAndFields, _) => {
            op = op.parameter(id_parameter("id", endpoint.resource))
        }
        (InputKind::ParentAndId, Some(parent)) => {
            op = op
                .parameter(id_parameter("parent_id", parent))
                .parameter(id_parameter("id", endpoint.resource))
        }
        (InputKind::ParentAndId, None) => unreachable!("only a child's get takes a parent id"),
        (InputKind::Keyword, _) => op = op.parameter(keyword_parameter()),
        (InputKind::None | InputKind::Fields, _) => {}
    }
    if endpoint.output == OutputKind::Rows {
        for parameter in query_parameters() {
            op = op.parameter(parameter);
        }
    }
    if endpoint.operation == Operation::Create {
        op = op.parameter(idempotency_parameter());
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

/// What the operation does and how the real server answers, from wire/PMP-WIRE-FACTS.md.
fn description(endpoint: &Endpoint) -> String {
    let model = endpoint.resource.model_name();
    let quirks = endpoint.resource.quirks();
    let text = match endpoint.operation {
        Operation::List => {
            format!(
                "The {model} rows. 1.0 and 2.0: every row, as a plain array (query parameters \
             ignored). {} An empty table answers 404 `No data were found`; a 3.x filter that \
             leaves nothing answers 200 with `data: []`.",
                list_paging(quirks)
            ) + &list_fails(quirks)
        }
        Operation::Get => format!(
            "The {model} row with this id (`{}`). A missing id answers 404 `No data were found`.",
            endpoint.resource.id_field()
        ),
        Operation::Search => format!(
            "The {model} rows matching the keyword (SQL `LIKE` on the server): a JSON array, \
             although the PMP document shows one object; {} No match answers 404 \
             `No data were found`. 2.0.8: a `\"` in the keyword answers 200 with an HTML error page.",
            if quirks.search_paged {
                "on 3.x, one page in a `{data, meta}` envelope as lists answer."
            } else {
                "a plain, complete array on every version."
            }
        ),
        Operation::Create => "Form fields, read from PHP's `$_POST`: `multipart/form-data` or \
             `application/x-www-form-urlencoded` (a JSON body fails validation on 1.0 and 2.0; \
             3.x reads it). 1.0 and 2.0 never return the new row's id; 3.x adds `record_id`. \
             A validation failure answers 404 with the `error` field map; a failed write answers \
             404 too. Leads need `assigned` on 2.x and 3.x only."
            .to_owned(),
        Operation::Update if endpoint.resource.updates_whole() => format!(
            "The whole {model} again, as a JSON object: every version checks it as it checks a \
             create (`items`, the lines it keeps with their `itemid`, where a create has \
             `newitems`) and answers a failure 409 with the `error` field map. New lines go in \
             `newitems`, the ids of lines to drop in `removed_items`. An unknown id answers 409 \
             `{}` (after the checks); an update that changes nothing 404 `{}`. An empty body, \
             `{{}}` or a body that is not JSON answers {}.",
            pmp_core::strings::write_message(endpoint.resource, pmp_core::strings::WriteOutcome::NotFound),
            pmp_core::strings::write_message(
                endpoint.resource,
                pmp_core::strings::WriteOutcome::UpdateFailed
            ),
            put_answers(endpoint.resource),
        ),
        Operation::Update => format!(
            "A JSON object of the fields to set: only those change, and the mandatory fields are \
             not checked again (any version). An empty body, `{{}}` or a body that is not JSON \
             answers {}. {}{}",
            put_answers(endpoint.resource),
            if quirks.writes_ignore_missing(None) {
                "Any update that passes these answers 200, one that changes nothing too (the \
                 model's update always succeeds)"
            } else {
                "A failed write, and an update that changes nothing, answer 404 `... Update Fail.`"
            },
            if quirks.missing_update_not_found_on_v3 {
                " (3.x: an unknown id answers `... not found`)."
            } else {
                "."
            }
        ),
        Operation::Delete => format!(
            "Removes the {model} row. The server also routes `DELETE api/{}/{{id}}` here; this is \
             the documented path.{}",
            endpoint.resource.segment(),
            if quirks.deletes_newest_only {
                format!(
                    " A CRM deletes only its newest {model} (the highest id; a new install's option \
                     `delete_only_on_last_{}` is 1): any other answers 404 `{}`. An id no row has \
                     answers 404 `{}` (the clients: `not_found`).",
                    endpoint.resource.model_name().to_lowercase(),
                    pmp_core::strings::write_message(
                        endpoint.resource,
                        pmp_core::strings::WriteOutcome::DeleteFailed
                    ),
                    pmp_core::strings::write_message(
                        endpoint.resource,
                        pmp_core::strings::WriteOutcome::InvalidId
                    ),
                )
            } else {
                String::new()
            }
        ),
    };
    let text = match (endpoint.operation, quirks.unique_in_year) {
        (Operation::Create | Operation::Update, Some(unique)) => format!(
            "{text} `{field}` must be unique among the {model} rows dated in the year of `{date}` \
             (leading zeros aside; an update keeping its own passes): another's answers the \
             validation failure `{}`.",
            pmp_core::strings::field_in_use(&endpoint.resource.label(unique.field)),
            field = unique.field,
            date = unique.date,
        ),
        _ => text,
    };
    let text = text + &source_quirks(endpoint);
    let since = endpoint.resource.info().since;
    let text = if since > pmp_core::ModuleVersion::V1 {
        format!(
            "{text}\n\nOnly on module {} and later: older versions have no `api/{}` and answer \
             404 with an HTML page.",
            since.name(),
            endpoint.resource.segment()
        )
    } else {
        text
    };
    format!(
        "{text}\n\nAuthentication failures also answer 404 (not 401), recognisable by their \
         `message` (1.0, 2.0: `Token is not defined.`, `Token Time Expire.`, a JWT library \
         message, or `null` for an unknown token; 3.x: `Token is not found`)."
    )
}

/// The extension naming the module versions that have an operation, each with how it answers
/// there where versions differ (the declaration's `quirks`), for tools and tests to read.
pub(crate) const VERSIONS_EXTENSION: &str = "x-pmp-versions";

/// `{"1.0": {...}, "2.0": {...}, "3.0": {...}}`: the versions that have the operation, with
/// its facts there: a list's and a search's `paged` (3.x: `always`, `whenAsked`, `never`), a
/// get's `rowInArray` and `crashes`, a list's `alwaysNotFound`, an update's status for each `unusableBody`,
/// an update's and a delete's `unknownIdSucceeds` (200 for an id no row has, and for an update
/// that changes nothing), a create's and an update's `uniqueInYear` (`{field, date}`: a number
/// unique in the year of a date, or null), a delete's `newestOnly` (only the newest row goes).
fn versions(endpoint: &Endpoint) -> Value {
    let resource = endpoint.resource;
    let quirks = resource.quirks();
    let unique_in_year = quirks
        .unique_in_year
        .map(|u| serde_json::json!({ "field": u.field, "date": u.date }));
    let facts = |version: ModuleVersion| match endpoint.operation {
        Operation::List => serde_json::json!({
            "paged": match (version.pages(), quirks.list_paging) {
                (false, _) | (true, ListPaging::Never) => "never",
                (true, ListPaging::Always) => "always",
                (true, ListPaging::WhenAsked) => "whenAsked",
            },
            "alwaysNotFound": quirks.list_fails(version),
        }),
        Operation::Search => {
            serde_json::json!({ "paged": if quirks.search_paged_on(version) { "always" } else { "never" } })
        }
        Operation::Get => serde_json::json!({
            "rowInArray": quirks.get_as_array,
            "crashes": quirks.get_crashes(version),
        }),
        Operation::Update => serde_json::json!({
            "unusableBody": {
                "notJson": quirks.put_answer(version, UnusableBody::NotJson).status(),
                "emptyObject": quirks.put_answer(version, UnusableBody::EmptyObject).status(),
            },
            "unknownIdSucceeds": quirks.writes_ignore_missing(version),
            "uniqueInYear": unique_in_year,
        }),
        Operation::Delete => serde_json::json!({
            "unknownIdSucceeds": quirks.writes_ignore_missing(version),
            "newestOnly": quirks.deletes_newest_only,
        }),
        Operation::Create => serde_json::json!({ "uniqueInYear": unique_in_year }),
    };
    ModuleVersion::ALL
        .into_iter()
        // A list that always fails is there, with `alwaysNotFound`: clients told the version
        // refuse it.
        .filter(|v| resource.exists_on(*v) && quirks.lacking(*v, endpoint.operation).is_empty())
        .map(|v| (v.name().to_owned(), facts(v)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// What the declaration's quirks from the module's source say of the operation, in words:
/// the versions that lack it, a failure member other than `status`, rows that carry their id
/// in another column, creates answered with an empty body.
fn source_quirks(endpoint: &Endpoint) -> String {
    let resource = endpoint.resource;
    let quirks = resource.quirks();
    let mut text = String::new();
    let lacked: Vec<_> = resource
        .lacked_on(endpoint.operation)
        .map(|v| v.version())
        .collect();
    if !resource.served_anywhere(endpoint.operation) {
        text += &format!(
            "\n\n**No version has this operation**: {} answer 405 `Unknown method` (the \
             controller has no such method). The clients refuse it when told the server version.",
            lacked.join(", ")
        );
    } else if !lacked.is_empty() {
        text += &format!(
            "\n\n{}: 405 `Unknown method` (the controller has no such method); the clients \
             refuse it when told the server version.",
            lacked.join(", ")
        );
    }
    if quirks.failure_member != "status" {
        text += &format!(
            " Failures say `\"{}\": false` instead of `\"status\": false` (`No data were \
             found`, validation failures, failed writes).",
            quirks.failure_member
        );
    }
    if let Some(alias) = quirks.id_alias {
        if endpoint.operation == Operation::Search {
            text += &format!(
                " Rows are bare table rows: the row's id is in `{alias}`, and there is no \
                 `{}` (the clients fill it from `{alias}`).",
                resource.id_field()
            );
        }
    }
    let write = matches!(endpoint.operation, Operation::Update | Operation::Delete);
    if write && !quirks.writes_ignore_missing_on.is_empty() {
        let versions: Vec<_> = quirks
            .writes_ignore_missing_on
            .iter()
            .map(|v| v.version())
            .collect();
        let outcome = if endpoint.operation == Operation::Update {
            pmp_core::strings::WriteOutcome::Updated
        } else {
            pmp_core::strings::WriteOutcome::Deleted
        };
        text += &format!(
            "\n\n{}: **an unknown id answers 200 `{}`** (the model does not check the id), so \
             this answer says nothing about the row; the clients get the row first and answer \
             `not_found` without sending the write.",
            versions.join(", "),
            pmp_core::strings::write_message(resource, outcome),
        );
    }
    if endpoint.operation == Operation::Create && !quirks.create_empty_on.is_empty() {
        let versions: Vec<_> = quirks.create_empty_on.iter().map(|v| v.version()).collect();
        text += &format!(
            " {}: 200 with an empty body, whether or not the row was stored (the controller \
             returns before answering); the clients read it as a success without message or id.",
            versions.join(", ")
        );
    }
    text
}

/// The versions whose list always answers 404 (the declaration's `quirks`), in words.
fn list_fails(quirks: &Quirks) -> String {
    if quirks.list_fails_on.is_empty() {
        return String::new();
    }
    let versions: Vec<_> = quirks.list_fails_on.iter().map(|v| v.version()).collect();
    format!(
        " {}: always 404 `No data were found`, whatever the table holds (the module looks the \
         list up as one row with an empty id); read the rows with searches or gets there.",
        versions.join(", ")
    )
}

/// How 3.x pages a list (the declaration's `quirks`), in words.
fn list_paging(quirks: &Quirks) -> &'static str {
    match quirks.list_paging {
        ListPaging::Always => {
            "3.x: one page in a `{data, meta}` envelope, 20 rows unless `per_page` says \
             otherwise; a page past the end answers the last page again."
        }
        ListPaging::WhenAsked => {
            "3.x: a plain array too, unless `page` or `per_page` is sent: then one page in a \
             `{data, meta}` envelope; a page past the end answers the last page again."
        }
        ListPaging::Never => "3.x: a plain array of every row too.",
    }
}

/// What each version that has the resource answers an unusable PUT body, in words.
fn put_answers(resource: Resource) -> String {
    let answer = |a: PutAnswer| match a {
        PutAnswer::NoFields => "404 `... Update Fail.` (nothing to change)",
        PutAnswer::Crash => "500 with an empty body",
        PutAnswer::ErrorPage => "500 with an HTML error page",
        PutAnswer::NotAcceptable => "406 `Data Not Acceptable OR Not Provided`",
        PutAnswer::UpdateFail => "404 `... Update Fail.`",
        PutAnswer::Success => "200 `... Update Successful.` without changing anything",
    };
    let quirks = resource.quirks();
    ModuleVersion::ALL
        .into_iter()
        .filter(|v| resource.exists_on(*v))
        .map(|v| {
            let not_json = quirks.put_answer(v, UnusableBody::NotJson);
            let empty = quirks.put_answer(v, UnusableBody::EmptyObject);
            let mut text = format!("{}: {}", v.name(), answer(not_json));
            if empty != not_json {
                text += &format!(" (`{{}}`: {})", answer(empty));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The answers of an operation no version serves (payments' update and delete): the
/// controller's 405, after the token checks every call gets.
fn unserved_responses(endpoint: &Endpoint) -> utoipa::openapi::Responses {
    let error = |description: String| {
        ResponseBuilder::new().description(description).content(
            "application/json",
            json_content(reference(ERROR_BODY), Vec::new()),
        )
    };
    let versions: Vec<_> = endpoint
        .resource
        .lacked_on(endpoint.operation)
        .map(ModuleVersion::name)
        .collect();
    let auth: Vec<_> = examples::not_found(endpoint)
        .into_iter()
        .filter(|(key, _, _)| key.starts_with("token"))
        .collect();
    ResponsesBuilder::new()
        .response(
            "401",
            error("3.x: over the per-IP rate limit.".to_owned()),
        )
        .response(
            "403",
            error("The token lacks the permission for this call.".to_owned()),
        )
        .response(
            "404",
            ResponseBuilder::new()
                .description("The token was refused.")
                .content("application/json", json_content(reference(ERROR_BODY), auth)),
        )
        .response(
            "405",
            error(format!(
                "{}: always: the controller has no such method                  (`{{\"status\":false,\"error\":\"Unknown method\"}}`).",
                versions.join(", ")
            )),
        )
        .response(
            "429",
            error("3.x: over the token's quota, or the IP locked out.".to_owned()),
        )
        .build()
}

/// The versions that answer some unusable PUT body of `resource` with one of `answers`.
fn put_versions(resource: Resource, answers: &[PutAnswer]) -> Vec<&'static str> {
    resource
        .put_answered_with(answers)
        .map(ModuleVersion::name)
        .collect()
}

/// A path parameter `name` holding an id of `resource`'s rows.
fn id_parameter(name: &str, resource: Resource) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(format!(
            "The id of a {} row (`{}` column), a positive integer.",
            resource.model_name(),
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

/// The query parameters of lists and searches: read by 3.x on its paged answers only.
fn query_parameters() -> Vec<utoipa::openapi::path::Parameter> {
    let int = |min: i64, max: Option<i64>| {
        let mut b = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(min));
        if let Some(max) = max {
            b = b.maximum(Some(max));
        }
        b
    };
    let text = || ObjectBuilder::new().schema_type(Type::String);
    let date = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(
                r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])( ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])?$",
            ))
    };
    [
        ("page", "3.x: the page, from 1 (a page past the end answers the last page again).", int(1, None), "1"),
        ("per_page", "3.x: rows per page, clamped to 1..100 (default 20).", int(1, Some(100)), "100"),
        ("sort", "3.x: columns to sort by, comma-separated, `-` for descending: `company,-userid`.", text(), "-userid"),
        ("fields", "3.x: columns to return, comma-separated (the id column is dropped unless named).", text(), "userid,company"),
        ("created_after", "3.x: rows created after this date (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`); a bad date answers 422.", date(), "2026-01-31"),
        ("created_before", "3.x: rows created before this date; a bad date answers 422.", date(), "2026-12-31"),
    ]
    .into_iter()
    // The example goes in the text, not as an `example`: Swagger UI's "Try it out" would send
    // it, and a list tried out would come back sorted and cut to two columns.
    .map(|(name, description, schema, example)| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some(format!("{description} 1.0 and 2.0 ignore it. Example: `{example}`.")))
            .schema(Some(schema))
            .build()
    })
    .collect()
}

fn idempotency_parameter() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "3.x: a create sent again with the same key (per token and resource, kept 24 h) is \
             answered from storage with `Idempotency-Replayed: true` and creates nothing (the key \
             is not bound to the body); an empty key is ignored. 1.0 and 2.0 ignore it: a \
             repeated create creates twice.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
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
    if !resource.served_anywhere(endpoint.operation) {
        return unserved_responses(endpoint);
    }
    let model = resource.model_name();
    let ok = match endpoint.output {
        OutputKind::Rows => {
            let example = examples::rows(resource, endpoint.operation);
            ResponseBuilder::new()
                .description(format!(
                    "The {model} rows: a plain array (1.0, 2.0, 3.x's plain searches), or one \
                     page in a `{{data, meta}}` envelope (3.x)."
                ))
                .content(
                    "application/json",
                    json_content(
                        utoipa::openapi::schema::OneOfBuilder::new()
                            .item(ArrayBuilder::new().items(reference(model)))
                            .item(reference(&schemas::page_name(resource))),
                        example
                            .map(|v| ("document", "From the PMP document", v))
                            .into_iter()
                            .collect(),
                    ),
                )
        }
        OutputKind::Row if resource.quirks().get_as_array => ResponseBuilder::new()
            .description(format!(
                "The {model} row, as an array of one row (every version)."
            ))
            .content(
                "application/json",
                json_content(
                    ArrayBuilder::new()
                        .items(reference(model))
                        .min_items(Some(1))
                        .max_items(Some(1)),
                    Vec::new(),
                ),
            ),
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
        OutputKind::Message
            if endpoint.operation == Operation::Create && !resource.quirks().create_empty_on.is_empty() =>
        {
            let versions: Vec<_> = resource
                .quirks()
                .create_empty_on
                .iter()
                .map(|v| v.name())
                .collect();
            ResponseBuilder::new()
                .description(format!(
                    "The write succeeded; {}: an empty body (`text/html`), stored or not.",
                    versions.join(", ")
                ))
                .content(
                    "application/json",
                    json_content(
                        reference(API_MESSAGE),
                        vec![("success", "Success", examples::message(endpoint))],
                    ),
                )
                .content(
                    "text/html",
                    ContentBuilder::new()
                        .schema(Some(
                            ObjectBuilder::new().schema_type(Type::String).max_length(Some(0)),
                        ))
                        .build(),
                )
        }
        OutputKind::Message => {
            let ok = ResponseBuilder::new().content(
                "application/json",
                json_content(
                    reference(API_MESSAGE),
                    vec![("success", "Success", examples::message(endpoint))],
                ),
            );
            // A line sent without a description is a NULL into a NOT NULL column: the CRM's
            // database exception page, with status 200.
            let lines = pmp_core::input_fields(resource)
                .iter()
                .any(|f| matches!(f.kind, pmp_core::FieldKind::NewLines | pmp_core::FieldKind::Lines));
            if lines && matches!(endpoint.operation, Operation::Create | Operation::Update) {
                ok.description(
                    "The write succeeded; or, as `text/html`, the CRM's database exception page: a \
                     line was sent without a description (the client refuses that before sending).",
                )
                .content(
                    "text/html",
                    ContentBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                        .build(),
                )
            } else {
                ok.description("The write succeeded.")
            }
        }
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
    let error = |description: &str| {
        ResponseBuilder::new().description(description).content(
            "application/json",
            json_content(reference(ERROR_BODY), Vec::new()),
        )
    };
    let mut ok = ok;
    for (name, description) in RATE_HEADERS {
        ok = ok.header(
            name,
            utoipa::openapi::HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some(description))
                .build(),
        );
    }
    if endpoint.operation == Operation::Create {
        ok = ok.header(
            "Idempotency-Replayed",
            utoipa::openapi::HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(["true"])),
                )
                .description(Some(
                    "3.x: `true` when the answer is replayed for a repeated `Idempotency-Key`.",
                ))
                .build(),
        );
    }
    let mut responses = ResponsesBuilder::new()
        .response("200", ok)
        .response(
            "401",
            error("3.x: over the per-IP rate limit (`error`: `This API key has reached the time limit for this method`); a rate limit, not an auth failure."),
        )
        .response("403", forbidden)
        .response("404", not_found)
        .response(
            "429",
            error("3.x: over the token's quota (`Rate limit exceeded`, no `Retry-After` and no rate headers: wait until the last `X-RateLimit-Reset`), or the IP locked out after repeated auth failures (`Too many failed authentication attempts. Try again later.`, 15 minutes)."),
        );
    if endpoint.output == OutputKind::Rows {
        responses = responses.response(
            "422",
            error("3.x: a bad `created_after`/`created_before` (`error: validation_failed` and the `errors` field map)."),
        );
    }
    // The statuses every version sends for input it cannot take (wire/PMP-WIRE-FACTS.md).
    let takes_id = matches!(
        endpoint.input,
        InputKind::Id | InputKind::IdAndFields | InputKind::ParentAndId
    );
    let lacked: Vec<_> = resource.lacked_on(endpoint.operation).map(|v| v.name()).collect();
    let unknown = match (takes_id, lacked.is_empty()) {
        (true, true) => Some("The id is not a number".to_owned()),
        (true, false) => Some(format!(
            "{}: always (the controller has no such method); any version: the id is not a number",
            lacked.join(", ")
        )),
        (false, false) => Some(format!(
            "{}: always (the controller has no such method)",
            lacked.join(", ")
        )),
        (false, true) => None,
    };
    if let Some(why) = unknown {
        responses = responses.response(
            "405",
            error(&format!(
                "{why} (`{{\"status\":false,\"error\":\"Unknown method\"}}`)."
            )),
        );
    }
    let takes_dates = pmp_core::input_fields(resource)
        .iter()
        .any(|f| f.kind == pmp_core::FieldKind::Date);
    const BAD_DATE: &str =
        "a date not written `YYYY-MM-DD` (the PMP document's `30/07/2019`): an empty body.";
    let crashing_puts = put_versions(resource, &[PutAnswer::Crash, PutAnswer::ErrorPage]);
    let crashing_gets: Vec<_> = resource
        .quirks()
        .get_crashes_on
        .iter()
        .map(|v| v.name())
        .collect();
    let server_error = match endpoint.operation {
        Operation::Update if !crashing_puts.is_empty() => Some(format!(
            "{}: an empty or non-JSON body (see the description); any version: {BAD_DATE}",
            crashing_puts.join(", ")
        )),
        Operation::Create | Operation::Update if takes_dates => Some(format!("Any version: {BAD_DATE}")),
        Operation::Get if !crashing_gets.is_empty() => Some(format!(
            "{}: always, with an empty body (a PHP error in the module); read the row from the list.",
            crashing_gets.join(", ")
        )),
        _ => None,
    };
    if let Some(description) = server_error {
        let mut answer = ResponseBuilder::new().description(description);
        // CodeIgniter's error page, where a version answers an unusable PUT body with it.
        if endpoint.operation == Operation::Update
            && !put_versions(resource, &[PutAnswer::ErrorPage]).is_empty()
        {
            answer = answer.content(
                "text/html",
                ContentBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .build(),
            );
        }
        responses = responses.response("500", answer);
    }
    // 409 where every version checks an update as a whole document (invoices, estimates).
    if endpoint.operation == Operation::Update && resource.updates_whole() {
        let conflict = ResponseBuilder::new()
            .description("The document fails the checks of a create, or no row has this id.")
            .content(
                "application/json",
                json_content(reference(ERROR_BODY), examples::conflicts(resource)),
            );
        responses = responses.response("409", conflict);
    }
    // 406 where a version checks that the body is JSON with fields (the declaration's PUT quirks).
    if endpoint.operation == Operation::Update
        && !put_versions(resource, &[PutAnswer::NotAcceptable]).is_empty()
    {
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
