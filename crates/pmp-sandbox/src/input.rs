//! Checks a submitted [`Form`] against the resource's input fields (pmp-core's
//! `input_fields`): mandatory fields, kinds, dates, files. The result is what the store writes.

use std::collections::{BTreeMap, HashSet};

use pmp_core::strings::{field_integer, field_integers, field_required};
use pmp_core::{input_fields, FieldKind, FieldRule, FieldSpec, Operation, Resource, REMOVED_LINES};

use crate::body::{Form, Raw, Upload, MAX_INPUT_VARS};
use crate::profile::Module;

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
    /// Line items of a sales document: the lines to add, and those an update keeps.
    pub lines: Vec<Line>,
    /// The ids of the lines an update removes.
    pub removed_lines: Vec<i64>,
}

/// A line item as the store writes it (the CRM's `itemable` row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// The line's id: set on a kept line, `None` on a new one.
    pub itemid: Option<i64>,
    /// `description`, `long_description`, `qty`, `rate`, `unit`, `item_order`, as sent
    /// (absent keys `""`, as the CRM's NULLs read back through the module).
    pub values: [String; 6],
}

/// The columns of a stored line after its id and owner, in [`Line::values`] order; the
/// keys they are sent under are the same but `order` (`item_order`).
pub(crate) const LINE_COLUMNS: [&str; 6] = [
    "description",
    "long_description",
    "qty",
    "rate",
    "unit",
    "item_order",
];

/// Field errors in the order the module checks them: field name to message.
pub(crate) type FieldErrors = Vec<(String, String)>;

/// Why a form cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Form validation failed (404 with the field map).
    Fields(FieldErrors),
    /// A date not in the CRM's format: the real server fails with an empty 500.
    BadDate,
    /// A line without a description: the real server's insert fails (NULL into a NOT NULL
    /// column), and it answers with its database exception page.
    SqlError,
}

/// The most attachments one request may carry, as PHP's `max_file_uploads` (20 by default).
pub(crate) const MAX_FILES: usize = 20;

/// Checks a form for a create or an update of `resource` as `module` does: mandatory fields
/// on create only (an update changes only the fields it names), unknown fields ignored. A
/// body past PHP's `max_input_vars` or `max_file_uploads` is refused (the sandbox's bounds).
pub(crate) fn check(
    module: Module,
    resource: Resource,
    operation: Operation,
    form: &Form,
) -> Result<Input, Invalid> {
    if let Some(errors) = over_limits(form) {
        return Err(Invalid::Fields(errors));
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
    // CodeIgniter names a rule on a list `name[]`, and so does its error map.
    let rule_key = |field: &'static str| -> String {
        match specs.iter().find(|s| s.name == field).map(|s| s.kind) {
            Some(FieldKind::NumberList | FieldKind::NewLines | FieldKind::Lines) => format!("{field}[]"),
            _ => field.to_owned(),
        }
    };
    for rule in rules(module, resource, operation) {
        if is_blank(form.get(rule.field)) {
            error(&rule_key(rule.field), field_required(rule.label));
        }
    }
    let crm = crate::crm::of(resource);
    let mut bad_date = false;
    let mut sql_error = false;
    for (name, raw) in &form.fields {
        // Unknown names (and the id in a body) are ignored, as the real server does; so are
        // fields an update may not change.
        let Some(spec) = specs
            .iter()
            .find(|s| s.name == name && s.kind != FieldKind::Files)
        else {
            continue;
        };
        if operation == Operation::Update && crm.writable.is_some_and(|w| !w.contains(&spec.name)) {
            continue;
        }
        // The parent's id is stored in the parent's column (contacts: `customer_id` in `userid`).
        let column = match crm.parent {
            Some(key) if key.field == spec.name => key.column,
            _ => spec.name,
        };
        let label = resource.label(spec.name);
        match (spec.kind, raw) {
            (FieldKind::NumberList, Raw::List(items)) if spec.name == REMOVED_LINES => {
                input.removed_lines = items.iter().filter_map(|i| i.trim().parse().ok()).collect();
            }
            (FieldKind::Text, Raw::Text(t)) => input.columns.push((column, stored_text(spec, t))),
            (FieldKind::Number, Raw::Text(t)) => match t.trim() {
                n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    input.columns.push((column, n.to_owned()))
                }
                _ => error(spec.name, field_integer(&label)),
            },
            (FieldKind::Date, Raw::Text(t)) if t.trim().is_empty() => {
                input.columns.push((column, String::new()))
            }
            (FieldKind::Date, Raw::Text(t)) => match parse_date(t.trim()) {
                Some(date) => input.columns.push((column, date)),
                None => bad_date = true,
            },
            // A checkbox counts as checked whatever its value, as on the real server.
            (FieldKind::Flag, Raw::Text(_)) => input.columns.push((column, "1".to_owned())),
            (FieldKind::NumberList, Raw::List(items)) => {
                if items
                    .iter()
                    .all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
                {
                    input.lists.push((spec.name, items.clone()));
                } else {
                    error(spec.name, field_integers(&label));
                }
            }
            // PHP keeps a plain `groups_in=1` as a string; the module then treats it as one id.
            (FieldKind::NumberList, Raw::Text(t)) if t.bytes().all(|b| b.is_ascii_digit()) => {
                let items = if t.is_empty() { vec![] } else { vec![t.clone()] };
                input.lists.push((spec.name, items));
            }
            // An empty JSON array: no lines, as PHP loops over none.
            (FieldKind::NewLines | FieldKind::Lines, Raw::List(none)) if none.is_empty() => {}
            (FieldKind::NewLines | FieldKind::Lines, Raw::Rows(rows)) => {
                let kept = spec.kind == FieldKind::Lines;
                for (_, values) in rows {
                    match line(values, kept) {
                        Some(line) => input.lines.push(line),
                        None => sql_error = true,
                    }
                }
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
    // Unchecked boxes are not sent at all, so an absent flag is off on create (the CRM's
    // models set `isset($data[flag]) ? 1 : 0`).
    if operation == Operation::Create {
        for spec in specs.iter().filter(|s| s.kind == FieldKind::Flag) {
            if form.get(spec.name).is_none() {
                input.columns.push((spec.name, "0".to_owned()));
            }
        }
    }
    // Attachments are stored on create of the resources that take them; other file parts
    // are ignored, as the real server ignores what it does not read.
    let takes_files = specs.iter().any(|s| s.kind == FieldKind::Files);
    if takes_files && operation == Operation::Create {
        input.files = form.files.clone();
    }
    if !errors.is_empty() {
        return Err(Invalid::Fields(errors));
    }
    if bad_date {
        return Err(Invalid::BadDate);
    }
    if sql_error {
        return Err(Invalid::SqlError);
    }
    Ok(input)
}

/// The mandatory-field rules a create or an update of `resource` is checked against on
/// `module`, in their declared order (CodeIgniter's order of errors).
pub(crate) fn rules(module: Module, resource: Resource, operation: Operation) -> Vec<&'static FieldRule> {
    match operation {
        Operation::Create => resource.required_on(module).collect(),
        _ => resource.required_on_update(module).collect(),
    }
}

/// A sent line as stored: `None` without a description (the CRM's insert fails). A kept
/// line's `itemid` names the row it updates; a new line's is ignored.
fn line(values: &[(String, Raw)], kept: bool) -> Option<Line> {
    let text = |key: &str| match values.iter().find(|(k, _)| k == key) {
        Some((_, Raw::Text(t))) => Some(remove_script_tags(t)),
        _ => None,
    };
    let description = text("description")?;
    let mut line = Line {
        itemid: if kept {
            text("itemid").and_then(|id| id.trim().parse().ok())
        } else {
            None
        },
        ..Line::default()
    };
    line.values[0] = description;
    for (i, column) in LINE_COLUMNS.iter().enumerate().skip(1) {
        let key = if *column == "item_order" { "order" } else { column };
        line.values[i] = text(key).unwrap_or_default();
    }
    Some(line)
}

/// The error of a body past PHP's `max_input_vars` or `max_file_uploads`, which the sandbox
/// refuses on every resource, contacts included.
pub(crate) fn over_limits(form: &Form) -> Option<FieldErrors> {
    let (field, message) = if form.excess > 0 {
        (
            "max_input_vars",
            format!(
                "The body has more than {MAX_INPUT_VARS} input values; like PHP (max_input_vars), \
                 the sandbox reads no more."
            ),
        )
    } else if form.files.len() + form.stray_files.len() > MAX_FILES {
        (
            "file",
            format!("At most {MAX_FILES} attachments per request (PHP's max_file_uploads)."),
        )
    } else {
        return None;
    };
    Some(vec![(field.to_owned(), message)])
}

fn is_blank(raw: Option<&Raw>) -> bool {
    match raw {
        None => true,
        Some(Raw::Text(t)) => t.trim().is_empty(),
        Some(Raw::List(l)) => l.is_empty(),
        Some(Raw::Custom(c)) => c.is_empty(),
        Some(Raw::Rows(r)) => r.is_empty(),
    }
}

/// Mandatory fields are trimmed (their rules have `trim`); others are stored as sent. Both
/// pass the CRM's XSS filter, which stores `<script>` tags as `[removed]`.
fn stored_text(spec: &FieldSpec, text: &str) -> String {
    let text = if spec.required { text.trim() } else { text };
    remove_script_tags(text)
}

/// `<script ...>` and `</script>` (any letter case) become `[removed]`.
pub(crate) fn remove_script_tags(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut from = 0;
    while let Some(found) = ["<script", "</script"]
        .iter()
        .filter_map(|tag| lower[from..].find(tag).map(|i| from + i))
        .min()
    {
        let Some(close) = lower[found..].find('>') else {
            break;
        };
        out.push_str(&text[rest..found]);
        out.push_str("[removed]");
        rest = found + close + 1;
        from = rest;
    }
    out.push_str(&text[rest..]);
    out
}

fn expected(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::NumberList => "a list of integers (name[]=1&name[]=2)",
        FieldKind::CustomFields => "custom_fields[fieldto][field_id] values",
        _ => "a single value",
    }
}

/// A date in the CRM's default format, `2019-07-30` (the document's `30/07/2019` is not
/// read: the real server fails on it); `None` for anything else or an impossible date.
pub(crate) fn parse_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
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

/// A 3.x date filter value: `2026-01-31` or `2026-01-31 23:59:59`.
pub(crate) fn parse_filter_date(text: &str) -> Option<String> {
    let (date, time) = match text.split_once(' ') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let date = parse_date(date)?;
    match time {
        None => Some(date),
        Some(time) => {
            let parts: Vec<&str> = time.split(':').collect();
            let ok = parts.len() == 3
                && parts
                    .iter()
                    .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
                && parts[0] < "24"
                && parts[1] < "60"
                && parts[2] < "60";
            ok.then(|| format!("{date} {time}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::parse_urlencoded;

    #[test]
    fn dates_in_the_crm_format_only() {
        assert_eq!(parse_date("2019-07-30").as_deref(), Some("2019-07-30"));
        assert_eq!(parse_date("30/07/2019"), None);
        assert_eq!(parse_date("2019-02-29"), None);
        assert_eq!(parse_date("2019-13-01"), None);
        assert_eq!(parse_date("x"), None);
        assert_eq!(
            parse_filter_date("2026-01-31 23:59:59").as_deref(),
            Some("2026-01-31 23:59:59")
        );
        assert_eq!(parse_filter_date("notadate"), None);
        assert_eq!(parse_filter_date("2026-01-31 25:00:00"), None);
    }

    #[test]
    fn mandatory_fields_per_version_with_the_real_labels() {
        let form = parse_urlencoded(b"name=P");
        let Err(Invalid::Fields(errors)) = check(Module::V2, Resource::Projects, Operation::Create, &form)
        else {
            panic!()
        };
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["billing_type", "start_date", "status", "clientid"]);
        assert_eq!(errors[3].1, "The clientid field is required.");
        let lead = parse_urlencoded(b"name=L&source=1&status=1");
        assert!(check(Module::V1, Resource::Leads, Operation::Create, &lead).is_ok());
        let Err(Invalid::Fields(errors)) = check(Module::V3, Resource::Leads, Operation::Create, &lead)
        else {
            panic!()
        };
        assert_eq!(
            errors,
            [(
                "assigned".to_owned(),
                "The Assigned field is required.".to_owned()
            )]
        );
    }

    #[test]
    fn script_tags_are_removed() {
        assert_eq!(
            remove_script_tags("<b>bold</b><script>x()</script>"),
            "<b>bold</b>[removed]x()[removed]"
        );
        assert_eq!(remove_script_tags("<SCRIPT src=a>"), "[removed]");
        assert_eq!(remove_script_tags("a < b <script"), "a < b <script");
    }

    #[test]
    fn updates_and_unknown_fields() {
        let form = parse_urlencoded(b"company=&bogus=1");
        let input = check(Module::V1, Resource::Customers, Operation::Update, &form).unwrap();
        assert_eq!(
            input.columns,
            [("company", String::new())],
            "no mandatory check, bogus dropped"
        );
        let form = parse_urlencoded(b"name=P&clientid=1&billing_type=1&start_date=30/07/2019&status=1");
        assert_eq!(
            check(Module::V1, Resource::Projects, Operation::Create, &form),
            Err(Invalid::BadDate)
        );
        let form = parse_urlencoded(b"subject=S&department=1&contactid=1");
        assert!(
            check(Module::V3, Resource::Tickets, Operation::Create, &form).is_ok(),
            "userid not mandatory"
        );
    }
}
