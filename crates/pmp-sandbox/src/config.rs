//! The sandbox's settings and its command line.

use std::path::{Path, PathBuf};

use crate::auth::{Role, Token, DEV_TOKEN};
use crate::limits::Settings;
use crate::profile::Module;

/// The environment variable that gives a token.
pub const TOKEN_ENV: &str = "PMP_SANDBOX_TOKEN";

/// Default request body limit: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// The profile used when `--module` is not given: the current module line.
pub const DEFAULT_MODULE: Module = Module::V3;

/// The command line's usage text.
pub const USAGE: &str = "usage: pmp-sandbox [--module 1.0|2.0|3.0 (default 3.0)] [--host 127.0.0.1]
                   [--port 8080 (0 = any free port)] [--db pmp-sandbox.db|:memory:]
                   [--empty] [--customers N] [--token T]... [--limited-token T]...
                   [--tiny-quota-token T]... [--quota N] [--ip-burst N] [--auth-lockout N]
                   [--delay-ms MS] [--no-cors] [--www DIR] [--openapi FILE] [--body-limit BYTES]
                   [--allow-host NAME]...

--module            the server version to answer as (1.0.0, 2.0.8 or 3.0.3)
--empty             start without seed rows; --customers N adds N generated customers
--token T           a token with every permission (repeatable; else $PMP_SANDBOX_TOKEN,
                    else the development token printed at start)
--limited-token T   a token that may only read customers (2.0, 3.0: else 403)
--tiny-quota-token T  a token with a quota of 2 requests per endpoint per hour (3.0), and
                    subject to the per-IP burst limit
--quota N           3.0: requests per token and endpoint per hour (default 1000000), then 429
--ip-burst N        3.0: requests per IP per minute after which tiny-quota tokens get the 401
                    `This API key has reached the time limit for this method` (default 100)
--auth-lockout N    3.0: auth or permission failures per IP in 15 minutes after which the IP
                    gets 429 `Too many failed authentication attempts` (default 20)
--delay-ms MS       a fixed delay added to every API answer (benchmarks)
--no-cors           no CORS headers, as real servers (a preflight answers like the server)
--allow-host NAME   a name (e.g. a LAN name) requests may give in their Host header besides
                    localhost, 127.0.0.1, [::1] and the --host value (repeatable; others: 421)

The development token is refused with a --host that is not a loopback address.";

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
    /// The server version answered as.
    pub module: Module,
    /// Generated customers added to a new database's seed.
    pub customers: usize,
    /// Accepted tokens; never empty (the development token when none is given).
    pub tokens: Vec<Token>,
    /// 3.x limits.
    pub limits: Settings,
    /// Delay added to every API answer, in milliseconds.
    pub delay_ms: u64,
    /// CORS headers for loopback origins.
    pub cors: bool,
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
    /// Bounds of connections, requests and stored attachments, apart from the 3.x
    /// rate limits in `limits`.
    pub serve_limits: crate::serve::Limits,
}

impl Config {
    /// An empty in-memory sandbox answering as `module`, without CORS (as a real server),
    /// with these tokens: what the replay of recorded exchanges wants.
    pub fn replay(module: Module, tokens: Vec<Token>) -> Config {
        Config {
            module,
            empty: true,
            cors: false,
            dev_token: false,
            tokens,
            ..Config::in_memory()
        }
    }

    /// [`Config::in_memory`] answering as `module` that knows `token` only (every permission,
    /// no development token): what a client's tests against it want.
    pub fn with_only_token(module: Module, token: &str) -> Config {
        Config {
            module,
            tokens: vec![full(token)],
            dev_token: false,
            ..Config::in_memory()
        }
    }

    /// A seeded in-memory sandbox on a free port of 127.0.0.1 with the development token:
    /// what tests want.
    pub fn in_memory() -> Config {
        let root = workspace_root();
        Config {
            host: "127.0.0.1".to_owned(),
            port: 0,
            db: ":memory:".to_owned(),
            empty: false,
            module: DEFAULT_MODULE,
            customers: 0,
            tokens: vec![full(DEV_TOKEN)],
            limits: Settings::default(),
            delay_ms: 0,
            cors: true,
            dev_token: true,
            www: root.join("www"),
            openapi: root.join("openapi/pmp.openapi.json"),
            body_limit: DEFAULT_BODY_LIMIT,
            allow_hosts: Vec::new(),
            serve_limits: crate::serve::Limits::default(),
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
                "--no-cors" => config.cors = false,
                "--module" => {
                    let v = value()?;
                    config.module = Module::parse(&v)
                        .ok_or_else(|| format!("--module must be 1.0, 2.0 or 3.0, got `{v}`"))?;
                }
                "--token" | "--limited-token" | "--tiny-quota-token" => {
                    let token = value()?;
                    check_token(&token)?;
                    let role = match flag.as_str() {
                        "--token" => Role::Full,
                        "--limited-token" => Role::ReadCustomers,
                        _ => Role::TinyQuota,
                    };
                    config.tokens.push(Token { value: token, role });
                }
                "--customers" => config.customers = number(flag, &value()?)? as usize,
                "--quota" => config.limits.quota = positive(flag, &value()?)?,
                "--ip-burst" => config.limits.ip_burst = positive(flag, &value()?)?,
                "--auth-lockout" => config.limits.auth_lockout = positive(flag, &value()?)?,
                "--delay-ms" => config.delay_ms = number(flag, &value()?)?,
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
        if !config.tokens.iter().any(|t| t.role == Role::Full) {
            match env_token.filter(|t| !t.is_empty()) {
                Some(token) => {
                    check_token(&token).map_err(|e| format!("{TOKEN_ENV}: {e}"))?;
                    config.tokens.push(full(&token));
                }
                None => config.tokens.push(full(DEV_TOKEN)),
            }
        }
        config.dev_token = config.tokens.iter().any(|t| t.value == DEV_TOKEN);
        crate::guard::check_exposure(&config.host, &config.tokens)?;
        Ok(config)
    }
}

/// A token with every permission.
pub fn full(token: &str) -> Token {
    Token {
        value: token.to_owned(),
        role: Role::Full,
    }
}

fn number(flag: &str, v: &str) -> Result<u64, String> {
    v.parse()
        .map_err(|_| format!("{flag} must be a number, got `{v}`"))
}

fn positive(flag: &str, v: &str) -> Result<u64, String> {
    number(flag, v)?
        .checked_sub(1)
        .map(|n| n + 1)
        .ok_or_else(|| format!("{flag} must be at least 1, got `{v}`"))
}

/// A token must be usable as a header value. The token itself is never echoed.
fn check_token(token: &str) -> Result<(), String> {
    if token.is_empty() || token.trim() != token || !token.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Err("a token must be non-empty printable ASCII without surrounding spaces".to_owned());
    }
    Ok(())
}

/// The workspace root this crate was built in (`www/` and `openapi/` live there).
pub(crate) fn workspace_root() -> PathBuf {
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
        assert_eq!(config.tokens, [full(DEV_TOKEN)]);
        assert_eq!(config.body_limit, DEFAULT_BODY_LIMIT);
        assert_eq!((config.module, config.cors), (Module::V3, true));
    }

    #[test]
    fn tokens_from_flags_win_over_the_environment() {
        let config =
            Config::from_args(&args(&["--token", "a1", "--token", "b2"]), Some("env".into())).unwrap();
        assert_eq!(config.tokens, [full("a1"), full("b2")]);
        assert!(!config.dev_token);
        let config = Config::from_args(&[], Some("env-token".into())).unwrap();
        assert_eq!(config.tokens, [full("env-token")]);
    }

    #[test]
    fn profiles_roles_and_limits() {
        let config = Config::from_args(
            &args(&[
                "--module",
                "1.0",
                "--token",
                "t",
                "--limited-token",
                "l",
                "--quota",
                "5",
                "--no-cors",
                "--customers",
                "7",
            ]),
            None,
        )
        .unwrap();
        assert_eq!(
            (config.module, config.cors, config.customers, config.limits.quota),
            (Module::V1, false, 7, 5)
        );
        assert_eq!(config.tokens[1].role, Role::ReadCustomers);
        let config = Config::from_args(
            &args(&["--delay-ms", "14", "--ip-burst", "3", "--auth-lockout", "4"]),
            None,
        )
        .unwrap();
        assert_eq!(
            (
                config.delay_ms,
                config.limits.ip_burst,
                config.limits.auth_lockout
            ),
            (14, 3, 4)
        );
        // A limited token alone still gets a full token beside it.
        let config = Config::from_args(&args(&["--tiny-quota-token", "q"]), None).unwrap();
        assert!(config.dev_token);
    }

    #[test]
    fn bad_flags_are_named() {
        let err = |a: &[&str]| Config::from_args(&args(a), None).unwrap_err();
        assert!(err(&["--port", "x"]).contains("--port"));
        assert!(err(&["--port"]).contains("needs a value"));
        assert!(err(&["--body-limit", "0"]).contains("--body-limit"));
        assert!(err(&["--frobnicate"]).contains("--frobnicate"));
        assert!(err(&["--module", "4"]).contains("--module"));
        assert!(err(&["--quota", "0"]).contains("--quota"));
        let secret = "bad token";
        assert!(!err(&["--token", " bad token"]).contains(secret));
    }
}
