// The custom fields' `options` and `value`: JSON texts inside the JSON when the field has
// options (`"[\"a\",\"b\"]"`), decoded by the rule of pmp-core's `CustomField` (the Rust
// client's): each element trimmed, empty ones dropped (`"[\"\"]"`: nothing stored); a field
// without options keeps its text. The wire's members stay as sent; the decoded ones are
// `decoded_options` and `decoded_value`. A text that is not a JSON array of strings rejects
// the call with kind `decode`, naming the row and the field, never the text.
import { PmpError } from "./common.js";

/** Adds `decoded_options` and `decoded_value` to each of `rows` (a successful answer's). */
export function decodeCustomFields(rows, status, attempts) {
  rows.forEach((row, at) => {
    delete row.decoded_options;
    delete row.decoded_value;
    const withOptions = row.options !== undefined && row.options !== null;
    const list = (what) => {
      let items;
      try {
        items = JSON.parse(row[what]);
      } catch {
        items = undefined;
      }
      if (typeof row[what] !== "string" || !Array.isArray(items) || !items.every((i) => typeof i === "string")) {
        const message = `expected an array of rows; at \`[${at}]\`: custom field \`${row.custom_field_id ?? ""}\`: its \`${what}\` is not the JSON text of an array of strings`;
        throw new PmpError({ kind: "decode", message, status, attempts });
      }
      return items.map((i) => i.trim()).filter((i) => i !== "");
    };
    if (withOptions) row.decoded_options = list("options");
    if (row.value !== undefined && row.value !== null) row.decoded_value = withOptions ? list("value") : row.value;
  });
}
