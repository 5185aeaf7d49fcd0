//! Client-side validation: what the server would refuse is refused before a request is built,
//! with an error naming the field.

use pmp_core::*;

const TOKEN: &str = "a-valid-token-123";

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.example.com/", TOKEN).unwrap()
}

/// A value of the right kind for a field.
fn sample(kind: FieldKind) -> InputValue {
    match kind {
        FieldKind::Text => InputValue::Text("x".into()),
        FieldKind::Date => InputValue::Text("2019-07-30".into()),
        FieldKind::Number => InputValue::Number(1),
        FieldKind::Flag => InputValue::Flag(true),
        FieldKind::NumberList => InputValue::NumberList(vec![1]),
        FieldKind::Files => InputValue::Files(vec![FilePart::default()]),
        FieldKind::CustomFields => InputValue::CustomFields(Default::default()),
        FieldKind::NewLines => InputValue::Lines(vec![LineItem::new("x", "1", "2")]),
        FieldKind::Lines => InputValue::Lines(vec![LineItem {
            itemid: Some(1),
            ..LineItem::new("x", "1", "2")
        }]),
    }
}

/// A record with every mandatory field of `resource` but `skip`, which is set to `skip_value`
/// when given.
fn record(resource: Resource, skip: &str, skip_value: Option<InputValue>) -> InputRecord {
    let mut record = InputRecord::new(resource);
    for spec in input_fields(resource).iter().filter(|f| f.required) {
        let value = if spec.name == skip {
            skip_value.clone()
        } else {
            Some(sample(spec.kind))
        };
        if let Some(value) = value {
            record.set(spec.name, value).unwrap();
        }
    }
    record
}

// As every server version checks them on create (wire/PMP-WIRE-FACTS.md, the recordings'
// "without mandatory fields" exchanges): tickets do not need `userid`, and leads' `assigned`,
// mandatory on 2.x and 3.x only, is left to those servers (a `validation` error).
#[test]
fn the_mandatory_fields_are_the_servers() {
    let mandatory = |r| {
        input_fields(r)
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(mandatory(Resource::Customers), ["company"]);
    assert_eq!(mandatory(Resource::Leads), ["source", "status", "name"]);
    assert_eq!(
        mandatory(Resource::Milestones),
        ["project_id", "name", "due_date"]
    );
    assert_eq!(
        mandatory(Resource::Projects),
        ["name", "clientid", "billing_type", "start_date", "status"]
    );
    assert_eq!(
        mandatory(Resource::Tickets),
        ["subject", "department", "contactid"]
    );
}

#[test]
fn mandatory_fields_are_checked_on_create_only_and_updates_send_what_they_are_given() {
    let mut checked = 0;
    for resource in Resource::ALL {
        for spec in input_fields(resource).iter().filter(|f| f.required) {
            let blank = match spec.kind {
                FieldKind::Number => None,
                // An empty date clears it on update (any other text must be YYYY-MM-DD).
                FieldKind::Date => Some(InputValue::Text(String::new())),
                FieldKind::NumberList => Some(InputValue::NumberList(Vec::new())),
                FieldKind::NewLines | FieldKind::Lines => Some(InputValue::Lines(Vec::new())),
                _ => Some(InputValue::Text("  ".into())),
            };
            for value in [None, blank] {
                let record = record(resource, spec.name, value);
                let err = build_request(
                    &config(),
                    Endpoint::of(resource, Operation::Create),
                    Args::Fields(&record),
                )
                .unwrap_err();
                assert_eq!(err.kind, ErrorKind::InvalidInput);
                assert_eq!(err.message, format!("field `{}` is mandatory", spec.name));
                assert_eq!(err.field_errors.keys().collect::<Vec<_>>(), [spec.name]);

                // Servers never re-check mandatory fields on PUT: a partial update goes out
                // with exactly the fields given, or is refused when it has none to send.
                let update = build_request(
                    &config(),
                    Endpoint::of(resource, Operation::Update),
                    Args::IdAndFields(1, &record),
                );
                if resource.updates_whole() {
                    // Invoices and estimates: every version checks the whole document again.
                    let err = update.unwrap_err();
                    assert_eq!(err.kind, ErrorKind::InvalidInput);
                    assert!(
                        err.message.contains("is mandatory on update too"),
                        "{}",
                        err.message
                    );
                } else if record.values().is_empty() {
                    let err = update.unwrap_err();
                    assert_eq!(err.kind, ErrorKind::InvalidInput);
                    assert!(
                        err.message.starts_with("an update needs at least one field"),
                        "{}",
                        err.message
                    );
                } else {
                    let Body::Json(json) = update.unwrap().body else {
                        panic!("updates are JSON")
                    };
                    let sent: serde_json::Value = serde_json::from_str(&json).unwrap();
                    let mut names: Vec<&str> = sent.as_object().unwrap().keys().map(String::as_str).collect();
                    let mut given: Vec<&str> = record.values().iter().map(|(s, _)| s.name).collect();
                    names.sort_unstable();
                    given.sort_unstable();
                    assert_eq!(names, given, "{}", resource.segment());
                }
                checked += 1;
            }
        }
    }
    // Numbers cannot be blank: their second round sends them missing again.
    let mandatory: usize = Resource::ALL
        .iter()
        .map(|r| input_fields(*r).iter().filter(|f| f.required).count())
        .sum();
    assert!(
        mandatory >= 1 + 3 + 3 + 5 + 3,
        "the five documented resources' mandatory fields"
    );
    assert_eq!(checked, 2 * mandatory, "every mandatory field, missing and blank");
}

#[test]
fn an_update_of_one_field_or_of_only_false_flags() {
    let mut one = InputRecord::new(Resource::Customers);
    one.set("phonenumber", InputValue::Text("456".into())).unwrap();
    let request = build_request(
        &config(),
        Endpoint::of(Resource::Customers, Operation::Update),
        Args::IdAndFields(3, &one),
    )
    .unwrap();
    assert_eq!(request.body, Body::Json(r#"{"phonenumber":"456"}"#.into()));
    let mut flag = InputRecord::new(Resource::Leads);
    flag.set("is_public", InputValue::Flag(false)).unwrap();
    let err = build_request(
        &config(),
        Endpoint::of(Resource::Leads, Operation::Update),
        Args::IdAndFields(3, &flag),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput, "a false flag sends nothing");
}

#[test]
fn dates_go_as_iso_days_only() {
    for (text, ok) in [
        ("2019-07-30", true),
        ("2024-02-29", true),
        ("2023-02-29", false),
        ("30/07/2019", false),
        ("2019-7-30", false),
        ("2019-07-30 10:00:00", false),
        ("2019-13-01", false),
        ("", true),
    ] {
        let mut record = InputRecord::new(Resource::Projects);
        record.set("deadline", InputValue::Text(text.into())).unwrap();
        let built = build_request(
            &config(),
            Endpoint::of(Resource::Projects, Operation::Update),
            Args::IdAndFields(1, &record),
        );
        assert_eq!(built.is_ok(), ok, "{text:?}");
        if !ok {
            assert!(built.unwrap_err().message.contains("YYYY-MM-DD"));
        }
    }
}

#[test]
fn list_queries_are_checked_and_encoded() {
    let endpoint = Endpoint::of(Resource::Customers, Operation::List);
    let query = ListQuery {
        page: 2,
        per_page: 100,
        sort: Some("company,-userid"),
        fields: Some("userid,company"),
        created_after: Some("2026-01-31"),
        created_before: Some("2026-02-01 10:00:00"),
    };
    let mut request = build_request(&config(), endpoint, Args::None).unwrap();
    query.apply(&mut request).unwrap();
    assert_eq!(
        request.url,
        "https://crm.example.com/api/customers?page=2&per_page=100&sort=company%2C-userid\
         &fields=userid%2Ccompany&created_after=2026-01-31&created_before=2026-02-01+10%3A00%3A00"
    );
    let search = Endpoint::of(Resource::Leads, Operation::Search);
    let mut request = build_request(&config(), search, Args::Keyword("a b")).unwrap();
    let first = ListQuery {
        page: 1,
        per_page: 100,
        ..Default::default()
    };
    first.apply(&mut request).unwrap();
    assert!(first.apply(&mut request).is_err(), "one query per request");
    assert_eq!(
        request.url,
        "https://crm.example.com/api/leads/search/a%20b?page=1&per_page=100"
    );
    for (bad, says) in [
        (
            ListQuery {
                page: 0,
                per_page: 1,
                ..Default::default()
            },
            "page",
        ),
        (
            ListQuery {
                page: 1,
                per_page: 101,
                ..Default::default()
            },
            "perPage",
        ),
        (
            ListQuery {
                page: 1,
                per_page: 1,
                sort: Some("a;drop"),
                ..Default::default()
            },
            "sort",
        ),
        (
            ListQuery {
                page: 1,
                per_page: 1,
                fields: Some("-a"),
                ..Default::default()
            },
            "fields",
        ),
        (
            ListQuery {
                page: 1,
                per_page: 1,
                created_after: Some("31/01/2026"),
                ..Default::default()
            },
            "created_after",
        ),
        (
            ListQuery {
                page: 1,
                per_page: 1,
                created_before: Some("2026-01-31T10:00"),
                ..Default::default()
            },
            "created_before",
        ),
    ] {
        let mut request = build_request(&config(), endpoint, Args::None).unwrap();
        let err = bad.apply(&mut request).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.starts_with(says), "{}", err.message);
    }
}

#[test]
fn a_complete_record_builds() {
    for resource in Resource::ALL {
        let record = record(resource, "", None);
        assert!(build_request(
            &config(),
            Endpoint::of(resource, Operation::Create),
            Args::Fields(&record)
        )
        .is_ok());
    }
}

#[test]
fn typed_inputs_with_empty_mandatory_strings_are_refused() {
    let input = CustomerInput {
        company: String::new(),
        vat: Some("1".into()),
        ..Default::default()
    };
    let endpoint = Endpoint::of(Resource::Customers, Operation::Create);
    let err = build_request(&config(), endpoint, Args::Fields(&input.to_record())).unwrap_err();
    assert_eq!(err.message, "field `company` is mandatory");
}

#[test]
fn files_are_refused_on_update() {
    let mut record = record(Resource::Leads, "", None);
    record.set("files", sample(FieldKind::Files)).unwrap();
    let err = build_request(
        &config(),
        Endpoint::of(Resource::Leads, Operation::Update),
        Args::IdAndFields(1, &record),
    )
    .unwrap_err();
    assert_eq!(err.message, "field `files` can only be sent on create");
}

#[test]
fn unknown_fields_and_wrong_kinds_are_refused_by_name() {
    let mut record = InputRecord::new(Resource::Customers);
    let err = record.set("compnay", InputValue::Text("x".into())).unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (
            ErrorKind::InvalidInput,
            "unknown field `compnay` for CustomerInput"
        )
    );
    let err = record
        .set("groups_in", InputValue::Text("1,4".into()))
        .unwrap_err();
    assert_eq!(
        err.message,
        "field `groups_in` must be a list of non-negative integers"
    );
    let mut project = InputRecord::new(Resource::Projects);
    let err = project
        .set("clientid", InputValue::Text("11".into()))
        .unwrap_err();
    assert_eq!(err.message, "field `clientid` must be a non-negative integer");
}

#[test]
fn ids_must_be_positive_integers() {
    let endpoint = Endpoint::of(Resource::Tickets, Operation::Get);
    let err = build_request(&config(), endpoint, Args::Id(0)).unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::InvalidInput, "id must be a positive integer, got 0")
    );
    for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 9_007_199_254_740_992.0] {
        let err = id_from_f64(bad).unwrap_err();
        assert!(err.message.starts_with("id must be a positive integer"), "{bad}");
    }
    assert_eq!(
        id_from_f64(9_007_199_254_740_991.0).unwrap(),
        9_007_199_254_740_991
    );
    for bad in ["", "0", "-1", "+1", "1.5", "abc", " 1", "99999999999999999999"] {
        let err = id_from_str(bad).unwrap_err();
        assert_eq!(err.message, format!("id must be a positive integer, got `{bad}`"));
    }
    assert_eq!(id_from_str("17").unwrap(), 17);
}

#[test]
fn bad_tokens_are_refused_without_being_echoed() {
    for (token, why) in [
        ("", "token is empty"),
        (" secret-token", "leading or trailing whitespace"),
        ("secret\r\ntoken", "printable ASCII"),
        ("secret\u{0}token", "printable ASCII"),
        ("sécret-token", "printable ASCII"),
    ] {
        let err = ClientConfig::new("https://h/", token).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(why), "{token:?}: {}", err.message);
        assert!(
            token.is_empty() || !err.message.contains("ecret"),
            "{}",
            err.message
        );
    }
}

/// The form fields of a request, as `name=value` texts.
fn form_texts(request: &HttpRequest) -> Vec<String> {
    let Body::Form(fields) = &request.body else {
        panic!("a create is a form")
    };
    fields
        .iter()
        .filter_map(|f| match f {
            FormField::Text { name, value } => Some(format!("{name}={value}")),
            FormField::File(_) => None,
        })
        .collect()
}

#[test]
fn an_invoice_create_sends_its_lines_and_the_totals_computed_from_them() {
    let input = InvoiceInput {
        clientid: 3,
        number: "12".into(),
        date: "2026-01-05".into(),
        currency: 1,
        newitems: vec![
            LineItem::new("Design", "2", "50").taxed("VAT|19.00"),
            LineItem::new("Pens", "3", "0.1"),
        ],
        allowed_payment_modes: vec![1, 2],
        billing_street: "1 Main Street".into(),
        adjustment: Some("-0.30".into()),
        ..Default::default()
    };
    let request = build_request(
        &config(),
        Endpoint::of(Resource::Invoices, Operation::Create),
        Args::Fields(&input.to_record()),
    )
    .unwrap();
    let sent = form_texts(&request);
    // 100.30 of lines, 19.00 of tax on the first, less 0.30.
    for field in [
        "subtotal=100.30",
        "total=119.00",
        "newitems[1][description]=Design",
        "newitems[1][taxname][]=VAT|19.00",
        "newitems[2][qty]=3",
        "newitems[2][order]=2",
        "allowed_payment_modes[]=2",
    ] {
        assert!(sent.iter().any(|s| s == field), "{field} in {sent:?}");
    }
    // Totals the caller gives win.
    let given = InvoiceInput {
        total: Some("99.00".into()),
        ..input.clone()
    };
    let request = build_request(
        &config(),
        Endpoint::of(Resource::Invoices, Operation::Create),
        Args::Fields(&given.to_record()),
    )
    .unwrap();
    let sent = form_texts(&request);
    assert!(sent.iter().any(|s| s == "total=99.00") && sent.iter().any(|s| s == "subtotal=100.30"));
    // A bad line is named before anything is sent.
    let bad = InvoiceInput {
        newitems: vec![LineItem::new("Design", "two", "50")],
        ..input
    };
    let err = build_request(
        &config(),
        Endpoint::of(Resource::Invoices, Operation::Create),
        Args::Fields(&bad.to_record()),
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(
        err.message.starts_with("newitems[1].qty must be a decimal"),
        "{}",
        err.message
    );
}

#[test]
fn a_whole_document_update_keeps_its_lines_and_recomputes_the_totals() {
    let mut record = Resource::Estimates.example_record();
    record.remove("newitems");
    let kept = LineItem::kept(&serde_json::json!([
        {"id": "41", "rel_id": "9", "rel_type": "estimate", "description": "Audit",
         "long_description": "", "qty": "1.00", "rate": "400.00", "unit": "", "item_order": "1"},
        {"id": "42", "description": "Travel", "qty": "2.00", "rate": "25.00", "item_order": "2"},
    ]));
    assert_eq!(kept[0].itemid, Some(41));
    assert_eq!(kept[1].order, Some(2));
    record.set("items", InputValue::Lines(kept)).unwrap();
    record
        .set("removed_items", InputValue::NumberList(vec![42]))
        .unwrap();
    record
        .set(
            "newitems",
            InputValue::Lines(vec![LineItem::new("Report", "1", "100")]),
        )
        .unwrap();
    let request = build_request(
        &config(),
        Endpoint::of(Resource::Estimates, Operation::Update),
        Args::IdAndFields(9, &record),
    )
    .unwrap();
    let Body::Json(json) = request.body else {
        panic!("an update is JSON")
    };
    let sent: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(sent["items"][0]["itemid"], 41);
    assert_eq!(sent["newitems"][0]["description"], "Report");
    assert_eq!(sent["removed_items"], serde_json::json!([42]));
    // 400 kept, 100 new; the removed line does not count.
    assert_eq!(
        (sent["subtotal"].as_str(), sent["total"].as_str()),
        (Some("500.00"), Some("500.00"))
    );
    // A kept line without its id, and an update without the kept lines, are refused.
    let mut no_id = record.clone();
    no_id
        .set(
            "items",
            InputValue::Lines(vec![LineItem::new("Audit", "1", "400")]),
        )
        .unwrap();
    let err = build_request(
        &config(),
        Endpoint::of(Resource::Estimates, Operation::Update),
        Args::IdAndFields(9, &no_id),
    )
    .unwrap_err();
    assert!(
        err.message.contains("a kept line needs its `itemid`"),
        "{}",
        err.message
    );
    record.remove("items");
    let err = build_request(
        &config(),
        Endpoint::of(Resource::Estimates, Operation::Update),
        Args::IdAndFields(9, &record),
    )
    .unwrap_err();
    assert_eq!(err.field_errors.keys().collect::<Vec<_>>(), ["items"]);
}
