//! The opening position for a re-plan: what the ledger says is on hand and on its way at the
//! end of a date, in the scenario's `stocks.csv` and `pipeline.csv` formats
//! (docs/scenario-format.md). A re-plan from actuals reads these two files in place of the
//! scenario's own.

use std::fmt;
use std::path::Path;

use chrono::{Days, NaiveDate};

use crate::book::Book;
use crate::catalog::Catalog;
use crate::entry::Recorded;
use crate::status::{shipments_open, stocks};

/// Header of `stocks.csv`.
pub const STOCKS_HEADER: [&str; 5] = ["node", "commodity", "quantity_t", "source", "note"];
/// Header of `pipeline.csv`.
pub const PIPELINE_HEADER: [&str; 7] =
    ["id", "commodity", "quantity_t", "node", "arrival_period", "source", "note"];

#[derive(Clone, Debug, PartialEq)]
pub struct StockRow {
    pub node: String,
    pub commodity: String,
    pub quantity_t: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PipelineRow {
    /// The shipment's reference.
    pub id: String,
    pub commodity: String,
    pub quantity_t: f64,
    pub node: String,
    pub arrival_period: String,
    /// The day it is expected: the shipment's `due`, or the day after the position's date when
    /// it is overdue or has no due date.
    pub expected: NaiveDate,
}

/// Something the position leaves out, and why.
#[derive(Clone, Debug, PartialEq)]
pub enum Omitted {
    /// The ledger shows less than nothing here; `ledger verify` names the entry.
    NegativeStock { node: String, commodity: String, quantity_t: f64 },
    /// The shipment is expected after the scenario's last period.
    BeyondCalendar { id: String, expected: NaiveDate },
}

impl fmt::Display for Omitted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Omitted::NegativeStock { node, commodity, quantity_t } => write!(
                f,
                "left out the stock of `{commodity}` at `{node}`: the ledger shows `{quantity_t}` t; run `hinterland ledger verify`"
            ),
            Omitted::BeyondCalendar { id, expected } => {
                write!(
                    f,
                    "left out shipment `{id}`: it is expected on {expected}, after the scenario's last period"
                )
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub as_of: NaiveDate,
    pub stocks: Vec<StockRow>,
    pub pipeline: Vec<PipelineRow>,
    pub omitted: Vec<Omitted>,
}

/// The position at the end of `as_of`, rows sorted by node and commodity (stocks) and by
/// shipment reference (pipeline).
pub fn position(all: &[Recorded], as_of: NaiveDate, catalog: &Catalog) -> Position {
    let book = Book::new(all);
    let mut out = Position { as_of, stocks: Vec::new(), pipeline: Vec::new(), omitted: Vec::new() };
    for ((node, commodity), (hand, _)) in stocks(&book, as_of) {
        if hand > 1e-9 {
            out.stocks.push(StockRow { node, commodity, quantity_t: hand });
        } else if hand < -1e-9 {
            out.omitted.push(Omitted::NegativeStock { node, commodity, quantity_t: hand });
        }
    }
    let next_day = as_of.checked_add_days(Days::new(1)).unwrap_or(as_of);
    for s in shipments_open(&book, as_of) {
        let expected = s.due.filter(|&d| d > as_of).unwrap_or(next_day);
        match catalog.period_of(expected) {
            Some(label) => out.pipeline.push(PipelineRow {
                id: s.reference,
                commodity: s.commodity,
                quantity_t: s.remaining_t,
                node: s.to,
                arrival_period: label.to_owned(),
                expected,
            }),
            None => out.omitted.push(Omitted::BeyondCalendar { id: s.reference, expected }),
        }
    }
    out
}

impl Position {
    /// `stocks.csv` as text (quantities at full precision).
    pub fn stocks_csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(STOCKS_HEADER)?;
        let note = format!("on hand at the end of {}", self.as_of);
        for r in &self.stocks {
            w.write_record([r.node.as_str(), &r.commodity, &r.quantity_t.to_string(), "ledger", &note])?;
        }
        into_string(w)
    }

    /// `pipeline.csv` as text (quantities at full precision).
    pub fn pipeline_csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(PIPELINE_HEADER)?;
        for r in &self.pipeline {
            let note = format!("in transit at the end of {}; expected {}", self.as_of, r.expected);
            w.write_record([
                r.id.as_str(),
                &r.commodity,
                &r.quantity_t.to_string(),
                &r.node,
                &r.arrival_period,
                "ledger",
                &note,
            ])?;
        }
        into_string(w)
    }

    /// Writes `stocks.csv` and `pipeline.csv` into `dir` (created if missing), each replaced
    /// whole (written to a temporary name, then renamed).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let stocks = self.stocks_csv().map_err(std::io::Error::other)?;
        let pipeline = self.pipeline_csv().map_err(std::io::Error::other)?;
        for (name, text) in [("stocks.csv", stocks), ("pipeline.csv", pipeline)] {
            let tmp = dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, dir.join(name))?;
        }
        Ok(())
    }
}

fn into_string(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV written from UTF-8 strings is UTF-8"))
}
