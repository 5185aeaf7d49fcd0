//! The client against pmp-sandbox in each server-version profile (1.0, 2.0, 3.0): all 30
//! methods with ids passed back from rows, partial updates, every page of customers on 3.0,
//! an empty install, the failures of each version, and 3.0's rate limit and lock-out.
#![cfg(not(target_arch = "wasm32"))]

use pmp_client::{
    Client, ClientConfig, ContactInput, CustomerInput, ErrorKind, LeadInput, MilestoneInput, Options,
    ProjectInput, RetryPolicy, TicketInput,
};
use pmp_sandbox::{Config, Module, Running};
use serde_json::json;

const TOKEN: &str = "rust-client-token-0123456789";
const CUSTOMERS: usize = 250; // more than two pages of 100 on 3.0

/// A sandbox of `module` in memory that knows [`TOKEN`] only.
fn config(module: Module) -> Config {
    Config::with_only_token(module, TOKEN)
}

async fn sandbox(module: Module, customers: usize, empty: bool) -> Running {
    let config = Config {
        customers,
        empty,
        ..config(module)
    };
    pmp_sandbox::spawn(config).await.expect("sandbox starts")
}

fn client(running: &Running, token: &str) -> Client {
    Client::new(ClientConfig::new(&running.url(), token).unwrap()).unwrap()
}

/// A column's text (`""` when absent or null).
fn text(value: &Option<Option<String>>) -> &str {
    value.as_ref().and_then(Option::as_deref).unwrap_or("")
}

async fn every_method(module: Module) {
    let running = sandbox(module, CUSTOMERS, false).await;
    let pmp = client(&running, TOKEN);
    let v = match module {
        Module::V1 => "1",
        Module::V2 => "2",
        Module::V3 => "3",
    };
    let mark = format!("rc{}v{v}", std::process::id());

    // Every row, once each, through pages on 3.0.
    let rows = pmp.list_customers().await.unwrap();
    assert!(rows.len() >= CUSTOMERS, "{} rows", rows.len());
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| text(&r.userid)).collect();
    assert_eq!(ids.len(), rows.len(), "no row twice");
    assert!(rows
        .iter()
        .all(|r| !r.extra.contains_key("data") && !r.extra.contains_key("meta")));

    // Customers: create, search, get by the row's id, partial update, delete.
    let name = format!("{mark}-Co");
    let made = pmp
        .create_customer(&CustomerInput {
            company: name.clone(),
            groups_in: Some(vec![1]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(made.status);
    assert_eq!(
        made.record_id.is_some(),
        module == Module::V3,
        "record_id on 3.x only"
    );
    let customer = pmp
        .search_customers(&name)
        .await
        .unwrap()
        .into_iter()
        .find(|c| text(&c.company) == name);
    let customer = customer.expect("found by search");
    assert_eq!(
        text(&pmp.get_customer(&customer.userid).await.unwrap().company),
        name
    );
    let updated = pmp
        .update_customer(&customer.userid, &json!({"phonenumber": "456"}))
        .await
        .unwrap();
    assert!(updated.status, "{updated:?}");
    let changed = pmp.get_customer(&customer.userid).await.unwrap();
    assert_eq!(text(&changed.phonenumber), "456");
    assert_eq!(text(&changed.company), name, "the fields not sent are kept");
    // Nothing changed: servers answer 404 `Update Fail.`, the client says `unchanged`.
    let again = pmp
        .update_customer(&customer.userid, &json!({"phonenumber": "456"}))
        .await
        .unwrap();
    assert_eq!((again.status, again.unchanged), (false, Some(true)), "{again:?}");

    // Projects, with the customer's id as the row holds it (the text "3").
    let project = format!("{mark}-Project");
    let input = ProjectInput {
        name: project.clone(),
        clientid: text(&customer.userid).parse().unwrap(),
        billing_type: 1,
        start_date: "2026-01-31".into(),
        status: 2,
        ..Default::default()
    };
    assert!(pmp.create_project(&input).await.unwrap().status);
    let p = pmp
        .search_projects(&project)
        .await
        .unwrap()
        .into_iter()
        .find(|r| text(&r.name) == project);
    let p = p.expect("project found");
    assert_eq!(text(&p.clientid), text(&customer.userid));
    assert_eq!(text(&p.start_date), "2026-01-31");
    assert!(
        pmp.update_project(&p.id, &json!({"status": 4}))
            .await
            .unwrap()
            .status
    );
    assert_eq!(text(&pmp.get_project(&p.id).await.unwrap().status), "4");
    assert!(pmp.list_projects().await.unwrap().iter().any(|r| r.id == p.id));

    // Milestones: get gives the row, not an array.
    let milestone = format!("{mark}-Milestone");
    let input = MilestoneInput {
        project_id: text(&p.id).to_owned(),
        name: milestone.clone(),
        due_date: "2026-02-28".into(),
        ..Default::default()
    };
    assert!(pmp.create_milestone(&input).await.unwrap().status);
    let m = pmp
        .search_milestones(&milestone)
        .await
        .unwrap()
        .into_iter()
        .find(|r| text(&r.name) == milestone);
    let m = m.expect("milestone found");
    assert_eq!(text(&pmp.get_milestone(&m.id).await.unwrap().name), milestone);
    assert!(
        pmp.update_milestone(&m.id, &json!({"description": "later"}))
            .await
            .unwrap()
            .status
    );
    assert_eq!(
        text(&pmp.get_milestone(&m.id).await.unwrap().description),
        "later"
    );
    assert!(pmp.list_milestones().await.unwrap().iter().any(|r| r.id == m.id));

    // Leads: `assigned` is mandatory on 2.x and 3.x, and the server says so.
    let lead_name = format!("{mark}-Lead");
    let lead = |name: String, assigned: Option<&str>| LeadInput {
        source: "1".into(),
        status: "1".into(),
        name,
        assigned: assigned.map(str::to_owned),
        ..Default::default()
    };
    let without = pmp.create_lead(&lead(lead_name.clone(), None)).await;
    match module {
        Module::V1 => assert!(without.unwrap().status),
        _ => {
            let error = without.unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Validation, "{error}");
            assert!(error.field_errors().contains_key("assigned"), "{error:?}");
        }
    }
    assert!(
        pmp.create_lead(&lead(format!("{lead_name}-2"), Some("1")))
            .await
            .unwrap()
            .status
    );
    let found = pmp.search_leads(&lead_name).await.unwrap();
    let l = found
        .iter()
        .rfind(|r| text(&r.name).starts_with(&lead_name))
        .expect("lead found");
    assert!(
        pmp.update_lead(&l.id, &json!({"city": "Bergen"}))
            .await
            .unwrap()
            .status
    );
    assert_eq!(text(&pmp.get_lead(&l.id).await.unwrap().city), "Bergen");
    assert!(pmp.list_leads().await.unwrap().iter().any(|r| r.id == l.id));
    assert!(pmp.delete_lead(&l.id).await.unwrap().status);

    // Tickets: getTicket is a 500 on 2.0, a clear `http` error.
    let subject = format!("{mark}-Ticket");
    let input = TicketInput {
        subject: subject.clone(),
        department: "1".into(),
        contactid: "1".into(),
        ..Default::default()
    };
    assert!(pmp.create_ticket(&input).await.unwrap().status);
    let t = pmp
        .search_tickets(&subject)
        .await
        .unwrap()
        .into_iter()
        .find(|r| text(&r.subject) == subject);
    let t = t.expect("ticket found");
    assert!(!t.extra.contains_key("password"), "password columns are dropped");
    if module == Module::V2 {
        let error = pmp.get_ticket(&t.ticketid).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Http);
        assert!(error.message().contains("server failed"), "{error}");
        assert!(pmp
            .list_tickets()
            .await
            .unwrap()
            .iter()
            .any(|r| r.ticketid == t.ticketid));
    } else {
        assert_eq!(text(&pmp.get_ticket(&t.ticketid).await.unwrap().subject), subject);
        assert!(pmp
            .list_tickets()
            .await
            .unwrap()
            .iter()
            .any(|r| r.ticketid == t.ticketid));
    }
    assert!(
        pmp.update_ticket(&t.ticketid, &json!({"priority": "1"}))
            .await
            .unwrap()
            .status
    );
    assert!(pmp.delete_ticket(&t.ticketid).await.unwrap().status);

    assert!(pmp.delete_milestone(&m.id).await.unwrap().status);
    assert!(pmp.delete_project(&p.id).await.unwrap().status);
    assert!(pmp.delete_customer(&customer.userid).await.unwrap().status);
    assert_eq!(
        pmp.get_customer(&customer.userid).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );

    // Failures: unknown ids, refused updates, nothing found, a wrong token.
    assert_eq!(
        pmp.get_lead(987_654u64).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let missing = pmp
        .update_customer(987_654u64, &json!({"city": "York"}))
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound, "{missing}");
    let empty = pmp.update_customer(1u64, &json!({})).await.unwrap_err();
    assert_eq!(
        (empty.kind(), empty.attempts()),
        (ErrorKind::InvalidInput, 0),
        "{empty}"
    );
    let unknown = pmp
        .update_customer(1u64, &json!({"compnay": "x"}))
        .await
        .unwrap_err();
    assert!(unknown.message().contains("compnay"), "{unknown}");
    assert_eq!(
        pmp.get_customer("x1").await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert!(pmp
        .search_customers(&format!("{mark}-nothing"))
        .await
        .unwrap()
        .is_empty());
    let stranger = client(&running, "not-the-token-0000");
    let denied = stranger.list_customers().await.unwrap_err();
    assert_eq!(denied.kind(), ErrorKind::Auth, "{denied}");
    assert!(
        !format!("{denied} {denied:?} {stranger:?}").contains("not-the-token"),
        "no token shown"
    );
    running.stop().await;
}

#[tokio::test]
async fn every_method_on_1_0() {
    every_method(Module::V1).await;
}

#[tokio::test]
async fn every_method_on_2_0() {
    every_method(Module::V2).await;
}

#[tokio::test]
async fn every_method_on_3_0() {
    every_method(Module::V3).await;
}

/// Contacts (2.x, 3.x; 1.0.0 has no `api/contacts`): list and get name the customer.
#[tokio::test]
async fn a_customers_contacts_on_every_version() {
    for module in Module::ALL {
        let running = sandbox(module, 3, false).await;
        let pmp = client(&running, TOKEN);
        let customer = pmp.list_customers().await.unwrap().remove(0);
        let customer_id = text(&customer.userid).to_owned();
        if module == Module::V1 {
            let missing = pmp.list_contacts(customer_id.as_str()).await.unwrap_err();
            assert_ne!(missing.kind(), ErrorKind::Auth, "{module:?}: {missing}");
            running.stop().await;
            continue;
        }
        let email = format!("rc{}-{module:?}@example.com", std::process::id());
        let made = pmp
            .create_contact(&ContactInput {
                customer_id: customer_id.parse().unwrap(),
                firstname: "Ada".into(),
                lastname: "Lovelace".into(),
                email: email.clone(),
                password: Some("s3cret-pass".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(made.status, "{module:?}");
        let listed = pmp.list_contacts(customer_id.as_str()).await.unwrap();
        let row = listed
            .iter()
            .find(|c| text(&c.email) == email)
            .expect("the new contact is listed");
        assert!(!row.extra.contains_key("password"), "no password hash handed on");
        let id = text(&row.id).to_owned();
        let found = pmp.search_contacts(&email).await.unwrap();
        assert!(
            found.iter().any(|c| text(&c.id) == id),
            "{module:?}: search finds it"
        );
        let one = pmp.get_contact(customer_id.as_str(), id.as_str()).await.unwrap();
        assert_eq!(text(&one.firstname), "Ada");
        pmp.update_contact(id.as_str(), &json!({ "title": "Countess" }))
            .await
            .unwrap();
        let one = pmp.get_contact(customer_id.as_str(), id.as_str()).await.unwrap();
        assert_eq!(text(&one.title), "Countess", "{module:?}: the update arrived");
        assert_eq!(
            text(&one.lastname),
            "Lovelace",
            "{module:?}: and changed nothing else"
        );
        pmp.delete_contact(id.as_str()).await.unwrap();
        let gone = pmp
            .get_contact(customer_id.as_str(), id.as_str())
            .await
            .unwrap_err();
        assert_eq!(gone.kind(), ErrorKind::NotFound, "{module:?}: {gone}");
        running.stop().await;
    }
}

/// The sandbox's staff rows carry the CRM's secret columns (a hash, a reset key, two-factor
/// secrets), as real ones do: no row the client hands on has one.
#[tokio::test]
async fn staff_rows_come_without_their_secrets_on_every_version() {
    for module in Module::ALL {
        let running = sandbox(module, 1, false).await;
        let pmp = client(&running, TOKEN);
        let listed = pmp.list_staffs().await.unwrap();
        let first = listed.first().expect("the seed's staff");
        let id = text(&first.staffid).to_owned();
        let found = pmp.search_staffs(text(&first.firstname)).await.unwrap();
        let got = pmp.get_staff(id.as_str()).await.unwrap();
        assert!(!found.is_empty(), "{module:?}: search");
        for row in listed.iter().chain(&found).chain([&got]) {
            for secret in pmp_client::SECRET_COLUMNS {
                assert!(!row.extra.contains_key(*secret), "{module:?}: {secret} handed on");
            }
        }
        running.stop().await;
    }
}

/// Every version answers a staff update or delete of an unknown id with success: the client
/// gets the row first, answers `not_found` and writes nothing; a known id is written.
#[tokio::test]
async fn staff_writes_of_an_unknown_id_are_not_found_on_every_version() {
    for module in Module::ALL {
        let running = sandbox(module, 1, false).await;
        let told = ClientConfig::new(&running.url(), TOKEN).unwrap();
        let told = Client::new(told.with_server_version(module.name()).unwrap()).unwrap();
        for pmp in [client(&running, TOKEN), told] {
            let updated = pmp
                .update_staff(987_654u64, &json!({"firstname": "Nobody"}))
                .await;
            let error = updated.unwrap_err();
            assert_eq!(
                (error.kind(), error.status()),
                (ErrorKind::NotFound, Some(404)),
                "{module:?}: {error}"
            );
            assert!(
                error.message().contains("nothing was written"),
                "{module:?}: {error}"
            );
            let deleted = pmp.delete_staff(987_654u64).await.unwrap_err();
            assert_eq!(deleted.kind(), ErrorKind::NotFound, "{module:?}: {deleted}");
            assert!(!deleted.message().contains(TOKEN), "{module:?}");
            // No row appeared and none went.
            assert!(
                pmp.search_staffs("Nobody").await.unwrap().is_empty(),
                "{module:?}"
            );
        }
        let pmp = client(&running, TOKEN);
        let first = pmp.list_staffs().await.unwrap().remove(0);
        let id = text(&first.staffid).to_owned();
        let renamed = format!("Renamed{}", module as usize);
        let updated = pmp
            .update_staff(id.as_str(), &json!({"firstname": renamed}))
            .await
            .unwrap();
        assert!(updated.status, "{module:?}: {updated:?}");
        let got = pmp.get_staff(id.as_str()).await.unwrap();
        assert_eq!(text(&got.firstname), renamed, "{module:?}");
        assert!(pmp.delete_staff(id.as_str()).await.unwrap().status, "{module:?}");
        assert_eq!(
            pmp.get_staff(id.as_str()).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );
        // Deleted once: a second delete is not found, not a second success.
        let again = pmp.delete_staff(id.as_str()).await.unwrap_err();
        assert_eq!(again.kind(), ErrorKind::NotFound, "{module:?}: {again}");
        running.stop().await;
    }
}

#[tokio::test]
async fn an_empty_install_lists_nothing_on_every_version() {
    for module in Module::ALL {
        let running = sandbox(module, 0, true).await;
        let pmp = client(&running, TOKEN);
        assert!(pmp.list_customers().await.unwrap().is_empty(), "{module:?}");
        assert!(pmp.list_leads().await.unwrap().is_empty(), "{module:?}");
        assert!(pmp.list_milestones().await.unwrap().is_empty(), "{module:?}");
        assert!(pmp.list_projects().await.unwrap().is_empty(), "{module:?}");
        assert!(pmp.list_tickets().await.unwrap().is_empty(), "{module:?}");
        assert!(pmp.search_tickets("x").await.unwrap().is_empty(), "{module:?}");
        assert_eq!(
            pmp.get_ticket(1u64).await.unwrap_err().kind(),
            ErrorKind::NotFound,
            "{module:?}"
        );
        running.stop().await;
    }
}

#[tokio::test]
async fn over_the_quota_is_rate_limited_with_the_wait() {
    let mut config = config(Module::V3);
    config.limits.quota = 2;
    let running = pmp_sandbox::spawn(config).await.unwrap();
    let options = Options {
        retry: RetryPolicy {
            retries: 1,
            max_retry_after_ms: 0,
            ..RetryPolicy::default()
        },
        ..Options::default()
    };
    let pmp = Client::with_options(ClientConfig::new(&running.url(), TOKEN).unwrap(), options).unwrap();
    assert!(pmp.get_customer(1u64).await.is_ok());
    assert!(pmp.get_customer(1u64).await.is_ok());
    let error = pmp.get_customer(1u64).await.unwrap_err();
    assert_eq!(
        (error.kind(), error.status(), error.attempts()),
        (ErrorKind::RateLimited, Some(429), 2),
        "{error}"
    );
    assert!(
        error.retry_after().is_some(),
        "the wait until X-RateLimit-Reset: {error:?}"
    );
    running.stop().await;
}

#[tokio::test]
async fn the_auth_lock_out_is_auth_and_not_retried() {
    let mut config = config(Module::V3);
    config.limits.auth_lockout = 1;
    let running = pmp_sandbox::spawn(config).await.unwrap();
    let stranger = client(&running, "wrong-token-0000");
    assert_eq!(
        stranger.list_customers().await.unwrap_err().kind(),
        ErrorKind::Auth
    );
    let locked = stranger.list_customers().await.unwrap_err();
    assert_eq!(
        (locked.kind(), locked.status(), locked.attempts()),
        (ErrorKind::Auth, Some(429), 1),
        "{locked}"
    );
    running.stop().await;
}
