//! Scenarios as one Excel workbook (XLSX): a sheet per table, a `settings` sheet for
//! `scenario.toml`, and the scenario's documents.
//!
//! Reading turns the sheets into the same in-memory files a scenario folder gives (CSV text
//! for the tables, TOML for the settings), so every check of [`crate::validate`] applies
//! unchanged; a [`CellMap`] kept in the [`ScenarioSource`] then moves each diagnostic to its
//! sheet and cell (`lanes!F12`). Writing makes a self-describing workbook: a `README` sheet on
//! the layout, bold frozen headers with each column's meaning and unit in a note, lists to
//! pick kinds, modes and ids from, and the scenario's README, SOURCES and ASSUMPTIONS.
//!
//! Layout (also in `docs/scenario-format.md`, "Workbooks (XLSX)"):
//! - a sheet per table, named as its file without `.csv` (`lanes`), the header in its first
//!   row and one record per row; empty rows are skipped;
//! - `settings`: columns `section`, `key`, `value`, `note`. `section` is the TOML table
//!   (empty for top-level keys, `calendar`, `objective`, ...; the n-th `[[variant]]` is
//!   `variant[n]`); a number, `TRUE`/`FALSE` or text cell is that TOML value; a text that
//!   starts with `[`, `{` or a quote is written in TOML (`[[0.5, 0.7], [1.0, 1.0]]`,
//!   `["scale-fund:un_food=0.5"]`); `note` becomes a comment;
//! - `README.md`, `SOURCES.md`, `ASSUMPTIONS.md`: one line of Markdown per row, column A;
//! - `README`: what the workbook is; not read.
//!
//! Cells are read by the value they show: a number as the shortest text that gives the same
//! `f64` (`0.1`, whole numbers without `.0`), a date as ISO text, a formula by its result.

mod cells;
mod locate;
mod read;
mod settings;
mod write;

use std::path::{Path, PathBuf};

pub(crate) use locate::CellMap;
pub use read::read_workbook;
pub use write::write_workbook;

use crate::schema::{self, SETTINGS_FILE};
use crate::source::ScenarioSource;

/// The sheet that holds `scenario.toml`'s settings.
pub const SETTINGS_SHEET: &str = "settings";

/// The sheet that explains the workbook; the reader skips it.
pub const README_SHEET: &str = "README";

/// The columns of the settings sheet, in order.
pub const SETTINGS_COLUMNS: [&str; 4] = ["section", "key", "value", "note"];

/// Why a workbook could not be read or written at all. Problems with its contents are
/// [`crate::Diagnostic`]s instead.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("`{origin}` is not an XLSX workbook that can be read")]
    Open {
        origin: String,
        #[source]
        source: calamine::XlsxError,
    },
    #[error("sheet `{sheet}` of `{origin}` cannot be read")]
    Sheet {
        origin: String,
        sheet: String,
        #[source]
        source: calamine::XlsxError,
    },
    #[error("workbook `{}` cannot be read", path.display())]
    ReadFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{file}` cannot be written as a sheet: line {line} is not valid CSV")]
    Csv {
        file: String,
        line: u64,
        #[source]
        source: csv::Error,
    },
    #[error("`scenario.toml` cannot be written as a sheet: it is not valid TOML")]
    Settings {
        #[source]
        source: toml_edit::TomlError,
    },
    #[error("the workbook cannot be built")]
    Xlsx {
        #[from]
        source: rust_xlsxwriter::XlsxError,
    },
}

/// [`read_workbook`] on a file; the path is the scenario's origin.
pub fn read_workbook_path(path: impl AsRef<Path>) -> Result<ScenarioSource, WorkbookError> {
    let path = path.as_ref();
    let bytes =
        std::fs::read(path).map_err(|source| WorkbookError::ReadFile { path: path.into(), source })?;
    read_workbook(&bytes, &path.display().to_string())
}

/// The sheet of a scenario file: `lanes.csv` → `lanes`, `scenario.toml` → `settings`.
pub fn sheet_of_file(file: &str) -> Option<&str> {
    if file == SETTINGS_FILE {
        return Some(SETTINGS_SHEET);
    }
    schema::table(file).map(|t| t.name.trim_end_matches(".csv"))
}

/// The table a sheet holds: `lanes` → the `lanes.csv` schema.
fn table_of_sheet(sheet: &str) -> Option<&'static schema::FileSchema> {
    schema::schema().iter().find(|t| t.name.strip_suffix(".csv") == Some(sheet))
}

/// Every sheet name the reader knows, for suggestions.
fn known_sheets() -> impl Iterator<Item = &'static str> {
    [SETTINGS_SHEET, README_SHEET]
        .into_iter()
        .chain(crate::source::DOCUMENTS)
        .chain(schema::schema().iter().map(|t| t.name.trim_end_matches(".csv")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_and_files_correspond() {
        assert_eq!(sheet_of_file("lanes.csv"), Some("lanes"));
        assert_eq!(sheet_of_file("lane_availability.csv"), Some("lane_availability"));
        assert_eq!(sheet_of_file("scenario.toml"), Some("settings"));
        assert_eq!(sheet_of_file("README.md"), None);
        assert_eq!(table_of_sheet("nodes").map(|t| t.name), Some("nodes.csv"));
        assert_eq!(table_of_sheet("nodes.csv"), None);
        // Excel limits sheet names to 31 characters.
        assert!(known_sheets().all(|s| s.len() <= 31), "a sheet name is too long");
    }
}
