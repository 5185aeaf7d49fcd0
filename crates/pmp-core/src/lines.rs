//! Line items of invoices and estimates: the typed input, how it goes on the wire, and the
//! totals the client computes from it.
//!
//! # The rule of this file
//! Everything about a sales document's lines lives here: the [`LineItem`] model, its checks,
//! its form (`newitems[1][description]`, `newitems[1][taxname][]`) and JSON encodings, and
//! the arithmetic of `subtotal` and `total`. The declaration (`resources.rs`) only names the
//! fields: a [`FieldKind::NewLines`] field holds lines to add, a [`FieldKind::Lines`] field
//! the existing lines an update keeps (each with its `itemid`), and an input that has both
//! `subtotal` and `total` gets them computed when the caller leaves them out.
//!
//! Why the client computes totals: 2.0.8 requires `subtotal` and `total` (decimal, above 0)
//! and never computes them; 3.0.3 computes missing ones but validates a copy of the input
//! taken before it does, so it refuses them too (wire/MODULE-SOURCE.md). The formula is
//! 3.0.3's own (`api_autocalculate_totals`): the sum of `qty × rate`, each line's taxes
//! (`NAME|RATE`, percent of the line), less the discount (`discount_percent` of the subtotal,
//! else `discount_total`), plus `adjustment`, rounded half away from zero to cents; caller
//! values win. It is done in exact decimals, not floats: `0.1 × 3` is `0.30`. A decimal crate
//! would do the same in tens of kilobytes of wasm; the four operations needed fit here.

use serde::{Deserialize, Serialize};

use crate::catalogue::Operation;
use crate::error::{decimal, text, PmpError};
use crate::fields::{FieldKind, InputRecord, InputValue, ToInputValue};
use crate::untyped::UntypedValue;

/// One line of an invoice or an estimate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct LineItem {
    /// The id of an existing line (the `id` of a get's `items[]`): set on the lines of an
    /// update's `items`, which keep them, and never on new lines (`newitems`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "number | string"))]
    pub itemid: Option<u64>,
    /// What the line is for (mandatory).
    pub description: String,
    /// A longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub long_description: Option<String>,
    /// Quantity, a decimal (`"2"`, `"1.5"`; in JavaScript also a number).
    #[cfg_attr(feature = "tsify", tsify(type = "number | string"))]
    pub qty: String,
    /// Price of one unit, a decimal.
    #[cfg_attr(feature = "tsify", tsify(type = "number | string"))]
    pub rate: String,
    /// Unit name (`hours`, `pcs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub unit: Option<String>,
    /// Position on the document, from 1 (default: the line's place in the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "number | string"))]
    pub order: Option<u64>,
    /// The line's taxes as the CRM names them: `NAME|RATE` (`VAT|19.00`), the rate a percent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub taxname: Vec<String>,
}

impl LineItem {
    /// A new line: `qty` units of `description` at `rate` each, untaxed.
    pub fn new(description: impl Into<String>, qty: impl Into<String>, rate: impl Into<String>) -> Self {
        LineItem {
            description: description.into(),
            qty: qty.into(),
            rate: rate.into(),
            ..LineItem::default()
        }
    }

    /// The lines of a get's `items` (an invoice's or an estimate's, as the server sends
    /// them) as the kept lines of an update: each line's `id` becomes its `itemid`, its
    /// `item_order` its `order`. Items without an id are left out. A line's taxes are not
    /// in `items`: set `taxname` on the lines that have some.
    pub fn kept(items: &serde_json::Value) -> Vec<LineItem> {
        let text = |item: &serde_json::Value, key: &str| match &item[key] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let number = |item: &serde_json::Value, key: &str| text(item, key)?.trim().parse::<u64>().ok();
        items
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| {
                Some(LineItem {
                    itemid: Some(number(item, "id")?),
                    description: text(item, "description").unwrap_or_default(),
                    long_description: text(item, "long_description"),
                    qty: text(item, "qty").unwrap_or_default(),
                    rate: text(item, "rate").unwrap_or_default(),
                    unit: text(item, "unit"),
                    order: number(item, "item_order"),
                    taxname: Vec::new(),
                })
            })
            .collect()
    }

    /// The same line with a tax (`NAME|RATE`).
    pub fn taxed(mut self, tax: impl Into<String>) -> Self {
        self.taxname.push(tax.into());
        self
    }
}

impl ToInputValue for Vec<LineItem> {
    fn to_input_value(&self) -> Option<InputValue> {
        Some(InputValue::Lines(self.clone()))
    }
}

/// The keys of a line, in the order the wire carries them.
const KEYS: [&str; 8] = [
    "itemid",
    "description",
    "long_description",
    "qty",
    "rate",
    "unit",
    "order",
    "taxname",
];

/// The lines of an untyped value (an array of objects with [`LineItem`]'s keys): `Err` with
/// what is wrong, naming the line (`newitems[2]`) and the key.
pub(crate) fn read_lines<V: UntypedValue>(field: &str, value: &V) -> Result<Vec<LineItem>, PmpError> {
    let mut lines = Vec::new();
    let mut failed = None;
    let array = value.each_item(&mut |item| {
        let at = text(&[field, "[", &decimal(lines.len() as u64 + 1), "]"]);
        match read_line(&at, &item) {
            Ok(line) => {
                lines.push(line);
                true
            }
            Err(error) => {
                failed = Some(error);
                false
            }
        }
    });
    if !array {
        return Err(PmpError::invalid_input(text(&[
            "field `",
            field,
            "` must be an array of line objects ({ description, qty, rate, ... })",
        ])));
    }
    failed.map_or(Ok(lines), Err)
}

fn read_line<V: UntypedValue>(at: &str, value: &V) -> Result<LineItem, PmpError> {
    let mut line = LineItem::default();
    let mut failed = None;
    let object = value.each_entry(&mut |key, v| {
        if v.is_absent() {
            return true;
        }
        let wrong = |what: &str| PmpError::invalid_input(text(&[at, ".", &key, " must be ", what]));
        let read = match key.as_str() {
            "itemid" => v
                .number()
                .map(|n| line.itemid = Some(n))
                .ok_or_else(|| wrong("a line id")),
            "order" => v
                .number()
                .map(|n| line.order = Some(n))
                .ok_or_else(|| wrong("a position from 1")),
            "description" => v
                .text()
                .map(|t| line.description = t)
                .ok_or_else(|| wrong("a string")),
            "long_description" => v
                .text()
                .map(|t| line.long_description = Some(t))
                .ok_or_else(|| wrong("a string")),
            "unit" => v
                .text()
                .map(|t| line.unit = Some(t))
                .ok_or_else(|| wrong("a string")),
            "qty" => v.text().map(|t| line.qty = t).ok_or_else(|| wrong("a decimal")),
            "rate" => v.text().map(|t| line.rate = t).ok_or_else(|| wrong("a decimal")),
            "taxname" => {
                let mut taxes = Vec::new();
                let mut all = true;
                let array = v.each_item(&mut |tax| match tax.string() {
                    Some(t) => {
                        taxes.push(t);
                        true
                    }
                    None => {
                        all = false;
                        false
                    }
                });
                match (array, all, v.string()) {
                    (true, true, _) => {
                        line.taxname = taxes;
                        Ok(())
                    }
                    (false, _, Some(one)) => {
                        line.taxname = vec![one];
                        Ok(())
                    }
                    _ => Err(wrong("an array of `NAME|RATE` strings")),
                }
            }
            _ => Err(PmpError::invalid_input(text(&[
                at,
                ": unknown key `",
                &key,
                "` (a line has ",
                &KEYS.join(", "),
                ")",
            ]))),
        };
        match read {
            Ok(()) => true,
            Err(error) => {
                failed = Some(error);
                false
            }
        }
    });
    if !object {
        return Err(PmpError::invalid_input(text(&[at, " must be a line object"])));
    }
    failed.map_or(Ok(line), Err)
}

/// Checks the lines of field `field` of kind `kind` for `operation`: a description and
/// decimal `qty` and `rate` on every line, taxes as `NAME|RATE`, an `itemid` on the lines
/// an update keeps and on no new line; kept lines on updates only.
pub(crate) fn check_lines(
    field: &str,
    kind: FieldKind,
    lines: &[LineItem],
    operation: Operation,
) -> Result<(), PmpError> {
    let keeping = kind == FieldKind::Lines;
    if keeping && operation != Operation::Update {
        return Err(PmpError::invalid_input(text(&[
            "field `",
            field,
            "` (the lines a document keeps) is sent on update only: put new lines in `newitems`",
        ])));
    }
    for (i, line) in lines.iter().enumerate() {
        let at = text(&[field, "[", &decimal(i as u64 + 1), "]"]);
        let refuse = |what: &str| Err(PmpError::invalid_input(text(&[&at, what])));
        if line.description.trim().is_empty() {
            return refuse(": `description` is mandatory");
        }
        if parse_amount(&line.qty).is_none() {
            return refuse(".qty must be a decimal (`2`, `1.5`; at most 6 decimals)");
        }
        if parse_amount(&line.rate).is_none() {
            return refuse(".rate must be a decimal (`10`, `99.95`; at most 6 decimals)");
        }
        if line.taxname.iter().any(|t| tax_rate(t).is_none()) {
            return refuse(".taxname must hold `NAME|RATE` strings (`VAT|19.00`)");
        }
        match (keeping, line.itemid) {
            (true, None) => {
                return refuse(": a kept line needs its `itemid` (the line's `id` in the get's `items`)")
            }
            (false, Some(_)) => {
                return refuse(": a new line has no `itemid` (lines that exist go in `items` on update)")
            }
            _ => {}
        }
    }
    Ok(())
}

/// The rate of a tax written `NAME|RATE` (what follows the last `|`).
fn tax_rate(tax: &str) -> Option<i128> {
    let (name, rate) = tax.rsplit_once('|')?;
    (!name.trim().is_empty()).then_some(())?;
    parse_amount(rate)
}

/// Millionths: the unit of a parsed decimal.
const MICRO: i128 = 1_000_000;

/// A decimal text (`-12.5`, `3`, `.75`) in millionths; `None` for anything else, more than six
/// decimals or more than 18 digits before the point.
fn parse_amount(text: &str) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || whole.len() > 18
        || fraction.len() > 6
        || !all_digits(whole)
        || !all_digits(fraction)
    {
        return None;
    }
    let number = |s: &str| s.bytes().fold(0i128, |n, d| n * 10 + i128::from(d - b'0'));
    let scale = 10i128.pow(6 - fraction.len() as u32);
    let value = number(whole) * MICRO + number(fraction) * scale;
    Some(if negative { -value } else { value })
}

/// A value in units of 10⁻²⁰ as cents text (`12.35`), rounded half away from zero.
fn cents_text(value: i128) -> String {
    const PER_CENT: i128 = 1_000_000_000_000_000_000; // 10⁻²⁰ units in a cent
    let magnitude = value.unsigned_abs();
    let cents = (magnitude + PER_CENT as u128 / 2) / PER_CENT as u128;
    let sign = if value < 0 && cents > 0 { "-" } else { "" };
    let whole = decimal((cents / 100) as u64);
    let fraction = (cents % 100) as u64;
    let pad = if fraction < 10 { "0" } else { "" };
    text(&[sign, &whole, ".", pad, &decimal(fraction)])
}

/// The field names of a sales document's amounts.
const SUBTOTAL: &str = "subtotal";
const TOTAL: &str = "total";
const DISCOUNT_PERCENT: &str = "discount_percent";
const DISCOUNT_TOTAL: &str = "discount_total";
const ADJUSTMENT: &str = "adjustment";
/// The input field of an update's removed lines (their ids).
pub const REMOVED_LINES: &str = "removed_items";

/// Whether the input of `resource` gets `subtotal` and `total` computed: it has them and a
/// field of new lines.
pub(crate) fn computes_totals(resource: crate::resources::Resource) -> bool {
    let fields = resource.input_fields();
    let has = |name: &str| fields.iter().any(|f| f.name == name);
    has(SUBTOTAL) && has(TOTAL) && fields.iter().any(|f| f.kind == FieldKind::NewLines)
}

/// Whether field `name` of `resource`'s input is an amount the client computes when left
/// out (`subtotal`, `total`): optional in the input, though the server requires it.
pub fn is_computed(resource: crate::resources::Resource, name: &str) -> bool {
    computes_totals(resource) && (name == SUBTOTAL || name == TOTAL)
}

/// Fills in `subtotal` and `total` (and `discount_total` from a `discount_percent`) of a
/// record whose resource has them and line fields, where the caller left them out: from
/// the new lines on create, from the kept and the new lines on update (less those in
/// `removed_items`). A record without lines is left as it is; lines are checked first
/// ([`check_lines`]).
pub(crate) fn fill_totals(record: &mut InputRecord, operation: Operation) -> Result<(), PmpError> {
    let fields = record.resource().input_fields();
    let has = |name: &str| fields.iter().any(|f| f.name == name);
    if !computes_totals(record.resource()) {
        return Ok(());
    }
    for (spec, value) in record.values() {
        if let InputValue::Lines(lines) = value {
            check_lines(spec.name, spec.kind, lines, operation)?;
        }
    }
    let removed: Vec<u64> = match record.value(REMOVED_LINES) {
        Some(InputValue::NumberList(ids)) => ids.clone(),
        _ => Vec::new(),
    };
    let mut any_line = false;
    let mut subtotal: i128 = 0; // 10⁻¹² units (millionths times millionths)
    let mut taxes: i128 = 0; // 10⁻²⁰ units
    for (_, value) in record.values() {
        let InputValue::Lines(lines) = value else { continue };
        for line in lines
            .iter()
            .filter(|l| !l.itemid.is_some_and(|id| removed.contains(&id)))
        {
            any_line = true;
            let amount = parse_amount(&line.qty)
                .zip(parse_amount(&line.rate))
                .and_then(|(q, r)| q.checked_mul(r))
                .ok_or_else(too_large)?;
            subtotal = subtotal.checked_add(amount).ok_or_else(too_large)?;
            for tax in &line.taxname {
                let rate = tax_rate(tax).ok_or_else(too_large)?;
                // 10⁻¹² × 10⁻⁶ = 10⁻¹⁸ units of a percent: 10⁻²⁰ units of the amount.
                let tax = amount.checked_mul(rate).ok_or_else(too_large)?;
                taxes = taxes.checked_add(tax).ok_or_else(too_large)?;
            }
        }
    }
    if !any_line {
        return Ok(());
    }
    let amount_of = |record: &InputRecord, name: &str| match record.value(name) {
        Some(InputValue::Text(t)) if !t.trim().is_empty() => parse_amount(t).map(Some).ok_or_else(|| {
            PmpError::invalid_input(text(&[
                "field `",
                name,
                "` must be a decimal (at most 6 decimals)",
            ]))
        }),
        _ => Ok(None),
    };
    const TO_20: i128 = 100_000_000; // 10⁻¹² units to 10⁻²⁰
    let subtotal_20 = subtotal.checked_mul(TO_20).ok_or_else(too_large)?;
    let percent = amount_of(record, DISCOUNT_PERCENT)?.filter(|p| *p > 0);
    let discount = match (percent, amount_of(record, DISCOUNT_TOTAL)?) {
        (Some(p), given) => {
            // 10⁻¹² × 10⁻⁶ / 100 = 10⁻²⁰.
            let discount = subtotal.checked_mul(p).ok_or_else(too_large)?;
            if given.is_none() && has(DISCOUNT_TOTAL) {
                record.set(DISCOUNT_TOTAL, InputValue::Text(cents_text(discount)))?;
            }
            discount
        }
        (None, Some(d)) => d.checked_mul(100_000_000_000_000).ok_or_else(too_large)?,
        (None, None) => 0,
    };
    let adjustment = amount_of(record, ADJUSTMENT)?
        .unwrap_or(0)
        .checked_mul(100_000_000_000_000)
        .ok_or_else(too_large)?;
    let total = subtotal_20
        .checked_sub(discount)
        .and_then(|t| t.checked_add(taxes))
        .and_then(|t| t.checked_add(adjustment))
        .ok_or_else(too_large)?;
    if amount_of(record, SUBTOTAL)?.is_none() {
        record.set(SUBTOTAL, InputValue::Text(cents_text(subtotal_20)))?;
    }
    if amount_of(record, TOTAL)?.is_none() {
        record.set(TOTAL, InputValue::Text(cents_text(total)))?;
    }
    Ok(())
}

fn too_large() -> PmpError {
    PmpError::invalid_input("the lines' amounts are too large to add up")
}

/// The form fields of lines: `name[1][description]`, ..., `name[1][taxname][]`, lines
/// numbered from 1 as the CRM's own forms number them. Every key is sent (an absent
/// `long_description` or `unit` as `""`, an absent `order` as the line's place), because
/// the module reads each one.
pub(crate) fn form_fields(name: &str, lines: &[LineItem], field: &mut dyn FnMut(String, String)) {
    for (i, line) in lines.iter().enumerate() {
        let n = decimal(i as u64 + 1);
        let key = |k: &str| text(&[name, "[", &n, "][", k, "]"]);
        if let Some(id) = line.itemid {
            field(key("itemid"), decimal(id));
        }
        field(key("description"), line.description.clone());
        field(
            key("long_description"),
            line.long_description.clone().unwrap_or_default(),
        );
        field(key("qty"), line.qty.trim().to_owned());
        field(key("rate"), line.rate.trim().to_owned());
        field(key("unit"), line.unit.clone().unwrap_or_default());
        field(key("order"), decimal(line.order.unwrap_or(i as u64 + 1)));
        for tax in &line.taxname {
            field(text(&[&key("taxname"), "[]"]), tax.clone());
        }
    }
}

/// The JSON array of lines (for PUT bodies), each with every key as [`form_fields`] sends
/// them, keys in name order as serde_json writes them; `string` writes one JSON string literal.
pub(crate) fn json_array(lines: &[LineItem], out: &mut String, string: fn(&mut String, &str)) {
    out.push('[');
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let pair = |out: &mut String, key: &str, value: &str| {
            string(out, key);
            out.push(':');
            string(out, value);
            out.push(',');
        };
        out.push('{');
        pair(out, "description", &line.description);
        if let Some(id) = line.itemid {
            out.push_str("\"itemid\":");
            out.push_str(&decimal(id));
            out.push(',');
        }
        pair(
            out,
            "long_description",
            line.long_description.as_deref().unwrap_or(""),
        );
        out.push_str("\"order\":");
        out.push_str(&decimal(line.order.unwrap_or(i as u64 + 1)));
        out.push(',');
        pair(out, "qty", line.qty.trim());
        pair(out, "rate", line.rate.trim());
        out.push_str("\"taxname\":[");
        for (j, tax) in line.taxname.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            string(out, tax);
        }
        out.push_str("],");
        string(out, "unit");
        out.push(':');
        string(out, line.unit.as_deref().unwrap_or(""));
        out.push('}');
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resource;

    #[test]
    fn decimals_are_exact_and_bounded() {
        assert_eq!(parse_amount("1.5"), Some(1_500_000));
        assert_eq!(parse_amount("-0.25"), Some(-250_000));
        assert_eq!(parse_amount(".75"), Some(750_000));
        assert_eq!(parse_amount("10"), Some(10 * MICRO));
        for bad in ["", ".", "1.2345678", "1e3", "abc", "1,5", "--1", "1.2.3"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
        assert_eq!(tax_rate("VAT|19.00"), Some(19 * MICRO));
        assert_eq!(tax_rate("A|B|7.5"), Some(7_500_000));
        assert_eq!(tax_rate("|19"), None);
        assert_eq!(tax_rate("VAT 19"), None);
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        let e18 = 1_000_000_000_000_000_000i128;
        assert_eq!(cents_text(1234 * e18), "12.34");
        assert_eq!(cents_text(5 * e18 / 10), "0.01");
        assert_eq!(cents_text(4 * e18 / 10), "0.00");
        assert_eq!(cents_text(-5 * e18 / 10), "-0.01");
        assert_eq!(cents_text(-4 * e18 / 10), "0.00");
        assert_eq!(cents_text(100_007 * e18), "1000.07");
    }

    fn invoice(lines: Vec<LineItem>, extra: &[(&str, &str)]) -> InputRecord {
        let mut record = InputRecord::new(Resource::Invoices);
        record.set("newitems", InputValue::Lines(lines)).unwrap();
        for (name, value) in extra {
            record.set(name, InputValue::Text((*value).to_owned())).unwrap();
        }
        record
    }

    fn amount(record: &InputRecord, name: &str) -> Option<String> {
        match record.value(name) {
            Some(InputValue::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }

    #[test]
    fn totals_follow_the_modules_formula_in_exact_decimals() {
        // 3 × 0.1 is 0.30 exactly (in floats it is 0.30000000000000004).
        let mut record = invoice(
            vec![
                LineItem::new("Pens", "3", "0.1"),
                LineItem::new("Design", "1.5", "80")
                    .taxed("VAT|19.00")
                    .taxed("City|1.5"),
            ],
            &[("adjustment", "-0.30"), ("discount_percent", "10")],
        );
        fill_totals(&mut record, Operation::Create).unwrap();
        // subtotal 120.30; taxes 120 × 20.5% = 24.60; discount 12.03; total 120.30 - 12.03 + 24.60 - 0.30.
        assert_eq!(amount(&record, "subtotal").as_deref(), Some("120.30"));
        assert_eq!(amount(&record, "discount_total").as_deref(), Some("12.03"));
        assert_eq!(amount(&record, "total").as_deref(), Some("132.57"));
    }

    #[test]
    fn caller_amounts_win_and_a_fixed_discount_counts() {
        let mut record = invoice(
            vec![LineItem::new("Hosting", "12", "9.99")],
            &[("total", "100.00"), ("discount_total", "19.88")],
        );
        fill_totals(&mut record, Operation::Create).unwrap();
        assert_eq!(amount(&record, "subtotal").as_deref(), Some("119.88"));
        assert_eq!(amount(&record, "total").as_deref(), Some("100.00"));
        let mut record = invoice(
            vec![LineItem::new("Hosting", "12", "9.99")],
            &[("discount_total", "19.88")],
        );
        fill_totals(&mut record, Operation::Create).unwrap();
        assert_eq!(amount(&record, "total").as_deref(), Some("100.00"));
    }

    #[test]
    fn an_update_adds_kept_and_new_lines_less_removed_ones() {
        let mut record = InputRecord::new(Resource::Invoices);
        let kept = |id: u64, rate: &str| LineItem {
            itemid: Some(id),
            ..LineItem::new("Kept", "1", rate)
        };
        record
            .set("items", InputValue::Lines(vec![kept(7, "10"), kept(8, "1000")]))
            .unwrap();
        record
            .set(
                "newitems",
                InputValue::Lines(vec![LineItem::new("New", "2", "2.5")]),
            )
            .unwrap();
        record
            .set("removed_items", InputValue::NumberList(vec![8]))
            .unwrap();
        fill_totals(&mut record, Operation::Update).unwrap();
        assert_eq!(amount(&record, "subtotal").as_deref(), Some("15.00"));
        assert_eq!(amount(&record, "total").as_deref(), Some("15.00"));
        // No lines at all: nothing is made up.
        let mut bare = InputRecord::new(Resource::Invoices);
        bare.set("adminnote", InputValue::Text("x".into())).unwrap();
        fill_totals(&mut bare, Operation::Update).unwrap();
        assert_eq!(amount(&bare, "total"), None);
    }

    #[test]
    fn lines_are_checked_with_the_line_and_key_named() {
        let check = |kind, lines: Vec<LineItem>, op| check_lines("newitems", kind, &lines, op);
        let good = LineItem::new("Pens", "3", "0.1");
        assert!(check(FieldKind::NewLines, vec![good.clone()], Operation::Create).is_ok());
        let cases = [
            (
                LineItem {
                    description: " ".into(),
                    ..good.clone()
                },
                "newitems[1]: `description` is mandatory",
            ),
            (
                LineItem {
                    qty: "two".into(),
                    ..good.clone()
                },
                "newitems[1].qty must be a decimal",
            ),
            (
                LineItem {
                    rate: "".into(),
                    ..good.clone()
                },
                "newitems[1].rate must be a decimal",
            ),
            (good.clone().taxed("VAT"), "newitems[1].taxname must hold"),
            (
                LineItem {
                    itemid: Some(3),
                    ..good.clone()
                },
                "newitems[1]: a new line has no `itemid`",
            ),
        ];
        for (line, message) in cases {
            let err = check(FieldKind::NewLines, vec![good.clone(), line], Operation::Create).unwrap_err();
            let message = message.replace("[1]", "[2]");
            assert!(err.message.starts_with(&message), "{} / {message}", err.message);
        }
        let kept = check_lines(
            "items",
            FieldKind::Lines,
            std::slice::from_ref(&good),
            Operation::Update,
        )
        .unwrap_err();
        assert!(
            kept.message
                .starts_with("items[1]: a kept line needs its `itemid`"),
            "{}",
            kept.message
        );
        let on_create = check_lines("items", FieldKind::Lines, &[], Operation::Create).unwrap_err();
        assert!(
            on_create.message.contains("sent on update only"),
            "{}",
            on_create.message
        );
    }

    #[test]
    fn every_key_goes_on_the_wire() {
        let line = LineItem {
            long_description: Some("Blue".into()),
            ..LineItem::new("Pens", " 3 ", "0.1").taxed("VAT|19.00")
        };
        let mut fields = Vec::new();
        form_fields("newitems", std::slice::from_ref(&line), &mut |n, v| {
            fields.push(format!("{n}={v}"))
        });
        assert_eq!(
            fields,
            [
                "newitems[1][description]=Pens",
                "newitems[1][long_description]=Blue",
                "newitems[1][qty]=3",
                "newitems[1][rate]=0.1",
                "newitems[1][unit]=",
                "newitems[1][order]=1",
                "newitems[1][taxname][]=VAT|19.00",
            ]
        );
        let mut json = String::new();
        let kept = LineItem {
            itemid: Some(9),
            order: Some(4),
            ..line
        };
        json_array(&[kept], &mut json, |out, s| {
            out.push_str(&serde_json::to_string(s).unwrap())
        });
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!([{"itemid": 9, "description": "Pens", "long_description": "Blue",
                "qty": "3", "rate": "0.1", "unit": "", "order": 4, "taxname": ["VAT|19.00"]}])
        );
    }
}
