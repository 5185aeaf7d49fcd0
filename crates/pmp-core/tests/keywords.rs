//! Search keywords always travel as exactly one path segment: hostile ones included.

use percent_encoding::percent_decode_str;
use pmp_core::*;
use proptest::prelude::*;

mod common;

fn search_url(keyword: &str) -> Result<String, PmpError> {
    let config = ClientConfig::new("https://crm.example.com/crm/", "a-valid-token-123").unwrap();
    build_request(
        &config,
        Endpoint::of(Resource::Customers, Operation::Search),
        Args::Keyword(keyword),
    )
    .map(|r| r.url)
}

const PREFIX: &str = "https://crm.example.com/crm/api/customers/search/";

#[test]
fn hostile_keywords_stay_inside_the_search_path() {
    for (keyword, segment) in [
        ("a/b?c#d%", "a%2Fb%3Fc%23d%25"),
        ("../delete/customers/1", "..%2Fdelete%2Fcustomers%2F1"),
        ("..\\..", "..%5C.."),
        ("Jk Technologies", "Jk%20Technologies"),
        ("100% & more", "100%25%20%26%20more"),
        ("' OR 1=1 --", "%27%20OR%201%3D1%20--"),
        ("Quận 12", "Qu%E1%BA%ADn%2012"),
        ("line\nbreak\r\0", "line%0Abreak%0D%00"),
        ("...", "..."),
        ("a_b-c.d~e", "a_b-c.d~e"),
    ] {
        assert_eq!(
            search_url(keyword).unwrap(),
            format!("{PREFIX}{segment}"),
            "{keyword:?}"
        );
    }
}

#[test]
fn keywords_no_url_can_carry_are_refused() {
    for (keyword, why) in [
        ("", "is empty"),
        ("   ", "is empty"),
        (".", "cannot be sent"),
        ("..", "cannot be sent"),
    ] {
        let err = search_url(keyword).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(why), "{keyword:?}: {}", err.message);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_keyword_is_one_segment_that_decodes_back_or_a_clear_refusal(keyword in any::<String>()) {
        match search_url(&keyword) {
            Ok(url) => {
                let segment = url.strip_prefix(PREFIX).expect("stays under the search path");
                prop_assert!(!segment.contains(['/', '?', '#']));
                prop_assert!(segment.bytes().all(|b| b.is_ascii_graphic()));
                prop_assert_eq!(percent_decode_str(segment).decode_utf8().unwrap(), keyword.as_str());
            }
            Err(err) => {
                prop_assert_eq!(err.kind, ErrorKind::InvalidInput);
                prop_assert!(keyword.trim().is_empty() || keyword == "." || keyword == "..");
            }
        }
    }
}

/// Tokens: mostly valid (printable ASCII without surrounding spaces), an eighth hostile.
fn tokens() -> impl Strategy<Value = String> {
    prop_oneof![7 => "[!-~][ -~]{0,38}[!-~]", 1 => "\\PC{0,40}|[ -~]{0,8}[\r\n\0][ -~]{0,8}"]
}

/// Header names: mostly HTTP tokens, an eighth not.
fn header_names() -> impl Strategy<Value = String> {
    prop_oneof![7 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}", 1 => "[ -~]{0,12}|[a-z]{1,4}[\r\n:][a-z]{0,4}"]
}

/// Header values: mostly valid (printable ASCII and tabs), an eighth with CR, LF or NUL.
fn header_values() -> impl Strategy<Value = String> {
    prop_oneof![7 => "[ -~\t]{0,20}", 1 => "[ -~]{0,8}[\r\n\0][ -~]{0,8}|\\PC{0,20}"]
}

/// Extra headers never let CR or LF into a request: a valid header arrives verbatim (and the
/// token with it) in every request; an invalid one, or an invalid token, is refused as
/// invalid input, and only then. At least half the cases must build a configuration and
/// reach the request checks (counted), so that the property is about requests, not refusals.
#[test]
fn header_values_never_carry_cr_or_lf() {
    let strategy = (tokens(), header_names(), header_values());
    common::run_counted(
        strategy,
        "cases reached the request checks",
        |(token, name, value)| {
            let built = ClientConfig::new("https://h/", &token).and_then(|c| c.with_header(&name, &value));
            let config = match built {
                Ok(config) => config,
                Err(err) => {
                    prop_assert_eq!(err.kind, ErrorKind::InvalidInput);
                    let bad_token = token.is_empty()
                        || token.trim() != token
                        || !token.chars().all(|c| (' '..='~').contains(&c));
                    let bad_value = value.chars().any(|c| c != '\t' && !(' '..='~').contains(&c));
                    let bad_name = check_header(&name, "x").is_err();
                    prop_assert!(
                        bad_token || bad_value || bad_name,
                        "refused a valid input: {}",
                        err.message
                    );
                    return Ok(false);
                }
            };
            for endpoint in CATALOGUE
                .iter()
                .filter(|e| e.input == InputKind::None || e.input == InputKind::Id)
            {
                let args = if endpoint.input == InputKind::Id {
                    Args::Id(1)
                } else {
                    Args::None
                };
                let request = build_request(&config, endpoint, args).unwrap();
                for (n, v) in &request.headers {
                    prop_assert!(!n.contains(['\r', '\n']) && !v.contains(['\r', '\n', '\0']));
                }
                let sent = request.headers.iter().any(|(n, v)| n == &name && v == &value);
                prop_assert!(sent, "the extra header, verbatim: {:?}", request.headers);
                let token_sent = request
                    .headers
                    .iter()
                    .find(|(n, _)| n == "authtoken")
                    .map(|(_, v)| v.as_str());
                prop_assert_eq!(token_sent, Some(token.as_str()));
            }
            Ok(true)
        },
    );
}
