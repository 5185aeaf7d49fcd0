//! Request bodies as PHP reads them: `x-www-form-urlencoded` and `multipart/form-data` with
//! bracket arrays (`groups_in[]`, `custom_fields[customers][1]`) and `file[]` parts, or a
//! JSON object. The result is untyped ([`Form`]); `input.rs` checks it against the resource.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use serde_json::Value;

/// The name of the form field that overrides the request method.
pub(crate) const METHOD_FIELD: &str = "_method";

/// The most input values read from one body, as PHP's `max_input_vars` (1,000 by default):
/// each `name=value` pair, multipart part or JSON member counts. Past it the rest is not read
/// and the request is refused (`input.rs`), so that no body costs more than this much work.
pub(crate) const MAX_INPUT_VARS: usize = 1000;

/// An uploaded file.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    /// The file name the client sent.
    pub file_name: String,
    /// The part's content type.
    pub file_type: String,
    /// The content.
    pub bytes: Bytes,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Upload({:?}, {:?}, {} bytes)",
            self.file_name,
            self.file_type,
            self.bytes.len()
        )
    }
}

/// One submitted value, before it is checked against the resource's fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw {
    /// A scalar (`name=value`; JSON strings, numbers and booleans).
    Text(String),
    /// A PHP array (`name[]=1&name[]=2`, `name[0]=1`; a JSON array).
    List(Vec<String>),
    /// Custom fields: `custom_fields[fieldto][field_id]=value`.
    Custom(BTreeMap<String, BTreeMap<String, String>>),
}

/// A parsed body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Form {
    /// Fields by name, in first-seen order (a repeated scalar keeps the last value, as PHP).
    pub fields: Vec<(String, Raw)>,
    /// `file[]` (or `file`) parts.
    pub files: Vec<Upload>,
    /// The value of a `_method` field, if any.
    pub method: Option<String>,
    /// Names of file parts sent under another name than `file[]` (ignored, as PHP does, but
    /// counted against `max_file_uploads`).
    pub stray_files: Vec<String>,
    /// How many input values were left unread past [`MAX_INPUT_VARS`].
    pub excess: usize,
    /// Values read so far.
    inputs: usize,
    /// Position of each name in `fields`: no search per value, however many fields.
    index: HashMap<String, usize>,
}

/// Why a body could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyError(pub String);

impl Form {
    /// Counts one input value; `false` once [`MAX_INPUT_VARS`] are read (the value is then
    /// dropped and counted in `excess`).
    fn count(&mut self) -> bool {
        self.inputs += 1;
        if self.inputs > MAX_INPUT_VARS {
            self.excess += 1;
            return false;
        }
        true
    }

    /// Adds one `name=value` pair the way PHP builds `$_POST`.
    pub(crate) fn push(&mut self, name: &str, value: String) {
        if !self.count() {
            return;
        }
        if name == METHOD_FIELD {
            self.method = Some(value);
            return;
        }
        let (base, keys) = split_brackets(name);
        let slot = self.slot(base);
        match keys.as_slice() {
            [] => *slot = Raw::Text(value),
            [fieldto, field_id] if base == "custom_fields" => {
                if !matches!(slot, Raw::Custom(_)) {
                    *slot = Raw::Custom(BTreeMap::new());
                }
                if let Raw::Custom(map) = slot {
                    map.entry(fieldto.to_string())
                        .or_default()
                        .insert(field_id.to_string(), value);
                }
            }
            _ => {
                if !matches!(slot, Raw::List(_)) {
                    *slot = Raw::List(Vec::new());
                }
                if let Raw::List(list) = slot {
                    list.push(value);
                }
            }
        }
    }

    /// The value of field `name`, added (as an empty text) if it is new.
    fn slot(&mut self, name: &str) -> &mut Raw {
        let at = match self.index.get(name) {
            Some(&at) => at,
            None => {
                self.fields.push((name.to_owned(), Raw::Text(String::new())));
                self.index.insert(name.to_owned(), self.fields.len() - 1);
                self.fields.len() - 1
            }
        };
        &mut self.fields[at].1
    }

    /// Sets a whole field (a JSON member), counted as one input value.
    fn set(&mut self, name: &str, raw: Raw) {
        if self.count() {
            *self.slot(name) = raw;
        }
    }

    /// The value of a field, if sent.
    pub(crate) fn get(&self, name: &str) -> Option<&Raw> {
        self.index.get(name).map(|&at| &self.fields[at].1)
    }
}

/// `custom_fields[a][b]` becomes (`custom_fields`, [`a`, `b`]); `name[]` (`name`, [``]).
fn split_brackets(name: &str) -> (&str, Vec<&str>) {
    let Some(open) = name.find('[') else {
        return (name, Vec::new());
    };
    let (base, mut rest) = name.split_at(open);
    let mut keys = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else { break };
        keys.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    if base.is_empty() || !rest.is_empty() {
        // Not PHP array syntax: keep the name as it is.
        return (name, Vec::new());
    }
    (base, keys)
}

/// Parses an `x-www-form-urlencoded` body.
pub(crate) fn parse_urlencoded(bytes: &[u8]) -> Form {
    let mut form = Form::default();
    for (name, value) in form_urlencoded::parse(bytes) {
        form.push(&name, value.into_owned());
    }
    form
}

/// Parses a `multipart/form-data` body with the boundary of its content type.
pub(crate) async fn parse_multipart(content_type: &str, bytes: Bytes) -> Result<Form, BodyError> {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| BodyError(format!("multipart body without a usable boundary: {e}")))?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = Form::default();
    let bad = |e: multer::Error| BodyError(format!("malformed multipart body: {e}"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        if form.inputs >= MAX_INPUT_VARS {
            // The rest is not read: one more part to report, whatever follows.
            form.count();
            break;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let file_type = field
            .content_type()
            .map(|m| m.to_string())
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let data = field.bytes().await.map_err(bad)?;
        match file_name {
            Some(file_name) if name == "file[]" || name == "file" => {
                form.count();
                form.files.push(Upload {
                    file_name,
                    file_type,
                    bytes: data,
                })
            }
            Some(_) => {
                form.count();
                form.stray_files.push(name)
            }
            None => {
                let value = String::from_utf8(data.to_vec())
                    .map_err(|_| BodyError(format!("multipart field `{name}` is not UTF-8 text")))?;
                form.push(&name, value);
            }
        }
    }
    Ok(form)
}

/// Parses a JSON object body. `None` when the body is empty, not JSON or not an object
/// (the real server answers those with 406).
pub(crate) fn parse_json(bytes: &[u8]) -> Option<Form> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(bytes) else {
        return None;
    };
    let mut form = Form::default();
    for (name, value) in object {
        if name == METHOD_FIELD {
            form.count();
            form.method = scalar(&value);
            continue;
        }
        let raw = match value {
            Value::Null => continue,
            Value::Array(items) => Raw::List(items.iter().filter_map(scalar).collect()),
            Value::Object(map) if name == "custom_fields" => Raw::Custom(
                map.iter()
                    .map(|(fieldto, ids)| {
                        let ids = ids
                            .as_object()
                            .map(|m| {
                                m.iter()
                                    .filter_map(|(k, v)| Some((k.clone(), scalar(v)?)))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (fieldto.clone(), ids)
                    })
                    .collect(),
            ),
            // PHP's json_decode turns `{"0": "5"}` into an array as well.
            Value::Object(map) => Raw::List(map.values().filter_map(scalar).collect()),
            other => match scalar(&other) {
                Some(text) => Raw::Text(text),
                None => continue,
            },
        };
        form.set(&name, raw);
    }
    Some(form)
}

/// A JSON scalar as PHP would print it.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(true) => Some("1".to_owned()),
        Value::Bool(false) => Some(String::new()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_arrays_and_custom_fields() {
        let form = parse_urlencoded(
            b"company=A&groups_in%5B%5D=1&groups_in[]=4&custom_fields[customers][2]=x&_method=PUT&company=B",
        );
        assert_eq!(form.get("company"), Some(&Raw::Text("B".into())));
        assert_eq!(
            form.get("groups_in"),
            Some(&Raw::List(vec!["1".into(), "4".into()]))
        );
        let Some(Raw::Custom(map)) = form.get("custom_fields") else {
            panic!("{form:?}")
        };
        assert_eq!(map["customers"]["2"], "x");
        assert_eq!(form.method.as_deref(), Some("PUT"));
    }

    #[test]
    fn odd_bracket_names_stay_plain() {
        assert_eq!(split_brackets("a[b"), ("a[b", vec![]));
        assert_eq!(split_brackets("[x]"), ("[x]", vec![]));
        assert_eq!(split_brackets("a[x]y"), ("a[x]y", vec![]));
        assert_eq!(split_brackets("members[0]"), ("members", vec!["0"]));
    }

    #[test]
    fn json_objects_only() {
        assert!(parse_json(b"").is_none());
        assert!(parse_json(b"[1]").is_none());
        assert!(parse_json(b"company=x").is_none());
        let form = parse_json(br#"{"company":"A","n":3,"members":{"0":"5"},"x":null}"#).unwrap();
        assert_eq!(form.get("n"), Some(&Raw::Text("3".into())));
        assert_eq!(form.get("members"), Some(&Raw::List(vec!["5".into()])));
        assert_eq!(form.get("x"), None);
    }

    #[tokio::test]
    async fn multipart_files_and_garbage() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nLead\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"file[]\"; filename=\"a.txt\"\r\n\
                    Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n";
        let form = parse_multipart("multipart/form-data; boundary=XX", Bytes::from(body))
            .await
            .unwrap();
        assert_eq!(form.get("name"), Some(&Raw::Text("Lead".into())));
        assert_eq!(form.files.len(), 1);
        assert_eq!(&form.files[0].bytes[..], b"hello");
        let err = parse_multipart("multipart/form-data; boundary=XX", Bytes::from("garbage")).await;
        assert!(err.is_err());
        assert!(parse_multipart("multipart/form-data", Bytes::new())
            .await
            .is_err());
    }
}
