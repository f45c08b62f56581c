//! The Mali 2024 example ledger (scenarios/mali-2024-ledger/entries.csv): the cited wheat
//! pledge and UN-channel money, and invented but labelled entries for the season up to the end
//! of July 2024. Compiled in so that `hinterland ledger status --example mali` works anywhere.

use chrono::NaiveDate;

/// Name of the example file, as shown in messages.
pub const MALI_FILE: &str = "mali-2024-ledger/entries.csv";

/// The entries of the Mali example, as a ledger CSV file.
pub const MALI_CSV: &str = include_str!("../../../scenarios/mali-2024-ledger/entries.csv");

/// The date the example's status is shown at unless another is asked for: the example records
/// the season up to this day.
pub fn mali_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 31).expect("a valid date")
}
