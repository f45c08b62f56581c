//! Where the text made from a workbook came from, so that diagnostics found in that text
//! name the sheet and cell the user edits (`lanes!F12`).

use crate::codes;
use crate::diagnostic::{Diagnostic, SheetCell};
use crate::schema::{self, SETTINGS_FILE};

use super::{SETTINGS_COLUMNS, SETTINGS_SHEET, sheet_of_file};

/// Every sheet read, with the map from its text back to its cells.
#[derive(Clone, Debug, Default)]
pub(crate) struct CellMap {
    sheets: Vec<SheetMap>,
}

/// One sheet made into one file (`lanes` → `lanes.csv`, `settings` → `scenario.toml`).
#[derive(Clone, Debug)]
pub(crate) struct SheetMap {
    /// The file made from the sheet.
    pub(crate) file: String,
    pub(crate) sheet: String,
    /// Column name → 0-based sheet column: a table's header, or the settings' columns.
    pub(crate) columns: Vec<(String, u32)>,
    /// (first line in the text, 0-based sheet row) of each line that starts a record or a
    /// setting, in line order.
    pub(crate) lines: Vec<(usize, u32)>,
}

impl SheetMap {
    /// The sheet row a line of the text came from: that of the record the line is in.
    fn row_of_line(&self, line: usize) -> Option<u32> {
        let at = self.lines.partition_point(|(l, _)| *l <= line);
        at.checked_sub(1).map(|i| self.lines[i].1)
    }

    fn column(&self, name: &str) -> Option<u32> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| *c)
    }
}

impl CellMap {
    pub(crate) fn push(&mut self, sheet: SheetMap) {
        self.sheets.push(sheet);
    }

    /// Moves each diagnostic of a file made from a sheet to that sheet's cell, row or
    /// column. Other problems found in a cell that holds a spreadsheet error are dropped:
    /// they follow from the error, which is reported.
    pub(crate) fn relocate(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = diagnostics.into_iter().map(|d| self.locate(d)).collect();
        let errors: Vec<SheetCell> = out
            .iter()
            .filter(|d| d.code == codes::CELL_ERROR.code)
            .filter_map(|d| d.cell.clone())
            .filter(|c| c.row.is_some() && c.col.is_some())
            .collect();
        out.retain(|d| {
            d.code == codes::CELL_ERROR.code || d.cell.as_ref().is_none_or(|c| !errors.contains(c))
        });
        out
    }

    fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        if d.cell.is_some() {
            return d;
        }
        let Some(sheet) = sheet_of_file(&d.file).map(str::to_owned) else {
            return d;
        };
        let Some(map) = self.sheets.iter().find(|m| m.file == d.file) else {
            return missing_sheet(d, &sheet);
        };
        let row = d.line.and_then(|l| map.row_of_line(l));
        let col = if d.file == SETTINGS_FILE {
            // A key the format does not define is in the key column; every other problem of
            // a setting is in its value.
            let column = if d.code == codes::TOML_UNKNOWN_KEY.code { "key" } else { "value" };
            row.and_then(|_| map.column(column))
        } else {
            d.field.as_deref().and_then(|f| map.column(f))
        };
        d.cell = Some(SheetCell { sheet: map.sheet.clone(), row, col });
        d
    }
}

/// A required file that is missing is a sheet that is missing.
fn missing_sheet(mut d: Diagnostic, sheet: &str) -> Diagnostic {
    if d.code == codes::MISSING_FILE.code {
        d.message = format!("required sheet `{sheet}` is missing");
        let columns: Vec<String> = if sheet == SETTINGS_SHEET {
            SETTINGS_COLUMNS[..3].iter().map(|c| format!("`{c}`")).collect()
        } else {
            schema::table(&d.file)
                .map(|t| t.columns.iter().filter(|c| c.required).map(|c| format!("`{}`", c.name)).collect())
                .unwrap_or_default()
        };
        d.help = Some(format!(
            "add a sheet `{sheet}` to the workbook, with a header row naming at least {}",
            columns.join(", ")
        ));
    }
    d.cell = Some(SheetCell { sheet: sheet.to_owned(), row: None, col: None });
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_inside_a_record_belongs_to_its_row() {
        // Header on row 3 (0-based 2); records on rows 4 and 7, the first spanning two lines.
        let map = SheetMap {
            file: "lanes.csv".to_owned(),
            sheet: "lanes".to_owned(),
            columns: vec![("id".to_owned(), 1)],
            lines: vec![(1, 2), (2, 3), (4, 6)],
        };
        assert_eq!(map.row_of_line(1), Some(2));
        assert_eq!(map.row_of_line(2), Some(3));
        assert_eq!(map.row_of_line(3), Some(3));
        assert_eq!(map.row_of_line(4), Some(6));
        assert_eq!(map.row_of_line(0), None);
        assert_eq!(map.column("id"), Some(1));
        assert_eq!(map.column("to"), None);
    }
}
