//! The sandbox's settings and its command line.

use std::path::{Path, PathBuf};

/// The development token used when neither `--token` nor `PMP_SANDBOX_TOKEN` gives one. It is
/// public (printed at start, written in the README): the sandbox holds no real data.
pub const DEV_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoicG1wLXNhbmRib3giLCJuYW1lIjoiRGV2ZWxvcG1lbnQgdG9rZW4iLCJpYXQiOjE1NzQ5ODU2MDB9.cG1wLXNhbmRib3gtZGV2ZWxvcG1lbnQtdG9rZW4";

/// The environment variable that gives a token.
pub const TOKEN_ENV: &str = "PMP_SANDBOX_TOKEN";

/// Default request body limit: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// The command line's usage text.
pub const USAGE: &str = "usage: pmp-sandbox [--host 127.0.0.1] [--port 8080 (0 = any free port)]
                   [--db pmp-sandbox.db|:memory:] [--empty] [--token T]...
                   [--www DIR] [--openapi FILE] [--body-limit BYTES] [--allow-host NAME]...

Tokens: --token (repeatable), else $PMP_SANDBOX_TOKEN, else the development token printed at start.
Names: requests must name localhost, 127.0.0.1, [::1], the --host value or an --allow-host NAME
(repeatable, e.g. a LAN name) in their Host header. The development token is refused with a
--host that is not a loopback address.";

/// How to run the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub host: String,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// SQLite database file, or `:memory:`.
    pub db: String,
    /// Start without the documented records.
    pub empty: bool,
    /// Accepted tokens; never empty (the development token when none is given).
    pub tokens: Vec<String>,
    /// Whether `tokens` is the development token (then it is printed at start).
    pub dev_token: bool,
    /// Folder served at `/`.
    pub www: PathBuf,
    /// OpenAPI document served at `/openapi.json`.
    pub openapi: PathBuf,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Host names accepted besides loopback ones and `host` (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// Bounds of connections and requests.
    pub limits: crate::serve::Limits,
}

impl Config {
    /// A seeded in-memory sandbox on a free port of 127.0.0.1 with the development token:
    /// what tests want.
    pub fn in_memory() -> Config {
        let root = workspace_root();
        Config {
            host: "127.0.0.1".to_owned(),
            port: 0,
            db: ":memory:".to_owned(),
            empty: false,
            tokens: vec![DEV_TOKEN.to_owned()],
            dev_token: true,
            www: root.join("www"),
            openapi: root.join("openapi/pmp.openapi.json"),
            body_limit: DEFAULT_BODY_LIMIT,
            allow_hosts: Vec::new(),
            limits: crate::serve::Limits::default(),
        }
    }

    /// Reads the command line (without the program name) and the token variable's value.
    pub fn from_args(args: &[String], env_token: Option<String>) -> Result<Config, String> {
        let mut config = Config {
            port: 8080,
            db: "pmp-sandbox.db".to_owned(),
            tokens: Vec::new(),
            ..Config::in_memory()
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
            };
            match flag.as_str() {
                "--host" => config.host = value()?,
                "--port" => {
                    let v = value()?;
                    config.port = v
                        .parse()
                        .map_err(|_| format!("--port must be 0 to 65535, got `{v}`"))?;
                }
                "--db" => config.db = value()?,
                "--empty" => config.empty = true,
                "--token" => {
                    let token = value()?;
                    check_token(&token)?;
                    config.tokens.push(token);
                }
                "--www" => config.www = PathBuf::from(value()?),
                "--openapi" => config.openapi = PathBuf::from(value()?),
                "--body-limit" => {
                    let v = value()?;
                    config.body_limit = v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--body-limit must be a positive number of bytes, got `{v}`")
                    })?;
                }
                "--allow-host" => config.allow_hosts.push(value()?),
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
            }
        }
        if config.tokens.is_empty() {
            match env_token.filter(|t| !t.is_empty()) {
                Some(token) => {
                    check_token(&token).map_err(|e| format!("{TOKEN_ENV}: {e}"))?;
                    config.tokens.push(token);
                }
                None => config.tokens.push(DEV_TOKEN.to_owned()),
            }
        }
        config.dev_token = config.tokens == [DEV_TOKEN];
        crate::guard::check_exposure(&config)?;
        Ok(config)
    }
}

/// A token must be usable as a header value. The token itself is never echoed.
fn check_token(token: &str) -> Result<(), String> {
    if token.is_empty() || token.trim() != token || !token.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Err("a token must be non-empty printable ASCII without surrounding spaces".to_owned());
    }
    Ok(())
}

/// The workspace root this crate was built in (`www/` and `openapi/` live there).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_use_the_dev_token() {
        let config = Config::from_args(&[], None).unwrap();
        assert_eq!(
            (config.port, config.db.as_str(), config.dev_token),
            (8080, "pmp-sandbox.db", true)
        );
        assert_eq!(config.tokens, [DEV_TOKEN]);
        assert_eq!(config.body_limit, DEFAULT_BODY_LIMIT);
    }

    #[test]
    fn tokens_from_flags_win_over_the_environment() {
        let config =
            Config::from_args(&args(&["--token", "a1", "--token", "b2"]), Some("env".into())).unwrap();
        assert_eq!(config.tokens, ["a1", "b2"]);
        assert!(!config.dev_token);
        let config = Config::from_args(&[], Some("env-token".into())).unwrap();
        assert_eq!(config.tokens, ["env-token"]);
    }

    #[test]
    fn bad_flags_are_named() {
        let err = |a: &[&str]| Config::from_args(&args(a), None).unwrap_err();
        assert!(err(&["--port", "x"]).contains("--port"));
        assert!(err(&["--port"]).contains("needs a value"));
        assert!(err(&["--body-limit", "0"]).contains("--body-limit"));
        assert!(err(&["--frobnicate"]).contains("--frobnicate"));
        let secret = "bad token";
        assert!(!err(&["--token", " bad token"]).contains(secret));
    }
}
