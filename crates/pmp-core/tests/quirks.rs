//! The declaration's `quirks` against the decoders both clients use: every answer shape the
//! table says a real server sends, for every resource and version that has it, decodes to the
//! rows it holds; and the table's rows that the recordings show.

use pmp_core::*;
use serde_json::{json, Value};

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.example.com/", "a-token-of-some-length").unwrap()
}

fn answer(body: &[u8]) -> HttpResponse<'_> {
    HttpResponse {
        status: 200,
        content_type: Some("application/json"),
        body,
    }
}

/// A row of `resource` with id `n`.
fn row(resource: Resource, n: u64) -> Value {
    json!({ resource.id_field(): n.to_string() })
}

/// Decodes a list and a get of the resource's model, returning the rows' ids.
struct Decode<'a>(&'a [u8], Operation);

impl RowVisitor for Decode<'_> {
    type Output = Result<Vec<Value>, PmpError>;
    fn visit<T: Row>(self) -> Self::Output {
        let to_value = |r: T| serde_json::to_value(r).unwrap();
        match self.1 {
            Operation::Get => decode_row::<T>(&config(), &answer(self.0)).map(|r| vec![to_value(r)]),
            _ => decode_listing::<T>(&config(), &answer(self.0))
                .map(|l| l.rows().into_iter().map(to_value).collect()),
        }
    }
}

fn ids(resource: Resource, body: &Value, operation: Operation) -> Vec<String> {
    let bytes = serde_json::to_vec(body).unwrap();
    let rows = resource
        .visit_row(Decode(&bytes, operation))
        .unwrap_or_else(|e| panic!("{resource:?} {operation:?}: {e}"));
    rows.iter()
        .map(|r| r[resource.id_field()].as_str().unwrap().to_owned())
        .collect()
}

fn page(rows: Vec<Value>) -> Value {
    let total = rows.len();
    json!({ "data": rows, "meta": { "page": 1, "per_page": 20, "total": total, "total_pages": 1,
        "has_more": false, "current_page": 1, "last_page": 1 } })
}

#[test]
fn every_answer_shape_the_quirks_name_is_decoded() {
    for resource in Resource::ALL {
        let quirks = resource.quirks();
        let rows = vec![row(resource, 1), row(resource, 2)];
        // The rows as a page envelope or a plain array.
        let shaped = |paged: bool| if paged { page(rows.clone()) } else { json!(rows) };
        for version in ModuleVersion::ALL.into_iter().filter(|v| resource.exists_on(*v)) {
            for asked in [false, true] {
                let list = shaped(quirks.list_paged(version, asked));
                assert_eq!(
                    ids(resource, &list, Operation::List),
                    ["1", "2"],
                    "{resource:?} {version:?}"
                );
            }
            let search = shaped(quirks.search_paged_on(version));
            assert_eq!(
                ids(resource, &search, Operation::Search),
                ["1", "2"],
                "{resource:?} {version:?}"
            );
            let get = if quirks.get_as_array {
                json!([row(resource, 7)])
            } else {
                row(resource, 7)
            };
            assert_eq!(ids(resource, &get, Operation::Get), ["7"], "{resource:?}");
        }
    }
}

#[test]
fn only_3x_pages_and_only_2x_and_later_check_permissions() {
    for resource in Resource::ALL {
        let quirks = resource.quirks();
        for version in [ModuleVersion::V1, ModuleVersion::V2] {
            assert!(!quirks.list_paged(version, true) && !quirks.search_paged_on(version));
        }
    }
    assert!(Resource::Customers.quirks().list_paged(ModuleVersion::V3, false));
    assert!(!Resource::Milestones.quirks().list_paged(ModuleVersion::V3, false));
    assert!(Resource::Milestones.quirks().list_paged(ModuleVersion::V3, true));
    assert!(Resource::Leads.quirks().search_paged_on(ModuleVersion::V3));
    assert!(!Resource::Customers.quirks().search_paged_on(ModuleVersion::V3));
    assert!(!ModuleVersion::V1.has_permissions() && ModuleVersion::V2.has_permissions());
}

/// The PUT table of wire/PMP-WIRE-FACTS.md, row by row.
#[test]
fn put_table_rows() {
    use ModuleVersion::*;
    use PutAnswer::*;
    use UnusableBody::*;
    let put = |v, r: Resource, b| r.quirks().put_answer(v, b);
    assert_eq!(put(V1, Resource::Customers, EmptyObject), NoFields);
    assert_eq!(put(V1, Resource::Customers, NotJson), Crash);
    assert_eq!(put(V1, Resource::Projects, EmptyObject), Crash);
    assert_eq!(put(V2, Resource::Milestones, NotJson), NotAcceptable);
    assert_eq!(put(V2, Resource::Leads, NotJson), ErrorPage);
    assert_eq!(put(V3, Resource::Leads, NotJson), UpdateFail);
    assert_eq!(put(V3, Resource::Tickets, NotJson), Success);
    assert_eq!(put(V3, Resource::Contacts, EmptyObject), NotAcceptable);
}

#[test]
fn a_milestone_comes_as_an_array_and_a_2_0_ticket_get_crashes() {
    assert!(Resource::Milestones.quirks().get_as_array);
    assert!(!Resource::Customers.quirks().get_as_array);
    assert!(Resource::Tickets.quirks().get_crashes(ModuleVersion::V2));
    assert!(!Resource::Tickets.quirks().get_crashes(ModuleVersion::V3));
}

/// A call the configured server version does not serve is refused before sending, naming the
/// version; the same call is built when no version is configured or the version serves it.
#[test]
fn a_call_the_server_version_does_not_serve_is_refused_before_sending() {
    let list_contacts = Endpoint::of(Resource::Contacts, Operation::List);
    let on = |version: &str| config().with_server_version(version).unwrap();
    let err = build_request(&on("1.0.0"), list_contacts, Args::Id(1)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(
        err.message.contains("listContacts") && err.message.contains("1.0.0"),
        "{}",
        err.message
    );
    assert!(err.message.contains("from module 2.0"), "{}", err.message);
    assert!(build_request(&on("2.0"), list_contacts, Args::Id(1)).is_ok());
    // A list that version answers 404 whatever the table holds: refused, saying why.
    let list_tasks = Endpoint::of(Resource::Tasks, Operation::List);
    let err = build_request(&on("1.0"), list_tasks, Args::None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.message.contains("answers 404"), "{}", err.message);
    assert!(build_request(&on("2.0"), list_tasks, Args::None).is_ok());
    assert!(build_request(&config(), list_contacts, Args::Id(1)).is_ok());
    // Every resource on every version: refused exactly where the declaration says.
    for endpoint in CATALOGUE.iter() {
        for version in ModuleVersion::ALL {
            let config = on(version.name());
            let refused = build_request(&config, endpoint, Args::Id(1))
                .err()
                .is_some_and(|e| e.kind == ErrorKind::Unsupported);
            assert_eq!(
                refused,
                !endpoint.resource.serves(version, endpoint.operation),
                "{}",
                endpoint.operation_id
            );
        }
    }
}

#[test]
fn an_unknown_server_version_is_refused() {
    let err = config().with_server_version("4.1").unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(
        err.message.contains("serverVersion") && err.message.contains("4.1"),
        "{}",
        err.message
    );
}

// From the module's PHP source (wire/MODULE-SOURCE.md): 1.0.0 looks its task list up as the
// task with id '', the staff list is 3.x's plain-unless-paged kind, and both check PUT bodies
// as the source says.
#[test]
fn a_1_0_task_list_always_answers_404_and_staff_lists_page_when_asked() {
    let tasks = Resource::Tasks.quirks();
    assert!(tasks.list_fails(ModuleVersion::V1));
    assert!(!tasks.list_fails(ModuleVersion::V2) && !tasks.list_fails(ModuleVersion::V3));
    assert!(!Resource::Staffs.quirks().list_fails(ModuleVersion::V1));
    let staffs = Resource::Staffs.quirks();
    assert!(!staffs.list_paged(ModuleVersion::V3, false) && staffs.list_paged(ModuleVersion::V3, true));
    assert_eq!(
        staffs.put_answer(ModuleVersion::V2, UnusableBody::NotJson),
        PutAnswer::NotAcceptable
    );
    assert_eq!(
        tasks.put_answer(ModuleVersion::V2, UnusableBody::EmptyObject),
        PutAnswer::ErrorPage
    );
    assert_eq!(
        tasks.put_answer(ModuleVersion::V3, UnusableBody::EmptyObject),
        PutAnswer::NotAcceptable
    );
}

/// A list some version answers 404 whatever the table holds is no proof of an empty table,
/// unless the configured version lists it; every other list's "no rows" is an empty table.
#[test]
fn no_rows_prove_an_empty_table_only_where_the_list_works() {
    let failing: Vec<_> = CATALOGUE
        .iter()
        .filter(|e| e.operation == Operation::List && !e.resource.quirks().list_fails_on.is_empty())
        .collect();
    assert!(
        !failing.is_empty(),
        "a resource whose list fails on some version (1.0.0's tasks)"
    );
    for endpoint in CATALOGUE.iter().filter(|e| e.output == OutputKind::Rows) {
        let quirks = endpoint.resource.quirks();
        let unproven = endpoint.operation == Operation::List && !quirks.list_fails_on.is_empty();
        let err = check_no_rows(&config(), endpoint).err();
        assert_eq!(err.is_some(), unproven, "{}", endpoint.operation_id);
        if let Some(err) = err {
            assert_eq!(err.kind, ErrorKind::Unsupported);
            assert!(
                err.message.contains(endpoint.operation_id) && err.message.contains("1.0.0"),
                "{}",
                err.message
            );
        }
        for version in ModuleVersion::ALL {
            let told = config().with_server_version(version.name()).unwrap();
            assert_eq!(
                check_no_rows(&told, endpoint).is_err(),
                unproven && quirks.list_fails(version),
                "{} on {version:?}",
                endpoint.operation_id
            );
        }
    }
}

/// Rows that carry their id only in the column the quirk `id_alias` names (payments' and
/// items' searches: bare table rows, the id in `id`) are read with their id column filled from
/// it, on every answer shape; a row that has its id column keeps it (3.0.3's payment lists
/// carry the payment mode's id in `id`).
#[test]
fn rows_without_their_id_column_take_it_from_the_alias() {
    let aliased: Vec<_> = Resource::ALL
        .into_iter()
        .filter(|r| r.quirks().id_alias.is_some())
        .collect();
    assert_eq!(aliased, [Resource::Payments, Resource::Items]);
    for resource in aliased {
        let alias = resource.quirks().id_alias.unwrap();
        let bare = vec![json!({ alias: "1" }), json!({ alias: 2 })];
        assert_eq!(
            ids(resource, &json!(bare), Operation::Search),
            ["1", "2"],
            "{resource:?}"
        );
        assert_eq!(ids(resource, &page(bare.clone()), Operation::Search), ["1", "2"]);
        assert_eq!(ids(resource, &json!({ alias: "7" }), Operation::Get), ["7"]);
        let both = json!({ resource.id_field(): "4", alias: "1" });
        assert_eq!(
            ids(resource, &json!([both]), Operation::List),
            ["4"],
            "{resource:?}"
        );
        assert_eq!(ids(resource, &both, Operation::Get), ["4"], "{resource:?}");
    }
    // Without the quirk, `id` is no other column's alias.
    let rows = decode_list::<Customer>(&config(), &answer(br#"[{"id":"3"}]"#)).unwrap();
    assert_eq!(rows[0].userid, None);
}

// From the module's PHP source (wire/MODULE-SOURCE.md, payments).
#[test]
fn payment_rows_of_each_answer_have_the_payments_id() {
    // 3.0.3's list and get: the payment mode's columns joined over the payment's, `id` the mode's.
    let listed = br#"[{"id":"1","invoiceid":"1","amount":"100.00","paymentmode":"1","paymentid":"4",
        "name":"Bank","description":null,"active":"1"}]"#;
    let rows = decode_list::<Payment>(&config(), &answer(listed)).unwrap();
    assert_eq!(rows[0].paymentid, Some(Some("4".into())));
    assert_eq!(rows[0].extra["id"], "1");
    // A search: the bare payment row.
    let found = br#"[{"id":"4","invoiceid":"1","amount":"100.00","paymentmode":"1"}]"#;
    let rows = decode_search::<Payment>(&config(), &answer(found)).unwrap();
    assert_eq!(rows[0].paymentid, Some(Some("4".into())));
    assert_eq!(rows[0].amount, Some(Some("100.00".into())));
}

/// The payments controller's failures say `paymentmode: false` instead of `status: false`:
/// read as the usual typed errors (no rows for a list or search), never a decode error.
#[test]
fn failures_that_say_paymentmode_false_are_the_usual_errors() {
    assert_eq!(Resource::Payments.quirks().failure_member, "paymentmode");
    assert_eq!(Resource::Customers.quirks().failure_member, "status");
    let not_found = br#"{"paymentmode":false,"message":"No data were found"}"#;
    let status = |status, body| HttpResponse {
        status,
        ..answer(body)
    };
    let rows = decode_list::<Payment>(&config(), &status(404, not_found)).unwrap();
    assert!(rows.is_empty());
    let rows = decode_search::<Payment>(&config(), &status(404, not_found)).unwrap();
    assert!(rows.is_empty());
    let err = decode_row::<Payment>(&config(), &status(404, not_found)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    let invalid = br#"{"paymentmode":false,"error":{"invoiceid":"The Payment Name field is required."},"message":"<p>The Payment Name field is required.<\/p>\n"}"#;
    for decode in [decode_message, decode_created] {
        let err = decode(&config(), &status(404, invalid)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation);
        assert_eq!(
            err.field_errors.get("invoiceid").map(String::as_str),
            Some("The Payment Name field is required.")
        );
        let failed = br#"{"paymentmode":false,"message":"Payment add fail."}"#;
        let err = decode(&config(), &status(404, failed)).unwrap_err();
        assert_eq!(
            (err.kind, err.message.as_str()),
            (ErrorKind::Http, "Payment add fail.")
        );
    }
}

/// 2.0.8's payment create answers 200 with an empty body: a success with no message and no
/// id where the quirk lists the version; other creates and writes, and failures without a
/// body, are errors.
#[test]
fn a_create_answered_with_an_empty_body_is_a_success_without_an_id() {
    assert!(Resource::Payments.quirks().create_empty(ModuleVersion::V2));
    assert!(!Resource::Payments.quirks().create_empty(ModuleVersion::V3));
    for body in [&b""[..], b"\n", b"  "] {
        let message = decode_created(&config(), &answer(body)).unwrap();
        assert_eq!(
            (message.status, message.message, message.record_id),
            (true, None, None)
        );
        assert_eq!(
            decode_message(&config(), &answer(body)).unwrap_err().kind,
            ErrorKind::Decode
        );
    }
    // Only where the quirk lists the version (not told: any version of a resource listing one).
    let told = |v: &str| config().with_server_version(v).unwrap();
    assert!(create_may_answer_empty(&config(), Resource::Payments));
    assert!(create_may_answer_empty(&told("2.0"), Resource::Payments));
    assert!(!create_may_answer_empty(&told("3.0"), Resource::Payments));
    for resource in Resource::ALL
        .into_iter()
        .filter(|r| r.quirks().create_empty_on.is_empty())
    {
        assert!(!create_may_answer_empty(&config(), resource), "{resource:?}");
    }
    let failed = HttpResponse {
        status: 500,
        ..answer(b"")
    };
    assert_eq!(
        decode_created(&config(), &failed).unwrap_err().kind,
        ErrorKind::Http
    );
    // 3.0.3's answer.
    let v3 = br#"{"status":true,"message":"Payment add successful.","record_id":5}"#;
    let message = decode_created(&config(), &answer(v3)).unwrap();
    assert_eq!(message.record_id, Some(5));
    assert_eq!(
        decode_created(&config(), &answer(b"<p>x</p>")).unwrap_err().kind,
        ErrorKind::Decode
    );
}

/// An item search answers `{rate, id, name, subtext}` rows: read into the item model with
/// their id in `itemid`.
#[test]
fn item_search_rows_are_read_with_their_id() {
    let found = br#"{"data":[{"rate":"100.00","id":"3","name":"(100.00) Consulting hour","subtext":"Billed by the hour..."}],
        "meta":{"page":1,"per_page":20,"total":1,"total_pages":1,"has_more":false}}"#;
    let rows = decode_search::<Item>(&config(), &answer(found)).unwrap();
    let row = &rows[0];
    assert_eq!(row.itemid, Some(Some("3".into())));
    assert_eq!(row.rate, Some(Some("100.00".into())));
    assert_eq!(row.name, Some(Some("(100.00) Consulting hour".into())));
    assert_eq!(row.subtext, Some(Some("Billed by the hour...".into())));
    assert_eq!(row.description, None);
}

/// What the module's source says payments and items lack: refused before sending when the
/// client is told the version, with the reason.
#[test]
fn payment_updates_and_deletes_and_2_0_item_writes_are_refused() {
    let on = |version: &str| config().with_server_version(version).unwrap();
    let record = InputRecord::new(Resource::Payments);
    for version in ["2.0", "3.0"] {
        for operation in [Operation::Update, Operation::Delete] {
            let endpoint = Endpoint::of(Resource::Payments, operation);
            let args = if operation == Operation::Update {
                Args::IdAndFields(1, &record)
            } else {
                Args::Id(1)
            };
            let err = build_request(&on(version), endpoint, args).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Unsupported);
            assert!(
                err.message.contains(endpoint.operation_id) && err.message.contains("405"),
                "{}",
                err.message
            );
        }
        assert!(!Resource::Payments.serves(ModuleVersion::parse(version).unwrap(), Operation::Update));
    }
    assert!(!Resource::Payments.served_anywhere(Operation::Delete));
    assert!(Resource::Payments.served_anywhere(Operation::Create));
    for operation in [Operation::Create, Operation::Update, Operation::Delete] {
        assert!(!Resource::Items.serves(ModuleVersion::V2, operation));
        assert!(Resource::Items.serves(ModuleVersion::V3, operation));
    }
    let err = build_request(
        &on("2.0.8"),
        Endpoint::of(Resource::Items, Operation::Create),
        Args::Fields(&Resource::Items.example_record()),
    )
    .unwrap_err();
    assert!(err.message.contains("2.0.8"), "{}", err.message);
}
