//! Every example response of the PMP document decodes (files in `tests/fixtures/`, named
//! `{resource}-{operation}-{status}.json`).

use std::fs;
use std::path::Path;

use pmp_core::*;
use serde_json::Value;

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.example.com/", "token").unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn response(body: &[u8], status: u16) -> HttpResponse<'_> {
    HttpResponse {
        status,
        content_type: Some("application/json"),
        body,
    }
}

/// Decodes a success fixture with the decoder of its operation; returns the rows it held.
fn decode_success<T: Row + std::fmt::Debug>(operation: &str, body: &[u8]) -> Vec<T> {
    let config = config();
    let response = response(body, 200);
    match operation {
        "list" => decode_list::<T>(&config, &response).unwrap(),
        // The document shows a search answering one object; real servers send an array
        // (a bare object is a decode error: `search_takes_arrays_and_envelopes_only`).
        "search" if body.trim_ascii_start().starts_with(b"{") => {
            let wrapped = [b"[".as_slice(), body, b"]"].concat();
            decode_search::<T>(&config, &self::response(&wrapped, 200)).unwrap()
        }
        "search" => decode_search::<T>(&config, &response).unwrap(),
        "get" => vec![decode_row::<T>(&config, &response).unwrap()],
        _ => {
            let message = decode_message(&config, &response).unwrap();
            assert!(message.status);
            assert!(message.message.unwrap().ends_with("Successful.") || operation == "create");
            Vec::new()
        }
    }
}

/// Every row re-encodes to exactly the JSON it came from: nothing dropped, nothing added.
fn assert_round_trip<T: Row>(rows: &[T], body: &[u8]) {
    let original: Value = serde_json::from_slice(body).unwrap();
    let originals = match original {
        Value::Array(items) => items,
        object => vec![object],
    };
    assert_eq!(rows.len(), originals.len());
    for (row, original) in rows.iter().zip(originals) {
        assert_eq!(serde_json::to_value(row).unwrap(), original);
    }
}

fn check<T: Row + std::fmt::Debug>(name: &str, operation: &str, status: u16, body: &[u8]) {
    if status == 200 {
        let rows = decode_success::<T>(operation, body);
        if matches!(operation, "list" | "get" | "search") {
            assert_round_trip(&rows, body);
        }
        return;
    }
    let expected: ErrorBody = serde_json::from_slice(body).unwrap();
    if operation == "search" {
        // "No data were found" on a search is no rows, not an error.
        assert!(
            decode_search::<T>(&config(), &response(body, status))
                .unwrap()
                .is_empty(),
            "{name}"
        );
        return;
    }
    let err = match operation {
        "get" => decode_row::<T>(&config(), &response(body, status)).unwrap_err(),
        _ => decode_message(&config(), &response(body, status)).unwrap_err(),
    };
    let kind = if operation == "get" {
        ErrorKind::NotFound
    } else {
        ErrorKind::Http
    };
    assert_eq!(err.kind, kind, "{name}");
    assert_eq!(err.status, Some(status));
    assert_eq!(Some(err.message), expected.message, "{name}");
}

#[test]
fn every_example_of_the_document_decodes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let stem = name.strip_suffix(".json").unwrap();
        let parts: Vec<&str> = stem.split('-').collect();
        let [res, operation, status] = parts[..] else {
            panic!("bad fixture name {name}")
        };
        let status: u16 = status.parse().unwrap();
        let body = fixture(&name);
        struct Check<'a>(&'a str, &'a str, u16, &'a [u8]);
        impl RowVisitor for Check<'_> {
            type Output = ();
            fn visit<T: Row>(self) {
                check::<T>(self.0, self.1, self.2, self.3)
            }
        }
        Resource::from_segment(res)
            .unwrap()
            .visit_row(Check(&name, operation, status, &body));
        seen += 1;
    }
    assert_eq!(seen, 36, "the document has 36 example responses");
}

#[test]
fn the_customer_list_example_fills_the_model() {
    let customers: Vec<Customer> =
        decode_list(&config(), &response(&fixture("customers-list-200.json"), 200)).unwrap();
    assert_eq!(customers.len(), 2);
    let jk = &customers[0];
    assert_eq!(jk.userid, Some(Some("3".into())));
    assert_eq!(jk.company, Some(Some("Jk Technologies".into())));
    assert_eq!(jk.stripe_id, Some(None), "null is kept apart from absent");
    assert!(
        jk.extra.is_empty(),
        "the model names every column of the example: {:?}",
        jk.extra
    );
    assert_eq!(customers[1].shipping_city, Some(Some("London".into())));
}

#[test]
fn the_row_examples_have_no_column_the_models_miss() {
    let lead: Lead = decode_row(&config(), &response(&fixture("leads-get-200.json"), 200)).unwrap();
    let milestone: Milestone =
        decode_row(&config(), &response(&fixture("milestones-get-200.json"), 200)).unwrap();
    let ticket: Ticket = decode_row(&config(), &response(&fixture("tickets-get-200.json"), 200)).unwrap();
    assert!(lead.extra.is_empty() && milestone.extra.is_empty() && ticket.extra.is_empty());
    assert_eq!(ticket.name, Some(Some("Trung bình".into())));
    assert_eq!(milestone.color, Some(None));
    assert_eq!(lead.email, None, "absent stays absent");
}

#[test]
fn the_documents_project_like_customer_example_keeps_its_fields() {
    // The document's "Request customer information" example is a projects row (a copy-paste
    // error of the vendor's): it decodes, and every field survives in `extra`.
    let row: Customer = decode_row(&config(), &response(&fixture("customers-get-200.json"), 200)).unwrap();
    assert_eq!(row.extra.get("name"), Some(&Value::from("Test1")));
    assert_eq!(row.extra.get("description"), Some(&Value::Null));
}

#[test]
fn search_takes_arrays_and_envelopes_only() {
    let one = fixture("milestones-search-200.json");
    let many = format!(
        "[{}, {}]",
        String::from_utf8_lossy(&one),
        String::from_utf8_lossy(&one)
    );
    let config = config();
    let err = decode_search::<Milestone>(&config, &response(&one, 200)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode, "a bare object is no list: {err}");
    assert_eq!(
        decode_search::<Milestone>(&config, &response(many.as_bytes(), 200))
            .unwrap()
            .len(),
        2
    );
    let empty = decode_search::<Milestone>(&config, &response(b"[]", 200)).unwrap();
    assert!(empty.is_empty());
}
