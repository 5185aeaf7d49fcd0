//! The catalogue holds exactly the endpoints of wire/PMP-WIRE-FACTS.md: six per resource.

use std::collections::HashSet;

use pmp_core::*;

#[test]
fn six_endpoints_per_resource() {
    assert_eq!(CATALOGUE.len(), Resource::ALL.len() * 6);
    for resource in Resource::ALL {
        for operation in Operation::ALL {
            let endpoint = Endpoint::of(resource, operation);
            assert_eq!((endpoint.resource, endpoint.operation), (resource, operation));
        }
    }
    let ids: HashSet<_> = CATALOGUE.iter().map(|e| e.operation_id).collect();
    assert_eq!(ids.len(), CATALOGUE.len(), "operation ids are unique");
}

#[test]
fn methods_paths_bodies_and_auth_follow_the_wire_facts() {
    for e in &CATALOGUE {
        let res = e.resource.segment();
        // A child's rows (contacts of a customer) are listed and got by their parent's id.
        let child = e.resource.info().parent.is_some();
        let (method, path, body) = match e.operation {
            Operation::List if child => (Method::Get, format!("api/{res}/{{id}}"), BodyEncoding::None),
            Operation::List => (Method::Get, format!("api/{res}"), BodyEncoding::None),
            Operation::Get if child => (
                Method::Get,
                format!("api/{res}/{{parent_id}}/{{id}}"),
                BodyEncoding::None,
            ),
            Operation::Get => (Method::Get, format!("api/{res}/{{id}}"), BodyEncoding::None),
            Operation::Search => (
                Method::Get,
                format!("api/{res}/search/{{keysearch}}"),
                BodyEncoding::None,
            ),
            Operation::Create => (Method::Post, format!("api/{res}"), BodyEncoding::Form),
            Operation::Update => (Method::Put, format!("api/{res}/{{id}}"), BodyEncoding::Json),
            Operation::Delete => (
                Method::Delete,
                format!("api/delete/{res}/{{id}}"),
                BodyEncoding::None,
            ),
        };
        assert_eq!(
            (e.method, e.path, e.body),
            (method, path.as_str(), body),
            "{}",
            e.operation_id
        );
        // Only `authtoken`: no server version reads `Authorization` (tickets included).
        assert_eq!(e.auth.headers(), ["authtoken"], "{}", e.operation_id);
        assert!(!e.summary().is_empty());
    }
}

#[test]
fn operation_ids_and_types_are_named_after_the_resource() {
    let e = Endpoint::by_operation_id("searchMilestones").unwrap();
    assert_eq!(
        (e.resource, e.operation, e.output_type()),
        (Resource::Milestones, Operation::Search, "Milestone")
    );
    let e = Endpoint::by_operation_id("updateTicket").unwrap();
    assert_eq!(
        (e.input_type(), e.output_type()),
        (Some("TicketInput"), "ApiMessage")
    );
    assert!(Endpoint::by_operation_id("listCustomer").is_none());
}

#[test]
fn row_columns_list_the_models_fields() {
    /// The row model's fields, each followed by a comma.
    struct Joined;
    impl RowVisitor for Joined {
        type Output = (Resource, String);
        fn visit<T: Row>(self) -> Self::Output {
            (T::RESOURCE, T::FIELDS.iter().map(|f| format!("{f},")).collect())
        }
    }
    for resource in Resource::ALL {
        let (of, joined) = resource.visit_row(Joined);
        assert_eq!(of, resource);
        assert_eq!(row_columns(resource), joined, "{resource:?}");
        assert!(
            joined.starts_with(&format!("{},", resource.id_field())),
            "{resource:?}"
        );
    }
}
