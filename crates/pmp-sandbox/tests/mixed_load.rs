//! The sandbox under load, short version (the 30 s run is in `cargo xtask bench`):
//! 16 concurrent clients for about 3 s, each looping (bounded) through the six endpoints of
//! every stand-alone resource of pmp-core's catalogue, its rows made from the resource's
//! declared example: create a tagged row, find it by search, get it, update it, list,
//! delete every second one (invoices and estimates: if still the newest). No answer may be a 5xx, every call must succeed, and the final
//! state of each resource must be exactly what the acknowledged writes say: every row created
//! and not deleted present once with its last value, no deleted or unknown tagged row.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Answer, Sandbox};
use pmp_core::*;
use pmp_sandbox::Module;

const CLIENTS: usize = 16;
const DURATION: Duration = Duration::from_secs(3);
/// The loop's bound, whatever the clock says.
const MAX_ITERATIONS: usize = 2_000;

/// The resources the clients load on `module`: those it serves whose rows stand alone (a
/// child's calls name its parent row: tests/api.rs and tests/examples.rs cover contacts).
fn loaded(module: Module) -> Vec<Resource> {
    Resource::ALL
        .into_iter()
        .filter(|r| r.exists_on(module) && r.info().parent.is_none())
        // The load goes through all six calls: not where the version lacks one (payments'
        // update and delete, 2.0.8's item writes).
        .filter(|r| Operation::ALL.iter().all(|op| r.serves(module, *op)))
        // The load reads its writes back through lists: not where a list always answers 404.
        .filter(|r| !r.quirks().list_fails(module))
        .collect()
}

/// The tag field and the input of a row of `resource` whose tag field is `tag`: the
/// resource's declared example (pmp-core's `Resource::example`, whose values refer to records
/// of the seed) with its title field set to the tag.
fn input(resource: Resource, tag: &str) -> (&'static str, InputRecord) {
    let field = resource.title_field();
    let mut record = resource.example_record();
    record.set(field, InputValue::Text(tag.to_owned())).unwrap();
    record
        .validate(Operation::Create)
        .unwrap_or_else(|e| panic!("{resource:?} input: {e}"));
    (field, record)
}

/// What the clients saw, shared between them.
#[derive(Default)]
struct Ledger {
    /// Operation ids called at least once.
    called: BTreeSet<&'static str>,
    /// Answers with a 5xx status, described.
    server_errors: Vec<String>,
    /// Per resource, id to the value of its tag field after the last acknowledged write
    /// (`None`: acknowledged delete).
    rows: BTreeMap<Resource, BTreeMap<u64, Option<String>>>,
    /// Per resource: acknowledged creates and deletes.
    creates: BTreeMap<Resource, usize>,
    deletes: BTreeMap<Resource, usize>,
    requests: usize,
}

/// One client: a loop over the resources through all six calls of each.
async fn client(
    sandbox: Arc<Sandbox>,
    ledger: Arc<Mutex<Ledger>>,
    worker: usize,
    deadline: Instant,
    resources: Vec<Resource>,
) {
    let call = |endpoint: &'static Endpoint, args: Args<'_>| {
        let request = build_request(&sandbox.config, endpoint, args).unwrap();
        let sandbox = sandbox.clone();
        let ledger = ledger.clone();
        async move {
            let answer = sandbox.send(&request).await;
            let mut ledger = ledger.lock().unwrap();
            ledger.requests += 1;
            ledger.called.insert(endpoint.operation_id);
            if answer.status >= 500 {
                let what = format!("{} {}: {}", endpoint.operation_id, answer.status, answer.text());
                ledger.server_errors.push(what);
            }
            answer
        }
    };
    let acknowledged = |what: &str, answer: &Answer| {
        let message = decode_message(&sandbox.config, &answer.response())
            .unwrap_or_else(|e| panic!("worker {worker} {what}: {e}"));
        assert!(message.status, "worker {worker} {what}: {message:?}");
    };
    for i in 0..MAX_ITERATIONS {
        // The first iteration always runs: the 16 workers' first ones call every endpoint
        // between them, however slow the machine.
        if i > 0 && Instant::now() >= deadline {
            break;
        }
        let resource = resources[(worker + i) % resources.len()];
        let endpoint = |op| Endpoint::of(resource, op);
        let what = |op: &str| format!("{op} {resource:?} L{worker}x{i}Z");
        // Tags `L<worker>x<iteration>Z`: no tag is a substring of another.
        let tag = format!("L{worker}x{i}Z");
        let (field, record) = input(resource, &tag);

        let created = call(endpoint(Operation::Create), Args::Fields(&record)).await;
        acknowledged(&what("create"), &created);
        *ledger.lock().unwrap().creates.entry(resource).or_default() += 1;

        let found = call(endpoint(Operation::Search), Args::Keyword(&tag)).await;
        let rows = rows_of(found.json());
        let rows = rows
            .as_array()
            .unwrap_or_else(|| panic!("{}: {rows}", what("search")));
        assert_eq!(rows.len(), 1, "{}: {rows:?}", what("search"));
        // A bare search row carries its id in the quirk `id_alias`'s column (items': `id`).
        let id_column = match rows[0].get(resource.id_field()) {
            None => resource.quirks().id_alias.unwrap_or(resource.id_field()),
            Some(_) => resource.id_field(),
        };
        let id: u64 = rows[0][id_column]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{}: no id in {}", what("search"), rows[0]));
        ledger
            .lock()
            .unwrap()
            .rows
            .entry(resource)
            .or_default()
            .insert(id, Some(tag.clone()));

        let got = call(endpoint(Operation::Get), Args::Id(id)).await;
        assert_eq!(got.status, 200, "{}: {}", what("get"), got.text());
        // A milestone comes as an array of one row, on every version.
        let row = match got.json() {
            serde_json::Value::Array(mut rows) => rows.remove(0),
            row => row,
        };
        assert_eq!(row[field], tag.as_str(), "{}", what("get"));

        let renamed = format!("{tag}u");
        let (_, mut update) = input(resource, &renamed);
        if resource.updates_whole() {
            // The whole document again, keeping the lines the get shows.
            update.remove("newitems");
            let kept = LineItem::kept(&row["items"]);
            update.set("items", InputValue::Lines(kept)).unwrap();
        }
        let updated = call(endpoint(Operation::Update), Args::IdAndFields(id, &update)).await;
        acknowledged(&what("update"), &updated);
        ledger
            .lock()
            .unwrap()
            .rows
            .get_mut(&resource)
            .unwrap()
            .insert(id, Some(renamed));

        let listed = call(endpoint(Operation::List), Args::None).await;
        assert_eq!(listed.status, 200, "{}: {}", what("list"), listed.text());

        if i % 2 == 1 {
            let deleted = call(endpoint(Operation::Delete), Args::Id(id)).await;
            // Invoices and estimates: only the newest row goes (the quirk
            // `deletes_newest_only`); once another client has added one, the row stays.
            let refused = strings::write_message(resource, strings::WriteOutcome::DeleteFailed);
            if resource.quirks().deletes_newest_only
                && deleted.status == 404
                && deleted.json()["message"] == refused.as_str()
            {
                continue;
            }
            acknowledged(&what("delete"), &deleted);
            let mut ledger = ledger.lock().unwrap();
            *ledger.deletes.entry(resource).or_default() += 1;
            ledger.rows.get_mut(&resource).unwrap().insert(id, None);
        }
    }
}

/// The rows of an answer: a plain array, or a 3.x envelope's `data`.
fn rows_of(answer: serde_json::Value) -> serde_json::Value {
    match answer {
        serde_json::Value::Object(mut envelope) if envelope.contains_key("data") => {
            envelope.remove("data").unwrap()
        }
        other => other,
    }
}

/// Per resource, the tagged rows the sandbox holds: id to tag field value (every page).
async fn tagged_rows(sandbox: &Sandbox, resource: Resource) -> BTreeMap<u64, String> {
    let field = resource.title_field();
    let is_tag = |s: &str| s.starts_with('L') && s.contains('x') && s.trim_end_matches('u').ends_with('Z');
    let mut tagged = BTreeMap::new();
    for page in 1.. {
        let url = sandbox.url(&format!("api/{}?page={page}&per_page=100", resource.segment()));
        let answer = sandbox.raw(sandbox.http.get(url)).await;
        assert_eq!(answer.status, 200, "final list of {resource:?}");
        let json = answer.json();
        let last = json["meta"]["last_page"].as_u64().unwrap_or(1);
        for row in rows_of(json).as_array().expect("a list is an array") {
            let Some(value) = row[field].as_str().filter(|s| is_tag(s)) else {
                continue;
            };
            let id = row[resource.id_field()]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap();
            let previous = tagged.insert(id, value.to_owned());
            assert!(previous.is_none(), "{resource:?} {id} listed twice");
        }
        if page >= last {
            break;
        }
    }
    tagged
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_clients_on_module_1_0_lose_no_write() {
    mixed_load(Module::V1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_clients_on_module_3_0_lose_no_write() {
    mixed_load(Module::V3).await;
}

/// 16 clients mixing the endpoints of every stand-alone resource against a sandbox answering as `module`.
async fn mixed_load(module: Module) {
    let sandbox = Arc::new(Sandbox::start_as(module).await);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let deadline = Instant::now() + DURATION;
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|w| {
            tokio::spawn(client(
                sandbox.clone(),
                ledger.clone(),
                w,
                deadline,
                loaded(module),
            ))
        })
        .collect();
    for task in tasks {
        task.await.expect("a client failed");
    }
    let ledger = Arc::try_unwrap(ledger).ok().unwrap().into_inner().unwrap();
    eprintln!("{} requests from {CLIENTS} clients", ledger.requests);

    assert!(
        ledger.server_errors.is_empty(),
        "5xx answers: {:?}",
        ledger.server_errors
    );
    let all: BTreeSet<&str> = CATALOGUE
        .iter()
        .filter(|e| loaded(module).contains(&e.resource))
        .map(|e| e.operation_id)
        .collect();
    assert_eq!(
        ledger.called, all,
        "every endpoint of the loaded resources was called"
    );

    for resource in loaded(module) {
        let expected: BTreeMap<u64, String> = ledger.rows[&resource]
            .iter()
            .filter_map(|(id, value)| Some((*id, value.clone()?)))
            .collect();
        let live = ledger.creates[&resource] - ledger.deletes.get(&resource).copied().unwrap_or(0);
        assert_eq!(expected.len(), live, "{resource:?}: creates minus deletes");
        // Exactly the rows the acknowledged writes left, with their last values: no row lost,
        // duplicated, resurrected or left with an older value.
        assert_eq!(tagged_rows(&sandbox, resource).await, expected, "{resource:?}");
    }

    // And it still answers: a seeded row, and a write read back.
    let answer = sandbox
        .raw(sandbox.http.get(sandbox.url("api/customers/1")))
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["company"], "Sample Company LTD");
    let (_, record) = input(Resource::Customers, "after the load");
    let endpoint = Endpoint::of(Resource::Customers, Operation::Create);
    let request = build_request(&sandbox.config, endpoint, Args::Fields(&record)).unwrap();
    let created = sandbox.send(&request).await;
    assert!(
        decode_message(&sandbox.config, &created.response())
            .unwrap()
            .status
    );
}
