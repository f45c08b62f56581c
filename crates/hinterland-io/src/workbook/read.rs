//! Reading a workbook into a [`ScenarioSource`]: tables as CSV text, settings as TOML, with
//! a [`CellMap`] back to the cells.

use std::io::Cursor;

use calamine::{Data, Range, Reader as _, Xlsx};

use crate::codes;
use crate::diagnostic::{Diagnostic, SheetCell};
use crate::schema::{FileSchema, SETTINGS_FILE};
use crate::source::{DOCUMENTS, ScenarioSource};
use crate::suggest::closest;

use super::cells::{CellText, cell_text};
use super::locate::{CellMap, SheetMap};
use super::{README_SHEET, SETTINGS_SHEET, WorkbookError, known_sheets, settings, table_of_sheet};

/// Reads a scenario workbook (XLSX bytes, e.g. an upload). `origin` is shown to people, e.g.
/// the file's path.
///
/// The result is validated like a folder ([`crate::validate`]), and its diagnostics name
/// sheets and cells (`lanes!F12`). Sheets the format does not define get a warning. An
/// error is returned only when the bytes are not a workbook that can be opened.
pub fn read_workbook(bytes: &[u8], origin: &str) -> Result<ScenarioSource, WorkbookError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|source| WorkbookError::Open { origin: origin.to_owned(), source })?;
    let mut source = ScenarioSource::from_files(origin, std::iter::empty::<(String, String)>());
    let mut cells = CellMap::default();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).map_err(|source| WorkbookError::Sheet {
            origin: origin.to_owned(),
            sheet: sheet.clone(),
            source,
        })?;
        if sheet == SETTINGS_SHEET {
            let made = settings::to_toml(&range);
            source.set_file(SETTINGS_FILE, made.text);
            push_all(&mut source, made.diagnostics);
            cells.push(SheetMap {
                file: SETTINGS_FILE.to_owned(),
                sheet,
                columns: made.columns,
                lines: made.lines,
            });
        } else if let Some(table) = table_of_sheet(&sheet) {
            let made = to_csv(table, &sheet, &range);
            source.set_file(table.name, made.text);
            push_all(&mut source, made.diagnostics);
            cells.push(SheetMap {
                file: table.name.to_owned(),
                sheet,
                columns: made.columns,
                lines: made.lines,
            });
        } else if DOCUMENTS.contains(&sheet.as_str()) {
            source.set_document(&sheet, document(&range));
        } else if sheet != README_SHEET {
            source.push_load_diagnostic(unknown_sheet(&sheet));
        }
    }
    source.set_cells(cells);
    Ok(source)
}

fn push_all(source: &mut ScenarioSource, diagnostics: Vec<Diagnostic>) {
    for d in diagnostics {
        source.push_load_diagnostic(d);
    }
}

fn unknown_sheet(sheet: &str) -> Diagnostic {
    let help = match closest(sheet, known_sheets()) {
        Some(guess) => format!("did you mean `{guess}`? the sheet is ignored"),
        None => "the sheet is ignored; the format's sheets are listed in docs/scenario-format.md".to_owned(),
    };
    let mut d =
        Diagnostic::new(codes::UNKNOWN_FILE, sheet, format!("unknown sheet `{sheet}`")).with_help(help);
    d.cell = Some(SheetCell { sheet: sheet.to_owned(), row: None, col: None });
    d
}

/// A sheet made into a file.
pub(crate) struct Made {
    pub(crate) text: String,
    pub(crate) columns: Vec<(String, u32)>,
    pub(crate) lines: Vec<(usize, u32)>,
    /// Cells that hold spreadsheet errors.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The cells of a sheet by absolute position: `(row, column, cell)` of the rows that have a
/// value, each cut after its last value.
pub(crate) fn rows(range: &Range<Data>) -> Vec<(u32, u32, &[Data])> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    range
        .rows()
        .enumerate()
        .filter_map(|(i, row)| {
            let end = row.iter().rposition(|c| match c {
                Data::Empty => false,
                Data::String(s) => !s.is_empty(),
                _ => true,
            })?;
            Some((r0 + i as u32, c0, &row[..=end]))
        })
        .collect()
}

/// A table's sheet as CSV: its first row with a value is the header, then a record per row
/// with a value. A row whose only value is a text in the first column that starts with `#`
/// is a comment, as in CSV. Error cells are written as Excel shows them and reported.
fn to_csv(table: &FileSchema, sheet: &str, range: &Range<Data>) -> Made {
    let mut made =
        Made { text: String::new(), columns: Vec::new(), lines: Vec::new(), diagnostics: Vec::new() };
    let mut line = 1;
    let mut header: Option<Vec<String>> = None;
    for (row, c0, cells) in rows(range) {
        if let Some(comment) = comment(cells) {
            line += push_comment(&mut made.text, comment);
            continue;
        }
        let Some(names) = &header else {
            let mut names = Vec::with_capacity(cells.len());
            for (i, cell) in cells.iter().enumerate() {
                let col = c0 + i as u32;
                let name = text_of(cell, table, sheet, row, col, None, &mut made.diagnostics);
                made.columns.push((name.trim().to_owned(), col));
                names.push(name);
            }
            made.lines.push((line, row));
            line += push_record(&mut made.text, &names);
            header = Some(names);
            continue;
        };
        let width = cells.len().max(names.len());
        let mut fields = Vec::with_capacity(width);
        for i in 0..width {
            let col = c0 + i as u32;
            let column = names.get(i).map(String::as_str);
            fields.push(cells.get(i).map_or_else(String::new, |cell| {
                text_of(cell, table, sheet, row, col, column, &mut made.diagnostics)
            }));
        }
        made.lines.push((line, row));
        line += push_record(&mut made.text, &fields);
    }
    made
}

/// The text of a comment row: one text cell, in the first column, that starts with `#`.
pub(crate) fn comment(cells: &[Data]) -> Option<&str> {
    match cells {
        [Data::String(s)] if s.starts_with('#') => Some(s),
        _ => None,
    }
}

/// Appends a comment, each of its lines starting with `#`; returns the lines it takes.
fn push_comment(out: &mut String, comment: &str) -> usize {
    let mut lines = 0;
    for line in comment.lines() {
        if !line.starts_with('#') {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
        lines += 1;
    }
    lines
}

/// The text of one cell; a spreadsheet error is reported at the cell and kept as its text.
fn text_of(
    cell: &Data,
    table: &FileSchema,
    sheet: &str,
    row: u32,
    col: u32,
    column: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    match cell_text(cell) {
        CellText::Value(v) => v,
        CellText::Error(e) => {
            diagnostics.push(cell_error(table.name, sheet, row, col, column, &e));
            e
        }
    }
}

/// A cell that holds `#DIV/0!`, `#REF!`, ...
pub(crate) fn cell_error(
    file: &str,
    sheet: &str,
    row: u32,
    col: u32,
    column: Option<&str>,
    error: &str,
) -> Diagnostic {
    let what = column.map_or_else(|| "the cell".to_owned(), |c| format!("`{c}`"));
    let mut d =
        Diagnostic::new(codes::CELL_ERROR, file, format!("{what} holds the spreadsheet error `{error}`"))
            .with_help("fix the formula, or type the value: a workbook is read by the values its cells show");
    if let Some(c) = column {
        d = d.with_field(c);
    }
    d.cell = Some(SheetCell { sheet: sheet.to_owned(), row: Some(row), col: Some(col) });
    d
}

/// Appends one CSV record and its line end; returns the lines it takes.
fn push_record(out: &mut String, fields: &[String]) -> usize {
    let mut lines = 1;
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A first field that starts with `#` would make the line a comment.
        let quote = field.contains([',', '"', '\n', '\r']) || (i == 0 && field.starts_with('#'));
        if quote {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
            lines += field.matches('\n').count();
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
    lines
}

/// A document's sheet: column A's text, one line per row (empty rows are blank lines).
fn document(range: &Range<Data>) -> String {
    let Some((last, _)) = range.end() else {
        return String::new();
    };
    let mut lines: Vec<String> = (0..=last)
        .map(|row| match range.get_value((row, 0)).map(cell_text) {
            Some(CellText::Value(v) | CellText::Error(v)) => v,
            None => String::new(),
        })
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_quoted_only_when_csv_needs_it() {
        let mut out = String::new();
        let fields = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(push_record(&mut out, &fields(&["a", "b c", ""])), 1);
        assert_eq!(push_record(&mut out, &fields(&["#x", "1,5", "say \"hi\""])), 1);
        assert_eq!(push_record(&mut out, &fields(&["x", "two\nlines"])), 2);
        assert_eq!(out, "a,b c,\n\"#x\",\"1,5\",\"say \"\"hi\"\"\"\nx,\"two\nlines\"\n");
    }

    #[test]
    fn comment_rows_stay_comments() {
        let text = |s: &str| Data::String(s.to_owned());
        assert_eq!(comment(&[text("# why")]), Some("# why"));
        // A `#` value beside others is a value; a number is never a comment.
        assert_eq!(comment(&[text("#1"), text("x")]), None);
        assert_eq!(comment(&[Data::Float(1.0)]), None);
        let mut out = String::new();
        assert_eq!(push_comment(&mut out, "# a\nb"), 2);
        assert_eq!(out, "# a\n# b\n");
    }
}
