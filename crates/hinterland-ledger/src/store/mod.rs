//! Where entries are kept: a small backend trait with one write transaction per command, and
//! its implementations (SQLite). The rules of the ledger live in [`crate::Ledger`], once for
//! every backend.

pub mod postgres;
pub mod sqlite;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::entry::{Audit, Entry, Recorded};

/// The schema version this build writes; [`sqlite::MIGRATIONS`] lead from 0 (an empty
/// database) to it, one step per version.
pub const SCHEMA_VERSION: u32 = 1;

/// The `entry` table's columns in the order both backends read a row by position.
const COLUMNS: &str = "id, kind, ref, date, commodity, quantity_t, amount_usd, from_place, to_place, fund, donor, \
     pledge, shipment, due, lost_t, people, period, corridor, reverses, source, note, recorded_by, recorded_at";

/// What went wrong in storage. Not the user's entries: those are [`crate::Problem`]s. `ledger`
/// names the SQLite file or the PostgreSQL URL (without its password).
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no ledger at `{0}`; create one with `hinterland ledger init`")]
    Missing(String),
    #[error("a ledger or file already exists at `{0}`; choose another or use the existing ledger")]
    Exists(String),
    #[error(
        "the ledger at `{ledger}` has schema version `{found}`, newer than this hinterland reads ({supported}); use a newer hinterland"
    )]
    TooNew { ledger: String, found: u32, supported: u32 },
    #[error("the ledger at `{ledger}` holds an entry that cannot be read (entry `#{id}`, field `{field}`)")]
    Corrupt { ledger: String, id: i64, field: &'static str },
    #[error("ledger database `{ledger}`: {source}")]
    Sqlite {
        ledger: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("ledger database `{ledger}`: {source}")]
    Postgres {
        ledger: String,
        #[source]
        source: Box<::postgres::Error>,
    },
}

/// Opens the ledger that `db` names: a PostgreSQL URL (`postgres://…`) or a SQLite file.
pub fn open(db: &str) -> Result<Box<dyn Backend>, StoreError> {
    if postgres::is_url(db) {
        Ok(Box::new(postgres::Postgres::open(db)?))
    } else {
        Ok(Box::new(sqlite::Sqlite::open(Path::new(db))?))
    }
}

/// Creates a new, empty ledger where `db` says.
pub fn create(db: &str) -> Result<Box<dyn Backend>, StoreError> {
    if postgres::is_url(db) {
        Ok(Box::new(postgres::Postgres::create(db)?))
    } else {
        Ok(Box::new(sqlite::Sqlite::create(Path::new(db))?))
    }
}

/// A place that keeps entries.
pub trait Backend {
    /// Starts the write transaction of a command. It waits for other writers (up to the busy
    /// timeout) and sees every entry committed before it.
    fn write(&mut self) -> Result<Box<dyn Write + '_>, StoreError>;
    /// Every entry, in number order, from one consistent snapshot.
    fn entries(&mut self) -> Result<Vec<Recorded>, StoreError>;
    /// Copies the whole ledger to a new file while others may keep writing.
    fn backup(&mut self, to: &Path) -> Result<(), StoreError>;
    /// The schema version of the stored ledger.
    fn schema_version(&mut self) -> Result<u32, StoreError>;
}

/// One write transaction. Dropping it without [`Write::commit`] rolls everything back.
pub trait Write {
    fn entries(&mut self) -> Result<Vec<Recorded>, StoreError>;
    /// The entries whose `ref` is one of `refs` or whose number is one of `ids`, and the
    /// reversals of those, in number order: all that the checks of a few new entries read
    /// (by the indexes on `ref` and `reverses`), instead of every entry.
    fn related(&mut self, refs: &[&str], ids: &[i64]) -> Result<Vec<Recorded>, StoreError>;
    /// Appends one entry (whose reversal target is already a number); returns its number.
    fn insert(&mut self, entry: &Entry, audit: &Audit) -> Result<i64, StoreError>;
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}

/// Where the ledger is when `--db` is not given: `hinterland-ledger.sqlite` in the current
/// folder, unless the `HINTERLAND_LEDGER` environment variable names another.
pub fn default_path() -> PathBuf {
    std::env::var_os("HINTERLAND_LEDGER")
        .map_or_else(|| PathBuf::from("hinterland-ledger.sqlite"), PathBuf::from)
}
