//! Contacts, declared like every resource: a recorded 2.0.8 contact row decodes with its
//! customer's columns kept and the contact's password hash dropped; its list and get name the
//! customer.

use pmp_core::*;

// `GET api/contacts/search/ada@sample.test` on 2.0.8 (wire/module-2.0.8.jsonl, exchange 40), cut.
const RECORDED: &str = r#"[{"id":"1","userid":"1","company":"Acme Sample Updated","vat":"GB123",
"is_primary":"1","firstname":"Ada","lastname":"Sample","email":"ada@sample.test","title":null,
"password":"$2a$08$lcp42AYRP6rYrL3d20nhA.Gzn5ThxuzD3gAx85RlDpO.BG4.zitLG","new_pass_key":null,
"active":"1","direction":null,"ticket_emails":"0","customfields":[]}]"#;

#[test]
fn a_recorded_contact_row_keeps_its_customer_and_drops_the_password() {
    let config = ClientConfig::new("https://crm.example.com/", "my-token").unwrap();
    let answer = HttpResponse {
        status: 200,
        content_type: Some("application/json; charset=utf-8"),
        body: RECORDED.as_bytes(),
    };
    let rows = decode_search::<Contact>(&config, &answer).unwrap();
    let row = &rows[0];
    assert_eq!(row.firstname, Some(Some("Ada".to_owned())));
    assert_eq!(row.title, Some(None));
    assert_eq!(row.extra["company"], "Acme Sample Updated");
    let json = serde_json::to_string(row).unwrap();
    assert!(!json.contains("password") && !json.contains("$2a$"), "{json}");
}

#[test]
fn contacts_exist_from_2_0_and_their_list_and_get_name_the_customer() {
    assert!(!Resource::Contacts.exists_on(ModuleVersion::V1));
    assert!(Resource::Contacts.exists_on(ModuleVersion::V2));
    let config = ClientConfig::new("https://crm.example.com/", "t0ken-value").unwrap();
    let list = Endpoint::of(Resource::Contacts, Operation::List);
    let request = build_request(&config, list, Args::Id(3)).unwrap();
    assert_eq!(request.url, "https://crm.example.com/api/contacts/3");
    let get = Endpoint::of(Resource::Contacts, Operation::Get);
    let request = build_request(&config, get, Args::ParentAndId(3, 9)).unwrap();
    assert_eq!(request.url, "https://crm.example.com/api/contacts/3/9");
    let err = build_request(&config, get, Args::Id(9)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    let err = build_request(&config, get, Args::ParentAndId(0, 9)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(
        strings::write_message(Resource::Contacts, strings::WriteOutcome::Added),
        "Contact added successfully."
    );
}
