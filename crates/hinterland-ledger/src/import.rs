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
    let at = |pos: Option<RowPos>, column: Option<String>, issue: Issue| Located {
        file: file.to_owned(),
        pos,
        column,
        issue,
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(vec![at(None, None, Issue::Empty)]),
        Some(Err(e)) => return Err(vec![at(None, None, Issue::Syntax(e.to_string()))]),
        Some(Ok(h)) => h,
    };
    let mut problems = Vec::new();
    let mut columns: Vec<Option<Field>> = Vec::new();
    let header_pos = Some(RowPos { line: 1, record: 0 });
    for name in &header {
        let name = name.trim().trim_start_matches('\u{feff}');
        match Field::from_column(name) {
            Some(f) if columns.contains(&Some(f)) => {
                problems.push(at(header_pos, Some(name.to_owned()), Issue::DuplicateColumn(name.to_owned())));
                columns.push(None);
            }
            Some(f) => columns.push(Some(f)),
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
    let mut rows = Rows::default();
    let default_source = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let pos = e.position().map(|p| RowPos { line: p.line(), record: p.record() });
                problems.push(at(pos, None, Issue::Syntax(e.to_string())));
                break;
            }
        };
        let pos = record
            .position()
            .map_or(RowPos { line: 0, record: 0 }, |p| RowPos { line: p.line(), record: p.record() });
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |f: Field| -> Option<String> {
            let i = columns.iter().position(|c| *c == Some(f))?;
            let v = record.get(i).unwrap_or("");
            if f == Field::Source && v.trim().is_empty() {
                Some(default_source.clone())
            } else {
                Some(v.to_owned())
            }
        };
        let get = |f: Field| get(f).or_else(|| (f == Field::Source).then(|| default_source.clone()));
        match parse(&get) {
            Ok(e) => {
                rows.entries.push(e);
                rows.positions.push(pos);
            }
            Err(ps) => problems.extend(
                ps.into_iter()
                    .map(|p| at(Some(pos), p.field.map(|f| f.column().to_owned()), Issue::Entry(p))),
            ),
        }
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}
