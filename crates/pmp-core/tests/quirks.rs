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
