//! Deserializers for values as MySQL rows put them on the wire: strings, or numbers and
//! booleans where a driver or a newer module sends them, or `null`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

struct ScalarText;

impl<'de> Visitor<'de> for ScalarText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        // MySQL booleans are "1" / "0".
        Ok(Some(if v { "1" } else { "0" }.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A field that is present: `null` becomes `Some(None)`, a scalar `Some(Some(text))`.
/// (Absent fields never reach this function and stay `None` through `#[serde(default)]`.)
pub(crate) fn present_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    d.deserialize_any(ScalarText).map(Some)
}

/// A scalar as text, `null` as `None`.
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(ScalarText)
}

/// Writes a field map as a JSON object, even an empty one (LiteMap's own serde writes an
/// empty map as `[]`).
pub(crate) fn write_field_messages<S: serde::Serializer>(
    map: &Option<crate::error::FieldMessages>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match map {
        Some(map) => s.collect_map(map.iter()),
        None => s.serialize_none(),
    }
}

/// Writes a field map as a JSON object, even an empty one.
pub(crate) fn write_map<S: serde::Serializer>(
    map: &crate::error::FieldMessages,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter())
}

/// A validation map: field to message, where a message may also come as a list of messages
/// (v3's `errors`), joined with `; `.
pub(crate) fn field_messages<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::error::FieldMessages>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Messages {
        One(#[serde(deserialize_with = "lenient_string")] Option<String>),
        Many(Vec<String>),
    }
    let map: Option<std::collections::BTreeMap<String, Messages>> = serde::Deserialize::deserialize(d)?;
    Ok(map.map(|m| {
        m.into_iter()
            .map(|(field, messages)| {
                let text = match messages {
                    Messages::One(one) => one.unwrap_or_default(),
                    Messages::Many(many) => many.join("; "),
                };
                (field, text)
            })
            .collect()
    }))
}

/// An id the server may send as a number (3.x's `record_id`) or its decimal text.
pub(crate) fn lenient_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match d.deserialize_any(ScalarText)? {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("expected an id, got `{text}`"))),
    }
}
