//! Wire-faithful, tolerant decoding: numbers where strings are expected, null apart from
//! absent, unknown fields kept.

use pmp_core::*;
use serde_json::{json, Value};

fn decode<T: Row>(body: &Value) -> Result<T, PmpError> {
    let config = ClientConfig::new("https://h/", "test-token-42").unwrap();
    let bytes = serde_json::to_vec(body).unwrap();
    decode_row(
        &config,
        &HttpResponse {
            status: 200,
            content_type: None,
            body: &bytes,
        },
    )
}

#[test]
fn numbers_and_booleans_are_kept_as_their_text() {
    let row: Customer = decode(&json!({"userid": 3, "latitude": 51.5, "active": true, "zip": -1})).unwrap();
    assert_eq!(row.userid, Some(Some("3".into())));
    assert_eq!(row.latitude, Some(Some("51.5".into())));
    assert_eq!(row.active, Some(Some("1".into())));
    assert_eq!(row.zip, Some(Some("-1".into())));
}

#[test]
fn null_absent_and_empty_are_three_different_things() {
    let row: Lead = decode(&json!({"zip": null, "title": ""})).unwrap();
    assert_eq!(row.zip, Some(None));
    assert_eq!(row.title, Some(Some(String::new())));
    assert_eq!(row.city, None);
    let back = serde_json::to_value(&row).unwrap();
    assert_eq!(
        back,
        json!({"zip": null, "title": ""}),
        "absent fields are not invented"
    );
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let wire = json!({
        "userid": "9",
        "customfields": [{"label": "Tier", "value": "gold"}],
        "my_column": {"nested": [1, 2]},
        "record_id": 12
    });
    let row: Customer = decode(&wire).unwrap();
    assert_eq!(row.extra.len(), 3);
    assert_eq!(serde_json::to_value(&row).unwrap(), wire);
}

#[test]
fn a_structured_value_in_a_named_column_is_a_decode_error() {
    let err = decode::<Ticket>(&json!({"subject": ["a"]})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("at `subject`"), "{}", err.message);
    assert!(
        err.message.contains("a string, a number, a boolean or null"),
        "{}",
        err.message
    );
}

#[test]
fn write_answers_keep_extra_fields() {
    let config = ClientConfig::new("https://h/", "test-token-42").unwrap();
    let body = br#"{"status":true,"message":"Client add successful.","record_id":"31","took_ms":4}"#;
    let message = decode_message(
        &config,
        &HttpResponse {
            status: 200,
            content_type: None,
            body,
        },
    )
    .unwrap();
    assert_eq!(message.message.as_deref(), Some("Client add successful."));
    // 3.x's `record_id` is typed (a number on the wire, its text accepted too).
    assert_eq!(message.record_id, Some(31));
    assert_eq!(message.extra.get("took_ms"), Some(&Value::from(4)));
}
