//! Token checks as the real module answers them (PMP-WIRE-FACTS.md, "Authentication").

use axum::http::HeaderMap;
use subtle::{Choice, ConstantTimeEq};

/// Why a request's token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `authtoken` (nor `Authorization`) header: "Token is not defined."
    Missing,
    /// Not three dot-separated parts, as php-jwt reports it: "Wrong number of segments".
    Malformed,
    /// Well-formed but not a known token: `"message": null`.
    Unknown,
}

impl Refusal {
    /// The message the real server sends (`None` is JSON `null`).
    pub fn message(self) -> Option<&'static str> {
        match self {
            Refusal::Missing => Some("Token is not defined."),
            Refusal::Malformed => Some("Wrong number of segments"),
            Refusal::Unknown => None,
        }
    }
}

/// Accepts a request whose `authtoken` header (any case), or `Authorization` header (raw or
/// `Bearer`), is one of `tokens`. Every comparison runs in constant time and all tokens are
/// compared, so timing tells nothing about how much of a token was right.
pub fn check(headers: &HeaderMap, tokens: &[String]) -> Result<(), Refusal> {
    let authtoken = headers.get("authtoken").map(|v| v.as_bytes());
    let authorization = headers.get("authorization").map(|v| {
        let bytes = v.as_bytes();
        match bytes.get(..7) {
            Some(prefix) if prefix.eq_ignore_ascii_case(b"bearer ") => &bytes[7..],
            _ => bytes,
        }
    });
    let sent: Vec<&[u8]> = [authtoken, authorization].into_iter().flatten().collect();
    let Some(first) = sent.first() else {
        return Err(Refusal::Missing);
    };
    let mut accepted = Choice::from(0);
    for candidate in &sent {
        for token in tokens {
            accepted |= candidate.ct_eq(token.as_bytes());
        }
    }
    if bool::from(accepted) {
        return Ok(());
    }
    if first.iter().filter(|b| **b == b'.').count() != 2 {
        return Err(Refusal::Malformed);
    }
    Err(Refusal::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn answers_like_the_real_module() {
        let tokens = vec!["a.b.c".to_owned(), "plain".to_owned()];
        assert_eq!(check(&headers(&[]), &tokens), Err(Refusal::Missing));
        assert_eq!(check(&headers(&[("authtoken", "a.b.c")]), &tokens), Ok(()));
        assert_eq!(check(&headers(&[("AuthToken", "plain")]), &tokens), Ok(()));
        assert_eq!(
            check(&headers(&[("authorization", "Bearer a.b.c")]), &tokens),
            Ok(())
        );
        assert_eq!(check(&headers(&[("authorization", "a.b.c")]), &tokens), Ok(()));
        assert_eq!(
            check(&headers(&[("authtoken", "a.b.d")]), &tokens),
            Err(Refusal::Unknown)
        );
        assert_eq!(
            check(&headers(&[("authtoken", "a.b")]), &tokens),
            Err(Refusal::Malformed)
        );
        assert_eq!(
            check(&headers(&[("authtoken", "a.b.c.")]), &tokens),
            Err(Refusal::Malformed)
        );
        assert_eq!(
            check(&headers(&[("authtoken", "")]), &tokens),
            Err(Refusal::Malformed)
        );
        // Either header may carry the right token (tickets send both).
        assert_eq!(
            check(
                &headers(&[("authtoken", "x"), ("authorization", "plain")]),
                &tokens
            ),
            Ok(())
        );
    }
}
