//! Input records from untyped values: a JSON value (pmp-client's updates) or a JavaScript
//! object (the npm package). One walk for every source: each field looked up in the
//! resource's table, read as its kind takes it, refused in the one wording of
//! [`crate::expected_value`]. A source says only how to read its own values
//! ([`UntypedValue`]).

use crate::error::PmpError;
use crate::fields::{
    input_fields, unknown_field, wrong_kind, CustomFieldMap, FieldKind, InputRecord, InputSource, InputValue,
};
use crate::resources::Resource;

/// An untyped value a record can be read from: its source's primitive reads. Each read is
/// `None` for a value that is not of that shape.
pub trait UntypedValue: Sized {
    /// Where the values come from (the wording of refusals).
    const SOURCE: InputSource;

    /// Whether the value means "not sent" (JSON `null`; JavaScript `null` or `undefined`).
    fn is_absent(&self) -> bool;

    /// Calls `each` with every property of an object, in order, until it returns `false`;
    /// `false` when the value is not an object. (A callback rather than a list: one walk
    /// whatever the source, and less wasm than a `Vec` of each source's values.)
    fn each_entry(&self, each: &mut dyn FnMut(String, Self) -> bool) -> bool;

    /// [`UntypedValue::each_entry`] of a map (custom fields), unless the source is stricter
    /// (JavaScript takes object literals only, so that a `Map` is not read as empty).
    fn each_map_entry(&self, each: &mut dyn FnMut(String, Self) -> bool) -> bool {
        self.each_entry(each)
    }

    /// Calls `each` with every item of an array, in order, until it returns `false`; `false`
    /// when the value is not an array.
    fn each_item(&self, each: &mut dyn FnMut(Self) -> bool) -> bool;

    /// A text field's value: a string, or a number as the source writes it (so that a value
    /// read from a row, or typed as a number, goes back as the server sent it).
    fn text(&self) -> Option<String>;

    /// A string, and nothing else (dates).
    fn string(&self) -> Option<String>;

    /// A non-negative integer, or its decimal text (as rows carry ids), within the source's
    /// range of exact integers.
    fn number(&self) -> Option<u64>;

    /// A boolean.
    fn flag(&self) -> Option<bool>;

    /// Files, where the source can hold them (`None`: refused).
    fn files(&self) -> Option<InputValue> {
        None
    }
}

/// The fields of `value` (an object) as a record of `resource`: only the fields present are
/// set (an absent value means "not sent", as an absent field). Unknown fields and values of
/// the wrong kind are refused with an `invalid_input` error naming the field.
pub fn read_input<V: UntypedValue>(resource: Resource, value: &V) -> Result<InputRecord, PmpError> {
    let mut record = InputRecord::new(resource);
    let mut failed = None;
    let object = value.each_entry(&mut |name, field| match read_field(&mut record, &name, &field) {
        Ok(()) => true,
        Err(error) => {
            failed = Some(error);
            false
        }
    });
    if !object {
        return Err(not_an_object(resource, V::SOURCE));
    }
    match failed {
        Some(error) => Err(error),
        None => Ok(record),
    }
}

/// Sets field `name` of `record` from `field`, unless it is absent.
fn read_field<V: UntypedValue>(record: &mut InputRecord, name: &str, field: &V) -> Result<(), PmpError> {
    if field.is_absent() {
        return Ok(());
    }
    let resource = record.resource();
    let Some(spec) = input_fields(resource).iter().find(|f| f.name == name) else {
        return Err(unknown_field(resource, name));
    };
    if matches!(spec.kind, FieldKind::NewLines | FieldKind::Lines) {
        // Lines say which line and key is wrong, not only that the field is.
        let lines = crate::lines::read_lines(spec.name, field)?;
        return record.set(spec.name, InputValue::Lines(lines));
    }
    let read = read_value(spec.kind, field).ok_or_else(|| wrong_kind(spec, V::SOURCE))?;
    record.set(spec.name, read)
}

/// The decimal text of a non-negative integer of at most `max_digits` digits (`"3"`).
pub fn decimal_text(text: &str, max_digits: usize) -> Option<u64> {
    let digits = !text.is_empty() && text.len() <= max_digits && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

fn read_value<V: UntypedValue>(kind: FieldKind, value: &V) -> Option<InputValue> {
    match kind {
        FieldKind::Text => value.text().map(InputValue::Text),
        FieldKind::Date => value.string().map(InputValue::Text),
        FieldKind::Number => value.number().map(InputValue::Number),
        FieldKind::Flag => value.flag().map(InputValue::Flag),
        FieldKind::NumberList => {
            let mut list = Vec::new();
            let mut all = true;
            let array = value.each_item(&mut |item| match item.number() {
                Some(n) => {
                    list.push(n);
                    true
                }
                None => {
                    all = false;
                    false
                }
            });
            (array && all).then_some(InputValue::NumberList(list))
        }
        FieldKind::CustomFields => custom_fields(value).map(InputValue::CustomFields),
        FieldKind::Files => value.files(),
        FieldKind::NewLines | FieldKind::Lines => None,
    }
}

fn custom_fields<V: UntypedValue>(value: &V) -> Option<CustomFieldMap> {
    let mut map = CustomFieldMap::new();
    let mut all = true;
    let object = value.each_map_entry(&mut |fieldto, inner| {
        let mut values = litemap::LiteMap::new();
        let inner_object = inner.each_map_entry(&mut |id, v| match v.string() {
            Some(text) => {
                values.insert(id, text);
                true
            }
            None => {
                all = false;
                false
            }
        });
        all &= inner_object;
        map.insert(fieldto, values);
        all
    });
    (object && all).then_some(map)
}

/// The refusal of an input that is not an object.
fn not_an_object(resource: Resource, source: InputSource) -> PmpError {
    let what = match source {
        InputSource::Json => "Input fields must be an object",
        InputSource::Typed | InputSource::JavaScript => "Input must be an object",
    };
    PmpError::invalid_input(crate::error::text(&[resource.model_name(), what]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// A tiny untyped value for the walk's own tests (the sources' impls are tested in their
    /// crates).
    #[derive(Debug, Clone)]
    enum V {
        Null,
        Text(&'static str),
        Int(u64),
        Bool(bool),
        List(Vec<V>),
        Object(Vec<(&'static str, V)>),
    }

    impl UntypedValue for V {
        const SOURCE: InputSource = InputSource::Json;
        fn is_absent(&self) -> bool {
            matches!(self, V::Null)
        }
        fn each_entry(&self, each: &mut dyn FnMut(String, V) -> bool) -> bool {
            let V::Object(entries) = self else { return false };
            for (name, value) in entries {
                if !each((*name).to_owned(), value.clone()) {
                    break;
                }
            }
            true
        }
        fn each_item(&self, each: &mut dyn FnMut(V) -> bool) -> bool {
            let V::List(items) = self else { return false };
            for item in items {
                if !each(item.clone()) {
                    break;
                }
            }
            true
        }
        fn text(&self) -> Option<String> {
            match self {
                V::Int(n) => Some(n.to_string()),
                _ => self.string(),
            }
        }
        fn string(&self) -> Option<String> {
            match self {
                V::Text(s) => Some((*s).to_owned()),
                _ => None,
            }
        }
        fn number(&self) -> Option<u64> {
            match self {
                V::Int(n) => Some(*n),
                V::Text(s) => decimal_text(s, 20),
                _ => None,
            }
        }
        fn flag(&self) -> Option<bool> {
            match self {
                V::Bool(b) => Some(*b),
                _ => None,
            }
        }
    }

    #[test]
    fn every_kind_is_read_and_absent_fields_skipped() {
        let input = V::Object(vec![
            ("clientid", V::Text("3")),
            ("name", V::Int(7)),
            ("deadline", V::Null),
            ("project_members", V::List(vec![V::Int(1), V::Text("2")])),
            (
                "custom_fields",
                V::Object(vec![("projects", V::Object(vec![("4", V::Text("x"))]))]),
            ),
        ]);
        let record = read_input(Resource::Projects, &input).unwrap();
        let names: Vec<&str> = record.values().iter().map(|(s, _)| s.name).collect();
        assert_eq!(names, ["clientid", "name", "project_members", "custom_fields"]);
        assert_eq!(record.values()[0].1, InputValue::Number(3));
        assert_eq!(record.values()[1].1, InputValue::Text("7".into()));
        assert_eq!(record.values()[2].1, InputValue::NumberList(vec![1, 2]));
    }

    #[test]
    fn refusals_name_the_field_in_the_sources_words() {
        let wrong =
            read_input(Resource::Projects, &V::Object(vec![("clientid", V::Bool(true))])).unwrap_err();
        assert_eq!(wrong.kind, ErrorKind::InvalidInput);
        assert_eq!(
            wrong.message,
            "field `clientid` must be a non-negative integer or its decimal text"
        );
        let unknown =
            read_input(Resource::Customers, &V::Object(vec![("compnay", V::Text("x"))])).unwrap_err();
        assert_eq!(unknown.message, "unknown field `compnay` for CustomerInput");
        let list = read_input(Resource::Customers, &V::List(vec![])).unwrap_err();
        assert_eq!(list.message, "CustomerInput fields must be an object");
        let items = V::Object(vec![(
            "project_members",
            V::List(vec![V::Int(1), V::Bool(false)]),
        )]);
        let items = read_input(Resource::Projects, &items).unwrap_err();
        assert!(
            items
                .message
                .starts_with("field `project_members` must be an array"),
            "{}",
            items.message
        );
        let custom = V::Object(vec![("custom_fields", V::Object(vec![("projects", V::Int(3))]))]);
        assert!(read_input(Resource::Projects, &custom).is_err());
        assert_eq!(decimal_text("123", 3), Some(123));
        assert_eq!(decimal_text("1234", 3), None);
        assert_eq!(decimal_text("-1", 3), None);
        assert_eq!(decimal_text("", 3), None);
    }
}
