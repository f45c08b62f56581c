//! `hinterland ledger …`: the pledge ledger's commands. Each opens the ledger, calls
//! hinterland-ledger and renders; every write is one transaction there.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use hinterland_ledger::import::{Located, read_csv, read_workbook};
use hinterland_ledger::status::Planned;
use hinterland_ledger::store::postgres::redact;
use hinterland_ledger::store::sqlite::Sqlite;
use hinterland_ledger::store::{self, StoreError, default_path};
use hinterland_ledger::{
    AppendError, Audit, Catalog, Field, Kind, Ledger, Problem, example, position, render, status, verify,
};

use crate::Exit;
use crate::commands::read;

#[derive(Args, Debug)]
pub struct LedgerArgs {
    /// The ledger: a SQLite file, or a PostgreSQL database as `postgres://USER@HOST/DB`
    /// (default: `hinterland-ledger.sqlite` in the current folder, or the `HINTERLAND_LEDGER`
    /// environment variable).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Scenario (folder or workbook, `.xlsx`) whose ids (places, commodities, funds,
    /// districts, periods) entries must use; the embedded Mali 2024 scenario when omitted.
    #[arg(long, global = true, value_name = "PATH")]
    pub scenario: Option<PathBuf>,
    #[command(subcommand)]
    pub command: LedgerCommand,
}

#[derive(Subcommand, Debug)]
pub enum LedgerCommand {
    /// Create a new, empty ledger.
    Init,
    /// Record one entry given on the command line.
    Add(Box<AddArgs>),
    /// Record every entry of a CSV file (or XLSX workbook), all or none.
    Import(ImportArgs),
    /// Print every entry, reversed ones included, with its audit fields, as CSV.
    List,
    /// Pledges promised against delivered, stock on hand and in transit, funds, distributions.
    Status(StatusArgs),
    /// Check the invariants (no negative stock, arrivals within dispatches, spending within
    /// funds) and name every entry that breaks one.
    Verify(VerifyArgs),
    /// Copy the ledger to a new file while others may keep writing.
    Backup(BackupArgs),
    /// Write stocks.csv and pipeline.csv: the opening position for a re-plan.
    ExportPosition(PositionArgs),
    /// Write a synthetic ledger CSV of N movements (for the benchmark).
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Pledge,
    Purchase,
    Shipment,
    Arrival,
    Distribution,
    Reversal,
}

impl KindArg {
    fn kind(self) -> Kind {
        match self {
            KindArg::Pledge => Kind::Pledge,
            KindArg::Purchase => Kind::Purchase,
            KindArg::Shipment => Kind::Shipment,
            KindArg::Arrival => Kind::Arrival,
            KindArg::Distribution => Kind::Distribution,
            KindArg::Reversal => Kind::Reversal,
        }
    }
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// What the entry records.
    pub kind: KindArg,
    /// The entry's own reference (pledge, waybill or order number); pledges and shipments need one.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// When it happened (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    #[arg(long)]
    pub commodity: Option<String>,
    #[arg(long, value_name = "TONNES", allow_hyphen_values = true)]
    pub quantity_t: Option<String>,
    #[arg(long, value_name = "US$", allow_hyphen_values = true)]
    pub amount_usd: Option<String>,
    /// Place the goods leave.
    #[arg(long)]
    pub from: Option<String>,
    /// Place the goods reach (a district for a distribution).
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub fund: Option<String>,
    #[arg(long)]
    pub donor: Option<String>,
    /// The pledge an arrival delivers.
    #[arg(long)]
    pub pledge: Option<String>,
    /// The shipment an arrival closes.
    #[arg(long)]
    pub shipment: Option<String>,
    /// When a pledge is due or a shipment expected (YYYY-MM-DD).
    #[arg(long)]
    pub due: Option<String>,
    #[arg(long, value_name = "TONNES", allow_hyphen_values = true)]
    pub lost_t: Option<String>,
    #[arg(long)]
    pub people: Option<String>,
    /// Period label of a distribution, e.g. `2024-07`.
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long)]
    pub corridor: Option<String>,
    /// The entry a reversal cancels: `#12` or its reference.
    #[arg(long)]
    pub reverses: Option<String>,
    /// The source document (delivery note, waybill, report).
    #[arg(long)]
    pub source: String,
    #[arg(long)]
    pub note: Option<String>,
    /// Who records it (default: `$USER`).
    #[arg(long)]
    pub by: Option<String>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A ledger CSV file, or an XLSX/ODS workbook whose first sheet has the same columns
    /// (docs/ledger.md, "CSV and XLSX import").
    pub file: PathBuf,
    /// Who records it (default: `$USER`).
    #[arg(long)]
    pub by: Option<String>,
    /// Testing only: after the last row, print `holding` to stderr and wait for stdin to close
    /// before committing (tests kill the process here).
    #[arg(long, hide = true)]
    pub hold_before_commit: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Count entries up to the end of this day (default: today; the example: 2024-07-31).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Print JSON (docs/ledger.md) instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Also write the status as an XLSX workbook (a sheet per table) to this file.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// A plan.json from `hinterland plan`: districts show what it planned to distribute to date.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Show a built-in example ledger instead of `--db` (`mali`: the Mali 2024 season to July).
    #[arg(long, value_name = "NAME")]
    pub example: Option<ExampleArg>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Verify a built-in example ledger instead of `--db`.
    #[arg(long, value_name = "NAME")]
    pub example: Option<ExampleArg>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExampleArg {
    Mali,
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The new file; it must not exist.
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct PositionArgs {
    /// The position at the end of this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// Folder to write stocks.csv and pipeline.csv into (created if missing; the two files are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Use a built-in example ledger instead of `--db`.
    #[arg(long, value_name = "NAME")]
    pub example: Option<ExampleArg>,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(long, value_name = "N")]
    pub movements: usize,
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn ledger(args: &LedgerArgs) -> anyhow::Result<Exit> {
    let db = args.db.clone().unwrap_or_else(default_path).to_string_lossy().into_owned();
    let db = db.as_str();
    match &args.command {
        LedgerCommand::Init => match store::create(db) {
            Ok(_) => {
                println!("created an empty ledger at `{}`", redact(db));
                Ok(Exit::Success)
            }
            Err(e) => Ok(store_error(&e)),
        },
        LedgerCommand::Add(a) => {
            let Some(catalog) = catalog(args.scenario.as_deref())? else { return Ok(Exit::UserError) };
            Ok(add(db, a, &catalog))
        }
        LedgerCommand::Import(a) => {
            let Some(catalog) = catalog(args.scenario.as_deref())? else { return Ok(Exit::UserError) };
            Ok(import(db, a, &catalog))
        }
        LedgerCommand::List => with_entries(db, None, |entries| {
            list(entries)?;
            Ok(Exit::Success)
        }),
        LedgerCommand::Status(a) => {
            let Some(catalog) = catalog(args.scenario.as_deref())? else { return Ok(Exit::UserError) };
            let default_as_of = if a.example.is_some() { example::mali_as_of() } else { today() };
            let Some(as_of) = date_arg("--as-of", a.as_of.as_deref(), default_as_of) else {
                return Ok(Exit::UserError);
            };
            let planned = match &a.plan {
                None => None,
                Some(p) => match read_plan(p) {
                    Ok(rows) => Some(rows),
                    Err(e) => {
                        eprintln!("error: {e:#}");
                        return Ok(Exit::UserError);
                    }
                },
            };
            with_entries(db, a.example.map(|_| &catalog), |entries| {
                let s = status::status(entries, as_of, planned.as_deref().map(|p| (p, &catalog)));
                if let Some(path) = &a.xlsx {
                    let bytes = hinterland_ledger::xlsx::status_xlsx(&s)?;
                    std::fs::write(path, bytes)
                        .with_context(|| format!("cannot write `{}`", path.display()))?;
                }
                if a.json {
                    println!("{}", serde_json::to_string_pretty(&render::status_json(&s))?);
                } else {
                    print!("{}", render::status_text(&s));
                }
                Ok(Exit::Success)
            })
        }
        LedgerCommand::Verify(a) => {
            let catalog = if a.example.is_some() {
                let Some(c) = catalog(args.scenario.as_deref())? else { return Ok(Exit::UserError) };
                Some(c)
            } else {
                None
            };
            with_entries(db, catalog.as_ref(), |entries| {
                let v = verify::verify(entries);
                if a.json {
                    println!("{}", serde_json::to_string_pretty(&render::violations_json(&v))?);
                } else if v.is_empty() {
                    println!("the ledger keeps every invariant ({} entries)", entries.len());
                } else {
                    for x in &v {
                        println!("violation: {x}");
                    }
                    eprintln!("error: {} violation(s)", v.len());
                }
                Ok(if v.is_empty() { Exit::Success } else { Exit::UserError })
            })
        }
        LedgerCommand::Backup(a) => {
            let mut s = match store::open(db) {
                Ok(s) => s,
                Err(e) => return Ok(store_error(&e)),
            };
            match s.backup(&a.file) {
                Ok(()) => {
                    println!("copied `{}` to `{}`", redact(db), a.file.display());
                    Ok(Exit::Success)
                }
                Err(e) => Ok(store_error(&e)),
            }
        }
        LedgerCommand::ExportPosition(a) => {
            let Some(catalog) = catalog(args.scenario.as_deref())? else { return Ok(Exit::UserError) };
            let Some(as_of) = date_arg("--as-of", Some(&a.as_of), today()) else {
                return Ok(Exit::UserError);
            };
            with_entries(db, a.example.map(|_| &catalog), |entries| {
                let p = position::position(entries, as_of, &catalog);
                for o in &p.omitted {
                    eprintln!("warning: {o}");
                }
                p.write(&a.out).with_context(|| format!("cannot write into `{}`", a.out.display()))?;
                println!(
                    "wrote the position at the end of {as_of} to `{}`: {} stock row(s), {} shipment(s) in transit",
                    a.out.display(),
                    p.stocks.len(),
                    p.pipeline.len()
                );
                Ok(Exit::Success)
            })
        }
        LedgerCommand::Generate(a) => {
            let file = std::fs::File::create(&a.out)
                .with_context(|| format!("cannot create `{}`", a.out.display()))?;
            let mut w = std::io::BufWriter::new(file);
            hinterland_ledger::generate::write_csv(&mut w, a.movements)?;
            w.flush()?;
            Ok(Exit::Success)
        }
    }
}

fn today() -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

pub(crate) fn date_arg(flag: &str, text: Option<&str>, default: NaiveDate) -> Option<NaiveDate> {
    match text {
        None => Some(default),
        Some(t) => {
            let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
            if d.is_none() {
                eprintln!(
                    "error: `{flag}`: `{t}` is not a date\n  help: write it as YYYY-MM-DD, e.g. `2024-07-31`"
                );
            }
            d
        }
    }
}

/// The ids entries may use, from the scenario; `None` after the scenario's problems were shown.
pub(crate) fn catalog(path: Option<&Path>) -> anyhow::Result<Option<Catalog>> {
    let Some(source) = crate::commands::load_source(path)? else { return Ok(None) };
    Ok(read(&source, "recorded").map(|(s, _)| Catalog::from_scenario(&s)))
}

/// How a storage failure ends: the user's path or file (1), or something else (2).
fn store_error(e: &StoreError) -> Exit {
    eprintln!("error: {e}");
    match e {
        StoreError::Missing(_) | StoreError::Exists(_) | StoreError::TooNew { .. } => Exit::UserError,
        StoreError::Corrupt { .. } | StoreError::Sqlite { .. } | StoreError::Postgres { .. } => {
            Exit::Internal
        }
    }
}

/// Runs `f` on every entry of the ledger at `db`, or of the Mali example when `example` holds
/// the catalog to build it with.
fn with_entries(
    db: &str,
    example: Option<&Catalog>,
    f: impl FnOnce(&[hinterland_ledger::Recorded]) -> anyhow::Result<Exit>,
) -> anyhow::Result<Exit> {
    let mut ledger = match example {
        Some(catalog) => match mali_example(catalog) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: the built-in example does not load: {e:#}");
                return Ok(Exit::Internal);
            }
        },
        None => match store::open(db) {
            Ok(s) => Ledger::new(s),
            Err(e) => return Ok(store_error(&e)),
        },
    };
    match ledger.entries() {
        Ok(entries) => f(&entries),
        Err(e) => Ok(store_error(&e)),
    }
}

/// Every entry of the ledger at `db`, or of the Mali example when `example` holds the catalog
/// to build it with; `Err` after the problem was shown.
pub(crate) fn load_entries(
    db: &str,
    example: Option<&Catalog>,
) -> Result<Vec<hinterland_ledger::Recorded>, Exit> {
    let mut out = Err(Exit::Internal);
    let exit = with_entries(db, example, |entries| {
        out = Ok(entries.to_vec());
        Ok(Exit::Success)
    });
    match exit {
        Ok(Exit::Success) => out,
        Ok(e) => Err(e),
        Err(e) => {
            eprintln!("error: {e:#}");
            Err(Exit::Internal)
        }
    }
}

/// The Mali example, imported into a ledger in memory.
fn mali_example(catalog: &Catalog) -> anyhow::Result<Ledger> {
    let rows = read_csv(example::MALI_FILE, example::MALI_CSV).map_err(|p| anyhow::anyhow!("{}", p[0]))?;
    let mut ledger = Ledger::new(Box::new(Sqlite::in_memory()?));
    let audit = Audit { by: "example".to_owned(), at: "2024-07-31T00:00:00Z".to_owned() };
    ledger.append(&rows.entries, catalog, &audit, &|| {}).map_err(|e| match e {
        AppendError::Rejected(p) => anyhow::anyhow!("{}", rows.locate(example::MALI_FILE, p)[0]),
        AppendError::Store(s) => anyhow::Error::from(s),
    })?;
    Ok(ledger)
}

fn add(db: &str, a: &AddArgs, catalog: &Catalog) -> Exit {
    let kind = a.kind.kind().as_str().to_owned();
    let get = |f: Field| -> Option<String> {
        match f {
            Field::Kind => Some(kind.clone()),
            Field::Ref => a.reference.clone(),
            Field::Date => Some(a.date.clone()),
            Field::Commodity => a.commodity.clone(),
            Field::QuantityT => a.quantity_t.clone(),
            Field::AmountUsd => a.amount_usd.clone(),
            Field::From => a.from.clone(),
            Field::To => a.to.clone(),
            Field::Fund => a.fund.clone(),
            Field::Donor => a.donor.clone(),
            Field::Pledge => a.pledge.clone(),
            Field::Shipment => a.shipment.clone(),
            Field::Due => a.due.clone(),
            Field::LostT => a.lost_t.clone(),
            Field::People => a.people.clone(),
            Field::Period => a.period.clone(),
            Field::Corridor => a.corridor.clone(),
            Field::Reverses => a.reverses.clone(),
            Field::Source => Some(a.source.clone()),
            Field::Note => a.note.clone(),
        }
    };
    let entry = match hinterland_ledger::entry::parse(&get) {
        Ok(e) => e,
        Err(problems) => return flag_problems(&problems),
    };
    let mut ledger = match store::open(db) {
        Ok(s) => Ledger::new(s),
        Err(e) => return store_error(&e),
    };
    match ledger.append(std::slice::from_ref(&entry), catalog, &Audit::now(a.by.as_deref()), &|| {}) {
        Ok(done) => {
            println!("recorded {} `#{}`", entry.kind, done.ids.first().copied().unwrap_or_default());
            Exit::Success
        }
        Err(AppendError::Rejected(p)) => {
            let problems: Vec<Problem> = p.into_iter().map(|(_, p)| p).collect();
            flag_problems(&problems)
        }
        Err(AppendError::Store(e)) => store_error(&e),
    }
}

fn flag_problems(problems: &[Problem]) -> Exit {
    for p in problems {
        match p.field {
            Some(f) => eprintln!("error: `{}`: {}", f.flag(), p.what),
            None => eprintln!("error: {}", p.what),
        }
        if let Some(help) = p.what.help() {
            eprintln!("  help: {help}");
        }
    }
    eprintln!("error: nothing was recorded");
    Exit::UserError
}

/// How many located problems an import shows before summing up the rest.
const SHOWN: usize = 50;

fn located_problems(problems: &[Located]) -> Exit {
    for p in problems.iter().take(SHOWN) {
        eprintln!("error: {p}");
        if let Some(help) = p.help() {
            eprintln!("  help: {help}");
        }
    }
    if problems.len() > SHOWN {
        eprintln!("error: … and {} more problem(s)", problems.len() - SHOWN);
    }
    eprintln!("error: {} problem(s); nothing was recorded", problems.len());
    Exit::UserError
}

fn import(db: &str, a: &ImportArgs, catalog: &Catalog) -> Exit {
    let name = a.file.display().to_string();
    let bytes = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{name}`: {e}");
            return Exit::UserError;
        }
    };
    let workbook = a
        .file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()));
    let rows = if workbook {
        read_workbook(&name, &bytes)
    } else {
        let Ok(text) = String::from_utf8(bytes) else {
            eprintln!("error: `{name}` is not UTF-8 text\n  help: save the file as CSV UTF-8");
            return Exit::UserError;
        };
        read_csv(&name, &text)
    };
    let rows = match rows {
        Ok(r) => r,
        Err(problems) => return located_problems(&problems),
    };
    let mut ledger = match store::open(db) {
        Ok(s) => Ledger::new(s),
        Err(e) => return store_error(&e),
    };
    let hold = || {
        if a.hold_before_commit {
            eprintln!("holding");
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        }
    };
    match ledger.append(&rows.entries, catalog, &Audit::now(a.by.as_deref()), &hold) {
        Ok(done) => {
            println!("recorded {} entries from `{name}`", done.ids.len());
            Exit::Success
        }
        Err(AppendError::Rejected(p)) => located_problems(&rows.locate(&name, p)),
        Err(AppendError::Store(e)) => store_error(&e),
    }
}

fn list(entries: &[hinterland_ledger::Recorded]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    let mut header = vec!["entry"];
    header.extend(Field::ALL.iter().map(|f| f.column()));
    header.extend(["recorded_by", "recorded_at"]);
    w.write_record(&header)?;
    for r in entries {
        let mut row = vec![r.id.to_string()];
        row.extend(Field::ALL.iter().map(|&f| r.entry.text(f).unwrap_or_default()));
        row.extend([r.recorded_by.clone(), r.recorded_at.clone()]);
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// What a plan.json plans to distribute: its `consumption` rows (food eaten per district,
/// period and commodity; docs/plan-json.md).
fn read_plan(path: &Path) -> anyhow::Result<Vec<Planned>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("`{}` is not JSON", path.display()))?;
    let rows = json.get("consumption").and_then(serde_json::Value::as_array).with_context(|| {
        format!("`{}` has no `consumption` array; give a plan.json from `hinterland plan`", path.display())
    })?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let text = |k: &str| r.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
        if let (Some(district), Some(commodity), Some(period), Some(tonnes)) = (
            text("district"),
            text("commodity"),
            text("period"),
            r.get("tonnes").and_then(serde_json::Value::as_f64),
        ) {
            out.push(Planned { district, commodity, period, tonnes });
        }
    }
    Ok(out)
}
