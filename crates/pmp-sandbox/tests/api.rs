//! The sandbox over real HTTP: every endpoint of the catalogue, success and failure, with
//! requests built by pmp-core's `build_request` and answers read by pmp-core's decoders, so
//! that sandbox and client agree.

mod common;

use common::{assert_shared, fixture, Answer, Sandbox};
use pmp_core::*;
use pmp_sandbox::{Config, Module, DEV_TOKEN};

/// The profile these tests were written for: module 1.0.0 (plain lists).
fn v1() -> Config {
    Config {
        module: Module::V1,
        ..Config::in_memory()
    }
}
use serde_json::{json, Value};

/// Rows decoded with the resource's typed model, then back to JSON for comparison.
fn typed_rows(resource: Resource, config: &ClientConfig, answer: &Answer) -> Result<Vec<Value>, PmpError> {
    fn rows<T: Row>(config: &ClientConfig, answer: &Answer) -> Result<Vec<Value>, PmpError> {
        // A get answers one row object (pmp-core's list decoders refuse a bare object, and
        // take a 3.x envelope as a page).
        let response = answer.response();
        let body = response.body.trim_ascii_start();
        let rows: Vec<T> = if body.starts_with(b"{") && !body.starts_with(b"{\"data\"") {
            vec![decode_row(config, &response)?]
        } else {
            decode_search(config, &response)?
        };
        Ok(rows.iter().map(|r| serde_json::to_value(r).unwrap()).collect())
    }
    struct Rows<'a>(&'a ClientConfig, &'a Answer);
    impl RowVisitor for Rows<'_> {
        type Output = Result<Vec<serde_json::Value>, PmpError>;
        fn visit<T: Row>(self) -> Self::Output {
            rows::<T>(self.0, self.1)
        }
    }
    resource.visit_row(Rows(config, answer))
}

/// How many columns get, list and search rows of a resource share at least (its own table's).
fn views_min(resource: Resource) -> usize {
    // The decoders drop the secret columns (staff rows carry their own).
    pmp_sandbox::own_columns(resource)
        .iter()
        .filter(|c| !strings::SECRET_COLUMNS.contains(c))
        .count()
}

/// A record with every mandatory field of a resource set, marked with `tag`.
fn valid_record(resource: Resource, tag: &str) -> InputRecord {
    let mut record = InputRecord::new(resource);
    // The fields some version requires on create (item writes: 3.0's), but amounts the
    // client computes.
    let required = |name: &str| {
        resource.rules().iter().any(|r| {
            r.field == name
                && r.required_since.is_some()
                && r.checked.on_create()
                && !is_computed(resource, name)
        })
    };
    for spec in input_fields(resource)
        .iter()
        .filter(|f| f.required || required(f.name))
    {
        let value = match spec.kind {
            FieldKind::Number => InputValue::Number(7),
            FieldKind::Date => InputValue::Text("2019-07-30".to_owned()),
            FieldKind::NumberList => InputValue::NumberList(vec![7]),
            FieldKind::NewLines => InputValue::Lines(vec![LineItem::new(format!("line {tag}"), "2", "3.5")]),
            _ => InputValue::Text(format!("{} {tag}", spec.name)),
        };
        record.set(spec.name, value).unwrap();
    }
    record
}

/// `changes` as an update of row `id` sends them: on a resource whose updates carry the
/// whole row again (invoices, estimates), `changes` must be that whole row, and the lines the
/// row has are kept (read from its get). `None` where the version's get crashes: no update
/// can name the lines then.
async fn update_of(
    sandbox: &Sandbox,
    resource: Resource,
    module: Module,
    get: Args<'_>,
    changes: &InputRecord,
) -> Option<InputRecord> {
    if !resource.updates_whole() {
        return Some(changes.clone());
    }
    if resource.quirks().get_crashes(module) {
        return None;
    }
    let got = call(sandbox, resource, Operation::Get, get).await;
    let kept = LineItem::kept(&got.json()["items"]);
    assert!(!kept.is_empty(), "{}: the get has its lines", resource.segment());
    let mut whole = changes.clone();
    for (spec, _) in changes
        .values()
        .iter()
        .filter(|(s, _)| s.kind == FieldKind::NewLines)
    {
        whole.remove(spec.name);
    }
    whole.set("items", InputValue::Lines(kept)).unwrap();
    Some(whole)
}

/// The oldest module version that serves the resource (contacts: 2.0).
fn oldest(resource: Resource) -> Module {
    Module::ALL.into_iter().find(|m| resource.exists_on(*m)).unwrap()
}

/// The oldest module version that serves the resource's `operation` (item writes: 3.0), `None`
/// where no version does (payments' update and delete).
fn oldest_serving(resource: Resource, operation: Operation) -> Option<Module> {
    Module::ALL.into_iter().find(|m| resource.serves(*m, operation))
}

/// A sandbox of each version, in `Module::ALL` order.
async fn every_version(config: impl Fn(Module) -> Config) -> Vec<Sandbox> {
    let mut all = Vec::new();
    for module in Module::ALL {
        all.push(Sandbox::with(config(module)).await);
    }
    all
}

async fn call(sandbox: &Sandbox, resource: Resource, operation: Operation, args: Args<'_>) -> Answer {
    let request = build_request(&sandbox.config, Endpoint::of(resource, operation), args).unwrap();
    sandbox.send(&request).await
}

#[tokio::test]
async fn seeded_records_are_the_documents_examples() {
    let sandbox = Sandbox::start().await;
    let list = call(&sandbox, Resource::Customers, Operation::List, Args::None).await;
    assert_eq!(list.status, 200);
    let rows = list.json();
    for example in fixture("customers-list-200").as_array().unwrap() {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["userid"] == example["userid"])
            .unwrap_or_else(|| panic!("customer {} is seeded", example["userid"]));
        assert_shared(row, example, &[], "customer");
    }
    // The typed decoder reads the sandbox's rows.
    let from_sandbox: Vec<Customer> = decode_list(&sandbox.config, &list.response()).unwrap();
    assert!(from_sandbox.len() > 20);

    for (resource, id, name, skip) in [
        (Resource::Leads, 17, "leads-get-200", &[][..]),
        (Resource::Milestones, 5, "milestones-get-200", &[]),
        // The row's `name` is the joined priority's, `email` the joined contact's.
        (
            Resource::Tickets,
            7,
            "tickets-get-200",
            &["name", "email", "admin"],
        ),
    ] {
        let got = call(&sandbox, resource, Operation::Get, Args::Id(id)).await;
        assert_eq!(got.status, 200, "{name}");
        let row = match got.json() {
            // Every version answers a milestone as an array of one row.
            Value::Array(mut rows) if resource == Resource::Milestones => rows.remove(0),
            row => row,
        };
        assert_shared(&row, &fixture(name), skip, name);
    }
    let searched = call(
        &sandbox,
        Resource::Leads,
        Operation::Search,
        Args::Keyword("Themesic"),
    )
    .await;
    assert_shared(
        &searched.json()[0],
        &fixture("leads-search-200"),
        &[],
        "lead search",
    );
    let searched = call(
        &sandbox,
        Resource::Milestones,
        Operation::Search,
        Args::Keyword("MIlestone"),
    )
    .await;
    assert_shared(
        &searched.json()[0],
        &fixture("milestones-search-200"),
        &[],
        "milestone search",
    );
    // The project is the document's project example (shown under customers with
    // "project" replaced by "customer").
    let project = call(&sandbox, Resource::Projects, Operation::Get, Args::Id(28))
        .await
        .json();
    let mut expected = serde_json::Map::new();
    for (key, value) in fixture("customers-get-200").as_object().unwrap() {
        expected.insert(key.replace("customer_", "project_"), value.clone());
    }
    assert_shared(&project, &Value::Object(expected), &[], "project 28");
}

#[tokio::test]
async fn every_catalogue_endpoint_works_for_every_resource() {
    let sandboxes = every_version(|module| Config { module, ..v1() }).await;
    let mut answered = Vec::new();
    let message_of = |resource, outcome| Some(strings::write_message(resource, outcome));
    for resource in Resource::ALL {
        // Each resource on the oldest version that creates it; a child's rows belong to
        // customer 7.
        let module = oldest_serving(resource, Operation::Create).unwrap();
        let sandbox = &sandboxes[module as usize];
        let serves = |operation| resource.serves(module, operation);
        let parent = resource.info().parent.map(|_| 7);
        let get_args = |id| parent.map_or(Args::Id(id), |p| Args::ParentAndId(p, id));
        let tag = format!("t{}", resource.segment());
        let record = valid_record(resource, &tag);
        let created = call(sandbox, resource, Operation::Create, Args::Fields(&record)).await;
        let message = decode_created(&sandbox.config, &created.response()).unwrap();
        // 2.0.8's payments answer an empty body.
        let added = (!resource.quirks().create_empty(module))
            .then(|| message_of(resource, strings::WriteOutcome::Added))
            .flatten();
        assert_eq!(message.message, added, "{tag}");
        assert!(message.status, "{tag}");

        let list = call(
            sandbox,
            resource,
            Operation::List,
            parent.map_or(Args::None, Args::Id),
        )
        .await;
        // Where the version's list always answers 404 (1.0.0's tasks), rows are read from
        // searches.
        let list = if resource.quirks().list_fails(module) {
            let err = typed_rows(resource, &sandbox.config, &list).unwrap_err();
            assert_eq!(err.kind, ErrorKind::NotFound, "{tag}: list");
            call(sandbox, resource, Operation::Search, Args::Keyword(&tag)).await
        } else {
            list
        };
        let rows = typed_rows(resource, &sandbox.config, &list).unwrap();
        let id_of = |row: &Value| row[resource.id_field()].as_str().unwrap().parse::<u64>().unwrap();
        let newest = rows.iter().max_by_key(|r| id_of(r)).unwrap().clone();
        let id: u64 = newest[resource.id_field()].as_str().unwrap().parse().unwrap();
        let columns = resource.row_fields();
        for spec in input_fields(resource)
            .iter()
            .filter(|f| f.required && columns.contains(&f.name) && f.kind != FieldKind::NumberList)
        {
            let stored = newest[spec.name]
                .as_str()
                .unwrap_or_else(|| panic!("{} {}", resource.segment(), spec.name));
            match spec.kind {
                FieldKind::Date => assert_eq!(stored, "2019-07-30"),
                FieldKind::Number => assert_eq!(stored, "7"),
                _ => assert_eq!(stored, format!("{} {tag}", spec.name)),
            }
        }

        // Get and search rows join other tables than list rows do: the columns they share agree.
        let got = call(sandbox, resource, Operation::Get, get_args(id)).await;
        let found = call(sandbox, resource, Operation::Search, Args::Keyword(&tag)).await;
        let crashes = resource.quirks().get_crashes(module);
        if crashes {
            assert_eq!((got.status, got.body.len()), (500, 0), "{tag}: get");
        }
        let read = [("get", got), ("search", found)];
        for (what, answer) in read.into_iter().filter(|(what, _)| !crashes || *what != "get") {
            let rows = typed_rows(resource, &sandbox.config, &answer).unwrap();
            assert_eq!(rows.len(), 1, "{what} {tag}");
            let row = rows[0].as_object().unwrap();
            let shared: Vec<&String> = row.keys().filter(|k| newest.get(k.as_str()).is_some()).collect();
            // Bare search rows (the quirk `id_alias`) may be of another shape: items' are
            // `{rate, id, name, subtext}`, which share the id and the rate.
            let min = if what == "search" && resource.quirks().id_alias.is_some() {
                2
            } else {
                views_min(resource)
            };
            assert!(shared.len() >= min, "{what}: {shared:?}");
            // A sales document's search selects its customer's columns after its own: those win.
            let customers = pmp_sandbox::own_columns(Resource::Customers);
            let overwritten =
                |k: &str| what == "search" && resource.updates_whole() && customers.contains(&k);
            for key in shared.into_iter().filter(|k| {
                !["name", "userid", "email"].contains(&k.as_str()) || resource != Resource::Tickets
            }) {
                if overwritten(key) {
                    continue;
                }
                assert_eq!(row.get(key), newest.get(key), "{what} {tag}: {key}");
            }
        }

        answered.extend(
            [
                Operation::Create,
                Operation::List,
                Operation::Get,
                Operation::Search,
            ]
            .map(|op| Endpoint::of(resource, op).operation_id),
        );
        let changed = valid_record(resource, "changed");
        // What the version lacks answers 405 (payments' update and delete).
        for operation in [Operation::Update, Operation::Delete]
            .into_iter()
            .filter(|op| !serves(*op))
        {
            let args = match operation {
                Operation::Update => Args::IdAndFields(id, &changed),
                _ => Args::Id(id),
            };
            let answer = call(sandbox, resource, operation, args).await;
            assert_eq!(answer.status, 405, "{tag}: {operation:?}");
            assert_eq!(answer.json()["error"], strings::UNKNOWN_METHOD);
        }
        if !serves(Operation::Update) {
            continue;
        }
        let Some(changed) = update_of(sandbox, resource, module, get_args(id), &changed).await else {
            // 2.0.8's invoices: no get names the lines an update keeps; deleted untouched.
            let deleted = call(sandbox, resource, Operation::Delete, Args::Id(id)).await;
            assert!(
                decode_message(&sandbox.config, &deleted.response())
                    .unwrap()
                    .status
            );
            answered.extend(
                CATALOGUE
                    .iter()
                    .filter(|e| e.resource == resource)
                    .map(|e| e.operation_id),
            );
            continue;
        };
        let updated = call(
            sandbox,
            resource,
            Operation::Update,
            Args::IdAndFields(id, &changed),
        )
        .await;
        let message = decode_message(&sandbox.config, &updated.response()).unwrap();
        assert_eq!(
            message.message,
            message_of(resource, strings::WriteOutcome::Updated)
        );
        // The same values again change nothing: the real module answers "Update Fail.",
        // but for staffs, whose model answers success whatever it changed.
        let ignores_missing = resource.quirks().writes_ignore_missing(module);
        let again = call(
            sandbox,
            resource,
            Operation::Update,
            Args::IdAndFields(id, &changed),
        )
        .await;
        let update_failed = message_of(resource, strings::WriteOutcome::UpdateFailed);
        if ignores_missing {
            let message = decode_message(&sandbox.config, &again.response()).unwrap();
            assert_eq!(
                message.message,
                message_of(resource, strings::WriteOutcome::Updated)
            );
        } else {
            let err = decode_message(&sandbox.config, &again.response()).unwrap_err();
            assert_eq!((err.kind, err.status), (ErrorKind::Http, Some(404)));
            assert_eq!(Some(err.message), update_failed);
        }

        let deleted = call(sandbox, resource, Operation::Delete, Args::Id(id)).await;
        let message = decode_message(&sandbox.config, &deleted.response()).unwrap();
        assert_eq!(
            message.message,
            message_of(resource, strings::WriteOutcome::Deleted)
        );
        let gone = call(sandbox, resource, Operation::Get, get_args(id)).await;
        let err = decode_row::<Customer>(&sandbox.config, &gone.response()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        // Staffs: the real module answers success whatever the id (the quirk
        // `writes_ignore_missing_on`).
        let twice = call(sandbox, resource, Operation::Delete, Args::Id(id)).await;
        // Invoices and estimates: the controller looks the row up (`Invalid Invoice ID`,
        // which the clients read as `not_found`).
        let (status, outcome) = if ignores_missing {
            (200, strings::WriteOutcome::Deleted)
        } else if resource.quirks().deletes_newest_only {
            let err = decode_message(&sandbox.config, &twice.response()).unwrap_err();
            assert_eq!(err.kind, ErrorKind::NotFound, "{tag}");
            (404, strings::WriteOutcome::InvalidId)
        } else {
            (404, strings::WriteOutcome::DeleteFailed)
        };
        assert_eq!(twice.status, status, "{tag}");
        assert_eq!(
            twice.json()["message"].as_str().map(str::to_owned),
            message_of(resource, outcome)
        );
        let missing = call(
            sandbox,
            resource,
            Operation::Update,
            Args::IdAndFields(id, &changed),
        )
        .await;
        // Invoices and estimates: 409 `... ID Doesn't Not Exist.`, read as not found; 3.x
        // names a missing row where the controller says so.
        let conflict = resource.quirks().missing_update_conflict;
        if conflict {
            let err = decode_message(&sandbox.config, &missing.response()).unwrap_err();
            assert_eq!((err.kind, err.status), (ErrorKind::NotFound, Some(409)));
        }
        let missing_message = if ignores_missing {
            message_of(resource, strings::WriteOutcome::Updated)
        } else if conflict || (module.is_v3() && resource.quirks().missing_update_not_found_on_v3) {
            message_of(resource, strings::WriteOutcome::NotFound)
        } else {
            update_failed
        };
        if ignores_missing {
            assert_eq!(missing.status, 200, "{tag}: update of a missing row");
        }
        assert_eq!(
            missing.json()["message"].as_str().map(str::to_owned),
            missing_message
        );
        let nothing = call(
            sandbox,
            resource,
            Operation::Search,
            Args::Keyword("no such thing"),
        )
        .await;
        // 404 "No data were found", which pmp-core reads as no rows.
        assert_eq!(nothing.status, 404);
        assert!(decode_search::<Lead>(&sandbox.config, &nothing.response())
            .unwrap()
            .is_empty());
        answered
            .extend([Operation::Update, Operation::Delete].map(|op| Endpoint::of(resource, op).operation_id));
    }
    // Every endpoint of the table that some version serves was called and answered
    // successfully above.
    for endpoint in CATALOGUE
        .iter()
        .filter(|e| e.resource.served_anywhere(e.operation))
    {
        assert!(
            answered.contains(&endpoint.operation_id),
            "{} not exercised",
            endpoint.operation_id
        );
    }
}

/// Every resource on every version that serves it, from its declared example (pmp-core's
/// `Resource::example`, its title field set to a mark): create, search, get, list, update,
/// delete, each answer read by pmp-core's decoders with the resource's row model.
#[tokio::test]
async fn every_resource_serves_its_example_on_every_profile() {
    for module in Module::ALL {
        let sandbox = &Sandbox::start_as(module).await;
        for resource in Resource::ALL.into_iter().filter(|r| r.exists_on(module)) {
            let what = format!("{} on {}", resource.segment(), module.name());
            let title = resource.title_field();
            let id_field = resource.id_field();
            let parent = resource.example_parent_id();
            let get_args = |id| parent.map_or(Args::Id(id), |p| Args::ParentAndId(p, id));
            let serves = |operation| resource.serves(module, operation);
            let lacks = |answer: &Answer, operation| {
                assert_eq!(answer.status, 405, "{what}: {operation:?}");
                assert_eq!(answer.json()["error"], strings::UNKNOWN_METHOD, "{what}");
            };
            let mut mark = format!("Zx{}{}", resource.segment(), module as usize);
            let mut record = resource.example_record();
            record.set(title, InputValue::Text(mark.clone())).unwrap();
            let created = call(sandbox, resource, Operation::Create, Args::Fields(&record)).await;
            if serves(Operation::Create) {
                let message = decode_created(&sandbox.config, &created.response());
                assert!(message.unwrap_or_else(|e| panic!("{what}: {e}")).status, "{what}");
            } else {
                // A version that only reads (2.0.8's items): the rest reads a seed row.
                lacks(&created, Operation::Create);
                let listed = call(sandbox, resource, Operation::List, Args::None).await;
                let rows = typed_rows(resource, &sandbox.config, &listed).unwrap();
                mark = rows[0][title].as_str().unwrap().to_owned();
            }

            let found = call(sandbox, resource, Operation::Search, Args::Keyword(&mark)).await;
            let rows = typed_rows(resource, &sandbox.config, &found).unwrap();
            assert_eq!(rows.len(), 1, "{what}: search {rows:?}");
            let id: u64 = rows[0][id_field].as_str().unwrap().parse().unwrap();
            if !serves(Operation::Create) {
                let got = typed_rows(
                    resource,
                    &sandbox.config,
                    &call(sandbox, resource, Operation::Get, get_args(id)).await,
                );
                assert_eq!(got.unwrap()[0][title], mark.as_str(), "{what}: get");
                for operation in [Operation::Update, Operation::Delete] {
                    let mut record = InputRecord::new(resource);
                    record.set(title, InputValue::Text(format!("{mark}u"))).unwrap();
                    let args = match operation {
                        Operation::Update => Args::IdAndFields(id, &record),
                        _ => Args::Id(id),
                    };
                    lacks(&call(sandbox, resource, operation, args).await, operation);
                }
                continue;
            }
            // Where the version's get crashes on every row (2.0.8's tickets), rows are read
            // from searches.
            let crashes = resource.quirks().get_crashes(module);
            let read = |id, keyword: String| async move {
                let answer = if crashes {
                    let crashed = call(sandbox, resource, Operation::Get, get_args(id)).await;
                    assert_eq!((crashed.status, crashed.body.len()), (500, 0), "{keyword}");
                    call(sandbox, resource, Operation::Search, Args::Keyword(&keyword)).await
                } else {
                    call(sandbox, resource, Operation::Get, get_args(id)).await
                };
                typed_rows(resource, &sandbox.config, &answer)
            };
            let rows = read(id, mark.clone()).await.unwrap();
            assert_eq!(rows[0][title], mark.as_str(), "{what}: get");
            let listed = call(
                sandbox,
                resource,
                Operation::List,
                parent.map_or(Args::None, Args::Id),
            )
            .await;
            let rows = typed_rows(resource, &sandbox.config, &listed);
            // 1.0.0's task list answers 404 however many tasks there are.
            let rows = if resource.quirks().list_fails(module) {
                assert_eq!(rows.unwrap_err().kind, ErrorKind::NotFound, "{what}: list");
                None
            } else {
                Some(rows.unwrap())
            };
            assert!(rows.as_ref().is_none_or(|r| !r.is_empty()), "{what}: list");
            if let Some(rows) = rows.filter(|_| parent.is_some()) {
                // A parent's rows are few: the new one is among them (3.x pages other lists).
                assert!(
                    rows.iter().any(|r| r[id_field] == id.to_string().as_str()),
                    "{what}: list"
                );
            }

            let mut renamed = if resource.updates_whole() {
                resource.example_record()
            } else {
                InputRecord::new(resource)
            };
            renamed.set(title, InputValue::Text(format!("{mark}u"))).unwrap();
            // Payments are never updated or deleted: both answer 405.
            let unserved = [Operation::Update, Operation::Delete].map(|op| (op, !serves(op)));
            for (operation, _) in unserved.iter().filter(|(_, lacked)| *lacked) {
                let args = match operation {
                    Operation::Update => Args::IdAndFields(id, &renamed),
                    _ => Args::Id(id),
                };
                lacks(&call(sandbox, resource, *operation, args).await, *operation);
            }
            if unserved.iter().any(|(_, lacked)| *lacked) {
                continue;
            }
            let Some(renamed) = update_of(sandbox, resource, module, get_args(id), &renamed).await else {
                continue;
            };
            let updated = call(
                sandbox,
                resource,
                Operation::Update,
                Args::IdAndFields(id, &renamed),
            )
            .await;
            assert!(
                decode_message(&sandbox.config, &updated.response())
                    .unwrap()
                    .status,
                "{what}"
            );
            let rows = read(id, format!("{mark}u")).await.unwrap();
            assert_eq!(
                rows[0][title],
                format!("{mark}u").as_str(),
                "{what}: get after update"
            );

            let deleted = call(sandbox, resource, Operation::Delete, Args::Id(id)).await;
            assert!(
                decode_message(&sandbox.config, &deleted.response())
                    .unwrap()
                    .status,
                "{what}"
            );
            let gone = call(sandbox, resource, Operation::Get, get_args(id)).await;
            let err = typed_rows(resource, &sandbox.config, &gone).unwrap_err();
            assert_eq!(err.kind, ErrorKind::NotFound, "{what}: get after delete");
            // 404 "No data were found", which pmp-core reads as no rows.
            let found = call(sandbox, resource, Operation::Search, Args::Keyword(&mark)).await;
            let rows = decode_search::<Lead>(&sandbox.config, &found.response()).unwrap();
            assert!(rows.is_empty(), "{what}: search after delete");
        }
    }
}

#[tokio::test]
async fn every_catalogue_path_is_routed() {
    let v2 = Config {
        module: Module::V2,
        ..v1()
    };
    let sandboxes = [
        Sandbox::with(Config { empty: true, ..v1() }).await,
        Sandbox::with(Config { empty: true, ..v2 }).await,
        Sandbox::with(Config {
            empty: true,
            module: Module::V3,
            ..v1()
        })
        .await,
    ];
    for endpoint in CATALOGUE.iter() {
        let Some(module) = oldest_serving(endpoint.resource, endpoint.operation) else {
            // No version has it: the controller's 405 (payments' update and delete).
            let sandbox = &sandboxes[oldest(endpoint.resource) as usize];
            let path = endpoint.path.replace("{id}", "999");
            let method = reqwest::Method::from_bytes(endpoint.method.as_str().as_bytes()).unwrap();
            let answer = sandbox
                .raw(sandbox.http.request(method, sandbox.url(&path)))
                .await;
            assert_eq!(answer.status, 405, "{}", endpoint.operation_id);
            continue;
        };
        let sandbox = &sandboxes[module as usize];
        // Id 999 does not exist: every endpoint answers its own "not found" or validation
        // failure, never the router's "Unknown API path" or "Unknown method".
        let path = endpoint
            .path
            .replace("{id}", "999")
            .replace("{parent_id}", "999")
            .replace("{keysearch}", "zzz");
        let method = reqwest::Method::from_bytes(endpoint.method.as_str().as_bytes()).unwrap();
        let answer = sandbox
            .raw(sandbox.http.request(method, sandbox.url(&path)).body("{\"x\":1}"))
            .await;
        // Staffs' update and delete answer success whatever the id (the quirk
        // `writes_ignore_missing_on`), from the controller too.
        let write = matches!(endpoint.operation, Operation::Update | Operation::Delete);
        if write && endpoint.resource.quirks().writes_ignore_missing(module) {
            assert_eq!(answer.status, 200, "{}", endpoint.operation_id);
            assert_eq!(answer.json()["status"], true, "{}", endpoint.operation_id);
            continue;
        }
        answer.assert_client_error(endpoint.operation_id);
        let message = answer.json()["message"].as_str().unwrap_or_default().to_owned();
        assert!(
            !message.starts_with("Unknown"),
            "{}: {message}",
            endpoint.operation_id
        );
    }
}

#[tokio::test]
async fn validation_failures_name_each_mandatory_field() {
    let sandboxes = every_version(|module| Config { module, ..v1() }).await;
    for resource in Resource::ALL {
        let module = oldest_serving(resource, Operation::Create).unwrap();
        let sandbox = &sandboxes[module as usize];
        let url = sandbox.url(&format!("api/{}", resource.segment()));
        let answer = sandbox
            .raw(
                sandbox
                    .http
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(""),
            )
            .await;
        assert_eq!(answer.status, 404);
        let body = answer.json();
        let required: Vec<&str> = resource.required_on(module).map(|r| r.field).collect();
        assert_eq!(body["error"].as_object().unwrap().len(), required.len(), "{body}");
        for field in &required {
            // A rule on a list is named `name[]`, as CodeIgniter names it.
            let spec = input_fields(resource).iter().find(|f| f.name == *field).unwrap();
            let key = match spec.kind {
                FieldKind::NumberList | FieldKind::NewLines | FieldKind::Lines => format!("{field}[]"),
                _ => (*field).to_owned(),
            };
            let message = body["error"][&key]
                .as_str()
                .unwrap_or_else(|| panic!("{key}: {body}"));
            assert!(
                message.starts_with("The ") && message.ends_with(" field is required."),
                "{message}"
            );
            assert!(body["message"]
                .as_str()
                .unwrap()
                .contains(&format!("<p>{message}</p>\n")));
        }
        let err = check_response(&sandbox.config, &answer.response()).unwrap();
        assert_eq!(err.kind, ErrorKind::Validation);
    }
    // The real module's own words, and a JSON POST (not read by PHP) fails the same way.
    let sandbox = &sandboxes[0];
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/customers"))
                .json(&json!({"company": "A"})),
        )
        .await;
    assert_eq!(
        answer.json(),
        json!({"status": false, "error": {"company": "The Company field is required."},
               "message": "<p>The Company field is required.</p>\n"})
    );
    // A bad number is named; an unknown field is ignored, as real servers do.
    let project = |clientid: &'static str, start_date: &'static str| {
        sandbox.http.post(sandbox.url("api/projects")).form(&[
            ("name", "P"),
            ("clientid", clientid),
            ("billing_type", "1"),
            ("start_date", start_date),
            ("status", "1"),
            ("colour", "red"),
        ])
    };
    let answer = sandbox.raw(project("abc", "2019-02-28")).await;
    let errors = answer.json()["error"].clone();
    assert_eq!(errors.as_object().unwrap().len(), 1, "{errors}");
    assert!(errors["clientid"].as_str().unwrap().contains("integer"));
    // A date in the document's d/m/Y format makes the real server fail with an empty 500.
    let answer = sandbox.raw(project("1", "30/07/2019")).await;
    assert_eq!((answer.status, answer.body.len()), (500, 0));
    let answer = sandbox.raw(project("1", "2019-07-30")).await;
    assert_eq!(answer.json()["message"], "Project add successful.");
}

#[tokio::test]
async fn token_failures_answer_like_the_real_module() {
    let sandbox = Sandbox::with(Config {
        tokens: vec![
            pmp_sandbox::full_token(DEV_TOKEN),
            pmp_sandbox::full_token("second-token"),
        ],
        ..v1()
    })
    .await;
    let url = sandbox.url("api/customers");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let current = pmp_sandbox::sign_token(&json!({"user": "x", "API_TIME": now}));
    let expired = pmp_sandbox::sign_token(&json!({"user": "x", "API_TIME": 1}));
    let cases: [(Option<(&str, &str)>, Value); 6] = [
        (None, json!("Token is not defined.")),
        (
            Some(("authtoken", "not-a-jwt")),
            json!("Wrong number of segments"),
        ),
        (
            Some(("authtoken", "a.b.c")),
            json!("Signature verification failed"),
        ),
        (Some(("authtoken", &current)), Value::Null),
        (Some(("authtoken", &expired)), json!("Token Time Expire.")),
        // The Authorization header is never read, on any version.
        (Some(("Authorization", DEV_TOKEN)), json!("Token is not defined.")),
    ];
    for (header, message) in cases {
        let mut request = sandbox.http.get(&url);
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let answer = common::answer(request.send().await.unwrap()).await;
        assert_eq!(answer.status, 404);
        assert_eq!(answer.json(), json!({"status": false, "message": message}));
        let err = check_response(&sandbox.config, &answer.response()).unwrap();
        assert_eq!(err.kind, ErrorKind::Auth, "{header:?}");
        assert!(!answer.text().contains(DEV_TOKEN));
    }
    for (name, value) in [("AuthToken", DEV_TOKEN), ("authtoken", "second-token")] {
        let answer = common::answer(sandbox.http.get(&url).header(name, value).send().await.unwrap()).await;
        assert_eq!(answer.status, 200, "{name}");
    }
}

#[tokio::test]
async fn put_bodies_json_and_forms() {
    // The PUT body table of wire/PMP-WIRE-FACTS.md, per version: empty, `{}`, a form.
    for (module, resource, id, answers) in [
        (
            Module::V1,
            "customers",
            3,
            [(500, ""), (404, "Customers Update Fail."), (500, "")],
        ),
        (Module::V1, "leads", 17, [(500, ""), (500, ""), (500, "")]),
        (
            Module::V2,
            "milestones",
            5,
            [(406, "Data Not Acceptable OR Not Provided"); 3],
        ),
        (
            Module::V2,
            "projects",
            28,
            [(500, "html"), (500, "html"), (500, "html")],
        ),
        (
            Module::V3,
            "customers",
            3,
            [(406, "Data Not Acceptable OR Not Provided"); 3],
        ),
        (Module::V3, "leads", 17, [(404, "Lead Update Fail."); 3]),
        (Module::V3, "tickets", 7, [(200, "Ticket Update Successful."); 3]),
    ] {
        let sandbox = Sandbox::start_as(module).await;
        let put = || sandbox.http.put(sandbox.url(&format!("api/{resource}/{id}")));
        let requests = [put(), put().body("{}"), put().form(&[("name", "X")])];
        for (request, (status, message)) in requests.into_iter().zip(answers) {
            let answer = sandbox.raw(request).await;
            let what = format!("{module:?} {resource}");
            assert_eq!(answer.status, status, "{what}: {}", answer.text());
            match message {
                "" => assert!(answer.body.is_empty(), "{what}"),
                "html" => assert!(answer.text().contains("An Error Was Encountered"), "{what}"),
                message => assert_eq!(answer.json()["message"], message, "{what}"),
            }
        }
    }
    let sandbox = Sandbox::start().await;
    let put = |path: &str| sandbox.http.put(sandbox.url(path));
    // A partial JSON body changes only the fields it names, never re-checked.
    let answer = sandbox
        .raw(put("api/leads/17").json(&json!({"name": "Lead renamed"})))
        .await;
    assert_eq!(answer.json()["message"], "Lead Update Successful.");
    let lead = sandbox
        .raw(sandbox.http.get(sandbox.url("api/leads/17")))
        .await
        .json();
    assert_eq!(
        (lead["name"].as_str(), lead["source"].as_str()),
        (Some("Lead renamed"), Some("4"))
    );
    let answer = sandbox
        .raw(put("api/customers/3").json(&json!({"company": ""})))
        .await;
    assert_eq!(answer.json()["message"], "Customers Update Successful.");
    let customer = sandbox
        .raw(sandbox.http.get(sandbox.url("api/customers/3")))
        .await
        .json();
    assert!(
        customer["company"].is_null(),
        "a blanked company is stored as NULL"
    );
    // The document's milestone update example, with an ISO date (its dd/mm/yyyy one makes
    // real servers fail with an empty 500).
    let example = json!({"project_id": "1", "name": "Milestone A", "due_date": "2019-07-30",
        "description": "Description", "description_visible_to_customer": "on", "milestone_order": "1"});
    let answer = sandbox.raw(put("api/milestones/5").json(&example)).await;
    assert_eq!(answer.json()["message"], "Milestone Update Successful.");
    let milestone = sandbox
        .raw(sandbox.http.get(sandbox.url("api/milestones/5")))
        .await
        .json()[0]
        .clone();
    assert_eq!(
        (
            milestone["due_date"].as_str(),
            milestone["description_visible_to_customer"].as_str()
        ),
        (Some("2019-07-30"), Some("1"))
    );
    let slash = json!({"due_date": "30/07/2019"});
    let answer = sandbox.raw(put("api/milestones/5").json(&slash)).await;
    assert_eq!((answer.status, answer.body.len()), (500, 0));
    // The document's ticket example carries `ticketid`: ignored, as the real server does.
    let ticket =
        json!({"subject": "Ticket ER2", "department": "1", "contactid": "0", "ticketid": "7", "userid": "0"});
    assert_eq!(
        sandbox.raw(put("api/tickets/7").json(&ticket)).await.json()["message"],
        "Ticket Update Successful."
    );
}

#[tokio::test]
async fn method_override_and_delete_alias() {
    let sandbox = Sandbox::start().await;
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/customers/3"))
                .header("X-HTTP-Method-Override", "PUT")
                .json(&json!({"company": "Renamed"})),
        )
        .await;
    assert_eq!(answer.json()["message"], "Customers Update Successful.");
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/customers/3"))
                .form(&[("_method", "DELETE")]),
        )
        .await;
    assert_eq!(answer.json()["message"], "Customer Delete Successful.");
    let answer = sandbox
        .raw(sandbox.http.delete(sandbox.url("api/customers/1")))
        .await;
    assert_eq!(answer.json()["message"], "Customer Delete Successful.");
    for id in [1, 3] {
        let gone = sandbox
            .raw(sandbox.http.get(sandbox.url(&format!("api/customers/{id}"))))
            .await;
        assert_eq!(gone.json()["message"], "No data were found");
    }
    // Unknown methods: 405 with the text under `error`; unknown paths: the CRM's HTML 404 page
    // (1.0.0, 2.0.8) or a redirect to the admin login (3.0.3).
    let answer = sandbox
        .raw(
            sandbox
                .http
                .put(sandbox.url("api/customers"))
                .json(&json!({"a": 1})),
        )
        .await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.json(), json!({"status": false, "error": "Unknown method"}));
    let answer = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/leads"))
                .header("X-HTTP-Method-Override", "PATCH"),
        )
        .await;
    assert_eq!(answer.status, 405);
    let answer = sandbox
        .raw(sandbox.http.get(sandbox.url("api/newsletters")))
        .await;
    assert_eq!(answer.status, 404);
    assert!(answer.text().contains("404 Page Not Found"));
    assert!(!answer.text().contains("/var/www"), "no path of any machine");
    let v3 = Sandbox::start_as(Module::V3).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = v3.raw(http.get(v3.url("api/newsletters"))).await;
    assert_eq!(answer.status, 307);
}

#[tokio::test]
async fn attachments_lists_and_custom_fields_are_stored() {
    let sandbox = Sandbox::start().await;
    let mut record = valid_record(Resource::Leads, "files");
    let files = vec![
        FilePart {
            filename: "plan.txt".into(),
            content_type: "text/plain".into(),
            bytes: b"hello".to_vec(),
        },
        FilePart {
            filename: "logo.png".into(),
            content_type: "image/png".into(),
            bytes: vec![0x89, b'P', b'N', b'G'],
        },
    ];
    record.set("files", InputValue::Files(files)).unwrap();
    let answer = call(
        &sandbox,
        Resource::Leads,
        Operation::Create,
        Args::Fields(&record),
    )
    .await;
    assert_eq!(answer.json()["message"], "Lead add successful.");
    let rows = call(
        &sandbox,
        Resource::Leads,
        Operation::Search,
        Args::Keyword("files"),
    )
    .await
    .json();
    let id: i64 = rows[0]["id"].as_str().unwrap().parse().unwrap();
    // A lead's get row lists its attachments (list and search rows do not).
    assert!(rows[0].get("attachments").is_none());
    let lead = call(&sandbox, Resource::Leads, Operation::Get, Args::Id(id as u64))
        .await
        .json();
    let listed: Vec<(&str, &str, &str)> = lead["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["file_name"].as_str().unwrap(),
                a["filetype"].as_str().unwrap(),
                a["filesize"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("plan.txt", "text/plain", "5"), ("logo.png", "image/png", "4")]
    );
    // Lists and custom fields are stored (real rows do not show them) and a file part on a
    // customer is ignored, as real servers ignore what they do not read.
    let form = reqwest::multipart::Form::new()
        .text("company", "With groups")
        .text("groups_in[]", "1")
        .text("custom_fields[customers][3]", "blue")
        .part(
            "file[]",
            reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"),
        );
    let answer = sandbox
        .raw(sandbox.http.post(sandbox.url("api/customers")).multipart(form))
        .await;
    assert_eq!(answer.json()["message"], "Client add successful.");
    let store_row = sandbox
        .raw(sandbox.http.get(sandbox.url("api/customers/search/groups")))
        .await
        .json();
    assert_eq!(store_row[0]["company"], "With groups");
}

#[tokio::test]
async fn cors_static_files_and_openapi() {
    let dir = std::env::temp_dir().join(format!("pmp-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(dir.join("spec.json"), "{\"openapi\":\"3.1.0\"}").unwrap();
    let config = Config {
        www: dir.clone(),
        openapi: dir.join("spec.json"),
        ..v1()
    };
    let sandbox = Sandbox::with(config).await;
    let page = common::answer(sandbox.http.get(sandbox.url("/")).send().await.unwrap()).await;
    assert_eq!((page.status, page.text().as_str()), (200, "<h1>demo</h1>"));
    let spec = common::answer(
        sandbox
            .http
            .get(sandbox.url("openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(spec.json()["openapi"], "3.1.0");
    let missing = common::answer(
        sandbox
            .http
            .get(sandbox.url("nothing.html"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    missing.assert_client_error("missing static file");

    let preflight = |origin: &'static str| {
        sandbox
            .http
            .request(reqwest::Method::OPTIONS, sandbox.url("api/customers"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "authtoken, content-type")
            .send()
    };
    let allowed = preflight("http://localhost:5173").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let refused = preflight("http://evil.example").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    std::fs::remove_dir_all(&dir).unwrap();

    let bare = Sandbox::with(Config {
        openapi: "/nonexistent/pmp.json".into(),
        ..v1()
    })
    .await;
    let missing = common::answer(bare.http.get(bare.url("openapi.json")).send().await.unwrap()).await;
    missing.assert_client_error("openapi not generated");
}

#[tokio::test]
async fn the_body_limit_is_configurable() {
    let sandbox = Sandbox::with(Config {
        body_limit: 1024,
        ..v1()
    })
    .await;
    let form = |size: usize| format!("company={}", "x".repeat(size - "company=".len()));
    let post = |body: String| {
        sandbox
            .http
            .post(sandbox.url("api/customers"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let fits = sandbox.raw(post(form(1024))).await;
    assert_eq!(fits.json()["message"], "Client add successful.");
    let over = sandbox.raw(post(form(1025))).await;
    assert_eq!(over.status, 413);
    assert_eq!(
        over.json()["message"],
        "Request body too large: the limit is 1024 bytes"
    );
}

#[tokio::test]
async fn module_3_limits_idempotency_and_pages() {
    let mut config = Config {
        module: Module::V3,
        ..Config::in_memory()
    };
    config.limits.quota = 3;
    config.limits.auth_lockout = 2;
    let sandbox = Sandbox::with(config).await;
    let get = |path: &str| sandbox.http.get(sandbox.url(path));
    // Pages: 20 rows by default, per_page clamped to 100, a page past the end is the last.
    let page = sandbox.raw(get("api/customers")).await;
    let meta = page.json()["meta"].clone();
    assert_eq!(
        (meta["page"].as_u64(), meta["per_page"].as_u64()),
        (Some(1), Some(20))
    );
    assert_eq!(page.json()["data"].as_array().unwrap().len(), 20);
    assert!(meta["has_more"].as_bool().unwrap() && meta["total"].as_u64().unwrap() > 20);
    let last = sandbox
        .raw(get(
            "api/customers?page=99&per_page=500&sort=-userid&fields=userid",
        ))
        .await
        .json();
    assert_eq!(last["meta"]["per_page"], 100);
    assert_eq!(last["meta"]["page"], last["meta"]["last_page"]);
    let ids: Vec<u64> = last["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["userid"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "sorted by -userid");
    assert!(
        last["data"][0].as_object().unwrap().len() == 1,
        "only the named fields"
    );
    // The quota of 3 per endpoint: the fourth list answers 429.
    assert_eq!(sandbox.raw(get("api/customers")).await.status, 200);
    let over = sandbox.raw(get("api/customers")).await;
    assert_eq!(
        (over.status, over.json()["message"].as_str()),
        (429, Some("Rate limit exceeded"))
    );
    // Idempotency: the same key replays the stored answer, and creates nothing.
    let post = |key: &str, company: &str| {
        sandbox
            .http
            .post(sandbox.url("api/leads"))
            .header("Idempotency-Key", key.to_owned())
            .json(&json!({
                "name": company, "source": "1", "status": "1", "assigned": "1"
            }))
    };
    let first = sandbox.raw(post("k1", "Idem A")).await.json();
    let again = sandbox.raw(post("k1", "Idem B")).await.json();
    assert_eq!(first, again);
    assert!(first["record_id"].is_u64(), "{first}");
    let found = sandbox.raw(get("api/leads/search/Idem")).await.json();
    assert_eq!(found["meta"]["total"], 1, "created once: {found}");
    // Two auth failures lock the IP out, whatever the token then.
    for _ in 0..2 {
        let refused = common::answer(
            get("api/leads")
                .header("authtoken", "wrong")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(refused.json()["message"], "Token is not found");
    }
    let locked = sandbox.raw(get("api/leads/1")).await;
    assert_eq!(locked.status, 429);
    assert_eq!(
        locked.json()["message"],
        "Too many failed authentication attempts. Try again later."
    );
}

#[tokio::test]
async fn contacts_on_module_2() {
    let sandbox = Sandbox::start_as(Module::V2).await;
    let form = [
        ("customer_id", "1"),
        ("firstname", "Grace"),
        ("lastname", "Hopper"),
        ("email", "grace@navy.example"),
        ("password", "x"),
    ];
    let added = sandbox
        .raw(sandbox.http.post(sandbox.url("api/contacts")).form(&form))
        .await
        .json();
    assert_eq!(
        added,
        json!({"status": true, "message": "Contact added successfully."})
    );
    let listed = sandbox
        .raw(sandbox.http.get(sandbox.url("api/contacts/1")))
        .await
        .json();
    let grace = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["firstname"] == "Grace")
        .unwrap()
        .clone();
    assert_eq!(
        grace["company"], "Sample Company LTD",
        "the customer's columns are joined"
    );
    assert!(
        grace["password"].as_str().unwrap().starts_with("$2"),
        "a bcrypt hash, never the password"
    );
    assert_eq!(grace["customfields"], json!([]));
    let id = grace["id"].as_str().unwrap().to_owned();
    let one = sandbox
        .raw(sandbox.http.get(sandbox.url(&format!("api/contacts/1/{id}"))))
        .await
        .json();
    assert_eq!(one["email"], "grace@navy.example");
    assert_eq!(one["userid"], "1", "customer_id is stored in the parent column");
    let elsewhere = sandbox
        .raw(sandbox.http.get(sandbox.url(&format!("api/contacts/2/{id}"))))
        .await;
    assert_eq!(
        elsewhere.status, 404,
        "a contact is got under its own customer only"
    );
    let not_a_number = sandbox
        .raw(sandbox.http.post(sandbox.url("api/contacts")).form(&[
            ("customer_id", "abc"),
            ("firstname", "A"),
            ("lastname", "B"),
            ("email", "a@b.example"),
        ]))
        .await;
    assert_eq!(
        not_a_number.json()["error"]["customer_id"],
        "The Customer Id field must contain an integer."
    );
    let found = sandbox
        .raw(sandbox.http.get(sandbox.url("api/contacts/search/navy")))
        .await
        .json();
    assert_eq!(found.as_array().unwrap().len(), 1);
    let put = sandbox
        .raw(
            sandbox
                .http
                .put(sandbox.url(&format!("api/contacts/{id}")))
                .json(&json!({"title": "Rear Admiral"})),
        )
        .await;
    assert_eq!(put.json()["message"], "Contact Update Successful.");
    let hash = |row: &Value| row["password"].as_str().unwrap().to_owned();
    let get_one = || async {
        sandbox
            .raw(sandbox.http.get(sandbox.url(&format!("api/contacts/1/{id}"))))
            .await
            .json()
    };
    let before = get_one().await;
    assert_eq!(before["title"], "Rear Admiral");
    let changed = sandbox
        .raw(
            sandbox
                .http
                .put(sandbox.url(&format!("api/contacts/{id}")))
                .json(&json!({"password": "y", "customer_id": "2", "is_primary": "1"})),
        )
        .await;
    assert_eq!(changed.json()["message"], "Contact Update Successful.");
    let after = get_one().await;
    assert_ne!(
        hash(&after),
        hash(&before),
        "a new password is stored as a new hash"
    );
    assert!(hash(&after).starts_with("$2"));
    assert_eq!(
        (after["userid"].as_str(), after["is_primary"].as_str()),
        (Some("1"), Some("0")),
        "an update changes neither the customer nor the primary flag"
    );
    let gone = sandbox
        .raw(
            sandbox
                .http
                .delete(sandbox.url(&format!("api/delete/contacts/{id}"))),
        )
        .await;
    assert_eq!(gone.json()["message"], "Contact Delete Successful.");
    let missing = sandbox
        .raw(
            sandbox
                .http
                .post(sandbox.url("api/contacts"))
                .form(&[("customer_id", "1")]),
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["email"], "The Email field is required.");
    // 1.0.0 has no contacts: its 404 page.
    let v1 = Sandbox::start().await;
    let answer = v1.raw(v1.http.get(v1.url("api/contacts/search/x"))).await;
    assert_eq!(answer.status, 404);
    assert!(answer.text().contains("404 Page Not Found"));
}

/// An invoice's lines and payment modes as the module stores and answers them, and its
/// update checked as a whole document (409).
#[tokio::test]
async fn invoices_keep_their_lines_and_check_whole_updates() {
    let sandbox = Sandbox::start_as(Module::V3).await;
    let mut record = Resource::Invoices.example_record();
    record.set("number", InputValue::Text("Zq77".into())).unwrap();
    record
        .set(
            "newitems",
            InputValue::Lines(vec![LineItem::new("A", "1", "10"), LineItem::new("B", "2", "5")]),
        )
        .unwrap();
    record
        .set("allowed_payment_modes", InputValue::NumberList(vec![1, 2]))
        .unwrap();
    let created = call(
        &sandbox,
        Resource::Invoices,
        Operation::Create,
        Args::Fields(&record),
    )
    .await;
    let id = created.json()["record_id"].as_u64().unwrap();
    let got = call(&sandbox, Resource::Invoices, Operation::Get, Args::Id(id))
        .await
        .json();
    assert_eq!(got["allowed_payment_modes"], r#"a:2:{i:0;s:1:"1";i:1;s:1:"2";}"#);
    assert_eq!(
        (got["subtotal"].as_str(), got["total"].as_str()),
        (Some("20.00"), Some("20.00"))
    );
    assert_eq!(got["symbol"], "$");
    let lines = LineItem::kept(&got["items"]);
    assert_eq!(
        lines.iter().map(|l| l.description.as_str()).collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert_eq!(got["items"][0]["rel_type"], "invoice");

    // Keep A at a new rate, remove B, add C.
    let mut update = record.clone();
    update.remove("newitems");
    update.remove("subtotal");
    update.remove("total");
    let kept = LineItem {
        rate: "12".into(),
        ..lines[0].clone()
    };
    update.set("items", InputValue::Lines(vec![kept])).unwrap();
    update
        .set(
            "removed_items",
            InputValue::NumberList(vec![lines[1].itemid.unwrap()]),
        )
        .unwrap();
    update
        .set("newitems", InputValue::Lines(vec![LineItem::new("C", "3", "1")]))
        .unwrap();
    let updated = call(
        &sandbox,
        Resource::Invoices,
        Operation::Update,
        Args::IdAndFields(id, &update),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text());
    let got = call(&sandbox, Resource::Invoices, Operation::Get, Args::Id(id))
        .await
        .json();
    let after = LineItem::kept(&got["items"]);
    assert_eq!(
        after
            .iter()
            .map(|l| (l.description.as_str(), l.rate.as_str()))
            .collect::<Vec<_>>(),
        [("A", "12"), ("C", "1")]
    );
    assert_eq!(got["total"], "15.00");

    // A body without the kept lines: 409 with `items[]` named, as CodeIgniter names it.
    let put = sandbox.http.put(sandbox.url(&format!("api/invoices/{id}")));
    let answer = sandbox
        .raw(put.json(&json!({"number": "Zq77", "newitems": []})))
        .await;
    assert_eq!(answer.status, 409);
    assert_eq!(answer.json()["error"]["items[]"], "The Items field is required.");
    let err = check_response(&sandbox.config, &answer.response()).unwrap();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert!(err.field_errors.contains_key("items"), "{:?}", err.field_errors);
}

/// An invoice's or estimate's number is refused where another of the same year has it
/// (leading zeros aside), an update keeping its own; only the newest may be deleted, as a
/// new CRM's options say.
#[tokio::test]
async fn sales_numbers_are_unique_in_their_year_and_only_the_newest_is_deleted() {
    for module in [Module::V2, Module::V3] {
        let sandbox = Sandbox::start_as(module).await;
        for resource in [Resource::Invoices, Resource::Estimates] {
            let in_use = format!("The {} is already in use", resource.label("number"));
            let create = |number: &str, date: &str| {
                let mut record = resource.example_record();
                record.set("number", InputValue::Text(number.into())).unwrap();
                record.set("date", InputValue::Text(date.into())).unwrap();
                record
            };
            let add = |number: &'static str, date: &'static str| {
                let record = create(number, date);
                let sandbox = &sandbox;
                async move { call(sandbox, resource, Operation::Create, Args::Fields(&record)).await }
            };
            // The seed's number 1 of 2026, sent as `0001`: taken. In 2025 it is free.
            let taken = add("0001", "2026-03-01").await;
            assert_eq!(taken.status, 404, "{module:?} {resource:?}");
            assert_eq!(taken.json()["error"]["number"], in_use.as_str());
            for (number, date) in [("1", "2025-06-01"), ("77", "2026-04-01")] {
                let added = add(number, date).await;
                assert_eq!(added.status, 200, "{module:?} {resource:?}: {}", added.text());
            }
            // The two just added are the newest rows: 3.x lists in pages, 2.0 in one array.
            let listed = call(&sandbox, resource, Operation::List, Args::None).await.json();
            let rows = listed.get("data").unwrap_or(&listed).as_array().unwrap().clone();
            let newest_id = rows
                .iter()
                .filter_map(|row| row["id"].as_str()?.parse::<u64>().ok())
                .max()
                .unwrap();
            let older_id = newest_id - 1;

            // An update to a number its year has: 409 with the number's error among the
            // others, in the rules' order (an invoice's number rule comes before its
            // currency's, an estimate's last).
            let put = |id: u64, body: Value| {
                let request = sandbox
                    .http
                    .put(sandbox.url(&format!("api/{}/{id}", resource.segment())));
                sandbox.raw(request.json(&body))
            };
            let clash = put(older_id, json!({"number": "077", "date": "2026-05-01"})).await;
            assert_eq!(clash.status, 409, "{module:?} {resource:?}");
            let body = clash.json();
            assert_eq!(body["error"]["number"], in_use.as_str());
            let message = body["message"].as_str().unwrap();
            let currency = message.find("The Currency field is required").unwrap();
            let rules: Vec<_> = resource.required_on_update(module).map(|r| r.field).collect();
            let rank = |field| rules.iter().position(|f| *f == field);
            assert_eq!(
                message.find(&in_use).unwrap() < currency,
                rank("number") < rank("currency"),
                "{message}"
            );
            // Its own number, with its own year: no error for the number.
            let own = put(older_id, json!({"number": "01"})).await;
            assert_eq!(own.status, 409);
            assert!(own.json()["error"].get("number").is_none(), "{}", own.text());
            // An id no row has: the number is checked first, as on the real server.
            let unknown = put(987_654, json!({"number": "77", "date": "2026-01-01"})).await;
            assert_eq!(unknown.json()["error"]["number"], in_use.as_str());

            // Only the newest goes; then the one before it is the newest.
            let delete = |id| call(&sandbox, resource, Operation::Delete, Args::Id(id));
            let refused = delete(older_id).await;
            assert_eq!(
                (refused.status, refused.json()["message"].as_str()),
                (
                    404,
                    Some(strings::write_message(resource, strings::WriteOutcome::DeleteFailed).as_str())
                )
            );
            assert_eq!(delete(newest_id).await.status, 200);
            assert_eq!(delete(older_id).await.status, 200);
        }
    }
}
