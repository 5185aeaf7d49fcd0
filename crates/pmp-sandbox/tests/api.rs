//! The sandbox over real HTTP: every endpoint of the catalogue, success and failure, with
//! requests built by pmp-core's `build_request` and answers read by pmp-core's decoders, so
//! that sandbox and client agree.

mod common;

use common::{assert_contains, fixture, Answer, Sandbox};
use pmp_core::*;
use pmp_sandbox::{Config, DEV_TOKEN};
use serde_json::{json, Value};

/// Rows decoded with the resource's typed model, then back to JSON for comparison.
fn typed_rows(resource: Resource, config: &ClientConfig, answer: &Answer) -> Result<Vec<Value>, PmpError> {
    fn rows<T: Row>(config: &ClientConfig, answer: &Answer) -> Result<Vec<Value>, PmpError> {
        // A get answers one row object (pmp-core's list decoders refuse a bare object).
        let response = answer.response();
        let rows: Vec<T> = if response.body.trim_ascii_start().starts_with(b"{\"data\"") {
            decode_search(config, &response)?
        } else if response.body.trim_ascii_start().starts_with(b"{") {
            vec![decode_row(config, &response)?]
        } else {
            decode_search(config, &response)?
        };
        Ok(rows.iter().map(|r| serde_json::to_value(r).unwrap()).collect())
    }
    match resource {
        Resource::Customers => rows::<Customer>(config, answer),
        Resource::Leads => rows::<Lead>(config, answer),
        Resource::Milestones => rows::<Milestone>(config, answer),
        Resource::Projects => rows::<Project>(config, answer),
        Resource::Tickets => rows::<Ticket>(config, answer),
    }
}

/// A record with every mandatory field of a resource set, marked with `tag`.
fn valid_record(resource: Resource, tag: &str) -> InputRecord {
    let mut record = InputRecord::new(resource);
    for spec in input_fields(resource).iter().filter(|f| f.required) {
        let value = match spec.kind {
            FieldKind::Number => InputValue::Number(7),
            // pmp-core sends dates as YYYY-MM-DD only (the document's 30/07/2019 crashes a
            // default install).
            FieldKind::Date => InputValue::Text("2019-07-30".to_owned()),
            _ => InputValue::Text(format!("{} {tag}", spec.name)),
        };
        record.set(spec.name, value).unwrap();
    }
    record
}

async fn call(sandbox: &Sandbox, resource: Resource, operation: Operation, args: Args<'_>) -> Answer {
    let request = build_request(&sandbox.config, Endpoint::of(resource, operation), args).unwrap();
    sandbox.send(&request).await
}

#[tokio::test]
async fn seeded_records_are_the_documents_examples() {
    let sandbox = Sandbox::start().await;
    let list = call(&sandbox, Resource::Customers, Operation::List, Args::None).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json(), fixture("customers-list-200"));
    // The typed decoder reads the sandbox's answer exactly as it reads the document's.
    let from_document: Vec<Customer> = decode_list(
        &sandbox.config,
        &HttpResponse {
            status: 200,
            content_type: None,
            body: fixture("customers-list-200").to_string().as_bytes(),
        },
    )
    .unwrap();
    let from_sandbox: Vec<Customer> = decode_list(&sandbox.config, &list.response()).unwrap();
    assert_eq!(from_sandbox, from_document);

    for (resource, id, name) in [
        (Resource::Leads, 17, "leads-get-200"),
        (Resource::Milestones, 5, "milestones-get-200"),
        (Resource::Tickets, 7, "tickets-get-200"),
    ] {
        let got = call(&sandbox, resource, Operation::Get, Args::Id(id)).await;
        assert_eq!(got.status, 200, "{name}");
        assert_contains(&got.json(), &fixture(name), name);
    }
    let searched = call(
        &sandbox,
        Resource::Leads,
        Operation::Search,
        Args::Keyword("Themesic"),
    )
    .await;
    assert_contains(&searched.json()[0], &fixture("leads-search-200"), "lead search");
    let searched = call(
        &sandbox,
        Resource::Milestones,
        Operation::Search,
        Args::Keyword("MIlestone"),
    )
    .await;
    assert_contains(
        &searched.json()[0],
        &fixture("milestones-search-200"),
        "milestone search",
    );
    // The project is the document's project example (shown under customers with
    // "project" replaced by "customer").
    let project = call(&sandbox, Resource::Projects, Operation::Get, Args::Id(28))
        .await
        .json();
    let mut expected = serde_json::Map::new();
    for (key, value) in fixture("customers-get-200").as_object().unwrap() {
        expected.insert(key.replace("customer_", "project_"), value.clone());
    }
    assert_contains(&project, &Value::Object(expected), "project 28");
}

#[tokio::test]
async fn every_catalogue_endpoint_works_for_every_resource() {
    let sandbox = Sandbox::start().await;
    let mut answered = Vec::new();
    for resource in Resource::ALL {
        let tag = format!("t{}", resource.segment());
        let record = valid_record(resource, &tag);
        let created = call(&sandbox, resource, Operation::Create, Args::Fields(&record)).await;
        let message = decode_message(&sandbox.config, &created.response()).unwrap();
        let expected = if resource == Resource::Customers {
            "Client add successful.".to_owned()
        } else {
            format!("{} add successful.", resource.model_name())
        };
        assert_eq!(message.message.as_deref(), Some(expected.as_str()));

        let list = call(&sandbox, resource, Operation::List, Args::None).await;
        let rows = typed_rows(resource, &sandbox.config, &list).unwrap();
        let newest = rows.last().unwrap().clone();
        let id: u64 = newest[resource.id_field()].as_str().unwrap().parse().unwrap();
        for spec in input_fields(resource).iter().filter(|f| f.required) {
            let stored = newest[spec.name]
                .as_str()
                .unwrap_or_else(|| panic!("{} {}", resource.segment(), spec.name));
            match spec.kind {
                FieldKind::Date => assert_eq!(stored, "2019-07-30"),
                FieldKind::Number => assert_eq!(stored, "7"),
                _ => assert_eq!(stored, format!("{} {tag}", spec.name)),
            }
        }

        let got = call(&sandbox, resource, Operation::Get, Args::Id(id)).await;
        assert_eq!(
            typed_rows(resource, &sandbox.config, &got).unwrap(),
            vec![newest.clone()]
        );
        let found = call(&sandbox, resource, Operation::Search, Args::Keyword(&tag)).await;
        let found = typed_rows(resource, &sandbox.config, &found).unwrap();
        assert_eq!(found, vec![newest.clone()], "search {tag}");

        let changed = valid_record(resource, "changed");
        let updated = call(
            &sandbox,
            resource,
            Operation::Update,
            Args::IdAndFields(id, &changed),
        )
        .await;
        let message = decode_message(&sandbox.config, &updated.response()).unwrap();
        assert_eq!(
            message.message,
            Some(format!("{} Update Successful.", resource.model_name()))
        );
        // The same values again change nothing: the real module answers "Update Fail.".
        let again = call(
            &sandbox,
            resource,
            Operation::Update,
            Args::IdAndFields(id, &changed),
        )
        .await;
        let err = decode_message(&sandbox.config, &again.response()).unwrap_err();
        assert_eq!((err.kind, err.status), (ErrorKind::Http, Some(404)));
        assert_eq!(err.message, format!("{} Update Fail.", resource.model_name()));

        let deleted = call(&sandbox, resource, Operation::Delete, Args::Id(id)).await;
        let message = decode_message(&sandbox.config, &deleted.response()).unwrap();
        assert_eq!(
            message.message,
            Some(format!("{} Delete Successful.", resource.model_name()))
        );
        let gone = call(&sandbox, resource, Operation::Get, Args::Id(id)).await;
        let err = decode_row::<Customer>(&sandbox.config, &gone.response()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        let twice = call(&sandbox, resource, Operation::Delete, Args::Id(id)).await;
        assert_eq!(twice.status, 404);
        assert_eq!(
            twice.json()["message"],
            format!("{} Delete Fail.", resource.model_name())
        );
        let missing = call(
            &sandbox,
            resource,
            Operation::Update,
            Args::IdAndFields(id, &changed),
        )
        .await;
        assert_eq!(
            missing.json()["message"],
            format!("{} Update Fail.", resource.model_name())
        );
        let nothing = call(
            &sandbox,
            resource,
            Operation::Search,
            Args::Keyword("no such thing"),
        )
        .await;
        // 404 "No data were found", which pmp-core reads as no rows.
        assert_eq!(nothing.status, 404);
        assert!(decode_search::<Lead>(&sandbox.config, &nothing.response())
            .unwrap()
            .is_empty());
        answered.extend(
            [
                Operation::Create,
                Operation::List,
                Operation::Get,
                Operation::Search,
                Operation::Update,
                Operation::Delete,
            ]
            .map(|op| Endpoint::of(resource, op).operation_id),
        );
    }
    // Every endpoint of the table was called and answered successfully above.
    for endpoint in CATALOGUE.iter() {
        assert!(
            answered.contains(&endpoint.operation_id),
            "{} not exercised",
            endpoint.operation_id
        );
    }
}

#[tokio::test]
async fn every_catalogue_path_is_routed() {
    let sandbox = Sandbox::with(Config {
        empty: true,
        ..Config::in_memory()
    })
    .await;
    for endpoint in CATALOGUE.iter() {
        // Id 999 does not exist: every endpoint answers its own "not found" or validation
        // failure, never the router's "Unknown API path" or "Unknown method".
        let path = endpoint.path.replace("{id}", "999").replace("{keysearch}", "zzz");
        let method = reqwest::Method::from_bytes(endpoint.method.as_str().as_bytes()).unwrap();
        let answer = sandbox
            .raw(sandbox.http.request(method, sandbox.url(&path)).body("{\"x\":1}"))
            .await;
        answer.assert_client_error(endpoint.operation_id);
        let message = answer.json()["message"].as_str().unwrap_or_default().to_owned();
        assert!(
            !message.starts_with("Unknown"),
            "{}: {message}",
            endpoint.operation_id
        );
    }
}

#[tokio::test]
async fn validation_failures_name_each_mandatory_field() {
    let sandbox = Sandbox::start().await;
    for resource in Resource::ALL {
        let url = sandbox.url(&format!("api/{}", resource.segment()));
        let answer = sandbox
            .raw(
                sandbox
                    .http
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(""),
            )
            .await;
        assert_eq!(answer.status, 404);
        let body = answer.json();
        let required: Vec<&str> = input_fields(resource)
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        for field in &required {
            let message = body["error"][field]
                .as_str()
                .unwrap_or_else(|| panic!("{field}: {body}"));
            assert!(
                message.starts_with("The ") && message.ends_with(" field is required."),
                "{message}"
            );
            assert!(body["message"]
                .as_str()
                .unwrap()
                .contains(&format!("<p>{message}</p>\n")));
        }
        let err = check_response(&sandbox.config, &answer.response()).unwrap();
        assert_eq!(err.kind, ErrorKind::Validation);
    }
    // The real module's own words, and a JSON POST (not read by PHP) fails the same way.
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/customers"))
                .json(&json!({"company": "A"})),
        )
        .await;
    assert_eq!(
        answer.json(),
        json!({"status": false, "error": {"company": "The Company field is required."},
               "message": "<p>The Company field is required.</p>\n"})
    );
    // Bad kinds and dates are named too.
    let answer = sandbox
        .raw(sandbox.http.post(sandbox.url("api/projects")).form(&[
            ("name", "P"),
            ("clientid", "abc"),
            ("billing_type", "1"),
            ("start_date", "31/02/2019"),
            ("status", "1"),
            ("colour", "red"),
        ]))
        .await;
    let errors = answer.json()["error"].clone();
    assert_eq!(errors.as_object().unwrap().len(), 3, "{errors}");
    assert!(errors["clientid"].as_str().unwrap().contains("integer"));
    assert!(errors["start_date"].as_str().unwrap().contains("date"));
    assert!(errors["colour"].as_str().unwrap().contains("colour"));
}

#[tokio::test]
async fn token_failures_answer_like_the_real_module() {
    let sandbox = Sandbox::with(Config {
        tokens: vec![DEV_TOKEN.into(), "second-token".into()],
        ..Config::in_memory()
    })
    .await;
    let url = sandbox.url("api/customers");
    let cases: [(Option<(&str, &str)>, Value); 4] = [
        (None, json!("Token is not defined.")),
        (
            Some(("authtoken", "not-a-jwt")),
            json!("Wrong number of segments"),
        ),
        (Some(("authtoken", "a.b.c")), Value::Null),
        (
            Some(("authtoken", &DEV_TOKEN[..DEV_TOKEN.len() - 1])),
            Value::Null,
        ),
    ];
    for (header, message) in cases {
        let mut request = sandbox.http.get(&url);
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let answer = common::answer(request.send().await.unwrap()).await;
        assert_eq!(answer.status, 404);
        assert_eq!(answer.json(), json!({"status": false, "message": message}));
        let err = check_response(&sandbox.config, &answer.response()).unwrap();
        assert_eq!(err.kind, ErrorKind::Auth, "{header:?}");
        assert!(!answer.text().contains(DEV_TOKEN));
    }
    for (name, value) in [
        ("AuthToken", DEV_TOKEN.to_owned()),
        ("authtoken", "second-token".to_owned()),
        ("Authorization", DEV_TOKEN.to_owned()),
        ("Authorization", format!("Bearer {DEV_TOKEN}")),
    ] {
        let answer = common::answer(sandbox.http.get(&url).header(name, value).send().await.unwrap()).await;
        assert_eq!(answer.status, 200, "{name}");
    }
}

#[tokio::test]
async fn put_bodies_json_and_forms() {
    let sandbox = Sandbox::start().await;
    let put = |path: &str| sandbox.http.put(sandbox.url(path));
    for (request, what) in [
        (put("api/customers/3"), "no body"),
        (put("api/customers/3").body("company=X"), "not JSON"),
        (put("api/customers/3").body("[1,2]"), "not an object"),
        (put("api/customers/3").body("{}"), "empty object"),
        (
            put("api/customers/3").form(&[("company", "X")]),
            "a form, for customers",
        ),
        (
            put("api/milestones/5").form(&[("name", "X")]),
            "a form, for milestones",
        ),
    ] {
        let answer = sandbox.raw(request).await;
        assert_eq!(answer.status, 406, "{what}");
        assert_eq!(
            answer.json(),
            json!({"status": false, "message": "Data Not Acceptable OR Not Provided"})
        );
    }
    // Leads, projects and tickets also take multipart PUT bodies.
    let form = reqwest::multipart::Form::new()
        .text("name", "Lead renamed")
        .text("source", "4")
        .text("status", "0");
    let answer = sandbox.raw(put("api/leads/17").multipart(form)).await;
    assert_eq!(answer.json()["message"], "Lead Update Successful.");
    let lead = sandbox
        .raw(sandbox.http.get(sandbox.url("api/leads/17")))
        .await
        .json();
    assert_eq!(lead["name"], "Lead renamed");
    // The document's milestone update example, with its dd/mm/yyyy date.
    let example = json!({"project_id": "1", "name": "Milestone A", "due_date": "30/07/2019",
        "description": "Description", "description_visible_to_customer": "on", "milestone_order": "1"});
    let answer = sandbox.raw(put("api/milestones/5").json(&example)).await;
    assert_eq!(answer.json()["message"], "Milestone Update Successful.");
    let milestone = sandbox
        .raw(sandbox.http.get(sandbox.url("api/milestones/5")))
        .await
        .json();
    assert_eq!(
        (
            milestone["due_date"].as_str(),
            milestone["description_visible_to_customer"].as_str()
        ),
        (Some("2019-07-30"), Some("1"))
    );
    // An unchecked box is not sent: leaving the flag out clears it.
    let unchecked = json!({"project_id": "1", "name": "Milestone B", "due_date": "2019-07-30"});
    assert_eq!(
        sandbox.raw(put("api/milestones/5").json(&unchecked)).await.json()["message"],
        "Milestone Update Successful."
    );
    let milestone = sandbox
        .raw(sandbox.http.get(sandbox.url("api/milestones/5")))
        .await
        .json();
    assert_eq!(milestone["description_visible_to_customer"], "0");
    // The document's ticket example carries `ticketid`: ignored, as the real server does.
    let ticket =
        json!({"subject": "Ticket ER2", "department": "1", "contactid": "0", "ticketid": "7", "userid": "0"});
    assert_eq!(
        sandbox.raw(put("api/tickets/7").json(&ticket)).await.json()["message"],
        "Ticket Update Successful."
    );
}

#[tokio::test]
async fn method_override_and_delete_alias() {
    let sandbox = Sandbox::start().await;
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/customers/3"))
                .header("X-HTTP-Method-Override", "PUT")
                .json(&json!({"company": "Renamed"})),
        )
        .await;
    assert_eq!(answer.json()["message"], "Customer Update Successful.");
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/customers/3"))
                .form(&[("_method", "DELETE")]),
        )
        .await;
    assert_eq!(answer.json()["message"], "Customer Delete Successful.");
    let answer = sandbox
        .raw(sandbox.http.delete(sandbox.url("api/customers/1")))
        .await;
    assert_eq!(answer.json()["message"], "Customer Delete Successful.");
    assert_eq!(
        sandbox
            .raw(sandbox.http.get(sandbox.url("api/customers")))
            .await
            .json()["message"],
        "No data were found"
    );
    // Unknown methods and paths: JSON answers, not HTML pages.
    let answer = sandbox
        .raw(
            sandbox
                .http
                .put(sandbox.url("api/customers"))
                .json(&json!({"a": 1})),
        )
        .await;
    assert_eq!(
        (answer.status, answer.json()["message"].as_str()),
        (405, Some("Unknown method"))
    );
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/leads"))
                .header("X-HTTP-Method-Override", "PATCH"),
        )
        .await;
    assert_eq!(answer.status, 405);
    let answer = sandbox.raw(sandbox.http.get(sandbox.url("api/invoices"))).await;
    answer.assert_client_error("unknown resource");
}

#[tokio::test]
async fn attachments_lists_and_custom_fields_are_stored() {
    let sandbox = Sandbox::start().await;
    let mut record = valid_record(Resource::Projects, "files");
    record
        .set("project_members", InputValue::NumberList(vec![5, 8]))
        .unwrap();
    record
        .set("deadline", InputValue::Text("2019-08-30".into()))
        .unwrap();
    let custom = [(
        "projects".to_owned(),
        [("3".to_owned(), "blue".to_owned())].into_iter().collect(),
    )]
    .into_iter()
    .collect();
    record
        .set("custom_fields", InputValue::CustomFields(custom))
        .unwrap();
    let files = vec![
        FilePart {
            filename: "plan.txt".into(),
            content_type: "text/plain".into(),
            bytes: b"hello".to_vec(),
        },
        FilePart {
            filename: "logo.png".into(),
            content_type: "image/png".into(),
            bytes: vec![0x89, b'P', b'N', b'G'],
        },
    ];
    record.set("files", InputValue::Files(files)).unwrap();
    let answer = call(
        &sandbox,
        Resource::Projects,
        Operation::Create,
        Args::Fields(&record),
    )
    .await;
    assert_eq!(answer.json()["message"], "Project add successful.");
    let rows = call(
        &sandbox,
        Resource::Projects,
        Operation::Search,
        Args::Keyword("name files"),
    )
    .await
    .json();
    let project = &rows[0];
    assert_eq!(project["project_members"], json!(["5", "8"]));
    assert_eq!(project["deadline"], "2019-08-30");
    assert_eq!(project["custom_fields"], json!({"projects": {"3": "blue"}}));
    let attachments = project["attachments"].as_array().unwrap();
    let listed: Vec<(&str, &str, &str)> = attachments
        .iter()
        .map(|a| {
            (
                a["file_name"].as_str().unwrap(),
                a["filetype"].as_str().unwrap(),
                a["filesize"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("plan.txt", "text/plain", "5"), ("logo.png", "image/png", "4")]
    );
    // Files go on leads and projects only, and on create only.
    let form = reqwest::multipart::Form::new().text("company", "X").part(
        "file[]",
        reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"),
    );
    let answer = sandbox
        .raw(sandbox.http.post(sandbox.url("api/customers")).multipart(form))
        .await;
    answer.assert_client_error("file on a customer");
    assert!(answer.json()["error"]["file"].is_string());
}

#[tokio::test]
async fn cors_static_files_and_openapi() {
    let dir = std::env::temp_dir().join(format!("pmp-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(dir.join("spec.json"), "{\"openapi\":\"3.1.0\"}").unwrap();
    let config = Config {
        www: dir.clone(),
        openapi: dir.join("spec.json"),
        ..Config::in_memory()
    };
    let sandbox = Sandbox::with(config).await;
    let page = common::answer(sandbox.http.get(sandbox.url("/")).send().await.unwrap()).await;
    assert_eq!((page.status, page.text().as_str()), (200, "<h1>demo</h1>"));
    let spec = common::answer(
        sandbox
            .http
            .get(sandbox.url("openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(spec.json()["openapi"], "3.1.0");
    let missing = common::answer(
        sandbox
            .http
            .get(sandbox.url("nothing.html"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    missing.assert_client_error("missing static file");

    let preflight = |origin: &'static str| {
        sandbox
            .http
            .request(reqwest::Method::OPTIONS, sandbox.url("api/customers"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "authtoken, content-type")
            .send()
    };
    let allowed = preflight("http://localhost:5173").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let refused = preflight("http://evil.example").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    std::fs::remove_dir_all(&dir).unwrap();

    let bare = Sandbox::with(Config {
        openapi: "/nonexistent/pmp.json".into(),
        ..Config::in_memory()
    })
    .await;
    let missing = common::answer(bare.http.get(bare.url("openapi.json")).send().await.unwrap()).await;
    missing.assert_client_error("openapi not generated");
}

#[tokio::test]
async fn the_body_limit_is_configurable() {
    let sandbox = Sandbox::with(Config {
        body_limit: 1024,
        ..Config::in_memory()
    })
    .await;
    let form = |size: usize| format!("company={}", "x".repeat(size - "company=".len()));
    let post = |body: String| {
        sandbox
            .http
            .post(sandbox.url("api/customers"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let fits = sandbox.raw(post(form(1024))).await;
    assert_eq!(fits.json()["message"], "Client add successful.");
    let over = sandbox.raw(post(form(1025))).await;
    assert_eq!(over.status, 413);
    assert_eq!(
        over.json()["message"],
        "Request body too large: the limit is 1024 bytes"
    );
}
