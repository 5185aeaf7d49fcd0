//! The sandbox probed as an attacker on the same machine or a web page would,
//! loopback only. Each test is bounded by wide time limits that only a sandbox without the
//! fix would reach (it would wait for ever); none measures speed.

mod common;

use std::io::{Read, Write as _};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Sandbox;
use pmp_sandbox::ServeLimits as Limits;
use pmp_sandbox::{Config, DEV_TOKEN};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Far longer than any bound of the fixed sandbox; reached only by one that waits for ever.
const WIDE: Duration = Duration::from_secs(30);

/// Reads what the server sends until it closes the connection; `None` if it is still open
/// after `WIDE`.
async fn read_to_close(stream: &mut TcpStream) -> Option<String> {
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(WIDE, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
    });
    read.await
        .ok()
        .map(|()| String::from_utf8_lossy(&bytes).into_owned())
}

/// Sends raw bytes on a new connection and reads the answer until the server closes it.
async fn exchange(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    read_to_close(&mut stream)
        .await
        .expect("the server answers and closes")
}

fn limits(change: impl FnOnce(&mut Limits)) -> Config {
    let mut config = Config::in_memory();
    change(&mut config.serve_limits);
    config
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pmp-sandbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_foreign_host_name_is_refused_before_routing() {
    let sandbox = Sandbox::start().await;
    let addr = sandbox.running.addr();
    let port = addr.port();
    // A DNS-rebinding request: another host name that resolves to the sandbox. Without a Host
    // check it would answer 200 and delete the customer.
    let answer = exchange(
        addr,
        &format!(
            "DELETE /api/customers/1 HTTP/1.1\r\nHost: evil.example:{port}\r\nauthtoken: {DEV_TOKEN}\r\n\
             Connection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    assert!(
        answer.contains("evil.example"),
        "the refusal names the host: {answer}"
    );
    let still = sandbox
        .raw(sandbox.http.get(sandbox.url("api/customers/1")))
        .await;
    assert_eq!(still.status, 200, "customer 1 was not deleted");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
    ] {
        let answer = exchange(
            addr,
            &format!("GET /api/customers/1 HTTP/1.1\r\nHost: {host}\r\nauthtoken: {DEV_TOKEN}\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
    }
    // A LAN name is served once allowed.
    let lan = Sandbox::with(Config {
        allow_hosts: vec!["crm.lan".to_owned()],
        ..Config::in_memory()
    })
    .await;
    let answer = exchange(
        lan.running.addr(),
        &format!("GET /api/customers/1 HTTP/1.1\r\nHost: crm.lan:80\r\nauthtoken: {DEV_TOKEN}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn an_oversized_body_gets_its_413_after_a_small_read_and_no_token() {
    let sandbox = Sandbox::start().await;
    let mut stream = TcpStream::connect(sandbox.running.addr()).await.unwrap();
    let head = "POST /api/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                Content-Length: 67108864\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    // 1 MiB of the 64 MiB announced, then nothing: the answer must come without the rest.
    let (mut reader, mut writer) = stream.into_split();
    let sender = tokio::spawn(async move {
        let _ = writer.write_all(&vec![b'x'; 1024 * 1024]).await;
        tokio::time::sleep(WIDE * 2).await;
        drop(writer);
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(WIDE, async {
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&answer).contains("the limit is") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    sender.abort();
    let answer = String::from_utf8_lossy(&answer);
    assert!(read.is_ok(), "no answer while the body was still owed: {answer}");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn bodies_of_many_fields_are_refused_at_1000_values() {
    let sandbox = Sandbox::start().await;
    // 200,000 distinct names (2.5 MB): quadratic parsing took half a minute for 80,000.
    let names: Vec<String> = (0..200_000).map(|i| format!("f{i}=1")).collect();
    let post = sandbox
        .http
        .post(sandbox.url("api/customers"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(names.join("&"));
    let answer = sandbox.raw(post).await;
    answer.assert_client_error("200,000 fields");
    let message = answer.json()["error"]["max_input_vars"].clone();
    assert!(
        message.as_str().is_some_and(|m| m.contains("1000")),
        "{}",
        answer.text()
    );

    // The same as JSON members of a PUT, and as multipart parts.
    let object: serde_json::Map<String, Value> = (0..100_000)
        .map(|i| (format!("k{i}"), Value::from("v")))
        .collect();
    let put = sandbox
        .http
        .put(sandbox.url("api/customers/1"))
        .header("content-type", "application/json")
        .body(Value::Object(object).to_string());
    let answer = sandbox.raw(put).await;
    assert!(
        answer.json()["error"]["max_input_vars"].is_string(),
        "{}",
        answer.text()
    );

    let mut form = reqwest::multipart::Form::new();
    for i in 0..1001 {
        form = form.text(format!("p{i}"), "1");
    }
    let answer = sandbox
        .raw(sandbox.http.post(sandbox.url("api/leads")).multipart(form))
        .await;
    assert!(
        answer.json()["error"]["max_input_vars"].is_string(),
        "{}",
        answer.text()
    );

    // Contacts (2.x, 3.x) are bounded alike, on create and on update.
    let v3 = Sandbox::start_as(pmp_sandbox::Module::V3).await;
    for (method, path) in [("POST", "api/contacts"), ("PUT", "api/contacts/1")] {
        let body = if method == "POST" {
            names[..1001].join("&")
        } else {
            let object: serde_json::Map<String, Value> =
                (0..1001).map(|i| (format!("k{i}"), Value::from("v"))).collect();
            Value::Object(object).to_string()
        };
        let content_type = if method == "POST" {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        let request = v3
            .http
            .request(method.parse().unwrap(), v3.url(path))
            .header("content-type", content_type)
            .body(body);
        let answer = v3.raw(request).await;
        assert!(
            answer.json()["error"]["max_input_vars"].is_string(),
            "{method} {path}: {}",
            answer.text()
        );
    }

    // 1,000 values are read as before: a normal create with them is judged on its fields.
    let mut body = vec!["company=Many".to_owned()];
    body.extend((0..999).map(|i| format!("groups_in[]={i}")));
    let post = sandbox
        .http
        .post(sandbox.url("api/customers"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.join("&"));
    let answer = sandbox.raw(post).await;
    assert_eq!(answer.json()["status"], true, "{}", answer.text());
}

fn lead_with_files(sizes: &[usize]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new()
        .text("source", "1")
        .text("status", "1")
        .text("assigned", "1")
        .text("name", "Files");
    for (i, size) in sizes.iter().enumerate() {
        form = form.part(
            "file[]",
            reqwest::multipart::Part::bytes(vec![b'a'; *size]).file_name(format!("f{i}.txt")),
        );
    }
    form
}

#[tokio::test]
async fn attachments_are_capped_per_request_and_in_total() {
    let sandbox = Sandbox::with(limits(|l| l.max_attachment_bytes = 100)).await;
    let create = |sizes: &[usize]| {
        sandbox.raw(
            sandbox
                .http
                .post(sandbox.url("api/leads"))
                .multipart(lead_with_files(sizes)),
        )
    };
    let many = create(&[1; 21]).await;
    assert!(
        many.json()["error"]["file"]
            .as_str()
            .is_some_and(|m| m.contains("At most 20")),
        "{}",
        many.text()
    );
    assert_eq!(
        create(&[1; 20]).await.json()["status"],
        true,
        "20 files are taken"
    );
    assert_eq!(
        create(&[60]).await.json()["status"],
        true,
        "80 bytes in all fit under 100"
    );
    let over = create(&[30]).await;
    assert!(
        over.json()["error"]["file"]
            .as_str()
            .is_some_and(|m| m.contains("at most 100 bytes")),
        "{}",
        over.text()
    );
}

#[tokio::test]
async fn half_open_and_idle_connections_are_closed() {
    let sandbox = Sandbox::with(limits(|l| l.header_timeout = Duration::from_secs(1))).await;
    let addr = sandbox.running.addr();
    // One header line, then silence.
    let mut half_open = TcpStream::connect(addr).await.unwrap();
    half_open
        .write_all(b"GET /api/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    assert!(
        read_to_close(&mut half_open).await.is_some(),
        "a half-open connection stays open"
    );
    // A whole request on a keep-alive connection, then silence: answered, then closed.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(
        format!("GET /api/customers/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nauthtoken: {DEV_TOKEN}\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let answer = read_to_close(&mut idle)
        .await
        .expect("an idle keep-alive connection stays open");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn http2_is_not_spoken() {
    // An HTTP/2 connection could stay open idle for ever (hyper has no idle timeout for it).
    let sandbox = Sandbox::start().await;
    let mut stream = TcpStream::connect(sandbox.running.addr()).await.unwrap();
    stream
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        .await
        .unwrap();
    let answer = read_to_close(&mut stream)
        .await
        .expect("the connection is closed");
    assert!(
        !answer.as_bytes().starts_with(&[0, 0]),
        "an HTTP/2 SETTINGS frame came back"
    );
}

#[tokio::test]
async fn a_body_sent_too_slowly_gets_a_408() {
    let sandbox = Sandbox::with(limits(|l| l.request_timeout = Duration::from_secs(1))).await;
    let mut stream = TcpStream::connect(sandbox.running.addr()).await.unwrap();
    let head = format!(
        "POST /api/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nauthtoken: {DEV_TOKEN}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncompany=A"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream)
        .await
        .expect("a slow body holds the connection");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_stop_is_bounded_while_a_connection_is_open() {
    let config = limits(|l| {
        l.header_timeout = Duration::from_secs(600);
        l.shutdown_grace = Duration::from_secs(1);
    });
    let running = pmp_sandbox::spawn(config).await.unwrap();
    let mut stream = TcpStream::connect(running.addr()).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        tokio::time::timeout(WIDE, running.stop()).await.is_ok(),
        "the stop waited for the half-open connection"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_new_database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("db");
    let db = dir.join("private.db");
    let sandbox = Sandbox::with(Config {
        db: db.to_string_lossy().into_owned(),
        ..Config::in_memory()
    })
    .await;
    let created = sandbox.raw(sandbox.http.get(sandbox.url("api/customers"))).await;
    assert_eq!(created.status, 200);
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "database file mode {mode:o}");
    drop(sandbox);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn pages_carry_security_headers_and_never_redirect_off_site() {
    let sandbox = Sandbox::start().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(sandbox.url("")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let header = |name: &str| {
        page.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("x-frame-options").as_deref(), Some("DENY"));
    assert!(header("content-security-policy").is_some_and(|c| c.contains("frame-ancestors 'none'")));
    // `//docs` redirected to `//docs/`: another host, to a browser.
    for path in ["//docs", "//docs/..", "/%2Fdocs", "/\\docs"] {
        let answer = exchange(
            sandbox.running.addr(),
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
        .await;
        let location = answer
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("location:"))
            .map(str::to_owned);
        let off_site = location.as_deref().is_some_and(|l| {
            let target = l[9..].trim();
            target.starts_with("//") || target.starts_with("/\\") || target.contains("://")
        });
        assert!(!off_site, "{path}: {answer}");
    }
    // The directory redirect within the site still works.
    let docs = http.get(sandbox.url("docs")).send().await.unwrap();
    assert!(docs.status().is_redirection(), "{}", docs.status());
    assert_eq!(docs.headers()["location"], "/docs/");
}

#[cfg(unix)]
#[tokio::test]
async fn links_out_of_www_are_not_followed() {
    let dir = temp_dir("www");
    let www = dir.join("www");
    let outside = dir.join("outside");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(www.join("index.html"), "<p>home</p>").unwrap();
    std::fs::write(www.join("ok.txt"), "fine").unwrap();
    std::fs::write(outside.join("secret.txt"), "SECRET").unwrap();
    std::fs::write(outside.join("index.html"), "SECRET").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), www.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, www.join("out")).unwrap();
    std::fs::create_dir_all(www.join("inner")).unwrap();
    std::os::unix::fs::symlink(outside.join("index.html"), www.join("inner/index.html")).unwrap();
    let sandbox = Sandbox::with(Config {
        www: www.clone(),
        ..Config::in_memory()
    })
    .await;
    let get = |path: &str| sandbox.http.get(sandbox.url(path)).send();
    assert_eq!(get("ok.txt").await.unwrap().text().await.unwrap(), "fine");
    for path in ["leak.txt", "out/secret.txt", "out/", "inner/", "out%2Fsecret.txt"] {
        let answer = get(path).await.unwrap();
        let status = answer.status();
        let body = answer.text().await.unwrap();
        assert!(!body.contains("SECRET"), "{path}: {status} {body}");
        assert_eq!(status, 404, "{path}");
    }
    drop(sandbox);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Waits for a child to exit, for at most `WIDE`; kills it (and fails) if it does not.
fn exits_within_wide(child: &mut std::process::Child, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    while start.elapsed() < WIDE {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("{what}: still running after {WIDE:?}");
}

#[test]
fn the_dev_token_is_not_served_on_a_non_loopback_address() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmp-sandbox"))
        .args(["--host", "0.0.0.0", "--port", "0", "--db", ":memory:"])
        .env_remove("PMP_SANDBOX_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = exits_within_wide(&mut child, "pmp-sandbox --host 0.0.0.0 with the dev token");
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("public development token"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn sigterm_ends_the_process_while_a_connection_is_half_open() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmp-sandbox"))
        .args(["--port", "0", "--db", ":memory:"])
        .env_remove("PMP_SANDBOX_TOKEN")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while !first.ends_with('\n') && out.read(&mut byte).unwrap() == 1 {
        first.push(byte[0] as char);
    }
    let addr = first
        .trim()
        .strip_prefix("pmp-sandbox listening on http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("first line: {first}"))
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = exits_within_wide(
        &mut child,
        "pmp-sandbox after SIGTERM with a half-open connection",
    );
    assert!(status.success(), "{status}");
    drop(stream);
}

/// What schemathesis found, kept as hostile-input cases: each gets a clear answer
/// a real server would give, never a 400 or 5xx of the sandbox's own.
#[tokio::test]
async fn what_the_fuzzer_found_gets_the_real_servers_answers() {
    let sandbox = Sandbox::start().await;
    // A multipart create with a part PHP cannot read (a raw CR in its name): the part is
    // skipped, the others are read, the create succeeds.
    let body: &[u8] = b"--B\r\nContent-Disposition: form-data; name=\"\r\x84O\"\r\n\r\n{}\r\n\
        --B\r\nContent-Disposition: form-data; name=\"company\"\r\n\r\nFuzz Corp\r\n--B--\r\n";
    let created = sandbox
        .http
        .post(sandbox.url("api/customers"))
        .header("authtoken", DEV_TOKEN)
        .header("content-type", "multipart/form-data; boundary=B")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let message: Value = created.json().await.unwrap();
    assert_eq!(message["message"], "Client add successful.", "{message}");
    // A multipart body with no readable part at all: a validation failure, as PHP's empty
    // $_POST gives, not a 400 about the encoding.
    let garbage = sandbox
        .http
        .post(sandbox.url("api/customers"))
        .header("authtoken", DEV_TOKEN)
        .header("content-type", "multipart/form-data; boundary=B")
        .body("garbage")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 404);
    let refusal: Value = garbage.json().await.unwrap();
    assert!(refusal["error"]["company"].is_string(), "{refusal}");
    // A 405 says which methods the path answers.
    for (method, path, allow) in [
        ("TRACE", "api/customers/1", "GET, PUT, DELETE"),
        ("PATCH", "api/customers", "GET, POST"),
        ("GET", "api/customers/abc", "GET, PUT, DELETE"),
        ("GET", "api/delete/customers/1", "DELETE"),
    ] {
        let answer = sandbox
            .http
            .request(method.parse().unwrap(), sandbox.url(path))
            .header("authtoken", DEV_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 405, "{method} {path}");
        assert_eq!(answer.headers()["allow"], allow, "{method} {path}");
    }
    // One Idempotency-Key on two resources' creates: two creates, not a replay of the
    // customer's answer for the lead; an empty key is no key.
    let create = |path: &'static str, key: &'static str, form: &'static [(&'static str, &'static str)]| {
        sandbox
            .http
            .post(sandbox.url(path))
            .header("authtoken", DEV_TOKEN)
            .header("idempotency-key", key)
            .form(form)
            .send()
    };
    let customer = create("api/customers", "k-1", &[("company", "Keyed")])
        .await
        .unwrap();
    assert_eq!(customer.headers().get("idempotency-replayed"), None);
    let lead_form: &[(&str, &str)] = &[
        ("name", "Keyed lead"),
        ("source", "1"),
        ("status", "1"),
        ("assigned", "1"),
    ];
    let lead = create("api/leads", "k-1", lead_form).await.unwrap();
    assert_eq!(lead.headers().get("idempotency-replayed"), None);
    let lead: Value = lead.json().await.unwrap();
    assert_eq!(lead["message"], "Lead add successful.", "{lead}");
    for _ in 0..2 {
        let empty = create("api/customers", "", &[("company", "Unkeyed")])
            .await
            .unwrap();
        assert_eq!(empty.headers().get("idempotency-replayed"), None);
    }
}
