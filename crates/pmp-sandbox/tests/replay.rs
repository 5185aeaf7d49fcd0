//! Replays the exchanges recorded from real servers (`wire/*.jsonl` at the
//! workspace root) against a fresh, empty sandbox in the matching profile, in order, and checks
//! that every answer matches the recorded one: status, content type (JSON, HTML, empty), JSON
//! shape (array, envelope or object; the keys at the top, in `meta` and in every row; each
//! value's JSON type), `message` and `error` exactly, and which of the `X-RateLimit-*` and
//! `Idempotency-Replayed` headers are there. Ids, dates, hashes and counters are compared by
//! type only, since they differ from run to run.

use std::path::PathBuf;

use base64::Engine;
use pmp_sandbox::{Config, Module, Role, Token};
use serde_json::Value;

const TOKEN: &str = "replay-token-every-permission";
const LIMITED_TOKEN: &str = "replay-token-reads-customers";
const TINY_QUOTA_TOKEN: &str = "replay-token-tiny-quota";

/// Exchanges that cannot match, with the reason. Each must still differ (else remove it).
const CANNOT_MATCH: &[(&str, u64, &str)] = &[
    ("1.0.0", 4, "signed with the module's default JWT key, which the recordings do not give: the sandbox checks its own key, so it answers `Signature verification failed`"),
    ("1.0.0", 5, "expired token signed with the module's default JWT key (see 4)"),
    ("2.0.8", 4, "signed with the module's default JWT key (see 1.0.0 4)"),
    ("2.0.8", 5, "expired token signed with the module's default JWT key (see 1.0.0 4)"),
];

fn recordings_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("wire");
    assert!(
        dir.join(pmp_core::ModuleVersion::V1.recording()).is_file(),
        "the recorded exchanges are missing: expected {} (`cargo xtask wire` copies them in)",
        dir.display()
    );
    dir
}

fn substitute(text: &str) -> String {
    text.replace("<TOKEN>", TOKEN)
        .replace("<LIMITED_TOKEN>", LIMITED_TOKEN)
        .replace("<TINY_QUOTA_TOKEN>", TINY_QUOTA_TOKEN)
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Class {
    Json,
    Html,
    Empty,
}

fn class(content_type: &str, body: &[u8]) -> Class {
    if body.is_empty() {
        Class::Empty
    } else if content_type.contains("json") {
        Class::Json
    } else {
        Class::Html
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// Compares an object's keys and the JSON type of each value.
fn same_object(want: &Value, got: &Value, at: &str, problems: &mut Vec<String>) {
    let (wk, gk) = (keys(want), keys(got));
    if wk != gk {
        let missing: Vec<&String> = wk.iter().filter(|k| !gk.contains(k)).collect();
        let extra: Vec<&String> = gk.iter().filter(|k| !wk.contains(k)).collect();
        problems.push(format!("{at}: keys differ, missing {missing:?}, extra {extra:?}"));
        return;
    }
    for key in wk {
        let (w, g) = (&want[&key], &got[&key]);
        if type_of(w) != type_of(g) {
            problems.push(format!(
                "{at}.{key}: {} recorded, {} answered",
                type_of(w),
                type_of(g)
            ));
        }
    }
}

fn same_rows(want: &Value, got: &Value, at: &str, problems: &mut Vec<String>) {
    let (w, g) = (want.as_array().unwrap(), got.as_array().unwrap());
    if w.len() != g.len() {
        problems.push(format!("{at}: {} rows recorded, {} answered", w.len(), g.len()));
        return;
    }
    for (i, (wr, gr)) in w.iter().zip(g).enumerate() {
        same_object(wr, gr, &format!("{at}[{i}]"), problems);
    }
}

fn shape(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "array",
        Value::Object(o) if o.contains_key("data") && o.contains_key("meta") => "envelope",
        Value::Object(_) => "object",
        _ => "scalar",
    }
}

fn same_json(want: &Value, got: &Value, problems: &mut Vec<String>) {
    if shape(want) != shape(got) {
        problems.push(format!(
            "{} recorded, {} answered: {}",
            shape(want),
            shape(got),
            cut(&got.to_string())
        ));
        return;
    }
    match shape(want) {
        "array" => same_rows(want, got, "rows", problems),
        "envelope" => {
            same_object(&want["meta"], &got["meta"], "meta", problems);
            same_rows(&want["data"], &got["data"], "data", problems);
        }
        _ => {
            same_object(want, got, "body", problems);
            for key in ["message", "error"] {
                if want.get(key) != got.get(key) {
                    problems.push(format!(
                        "{key}: {:?} recorded, {:?} answered",
                        want.get(key),
                        got.get(key)
                    ));
                }
            }
        }
    }
}

fn cut(text: &str) -> String {
    text.chars().take(300).collect()
}

async fn replay(file: &str) -> Vec<(u64, String)> {
    let text = std::fs::read_to_string(recordings_dir().join(file)).expect("readable recording");
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Value = serde_json::from_str(lines.next().expect("a header line")).unwrap();
    let version = header["module"]
        .as_str()
        .expect("the header names the module")
        .to_owned();
    let module = Module::parse(&version).expect("a known module version");
    let tokens = vec![
        Token {
            value: TOKEN.to_owned(),
            role: Role::Full,
        },
        Token {
            value: LIMITED_TOKEN.to_owned(),
            role: Role::ReadCustomers,
        },
        Token {
            value: TINY_QUOTA_TOKEN.to_owned(),
            role: Role::TinyQuota,
        },
    ];
    let sandbox = pmp_sandbox::spawn(Config::replay(module, tokens)).await.unwrap();
    let base = format!("http://{}", sandbox.addr());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut failures = Vec::new();
    for line in lines {
        let exchange: Value = serde_json::from_str(line).unwrap();
        let n = exchange["n"].as_u64().unwrap();
        let request = &exchange["request"];
        let recorded = &exchange["response"];
        let method = reqwest::Method::from_bytes(request["method"].as_str().unwrap().as_bytes()).unwrap();
        let url = format!("{base}{}", substitute(request["path"].as_str().unwrap()));
        let mut builder = client.request(method, &url);
        for (name, value) in request["headers"].as_object().unwrap() {
            if matches!(name.to_ascii_lowercase().as_str(), "host" | "content-length") {
                continue;
            }
            builder = builder.header(name.as_str(), substitute(value.as_str().unwrap()));
        }
        let body = match (request.get("body_base64"), request.get("body")) {
            (Some(Value::String(b64)), _) => base64::engine::general_purpose::STANDARD.decode(b64).unwrap(),
            (_, Some(Value::String(text))) => text.as_bytes().to_vec(),
            _ => Vec::new(),
        };
        if !body.is_empty() {
            builder = builder.body(body);
        }
        let answer = builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("{version} #{n}: {e}"));
        let status = answer.status().as_u16();
        let headers = answer.headers().clone();
        let bytes = answer.bytes().await.unwrap();
        let got_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let want_headers = recorded["headers"].as_object().unwrap();
        let want_type = want_headers
            .get("content-type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let want_body = recorded["body"].as_str().unwrap_or_default();
        let mut problems = Vec::new();
        if status != recorded["status"].as_u64().unwrap() as u16 {
            problems.push(format!(
                "status {} recorded, {status} answered",
                recorded["status"]
            ));
        }
        let (want_class, got_class) = (class(want_type, want_body.as_bytes()), class(got_type, &bytes));
        if want_class != got_class {
            problems.push(format!("{want_class:?} recorded, {got_class:?} answered"));
        } else if want_class == Class::Json && recorded.get("truncated").is_none() {
            let want: Value = serde_json::from_str(want_body).unwrap();
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(got) => same_json(&want, &got, &mut problems),
                Err(e) => problems.push(format!("not JSON: {e}")),
            }
        }
        for name in ["x-ratelimit-limit", "idempotency-replayed", "location"] {
            if want_headers.contains_key(name) != headers.contains_key(name) {
                problems.push(format!(
                    "header {name}: recorded {}, answered {}",
                    want_headers.contains_key(name),
                    headers.contains_key(name)
                ));
            }
        }
        if !problems.is_empty() {
            let title = exchange["title"].as_str().unwrap_or_default();
            failures.push((n, format!("{version} #{n} {title}: {}", problems.join("; "))));
        }
    }
    sandbox.stop().await;
    failures
}

async fn check(file: &str, version: &str) {
    let failures = replay(file).await;
    let known: Vec<u64> = CANNOT_MATCH
        .iter()
        .filter(|(v, _, _)| *v == version)
        .map(|(_, n, _)| *n)
        .collect();
    let unexpected: Vec<&String> = failures
        .iter()
        .filter(|(n, _)| !known.contains(n))
        .map(|(_, t)| t)
        .collect();
    let now_matching: Vec<&u64> = known
        .iter()
        .filter(|n| !failures.iter().any(|(f, _)| f == *n))
        .collect();
    assert!(
        unexpected.is_empty() && now_matching.is_empty(),
        "{} exchanges differ from the recording:\n{}\nlisted in CANNOT_MATCH but now matching: {now_matching:?}",
        unexpected.len(),
        unexpected.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_1_0_0() {
    check(pmp_core::ModuleVersion::V1.recording(), "1.0.0").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_2_0_8() {
    check(pmp_core::ModuleVersion::V2.recording(), "2.0.8").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_3_0_3() {
    check(pmp_core::ModuleVersion::V3.recording(), "3.0.3").await;
}
