//! The command-line contract other tools rely on: the start lines, the token rules, the
//! database file, and a clean stop on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

use pmp_sandbox::DEV_TOKEN;

struct Process {
    child: Child,
    lines: BufReader<ChildStdout>,
}

impl Process {
    fn start(args: &[&str], env_token: Option<&str>) -> Process {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pmp-sandbox"));
        command
            .args(args)
            .stdout(Stdio::piped())
            .env_remove("PMP_SANDBOX_TOKEN");
        if let Some(token) = env_token {
            command.env("PMP_SANDBOX_TOKEN", token);
        }
        let mut child = command.spawn().expect("pmp-sandbox starts");
        let lines = BufReader::new(child.stdout.take().unwrap());
        Process { child, lines }
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.lines.read_line(&mut line).unwrap();
        line.trim_end().to_owned()
    }

    /// The base URL from the first line.
    fn url(&mut self) -> String {
        let line = self.line();
        let url = line
            .strip_prefix("pmp-sandbox listening on ")
            .unwrap_or_else(|| panic!("first line: {line}"));
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "{url}"
        );
        assert_ne!(url, "http://127.0.0.1:0/", "the real port is printed");
        url.to_owned()
    }

    /// Sends SIGTERM, checks the process ends cleanly and returns what else it printed.
    fn terminate(mut self) -> String {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "exit after SIGTERM: {exit}");
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.lines, &mut rest).unwrap();
        rest
    }
}

async fn get_status(url: &str, token: &str) -> u16 {
    let client = reqwest::Client::new();
    let answer = client
        .get(format!("{url}api/customers"))
        .header("authtoken", token)
        .send()
        .await
        .unwrap();
    answer.status().as_u16()
}

#[tokio::test]
async fn prints_url_then_dev_token_and_stops_on_sigterm() {
    let mut process = Process::start(&["--port", "0", "--db", ":memory:"], None);
    let url = process.url();
    assert_eq!(process.line(), format!("token: {DEV_TOKEN}"));
    assert_eq!(get_status(&url, DEV_TOKEN).await, 200);
    process.terminate();
}

#[tokio::test]
async fn given_tokens_are_not_printed() {
    let mut process = Process::start(
        &[
            "--port",
            "0",
            "--db",
            ":memory:",
            "--token",
            "first.t.1",
            "--token",
            "second.t.2",
        ],
        None,
    );
    let url = process.url();
    assert_eq!(get_status(&url, "second.t.2").await, 200);
    assert_eq!(get_status(&url, DEV_TOKEN).await, 404);
    assert_eq!(process.terminate(), "", "no token line when tokens are given");

    let mut process = Process::start(&["--port", "0", "--db", ":memory:", "--empty"], Some("env.t.3"));
    let url = process.url();
    // `--empty`: no rows, so the list answers "No data were found".
    assert_eq!(get_status(&url, "env.t.3").await, 404);
    process.terminate();
}

#[tokio::test]
async fn a_file_database_keeps_its_rows_and_is_seeded_once() {
    let dir = std::env::temp_dir().join(format!("pmp-sandbox-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("test.db");
    let db = db.to_str().unwrap();
    let mut seeded = 0;
    for round in 0..2 {
        let mut process = Process::start(&["--port", "0", "--db", db], None);
        let url = process.url();
        let client = reqwest::Client::new();
        let rows: serde_json::Value = client
            .get(format!("{url}api/customers"))
            .header("authtoken", DEV_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        // The default profile (3.0) answers a page with the total: the seeded customers, plus
        // the one added in the first round.
        let total = rows["meta"]["total"].as_u64().unwrap_or_else(|| panic!("{rows}"));
        if round == 0 {
            seeded = total;
            assert!(seeded > 20, "more than one page of customers is seeded");
        } else {
            assert_eq!(total, seeded + 1, "seeded once, the added row kept");
        }
        if round == 0 {
            let added = client
                .post(format!("{url}api/customers"))
                .header("authtoken", DEV_TOKEN)
                .form(&[("company", "Kept")])
                .send()
                .await
                .unwrap();
            assert_eq!(added.status(), 200);
        }
        process.terminate();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_options_exit_with_a_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_pmp-sandbox"))
        .args(["--port", "http"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--port"));
}
