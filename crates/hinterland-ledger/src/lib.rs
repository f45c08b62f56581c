//! The pledge ledger: what was pledged, bought, shipped, received and distributed, recorded
//! append-only with an audit trail, and what follows from it: the status on a date, the
//! invariants (`verify`) and the opening position for a re-plan.
//!
//! Every entry is a movement of goods between places or of money into or out of a fund.
//! [`Ledger::append`] records a batch in one transaction after checking each entry's shape,
//! its ids against a scenario ([`Catalog`]) and its references to earlier entries; storage is
//! behind [`store::Backend`] (SQLite: [`store::sqlite::Sqlite`]). The computations
//! ([`status::status`], [`verify::verify`], [`position::position`]) take the recorded entries
//! and do no I/O.

pub mod actuals;
mod book;
pub mod catalog;
pub mod entry;
pub mod example;
pub mod field;
pub mod generate;
pub mod import;
pub mod ledger;
pub mod position;
pub mod problem;
pub mod render;
pub mod replan;
pub mod status;
pub mod store;
pub mod verify;
pub mod xlsx;

pub use catalog::Catalog;
pub use entry::{Audit, Entry, Recorded, Target};
pub use field::{Field, Kind};
pub use ledger::{AppendError, Appended, Ledger};
pub use problem::{Problem, What};
