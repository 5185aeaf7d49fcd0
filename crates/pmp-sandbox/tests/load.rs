//! Concurrency and hostile input over real HTTP: nothing a client sends gets a 500, a crash
//! or a lost write.

mod common;

use std::collections::HashSet;

use common::Sandbox;
use pmp_core::*;
use pmp_sandbox::Module;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_clients_creating_200_customers_each_on_module_1_0_lose_nothing() {
    concurrent_creates(Module::V1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_clients_creating_200_customers_each_on_module_3_0_lose_nothing() {
    concurrent_creates(Module::V3).await;
}

async fn concurrent_creates(module: Module) {
    const CLIENTS: usize = 8;
    const EACH: usize = 200;
    let sandbox = std::sync::Arc::new(
        Sandbox::with(pmp_sandbox::Config {
            empty: true,
            module,
            ..pmp_sandbox::Config::in_memory()
        })
        .await,
    );
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let sandbox = sandbox.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..EACH {
                let mut record = InputRecord::new(Resource::Customers);
                record
                    .set("company", InputValue::Text(format!("load {client}-{i}")))
                    .unwrap();
                let request = build_request(
                    &sandbox.config,
                    Endpoint::of(Resource::Customers, Operation::Create),
                    Args::Fields(&record),
                )
                .unwrap();
                let answer = sandbox.send(&request).await;
                let message = decode_message(&sandbox.config, &answer.response())
                    .unwrap_or_else(|e| panic!("client {client} create {i}: {e}"));
                assert!(message.status);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    // Every page of the list (one plain array before 3.x).
    let mut rows: Vec<Customer> = Vec::new();
    for page in 1.. {
        let url = sandbox.url(&format!("api/customers?page={page}&per_page=100"));
        let answer = sandbox.raw(sandbox.http.get(url)).await;
        let json = answer.json();
        let last = json["meta"]["last_page"].as_u64().unwrap_or(1);
        let data = if module == Module::V3 {
            json["data"].clone()
        } else {
            json
        };
        rows.extend(serde_json::from_value::<Vec<Customer>>(data).unwrap());
        if page >= last {
            break;
        }
    }
    assert_eq!(rows.len(), CLIENTS * EACH);
    let names: HashSet<String> = rows
        .iter()
        .map(|r| r.company.clone().flatten().unwrap())
        .collect();
    let ids: HashSet<String> = rows.iter().map(|r| r.userid.clone().flatten().unwrap()).collect();
    let expected: HashSet<String> = (0..CLIENTS)
        .flat_map(|c| (0..EACH).map(move |i| format!("load {c}-{i}")))
        .collect();
    assert_eq!(names, expected, "every create present exactly once");
    assert_eq!(ids.len(), CLIENTS * EACH, "ids are distinct");
}

/// A search built by pmp-core.
async fn search(sandbox: &Sandbox, keyword: &str) -> common::Answer {
    let endpoint = Endpoint::of(Resource::Customers, Operation::Search);
    let request = build_request(&sandbox.config, endpoint, Args::Keyword(keyword)).unwrap();
    sandbox.send(&request).await
}

/// The server still answers a normal call correctly.
async fn still_serves(sandbox: &Sandbox, what: &str) {
    let answer = sandbox
        .raw(sandbox.http.get(sandbox.url("api/customers/1")))
        .await;
    assert_eq!(answer.status, 200, "after {what}");
    assert_eq!(answer.json()["company"], "Sample Company LTD", "after {what}");
}

#[tokio::test]
async fn hostile_input_gets_4xx_json_and_the_server_carries_on() {
    // 2.0.8 decodes search keywords and answers plain lists.
    let sandbox = Sandbox::start_as(Module::V2).await;
    let count = |answer: common::Answer| answer.json().as_array().map_or(0, Vec::len);
    let before = count(sandbox.raw(sandbox.http.get(sandbox.url("api/customers"))).await);
    let post = |path: &str| sandbox.http.post(sandbox.url(path));
    let multipart = |boundary: &str| format!("multipart/form-data; boundary={boundary}");
    let cases = vec![
        (
            "garbage multipart",
            post("api/leads")
                .header("content-type", multipart("XYZ"))
                .body("\u{0}\u{1}garbage--"),
        ),
        (
            "multipart without boundary",
            post("api/leads")
                .header("content-type", "multipart/form-data")
                .body("x"),
        ),
        (
            "truncated multipart",
            post("api/leads")
                .header("content-type", multipart("B"))
                .body("--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nhalf"),
        ),
        (
            "non-UTF-8 multipart field",
            post("api/customers").header("content-type", multipart("B")).body(
                b"--B\r\nContent-Disposition: form-data; name=\"company\"\r\n\r\n\xff\xfe\r\n--B--\r\n"
                    .to_vec(),
            ),
        ),
        (
            "20 MiB body",
            post("api/customers")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(vec![b'a'; 20 << 20]),
        ),
        (
            "deeply nested JSON",
            sandbox
                .http
                .put(sandbox.url("api/customers/1"))
                .body("[".repeat(100_000)),
        ),
        (
            "unknown resource (the CRM's HTML 404 page)",
            sandbox.http.get(sandbox.url("api/no-such-resource")),
        ),
        (
            "JSON with a wrong kind",
            sandbox
                .http
                .put(sandbox.url("api/projects/28"))
                .json(&json!({"project_members": "x,y"})),
        ),
        (
            "unknown method",
            sandbox
                .http
                .request(reqwest::Method::PATCH, sandbox.url("api/customers/1")),
        ),
        (
            "bad percent-encoding",
            sandbox.http.get(sandbox.url("api/customers/search/%FF%FE")),
        ),
        (
            "unknown resource",
            sandbox.http.get(sandbox.url("api/../../etc/passwd")),
        ),
    ];
    for (what, request) in cases {
        let answer = sandbox.raw(request).await;
        if what.contains("HTML") {
            assert_eq!(answer.status, 404, "{what}");
        } else {
            answer.assert_client_error(what);
        }
        still_serves(&sandbox, what).await;
    }

    // Numeric ids that name no row are not found; anything else is an unknown method.
    for id in ["0", "-1", "1.5", "abc", "99999999999999999999", "1%20OR%201=1"] {
        let numeric = !["abc", "1%20OR%201=1"].contains(&id);
        for (method, path) in [
            (reqwest::Method::GET, format!("api/customers/{id}")),
            (reqwest::Method::PUT, format!("api/customers/{id}")),
            (reqwest::Method::DELETE, format!("api/delete/customers/{id}")),
            (reqwest::Method::DELETE, format!("api/customers/{id}")),
        ] {
            let request = sandbox
                .http
                .request(method.clone(), sandbox.url(&path))
                .json(&json!({"company": "X"}));
            let answer = sandbox.raw(request).await;
            answer.assert_client_error(&format!("{method} {path}"));
            let expected = match (numeric, method.as_str()) {
                (false, _) => json!({"status": false, "error": "Unknown method"}),
                (true, "GET") => json!({"status": false, "message": "No data were found"}),
                (true, "PUT") => json!({"status": false, "message": "Customers Update Fail."}),
                (true, _) => json!({"status": false, "message": "Customer Delete Fail."}),
            };
            assert_eq!(answer.json(), expected, "{method} {path}");
        }
    }
    still_serves(&sandbox, "odd ids").await;

    // SQL metacharacters are data; `%` and `_` match only themselves.
    for company in ["100% sure", "a_b", "O'Brien \"quoted\"; DROP TABLE customers; --"] {
        let answer = sandbox
            .raw(post("api/customers").form(&[("company", company)]))
            .await;
        assert_eq!(answer.json()["message"], "Client add successful.", "{company}");
    }
    let companies = |answer: &common::Answer| -> Vec<String> {
        match answer.json() {
            Value::Array(rows) => rows
                .iter()
                .map(|r| r["company"].as_str().unwrap().to_owned())
                .collect(),
            _ => vec![],
        }
    };
    assert_eq!(companies(&search(&sandbox, "%").await), ["100% sure"]);
    assert_eq!(companies(&search(&sandbox, "_").await), ["a_b"]);
    assert_eq!(
        companies(&search(&sandbox, "DROP TABLE customers;").await),
        ["O'Brien \"quoted\"; DROP TABLE customers; --"]
    );
    let none = search(&sandbox, "' OR '1'='1").await;
    assert_eq!(
        (none.status, none.json()["message"].as_str()),
        (404, Some("No data were found"))
    );
    for keyword in ["a/b?c#d", "\\", "%25", "ü"] {
        search(&sandbox, keyword).await.assert_client_error(keyword);
    }
    let after = count(sandbox.raw(sandbox.http.get(sandbox.url("api/customers"))).await);
    assert_eq!(after, before + 3, "the table survived");
    still_serves(&sandbox, "SQL metacharacters").await;
}
