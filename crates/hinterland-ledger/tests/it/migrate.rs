//! Schema migrations: a ledger made at every earlier schema version opens, is brought to the
//! current version, and works. Version 0 is an empty file; add a fixture step for each new
//! version (what a ledger of that version holds) when a migration is added.

use hinterland_ledger::Ledger;
use hinterland_ledger::store::sqlite::{MIGRATIONS, Sqlite};
use hinterland_ledger::store::{Backend, SCHEMA_VERSION, StoreError};

use crate::{HEADER, append};

#[test]
fn one_migration_per_version() {
    assert_eq!(MIGRATIONS.len(), SCHEMA_VERSION as usize);
}

#[test]
fn every_earlier_version_migrates() {
    for from in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("old.sqlite");
        // Build the ledger as version `from` left it.
        {
            let c = rusqlite::Connection::open(&path).expect("sqlite");
            for (v, step) in MIGRATIONS.iter().enumerate().take(from as usize) {
                c.execute_batch(step).expect("an old step");
                c.pragma_update(None, "user_version", v as u32 + 1).expect("version");
            }
        }
        let mut s = Sqlite::open(&path).unwrap_or_else(|e| panic!("from version {from}: {e}"));
        assert_eq!(s.schema_version().expect("version"), SCHEMA_VERSION, "from version {from}");
        let mut l = Ledger::new(Box::new(s));
        append(&mut l, &format!("{HEADER}pledge,p,2024-03-01,,,5,,,un_food,d,,,2024-03-09,,,,,,s,\n"))
            .unwrap_or_else(|e| panic!("from version {from}: {e}"));
        assert_eq!(l.entries().expect("read").len(), 1);
    }
}

#[test]
fn a_newer_ledger_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("new.sqlite");
    drop(Sqlite::create(&path).expect("create"));
    rusqlite::Connection::open(&path)
        .expect("sqlite")
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("v");
    match Sqlite::open(&path) {
        Err(StoreError::TooNew { found, .. }) => assert_eq!(found, SCHEMA_VERSION + 1),
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
}
