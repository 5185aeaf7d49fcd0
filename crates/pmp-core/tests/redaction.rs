//! Redaction without holes: the token, whatever its length, and any run of
//! `MIN_ECHO_LEN` of its characters, is gone from messages, field names and field messages.

use pmp_core::MIN_ECHO_LEN;
use pmp_core::*;
use proptest::prelude::*;

const REDACTED: &str = "[redacted]";

fn config(token: &str) -> ClientConfig {
    ClientConfig::new("http://127.0.0.1/", token).unwrap()
}

/// The pieces of `redacted` between the markers hold no run of `width` bytes of the token.
fn assert_no_echo(token: &str, redacted: &str) {
    let width = token.len().min(MIN_ECHO_LEN);
    for piece in redacted.split(REDACTED) {
        for run in token.as_bytes().windows(width) {
            let run = std::str::from_utf8(run).unwrap();
            assert!(
                !piece.contains(run),
                "`{run}` of the token is left in {redacted:?}"
            );
        }
    }
}

#[test]
fn short_tokens_and_partial_echoes() {
    // A short token is redacted whole (tokens under 6 characters too).
    assert_eq!(config("abc").redact("x abc y"), format!("x {REDACTED} y"));
    assert_eq!(config("k").redact("ok"), format!("o{REDACTED}"));
    let token = "eyJhbGciOiJIUzI1NiJ9.payload.signature";
    let config = config(token);
    // A truncated echo, a middle part and the whole token, in one message.
    let text = format!("start={} mid={} all={token}.", &token[..10], &token[12..20]);
    assert_eq!(
        config.redact(&text),
        format!("start={REDACTED} mid={REDACTED} all={REDACTED}.")
    );
    // Shorter than MIN_ECHO_LEN: ordinary words are left alone.
    assert_eq!(config.redact("eyJhb pay sign"), "eyJhb pay sign");
    // Non-ASCII text around an echo stays whole.
    assert_eq!(config.redact("é payload ü"), format!("é {REDACTED} ü"));
}

#[test]
fn field_names_are_redacted_too() {
    let token = "secret-token-42";
    let config = config(token);
    let body = format!(r#"{{"status":false,"error":{{"{token}":"x","company":"bad {token}"}}}}"#);
    let err = check_response(
        &config,
        &HttpResponse {
            status: 404,
            content_type: None,
            body: body.as_bytes(),
        },
    )
    .unwrap();
    let shown = format!("{err:?}");
    assert!(!shown.contains(token), "{shown}");
    assert_eq!(err.field_errors.get(REDACTED).map(String::as_str), Some("x"));
    assert_eq!(
        err.field_errors.get("company").map(String::as_str),
        Some("bad [redacted]")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Any printable token of any length, echoed in part or whole anywhere in any text.
    #[test]
    fn no_echo_survives(
        token in "[!-~][ -~]{0,60}[!-~]|[!-~]",
        before in any::<String>(),
        after in any::<String>(),
        cut in (0usize..64, 0usize..64),
    ) {
        let width = token.len().min(MIN_ECHO_LEN);
        let start = cut.0 % (token.len() - width + 1);
        let end = (start + width + cut.1).min(token.len());
        let echo = &token[start..end];
        let text = format!("{before}{echo}{after}");
        let redacted = config(&token).redact(&text);
        assert_no_echo(&token, &redacted);
        prop_assert!(redacted.contains(REDACTED));
    }

    /// Text that holds no run of the token is left exactly as it was.
    #[test]
    fn other_text_is_kept(token in "[!-~]{6,40}", text in any::<String>()) {
        let width = MIN_ECHO_LEN;
        let clean = !token.as_bytes().windows(width).any(|w| text.contains(std::str::from_utf8(w).unwrap()));
        prop_assume!(clean);
        prop_assert_eq!(config(&token).redact(&text), text);
    }
}
