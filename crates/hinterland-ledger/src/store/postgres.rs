//! The PostgreSQL backend, for country offices sharing one ledger: the same table, rules and
//! commands as SQLite. Writers serialise on `LOCK TABLE entry IN EXCLUSIVE MODE` (readers are
//! never blocked), reads see one snapshot (`REPEATABLE READ`), a trigger makes the table
//! append-only, and the schema version is kept in `hinterland_schema`.

use std::path::Path;

use chrono::NaiveDate;
use postgres::{Client, IsolationLevel, NoTls, Row, Statement};

use super::{Backend, SCHEMA_VERSION, StoreError, Write};
use crate::entry::{Audit, Entry, Recorded, Target};
use crate::field::Kind;
use crate::store::sqlite::Sqlite;

/// The schema steps: `MIGRATIONS[v]` takes a ledger from version `v` to `v + 1`, as
/// [`super::sqlite::MIGRATIONS`] does for SQLite (the same tables in PostgreSQL's dialect).
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the entry table.
    "CREATE TABLE entry (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('pledge','purchase','shipment','arrival','distribution','reversal')),
        ref TEXT,
        date TEXT NOT NULL,
        commodity TEXT,
        quantity_t DOUBLE PRECISION,
        amount_usd DOUBLE PRECISION,
        from_place TEXT,
        to_place TEXT,
        fund TEXT,
        donor TEXT,
        pledge TEXT,
        shipment TEXT,
        due TEXT,
        lost_t DOUBLE PRECISION,
        people BIGINT,
        period TEXT,
        corridor TEXT,
        reverses BIGINT REFERENCES entry(id),
        source TEXT NOT NULL,
        note TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX entry_reverses ON entry(reverses) WHERE reverses IS NOT NULL;
    CREATE INDEX entry_ref ON entry(ref) WHERE ref IS NOT NULL;
    CREATE FUNCTION entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the ledger is append-only: record a reversal instead'; END $$;
    CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON entry
        FOR EACH ROW EXECUTE FUNCTION entry_append_only();
    CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON entry
        FOR EACH STATEMENT EXECUTE FUNCTION entry_append_only();",
];

/// Any advisory-lock key will do as long as it is the same everywhere: migrations of one
/// database never run side by side.
const MIGRATION_LOCK: i64 = 0x6869_6e74_6c65_6467;

/// Whether `--db` names a PostgreSQL database rather than a SQLite file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let user_pass = &url[s + 3..at];
            match user_pass.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &user_pass[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A ledger in a PostgreSQL database.
pub struct Postgres {
    client: Client,
    name: String,
}

fn pg(name: &str, source: postgres::Error) -> StoreError {
    StoreError::Postgres { ledger: name.to_owned(), source: Box::new(source) }
}

impl Postgres {
    fn connect(url: &str) -> Result<Postgres, StoreError> {
        let name = redact(url);
        let client = Client::connect(url, NoTls).map_err(|e| pg(&name, e))?;
        Ok(Postgres { client, name })
    }

    fn version(&mut self) -> Result<Option<u32>, StoreError> {
        let name = self.name.clone();
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('hinterland_schema') IS NOT NULL", &[])
            .map_err(|e| pg(&name, e))?
            .get(0);
        if !exists {
            return Ok(None);
        }
        let v: i32 = self
            .client
            .query_one("SELECT version FROM hinterland_schema", &[])
            .map_err(|e| pg(&name, e))?
            .get(0);
        Ok(Some(v.max(0) as u32))
    }

    /// Creates the ledger's tables in an empty database (refuses a database that has them).
    pub fn create(url: &str) -> Result<Postgres, StoreError> {
        let mut s = Postgres::connect(url)?;
        if s.version()?.is_some() {
            return Err(StoreError::Exists(s.name));
        }
        s.migrate(SCHEMA_VERSION)?;
        Ok(s)
    }

    /// Opens the ledger in a database, first bringing its schema up to date.
    pub fn open(url: &str) -> Result<Postgres, StoreError> {
        let mut s = Postgres::connect(url)?;
        match s.version()? {
            None => return Err(StoreError::Missing(s.name)),
            Some(v) if v == SCHEMA_VERSION => {}
            Some(_) => s.migrate(SCHEMA_VERSION)?,
        }
        Ok(s)
    }

    /// Brings the schema to version `target` (at most [`SCHEMA_VERSION`]) in one transaction.
    pub fn migrate(&mut self, target: u32) -> Result<(), StoreError> {
        let name = self.name.clone();
        let mut tx = self.client.transaction().map_err(|e| pg(&name, e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(|e| pg(&name, e))?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS hinterland_schema (version INTEGER NOT NULL)")
            .map_err(|e| pg(&name, e))?;
        let found: Option<i32> = tx
            .query_opt("SELECT version FROM hinterland_schema", &[])
            .map_err(|e| pg(&name, e))?
            .map(|r| r.get(0));
        if found.is_none() {
            tx.execute("INSERT INTO hinterland_schema (version) VALUES (0)", &[])
                .map_err(|e| pg(&name, e))?;
        }
        let found = found.unwrap_or(0).max(0) as u32;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { ledger: name, found, supported: SCHEMA_VERSION });
        }
        for v in found..target.min(SCHEMA_VERSION) {
            tx.batch_execute(MIGRATIONS[v as usize]).map_err(|e| pg(&name, e))?;
            tx.execute("UPDATE hinterland_schema SET version = $1", &[&(v as i32 + 1)])
                .map_err(|e| pg(&name, e))?;
        }
        tx.commit().map_err(|e| pg(&name, e))
    }

    /// The client, for tests that look under the hood.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

impl Backend for Postgres {
    fn write(&mut self) -> Result<Box<dyn Write + '_>, StoreError> {
        let name = self.name.clone();
        let mut tx = self.client.transaction().map_err(|e| pg(&name, e))?;
        // One writer at a time (as SQLite's BEGIN IMMEDIATE); readers are not blocked.
        tx.batch_execute("LOCK TABLE entry IN EXCLUSIVE MODE").map_err(|e| pg(&name, e))?;
        let insert = tx
            .prepare(
                "INSERT INTO entry (kind, ref, date, commodity, quantity_t, amount_usd, from_place, to_place, fund, \
                 donor, pledge, shipment, due, lost_t, people, period, corridor, reverses, source, note, recorded_by, \
                 recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
                 $19, $20, $21, $22) RETURNING id",
            )
            .map_err(|e| pg(&name, e))?;
        Ok(Box::new(PgWrite { tx, insert, name }))
    }

    fn entries(&mut self) -> Result<Vec<Recorded>, StoreError> {
        let name = self.name.clone();
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| pg(&name, e))?;
        let out = read_entries(&mut tx, &name)?;
        tx.commit().map_err(|e| pg(&name, e))?;
        Ok(out)
    }

    /// Writes the entries, numbers and audit fields included, to a new SQLite ledger file: a
    /// copy anyone can open without a server.
    fn backup(&mut self, to: &Path) -> Result<(), StoreError> {
        let entries = self.entries()?;
        Sqlite::restore(to, &entries)
    }

    fn schema_version(&mut self) -> Result<u32, StoreError> {
        Ok(self.version()?.unwrap_or(0))
    }
}

struct PgWrite<'c> {
    tx: postgres::Transaction<'c>,
    insert: Statement,
    name: String,
}

impl Write for PgWrite<'_> {
    fn entries(&mut self) -> Result<Vec<Recorded>, StoreError> {
        read_entries(&mut self.tx, &self.name)
    }

    fn related(&mut self, refs: &[&str], ids: &[i64]) -> Result<Vec<Recorded>, StoreError> {
        let hits = self
            .tx
            .query(
                &format!(
                    "SELECT {} FROM entry WHERE ref = ANY($1) OR id = ANY($2) ORDER BY id",
                    super::COLUMNS
                ),
                &[&refs, &ids],
            )
            .map_err(|e| pg(&self.name, e))?;
        let mut found: std::collections::BTreeMap<i64, Recorded> = std::collections::BTreeMap::new();
        for r in &hits {
            let x = row(r, &self.name)?;
            found.insert(x.id, x);
        }
        let hit_ids: Vec<i64> = found.keys().copied().collect();
        let reversals = self
            .tx
            .query(
                &format!("SELECT {} FROM entry WHERE reverses = ANY($1) ORDER BY id", super::COLUMNS),
                &[&hit_ids],
            )
            .map_err(|e| pg(&self.name, e))?;
        for r in &reversals {
            let x = row(r, &self.name)?;
            found.insert(x.id, x);
        }
        Ok(found.into_values().collect())
    }

    fn insert(&mut self, e: &Entry, audit: &Audit) -> Result<i64, StoreError> {
        let reverses = match &e.reverses {
            Some(Target::Id(n)) => Some(*n),
            Some(Target::Ref(_)) | None => None,
        };
        let people = e.people.map(|n| n as i64);
        let row = self
            .tx
            .query_one(
                &self.insert,
                &[
                    &e.kind.as_str(),
                    &e.reference,
                    &e.date.to_string(),
                    &e.commodity,
                    &e.quantity_t,
                    &e.amount_usd,
                    &e.from,
                    &e.to,
                    &e.fund,
                    &e.donor,
                    &e.pledge,
                    &e.shipment,
                    &e.due.map(|d| d.to_string()),
                    &e.lost_t,
                    &people,
                    &e.period,
                    &e.corridor,
                    &reverses,
                    &e.source,
                    &e.note,
                    &audit.by,
                    &audit.at,
                ],
            )
            .map_err(|err| pg(&self.name, err))?;
        Ok(row.get(0))
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        let name = self.name.clone();
        self.tx.commit().map_err(|e| pg(&name, e))
    }
}

fn read_entries(tx: &mut postgres::Transaction<'_>, name: &str) -> Result<Vec<Recorded>, StoreError> {
    let rows = tx
        .query(&format!("SELECT {} FROM entry ORDER BY id", super::COLUMNS), &[])
        .map_err(|e| pg(name, e))?;
    rows.iter().map(|r| row(r, name)).collect()
}

fn row(r: &Row, name: &str) -> Result<Recorded, StoreError> {
    let get_err = |e: postgres::Error| pg(name, e);
    let id: i64 = r.try_get(0).map_err(get_err)?;
    let bad = |field: &'static str| StoreError::Corrupt { ledger: name.to_owned(), id, field };
    let kind: String = r.try_get(1).map_err(get_err)?;
    let kind = Kind::parse(&kind).ok_or_else(|| bad("kind"))?;
    let date = |i: usize, field: &'static str| -> Result<Option<NaiveDate>, StoreError> {
        let t: Option<String> = r.try_get(i).map_err(get_err)?;
        t.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| bad(field))).transpose()
    };
    let people: Option<i64> = r.try_get(15).map_err(get_err)?;
    let reverses: Option<i64> = r.try_get(18).map_err(get_err)?;
    let entry = Entry {
        kind,
        reference: r.try_get(2).map_err(get_err)?,
        date: date(3, "date")?.ok_or_else(|| bad("date"))?,
        commodity: r.try_get(4).map_err(get_err)?,
        quantity_t: r.try_get(5).map_err(get_err)?,
        amount_usd: r.try_get(6).map_err(get_err)?,
        from: r.try_get(7).map_err(get_err)?,
        to: r.try_get(8).map_err(get_err)?,
        fund: r.try_get(9).map_err(get_err)?,
        donor: r.try_get(10).map_err(get_err)?,
        pledge: r.try_get(11).map_err(get_err)?,
        shipment: r.try_get(12).map_err(get_err)?,
        due: date(13, "due")?,
        lost_t: r.try_get(14).map_err(get_err)?,
        people: people.map(|n| n.max(0) as u64),
        period: r.try_get(16).map_err(get_err)?,
        corridor: r.try_get(17).map_err(get_err)?,
        reverses: reverses.map(Target::Id),
        source: r.try_get(19).map_err(get_err)?,
        note: r.try_get(20).map_err(get_err)?,
    };
    Ok(Recorded {
        id,
        entry,
        recorded_by: r.try_get(21).map_err(get_err)?,
        recorded_at: r.try_get(22).map_err(get_err)?,
    })
}
