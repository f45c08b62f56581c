//! Diagnostics as the API sends them: `check`'s (file, line, field) plus where the page
//! shows them (table, row, column).

use hinterland_io::{Diagnostic, ScenarioSource};
use serde::Serialize;

use crate::table;

/// A diagnostic located in a table: `table` is the CSV file's name without `.csv`
/// (`lanes`), `row` the 0-based data row (none for the header or the whole file), `column`
/// the CSV column (or the TOML key of `scenario.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located {
    pub code: &'static str,
    pub severity: &'static str,
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub table: Option<String>,
    pub row: Option<usize>,
    pub column: Option<String>,
    /// The workbook cell (`lanes!F12`), for a scenario uploaded as a workbook and not edited
    /// since.
    pub cell: Option<String>,
}

/// Locates each diagnostic in `source`'s tables.
pub fn locate(diagnostics: &[Diagnostic], source: &ScenarioSource) -> Vec<Located> {
    let mut lines: Vec<(&str, Vec<usize>)> = Vec::new();
    diagnostics
        .iter()
        .map(|d| {
            let table = d.file.strip_suffix(".csv").map(str::to_owned);
            let row = match (&table, d.line) {
                (Some(_), Some(line)) => {
                    let at = if let Some(i) = lines.iter().position(|(f, _)| *f == d.file) {
                        i
                    } else {
                        let starts = source
                            .file(&d.file)
                            .and_then(|t| table::parse(t).ok())
                            .map(|t| t.record_lines())
                            .unwrap_or_default();
                        lines.push((d.file.as_str(), starts));
                        lines.len() - 1
                    };
                    let starts = &lines[at].1;
                    starts.iter().position(|l| *l == line)
                }
                _ => None,
            };
            Located {
                code: d.code,
                severity: d.severity.as_str(),
                file: d.file.clone(),
                line: d.line,
                field: d.field.clone(),
                message: d.message.clone(),
                help: d.help.clone(),
                table: table.or_else(|| Some(d.file.clone())),
                row,
                column: d.field.clone(),
                cell: d.cell.as_ref().map(ToString::to_string),
            }
        })
        .collect()
}
