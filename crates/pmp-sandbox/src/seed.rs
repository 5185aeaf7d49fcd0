//! The rows a new database starts with: the documented records of `seed.json` (stored as the
//! recordings show them), then generated rows, so that a new sandbox looks like a CRM in use:
//! customers with a contact each, leads, projects with milestones, and tickets; enough that a
//! 3.x list has more than one page (20 rows). `--customers N` adds N more customers (the
//! bench's 10,000).
//!
//! Every seed row lives here or in `seed.json`. The store opens without them: whoever opens
//! the sandbox's database calls [`fill`] (the seed stands above the store, not inside it).

use pmp_core::Resource;
use serde_json::{Map, Value};

use crate::input::{Input, Line};
use crate::schema::columns;
use crate::store::{Store, StoreError, StoredRow};

/// What a new database starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seed {
    /// Nothing (`--empty`).
    Empty,
    /// The document's records, a CRM's worth of generated ones, and this many more customers.
    Documented(usize),
}

/// The documented records every new database starts with (unless `--empty`).
const DOCUMENTED: &str = include_str!("seed.json");

/// Fills a database that [`Store::open`] has just created, as `seed` says; a database that
/// existed before is left as it is.
pub(crate) fn fill(store: &Store, seed: Seed) -> Result<(), StoreError> {
    if let (true, Seed::Documented(extra)) = (store.is_new(), seed) {
        store.insert_as_stored(documented()?)?;
        generate(store, extra)?;
    }
    Ok(())
}

/// The records of `seed.json`, resource by resource in `Resource::ALL` order, each checked
/// against its table's columns.
fn documented() -> Result<Vec<StoredRow>, StoreError> {
    let seed: Map<String, Value> =
        serde_json::from_str(DOCUMENTED).map_err(|e| StoreError(format!("seed.json: {e}")))?;
    let mut rows = Vec::new();
    for resource in Resource::ALL {
        let records = seed
            .get(resource.segment())
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let cols = columns(resource);
        for record in records {
            let Value::Object(record) = record else {
                return Err(StoreError(format!(
                    "seed.json: a {} record is not an object",
                    resource.segment()
                )));
            };
            let mut row = Vec::new();
            for (name, value) in record {
                let Some(col) = cols.iter().find(|c| **c == name) else {
                    return Err(StoreError(format!(
                        "seed.json: {} has no column `{name}`",
                        resource.segment()
                    )));
                };
                row.push((*col, value));
            }
            rows.push((resource, row));
        }
    }
    Ok(rows)
}

const COMPANIES: &[(&str, &str, &str)] = &[
    ("Northwind Traders", "Seattle", "236"),
    ("Contoso Pharmaceuticals", "Boston", "236"),
    ("Fabrikam Furniture", "Leeds", "235"),
    ("Adventure Works Cycles", "Denver", "236"),
    ("Tailspin Toys", "Dublin", "105"),
    ("Wide World Importers", "Rotterdam", "155"),
    ("Litware Systems", "Munich", "82"),
    ("Proseware Analytics", "Lyon", "75"),
    ("Alpine Ski House", "Innsbruck", "15"),
    ("Blue Yonder Airlines", "Madrid", "206"),
    ("Coho Winery", "Porto", "177"),
    ("Lucerne Publishing", "Lucerne", "215"),
    ("Margie's Travel", "Vienna", "15"),
    ("Trey Research", "Oslo", "166"),
    ("Woodgrove Bank", "Toronto", "40"),
    ("Humongous Insurance", "Chicago", "236"),
    ("Graphic Design Institute", "Milan", "108"),
    ("School of Fine Art", "Florence", "108"),
    ("Southridge Video", "Cardiff", "235"),
    ("City Power & Light", "Glasgow", "235"),
    ("Consolidated Messenger", "Antwerp", "22"),
    ("First Up Consultants", "Utrecht", "155"),
    ("Nod Publishers", "Ghent", "22"),
    ("Relecloud Hosting", "Stockholm", "213"),
    ("VanArsdel Foods", "Copenhagen", "59"),
    ("Bellows College", "Edinburgh", "235"),
];

const PEOPLE: &[(&str, &str)] = &[
    ("Maria", "Anders"),
    ("Ana", "Trujillo"),
    ("Thomas", "Hardy"),
    ("Christina", "Berglund"),
    ("Hanna", "Moos"),
    ("Frédérique", "Citeaux"),
    ("Martín", "Sommer"),
    ("Laurence", "Lebihan"),
    ("Elizabeth", "Lincoln"),
    ("Victoria", "Ashworth"),
    ("Patricio", "Simpson"),
    ("Francisco", "Chang"),
    ("Yang", "Wang"),
    ("Pedro", "Afonso"),
    ("Aria", "Cruz"),
];

const TICKET_SUBJECTS: &[&str] = &[
    "Cannot log in to the portal",
    "Invoice shows the wrong VAT",
    "Request for a quote",
    "Password reset",
    "Delivery is late",
    "Change of billing address",
    "Export to CSV fails",
    "New user accounts",
];

const LEAD_SOURCES: &[&str] = &["1", "2"];

fn row(columns: &[(&'static str, String)]) -> Input {
    Input {
        columns: columns.to_vec(),
        ..Input::default()
    }
}

/// A new line of a seeded sales document.
fn seed_line(description: &str, qty: &str, rate: &str, order: u32) -> Line {
    Line {
        itemid: None,
        values: [
            description.to_owned(),
            String::new(),
            qty.to_owned(),
            rate.to_owned(),
            String::new(),
            order.to_string(),
        ],
    }
}

/// Adds the generated rows, then `extra_customers` more customers.
fn generate(store: &Store, extra_customers: usize) -> Result<(), StoreError> {
    let existing = store.count(Resource::Customers, &Default::default())? as usize;
    let customers: Vec<Input> = COMPANIES
        .iter()
        .enumerate()
        .map(|(i, (company, city, country))| {
            row(&[
                ("company", (*company).to_owned()),
                ("city", (*city).to_owned()),
                ("country", (*country).to_owned()),
                ("phonenumber", format!("+44 20 7946 {:04}", 100 + i)),
                (
                    "website",
                    format!(
                        "https://{}.example",
                        company.to_lowercase().replace([' ', '\'', '&'], "")
                    ),
                ),
            ])
        })
        .collect();
    store.insert_many(Resource::Customers, &customers)?;
    // The generated customers come after the documented ones: find their ids.
    let ids: Vec<i64> = store
        .list(Resource::Customers)?
        .iter()
        .filter_map(|c| c["userid"].as_str()?.parse().ok())
        .skip(existing)
        .collect();
    let contacts: Vec<Input> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (first, last) = PEOPLE[i % PEOPLE.len()];
            let email = format!(
                "{}.{}@customer{id}.example",
                first.to_lowercase(),
                last.to_lowercase()
            );
            row(&[
                ("userid", id.to_string()),
                ("is_primary", "1".to_owned()),
                ("firstname", first.to_owned()),
                ("lastname", last.to_owned()),
                ("email", email),
            ])
        })
        .collect();
    store.insert_many(Resource::Contacts, &contacts)?;
    let leads: Vec<Input> = (0..24)
        .map(|i| {
            let (first, last) = PEOPLE[(i + 3) % PEOPLE.len()];
            row(&[
                ("name", format!("{first} {last}")),
                (
                    "company",
                    format!("{} Prospect {}", COMPANIES[i % COMPANIES.len()].1, i + 1),
                ),
                (
                    "email",
                    format!("{}@prospect{}.example", first.to_lowercase(), i + 1),
                ),
                ("source", LEAD_SOURCES[i % 2].to_owned()),
                ("status", "1".to_owned()),
                ("assigned", "1".to_owned()),
            ])
        })
        .collect();
    store.insert_many(Resource::Leads, &leads)?;
    let projects: Vec<Input> = ids
        .iter()
        .take(6)
        .enumerate()
        .map(|(i, id)| {
            row(&[
                (
                    "name",
                    format!(
                        "{} rollout",
                        [
                            "CRM",
                            "Website",
                            "Intranet",
                            "Mobile app",
                            "Data migration",
                            "Support desk"
                        ][i]
                    ),
                ),
                ("clientid", id.to_string()),
                ("billing_type", "1".to_owned()),
                ("status", "2".to_owned()),
                ("start_date", format!("2026-{:02}-01", i + 1)),
                ("deadline", format!("2026-{:02}-28", i + 6)),
            ])
        })
        .collect();
    store.insert_many(Resource::Projects, &projects)?;
    let tickets: Vec<Input> = (0..22)
        .map(|i| {
            let customer = ids[i % ids.len()];
            row(&[
                ("subject", TICKET_SUBJECTS[i % TICKET_SUBJECTS.len()].to_owned()),
                (
                    "message",
                    "Hello, could you have a look at this? Thanks.".to_owned(),
                ),
                ("department", "1".to_owned()),
                ("priority", ((i % 3) + 1).to_string()),
                ("userid", customer.to_string()),
                // Contacts were added one per seeded customer, in order, ids from 1.
                ("contactid", ((i % ids.len()) + 1).to_string()),
            ])
        })
        .collect();
    store.insert_many(Resource::Tickets, &tickets)?;
    let tasks: Vec<Input> = (0..8)
        .map(|i| {
            row(&[
                (
                    "name",
                    format!(
                        "{} follow-up {}",
                        ["Call", "E-mail", "Meeting", "Review"][i % 4],
                        i + 1
                    ),
                ),
                ("startdate", format!("2026-{:02}-03", i + 1)),
                ("duedate", format!("2026-{:02}-20", i + 1)),
                ("priority", ((i % 3) + 1).to_string()),
            ])
        })
        .collect();
    store.insert_many(Resource::Tasks, &tasks)?;
    // Staff member 1 is the one the seeded leads are assigned to. Ids follow from 1, and each
    // e-mail names its member's id, as a customer's contact names the customer's: a search
    // by id (which the staff search does not match) finds the member by e-mail.
    let staff: Vec<Input> = PEOPLE
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, (first, last))| {
            row(&[
                ("firstname", (*first).to_owned()),
                (
                    "email",
                    format!(
                        "{}.{}@staff{}.example",
                        first.to_lowercase(),
                        last.to_lowercase(),
                        i + 1
                    ),
                ),
                ("password", "Secret-123".to_owned()),
            ])
        })
        .collect();
    store.insert_many(Resource::Staffs, &staff)?;
    // An invoice and an estimate for each of the first three customers, with two lines each
    // (the totals as a client computes them: 2 × 50 and 1 × 100, no tax).
    let document = |i: usize, id: &i64, number: String, status: &str| Input {
        columns: vec![
            ("clientid", id.to_string()),
            ("number", number),
            ("date", format!("2026-{:02}-05", i + 1)),
            ("currency", "1".to_owned()),
            ("billing_street", format!("{} Main Street", i + 1)),
            ("subtotal", "200.00".to_owned()),
            ("total", "200.00".to_owned()),
            ("status", status.to_owned()),
        ],
        lines: vec![
            seed_line("Design work", "2", "50", 1),
            seed_line("Hosting", "1", "100", 2),
        ],
        ..Input::default()
    };
    let invoices: Vec<Input> = ids
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, id)| Input {
            lists: vec![("allowed_payment_modes", vec!["1".to_owned()])],
            ..document(i, id, format!("{}", i + 1), "1")
        })
        .collect();
    store.insert_many(Resource::Invoices, &invoices)?;
    let estimates: Vec<Input> = ids
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, id)| document(i, id, format!("{}", i + 1), "2"))
        .collect();
    store.insert_many(Resource::Estimates, &estimates)?;
    // Payments of invoice 1 (the sandbox has no invoices: the id is a plain value), by the
    // new install's payment mode (1, Bank) and a gateway.
    let payments: Vec<Input> = [
        ("250.00", "1", "TX-1001"),
        ("120.50", "1", ""),
        ("99.00", "paypal", "PP-77"),
    ]
    .iter()
    .map(|(amount, mode, transaction)| {
        row(&[
            ("invoiceid", "1".to_owned()),
            ("amount", (*amount).to_owned()),
            ("paymentmode", (*mode).to_owned()),
            ("transactionid", (*transaction).to_owned()),
        ])
    })
    .collect();
    store.insert_many(Resource::Payments, &payments)?;
    // Items, ids from 1; each long description names its item's id, as staff e-mails do (a
    // search by id, which the item search does not match, finds the item).
    let items: Vec<Input> = [
        (
            "Consulting hour",
            "<p>One hour of <b>consulting</b> (catalogue no. 1)</p>",
            "120",
            "hour",
        ),
        (
            "Website hosting",
            "Hosting for one year (catalogue no. 2)",
            "240.00",
            "year",
        ),
        (
            "Support plan",
            "Monthly support (catalogue no. 3)",
            "99.5",
            "month",
        ),
        ("Setup fee", "Catalogue no. 4", "50.00", ""),
    ]
    .iter()
    .map(|(description, long, rate, unit)| {
        row(&[
            ("description", (*description).to_owned()),
            ("long_description", (*long).to_owned()),
            ("rate", (*rate).to_owned()),
            ("unit", (*unit).to_owned()),
        ])
    })
    .collect();
    store.insert_many(Resource::Items, &items)?;
    // The synthetic resource of pmp-core's `synthetic-resource` feature: a row per customer
    // of the first three.
    #[cfg(feature = "synthetic-resource")]
    {
        let synthetics: Vec<Input> = ids
            .iter()
            .take(3)
            .enumerate()
            .map(|(i, id)| {
                row(&[
                    ("title", format!("Synthetic row {}", i + 1)),
                    ("clientid", id.to_string()),
                    ("due_date", format!("2026-{:02}-15", i + 1)),
                    ("grade", "1".to_owned()),
                ])
            })
            .collect();
        store.insert_many(Resource::Synthetics, &synthetics)?;
    }
    let more: Vec<Input> = (1..=extra_customers)
        .map(|n| {
            let (_, city, country) = COMPANIES[n % COMPANIES.len()];
            row(&[
                ("company", format!("Customer {n:05} Ltd")),
                ("city", city.to_owned()),
                ("country", country.to_owned()),
            ])
        })
        .collect();
    store.insert_many(Resource::Customers, &more)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Module;

    fn seeded(seed: Seed) -> Store {
        let store = Store::open(":memory:", Module::V3).unwrap();
        fill(&store, seed).unwrap();
        store
    }

    #[test]
    fn seeded_store_answers_like_the_document() {
        let store = seeded(Seed::Documented(0));
        let customers = store.list(Resource::Customers).unwrap();
        let companies: Vec<&str> = customers.iter().filter_map(|c| c["company"].as_str()).collect();
        assert!(companies.contains(&"Jk Technologies") && companies.contains(&"Sample Company LTD"));
        assert!(
            companies.windows(2).all(|w| w[0] <= w[1]),
            "listed by company: {companies:?}"
        );
        assert!(customers.len() > 20, "more than one 3.x page");
        assert!(store.list(Resource::Tickets).unwrap().len() > 20);
        assert!(
            store.get(Resource::Contacts, 1).unwrap().is_some(),
            "seeded customers have contacts"
        );
        let more = seeded(Seed::Documented(100));
        assert_eq!(
            more.list(Resource::Customers).unwrap().len(),
            customers.len() + 100
        );
        assert_eq!(
            store.get(Resource::Tickets, 7).unwrap().unwrap()["name"],
            "Trung bình"
        );
        assert!(store.get(Resource::Leads, 17).unwrap().unwrap()["attachments"]
            .as_array()
            .unwrap()
            .is_empty());
        assert!(seeded(Seed::Empty).list(Resource::Customers).unwrap().is_empty());
    }

    #[test]
    fn a_database_that_exists_is_not_seeded_again() {
        let path = std::env::temp_dir().join(format!("pmp-sandbox-seed-{}.db", std::process::id()));
        let path_text = path.to_str().unwrap();
        let _ = std::fs::remove_file(&path);
        let first = Store::open(path_text, Module::V3).unwrap();
        assert!(first.is_new());
        fill(&first, Seed::Documented(0)).unwrap();
        let count = first.list(Resource::Customers).unwrap().len();
        let again = Store::open(path_text, Module::V3).unwrap();
        assert!(!again.is_new());
        fill(&again, Seed::Documented(5)).unwrap();
        assert_eq!(again.list(Resource::Customers).unwrap().len(), count);
        drop((first, again));
        for tail in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path_text}{tail}"));
        }
    }
}
