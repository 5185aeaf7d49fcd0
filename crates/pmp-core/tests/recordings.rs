//! The decoders on every answer recorded from real servers (`wire/*.jsonl` at the workspace
//! root) to a request pmp-core builds: each is read with its endpoint's decoder and
//! must give what the recording holds: every row of an array or an envelope (never the
//! envelope as a row, never a first page as the whole list), the row of a get, the message of
//! a write, or an error with the answer's status that is not a decode error.

use std::path::PathBuf;

use pmp_core::*;
use serde_json::Value;

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.test/", "a-recorded-token-0123").unwrap()
}

/// The endpoint a recorded request is a call of: method and path, ids numeric (as
/// [`build_request`] writes them); `None` for requests pmp-core never makes.
fn endpoint_of(method: &str, path: &str) -> Option<&'static Endpoint> {
    let path = path.trim_start_matches('/').split('?').next()?;
    let segments: Vec<&str> = path.split('/').collect();
    let fits = |e: &&Endpoint| {
        let template: Vec<&str> = e.path.split('/').collect();
        e.method.as_str() == method
            && template.len() == segments.len()
            && template.iter().zip(&segments).all(|(t, s)| match *t {
                "{keysearch}" => !s.is_empty(),
                t if t.starts_with('{') => s.parse::<u64>().is_ok(),
                t => t == *s,
            })
    };
    CATALOGUE.iter().find(fits)
}

/// The JSON text of a column as the models keep it.
fn column(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct Check<'a> {
    endpoint: &'static Endpoint,
    response: HttpResponse<'a>,
    json: Option<Value>,
    at: String,
}

impl RowVisitor for Check<'_> {
    type Output = ();

    fn visit<T: Row>(self) {
        let Check {
            endpoint,
            response,
            json,
            at,
        } = self;
        let success = (200..300).contains(&response.status)
            && json
                .as_ref()
                .is_some_and(|v| v.get("status") != Some(&Value::Bool(false)));
        let is_json = json.is_some();
        let failure = |err: PmpError| {
            assert_eq!(err.status, Some(response.status), "{at}: {err}");
            if is_json {
                assert_ne!(err.kind, ErrorKind::Decode, "{at}: {err}");
            }
        };
        let json = json.unwrap_or(Value::Null);
        match endpoint.output {
            OutputKind::Rows => match decode_listing::<T>(&config(), &response) {
                Ok(listing) => {
                    let (rows, page) = match listing {
                        Listing::All(rows) => (rows, None),
                        Listing::Page(page) => (page.data, Some(page.meta)),
                    };
                    let (sent, meta) = match &json {
                        Value::Array(rows) => (rows.len(), None),
                        _ if success => (json["data"].as_array().expect("rows").len(), Some(&json["meta"])),
                        // "No data were found" (404) is no rows.
                        _ => (0, None),
                    };
                    assert_eq!(rows.len(), sent, "{at}");
                    assert_eq!(
                        page.map(|m| m.total),
                        meta.map(|m| m["total"].as_u64().unwrap()),
                        "{at}"
                    );
                    for row in &rows {
                        let row = serde_json::to_value(row).unwrap();
                        assert!(row.get("password").is_none() && row.get("data").is_none(), "{at}");
                    }
                }
                Err(err) => failure(err),
            },
            OutputKind::Row => match decode_row::<T>(&config(), &response) {
                Ok(row) => {
                    assert!(success, "{at}: a row from a failure");
                    let sent = match &json {
                        Value::Array(rows) => &rows[0],
                        one => one,
                    };
                    let id = T::RESOURCE.id_field();
                    assert_eq!(row.row_id().map(str::to_owned), column(&sent[id]), "{at}");
                }
                Err(err) if err.kind == ErrorKind::NotFound && json == Value::Array(vec![]) => {}
                Err(err) => failure(err),
            },
            OutputKind::Message => match decode_message(&config(), &response) {
                Ok(message) => {
                    assert!(success && message.status, "{at}");
                    assert_eq!(message.message.as_deref(), json["message"].as_str(), "{at}");
                }
                Err(err) => failure(err),
            },
        }
    }
}

#[test]
fn every_recorded_answer_decodes_as_recorded() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../wire");
    let mut checked = [0usize; 3];
    for file in ModuleVersion::ALL.map(ModuleVersion::recording) {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (`cargo xtask wire` copies the recordings in)",
                path.display()
            )
        });
        for line in text.lines().skip(1) {
            let exchange: Value = serde_json::from_str(line).unwrap();
            let request = &exchange["request"];
            let answer = &exchange["response"];
            let (Some(endpoint), Some(body)) = (
                endpoint_of(
                    request["method"].as_str().unwrap(),
                    request["path"].as_str().unwrap(),
                ),
                answer["body"].as_str(),
            ) else {
                continue;
            };
            let status = answer["status"].as_u64().unwrap() as u16;
            let content_type = answer["headers"]["content-type"].as_str();
            let check = Check {
                endpoint,
                response: HttpResponse {
                    status,
                    content_type,
                    body: body.as_bytes(),
                },
                json: serde_json::from_str(body).ok(),
                at: format!("{file} {} ({})", exchange["n"], endpoint.operation_id),
            };
            endpoint.resource.visit_row(check);
            checked[endpoint.output as usize] += 1;
        }
    }
    eprintln!("answers checked (rows, row, message): {checked:?}");
    // Rows, a row, messages: each decoder met many real answers.
    assert!(checked.iter().all(|n| *n >= 20), "{checked:?}");
}
