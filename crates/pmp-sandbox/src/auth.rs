//! Token checks as the real module answers them (wire/PMP-WIRE-FACTS.md, "Authentication"): the
//! `authtoken` header (any letter case; 3.x also `?authtoken=`), never `Authorization`. A
//! token that is not one of the sandbox's is judged as the module's JWT library judges it,
//! with the sandbox's own signing key ([`JWT_KEY`]).

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use pmp_core::strings;

use crate::profile::Module;

/// The key the sandbox signs and checks JWTs with (public: the sandbox holds no real data).
pub(crate) const JWT_KEY: &str = "pmp-sandbox-jwt-key";

/// The development token used when neither `--token` nor `PMP_SANDBOX_TOKEN` gives one. It is
/// public (printed at start, written in the README): the sandbox holds no real data.
pub const DEV_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoicG1wLXNhbmRib3giLCJuYW1lIjoiRGV2ZWxvcG1lbnQgdG9rZW4iLCJpYXQiOjE1NzQ5ODU2MDB9.cG1wLXNhbmRib3gtZGV2ZWxvcG1lbnQtdG9rZW4";

/// How long a token stays valid after its `API_TIME`, as the module's library counts it.
const TOKEN_LIFETIME_SECS: u64 = 315_569_260;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Every permission.
    Full,
    /// May only read customers (2.x, 3.x answer 403 to anything else).
    ReadCustomers,
    /// Every permission, but a quota of two requests per hour per endpoint (3.x), and
    /// subject to the per-IP burst limit.
    TinyQuota,
}

/// A token the sandbox accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// The token text.
    pub value: String,
    /// What it may do.
    pub role: Role,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a token.
        write!(f, "Token({:?}, {} chars)", self.role, self.value.len())
    }
}

/// Why a request's token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No `authtoken` header: "Token is not defined."
    Missing,
    /// Not three dot-separated parts, as php-jwt reports it: "Wrong number of segments".
    Malformed,
    /// Three parts, not signed with the key: "Signature verification failed".
    BadSignature,
    /// Signed, but its `API_TIME` is too old: "Token Time Expire."
    Expired,
    /// Signed and current but not a token of the sandbox: `"message": null`.
    Unknown,
}

impl Refusal {
    /// The message `module` sends (`None` is JSON `null`).
    pub(crate) fn message(self, module: Module) -> Option<&'static str> {
        if module.is_v3() {
            return Some(strings::TOKEN_NOT_FOUND);
        }
        match self {
            Refusal::Missing => Some(strings::TOKEN_MISSING),
            Refusal::Malformed => Some(strings::TOKEN_MALFORMED),
            Refusal::BadSignature => Some(strings::TOKEN_BAD_SIGNATURE),
            Refusal::Expired => Some(strings::TOKEN_EXPIRED),
            Refusal::Unknown => None,
        }
    }
}

/// The token a request carries: the `authtoken` header, else (3.x) the `authtoken` query
/// parameter.
pub(crate) fn sent_token<'a>(
    headers: &'a HeaderMap,
    query_token: Option<&'a str>,
    module: Module,
) -> Option<&'a [u8]> {
    headers
        .get("authtoken")
        .map(|v| v.as_bytes())
        .or_else(|| query_token.filter(|_| module.is_v3()).map(str::as_bytes))
}

/// Accepts a sent token that is one of `tokens`. Every comparison runs in constant time and
/// all tokens are compared, so timing tells nothing about how much of a token was right.
pub(crate) fn check(sent: Option<&[u8]>, tokens: &[Token], now_secs: u64) -> Result<Role, Refusal> {
    let Some(sent) = sent else {
        return Err(Refusal::Missing);
    };
    let mut found = None;
    for token in tokens {
        let same: Choice = sent.ct_eq(token.value.as_bytes());
        if bool::from(same) {
            found = Some(token.role);
        }
    }
    if let Some(role) = found {
        return Ok(role);
    }
    Err(judge_jwt(sent, now_secs))
}

/// Why a token that is not the sandbox's fails, as php-jwt and the module's library say it.
fn judge_jwt(sent: &[u8], now_secs: u64) -> Refusal {
    let Ok(text) = std::str::from_utf8(sent) else {
        return Refusal::Malformed;
    };
    let parts: Vec<&str> = text.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Refusal::Malformed;
    };
    let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
        return Refusal::BadSignature;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(JWT_KEY.as_bytes()).expect("HMAC takes any key");
    mac.update(header.as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    if mac.verify_slice(&signature).is_err() {
        return Refusal::BadSignature;
    }
    let issued = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|claims| claims.get("API_TIME").and_then(serde_json::Value::as_u64));
    match issued {
        Some(time) if now_secs.saturating_sub(time) < TOKEN_LIFETIME_SECS => Refusal::Unknown,
        _ => Refusal::Expired,
    }
}

/// A JWT signed with the sandbox's key, with these claims (for tests and tools).
pub fn sign(claims: &serde_json::Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(JWT_KEY.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{header}.{payload}").as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{header}.{payload}.{signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Vec<Token> {
        vec![
            Token {
                value: "a.b.c".to_owned(),
                role: Role::Full,
            },
            Token {
                value: "plain".to_owned(),
                role: Role::ReadCustomers,
            },
        ]
    }

    #[test]
    fn answers_like_the_real_module() {
        let now = 2_000_000_000;
        let t = tokens();
        assert_eq!(check(None, &t, now), Err(Refusal::Missing));
        assert_eq!(check(Some(b"a.b.c"), &t, now), Ok(Role::Full));
        assert_eq!(check(Some(b"plain"), &t, now), Ok(Role::ReadCustomers));
        assert_eq!(check(Some(b"a.b"), &t, now), Err(Refusal::Malformed));
        assert_eq!(check(Some(b""), &t, now), Err(Refusal::Malformed));
        assert_eq!(check(Some(b"a.b.d"), &t, now), Err(Refusal::BadSignature));
        let current = sign(&serde_json::json!({"user": "x", "API_TIME": now - 10}));
        assert_eq!(check(Some(current.as_bytes()), &t, now), Err(Refusal::Unknown));
        let old = sign(&serde_json::json!({"user": "x", "API_TIME": 1}));
        assert_eq!(check(Some(old.as_bytes()), &t, now), Err(Refusal::Expired));
        assert_eq!(Refusal::Unknown.message(Module::V2), None);
        assert_eq!(Refusal::Missing.message(Module::V3), Some("Token is not found"));
    }

    #[test]
    fn only_the_authtoken_header_or_the_3x_query() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", "a.b.c".parse().unwrap());
        assert_eq!(sent_token(&headers, None, Module::V1), None);
        assert_eq!(sent_token(&headers, Some("q"), Module::V2), None);
        assert_eq!(sent_token(&headers, Some("q"), Module::V3), Some(&b"q"[..]));
        headers.insert("AuthToken", "h".parse().unwrap());
        assert_eq!(sent_token(&headers, Some("q"), Module::V3), Some(&b"h"[..]));
    }
}
