//! Helpers shared by the integration tests: a sandbox on an ephemeral port, and a transport
//! that sends pmp-core's `HttpRequest` values with reqwest.
#![allow(dead_code)] // each test binary uses a subset

use pmp_core::{Body, ClientConfig, FormField, HttpRequest, HttpResponse};
use pmp_sandbox::{Config, Module, Running, DEV_TOKEN};
use serde_json::Value;

/// A running sandbox and a client for it.
pub struct Sandbox {
    pub running: Running,
    pub http: reqwest::Client,
    pub config: ClientConfig,
}

/// What came back.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The answer as pmp-core's decoders take it.
    pub fn response(&self) -> HttpResponse<'_> {
        HttpResponse {
            status: self.status,
            content_type: self.content_type.as_deref(),
            body: &self.body,
        }
    }

    /// The body as JSON (panics with the body's text if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts a 4xx answer with a JSON `{"status": false, ...}` body (or `false` in another
    /// resource's failure member: payments' `paymentmode`).
    pub fn assert_client_error(&self, what: &str) {
        assert!(
            (400..500).contains(&self.status),
            "{what}: status {} {:?}",
            self.status,
            self.text()
        );
        let body = self.json();
        assert!(
            pmp_core::Resource::ALL
                .iter()
                .any(|r| body[r.quirks().failure_member] == Value::Bool(false)),
            "{what}: {}",
            self.text()
        );
        assert!(
            self.content_type
                .as_deref()
                .is_some_and(|c| c.starts_with("application/json")),
            "{what}: content type {:?}",
            self.content_type
        );
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Sandbox {
    /// A seeded in-memory sandbox answering as module 1.0.0 (plain lists, as these tests
    /// read them).
    pub async fn start() -> Sandbox {
        Sandbox::with(Config {
            module: Module::V1,
            ..Config::in_memory()
        })
        .await
    }

    /// A seeded in-memory sandbox answering as `module`.
    pub async fn start_as(module: Module) -> Sandbox {
        Sandbox::with(Config {
            module,
            ..Config::in_memory()
        })
        .await
    }

    /// A sandbox with a given configuration (its port is forced to 0).
    pub async fn with(mut config: Config) -> Sandbox {
        config.port = 0;
        let token = config.tokens[0].value.clone();
        let running = pmp_sandbox::spawn(config).await.expect("sandbox starts");
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap();
        let config = ClientConfig::new(&running.url(), &token).unwrap();
        Sandbox {
            running,
            http,
            config,
        }
    }

    /// The URL of a path (`api/customers`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.running.url(), path.trim_start_matches('/'))
    }

    /// Sends a pmp-core request.
    pub async fn send(&self, request: &HttpRequest) -> Answer {
        let method =
            reqwest::Method::from_bytes(request.method.as_str().as_bytes()).expect("a standard method");
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        builder = match &request.body {
            Body::None => builder,
            Body::Json(json) => builder.body(json.clone()),
            body @ Body::Form(fields) => match body.to_urlencoded() {
                Some(text) => builder.body(text),
                None => {
                    let mut form = reqwest::multipart::Form::new();
                    for field in fields {
                        form = match field {
                            FormField::Text { name, value } => form.text(name.clone(), value.clone()),
                            FormField::File(file) => form.part(
                                "file[]",
                                reqwest::multipart::Part::bytes(file.bytes.clone())
                                    .file_name(file.filename.clone())
                                    .mime_str(&file.content_type)
                                    .unwrap(),
                            ),
                        };
                    }
                    builder.multipart(form)
                }
            },
        };
        answer(builder.send().await.expect("request sent")).await
    }

    /// Sends a raw request built with reqwest, with the development token.
    pub async fn raw(&self, builder: reqwest::RequestBuilder) -> Answer {
        answer(
            builder
                .header("authtoken", DEV_TOKEN)
                .send()
                .await
                .expect("request sent"),
        )
        .await
    }
}

/// Reads a reqwest response.
pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await.expect("body read").to_vec();
    Answer {
        status,
        content_type,
        body,
    }
}

/// A fixture of pmp-core's tests (the PMP document's example answers).
pub fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../pmp-core/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Asserts that the fields `actual` shares with `expected` (a document example, which shows
/// columns real rows do not have) are equal, but for `skip`, and that most are shared.
pub fn assert_shared(actual: &Value, expected: &Value, skip: &[&str], what: &str) {
    let expected = expected.as_object().expect("an object fixture");
    let shared: Vec<&String> = expected
        .keys()
        .filter(|k| actual.get(k.as_str()).is_some())
        .collect();
    assert!(
        shared.len() * 3 >= expected.len() * 2,
        "{what}: only {shared:?} of the example's fields"
    );
    for key in shared.into_iter().filter(|k| !skip.contains(&k.as_str())) {
        assert_eq!(actual.get(key), expected.get(key), "{what}: field `{key}`");
    }
}
