//! Every resource through the client's typed methods and models, on every server version
//! that serves it, from the resource's declared example (pmp-core's `Resource::example`, read
//! into its typed input): create, search, get, list, update, delete (what a version lacks is
//! refused before sending by a client told the version). The tests are made per
//! row of pmp-core's declaration by `for_each_resource!`, as the methods are, so that a
//! resource added there is tested here with no edit.
#![cfg(not(target_arch = "wasm32"))]

use pmp_client::{Client, ClientConfig, ErrorKind};
use pmp_core::{Operation, Resource};
use pmp_sandbox::{Config, Module, Running};
use serde_json::{json, Value};

const TOKEN: &str = "rust-client-resources-0123456789";

async fn sandbox(module: Module) -> Running {
    let config = Config::with_only_token(module, TOKEN);
    pmp_sandbox::spawn(config).await.expect("sandbox starts")
}

/// A column of a row, as text (`""` when absent or null).
fn column(row: &impl serde::Serialize, name: &str) -> String {
    let row = serde_json::to_value(row).unwrap();
    row[name].as_str().unwrap_or_default().to_owned()
}

/// The example of `resource` as its typed input, its title field set to `title`.
fn example<T: serde::de::DeserializeOwned>(resource: Resource, title: &str) -> T {
    let mut example = Value::Object(resource.example_input());
    example[resource.title_field()] = json!(title);
    serde_json::from_value(example).unwrap_or_else(|e| panic!("{resource:?}'s example: {e}"))
}

/// The list and get calls of a resource: a table's own, or a child's, which take the id of
/// the parent row the example names.
macro_rules! list_and_get {
    (None $pmp:ident $resource:ident $list:ident $get:ident $id:expr) => {
        ($pmp.$list().await, $pmp.$get($id).await)
    };
    ($Parent:ident $pmp:ident $resource:ident $list:ident $get:ident $id:expr) => {{
        let parent = $resource
            .example_parent_id()
            .expect("a child's example names its parent");
        ($pmp.$list(parent).await, $pmp.$get(parent, $id).await)
    }};
}

macro_rules! round_trips {
    ($( $Res:ident: $Row:ident, $Input:ident, parent $Parent:ident; )*) => { pastey::paste! { $(
        #[tokio::test]
        async fn [<$Res:snake _round_trip_their_example_on_every_version>]() {
            let resource = Resource::$Res;
            let title = resource.title_field();
            for module in Module::ALL.into_iter().filter(|m| resource.exists_on(*m)) {
                let running = sandbox(module).await;
                let pmp = Client::new(ClientConfig::new(&running.url(), TOKEN).unwrap()).unwrap();
                let what = format!("{} on {}", resource.segment(), module.name());
                // The same client told the version: it refuses what the version lacks.
                let told = ClientConfig::new(&running.url(), TOKEN).unwrap();
                let told = Client::new(told.with_server_version(module.name()).unwrap()).unwrap();
                let serves = |operation| resource.serves(module, operation);
                let mut mark = format!("rr{}x{}", std::process::id(), module as usize);
                let input: pmp_client::$Input = example(resource, &mark);
                let id = if serves(Operation::Create) {
                    // 2.0.8's payments answer an empty body: still a success.
                    assert!(pmp.[<create_ $Row:snake>](&input).await.unwrap().status, "{what}");
                    let found: Vec<pmp_client::$Row> = pmp.[<search_ $Res:snake>](&mark).await.unwrap();
                    assert_eq!(found.len(), 1, "{what}: {found:?}");
                    column(&found[0], resource.id_field())
                } else {
                    // A version that only reads (2.0.8's items): refused before sending; the
                    // rest reads a seed row.
                    let refused = told.[<create_ $Row:snake>](&input).await.unwrap_err();
                    assert_eq!(refused.kind(), ErrorKind::Unsupported, "{what}: create");
                    assert_eq!(refused.attempts(), 0, "{what}: nothing sent");
                    let (listed, _) = list_and_get!($Parent pmp resource [<list_ $Res:snake>] [<get_ $Row:snake>] "1");
                    let first = &listed.unwrap()[0];
                    mark = column(first, title);
                    let found: Vec<pmp_client::$Row> = pmp.[<search_ $Res:snake>](&mark).await.unwrap();
                    assert_eq!(found.len(), 1, "{what}: {found:?}");
                    column(first, resource.id_field())
                };
                // Every row has its id, a search's bare rows too (the quirk `id_alias`).
                assert!(!id.is_empty(), "{what}: the search row's id");
                let (listed, got) = list_and_get!($Parent pmp resource [<list_ $Res:snake>] [<get_ $Row:snake>] id.as_str());
                // 1.0.0's task list answers 404 however many tasks there are: the client,
                // not told the version, says that this proves nothing.
                if resource.quirks().list_fails(module) {
                    assert_eq!(listed.unwrap_err().kind(), ErrorKind::Unsupported, "{what}: list");
                } else {
                    assert!(!listed.unwrap().is_empty(), "{what}: list");
                }
                // 2.0.8's ticket and invoice gets fail on every row that exists, as the
                // sandbox's do.
                let lines = match got {
                    Ok(row) => {
                        assert_eq!(column(&row, title), mark, "{what}: get");
                        Some(serde_json::to_value(&row).unwrap()["items"].clone())
                    }
                    Err(e) => {
                        assert!(resource.quirks().get_crashes(module), "{what}: {e}");
                        None
                    }
                };

                let renamed = format!("{mark}u");
                // An invoice's or estimate's update is the whole document again, with the
                // lines it keeps (from its get: none where the get crashes, so no update).
                let update = match (resource.updates_whole(), lines) {
                    (false, _) => Some(json!({ title: renamed })),
                    (true, Some(lines)) => {
                        let mut whole = resource.example_input();
                        whole.remove("newitems");
                        whole.insert(title.to_owned(), json!(renamed));
                        whole.insert("items".to_owned(), json!(pmp_client::LineItem::kept(&lines)));
                        Some(Value::Object(whole))
                    }
                    (true, None) => None,
                };
                if !serves(Operation::Update) {
                    // Payments on every version, items on 2.0.8.
                    let refused = told.[<update_ $Row:snake>](id.as_str(), &json!({ title: renamed })).await;
                    let refused = refused.unwrap_err();
                    assert_eq!(refused.kind(), ErrorKind::Unsupported, "{what}: update");
                    assert!(refused.message().contains(module.version()), "{what}: {refused}");
                } else if let Some(update) = update {
                    let updated = pmp.[<update_ $Row:snake>](id.as_str(), &update).await;
                    assert!(updated.unwrap().status, "{what}: update");
                    let found: Vec<pmp_client::$Row> = pmp.[<search_ $Res:snake>](&renamed).await.unwrap();
                    assert_eq!(found.len(), 1, "{what}: the update arrived");
                }

                if serves(Operation::Delete) {
                    assert!(pmp.[<delete_ $Row:snake>](id.as_str()).await.unwrap().status, "{what}: delete");
                    let (_, gone) = list_and_get!($Parent pmp resource [<list_ $Res:snake>] [<get_ $Row:snake>] id.as_str());
                    assert_eq!(gone.unwrap_err().kind(), ErrorKind::NotFound, "{what}: get after delete");
                    // Where the server answers success whatever the id (staffs), the client's
                    // get first makes the deleted row's writes not found.
                    if resource.quirks().writes_ignore_missing(module) {
                        let again = pmp.[<delete_ $Row:snake>](id.as_str()).await.unwrap_err();
                        assert_eq!(again.kind(), ErrorKind::NotFound, "{what}: delete again");
                        let again = pmp.[<update_ $Row:snake>](id.as_str(), &json!({ title: "x" })).await.unwrap_err();
                        assert_eq!(again.kind(), ErrorKind::NotFound, "{what}: update after delete");
                    }
                } else {
                    let refused = told.[<delete_ $Row:snake>](id.as_str()).await.unwrap_err();
                    assert_eq!(refused.kind(), ErrorKind::Unsupported, "{what}: delete");
                    assert_eq!(refused.attempts(), 0, "{what}: nothing sent");
                }
                running.stop().await;
            }
        }
    )* } };
}

pmp_core::for_each_resource!(round_trips);
