//! The sandbox loses nothing it acknowledged: the binary on a database file, a
//! write load from 8 clients, SIGKILL in the middle of it, the binary again on the same file.
//! Every create answered 200 is there once, every update answered 200 is applied, no row is
//! half written (the fields a request set together are all old or all new), and the server
//! answers again. Loopback only; bounded by counts, never by the machine's speed (the load
//! stops at a number of acknowledged writes, and every wait has a wide limit).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

const TOKEN: &str = "durability-token-0123";
const CLIENTS: usize = 8;
/// The load is killed once this many writes were acknowledged, so that the kill lands in
/// the middle of it, with requests in flight, however fast the machine.
const ACKNOWLEDGED_BEFORE_KILL: usize = 200;
/// A tag no seeded row has, to find the load's rows by search.
const TAG: &str = "zqdurable";

/// A sandbox process on a file, and its URL.
struct Process {
    child: Child,
    url: String,
}

impl Process {
    fn start(db: &Path) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pmp-sandbox"))
            .args(["--port", "0", "--module", "3.0", "--token", TOKEN, "--db"])
            .arg(db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("pmp-sandbox starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let url = first
            .trim()
            .strip_prefix("pmp-sandbox listening on ")
            .unwrap_or_else(|| panic!("first line: {first}"))
            .to_owned();
        std::thread::spawn(move || out.lines().map_while(Result::ok).for_each(drop));
        Process { child, url }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The three fields every write of the load sets together, to one value.
const FIELDS: [&str; 3] = ["city", "phonenumber", "zip"];

/// What the clients were told, per row company name.
#[derive(Default)]
struct Ledger {
    /// Creates answered 200: company -> record id.
    created: BTreeMap<String, u64>,
    /// Updates answered 200: record id -> the value its fields got.
    updated: BTreeMap<u64, String>,
    acknowledged: usize,
}

fn form(company: &str, value: &str) -> Vec<(String, String)> {
    let mut pairs = vec![("company".to_owned(), company.to_owned())];
    pairs.extend(FIELDS.iter().map(|f| (f.to_string(), value.to_owned())));
    pairs
}

/// One client: creates rows and updates each once, until the server goes away.
async fn client(http: reqwest::Client, url: String, worker: usize, ledger: Arc<Mutex<Ledger>>) {
    for i in 0.. {
        let company = format!("{TAG} w{worker} n{i}");
        let created = http
            .post(format!("{url}api/customers"))
            .header("authtoken", TOKEN)
            .form(&form(&company, "v1"))
            .send()
            .await;
        let Ok(answer) = created else { return };
        if answer.status() != 200 {
            return;
        }
        let Ok(body) = answer.json::<Value>().await else {
            return;
        };
        let id = body["record_id"].as_u64().expect("3.0 returns record_id");
        {
            let mut ledger = ledger.lock().unwrap();
            ledger.created.insert(company.clone(), id);
            ledger.acknowledged += 1;
        }
        let update: serde_json::Map<String, Value> = FIELDS
            .iter()
            .map(|f| (f.to_string(), Value::from("v2")))
            .collect();
        let updated = http
            .put(format!("{url}api/customers/{id}"))
            .header("authtoken", TOKEN)
            .json(&update)
            .send()
            .await;
        let Ok(answer) = updated else { return };
        if answer.status() != 200 || answer.bytes().await.is_err() {
            return;
        }
        let mut ledger = ledger.lock().unwrap();
        ledger.updated.insert(id, "v2".to_owned());
        ledger.acknowledged += 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkilled_sandbox_keeps_every_acknowledged_write() {
    let dir = std::env::temp_dir().join(format!("pmp-sandbox-durability-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("crm.db");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();

    let mut first = Process::start(&db);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|w| tokio::spawn(client(http.clone(), first.url.clone(), w, ledger.clone())))
        .collect();
    // Kill once enough writes were acknowledged (waiting on a count, with a wide bound).
    for _ in 0..6000 {
        if ledger.lock().unwrap().acknowledged >= ACKNOWLEDGED_BEFORE_KILL {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.child.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint
    first.child.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let ledger = Arc::try_unwrap(ledger).ok().unwrap().into_inner().unwrap();
    assert!(
        ledger.acknowledged >= ACKNOWLEDGED_BEFORE_KILL,
        "only {} writes acknowledged before the kill",
        ledger.acknowledged
    );

    let second = Process::start(&db);
    let rows: Vec<Value> = http
        .get(format!("{}api/customers/search/{TAG}", second.url))
        .header("authtoken", TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut found: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for row in &rows {
        found
            .entry(row["company"].as_str().unwrap().to_owned())
            .or_default()
            .push(row);
    }
    for (company, id) in &ledger.created {
        let copies = found.get(company).map_or(0, Vec::len);
        assert_eq!(
            copies, 1,
            "acknowledged create `{company}` (id {id}) is there {copies} times"
        );
        let row = found[company][0];
        assert_eq!(row["userid"], id.to_string(), "{company}");
        if let Some(value) = ledger.updated.get(id) {
            for field in FIELDS {
                assert_eq!(
                    row[field],
                    value.as_str(),
                    "acknowledged update of {company}: {field}"
                );
            }
        }
    }
    // No row half written: the three fields of every row (acknowledged or not) agree.
    for row in &rows {
        let values: Vec<&Value> = FIELDS.iter().map(|f| &row[*f]).collect();
        assert!(
            values.iter().all(|v| *v == values[0]) && (values[0] == "v1" || values[0] == "v2"),
            "a row half written: {row}"
        );
    }
    // And the server answers again, reads and writes.
    let seeded = http
        .get(format!("{}api/customers/1", second.url))
        .header("authtoken", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(seeded.status(), 200);
    let again = http
        .post(format!("{}api/customers", second.url))
        .header("authtoken", TOKEN)
        .form(&form(&format!("{TAG} after"), "v1"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    drop(second);
    std::fs::remove_dir_all(&dir).unwrap();
}
