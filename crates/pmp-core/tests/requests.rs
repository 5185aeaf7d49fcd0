//! Byte-exact request building for all 30 endpoints: method, URL, headers and body.

use pmp_core::*;

const TOKEN: &str = "tok.EN-123";

fn config() -> ClientConfig {
    ClientConfig::new("https://crm.example.com/crm", TOKEN).unwrap()
}

/// The request as text: request line, headers, blank line, body (multipart parts listed).
fn render(request: &HttpRequest) -> String {
    let mut out = format!("{} {}\n", request.method.as_str(), request.url);
    for (name, value) in &request.headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    match &request.body {
        Body::None => {}
        Body::Json(json) => out.push_str(json),
        Body::Form(_) if !request.body.has_files() => out.push_str(&request.body.to_urlencoded().unwrap()),
        Body::Form(fields) => {
            for field in fields {
                match field {
                    FormField::Text { name, value } => out.push_str(&format!("[{name}={value}]")),
                    FormField::File(f) => out.push_str(&format!(
                        "[file[]={}:{}:{}]",
                        f.filename,
                        f.content_type,
                        String::from_utf8_lossy(&f.bytes)
                    )),
                }
            }
        }
    }
    out
}

fn build(operation_id: &str, args: Args<'_>) -> String {
    let endpoint = Endpoint::by_operation_id(operation_id).unwrap();
    render(&build_request(&config(), endpoint, args).unwrap())
}

const GET_HEADERS: &str = "Accept: application/json\nauthtoken: tok.EN-123\n";
// Tickets too send the token in `authtoken` only: no server version reads `Authorization`.
const TICKET_HEADERS: &str = GET_HEADERS;
const FORM: &str = "Content-Type: application/x-www-form-urlencoded\n";
const JSON: &str = "Content-Type: application/json\n";

fn customer() -> InputRecord {
    CustomerInput {
        company: "Acme & Co".into(),
        vat: Some("12/34".into()),
        groups_in: Some(vec![1, 4]),
        ..Default::default()
    }
    .to_record()
}

fn lead() -> InputRecord {
    LeadInput {
        source: "6".into(),
        status: "2".into(),
        name: "Lead Name".into(),
        email: Some("a@b.c".into()),
        is_public: Some(true),
        contacted_today: Some(false),
        ..Default::default()
    }
    .to_record()
}

fn milestone() -> InputRecord {
    MilestoneInput {
        project_id: "2".into(),
        name: "Milestone A".into(),
        due_date: "2019-07-30".into(),
        description_visible_to_customer: Some(true),
        ..Default::default()
    }
    .to_record()
}

fn project() -> InputRecord {
    ProjectInput {
        name: "Site".into(),
        clientid: 11,
        billing_type: 3,
        start_date: "2019-04-19".into(),
        status: 1,
        project_members: Some(vec![5, 8]),
        ..Default::default()
    }
    .to_record()
}

fn ticket() -> InputRecord {
    TicketInput {
        subject: "ticket name".into(),
        department: "2".into(),
        contactid: "4".into(),
        userid: Some("5".into()),
        priority: Some("2".into()),
        ..Default::default()
    }
    .to_record()
}

#[test]
fn list_get_search_delete_of_every_resource() {
    for (res, headers) in [
        ("customers", GET_HEADERS),
        ("leads", GET_HEADERS),
        ("milestones", GET_HEADERS),
        ("projects", GET_HEADERS),
        ("tickets", TICKET_HEADERS),
    ] {
        let resource = Resource::from_segment(res).unwrap();
        let (plural, model) = (
            format!("{}{}", &res[..1].to_uppercase(), &res[1..]),
            resource.model_name(),
        );
        let base = "https://crm.example.com/crm/api";
        assert_eq!(
            build(&format!("list{plural}"), Args::None),
            format!("GET {base}/{res}\n{headers}\n")
        );
        assert_eq!(
            build(&format!("get{model}"), Args::Id(42)),
            format!("GET {base}/{res}/42\n{headers}\n")
        );
        assert_eq!(
            build(&format!("search{plural}"), Args::Keyword("Jk Tech")),
            format!("GET {base}/{res}/search/Jk%20Tech\n{headers}\n")
        );
        assert_eq!(
            build(&format!("delete{model}"), Args::Id(7)),
            format!("DELETE {base}/delete/{res}/7\n{headers}\n")
        );
    }
}

#[test]
fn create_customer_is_a_urlencoded_form_with_php_arrays() {
    assert_eq!(
        build("createCustomer", Args::Fields(&customer())),
        format!(
            "POST https://crm.example.com/crm/api/customers\n{GET_HEADERS}{FORM}\n\
             company=Acme+%26+Co&vat=12%2F34&groups_in%5B%5D=1&groups_in%5B%5D=4"
        )
    );
}

#[test]
fn update_customer_is_json() {
    assert_eq!(
        build("updateCustomer", Args::IdAndFields(3, &customer())),
        format!(
            "PUT https://crm.example.com/crm/api/customers/3\n{GET_HEADERS}{JSON}\n\
             {{\"company\":\"Acme & Co\",\"groups_in\":[1,4],\"vat\":\"12/34\"}}"
        )
    );
}

#[test]
fn lead_flags_send_on_only_when_true() {
    assert_eq!(
        build("createLead", Args::Fields(&lead())),
        format!(
            "POST https://crm.example.com/crm/api/leads\n{GET_HEADERS}{FORM}\n\
             source=6&status=2&name=Lead+Name&email=a%40b.c&is_public=on"
        )
    );
    assert_eq!(
        build("updateLead", Args::IdAndFields(17, &lead())),
        format!(
            "PUT https://crm.example.com/crm/api/leads/17\n{GET_HEADERS}{JSON}\n\
             {{\"email\":\"a@b.c\",\"is_public\":\"on\",\"name\":\"Lead Name\",\"source\":\"6\",\"status\":\"2\"}}"
        )
    );
}

#[test]
fn lead_files_go_as_multipart_file_parts_after_the_fields() {
    let mut input = LeadInput {
        source: "6".into(),
        status: "2".into(),
        name: "L".into(),
        ..Default::default()
    };
    input.files = vec![
        FilePart {
            filename: "a.txt".into(),
            content_type: "text/plain".into(),
            bytes: b"hello".to_vec(),
        },
        FilePart {
            filename: "b.bin".into(),
            content_type: "application/octet-stream".into(),
            bytes: vec![b'x'],
        },
    ];
    assert_eq!(
        build("createLead", Args::Fields(&input.to_record())),
        format!(
            "POST https://crm.example.com/crm/api/leads\n{GET_HEADERS}\n\
             [source=6][status=2][name=L][file[]=a.txt:text/plain:hello][file[]=b.bin:application/octet-stream:x]"
        )
    );
}

#[test]
fn milestone_create_and_update() {
    assert_eq!(
        build("createMilestone", Args::Fields(&milestone())),
        format!(
            "POST https://crm.example.com/crm/api/milestones\n{GET_HEADERS}{FORM}\n\
             project_id=2&name=Milestone+A&due_date=2019-07-30&description_visible_to_customer=on"
        )
    );
    assert_eq!(
        build("updateMilestone", Args::IdAndFields(5, &milestone())),
        format!(
            "PUT https://crm.example.com/crm/api/milestones/5\n{GET_HEADERS}{JSON}\n\
             {{\"description_visible_to_customer\":\"on\",\"due_date\":\"2019-07-30\",\"name\":\"Milestone A\",\"project_id\":\"2\"}}"
        )
    );
}

#[test]
fn project_numbers_are_decimal_text_in_forms_and_numbers_in_json() {
    assert_eq!(
        build("createProject", Args::Fields(&project())),
        format!(
            "POST https://crm.example.com/crm/api/projects\n{GET_HEADERS}{FORM}\n\
             name=Site&clientid=11&billing_type=3&start_date=2019-04-19&status=1\
             &project_members%5B%5D=5&project_members%5B%5D=8"
        )
    );
    assert_eq!(
        build("updateProject", Args::IdAndFields(28, &project())),
        format!(
            "PUT https://crm.example.com/crm/api/projects/28\n{GET_HEADERS}{JSON}\n\
             {{\"billing_type\":3,\"clientid\":11,\"name\":\"Site\",\"project_members\":[5,8],\
             \"start_date\":\"2019-04-19\",\"status\":1}}"
        )
    );
}

#[test]
fn ticket_writes_send_the_token_in_authtoken_only() {
    assert_eq!(
        build("createTicket", Args::Fields(&ticket())),
        format!(
            "POST https://crm.example.com/crm/api/tickets\n{TICKET_HEADERS}{FORM}\n\
             subject=ticket+name&department=2&contactid=4&userid=5&priority=2"
        )
    );
    assert_eq!(
        build("updateTicket", Args::IdAndFields(7, &ticket())),
        format!(
            "PUT https://crm.example.com/crm/api/tickets/7\n{TICKET_HEADERS}{JSON}\n\
             {{\"contactid\":\"4\",\"department\":\"2\",\"priority\":\"2\",\"subject\":\"ticket name\",\"userid\":\"5\"}}"
        )
    );
}

#[test]
fn custom_fields_use_php_nested_brackets() {
    let mut input = CustomerInput {
        company: "A".into(),
        ..Default::default()
    };
    input.custom_fields = Some(
        [(
            "customers".to_owned(),
            [("5".to_owned(), "x y".to_owned())].into(),
        )]
        .into(),
    );
    let request = build("createCustomer", Args::Fields(&input.to_record()));
    assert!(
        request.ends_with("\n\ncompany=A&custom_fields%5Bcustomers%5D%5B5%5D=x+y"),
        "{request}"
    );
}

#[test]
fn base_urls_with_and_without_slash_and_sub_paths() {
    for (base, url) in [
        ("https://crm.example.com", "https://crm.example.com/api/customers"),
        (
            "https://crm.example.com/",
            "https://crm.example.com/api/customers",
        ),
        ("https://host/crm/", "https://host/crm/api/customers"),
        ("https://host/crm", "https://host/crm/api/customers"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/customers"),
        ("  https://host/a/b/  ", "https://host/a/b/api/customers"),
        ("/proxy/pmp", "/proxy/pmp/api/customers"),
    ] {
        let config = ClientConfig::new(base, TOKEN).unwrap();
        let request = build_request(
            &config,
            Endpoint::of(Resource::Customers, Operation::List),
            Args::None,
        );
        assert_eq!(request.unwrap().url, url, "base {base}");
    }
}

#[test]
fn bad_base_urls_are_refused() {
    for (base, why) in [
        ("", "is empty"),
        ("crm.example.com", "must start with"),
        ("ftp://host/", "must start with"),
        ("https://", "has no host"),
        ("https:///path", "has no host"),
        ("//host/", "must start with"),
        ("https://host/?x=1", "query or fragment"),
        ("https://host/#x", "query or fragment"),
        ("https://ho st/", "whitespace"),
        ("https://host/a\u{7}b", "control"),
    ] {
        let err = ClientConfig::new(base, TOKEN).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(why), "{base:?}: {}", err.message);
    }
}

#[test]
fn extra_headers_are_sent_after_the_token_headers() {
    let config = config().with_header("X-Trace", "abc 1").unwrap();
    let request = build_request(
        &config,
        Endpoint::of(Resource::Leads, Operation::List),
        Args::None,
    )
    .unwrap();
    assert_eq!(
        request.headers.last().unwrap(),
        &("X-Trace".to_owned(), "abc 1".to_owned())
    );
}

#[test]
fn bad_extra_headers_are_refused() {
    for (name, value, why) in [
        ("X-A", "a\r\nInjected: 1", "control"),
        ("X-A", "a\nb", "control"),
        ("X-A", "é", "non-ASCII"),
        ("Bad Name", "v", "valid HTTP token"),
        ("", "v", "valid HTTP token"),
        ("AuthToken", "other", "set from the token"),
        ("authorization", "other", "set from the token"),
    ] {
        let err = config().with_header(name, value).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains(why), "{name:?}: {}", err.message);
    }
}

#[test]
fn redacted_requests_and_debug_output_hide_the_token() {
    let request = build_request(
        &config(),
        Endpoint::of(Resource::Tickets, Operation::List),
        Args::None,
    )
    .unwrap();
    let shown = format!("{request:?} {:?} {:?}", request.redacted(), config());
    assert!(!shown.contains(TOKEN), "{shown}");
    assert_eq!(shown.matches("[redacted]").count(), 3, "{shown}");
    assert!(
        request.headers.iter().any(|(_, v)| v == TOKEN),
        "the real request keeps it"
    );
}

#[test]
fn arguments_that_do_not_fit_the_endpoint_are_refused() {
    let record = customer();
    for (id, args) in [
        ("listCustomers", Args::Id(1)),
        ("getCustomer", Args::None),
        ("getCustomer", Args::Keyword("1")),
        ("searchCustomers", Args::Id(1)),
        ("createCustomer", Args::IdAndFields(1, &record)),
        ("updateCustomer", Args::Fields(&record)),
        ("createLead", Args::Fields(&record)),
    ] {
        let endpoint = Endpoint::by_operation_id(id).unwrap();
        let err = build_request(&config(), endpoint, args).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{id}");
        assert!(err.message.contains(id), "{id}: {}", err.message);
    }
}
