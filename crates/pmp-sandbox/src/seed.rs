//! Generated seed rows, so that a new sandbox looks like a CRM in use: customers with a
//! contact each, leads, projects with milestones, and tickets; enough that a 3.x list has
//! more than one page (20 rows). `--customers N` adds N more customers (the bench's 10,000).

use pmp_core::Resource;

use crate::input::Input;
use crate::store::{Store, StoreError};

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

/// Adds the generated rows, then `extra_customers` more customers.
pub(crate) fn generate(store: &Store, extra_customers: usize) -> Result<(), StoreError> {
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
