//! Call arguments as pmp-core values: ids as rows hold them, and the fields of a partial
//! update from any serde value (`serde_json::json!`, a struct of options, a pmp-core input).

use pmp_core::{
    decimal_text, id_from_str, read_input, InputRecord, InputSource, PmpError, Resource, UntypedValue,
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
/// fields take numbers too, number fields their decimal text (as rows carry ids). Read by
/// pmp-core's one untyped-input walk (`pmp_core::read_input`).
pub(crate) fn record_of(resource: Resource, fields: &impl Serialize) -> Result<InputRecord, PmpError> {
    let value = serde_json::to_value(fields).map_err(|e| {
        PmpError::invalid_input(format!(
            "{}Input fields could not be read: {e}",
            resource.model_name()
        ))
    })?;
    read_input(resource, &Json(&value))
}

/// A JSON value as pmp-core's untyped input reads it.
struct Json<'a>(&'a Value);

impl<'a> UntypedValue for Json<'a> {
    const SOURCE: InputSource = InputSource::Json;

    fn is_absent(&self) -> bool {
        self.0.is_null()
    }

    fn each_entry(&self, each: &mut dyn FnMut(String, Self) -> bool) -> bool {
        let Some(object) = self.0.as_object() else {
            return false;
        };
        for (name, value) in object {
            if !each(name.clone(), Json(value)) {
                break;
            }
        }
        true
    }

    fn each_item(&self, each: &mut dyn FnMut(Self) -> bool) -> bool {
        let Some(items) = self.0.as_array() else {
            return false;
        };
        for item in items {
            if !each(Json(item)) {
                break;
            }
        }
        true
    }

    fn text(&self) -> Option<String> {
        match self.0 {
            Value::Number(n) => Some(n.to_string()),
            _ => self.string(),
        }
    }

    fn string(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }

    /// Any `u64`, or its decimal text.
    fn number(&self) -> Option<u64> {
        match self.0 {
            Value::String(text) => decimal_text(text, usize::MAX),
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    fn flag(&self) -> Option<bool> {
        self.0.as_bool()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pmp_core::{ErrorKind, InputValue};
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
