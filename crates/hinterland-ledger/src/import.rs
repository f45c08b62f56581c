//! Reading entries from a CSV file (docs/ledger.md, "CSV import"): one row per entry, the
//! columns named as the fields. Every problem is located by file, line, CSV record and column.

use std::fmt;

use thiserror::Error;

use crate::entry::{Entry, parse};
use crate::field::Field;
use crate::problem::Problem;

/// Where a row is: the line it starts on (1-based, the header is line 1) and its record
/// number (1 = the first row under the header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowPos {
    pub line: u64,
    pub record: u64,
}

/// What is wrong with a file, beyond one entry's fields.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Issue {
    #[error("{0}")]
    Entry(Problem),
    #[error("`{0}` is not a column of a ledger file")]
    UnknownColumn(String),
    #[error("column `{0}` appears twice")]
    DuplicateColumn(String),
    #[error("the header has no `{0}` column")]
    MissingColumn(Field),
    #[error("the file is not valid CSV: {0}")]
    Syntax(String),
    #[error("the file has no header line")]
    Empty,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.what)
    }
}

/// One problem with its place in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub file: String,
    pub pos: Option<RowPos>,
    /// The CSV column (for the whole row or file: none).
    pub column: Option<String>,
    pub issue: Issue,
}

impl Located {
    pub fn help(&self) -> Option<String> {
        match &self.issue {
            Issue::Entry(p) => p.what.help(),
            Issue::UnknownColumn(_) => {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.column()).collect();
                Some(format!("the columns are {}", names.join(", ")))
            }
            Issue::DuplicateColumn(_) => Some("keep one of them".to_owned()),
            Issue::MissingColumn(_) => Some("every ledger file has `kind` and `date` columns".to_owned()),
            Issue::Syntax(_) => Some("check quotes: a quoted cell must close on the same row".to_owned()),
            Issue::Empty => None,
        }
    }
}

impl fmt::Display for Located {
    /// `entries.csv:4 (record 3) `quantity_t`: `abc` is not a number`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(p) = self.pos {
            write!(f, ":{} (record {})", p.line, p.record)?;
        }
        if let Some(c) = &self.column {
            write!(f, " `{c}`")?;
        }
        write!(f, ": {}", self.issue)
    }
}

/// The entries of a file, with the position of each.
#[derive(Debug, Default)]
pub struct Rows {
    pub entries: Vec<Entry>,
    pub positions: Vec<RowPos>,
}

impl Rows {
    /// Places the problems an append reported (by entry index) in the file.
    pub fn locate(&self, file: &str, problems: Vec<(usize, Problem)>) -> Vec<Located> {
        problems
            .into_iter()
            .map(|(i, p)| Located {
                file: file.to_owned(),
                pos: self.positions.get(i).copied(),
                column: p.field.map(|f| f.column().to_owned()),
                issue: Issue::Entry(p),
            })
            .collect()
    }
}

/// Parses a ledger CSV file. `file` names it in messages and is the default `source` of rows
/// that give none.
pub fn read_csv(file: &str, text: &str) -> Result<Rows, Vec<Located>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(text.as_bytes());
    let rows = reader.records().map(|record| match record {
        Ok(r) => {
            let pos = r
                .position()
                .map_or(RowPos { line: 0, record: 0 }, |p| RowPos { line: p.line(), record: p.record() });
            Ok((pos, r.iter().map(str::to_owned).collect()))
        }
        Err(e) => {
            let pos = e.position().map(|p| RowPos { line: p.line(), record: p.record() });
            Err((pos, e.to_string()))
        }
    });
    read_table(file, rows)
}

/// Parses the first sheet of a ledger XLSX (or XLS, ODS) workbook: the same columns as the CSV
/// format, the header in the first row. Positions name the sheet's row numbers. Date cells
/// become `YYYY-MM-DD`, numbers their shortest exact decimal text.
pub fn read_workbook(file: &str, bytes: &[u8]) -> Result<Rows, Vec<Located>> {
    use calamine::{Data, Reader as _};
    let fail = |message: String| {
        vec![Located { file: file.to_owned(), pos: None, column: None, issue: Issue::Syntax(message) }]
    };
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| fail(e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        None => {
            return Err(vec![Located {
                file: file.to_owned(),
                pos: None,
                column: None,
                issue: Issue::Empty,
            }]);
        }
        Some(r) => r.map_err(|e| fail(e.to_string()))?,
    };
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
    let first_col = range.start().map_or(0, |(_, c)| c) as usize;
    let cell = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(n) => n.to_string(),
            Data::Float(x) => x.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(dt) => {
                let (y, m, day, ..) = dt.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{day:02}")
            }
            Data::DateTimeIso(s) => s.chars().take(10).collect(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let rows = range.rows().enumerate().map(move |(i, row)| {
        // Cells left of the used range are empty: keep the columns where the sheet has them.
        let mut cells = vec![String::new(); first_col];
        cells.extend(row.iter().map(cell));
        Ok((RowPos { line: first_row + i as u64 + 1, record: i as u64 }, cells))
    });
    read_table(file, rows)
}

type RawRow = Result<(RowPos, Vec<String>), (Option<RowPos>, String)>;

/// The rows of a table (the first is the header) as entries, or every problem found.
fn read_table(file: &str, mut rows: impl Iterator<Item = RawRow>) -> Result<Rows, Vec<Located>> {
    let at = |pos: Option<RowPos>, column: Option<String>, issue: Issue| Located {
        file: file.to_owned(),
        pos,
        column,
        issue,
    };
    let (header_pos, header) = match rows.next() {
        None => return Err(vec![at(None, None, Issue::Empty)]),
        Some(Err((pos, e))) => return Err(vec![at(pos, None, Issue::Syntax(e))]),
        Some(Ok(h)) => h,
    };
    let header_pos = Some(header_pos);
    let mut problems = Vec::new();
    let mut columns: Vec<Option<Field>> = Vec::new();
    for name in &header {
        let name = name.trim().trim_start_matches('\u{feff}');
        match Field::from_column(name) {
            Some(f) if columns.contains(&Some(f)) => {
                problems.push(at(header_pos, Some(name.to_owned()), Issue::DuplicateColumn(name.to_owned())));
                columns.push(None);
            }
            Some(f) => columns.push(Some(f)),
            None if name.is_empty() => columns.push(None),
            None => {
                problems.push(at(header_pos, Some(name.to_owned()), Issue::UnknownColumn(name.to_owned())));
                columns.push(None);
            }
        }
    }
    for needed in [Field::Kind, Field::Date] {
        if !columns.contains(&Some(needed)) {
            problems.push(at(header_pos, None, Issue::MissingColumn(needed)));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Rows::default();
    let default_source = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    for row in rows {
        let (pos, cells) = match row {
            Ok(r) => r,
            Err((pos, e)) => {
                problems.push(at(pos, None, Issue::Syntax(e)));
                break;
            }
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |f: Field| -> Option<String> {
            let value = columns
                .iter()
                .position(|c| *c == Some(f))
                .and_then(|i| cells.get(i))
                .filter(|v| !v.trim().is_empty());
            match (value, f) {
                (None, Field::Source) => Some(default_source.clone()),
                (v, _) => v.cloned(),
            }
        };
        match parse(&get) {
            Ok(e) => {
                out.entries.push(e);
                out.positions.push(pos);
            }
            Err(ps) => problems.extend(
                ps.into_iter()
                    .map(|p| at(Some(pos), p.field.map(|f| f.column().to_owned()), Issue::Entry(p))),
            ),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}
