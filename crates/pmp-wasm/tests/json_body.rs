//! pmp-core writes PUT bodies by hand so that this crate's wasm links no JSON serializer;
//! the text must stay exactly what serde_json writes for the same object.
#![cfg(not(target_arch = "wasm32"))]

use pmp_core::json_body;
use pmp_core::ToInputValue;
use pmp_core::{CustomFieldValues, InputRecord, InputValue, LineItem, Resource};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// What serde_json writes for a record (the implementation json_body replaced).
fn with_serde(record: &InputRecord) -> String {
    let mut object = Map::new();
    for (spec, value) in record.values() {
        let json = match value {
            InputValue::Text(v) => Value::from(v.as_str()),
            InputValue::Number(n) => Value::from(*n),
            InputValue::Flag(true) => Value::from("on"),
            InputValue::Flag(false) | InputValue::Files(_) => continue,
            InputValue::NumberList(list) => Value::from(list.clone()),
            InputValue::CustomFields(map) => {
                // As nested BTreeMaps: LiteMap's serde writes an empty map as `[]`.
                let nested: std::collections::BTreeMap<_, std::collections::BTreeMap<_, _>> = map
                    .iter()
                    .map(|(fieldto, values)| (fieldto, values.iter().collect()))
                    .collect();
                serde_json::to_value(nested).unwrap()
            }
            InputValue::Lines(lines) => lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let mut object = serde_json::json!({
                        "description": line.description,
                        "long_description": line.long_description.clone().unwrap_or_default(),
                        "qty": line.qty.trim(),
                        "rate": line.rate.trim(),
                        "unit": line.unit.clone().unwrap_or_default(),
                        "order": line.order.unwrap_or(i as u64 + 1),
                        "taxname": line.taxname,
                    });
                    if let Some(id) = line.itemid {
                        object["itemid"] = Value::from(id);
                    }
                    object
                })
                .collect(),
        };
        object.insert(spec.name.to_owned(), json);
    }
    Value::Object(object).to_string()
}

/// Any text, control characters, quotes, backslashes and non-ASCII included.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            (0u32..0x80).prop_filter_map("char", char::from_u32),
            Just('"'),
            Just('\\'),
            Just('\u{7f}'),
            Just('é'),
            Just('\u{2028}'),
            Just('😀'),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn project_bodies_match_serde_json(
        name in text(),
        description in proptest::option::of(text()),
        clientid in any::<u64>(),
        members in proptest::option::of(prop::collection::vec(any::<u64>(), 0..4)),
        progress_from_tasks in proptest::option::of(any::<bool>()),
        custom in proptest::option::of(prop::collection::btree_map(text(), prop::collection::btree_map(text(), text(), 0..3), 0..3)),
    ) {
        let mut record = InputRecord::new(Resource::Projects);
        // Set out of name order on purpose: the object's keys come out sorted.
        record.set("start_date", InputValue::Text("2019-07-30".into())).unwrap();
        record.set("name", InputValue::Text(name)).unwrap();
        record.set("clientid", InputValue::Number(clientid)).unwrap();
        if let Some(d) = description {
            record.set("description", InputValue::Text(d)).unwrap();
        }
        if let Some(m) = members {
            record.set("project_members", InputValue::NumberList(m)).unwrap();
        }
        if let Some(flag) = progress_from_tasks {
            record.set("progress_from_tasks", InputValue::Flag(flag)).unwrap();
        }
        if let Some(c) = custom {
            let c: CustomFieldValues = c;
            record.set("custom_fields", c.to_input_value().unwrap()).unwrap();
        }
        prop_assert_eq!(json_body(&record), with_serde(&record));
    }
}

#[test]
fn empty_and_file_only_records_are_empty_objects() {
    let record = InputRecord::new(Resource::Customers);
    assert_eq!(json_body(&record), "{}");
    let mut lead = InputRecord::new(Resource::Leads);
    lead.set("files", InputValue::Files(vec![Default::default()]))
        .unwrap();
    lead.set("is_public", InputValue::Flag(false)).unwrap();
    assert_eq!(json_body(&lead), "{}");
}

proptest! {
    #[test]
    fn invoice_lines_match_serde_json(
        lines in prop::collection::vec(
            (text(), proptest::option::of(text()), proptest::option::of(any::<u64>()),
                proptest::option::of(any::<u64>()), prop::collection::vec(text(), 0..3)),
            1..4,
        ),
    ) {
        let lines: Vec<LineItem> = lines
            .into_iter()
            .map(|(description, unit, itemid, order, taxname)| LineItem {
                itemid,
                description,
                long_description: None,
                qty: "1.5".into(),
                rate: " 20 ".into(),
                unit,
                order,
                taxname,
            })
            .collect();
        let mut record = InputRecord::new(Resource::Invoices);
        record.set("items", InputValue::Lines(lines)).unwrap();
        record.set("adminnote", InputValue::Text("x".into())).unwrap();
        prop_assert_eq!(json_body(&record), with_serde(&record));
    }
}
