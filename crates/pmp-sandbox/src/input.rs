//! Checks a submitted [`Form`] against the resource's input fields (pmp-core's
//! `input_fields`): mandatory fields, kinds, dates, files. The result is what the store writes.

use std::collections::{BTreeMap, HashSet};

use pmp_core::{input_fields, FieldKind, FieldSpec, Operation, Resource};

use crate::body::{Form, Raw, Upload, MAX_INPUT_VARS};
use crate::schema::label;

/// Checked values, ready to store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    /// Column values (dates normalised to `yyyy-mm-dd`, flags to `1`/`0`).
    pub columns: Vec<(&'static str, String)>,
    /// List fields (`groups_in`, `project_members`): replaced as a whole when sent.
    pub lists: Vec<(&'static str, Vec<String>)>,
    /// Custom fields: (`fieldto`, field id) to value.
    pub custom: BTreeMap<(String, String), String>,
    /// Attachments (create only).
    pub files: Vec<Upload>,
}

/// Field errors in the order the fields are declared: field name to message.
pub type FieldErrors = Vec<(String, String)>;

/// The most attachments one request may carry, as PHP's `max_file_uploads` (20 by default).
pub const MAX_FILES: usize = 20;

/// Checks a form for a create or an update of `resource`.
pub fn check(resource: Resource, operation: Operation, form: &Form) -> Result<Input, FieldErrors> {
    if form.excess > 0 {
        return Err(vec![(
            "max_input_vars".to_owned(),
            format!(
                "The body has more than {MAX_INPUT_VARS} input values; like PHP (max_input_vars), \
                 the sandbox reads no more."
            ),
        )]);
    }
    let specs = input_fields(resource);
    let mut errors = FieldErrors::new();
    let mut input = Input::default();
    let mut named = HashSet::new();
    let mut error = |field: &str, message: String| {
        if named.insert(field.to_owned()) {
            errors.push((field.to_owned(), message));
        }
    };
    for spec in specs.iter().filter(|s| s.required) {
        let blank = match form.get(spec.name) {
            None => true,
            Some(Raw::Text(t)) => t.trim().is_empty(),
            Some(Raw::List(l)) => l.is_empty(),
            Some(Raw::Custom(c)) => c.is_empty(),
        };
        if blank {
            error(
                spec.name,
                format!("The {} field is required.", label(resource, spec.name)),
            );
        }
    }
    for (name, raw) in &form.fields {
        let Some(spec) = specs
            .iter()
            .find(|s| s.name == name && s.kind != FieldKind::Files)
        else {
            // The id in a body (the document's ticket update example sends `ticketid`) is
            // ignored, as the real server does; any other unknown name is a client mistake.
            if name != resource.id_field() {
                error(
                    name,
                    format!("The {name} field is not a field of {}.", resource.segment()),
                );
            }
            continue;
        };
        let label = label(resource, spec.name);
        match (spec.kind, raw) {
            (FieldKind::Text, Raw::Text(t)) => input.columns.push((spec.name, stored_text(spec, t))),
            (FieldKind::Number, Raw::Text(t)) => match t.trim() {
                n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    input.columns.push((spec.name, n.to_owned()))
                }
                _ => error(spec.name, format!("The {label} field must contain an integer.")),
            },
            (FieldKind::Date, Raw::Text(t)) if t.trim().is_empty() && !spec.required => {
                input.columns.push((spec.name, String::new()))
            }
            (FieldKind::Date, Raw::Text(t)) => match parse_date(t.trim()) {
                Some(date) => input.columns.push((spec.name, date)),
                None => error(
                    spec.name,
                    format!("The {label} field must be a date as 30/07/2019 or 2019-07-30."),
                ),
            },
            // A checkbox counts as checked whatever its value, as on the real server.
            (FieldKind::Flag, Raw::Text(_)) => input.columns.push((spec.name, "1".to_owned())),
            (FieldKind::NumberList, Raw::List(items)) => {
                if items
                    .iter()
                    .all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
                {
                    input.lists.push((spec.name, items.clone()));
                } else {
                    error(
                        spec.name,
                        format!("The {label} field must contain only integers."),
                    );
                }
            }
            // PHP keeps a plain `groups_in=1` as a string; the module then treats it as one id.
            (FieldKind::NumberList, Raw::Text(t)) if t.bytes().all(|b| b.is_ascii_digit()) => {
                let items = if t.is_empty() { vec![] } else { vec![t.clone()] };
                input.lists.push((spec.name, items));
            }
            (FieldKind::CustomFields, Raw::Custom(map)) => {
                for (fieldto, ids) in map {
                    for (id, value) in ids {
                        input.custom.insert((fieldto.clone(), id.clone()), value.clone());
                    }
                }
            }
            (kind, _) => error(
                spec.name,
                format!("The {label} field must be {}.", expected(kind)),
            ),
        }
    }
    // Unchecked boxes are not sent at all, so an absent flag is off, on create and on update
    // alike (the CRM's models set `isset($data[flag]) ? 1 : 0`).
    for spec in specs.iter().filter(|s| s.kind == FieldKind::Flag) {
        if form.get(spec.name).is_none() {
            input.columns.push((spec.name, "0".to_owned()));
        }
    }
    for name in &form.stray_files {
        error(
            name,
            format!("The {name} field must be text; attachments go in file[] parts."),
        );
    }
    if !form.files.is_empty() {
        let takes_files = specs.iter().any(|s| s.kind == FieldKind::Files);
        if !takes_files {
            error("file", format!("{} take no attachments.", resource.segment()));
        } else if form.files.len() > MAX_FILES {
            error(
                "file",
                format!("At most {MAX_FILES} attachments per request (PHP's max_file_uploads)."),
            );
        } else if operation != Operation::Create {
            error("file", "Attachments can only be sent on create.".to_owned());
        } else {
            input.files = form.files.clone();
        }
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    }
}

/// Mandatory fields are trimmed (their rules have `trim`); others are stored as sent.
fn stored_text(spec: &FieldSpec, text: &str) -> String {
    if spec.required {
        text.trim().to_owned()
    } else {
        text.to_owned()
    }
}

fn expected(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::NumberList => "a list of integers (name[]=1&name[]=2)",
        FieldKind::CustomFields => "custom_fields[fieldto][field_id] values",
        _ => "a single value",
    }
}

/// `30/07/2019` or `2019-07-30` as `2019-07-30`; `None` for anything else or an impossible date.
pub fn parse_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '-']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let (year, month, day) = if text.contains('/') && c.len() == 4 {
        (*c, *b, *a)
    } else if text.contains('-') && a.len() == 4 {
        (*a, *b, *c)
    } else {
        return None;
    };
    let number = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (number(year, 4)?, number(month, 2)?, number(day, 2)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if y == 0 || !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::parse_urlencoded;

    #[test]
    fn dates_in_both_formats() {
        assert_eq!(parse_date("30/07/2019").as_deref(), Some("2019-07-30"));
        assert_eq!(parse_date("2019-07-30").as_deref(), Some("2019-07-30"));
        assert_eq!(parse_date("1/2/2020").as_deref(), Some("2020-02-01"));
        assert_eq!(parse_date("29/02/2019"), None);
        assert_eq!(parse_date("2019-13-01"), None);
        assert_eq!(parse_date("07/30"), None);
        assert_eq!(parse_date("30-07-2019"), None);
        assert_eq!(parse_date("x"), None);
    }

    #[test]
    fn mandatory_fields_with_the_real_labels() {
        let errors = check(
            Resource::Projects,
            Operation::Create,
            &parse_urlencoded(b"name=%20"),
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "clientid", "billing_type", "start_date", "status"]
        );
        assert_eq!(errors[0].1, "The Project Name field is required.");
    }

    #[test]
    fn kinds_are_checked() {
        let form = parse_urlencoded(
            b"name=P&clientid=x&billing_type=1&start_date=31/02/2019&status=1&project_members[]=a&bogus=1",
        );
        let errors = check(Resource::Projects, Operation::Create, &form).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["clientid", "start_date", "project_members", "bogus"]);
    }

    #[test]
    fn a_good_milestone() {
        let form =
            parse_urlencoded(b"project_id=2&name=M&due_date=30/07/2019&description_visible_to_customer=off");
        let input = check(Resource::Milestones, Operation::Create, &form).unwrap();
        assert!(input.columns.contains(&("due_date", "2019-07-30".to_owned())));
        assert!(input
            .columns
            .contains(&("description_visible_to_customer", "1".to_owned())));
    }
}
