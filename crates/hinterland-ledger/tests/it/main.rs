//! Tests of the ledger. Tests that touch storage take a [`Harness`] and run once per backend
//! (the `backends!` list at the bottom), so every backend passes the same suite.

mod import;
mod incremental;
mod migrate;
mod pg;
mod pg_server;
mod position;
mod replan;
mod rules;
mod status;
mod verify;

use std::path::PathBuf;

use hinterland_ledger::import::read_csv;
use hinterland_ledger::store::Backend;
use hinterland_ledger::store::sqlite::Sqlite;
use hinterland_ledger::{AppendError, Appended, Audit, Catalog, Entry, Ledger, Problem};

/// Makes fresh, empty ledgers of one backend; more than one may share a store (`connect`),
/// as several processes share one ledger.
pub trait Harness {
    fn name(&self) -> &'static str;
    /// A new empty store, and a way to open more connections to it.
    /// `None` when the backend is not available here (the harness says so on stderr).
    fn fresh(&self) -> Option<Store>;
}

/// Runs one SQL statement, bypassing the library.
pub type RawSql = dyn Fn(&str) -> Result<usize, String> + Send + Sync;

pub struct Store {
    /// Keeps the temporary folder (or server) alive as long as the store.
    pub guard: Box<dyn std::any::Any + Send + Sync>,
    pub connect: Box<dyn Fn() -> Box<dyn Backend> + Send + Sync>,
    /// Runs one SQL statement on a connection of its own, bypassing the library.
    pub raw: Box<RawSql>,
}

impl Store {
    pub fn ledger(&self) -> Ledger {
        Ledger::new((self.connect)())
    }
}

pub struct SqliteHarness;

impl Harness for SqliteHarness {
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn fresh(&self) -> Option<Store> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("ledger.sqlite");
        drop(Sqlite::create(&path).expect("a new ledger"));
        let raw_path = path.clone();
        Some(Store {
            guard: Box::new(dir),
            connect: Box::new(move || Box::new(Sqlite::open(&path).expect("the ledger opens"))),
            raw: Box::new(move |sql| {
                let c = rusqlite::Connection::open(&raw_path).map_err(|e| e.to_string())?;
                c.execute(sql, []).map_err(|e| e.to_string())
            }),
        })
    }
}

pub fn mali_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024")
}

pub fn catalog() -> Catalog {
    let source = hinterland_io::ScenarioSource::from_dir(mali_dir()).expect("the Mali scenario reads");
    let v = hinterland_io::validate(&source, &[hinterland_model::Backend::Clp]);
    Catalog::from_scenario(&v.scenario.expect("the Mali scenario is valid"))
}

pub fn audit() -> Audit {
    Audit { by: "tester".to_owned(), at: "2024-08-01T00:00:00Z".to_owned() }
}

/// Entries of a CSV text (header included); panics on a problem, for fixtures.
pub fn entries(csv: &str) -> Vec<Entry> {
    match read_csv("fixture.csv", csv) {
        Ok(rows) => rows.entries,
        Err(p) => panic!("fixture does not parse: {}", p[0]),
    }
}

pub fn append(ledger: &mut Ledger, csv: &str) -> Result<Appended, AppendError> {
    ledger.append(&entries(csv), &catalog(), &audit(), &|| {})
}

pub fn rejected(r: Result<Appended, AppendError>) -> Vec<(usize, Problem)> {
    match r {
        Err(AppendError::Rejected(p)) => p,
        Err(AppendError::Store(e)) => panic!("storage failed: {e}"),
        Ok(a) => panic!("expected a rejection, recorded {:?}", a.ids),
    }
}

pub const HEADER: &str = "kind,ref,date,commodity,quantity_t,amount_usd,from,to,fund,donor,pledge,shipment,due,lost_t,people,period,corridor,reverses,source,note\n";

/// The Mali example ledger, in a fresh store of the harness.
pub fn mali(h: &dyn Harness) -> Option<(Store, Vec<hinterland_ledger::Recorded>)> {
    let store = h.fresh()?;
    let mut ledger = store.ledger();
    ledger
        .append(&entries(hinterland_ledger::example::MALI_CSV), &catalog(), &audit(), &|| {})
        .expect("the Mali example records");
    let all = ledger.entries().expect("entries read back");
    Some((store, all))
}

/// One `#[test]` per backend for each listed test function `fn(&dyn Harness)`.
macro_rules! backends {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                #[allow(non_snake_case)]
                fn $test() {
                    super::$test(&super::SqliteHarness);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                #[allow(non_snake_case)]
                fn $test() {
                    super::$test(&super::pg::PgHarness);
                }
            )*
        }
    };
}

use rules::*;
backends!(
    appends_all_or_nothing,
    append_only_at_the_storage_level,
    reversal_rules,
    arrival_takes_its_shipment,
    concurrent_writers_lose_nothing,
    backup_copies_everything,
    mali_example_status,
    mali_example_verifies,
    mali_example_position,
    mali_replan_end_of_july,
    mali_replan_mid_july,
    replan_refuses_what_it_cannot_use,
    incremental_checks_refuse_what_the_full_read_refuses,
);
use incremental::incremental_checks_refuse_what_the_full_read_refuses;
use position::mali_example_position;
use replan::{mali_replan_end_of_july, mali_replan_mid_july, replan_refuses_what_it_cannot_use};
use status::mali_example_status;
use verify::mali_example_verifies;
