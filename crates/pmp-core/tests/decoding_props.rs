//! Property tests of the decoders: no input makes them panic, and rows survive decode-encode
//! with unknown fields intact. `PROPTEST_CASES=100000 cargo test -p pmp-core --test
//! decoding_props` runs a longer search.

use pmp_core::*;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn config() -> ClientConfig {
    ClientConfig::new("https://h/", "a-valid-token-123").unwrap()
}

fn decode_all(status: u16, body: &[u8]) {
    let config = config();
    let response = HttpResponse {
        status,
        content_type: None,
        body,
    };
    let _ = check_response(&config, &response);
    let _ = decode_list::<Customer>(&config, &response);
    let _ = decode_search::<Lead>(&config, &response);
    let _ = decode_row::<Ticket>(&config, &response);
    let _ = decode_message(&config, &response);
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map("(status|message|error|userid|company|[a-z]{1,6})", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A row as the wire has it: named and unknown columns, text or null.
fn wire_row() -> impl Strategy<Value = Map<String, Value>> {
    let value = prop_oneof![Just(Value::Null), "\\PC{0,10}".prop_map(Value::from)];
    let name = prop_oneof![
        prop::sample::select(Customer::FIELDS).prop_map(str::to_owned),
        "x_[a-z]{1,8}",
    ];
    prop::collection::btree_map(name, value, 0..12).prop_map(|m| m.into_iter().collect())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all(status, &body);
    }

    #[test]
    fn arbitrary_json_never_panics(status in prop::sample::select(vec![200u16, 201, 401, 403, 404, 406, 500]), value in json()) {
        decode_all(status, value.to_string().as_bytes());
    }

    #[test]
    fn rows_survive_decode_and_encode(row in wire_row()) {
        let body = Value::Object(row.clone()).to_string();
        let decoded: Customer = decode_row(&config(), &HttpResponse { status: 200, content_type: None, body: body.as_bytes() }).unwrap();
        let unknown = row.keys().filter(|k| k.starts_with("x_")).count();
        prop_assert_eq!(decoded.extra.len(), unknown);
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), Value::Object(row));
    }
}
