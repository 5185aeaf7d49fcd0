// The customer the benchmark creates: every input field of `createCustomer` filled, so that
// rows carry all their columns (plus the sandbox's `groups_in` and `custom_fields`).

/**
 * The typed input of customer number `i`, as pmp-client takes it.
 * @param {number} i
 */
export function customerInput(i) {
  const place = (/** @type {string} */ kind) => `${kind} ${i}, Long Street ${i % 97}`;
  return {
    company: `Bench Company ${i} Ltd`,
    vat: `VAT-${100000 + i}`,
    phonenumber: `+1 555 01${String(i).padStart(4, "0")}`,
    website: `https://company-${i}.example.com`,
    groups_in: [1, 4],
    default_language: "english",
    default_currency: "1",
    address: place("Office"),
    city: "Springfield",
    state: "Oregon",
    zip: String(97000 + (i % 1000)),
    country: "236",
    billing_street: place("Billing"),
    billing_city: "Springfield",
    billing_state: "Oregon",
    billing_zip: "97001",
    billing_country: "236",
    shipping_street: place("Shipping"),
    shipping_city: "Portland",
    shipping_state: "Oregon",
    shipping_zip: "97201",
    shipping_country: "236",
    custom_fields: { customers: { 1: `custom value ${i}` } },
  };
}

/**
 * The same input as the form fields a real server reads (PHP's `$_POST`): lists as repeated
 * `name[]` fields, custom fields as `custom_fields[fieldto][id]`. What a hand-written fetch
 * caller (and an openapi-fetch caller, whose form serializer is the user's) must produce.
 * @param {ReturnType<typeof customerInput>} input
 */
export function customerForm(input) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(input)) {
    if (Array.isArray(value)) {
      for (const item of value) form.append(`${name}[]`, String(item));
    } else if (name === "custom_fields") {
      for (const [fieldto, fields] of Object.entries(value)) {
        for (const [id, text] of Object.entries(fields)) form.append(`custom_fields[${fieldto}][${id}]`, text);
      }
    } else {
      form.append(name, String(value));
    }
  }
  return form;
}
