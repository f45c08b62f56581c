//! A scenario's CSV table as the page edits it: the header and the records, each with the
//! byte range and line it has in the file. An edit rewrites one record in place, so comment
//! lines, the other records and their formatting stay as they were.

use std::ops::Range;

/// Why a table cannot be read or edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the CSV cannot be read at line {line}: {message}")]
    Parse { line: u64, message: String },
    #[error("the table has no header line")]
    NoHeader,
    #[error("row `{row}` is not in the table, which has {rows} row(s)")]
    NoRow { row: usize, rows: usize },
    #[error("column `{column}` is not in the table")]
    NoColumn { column: String },
    #[error("a row has {given} value(s) but the table has {columns} column(s)")]
    Width { given: usize, columns: usize },
}

/// One data record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Its bytes in the file, line end included.
    pub span: Range<usize>,
    /// The 1-based line it starts on.
    pub line: usize,
    pub cells: Vec<String>,
}

/// A parsed CSV table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub records: Vec<Record>,
}

impl Table {
    /// The line each record starts on, in order (diagnostics name lines).
    pub fn record_lines(&self) -> Vec<usize> {
        self.records.iter().map(|r| r.line).collect()
    }

    fn column(&self, name: &str) -> Result<usize, TableError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| TableError::NoColumn { column: name.to_owned() })
    }

    fn record(&self, row: usize) -> Result<&Record, TableError> {
        self.records.get(row).ok_or(TableError::NoRow { row, rows: self.records.len() })
    }
}

/// Reads a table the way the scenario reader does: `#` comment lines, rows of any width.
pub fn parse(text: &str) -> Result<Table, TableError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().clone();
        let more = reader.read_record(&mut record).map_err(|e| TableError::Parse {
            line: e.position().map_or(start.line(), csv::Position::line),
            message: e.to_string(),
        })?;
        if !more {
            break;
        }
        // The record's own start: the reader skipped blank and comment lines before it.
        let (begin, line) = skip_comments(
            text,
            record.position().map_or(start.byte(), csv::Position::byte) as usize,
            record.position().map_or(start.line(), csv::Position::line) as usize,
        );
        let end = reader.position().byte() as usize;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if header.is_none() {
            header = Some(cells);
        } else {
            records.push(Record { span: begin..end, line, cells });
        }
    }
    Ok(Table { header: header.ok_or(TableError::NoHeader)?, records })
}

/// The start and line of the record the reader read from `begin` on: past the blank and
/// `#` comment lines it skipped.
fn skip_comments(text: &str, mut begin: usize, mut line: usize) -> (usize, usize) {
    loop {
        let rest = &text[begin..];
        let skip = rest.starts_with('#') || rest.starts_with('\n') || rest.starts_with("\r\n");
        match rest.find('\n') {
            Some(end) if skip => {
                begin += end + 1;
                line += 1;
            }
            _ => return (begin, line),
        }
    }
}

/// One record as a CSV line, quoted where needed, with `\n`. A record whose first cell starts
/// with `#` (it would read as a comment) or that is one empty cell (a blank line, skipped) is
/// quoted whole.
fn line(cells: &[String]) -> String {
    let first = cells.first().map(String::as_str);
    let whole = first.is_some_and(|c| c.starts_with('#')) || (cells.len() == 1 && first == Some(""));
    let style = if whole { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
    let mut writer = csv::WriterBuilder::new().has_headers(false).quote_style(style).from_writer(Vec::new());
    // Writing to a Vec cannot fail, and a record of strings is always writable.
    let written = writer.write_record(cells).and_then(|()| writer.flush().map_err(csv::Error::from));
    let (Ok(()), Ok(bytes)) = (written, writer.into_inner()) else {
        unreachable!("writing CSV into memory cannot fail")
    };
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// The record's text replaced by `cells`, keeping its line end (a last line without one
/// stays without).
fn replace(text: &str, r: &Record, cells: &[String]) -> String {
    let old = &text[r.span.clone()];
    let mut new = line(cells);
    if !old.ends_with('\n') {
        new.pop();
    }
    format!("{}{new}{}", &text[..r.span.start], &text[r.span.end..])
}

/// `text` with the cell at (`row`, `column`) set to `value`.
pub fn set_cell(text: &str, row: usize, column: &str, value: &str) -> Result<String, TableError> {
    let t = parse(text)?;
    let c = t.column(column)?;
    let r = t.record(row)?;
    let mut cells = r.cells.clone();
    if cells.len() <= c {
        cells.resize(c + 1, String::new());
    }
    value.clone_into(&mut cells[c]);
    Ok(replace(text, r, &cells))
}

/// `text` with a row of `values` (empty cells when none) inserted before row `at` (at the
/// end when `None` or past the end).
pub fn insert_row(text: &str, at: Option<usize>, values: Option<&[String]>) -> Result<String, TableError> {
    let t = parse(text)?;
    let cells = match values {
        Some(v) if v.len() != t.header.len() => {
            return Err(TableError::Width { given: v.len(), columns: t.header.len() });
        }
        Some(v) => v.to_vec(),
        None => vec![String::new(); t.header.len()],
    };
    let new = line(&cells);
    if let Some(r) = at.and_then(|i| t.records.get(i)) {
        return Ok(format!("{}{new}{}", &text[..r.span.start], &text[r.span.start..]));
    }
    let sep = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
    Ok(format!("{text}{sep}{new}"))
}

/// `text` without row `row`.
pub fn remove_row(text: &str, row: usize) -> Result<String, TableError> {
    let t = parse(text)?;
    let r = t.record(row)?;
    Ok(format!("{}{}", &text[..r.span.start], &text[r.span.end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# lanes\nid,cap,note\na,1,x\n# between\nb,2,\"q,uoted\"\nc,3,last";

    #[test]
    fn records_keep_their_lines_and_spans() {
        let t = parse(TEXT).expect("valid CSV");
        assert_eq!(t.header, ["id", "cap", "note"]);
        assert_eq!(t.record_lines(), [3, 5, 6]);
        assert_eq!(&TEXT[t.records[1].span.clone()], "b,2,\"q,uoted\"\n");
        assert_eq!(t.records[1].cells[2], "q,uoted");
    }

    #[test]
    fn a_cell_edit_rewrites_only_its_record() {
        let edited = set_cell(TEXT, 1, "cap", "20").expect("in range");
        assert_eq!(edited, "# lanes\nid,cap,note\na,1,x\n# between\nb,20,\"q,uoted\"\nc,3,last");
        let last = set_cell(TEXT, 2, "note", "a \"quote\"").expect("in range");
        assert!(last.ends_with("c,3,\"a \"\"quote\"\"\""), "{last}");
        assert_eq!(set_cell(TEXT, 3, "cap", "1"), Err(TableError::NoRow { row: 3, rows: 3 }));
        assert_eq!(
            set_cell(TEXT, 0, "capacity", "1"),
            Err(TableError::NoColumn { column: "capacity".into() })
        );
    }

    /// A value that would make its record a comment or a blank line is quoted.
    #[test]
    fn records_never_become_comments() {
        let edited = set_cell(TEXT, 0, "id", "#x").expect("in range");
        assert_eq!(parse(&edited).expect("valid").records[0].cells, ["#x", "1", "x"]);
        let one = "id\na\n";
        let empty = set_cell(one, 0, "id", "").expect("in range");
        assert_eq!(parse(&empty).expect("valid").records.len(), 1, "{empty:?}");
        let added = insert_row(one, None, None).expect("fits");
        assert_eq!(parse(&added).expect("valid").records.len(), 2, "{added:?}");
    }

    #[test]
    fn rows_are_inserted_and_removed() {
        let added = insert_row(TEXT, None, None).expect("fits");
        assert!(added.ends_with("c,3,last\n,,\n"), "{added}");
        let before = insert_row(TEXT, Some(0), Some(&["z".into(), "9".into(), String::new()])).expect("fits");
        assert_eq!(parse(&before).expect("valid").records[0].cells, ["z", "9", ""]);
        assert!(matches!(insert_row(TEXT, None, Some(&["z".into()])), Err(TableError::Width { .. })));
        let removed = remove_row(TEXT, 0).expect("in range");
        assert_eq!(removed, "# lanes\nid,cap,note\n# between\nb,2,\"q,uoted\"\nc,3,last");
    }

    #[test]
    fn a_table_without_header_or_with_bad_quotes_is_an_error() {
        assert_eq!(parse("# only a comment\n"), Err(TableError::NoHeader));
    }

    proptest::proptest! {
        /// Any text set in any cell reads back as set (quotes, commas, line breaks, `#`), and
        /// every other cell and the comment lines stay as they were.
        #[test]
        fn any_value_round_trips(row in 0usize..3, col in 0usize..3, value in "#?[ -~\n\"#,é]{0,12}") {
            let column = ["id", "cap", "note"][col];
            let before = parse(TEXT).expect("valid CSV");
            let edited = set_cell(TEXT, row, column, &value).expect("in range");
            let after = parse(&edited).expect("still valid CSV");
            proptest::prop_assert_eq!(&after.records[row].cells[col], &value);
            for (r, (a, b)) in after.records.iter().zip(&before.records).enumerate() {
                for (c, (x, y)) in a.cells.iter().zip(&b.cells).enumerate() {
                    if (r, c) != (row, col) {
                        proptest::prop_assert_eq!(x, y);
                    }
                }
            }
            proptest::prop_assert!(edited.starts_with("# lanes\n"));
            proptest::prop_assert!(edited.contains("\n# between\n"));
        }
    }
}
