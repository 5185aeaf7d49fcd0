//! `cargo xtask bench`'s Rust figures: the client against a hand-written reqwest +
//! serde_json loop making the same requests on the same release pmp-sandbox
//! ($PMP_SANDBOX_BIN), interleaved in one run: a list of 2,000 customers (1.0's one answer,
//! and 3.0's 20 pages of 100 with 4 in flight on both sides) and 500 sequential gets.
//! Prints a Markdown table (also written to $BENCH_RUST_OUT); asserts nothing on time.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{stream, StreamExt, TryStreamExt};
use pmp_client::{Client, ClientConfig, Customer, CustomerInput};
use pmp_core::Page;

const TOKEN: &str = "bench-token-0123456789";
const CUSTOMERS: usize = 2000;
const GETS: usize = 500;

struct Sandbox(Child, String);

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn sandbox(bin: &str, module: &str) -> Sandbox {
    let args = ["--port", "0", "--db", ":memory:", "--empty", "--module", module];
    let mut child = Command::new(bin)
        .args(args)
        .args(["--token", TOKEN])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    lines.read_line(&mut first).expect("pmp-sandbox's first line");
    let url = first
        .trim()
        .strip_prefix("pmp-sandbox listening on ")
        .expect("its URL")
        .to_owned();
    std::thread::spawn(move || for _ in lines.lines() {});
    Sandbox(child, url)
}

/// The hand-written contender: reqwest and serde_json into the same model, no checks.
struct Hand {
    http: reqwest::Client,
    url: String,
}

impl Hand {
    async fn body(&self, path: &str) -> Vec<u8> {
        let answer = self
            .http
            .get(format!("{}{path}", self.url))
            .header("authtoken", TOKEN)
            // The other header the client sends: both make the same requests.
            .header("accept", "application/json")
            .send()
            .await;
        answer.expect("sent").bytes().await.expect("read").to_vec()
    }

    async fn list(&self) -> Vec<Customer> {
        serde_json::from_slice(&self.body("api/customers").await).expect("rows")
    }

    async fn pages(&self) -> Vec<Customer> {
        let page = |n: u64| async move {
            let body = self.body(&format!("api/customers?page={n}&per_page=100")).await;
            serde_json::from_slice::<Page<Customer>>(&body).expect("a page")
        };
        let first = page(1).await;
        let rest: Vec<Page<Customer>> = stream::iter(2..=first.meta.total_pages)
            .map(|n| async move { Ok::<_, ()>(page(n).await) })
            .buffered(pmp_client::IN_FLIGHT)
            .try_collect()
            .await
            .expect("pages");
        let mut rows = first.data;
        rows.extend(rest.into_iter().flat_map(|p| p.data));
        rows
    }

    async fn get(&self, id: &str) -> Customer {
        serde_json::from_slice(&self.body(&format!("api/customers/{id}")).await).expect("a row")
    }
}

/// Adds the customers through the API, every text field filled (as the JavaScript bench does).
async fn fill(client: &Client) {
    let text = |field: &str, n: usize| Some(format!("{field} {n}"));
    stream::iter(0..CUSTOMERS)
        .map(|n| async move {
            let input = CustomerInput {
                company: format!("Bench Company {n}"),
                vat: text("VAT", n),
                phonenumber: text("+47 555", n),
                website: text("https://example.com/", n),
                address: text("Street", n),
                city: text("City", n),
                state: text("State", n),
                zip: text("Zip", n),
                country: Some("164".into()),
                billing_street: text("Billing street", n),
                billing_city: text("Billing city", n),
                billing_state: text("Billing state", n),
                billing_zip: text("Billing zip", n),
                shipping_street: text("Shipping street", n),
                shipping_city: text("Shipping city", n),
                shipping_state: text("Shipping state", n),
                shipping_zip: text("Shipping zip", n),
                ..Default::default()
            };
            client.create_customer(&input).await.map(drop)
        })
        .buffer_unordered(4)
        .try_collect::<Vec<()>>()
        .await
        .expect("customers created");
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// `rounds` timings of each contender, alternating which goes first.
async fn race<A, B, FA, FB>(rounds: usize, mut a: A, mut b: B) -> (Duration, Duration)
where
    A: FnMut() -> FA,
    B: FnMut() -> FB,
    FA: std::future::Future<Output = usize>,
    FB: std::future::Future<Output = usize>,
{
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    // One warm-up each: connections, allocator.
    assert_eq!(a().await, b().await, "both contenders get the same rows");
    for round in 0..rounds {
        for which in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            if which == 0 {
                a().await;
                ta.push(started.elapsed());
            } else {
                b().await;
                tb.push(started.elapsed());
            }
        }
    }
    (median(ta), median(tb))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let Ok(bin) = std::env::var("PMP_SANDBOX_BIN") else {
        eprintln!("PMP_SANDBOX_BIN is not set: run through `cargo xtask bench`");
        std::process::exit(2);
    };
    let quick = std::env::var("BENCH_QUICK").is_ok_and(|v| v == "1");
    let (list_rounds, get_rounds) = if quick { (3, 1) } else { (25, 9) };
    let mut rows = Vec::new();
    for module in ["1.0", "3.0"] {
        let server = sandbox(&bin, module);
        let client = Client::new(ClientConfig::new(&server.1, TOKEN).expect("config")).expect("client");
        fill(&client).await;
        let hand = Hand {
            http: reqwest::Client::new(),
            url: server.1.clone(),
        };
        let what = if module == "1.0" {
            "one answer"
        } else {
            "20 pages of 100, 4 in flight"
        };
        let (c, h) = race(
            list_rounds,
            || async { client.list_customers().await.expect("list").len() },
            || async {
                if module == "1.0" {
                    hand.list().await.len()
                } else {
                    hand.pages().await.len()
                }
            },
        )
        .await;
        rows.push((
            format!("list_customers, {CUSTOMERS} rows, {module} ({what}; median of {list_rounds})"),
            c,
            h,
        ));
        if module == "1.0" {
            let ids: Vec<String> = hand
                .list()
                .await
                .into_iter()
                .filter_map(|r| r.userid.flatten())
                .collect();
            let (c, h) = race(
                get_rounds,
                || async {
                    for id in ids.iter().cycle().take(GETS) {
                        client.get_customer(id).await.expect("get");
                    }
                    GETS
                },
                || async {
                    for id in ids.iter().cycle().take(GETS) {
                        hand.get(id).await;
                    }
                    GETS
                },
            )
            .await;
            rows.push((
                format!("{GETS} sequential get_customer, 1.0 (median of {get_rounds})"),
                c,
                h,
            ));
        }
    }
    let mut out = String::from(
        "## The Rust client (pmp-client crate)\n\nWall time of `crates/pmp-client/benches/versus.rs`: the client \
         (reqwest feature) against a hand-written reqwest + serde_json loop into the same `Customer` model, \
         same requests, same release pmp-sandbox (2,000 customers created through the API, every text field filled), interleaved in one process. \
         Target: within 1.10x.\n\n| | pmp-client | reqwest + serde_json | ratio | target | met |\n|---|---:|---:|---:|---:|---:|\n",
    );
    // The machine is shared: its load says how far to trust the figures.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?");
    out.insert_str(
        out.find("\n\n| |").unwrap_or(out.len()),
        &format!(" Load average at the end: {load}."),
    );
    for (what, c, h) in rows {
        let ratio = c.as_secs_f64() / h.as_secs_f64();
        let met = if ratio <= 1.10 { "yes" } else { "no" };
        out.push_str(&format!(
            "| {what} | {} | {} | {ratio:.2}x | <= 1.10x | {met} |\n",
            ms(c),
            ms(h)
        ));
    }
    println!("{out}");
    if let Ok(path) = std::env::var("BENCH_RUST_OUT") {
        std::fs::write(&path, &out).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}
