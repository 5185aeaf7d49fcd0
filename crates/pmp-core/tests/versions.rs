//! Decoding rules for what each server version sends (wire/PMP-WIRE-FACTS.md, the recordings in
//! wire/): envelopes, empty tables, milestone arrays, the error bodies of 3.x.

use pmp_core::*;

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.example.com/", "a-long-token-0123").unwrap()
}

fn answer(status: u16, body: &str) -> HttpResponse<'_> {
    HttpResponse {
        status,
        content_type: Some("application/json; charset=utf-8"),
        body: body.as_bytes(),
    }
}

fn error(status: u16, body: &str) -> PmpError {
    check_response(&config(), &answer(status, body)).expect("an error")
}

#[test]
fn a_3x_envelope_is_a_page_never_a_row() {
    let body = r#"{"data":[{"userid":"1","company":"Acme"},{"userid":"2","company":"Beta"}],
        "meta":{"page":1,"per_page":20,"total":29,"total_pages":2,"has_more":true,"current_page":1,"last_page":2}}"#;
    let Listing::Page(page) = decode_listing::<Customer>(&config(), &answer(200, body)).unwrap() else {
        panic!("an envelope is a page");
    };
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[1].company, Some(Some("Beta".into())));
    assert_eq!(
        (page.meta.total, page.meta.total_pages, page.meta.has_more),
        (29, 2, true)
    );
    let rows = decode_list::<Customer>(&config(), &answer(200, body)).unwrap();
    assert!(
        rows.iter().all(|r| r.extra.is_empty()),
        "no row holds `data` or `meta`"
    );
}

/// A page is read in one pass: `status: false` makes it a failure wherever it stands, and a
/// row that does not fit is named by where it is.
#[test]
fn an_envelope_that_says_it_failed_is_an_error_and_a_bad_row_is_named() {
    let meta = r#""meta":{"page":1,"per_page":100,"total":1,"total_pages":1,"has_more":false}"#;
    for body in [
        format!(r#"{{"status":false,"message":"Token is not found","data":[{{"userid":"1"}}],{meta}}}"#),
        format!(r#"{{"data":[{{"userid":"1"}}],{meta},"status":false,"message":"Token is not found"}}"#),
        // After `status: false`, `data` is not read as rows.
        format!(r#"{{"status":false,"message":"Token is not found","data":[1],{meta}}}"#),
    ] {
        let err = decode_listing::<Customer>(&config(), &answer(200, &body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Auth, "{body}");
    }
    let with_status = format!(r#"{{"status":true,"data":[{{"userid":"1"}}],{meta}}}"#);
    let listing = decode_listing::<Customer>(&config(), &answer(200, &with_status)).unwrap();
    assert!(matches!(listing, Listing::Page(page) if page.data.len() == 1));
    let bad = format!(r#"{{"data":[{{"userid":"1"}},{{"userid":{{"x":1}}}}],{meta}}}"#);
    let err = decode_listing::<Customer>(&config(), &answer(200, &bad)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("at `data[1].userid`"), "{}", err.message);
    let err = decode_list::<Customer>(&config(), &answer(200, r#"[{"userid":"1"},7]"#)).unwrap_err();
    assert!(err.message.contains("at `[1]`"), "{}", err.message);
}

#[test]
fn a_plain_array_is_every_row() {
    let listing = decode_listing::<Lead>(&config(), &answer(200, r#"[{"id":"1"},{"id":"2"}]"#)).unwrap();
    assert!(matches!(&listing, Listing::All(rows) if rows.len() == 2));
}

#[test]
fn an_object_that_is_neither_is_a_decode_error() {
    for body in [
        r#"{"userid":"3"}"#,
        r#"{"data":[]}"#,
        r#"{"data":{"x":1},"meta":{}}"#,
        "42",
    ] {
        let err = decode_list::<Customer>(&config(), &answer(200, body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode, "{body}");
    }
}

#[test]
fn no_data_were_found_is_no_rows_on_lists_and_searches_but_not_found_on_get() {
    let body = r#"{"status":false,"message":"No data were found"}"#;
    assert!(decode_list::<Ticket>(&config(), &answer(404, body))
        .unwrap()
        .is_empty());
    assert!(decode_search::<Ticket>(&config(), &answer(404, body))
        .unwrap()
        .is_empty());
    assert_eq!(
        decode_row::<Ticket>(&config(), &answer(404, body))
            .unwrap_err()
            .kind,
        ErrorKind::NotFound
    );
    // An auth failure on a list is still an error.
    let token = r#"{"status":false,"message":"Token is not found"}"#;
    assert_eq!(
        decode_list::<Ticket>(&config(), &answer(404, token))
            .unwrap_err()
            .kind,
        ErrorKind::Auth
    );
}

#[test]
fn get_milestone_unwraps_an_array_of_one_row() {
    let one = decode_row::<Milestone>(&config(), &answer(200, r#"[{"id":"1","name":"M"}]"#)).unwrap();
    assert_eq!(one.name, Some(Some("M".into())));
    let none = decode_row::<Milestone>(&config(), &answer(200, "[]")).unwrap_err();
    assert_eq!(none.kind, ErrorKind::NotFound);
    let two = decode_row::<Milestone>(&config(), &answer(200, r#"[{"id":"1"},{"id":"2"}]"#)).unwrap_err();
    assert_eq!(two.kind, ErrorKind::Decode);
}

#[test]
fn secret_columns_are_dropped_from_rows() {
    let body = r#"[{"ticketid":"1","password":"$2y$08$hash","subject":"S"}]"#;
    let rows = decode_list::<Ticket>(&config(), &answer(200, body)).unwrap();
    assert!(!rows[0].extra.contains_key("password"));
    let row = decode_row::<Ticket>(&config(), &answer(200, r#"{"ticketid":"1","password":"imap"}"#)).unwrap();
    assert!(!row.extra.contains_key("password"));
    // A staff row carries a hash, a reset key and two-factor secrets: none is handed on, from
    // a plain list, a 3.x page or a get.
    let staff = r#"{"staffid":"1","firstname":"Grace","password":"$2y$08$hash",
        "new_pass_key":"reset-key","two_factor_auth_code":"123456","google_auth_secret":"JBSWY3DP",
        "new_pass_key_requested":"2019-07-30 10:00:00"}"#;
    let page = format!(
        r#"{{"data":[{staff}],"meta":{{"page":1,"per_page":20,"total":1,"total_pages":1,"has_more":false}}}}"#
    );
    let listed = decode_list::<Staff>(&config(), &answer(200, &format!("[{staff}]"))).unwrap();
    let paged = decode_search::<Staff>(&config(), &answer(200, &page)).unwrap();
    let got = decode_row::<Staff>(&config(), &answer(200, staff)).unwrap();
    for row in [&listed[0], &paged[0], &got] {
        let json = serde_json::to_string(row).unwrap();
        for secret in SECRET_COLUMNS {
            assert!(!json.contains(&format!("\"{secret}\"")), "{secret} in {json}");
        }
        assert!(
            !json.contains("reset-key") && !json.contains("JBSWY3DP") && !json.contains("123456"),
            "{json}"
        );
        assert_eq!(row.firstname, Some(Some("Grace".to_owned())));
        assert_eq!(
            row.new_pass_key_requested,
            Some(Some("2019-07-30 10:00:00".to_owned()))
        );
    }
    // A contact's reset key too.
    let contact = r#"{"id":"1","userid":"1","new_pass_key":"reset-key","password":"$2a$08$h"}"#;
    let row = decode_row::<Contact>(&config(), &answer(200, contact)).unwrap();
    assert!(!serde_json::to_string(&row).unwrap().contains("reset-key"));
}

#[test]
fn error_bodies_of_every_version() {
    let cases = [
        (
            404,
            r#"{"status":false,"message":"Token is not found"}"#,
            ErrorKind::Auth,
            "Token is not found",
        ),
        (
            405,
            r#"{"status":false,"error":"Unknown method"}"#,
            ErrorKind::Http,
            "Unknown method",
        ),
        (
            404,
            r#"{"status":false,"message":"Customer not found"}"#,
            ErrorKind::NotFound,
            "Customer not found",
        ),
        (
            429,
            r#"{"status":false,"message":"Rate limit exceeded"}"#,
            ErrorKind::RateLimited,
            "Rate limit exceeded",
        ),
        (
            401,
            r#"{"status":false,"error":"This API key has reached the time limit for this method"}"#,
            ErrorKind::RateLimited,
            "This API key has reached the time limit for this method",
        ),
        (
            429,
            r#"{"status":false,"message":"Too many failed authentication attempts. Try again later."}"#,
            ErrorKind::Auth,
            "Too many failed authentication attempts. Try again later.",
        ),
        (
            403,
            r#"{"status":false,"message":"Your API token does not have the necessay permissions for the requested operation"}"#,
            ErrorKind::Auth,
            "Your API token does not have the necessay permissions for the requested operation",
        ),
    ];
    for (status, body, kind, message) in cases {
        let err = error(status, body);
        assert_eq!(
            (err.kind, err.message.as_str(), err.status),
            (kind, message, Some(status)),
            "{body}"
        );
    }
}

#[test]
fn a_422_with_error_text_and_errors_map_gives_field_errors() {
    let err = error(
        422,
        r#"{"status":false,"error":"validation_failed","message":"Invalid date filter","errors":{"created_after":"Dates must be ISO formatted, e.g. 2026-01-31 or 2026-01-31 23:59:59"}}"#,
    );
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.status, Some(422));
    assert!(err
        .field_errors
        .get("created_after")
        .unwrap()
        .starts_with("Dates must be ISO"));
}

#[test]
fn html_and_empty_bodies_say_what_happened_without_quoting_html() {
    let page = "<div style=\"border:1px\"><h4>A Database Error Occurred</h4><p>SELECT * FROM tblclients WHERE company LIKE '%\"%'</p></div>";
    let html = HttpResponse {
        status: 200,
        content_type: Some("text/html"),
        body: page.as_bytes(),
    };
    let err = decode_list::<Customer>(&config(), &html).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(
        !err.message.contains('<') && !err.message.contains("SELECT"),
        "{}",
        err.message
    );
    // 2.0.8's getTicket: 500 with an empty body.
    let err = decode_row::<Ticket>(&config(), &answer(500, "")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Http);
    assert_eq!(err.message, "the server failed (HTTP 500) and sent no body");
}

#[test]
fn rate_limits_retry_as_429_and_lockouts_never() {
    let policy = RetryPolicy::default();
    let limited = error(
        401,
        r#"{"status":false,"error":"This API key has reached the time limit for this method"}"#,
    );
    assert!(policy.should_retry(Method::Get, 1, outcome_of(&limited)));
    let locked = error(
        429,
        r#"{"status":false,"message":"Too many failed authentication attempts. Try again later."}"#,
    );
    assert!(!policy.should_retry(Method::Get, 1, outcome_of(&locked)));
    let creates = RetryPolicy {
        retry_creates: true,
        ..policy
    };
    assert!(!policy.should_retry(Method::Post, 1, AttemptOutcome::Status(503)));
    assert!(creates.should_retry(Method::Post, 1, AttemptOutcome::Status(503)));
}

#[test]
fn write_answers_carry_3x_record_ids() {
    let message = decode_message(
        &config(),
        &answer(
            200,
            r#"{"status":true,"message":"Client add successful.","record_id":5}"#,
        ),
    )
    .unwrap();
    assert_eq!(message.record_id, Some(5));
    let old = decode_message(
        &config(),
        &answer(200, r#"{"status":true,"message":"Client add successful."}"#),
    )
    .unwrap();
    assert_eq!(old.record_id, None);
}

#[test]
fn messages_are_built_without_fmt_as_format_would() {
    assert_eq!(decimal(0), "0");
    assert_eq!(decimal(u64::MAX), u64::MAX.to_string());
    assert_eq!(decimal(9_007_199_254_740_991), "9007199254740991");
    assert_eq!(
        text(&["field `", "company", "` is mandatory"]),
        "field `company` is mandatory"
    );
    assert_eq!(text(&[]), "");
    // A redacted message keeps everything around each echo of the token (touching echoes
    // become one `[redacted]`; a partial echo of 6 or more characters is one too).
    let config = ClientConfig::new("https://h/", "tok-123456").unwrap();
    assert_eq!(
        config.redact("atok-123456 b tok-123456tok-123456"),
        "a[redacted] b [redacted]"
    );
    assert_eq!(config.redact("ü tok-12345 é"), "ü [redacted] é");
    assert_eq!(config.redact("ü tok-1 é"), "ü tok-1 é");
}
