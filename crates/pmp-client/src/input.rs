//! Call arguments as pmp-core values: ids as rows hold them, and the fields of a partial
//! update from any serde value (`serde_json::json!`, a struct of options, a pmp-core input).

use pmp_core::{
    id_from_str, input_fields, text, CustomFieldMap, FieldKind, FieldSpec, InputRecord, InputValue, PmpError,
    Resource,
};
use serde::Serialize;
use serde_json::Value;

/// A row id as a caller has it: a number, its decimal text, or a row's id column
/// (`&customer.userid`), so that a row's own values can be sent back.
pub trait IntoId {
    /// The id, or an `invalid_input` error saying what is wrong with it.
    fn into_id(self) -> Result<u64, PmpError>;
}

impl IntoId for u64 {
    fn into_id(self) -> Result<u64, PmpError> {
        Ok(self)
    }
}

impl IntoId for u32 {
    fn into_id(self) -> Result<u64, PmpError> {
        Ok(u64::from(self))
    }
}

impl IntoId for i64 {
    fn into_id(self) -> Result<u64, PmpError> {
        u64::try_from(self)
            .map_err(|_| PmpError::invalid_input(format!("id must be a positive integer, got {self}")))
    }
}

impl IntoId for i32 {
    fn into_id(self) -> Result<u64, PmpError> {
        i64::from(self).into_id()
    }
}

impl IntoId for &str {
    fn into_id(self) -> Result<u64, PmpError> {
        id_from_str(self)
    }
}

impl IntoId for &String {
    fn into_id(self) -> Result<u64, PmpError> {
        id_from_str(self)
    }
}

/// A row's column as the models hold it (`Option<Option<String>>`): absent or `null` is refused.
impl IntoId for &Option<Option<String>> {
    fn into_id(self) -> Result<u64, PmpError> {
        match self {
            Some(Some(text)) => id_from_str(text),
            _ => Err(PmpError::invalid_input(
                "id is missing (the row has no id column)",
            )),
        }
    }
}

/// The fields of `fields` (a value serializing to an object) as a record of `resource`:
/// only the fields present are sent (`null` means "not sent", as an absent field). Text
/// fields take numbers too, number fields their decimal text (as rows carry ids).
pub(crate) fn record_of(resource: Resource, fields: &impl Serialize) -> Result<InputRecord, PmpError> {
    let type_name = resource.model_name();
    let value = serde_json::to_value(fields)
        .map_err(|e| PmpError::invalid_input(format!("{type_name}Input fields could not be read: {e}")))?;
    let Value::Object(object) = value else {
        return Err(PmpError::invalid_input(text(&[
            type_name,
            "Input fields must be an object",
        ])));
    };
    let mut record = InputRecord::new(resource);
    for (name, field) in object {
        if field.is_null() {
            continue;
        }
        let Some(spec) = input_fields(resource).iter().find(|f| f.name == name) else {
            return Err(PmpError::invalid_input(text(&[
                "unknown field `",
                &name,
                "` for ",
                type_name,
                "Input",
            ])));
        };
        let value = read_value(spec.kind, &field).ok_or_else(|| wrong_kind(spec))?;
        record.set(spec.name, value)?;
    }
    Ok(record)
}

fn read_value(kind: FieldKind, value: &Value) -> Option<InputValue> {
    match kind {
        FieldKind::Text => match value {
            Value::String(s) => Some(InputValue::Text(s.clone())),
            Value::Number(n) => Some(InputValue::Text(n.to_string())),
            _ => None,
        },
        FieldKind::Date => value.as_str().map(|s| InputValue::Text(s.to_owned())),
        FieldKind::Number => read_number(value).map(InputValue::Number),
        FieldKind::Flag => value.as_bool().map(InputValue::Flag),
        FieldKind::NumberList => value
            .as_array()?
            .iter()
            .map(read_number)
            .collect::<Option<_>>()
            .map(InputValue::NumberList),
        FieldKind::CustomFields => read_custom_fields(value).map(InputValue::CustomFields),
        // Files go with creates only, from the typed input.
        FieldKind::Files => None,
    }
}

/// A non-negative integer, or its decimal text.
fn read_number(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            text.parse().ok()
        }
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

fn read_custom_fields(value: &Value) -> Option<CustomFieldMap> {
    let mut map = CustomFieldMap::new();
    for (fieldto, inner) in value.as_object()? {
        let entry = map.entry(fieldto.clone()).or_default();
        for (id, v) in inner.as_object()? {
            entry.insert(id.clone(), v.as_str()?.to_owned());
        }
    }
    Some(map)
}

fn wrong_kind(spec: &FieldSpec) -> PmpError {
    let expected = match spec.kind {
        FieldKind::Text => "a string or a number",
        FieldKind::Date => "a date as YYYY-MM-DD",
        FieldKind::Number => "a non-negative integer or its decimal text",
        FieldKind::Flag => "a boolean",
        FieldKind::NumberList => "an array of non-negative integers (or their decimal texts)",
        FieldKind::Files => "sent on create only (with the typed input)",
        FieldKind::CustomFields => "an object of objects of strings",
    };
    PmpError::invalid_input(text(&["field `", spec.name, "` must be ", expected]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pmp_core::ErrorKind;
    use serde_json::json;

    #[test]
    fn only_the_fields_given_are_in_the_record() {
        let record = record_of(
            Resource::Projects,
            &json!({"clientid": "3", "name": 7, "deadline": null}),
        )
        .unwrap();
        let values: Vec<(&str, &InputValue)> = record.values().iter().map(|(s, v)| (s.name, v)).collect();
        assert_eq!(
            values,
            [
                ("clientid", &InputValue::Number(3)),
                ("name", &InputValue::Text("7".into()))
            ]
        );
    }

    #[test]
    fn wrong_fields_are_named() {
        let unknown = record_of(Resource::Customers, &json!({"compnay": "x"})).unwrap_err();
        assert_eq!(unknown.kind, ErrorKind::InvalidInput);
        assert!(unknown.message.contains("`compnay`"), "{}", unknown.message);
        let kind = record_of(Resource::Projects, &json!({"clientid": "-3"})).unwrap_err();
        assert!(
            kind.message.contains("`clientid` must be a non-negative integer"),
            "{}",
            kind.message
        );
        assert!(record_of(Resource::Customers, &json!(["company"])).is_err());
    }

    #[test]
    fn ids_come_as_rows_hold_them() {
        assert_eq!((&Some(Some("12".to_owned()))).into_id().unwrap(), 12);
        assert_eq!("7".into_id().unwrap(), 7);
        assert!((&Some(None)).into_id().is_err());
        assert!((-1i64).into_id().is_err());
        assert!("3a".into_id().is_err());
    }
}
