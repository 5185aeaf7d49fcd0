//! The OpenAPI document of the PMP API, generated from pmp-core's [`CATALOGUE`] (paths,
//! operation ids, summaries, authentication), its input field tables (request bodies) and its
//! models' utoipa derives (response schemas), with the PMP document's examples.
//!
//! [`documents`] gives the three committed files: OpenAPI 3.1 as JSON and YAML, and a 3.0
//! conversion for tools that read only 3.0.
//!
//! [`CATALOGUE`]: pmp_core::CATALOGUE
#![warn(missing_docs, unreachable_pub)]

mod demo;
mod examples;
mod extras;
mod paths;
mod schemas;
mod v30;

use pmp_core::Resource;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::server::ServerVariableBuilder;
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ComponentsBuilder, InfoBuilder, LicenseBuilder, OpenApi, OpenApiBuilder, ServerBuilder,
};

/// The base URL of the local sandbox (`cargo run -p pmp-sandbox -- --port 8080`).
pub const SANDBOX_URL: &str = "http://127.0.0.1:8080";

/// The file names of the generated documents, relative to `openapi/`, in [`documents`] order.
pub const FILE_NAMES: [&str; 3] = ["pmp.openapi.json", "pmp.openapi.yaml", "pmp.openapi-3.0.json"];

/// The OpenAPI 3.1 document.
pub fn openapi() -> OpenApi {
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas::components())
        .security_scheme(
            paths::TOKEN_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "authtoken",
                "The API token (a JWT issued in the CRM's admin area), on every call.",
            ))),
        );
    let tags = Resource::ALL.map(|resource| {
        TagBuilder::new()
            .name(paths::tag(resource))
            .description(Some(format!(
                "{} (rows of the `{}` resource).",
                resource.model_name(),
                resource.segment()
            )))
            .build()
    });
    let tags = tags.into_iter().chain([TagBuilder::new()
        .name(extras::TAG)
        .description(Some(extras::TAG_DESCRIPTION))
        .build()]);
    let info = InfoBuilder::new()
        .title("PMP API")
        .version("1.0")
        .description(Some(DESCRIPTION))
        .license(Some(
            LicenseBuilder::new()
                .name("MIT OR Apache-2.0")
                .identifier(Some("MIT OR Apache-2.0"))
                .build(),
        ))
        .build();
    let installation = ServerBuilder::new()
        .url("{baseUrl}")
        // The variable's own `description` is left out: @apidevtools/swagger-parser's 3.1
        // schema misspells that field and refuses it.
        .description(Some(
            "A PMP (Perfex CRM) installation with the REST API module; `baseUrl` is its base \
             URL, without a trailing slash (the API is under `api/`).",
        ))
        .parameter(
            "baseUrl",
            ServerVariableBuilder::new().default_value("https://crm.example.org"),
        )
        .build();
    let sandbox = ServerBuilder::new()
        .url(SANDBOX_URL)
        .description(Some("The local pmp-sandbox (`cargo xtask demo`)."))
        .build();
    OpenApiBuilder::new()
        .info(info)
        .servers(Some([installation, sandbox]))
        .paths(paths::paths())
        .components(Some(components.build()))
        .tags(Some(tags.collect::<Vec<_>>()))
        .build()
}

const DESCRIPTION: &str = "The REST API of a PMP backend (the Perfex CRM \"REST API\" module), \
as real servers speak it: where the vendor's PMP document and the wire differ, this document \
follows the wire.\n\n\
- Authenticate with the `authtoken` header on every call (no version reads `Authorization`).\n\
- Row values are strings or `null`; rows may carry more columns than listed.\n\
- Creates take form fields (`multipart/form-data` or `application/x-www-form-urlencoded`; 3.x \
also JSON), updates take JSON and change only the fields they name. Writes answer \
`{status, message}`; 3.x adds the new id as `record_id`.\n\
- Failures (not found, validation, failed writes, refused tokens) answer **404** with \
`{status: false, message, error?}`; an update without a JSON body answers 406, a missing \
permission 403.\n\n\
Module versions differ (1.0.0, 2.0.8, 3.0.3 were recorded): 1.0 and 2.0 answer lists and \
searches with the whole table as a plain array and ignore the query parameters; 3.x answers \
the lists (and the leads and tickets searches) with pages in a `{data, meta}` envelope of 20 \
rows unless `per_page` (1 to 100) says otherwise, honours `sort`, `fields`, `created_after` \
and `created_before` there (422 for a bad date), replays a create sent again with the same \
`Idempotency-Key`, and sends `X-RateLimit-*` headers (429 over the quota, 401 over the \
per-IP limit, 429 after repeated auth failures). 2.0.8 answers `GET api/tickets/{id}` with \
500 and an empty body.\n\n\
Each operation's `x-pmp-versions` names the module versions that have it, each with how the \
operation answers there where versions or resources differ: `paged` (a list's or search's \
`always`, `whenAsked` or `never`; a list's `alwaysNotFound`: it answers 404 whatever the \
table holds), `rowInArray` and `crashes` (a get), `unusableBody` (the \
statuses of an update with a body that is not JSON, or `{}`).";

/// The demo page's table of resources, `www/resources.js` (written by `cargo xtask spec`).
pub fn demo_resources() -> String {
    demo::resources_js()
}

/// The three documents, in [`FILE_NAMES`] order: 3.1 JSON, 3.1 YAML, 3.0 JSON. The same bytes
/// on every run (maps are sorted; no time or path goes in).
pub fn documents() -> [String; 3] {
    let document = openapi();
    let json = document
        .to_pretty_json()
        .expect("the document serializes to JSON");
    let yaml = document.to_yaml().expect("the document serializes to YAML");
    let value = serde_json::to_value(&document).expect("the document serializes to JSON");
    let v30 = serde_json::to_string_pretty(&v30::convert(value)).expect("JSON values serialize");
    [json + "\n", yaml, v30 + "\n"]
}
