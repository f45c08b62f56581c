//! The PostgreSQL harness: each store is a throwaway server ([`crate::pg_server`]), stopped
//! when the store is dropped.

use hinterland_ledger::store::postgres::Postgres;

use crate::pg_server::{Server, available};
use crate::{Harness, Store};

pub struct PgHarness;

impl Harness for PgHarness {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn fresh(&self) -> Option<Store> {
        let bin = available()?;
        let server = Server::start(bin);
        let url = server.url();
        drop(Postgres::create(&url).expect("a new ledger"));
        let raw_url = url.clone();
        Some(Store {
            guard: Box::new(server),
            connect: Box::new(move || Box::new(Postgres::open(&url).expect("the ledger opens"))),
            raw: Box::new(move |sql| {
                let mut c =
                    postgres::Client::connect(&raw_url, postgres::NoTls).map_err(|e| e.to_string())?;
                c.execute(sql, &[]).map(|n| n as usize).map_err(|e| e.to_string())
            }),
        })
    }
}

/// A database left at every earlier schema version opens and is brought up to date, as
/// `migrate::every_earlier_version_migrates` does for SQLite; a newer one is refused.
#[test]
fn postgres_every_earlier_version_migrates() {
    use hinterland_ledger::store::postgres::MIGRATIONS;
    use hinterland_ledger::store::{Backend, SCHEMA_VERSION, StoreError};

    let Some(bin) = available() else { return };
    assert_eq!(MIGRATIONS.len(), SCHEMA_VERSION as usize);
    for from in 0..=SCHEMA_VERSION + 1 {
        let server = Server::start(bin.clone());
        let url = server.url();
        {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
            c.batch_execute("CREATE TABLE hinterland_schema (version INTEGER NOT NULL)").expect("table");
            for step in MIGRATIONS.iter().take(from as usize) {
                c.batch_execute(step).expect("an old step");
            }
            c.execute("INSERT INTO hinterland_schema (version) VALUES ($1)", &[&(from as i32)])
                .expect("version");
        }
        if from > SCHEMA_VERSION {
            match Postgres::open(&url) {
                Err(StoreError::TooNew { found, .. }) => assert_eq!(found, from),
                other => panic!("expected TooNew, got {:?}", other.err()),
            }
            continue;
        }
        let mut s = Postgres::open(&url).unwrap_or_else(|e| panic!("from version {from}: {e}"));
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION);
        let mut l = hinterland_ledger::Ledger::new(Box::new(s));
        crate::append(
            &mut l,
            &format!("{}pledge,p,2024-03-01,,,5,,,un_food,d,,,2024-03-09,,,,,,s,\n", crate::HEADER),
        )
        .unwrap_or_else(|e| panic!("from version {from}: {e}"));
        assert_eq!(l.entries().expect("read").len(), 1);
    }
}
