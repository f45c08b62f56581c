//! What a plan gives people: a summary on the terminal, `plan.json`, CSV tables, an XLSX
//! workbook, GeoJSON for GIS, and a self-contained HTML report with a map and charts.
//!
//! [`tables`] aggregates a plan into the figures people read (people reached and coverage
//! per period and district, tonnes by corridor and mode, money by fund), [`people`] per need
//! row (rations, adequacy, coverage, what held a row below its phase's best) and [`goods`]
//! keeps food and non-food apart (tonnes, costs, the food cost per person-day with donations
//! valued); [`summary`], [`json`], [`csv_tables`], [`xlsx`], [`geojson`] and [`html`] render
//! the same figures, so they never disagree. [`compare`] takes the same figures of many plans for `hinterland compare` and
//! `sweep`; [`Timings`] says where a run's time went (`plan --timings`). [`write_outputs`]
//! writes the output folder atomically: a run that fails leaves the previous folder intact.

pub mod compare;
pub mod corridors;
pub mod csv_tables;
pub mod geojson;
pub mod goods;
pub mod html;
pub mod json;
pub mod ledger;
pub mod names;
pub mod people;
pub mod pipeline;
pub mod summary;
pub mod tables;
mod timings;
pub mod variance;
mod write;
pub mod xlsx;

pub use timings::Timings;
pub use write::{MARKER, OutputError, StagedFile, check_out_dir, check_out_file, write_outputs};

use hinterland_model::Scenario;
use hinterland_plan::{Plan, PlanRun, VerifyReport};

/// Everything a report is made from.
pub struct Report<'a> {
    pub scenario: &'a Scenario,
    /// Where the scenario came from, e.g. a folder or `<embedded:mali-2024>`.
    pub origin: &'a str,
    pub run: &'a PlanRun,
    pub plan: &'a Plan,
    pub verify: &'a VerifyReport,
    /// What the plan took from the ledger, when it was made from one (`plan --ledger`).
    pub ledger: Option<&'a ledger::FromLedger>,
}
