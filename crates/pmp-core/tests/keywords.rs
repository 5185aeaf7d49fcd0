//! Search keywords always travel as exactly one path segment: hostile ones included.

use percent_encoding::percent_decode_str;
use pmp_core::*;
use proptest::prelude::*;

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

    #[test]
    fn header_values_never_carry_cr_or_lf(token in "\\PC{0,40}", name in "[ -~]{0,12}", value in "\\PC{0,20}|[\\r\\n\\t a-z]{0,8}") {
        if let Ok(config) = ClientConfig::new("https://h/", &token).and_then(|c| c.with_header(&name, &value)) {
            for endpoint in CATALOGUE.iter().filter(|e| e.input == InputKind::None || e.input == InputKind::Id) {
                let args = if endpoint.input == InputKind::Id { Args::Id(1) } else { Args::None };
                let request = build_request(&config, endpoint, args).unwrap();
                for (n, v) in &request.headers {
                    prop_assert!(!n.contains(['\r', '\n']) && !v.contains(['\r', '\n', '\0']));
                }
            }
        }
    }
}
