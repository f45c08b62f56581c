//! The SQLite backend: one file in WAL mode (readers never block the writer), a busy timeout
//! for concurrent writers, `BEGIN IMMEDIATE` for every write so that two commands never
//! interleave, and triggers that make the entry table append-only.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

use super::{Backend, SCHEMA_VERSION, StoreError, Write};
use crate::entry::{Audit, Entry, Recorded, Target};
use crate::field::Kind;

/// How long a command waits for another process's write transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_mins(1);

/// The schema steps: `MIGRATIONS[v]` takes a ledger from version `v` to `v + 1`. Append a step
/// for every change; never edit a released one (tests migrate from every earlier version).
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the entry table.
    "CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('pledge','purchase','shipment','arrival','distribution','reversal')),
        ref TEXT,
        date TEXT NOT NULL,
        commodity TEXT,
        quantity_t REAL,
        amount_usd REAL,
        from_place TEXT,
        to_place TEXT,
        fund TEXT,
        donor TEXT,
        pledge TEXT,
        shipment TEXT,
        due TEXT,
        lost_t REAL,
        people INTEGER,
        period TEXT,
        corridor TEXT,
        reverses INTEGER REFERENCES entry(id),
        source TEXT NOT NULL,
        note TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX entry_reverses ON entry(reverses) WHERE reverses IS NOT NULL;
    CREATE INDEX entry_ref ON entry(ref) WHERE ref IS NOT NULL;
    CREATE TRIGGER entry_append_only_update BEFORE UPDATE ON entry
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a reversal instead'); END;
    CREATE TRIGGER entry_append_only_delete BEFORE DELETE ON entry
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a reversal instead'); END;",
];

/// A ledger in one SQLite file.
pub struct Sqlite {
    conn: Connection,
    path: PathBuf,
}

impl Sqlite {
    /// Creates a new ledger file at the current schema version; refuses an existing file.
    pub fn create(path: &Path) -> Result<Sqlite, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.display().to_string()));
        }
        Sqlite::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
    }

    /// Opens an existing ledger, first bringing its schema up to date (in one transaction).
    pub fn open(path: &Path) -> Result<Sqlite, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        Sqlite::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    }

    /// A ledger that lives in memory only (the embedded example).
    pub fn in_memory() -> Result<Sqlite, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| sql(&path, e))?;
        let mut s = Sqlite { conn, path };
        s.migrate(SCHEMA_VERSION)?;
        Ok(s)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Sqlite, StoreError> {
        let p = path.to_owned();
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| sql(&p, e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| sql(&p, e))?;
        let _mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(|e| sql(&p, e))?;
        conn.pragma_update(None, "foreign_keys", true).map_err(|e| sql(&p, e))?;
        let mut s = Sqlite { conn, path: p };
        // Only a ledger behind the schema takes the write lock to migrate: readers must not
        // wait for a writer.
        if s.schema_version()? != SCHEMA_VERSION {
            s.migrate(SCHEMA_VERSION)?;
        }
        Ok(s)
    }

    /// Brings the schema to version `target` (at most [`SCHEMA_VERSION`]), one step at a
    /// time, all in one transaction. Public so that tests can build every earlier version.
    pub fn migrate(&mut self, target: u32) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| sql(&path, e))?;
        let found: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| sql(&path, e))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                ledger: path.display().to_string(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for v in found..target.min(SCHEMA_VERSION) {
            tx.execute_batch(MIGRATIONS[v as usize]).map_err(|e| sql(&path, e))?;
            tx.pragma_update(None, "user_version", v + 1).map_err(|e| sql(&path, e))?;
        }
        tx.commit().map_err(|e| sql(&path, e))
    }

    /// A new ledger file holding `entries` as they are (numbers and audit fields kept): the
    /// backup of another backend.
    pub fn restore(path: &Path, entries: &[Recorded]) -> Result<(), StoreError> {
        let mut s = Sqlite::create(path)?;
        let p = s.path.clone();
        let tx = s.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| sql(&p, e))?;
        {
            let mut w = SqliteWrite { tx, path: p.clone() };
            for r in entries {
                w.insert_as(
                    Some(r.id),
                    &r.entry,
                    &Audit { by: r.recorded_by.clone(), at: r.recorded_at.clone() },
                )?;
            }
            Box::new(w).commit()?;
        }
        Ok(())
    }

    /// The connection, for tests that look under the hood (e.g. try to edit an entry).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn sql(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite { ledger: path.display().to_string(), source }
}

impl Backend for Sqlite {
    fn write(&mut self) -> Result<Box<dyn Write + '_>, StoreError> {
        let path = self.path.clone();
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| sql(&path, e))?;
        Ok(Box::new(SqliteWrite { tx, path }))
    }

    fn entries(&mut self) -> Result<Vec<Recorded>, StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql(&path, e))?;
        let out = read_entries(&tx, &path)?;
        tx.commit().map_err(|e| sql(&path, e))?;
        Ok(out)
    }

    fn backup(&mut self, to: &Path) -> Result<(), StoreError> {
        if to.exists() {
            return Err(StoreError::Exists(to.display().to_string()));
        }
        let mut dst = Connection::open(to).map_err(|e| sql(to, e))?;
        let b = rusqlite::backup::Backup::new(&self.conn, &mut dst).map_err(|e| sql(to, e))?;
        b.run_to_completion(1000, Duration::from_millis(10), None).map_err(|e| sql(to, e))
    }

    fn schema_version(&mut self) -> Result<u32, StoreError> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| sql(&self.path, e))
    }
}

struct SqliteWrite<'c> {
    tx: rusqlite::Transaction<'c>,
    path: PathBuf,
}

impl Write for SqliteWrite<'_> {
    fn entries(&mut self) -> Result<Vec<Recorded>, StoreError> {
        read_entries(&self.tx, &self.path)
    }

    fn related(&mut self, refs: &[&str], ids: &[i64]) -> Result<Vec<Recorded>, StoreError> {
        let mut found: std::collections::BTreeMap<i64, Recorded> = std::collections::BTreeMap::new();
        for r in refs {
            found.extend(select(&self.tx, &self.path, "ref = ?1", [r])?.into_iter().map(|x| (x.id, x)));
        }
        for id in ids {
            found.extend(select(&self.tx, &self.path, "id = ?1", [id])?.into_iter().map(|x| (x.id, x)));
        }
        let hits: Vec<i64> = found.keys().copied().collect();
        for id in hits {
            found.extend(select(&self.tx, &self.path, "reverses = ?1", [id])?.into_iter().map(|x| (x.id, x)));
        }
        Ok(found.into_values().collect())
    }

    fn insert(&mut self, e: &Entry, audit: &Audit) -> Result<i64, StoreError> {
        self.insert_as(None, e, audit)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.tx.commit().map_err(|e| sql(&path, e))
    }
}

impl SqliteWrite<'_> {
    /// Inserts with a given number (a restore) or the next one.
    fn insert_as(&mut self, id: Option<i64>, e: &Entry, audit: &Audit) -> Result<i64, StoreError> {
        let reverses = match &e.reverses {
            Some(Target::Id(n)) => Some(*n),
            Some(Target::Ref(_)) | None => None,
        };
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO entry (id, kind, ref, date, commodity, quantity_t, amount_usd, from_place, to_place, fund, \
                 donor, pledge, shipment, due, lost_t, people, period, corridor, reverses, source, note, recorded_by, \
                 recorded_at) VALUES (?23, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19, ?20, ?21, ?22)",
            )
            .map_err(|e| sql(&self.path, e))?;
        stmt.execute(params![
            e.kind.as_str(),
            e.reference,
            e.date.to_string(),
            e.commodity,
            e.quantity_t,
            e.amount_usd,
            e.from,
            e.to,
            e.fund,
            e.donor,
            e.pledge,
            e.shipment,
            e.due.map(|d| d.to_string()),
            e.lost_t,
            e.people.map(|n| n as i64),
            e.period,
            e.corridor,
            reverses,
            e.source,
            e.note,
            audit.by,
            audit.at,
            id,
        ])
        .map_err(|e| sql(&self.path, e))?;
        Ok(self.tx.last_insert_rowid())
    }
}

fn read_entries(conn: &Connection, path: &Path) -> Result<Vec<Recorded>, StoreError> {
    select(conn, path, "1 = 1", [])
}

/// The entries `filter` (an SQL condition on `params`) selects, in number order.
fn select(
    conn: &Connection,
    path: &Path,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Recorded>, StoreError> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {} FROM entry WHERE {filter} ORDER BY id", super::COLUMNS))
        .map_err(|e| sql(path, e))?;
    let mut rows = stmt.query(params).map_err(|e| sql(path, e))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(|e| sql(path, e))? {
        out.push(row(r).map_err(|e| match e {
            RowError::Sql(e) => sql(path, e),
            RowError::Bad(id, field) => StoreError::Corrupt { ledger: path.display().to_string(), id, field },
        })?);
    }
    Ok(out)
}

enum RowError {
    Sql(rusqlite::Error),
    Bad(i64, &'static str),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> RowError {
        RowError::Sql(e)
    }
}

fn row(r: &rusqlite::Row<'_>) -> Result<Recorded, RowError> {
    let id: i64 = r.get(0)?;
    let kind: String = r.get(1)?;
    let kind = Kind::parse(&kind).ok_or(RowError::Bad(id, "kind"))?;
    let date = |i: usize, name: &'static str| -> Result<Option<NaiveDate>, RowError> {
        let t: Option<String> = r.get(i)?;
        t.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| RowError::Bad(id, name))).transpose()
    };
    let people: Option<i64> = r.get(15)?;
    let reverses: Option<i64> = r.get(18)?;
    let entry = Entry {
        kind,
        reference: r.get(2)?,
        date: date(3, "date")?.ok_or(RowError::Bad(id, "date"))?,
        commodity: r.get(4)?,
        quantity_t: r.get(5)?,
        amount_usd: r.get(6)?,
        from: r.get(7)?,
        to: r.get(8)?,
        fund: r.get(9)?,
        donor: r.get(10)?,
        pledge: r.get(11)?,
        shipment: r.get(12)?,
        due: date(13, "due")?,
        lost_t: r.get(14)?,
        people: people.map(|n| n.max(0) as u64),
        period: r.get(16)?,
        corridor: r.get(17)?,
        reverses: reverses.map(Target::Id),
        source: r.get(19)?,
        note: r.get(20)?,
    };
    Ok(Recorded { id, entry, recorded_by: r.get(21)?, recorded_at: r.get(22)? })
}
