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
    /// Rows of keyed values (`newitems[1][description]=...`, `newitems[1][taxname][]=...`;
    /// a JSON array of objects): each row's key and its values, in first-seen order.
    Rows(Vec<(String, Vec<(String, Raw)>)>),
}

impl Raw {
    /// The rows of a [`Raw::Rows`], with `row`'s value of `key` set (a list when `list`).
    fn set_in_row(&mut self, row: &str, key: &str, value: String, list: bool) {
        if !matches!(self, Raw::Rows(_)) {
            *self = Raw::Rows(Vec::new());
        }
        let Raw::Rows(rows) = self else { return };
        let at = match rows.iter().position(|(r, _)| r == row) {
            Some(at) => at,
            None => {
                rows.push((row.to_owned(), Vec::new()));
                rows.len() - 1
            }
        };
        let values = &mut rows[at].1;
        let slot = match values.iter().position(|(k, _)| k == key) {
            Some(i) => &mut values[i].1,
            None => {
                values.push((key.to_owned(), Raw::Text(String::new())));
                &mut values.last_mut().expect("just pushed").1
            }
        };
        match (list, slot) {
            (true, Raw::List(items)) => items.push(value),
            (true, slot) => *slot = Raw::List(vec![value]),
            (false, slot) => *slot = Raw::Text(value),
        }
    }
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
            [row, key] => slot.set_in_row(row, key, value, false),
            [row, key, ""] => slot.set_in_row(row, key, value, true),
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

    /// Whether nothing at all was sent (the tests' check of unreadable bodies).
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.files.is_empty() && self.stray_files.is_empty()
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

/// Parses a `multipart/form-data` body with the boundary of its content type, as leniently
/// as PHP: a part whose headers cannot be read (a raw CR in its name, no Content-Disposition)
/// is skipped and the others are read; bytes that are not UTF-8 are dropped from values (as
/// CodeIgniter's input filter does); a body without a usable boundary, or with none of its
/// delimiters, reads as no fields at all (PHP then fills `$_POST` with nothing).
pub(crate) async fn parse_multipart(content_type: &str, bytes: Bytes) -> Form {
    let mut form = Form::default();
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return form;
    };
    for part in split_parts(&bytes, &boundary) {
        if form.inputs >= MAX_INPUT_VARS {
            // The rest is not read: one more part to report, whatever follows.
            form.count();
            break;
        }
        // Each part on its own, so that one multer cannot read does not end the body.
        let mut single = Vec::with_capacity(part.len() + 2 * boundary.len() + 12);
        single.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        single.extend_from_slice(&part);
        single.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let stream =
            futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(Bytes::from(single)) });
        let mut multipart = multer::Multipart::new(stream, boundary.clone());
        let Ok(Some(field)) = multipart.next_field().await else {
            continue;
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let file_type = field
            .content_type()
            .map(|m| m.to_string())
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let Ok(data) = field.bytes().await else {
            continue;
        };
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
            None => form.push(&name, utf8_only(&data)),
        }
    }
    form
}

/// The parts between the delimiters of `boundary` (headers and content, without the CRLF
/// before the next delimiter); a part left without a closing delimiter is not read.
fn split_parts(bytes: &[u8], boundary: &str) -> Vec<Bytes> {
    let first = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    let find = |from: usize, needle: &[u8]| {
        bytes
            .get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|at| from + at)
    };
    let mut parts = Vec::new();
    let Some(mut at) = find(0, first.as_bytes()).filter(|&at| at == 0 || bytes[..at].ends_with(b"\n")) else {
        return parts;
    };
    at += first.len();
    loop {
        // After a delimiter: `--` ends the body; otherwise the rest of the line is padding.
        if bytes.get(at..at + 2) == Some(b"--") {
            return parts;
        }
        let Some(line_end) = find(at, b"\r\n") else {
            return parts;
        };
        let start = line_end + 2;
        let Some(end) = find(start, next.as_bytes()) else {
            return parts;
        };
        parts.push(Bytes::copy_from_slice(&bytes[start..end]));
        at = end + next.len();
    }
}

/// The text of `bytes` without the sequences that are not UTF-8.
fn utf8_only(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.utf8_chunks().map(|chunk| chunk.valid()).collect(),
    }
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
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                let rows = items.iter().enumerate().map(|(i, item)| (i.to_string(), item));
                json_rows(rows)
            }
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
            // PHP's json_decode turns `{"1": {...}}` and `{"0": "5"}` into arrays as well.
            Value::Object(map) if !map.is_empty() && map.values().all(Value::is_object) => {
                json_rows(map.iter().map(|(k, v)| (k.clone(), v)))
            }
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

/// Rows of JSON objects as [`Raw::Rows`]: each member a text, or a list of texts.
fn json_rows<'a>(rows: impl Iterator<Item = (String, &'a Value)>) -> Raw {
    let rows = rows
        .map(|(key, row)| {
            let values = row
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| {
                    let raw = match v {
                        Value::Array(items) => Raw::List(items.iter().filter_map(scalar).collect()),
                        other => Raw::Text(scalar(other)?),
                    };
                    Some((k.clone(), raw))
                })
                .collect();
            (key, values)
        })
        .collect();
    Raw::Rows(rows)
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
    fn line_rows_from_forms_and_json() {
        let form = parse_urlencoded(
            b"newitems[1][description]=Pens&newitems[1][taxname][]=VAT|19&newitems[1][taxname][]=X|1&newitems[2][description]=Ink&newitems[1][qty]=3",
        );
        let Some(Raw::Rows(rows)) = form.get("newitems") else {
            panic!("{form:?}")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, "1");
        assert_eq!(
            rows[0].1,
            [
                ("description".to_owned(), Raw::Text("Pens".into())),
                (
                    "taxname".to_owned(),
                    Raw::List(vec!["VAT|19".into(), "X|1".into()])
                ),
                ("qty".to_owned(), Raw::Text("3".into())),
            ]
        );
        let json = parse_json(br#"{"items":[{"itemid":4,"qty":"2","taxname":["A|1"]}],"x":[1,2]}"#).unwrap();
        let Some(Raw::Rows(rows)) = json.get("items") else {
            panic!("{json:?}")
        };
        assert_eq!(rows[0].1[0], ("itemid".to_owned(), Raw::Text("4".into())));
        assert_eq!(
            rows[0].1[2],
            ("taxname".to_owned(), Raw::List(vec!["A|1".into()]))
        );
        assert_eq!(json.get("x"), Some(&Raw::List(vec!["1".into(), "2".into()])));
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
        let form = parse_multipart("multipart/form-data; boundary=XX", Bytes::from(body)).await;
        assert_eq!(form.get("name"), Some(&Raw::Text("Lead".into())));
        assert_eq!(form.files.len(), 1);
        assert_eq!(&form.files[0].bytes[..], b"hello");
        let garbage = parse_multipart("multipart/form-data; boundary=XX", Bytes::from("garbage")).await;
        assert!(garbage.is_empty());
        assert!(parse_multipart("multipart/form-data", Bytes::new())
            .await
            .is_empty());
    }

    /// A part whose headers cannot be read is skipped, as PHP does, and the parts around it
    /// are read; bytes that are not UTF-8 are dropped; an unclosed last part is not read.
    #[tokio::test]
    async fn multipart_skips_unreadable_parts() {
        let body: &[u8] = b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"\r\x84O\"\r\n\r\n{}\r\n\
                    --XX\r\nno headers at all\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx\xff\xfey\r\n\
                    --XX\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nunclosed";
        let form = parse_multipart("multipart/form-data; boundary=XX", Bytes::from(body)).await;
        assert_eq!(form.get("a"), Some(&Raw::Text("1".into())));
        assert_eq!(form.get("b"), Some(&Raw::Text("xy".into())));
        assert_eq!(form.get("c"), None);
        assert_eq!(form.fields.len(), 2, "{form:?}");
    }
}
