//! Error classification for every error shape of wire/PMP-WIRE-FACTS.md, and token hygiene.

use pmp_core::*;

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.secret-part.sig";

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.example.com/", TOKEN).unwrap()
}

fn answer(status: u16, content_type: Option<&str>, body: &str) -> PmpError {
    let response = HttpResponse {
        status,
        content_type,
        body: body.as_bytes(),
    };
    decode_row::<Customer>(&config(), &response).unwrap_err()
}

fn json_error(status: u16, body: &str) -> PmpError {
    answer(status, Some("application/json"), body)
}

#[test]
fn token_failures_answered_with_404_are_auth_errors() {
    let samples = [
        "Token is not defined.",
        "Token is not found",
        "Token Time Expire.",
        "Token Time Not Define!",
        "Forbidden",
        "Wrong number of segments",
        "Invalid header encoding",
        "Invalid claims encoding",
        "Payload must be a JSON object",
        "Empty algorithm",
        "Algorithm not supported",
        "Incorrect key for this algorithm",
        "Signature verification failed",
        "Cannot handle token with nbf prior to 2026-11-27T20:00:00+0000",
        "Cannot handle token with iat prior to 2026-11-27T20:00:00+0000",
        "Expired token",
        "Malformed UTF-8 characters",
        "Syntax error, malformed JSON",
        "Null result with non-null input",
    ];
    assert_eq!(samples.len(), TOKEN_MESSAGES.len());
    for message in samples {
        let err = json_error(404, &format!(r#"{{"status":false,"message":"{message}"}}"#));
        assert_eq!(err.kind, ErrorKind::Auth, "{message}");
        assert_eq!(err.status, Some(404));
        assert_eq!(err.message, message);
    }
}

#[test]
fn an_unknown_token_answers_404_with_a_null_message() {
    let err = json_error(404, r#"{"status":false,"message":null}"#);
    assert_eq!(err.kind, ErrorKind::Auth);
    assert_eq!(err.message, "the server did not accept the token");
}

#[test]
fn status_401_and_403_are_auth_errors_whatever_the_body() {
    for (status, body) in [
        (401, r#"{"status":false,"message":"Unauthorized"}"#),
        (403, r#"{"status":false,"message":"You do not have permission"}"#),
        (403, "<html><body>Forbidden</body></html>"),
        (401, ""),
    ] {
        let err = answer(status, None, body);
        assert_eq!(err.kind, ErrorKind::Auth, "{status} {body}");
        assert_eq!(err.status, Some(status));
    }
}

#[test]
fn no_data_were_found_is_not_found() {
    let err = json_error(404, r#"{"status":false,"message":"No data were found"}"#);
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.message, "No data were found");
}

#[test]
fn an_unknown_invoice_or_estimate_to_delete_is_not_found_but_a_refused_delete_is_not() {
    let err = json_error(404, r#"{"status":false,"message":"Invalid Invoice ID"}"#);
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::NotFound, "Invalid Invoice ID")
    );
    // The row is there: a CRM deletes only its newest invoice.
    let refused = json_error(404, r#"{"status":false,"message":"Invoice Delete Fail"}"#);
    assert_eq!(refused.kind, ErrorKind::Http);
    // `sendInvoice`'s id that is not a number: 400, a request the clients never send.
    let bad = json_error(400, r#"{"status":false,"message":"Invalid Invoice ID"}"#);
    assert_eq!(bad.kind, ErrorKind::Http);
}

#[test]
fn validation_failures_carry_the_field_map_and_clean_text() {
    let body = r#"{"status":false,"error":{"company":"The Company field is required."},"message":"<p>The Company field is required.</p>\n"}"#;
    let err = json_error(404, body);
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.status, Some(404));
    assert_eq!(
        err.field_errors.get("company").map(String::as_str),
        Some("The Company field is required.")
    );
    assert_eq!(err.message, "company: The Company field is required.");
}

#[test]
fn v3_validation_errors_with_lists_are_understood() {
    let body = r#"{"status":false,"errors":{"name":["Required.","Too short."],"due_date":"Bad date."}}"#;
    let err = json_error(422, body);
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(
        err.field_errors.get("name").map(String::as_str),
        Some("Required.; Too short.")
    );
    assert_eq!(
        err.field_errors.get("due_date").map(String::as_str),
        Some("Bad date.")
    );
}

#[test]
fn write_failures_and_other_statuses_are_http_errors_with_the_servers_message() {
    for (status, message) in [
        (404, "Customer add fail."),
        (404, "Customer Update Fail."),
        (404, "Lead Delete Fail."),
        (406, "Data Not Acceptable OR Not Provided"),
        (405, "Unknown method"),
        (500, "Internal error"),
    ] {
        let err = json_error(status, &format!(r#"{{"status":false,"message":"{message}"}}"#));
        assert_eq!(err.kind, ErrorKind::Http, "{message}");
        assert_eq!(err.status, Some(status));
        assert_eq!(err.message, message);
    }
}

#[test]
fn a_200_with_status_false_is_an_error_not_a_success() {
    let response = HttpResponse {
        status: 200,
        content_type: None,
        body: br#"{"status":false,"message":"Customer add fail."}"#,
    };
    let err = decode_message(&config(), &response).unwrap_err();
    assert_eq!(
        (err.kind, err.status, err.message.as_str()),
        (ErrorKind::Http, Some(200), "Customer add fail.")
    );
}

#[test]
fn a_200_with_status_false_and_no_message_says_so() {
    let response = HttpResponse {
        status: 200,
        content_type: None,
        body: br#"{"status":false}"#,
    };
    let err = decode_message(&config(), &response).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Http);
    assert_eq!(
        err.message,
        "the server reported a failure (`status: false`) without a message"
    );
}

// 2.0.8's HTML error pages hold SQL and server paths: an HTML body is named, never quoted.
#[test]
fn non_json_error_pages_are_http_errors_that_quote_no_html() {
    let page = format!(
        "<html><head><title>500 Internal Server Error</title></head><body>{}</body></html>",
        "x".repeat(5000)
    );
    let err = answer(500, Some("text/html"), &page);
    assert_eq!(err.kind, ErrorKind::Http);
    assert_eq!(err.message, "the server failed (HTTP 500) and sent an HTML page");
    assert!(
        err.message.chars().count() < 200,
        "excerpt is short: {}",
        err.message.len()
    );
}

#[test]
fn success_answers_that_are_not_the_expected_json_are_decode_errors() {
    for (body, content_type, says) in [
        ("<!DOCTYPE html><p>Welcome</p>", Some("text/html"), "an HTML page"),
        (r#"{"userid":"3","comp"#, Some("application/json"), "not JSON"),
        ("", Some("application/json"), "the body is empty"),
        ("  \n", None, "the body is empty"),
        ("[1,2]", None, "expected a row object"),
        ("42", None, "expected a row object"),
    ] {
        let err = answer(200, content_type, body);
        assert_eq!(err.kind, ErrorKind::Decode, "{body}");
        assert!(err.message.contains(says), "{body}: {}", err.message);
    }
}

#[test]
fn a_list_call_refuses_an_object() {
    let response = HttpResponse {
        status: 200,
        content_type: None,
        body: br#"{"userid":"3"}"#,
    };
    let err = decode_list::<Customer>(&config(), &response).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("an array of rows"), "{}", err.message);
}

#[test]
fn the_token_never_appears_in_an_error_even_when_the_server_echoes_it() {
    let errors = [
        answer(200, Some("text/html"), &format!("<p>bad token {TOKEN}</p>")),
        answer(500, None, &format!("fatal: {TOKEN}")),
        json_error(
            404,
            &format!(r#"{{"status":false,"message":"Token {TOKEN} unknown"}}"#),
        ),
        json_error(
            404,
            &format!(r#"{{"status":false,"error":{{"x":"{TOKEN}"}},"message":"m"}}"#),
        ),
        answer(200, None, &format!(r#"{{"userid": ["{TOKEN}"]}}"#)),
    ];
    for err in errors {
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains("secret-part"), "{shown}");
    }
}

#[test]
fn classify_error_is_pure_and_reusable() {
    let body = ErrorBody {
        status: false,
        message: Some("<p>Lead Name</p>".into()),
        error: None,
        errors: None,
    };
    let err = classify_error(404, Some(&body));
    assert_eq!((err.kind, err.message.as_str()), (ErrorKind::Http, "Lead Name"));
    assert_eq!(classify_error(503, None).message, "HTTP 503");
    assert!(is_token_message("  Token Time Expire."));
    assert!(!is_token_message("Customer add fail."));
}

#[test]
fn errors_display_kind_message_and_status() {
    let err = json_error(404, r#"{"status":false,"message":"No data were found"}"#);
    assert_eq!(err.to_string(), "not_found: No data were found (HTTP 404)");
    assert_eq!(
        PmpError::invalid_input("id must be a positive integer").to_string(),
        "invalid_input: id must be a positive integer"
    );
}

#[test]
fn an_error_body_writes_its_field_map_as_an_object_even_empty() {
    let mut body = pmp_core::ErrorBody {
        status: false,
        message: None,
        error: Some(pmp_core::ErrorDetail::Fields(Default::default())),
        errors: Some(Default::default()),
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"status":false,"message":null,"error":{},"errors":{}}"#
    );
    if let Some(pmp_core::ErrorDetail::Fields(map)) = body.error.as_mut() {
        map.insert("name".to_owned(), "Required.".to_owned());
    }
    let json = serde_json::to_string(&body).unwrap();
    assert_eq!(serde_json::from_str::<pmp_core::ErrorBody>(&json).unwrap(), body);
}
