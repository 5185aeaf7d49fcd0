//! Component schemas: the row models and messages from pmp-core's utoipa derives, and the
//! request bodies of creates and updates built from `pmp_core::input_fields`, as they go on
//! the wire (the derived input schemas describe Rust values, not the wire: flags go as `on`,
//! lists as `name[]` form fields, files as `file[]` parts).

use pmp_core::{input_fields, FieldKind, FieldSpec, Resource};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::encoding::EncodingBuilder;
use utoipa::openapi::path::ParameterStyle;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{Content, KnownFormat, Ref, RefOr};
use utoipa::ToSchema;

/// Name of the error body schema.
pub(crate) const ERROR_BODY: &str = "ErrorBody";
/// Name of the write answer schema.
pub(crate) const API_MESSAGE: &str = "ApiMessage";

/// Every named schema of the document, sorted by name.
pub(crate) fn components() -> Vec<(String, RefOr<Schema>)> {
    use pmp_core::*;
    struct RowSchemaOf;
    impl RowVisitor for RowSchemaOf {
        type Output = (String, RefOr<Schema>);
        fn visit<T: Row>(self) -> Self::Output {
            open(derived::<T>(), ROW_NOTE)
        }
    }
    let mut all: Vec<_> = Resource::ALL.iter().map(|r| r.visit_row(RowSchemaOf)).collect();
    all.extend([
        open(
            derived::<ApiMessage>(),
            "Newer module versions add fields (`record_id`).",
        ),
        open(derived::<ErrorBody>(), "Newer module versions add fields."),
        derived_closed::<PageMeta>(),
        derived_closed::<LineItem>(),
        open(derived::<ExpenseCategory>(), ROW_NOTE),
        open(derived::<PaymentMode>(), GATEWAY_NOTE),
        open(derived::<Tax>(), ROW_NOTE),
        open(derived::<CustomField>(), CUSTOM_FIELD_NOTE),
        open(derived::<InvoiceSent>(), INVOICE_SENT_NOTE),
    ]);
    for resource in Resource::ALL {
        all.push((page_name(resource), page_schema(resource)));
    }
    for resource in Resource::ALL {
        all.push((json_name(resource), json_input(resource)));
        all.push((form_name(resource, false), form_input(resource, false)));
        if has_files(resource) {
            all.push((form_name(resource, true), form_input(resource, true)));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

const ROW_NOTE: &str = "Values are strings or `null`, as MySQL gives them (numbers and dates \
    included); installations and newer module versions add columns, so other properties may \
    appear.";

const GATEWAY_NOTE: &str = "Values are strings or `null`. The active payment modes come first \
    (`id` a number's text), then the active online gateways (`id` a name such as `paypal`, \
    without the modes' flags, with an `instance` object: the gateway as PHP encodes it).";

const CUSTOM_FIELD_NOTE: &str = "A field with options carries `options` and `value` as JSON texts \
    of arrays of strings (`\"[\\\"a\\\",\\\"b\\\"]\"`); a field without options has no `options` and \
    a plain `value`. Other properties may appear.";

const INVOICE_SENT_NOTE: &str = "3.0.3's answer to `POST /api/invoices/{id}/send`: `invoice_id` \
    and `datesend` (`Y-m-d H:i:s`) are strings, `sent` a boolean. Other properties may appear.";

fn derived<T: ToSchema>() -> (String, Schema) {
    let schema = match T::schema() {
        RefOr::T(schema) => schema,
        RefOr::Ref(_) => unreachable!("a derived struct schema is inline"),
    };
    (T::name().into_owned(), schema)
}

fn derived_closed<T: ToSchema>() -> (String, RefOr<Schema>) {
    let (name, schema) = derived::<T>();
    (name, RefOr::T(schema))
}

/// Name of the 3.x page envelope schema of a resource: `CustomerPage`, ...
pub(crate) fn page_name(resource: Resource) -> String {
    format!("{}Page", resource.model_name())
}

/// 3.x's `{data, meta}` envelope of one page of rows.
fn page_schema(resource: Resource) -> RefOr<Schema> {
    let object: Object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!(
            "One page of {} rows (3.x): `meta` says where it is; 1.0 and 2.0 send a plain array instead.",
            resource.model_name()
        )))
        .property(
            "data",
            ArrayBuilder::new().items(reference(resource.model_name())),
        )
        .property("meta", reference("PageMeta"))
        .required("data")
        .required("meta")
        .build();
    RefOr::T(Schema::Object(object))
}

/// Allows properties the model does not name (the derive leaves out the flattened `extra`).
fn open((name, schema): (String, Schema), note: &str) -> (String, RefOr<Schema>) {
    let schema = match schema {
        Schema::Object(mut object) => {
            object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(true)));
            // The derive drops the row fields' generated doc comments: name the column.
            for (name, property) in object.properties.iter_mut() {
                if let RefOr::T(Schema::Object(column)) = property {
                    column
                        .description
                        .get_or_insert_with(|| format!("The `{name}` column."));
                }
            }
            let doc = object.description.take().unwrap_or_default();
            object.description = Some(format!("{doc}\n\n{note}").trim().to_owned());
            Schema::Object(object)
        }
        other => other,
    };
    (name, RefOr::T(schema))
}

/// A `$ref` to a named schema.
pub(crate) fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// Name of the JSON update body schema: the Rust input type's name (`CustomerInput`).
pub(crate) fn json_name(resource: Resource) -> String {
    format!("{}Input", resource.model_name())
}

/// Name of the create form schema: `CustomerForm`, or `LeadMultipartForm` with the files part.
pub(crate) fn form_name(resource: Resource, with_files: bool) -> String {
    let kind = if with_files { "MultipartForm" } else { "Form" };
    format!("{}{kind}", resource.model_name())
}

/// Whether creates of the resource take attachments.
pub(crate) fn has_files(resource: Resource) -> bool {
    input_fields(resource).iter().any(|f| f.kind == FieldKind::Files)
}

/// The wire name of a form field: PHP arrays take brackets, attachments are `file[]`.
fn form_field_name(spec: &FieldSpec) -> String {
    match spec.kind {
        FieldKind::Files => "file[]".to_owned(),
        FieldKind::NumberList => format!("{}[]", spec.name),
        _ => spec.name.to_owned(),
    }
}

/// A day as `YYYY-MM-DD`, months 01 to 12 and days 01 to 31 (the server refuses impossible
/// days such as `2026-02-30` too, which no pattern says simply).
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

fn text(description: String) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

/// The schema of an input field of `resource`; a date's example is the one of the
/// resource's declared example (pmp-core's `Resource::example`, which gives every date).
fn field_schema(resource: Resource, spec: &FieldSpec, in_form: bool) -> RefOr<Schema> {
    let doc = spec.doc.trim().to_owned();
    match spec.kind {
        FieldKind::Text => text(doc).into(),
        FieldKind::Date => text(format!(
            "{doc} As `YYYY-MM-DD`, which a default install reads (the PMP document's \
             `30/07/2019`, or any other text, answers 500 with an empty body there)."
        ))
        .pattern(Some(DATE_PATTERN))
        .examples(resource.example_input().get(spec.name).cloned())
        .into(),
        FieldKind::Number => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(0))
            .description(Some(doc))
            .into(),
        FieldKind::Flag => text(format!(
            "{doc} Send `on` to set it; leave the field out to clear it (the server treats any \
             value, even `off`, as set)."
        ))
        .enum_values(Some(["on"]))
        .into(),
        FieldKind::NumberList => ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                    .minimum(Some(0)),
            )
            .description(Some(doc))
            .into(),
        FieldKind::Files => ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .content_media_type("application/octet-stream"),
            )
            .description(Some(doc))
            .into(),
        // A form sends lines as `newitems[1][description]=...` (an object of lines by their
        // place); a JSON body as an array.
        FieldKind::NewLines | FieldKind::Lines if in_form => ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(format!(
                "{doc} On the wire: `{0}[<n>][description]=...`, `{0}[<n>][taxname][]=NAME|RATE`, \
                 lines numbered from 1.",
                spec.name
            )))
            .additional_properties(Some(reference("LineItem")))
            .into(),
        FieldKind::NewLines | FieldKind::Lines => ArrayBuilder::new()
            .items(reference("LineItem"))
            .description(Some(doc))
            .into(),
        FieldKind::CustomFields => ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(format!(
                "{doc} On the wire: `custom_fields[<fieldto>][<field_id>]=value`."
            )))
            .additional_properties(Some(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String))),
            ))
            .into(),
    }
}

fn object_of<'a>(
    resource: Resource,
    description: String,
    fields: impl Iterator<Item = (String, &'a FieldSpec)>,
    mandatory: bool,
) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description));
    if !mandatory {
        // An update names at least one field: the client refuses one without, and servers
        // answer `{}` with 406, 404 or 500 (wire/PMP-WIRE-FACTS.md's PUT table).
        object = object.min_properties(Some(1));
    }
    // A create's mandatory fields: those of every version that creates the resource (items:
    // 3.0's, as 2.0 has no item create), which a field mandatory from the resource's first
    // version on is. A whole-document update carries what every version checks on update.
    let first_create = pmp_core::ModuleVersion::ALL
        .into_iter()
        .find(|v| resource.serves(*v, pmp_core::Operation::Create));
    let required = |spec: &FieldSpec| {
        spec.required || first_create.is_some_and(|v| resource.required_on(v).any(|r| r.field == spec.name))
    };
    let on_update: Vec<&str> = resource
        .required_on_update(resource.info().since)
        .map(|r| r.field)
        .collect();
    for (name, spec) in fields {
        if (mandatory && required(spec)) || (!mandatory && on_update.contains(&spec.name)) {
            object = object.required(name.clone());
        }
        object = object.property(name, field_schema(resource, spec, mandatory));
    }
    let object: Object = object.build();
    RefOr::T(Schema::Object(object))
}

/// The JSON body of an update: the input fields but attachments, by their plain names.
fn json_input(resource: Resource) -> RefOr<Schema> {
    let fields = input_fields(resource)
        .iter()
        .filter(|f| f.kind != FieldKind::Files)
        .map(|f| (f.name.to_owned(), f));
    let description = if resource.updates_whole() {
        format!(
            "The JSON body of `update{}`: the whole document again, which every version checks \
             as a create (its kept lines in `items`, new ones in `newitems`).",
            resource.model_name()
        )
    } else {
        format!(
            "The JSON body of `update{}`: only the fields it names change (mandatory fields are \
             not checked again on update, on any version).",
            resource.model_name()
        )
    };
    object_of(resource, description, fields, false)
}

/// The form body of a create, with or without the `file[]` attachments part.
fn form_input(resource: Resource, with_files: bool) -> RefOr<Schema> {
    let fields = input_fields(resource)
        .iter()
        .filter(|f| with_files || f.kind != FieldKind::Files)
        .map(|f| (form_field_name(f), f));
    let encoding = if with_files {
        "multipart/form-data"
    } else {
        "multipart/form-data or application/x-www-form-urlencoded"
    };
    object_of(
        resource,
        format!(
            "The form fields of `create{}` ({encoding}), read by the server from PHP's `$_POST`: \
             lists go as repeated `name[]` fields.",
            resource.model_name()
        ),
        fields,
        true,
    )
}

/// The request body content of a create for one media type, with the encodings of its
/// array and object fields.
pub(crate) fn form_content(resource: Resource, multipart: bool) -> Content {
    let with_files = multipart && has_files(resource);
    let mut content = ContentBuilder::new().schema(Some(reference(&form_name(resource, with_files))));
    for spec in input_fields(resource) {
        let encoding = match spec.kind {
            FieldKind::NumberList => EncodingBuilder::new()
                .style(Some(ParameterStyle::Form))
                .explode(Some(true)),
            FieldKind::CustomFields | FieldKind::NewLines | FieldKind::Lines => EncodingBuilder::new()
                .style(Some(ParameterStyle::DeepObject))
                .explode(Some(true)),
            FieldKind::Files if with_files => {
                EncodingBuilder::new().content_type(Some("application/octet-stream"))
            }
            _ => continue,
        };
        content = content.encoding(form_field_name(spec), encoding);
    }
    content.build()
}
