//! What is wrong with a scenario, and where.

use std::fmt;
use std::ops::Range;

use crate::codes::Code;

/// How bad a problem is. Errors stop the scenario from being planned; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a scenario: a stable code, a severity, a position and a message.
///
/// Positions refer to the file as it was read: `line` is 1-based, `span` is a byte range
/// into that file's text (see [`crate::ScenarioSource::file`]). `field` names the CSV
/// column or the TOML key (`calendar.step`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `H0402`, listed in `docs/diagnostics.md` and [`crate::codes`].
    pub code: &'static str,
    pub severity: Severity,
    /// File name inside the scenario, e.g. `lanes.csv`.
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
    /// Where the problem sits in a workbook (`lanes!F12`), when the scenario was read from
    /// one: `file`, `line` and `span` then refer to the text made from the sheet.
    pub cell: Option<SheetCell>,
}

/// A place in a workbook: a sheet, and a cell, a row or a column of it (0-based inside,
/// shown 1-based with column letters: `lanes!F12`, `lanes!12:12`, `lanes!F:F`, `lanes`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetCell {
    pub sheet: String,
    pub row: Option<u32>,
    pub col: Option<u32>,
}

/// The letters of a 0-based column: 0 is `A`, 25 `Z`, 26 `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl fmt::Display for SheetCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sheet)?;
        match (self.row, self.col) {
            (Some(r), Some(c)) => write!(f, "!{}{}", column_letters(c), u64::from(r) + 1),
            (Some(r), None) => write!(f, "!{0}:{0}", u64::from(r) + 1),
            (None, Some(c)) => write!(f, "!{0}:{0}", column_letters(c)),
            (None, None) => Ok(()),
        }
    }
}

impl Diagnostic {
    /// A diagnostic with the code's severity and no position yet.
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: code.code,
            severity: code.severity,
            file: file.into(),
            line: None,
            field: None,
            span: None,
            message: message.into(),
            help: None,
            cell: None,
        }
    }

    #[must_use]
    pub fn with_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    #[must_use]
    pub fn with_span(mut self, span: Range<usize>) -> Diagnostic {
        self.span = Some(span);
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line`, or just `file` when the line is unknown; in a workbook, the sheet and
    /// cell (`lanes!F12`).
    pub fn location(&self) -> String {
        if let Some(cell) = &self.cell {
            return cell.to_string();
        }
        match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line, without a snippet: `error[H0402] lanes.csv:3 `to`: unknown node ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}", self.severity, self.code, self.location())?;
        if let Some(field) = &self.field {
            write!(f, " `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_the_spreadsheet() {
        let letters: Vec<String> = [0, 5, 25, 26, 51, 52, 701, 702, 16_383].map(column_letters).to_vec();
        // 26 + 26·26 = 702 two-letter-or-fewer columns; XFD is Excel's last (16 384th).
        assert_eq!(letters, ["A", "F", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn a_sheet_cell_shows_as_a_spreadsheet_reference() {
        let at = |row, col| SheetCell { sheet: "lanes".to_owned(), row, col }.to_string();
        assert_eq!(at(Some(11), Some(5)), "lanes!F12");
        assert_eq!(at(Some(0), None), "lanes!1:1");
        assert_eq!(at(None, Some(2)), "lanes!C:C");
        assert_eq!(at(None, None), "lanes");
    }
}
