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

#[test]
fn the_mandatory_fields_are_the_documents() {
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
        ["subject", "department", "contactid", "userid"]
    );
}

#[test]
fn each_missing_or_blank_mandatory_field_is_refused_by_name_on_create_and_update() {
    let mut checked = 0;
    for resource in Resource::ALL {
        for spec in input_fields(resource).iter().filter(|f| f.required) {
            let blank = match spec.kind {
                FieldKind::Number => None,
                _ => Some(InputValue::Text("  ".into())),
            };
            for value in [None, blank] {
                let record = record(resource, spec.name, value);
                for operation in [Operation::Create, Operation::Update] {
                    let args = match operation {
                        Operation::Create => Args::Fields(&record),
                        _ => Args::IdAndFields(1, &record),
                    };
                    let err = build_request(&config(), Endpoint::of(resource, operation), args).unwrap_err();
                    assert_eq!(err.kind, ErrorKind::InvalidInput);
                    assert_eq!(err.message, format!("field `{}` is mandatory", spec.name));
                    assert_eq!(err.field_errors.keys().collect::<Vec<_>>(), [spec.name]);
                    checked += 1;
                }
            }
        }
    }
    // Numbers cannot be blank: their second round sends them missing again.
    assert_eq!(
        checked,
        4 * (1 + 3 + 3 + 5 + 4),
        "every mandatory field, missing and blank"
    );
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
