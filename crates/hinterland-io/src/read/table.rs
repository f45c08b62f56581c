//! Reading one CSV table: header checks against the schema, then rows whose cells are
//! parsed into typed values with diagnostics that point at the exact cell.
//!
//! Positions are found lazily. For each record the reader keeps only where the CSV parser
//! started looking for it; the record's first byte, its line and the byte range of each field
//! are recomputed from the text only when a diagnostic is made. Valid rows pay nothing.

pub(crate) use super::idmap::IdMap;
use super::locate::{count_newlines, skip_to_record};
pub(crate) use super::locate::{line_of, locate};
use std::collections::HashMap;
use std::ops::Range;

use crate::codes::{self, Code};
use crate::diagnostic::Diagnostic;
use crate::magnitude::{max_for, shown};
use crate::read::periods::{PeriodProblem, Periods};
use crate::read::quotes::{self, QuoteProblem};
use crate::read::repeats::Repeats;
use crate::read::sink::Sink;
use crate::schema::{COMMON_COLUMNS, FileSchema};
use crate::source::ScenarioSource;
use crate::suggest::closest;

/// A column of the table's schema (an index into [`FileSchema::columns`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Col(usize);

/// Where the CSV parser started looking for a record: a byte offset and its 1-based line.
/// Comment and blank lines may still lie between this and the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RowPos {
    pub(super) byte: usize,
    pub(super) line: usize,
}

pub(crate) struct Table<'a> {
    pub(crate) file: &'static str,
    text: &'a str,
    schema: &'static FileSchema,
    /// Record field of each schema column; `None` when the header lacks it.
    fields: Vec<Option<usize>>,
    width: usize,
    reader: csv::Reader<&'a [u8]>,
    /// Where the reader stops: the end of the text, or before a misplaced quote.
    end: usize,
    record: csv::StringRecord,
    pos: RowPos,
    /// Rows seen so far, when repeated rows are reported.
    repeats: Option<Repeats>,
}

impl<'a> Table<'a> {
    /// Opens a table and checks its header. `None` when the file is absent (an error if
    /// the table is required), undecodable, or has no header.
    pub(crate) fn open(
        source: &'a ScenarioSource,
        schema: &'static FileSchema,
        sink: &mut Sink,
    ) -> Option<Table<'a>> {
        let file = schema.name;
        let Some(text) = source.file(file) else {
            if schema.required {
                let columns = schema.columns.iter().filter(|c| c.required).map(|c| format!("`{}`", c.name));
                sink.push(
                    Diagnostic::new(codes::MISSING_FILE, file, format!("required file `{file}` is missing"))
                        .with_help(format!(
                            "add `{file}` to the scenario, with a header line naming at least {}",
                            columns.collect::<Vec<_>>().join(", ")
                        )),
                );
            }
            return None;
        };
        if source.is_unreadable(file) {
            return None;
        }
        // A last line that is a comment without a final newline would be read as a record.
        let mut end = text.len();
        let last_line = text.rfind('\n').map_or(0, |i| i + 1);
        if text[last_line..].starts_with('#') {
            end = last_line;
        }
        // Rows from a misplaced quote on cannot be trusted: the reader stops before them.
        let quote_problem = quotes::scan(&text[..end]);
        if let Some((problem, record)) = &quote_problem {
            sink.push(quote_diagnostic(file, text, problem));
            sink.mark_incomplete(file);
            end = *record;
        }
        let mut reader = reader_of(&text[..end]);
        let mut header = csv::StringRecord::new();
        let start = RowPos { byte: 0, line: 1 };
        if !matches!(reader.read_record(&mut header), Ok(true)) {
            if quote_problem.is_some() {
                return None;
            }
            let required: Vec<&str> = schema.columns.iter().filter(|c| c.required).map(|c| c.name).collect();
            sink.push(
                Diagnostic::new(codes::CSV_SYNTAX, file, format!("`{file}` has no header line")).with_help(
                    format!(
                        "the first line that is not a comment must name the columns, e.g. `{}`",
                        required.join(",")
                    ),
                ),
            );
            return None;
        }
        let mut table = Table {
            file,
            text,
            schema,
            fields: vec![None; schema.columns.len()],
            width: header.len(),
            reader,
            end,
            record: csv::StringRecord::new(),
            pos: start,
            repeats: None,
        };
        table.check_header(&header, start, sink);
        Some(table)
    }

    fn check_header(&mut self, header: &csv::StringRecord, pos: RowPos, sink: &mut Sink) {
        let file = self.file;
        let (line, spans) = locate(self.text, pos);
        let span_of = |i: usize| spans.get(i).cloned();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, raw) in header.iter().enumerate() {
            // Spreadsheets often save a byte-order mark before the first column name.
            let raw = if i == 0 { raw.trim_start_matches('\u{feff}') } else { raw };
            let name = raw.trim();
            let at = |d: Diagnostic| {
                let d = d.with_field(name);
                match span_of(i) {
                    // A quoted name may span lines; the line is that of the name's start.
                    Some(span) => d
                        .with_line(line + count_newlines(&self.text[spans[0].start..span.start]))
                        .with_span(span),
                    None => d.with_line(line),
                }
            };
            if name.is_empty() {
                sink.push(at(Diagnostic::new(
                    codes::UNKNOWN_COLUMN,
                    file,
                    format!("column {} of the header of `{file}` has no name", i + 1),
                )
                .with_help("name the column, or remove the extra comma")));
                continue;
            }
            if let Some(first) = seen.insert(name, i) {
                sink.push(at(Diagnostic::new(
                    codes::DUPLICATE_COLUMN,
                    file,
                    format!("column `{name}` appears twice in `{file}`"),
                )
                .with_help(format!("remove one of the two; the first is column {}", first + 1))));
                continue;
            }
            let known = self.schema.columns.iter().position(|c| c.name == name);
            let common = COMMON_COLUMNS.iter().any(|c| c.name == name);
            if name != raw && (known.is_some() || common) {
                sink.push(at(Diagnostic::new(
                    codes::UNKNOWN_COLUMN,
                    file,
                    format!("column `{raw}` has spaces around its name"),
                )
                .with_help(format!("write it as `{name}`; column names are exact"))));
            }
            if let Some(c) = known {
                self.fields[c] = Some(i);
            } else if !common {
                let names = self.schema.columns.iter().chain(COMMON_COLUMNS).map(|c| c.name);
                let help = match closest(name, names.clone()) {
                    Some(guess) => format!("did you mean `{guess}`?"),
                    None => format!(
                        "the columns of `{file}` are {}",
                        names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                sink.push(at(Diagnostic::new(
                    codes::UNKNOWN_COLUMN,
                    file,
                    format!("unknown column `{name}` in `{file}`"),
                )
                .with_help(help)));
            }
        }
        let header_span = spans.first().zip(spans.last()).map(|(a, b)| a.start..b.end);
        for (c, column) in self.schema.columns.iter().enumerate() {
            if column.required && self.fields[c].is_none() {
                let unit = if column.unit.is_empty() { String::new() } else { format!(" ({})", column.unit) };
                let meaning =
                    if column.meaning.is_empty() { String::new() } else { format!(": {}", column.meaning) };
                let mut d = Diagnostic::new(
                    codes::MISSING_COLUMN,
                    file,
                    format!("`{file}` has no column `{}`", column.name),
                )
                .with_line(line)
                .with_field(column.name)
                .with_help(format!("add the required column `{}`{unit}{meaning}", column.name));
                if let Some(span) = header_span.clone() {
                    d = d.with_span(span);
                }
                sink.push(d);
            }
        }
    }

    /// The schema column called `name`. Panics if the schema has no such column: readers
    /// only ask for columns they were written against.
    pub(crate) fn col(&self, name: &str) -> Col {
        Col(self
            .schema
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("the schema of {} has a column `{name}`", self.file)))
    }

    pub(crate) fn has(&self, c: Col) -> bool {
        self.fields[c.0].is_some()
    }

    /// Reports rows that repeat an earlier row in every value of the table's columns (the
    /// free-text `source` and `note` aside). `consequence` says what counting a row twice
    /// does, e.g. `its people are counted twice`.
    pub(crate) fn warn_repeats(&mut self, consequence: &'static str) {
        self.repeats = Some(Repeats::new(consequence));
    }

    /// Warns when the current record repeats an earlier one (see [`Table::warn_repeats`]).
    fn check_repeat(&mut self, sink: &mut Sink) {
        let Some(mut repeats) = self.repeats.take() else { return };
        let cells: Vec<&str> =
            self.fields.iter().map(|f| f.and_then(|i| self.record.get(i)).unwrap_or_default()).collect();
        if let Some(first) = repeats.check(&cells, self.pos, |p| self.cells_at(p)) {
            let (line, spans) = locate(self.text, self.pos);
            let mut d = Diagnostic::new(
                codes::DUPLICATE_ROW,
                self.file,
                format!(
                    "this row repeats line {} in every value: {}",
                    line_of(self.text, first),
                    repeats.consequence
                ),
            )
            .with_line(line)
            .with_help(
                "remove one of the two rows; if both are meant, tell them apart (e.g. split the figure)",
            );
            if let Some(span) = spans.first().zip(spans.last()).map(|(a, b)| a.start..b.end) {
                d = d.with_span(span);
            }
            sink.push(d);
        }
        self.repeats = Some(repeats);
    }

    /// The cells of the schema's columns in the record at `pos`, read again.
    fn cells_at(&self, pos: RowPos) -> Vec<String> {
        let mut record = csv::StringRecord::new();
        let mut reader = reader_of(&self.text[pos.byte..self.end]);
        if !matches!(reader.read_record(&mut record), Ok(true)) {
            return Vec::new();
        }
        self.fields.iter().map(|f| f.and_then(|i| record.get(i)).unwrap_or_default().to_owned()).collect()
    }

    /// The next record with the header's number of fields; records of another width are
    /// reported and skipped.
    pub(crate) fn next_row(&mut self, sink: &mut Sink) -> Option<Row<'_>> {
        loop {
            let before = self.reader.position();
            let pos = RowPos { byte: before.byte() as usize, line: before.line() as usize };
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    sink.mark_incomplete(self.file);
                    let (line, _) = locate(self.text, pos);
                    sink.push(
                        Diagnostic::new(
                            codes::CSV_SYNTAX,
                            self.file,
                            format!("`{}` cannot be read: {e}", self.file),
                        )
                        .with_line(line),
                    );
                    return None;
                }
            }
            if self.record.len() == self.width {
                self.pos = pos;
                self.check_repeat(sink);
                break;
            }
            sink.mark_incomplete(self.file);
            let (line, spans) = locate(self.text, pos);
            let mut d = Diagnostic::new(
                codes::FIELD_COUNT,
                self.file,
                format!("record has {} fields, but the header has {}", self.record.len(), self.width),
            )
            .with_line(line)
            .with_help("every line needs one value per header column; quote values that contain commas");
            if let Some(span) = spans.first().zip(spans.last()).map(|(a, b)| a.start..b.end) {
                d = d.with_span(span);
            }
            sink.push(d);
        }
        Some(Row {
            file: self.file,
            text: self.text,
            schema: self.schema,
            fields: &self.fields,
            record: &self.record,
            pos: self.pos,
        })
    }
}

/// One record of a table, with typed accessors that report what is wrong with a cell.
pub(crate) struct Row<'t> {
    file: &'static str,
    text: &'t str,
    schema: &'static FileSchema,
    fields: &'t [Option<usize>],
    record: &'t csv::StringRecord,
    pos: RowPos,
}

/// How a number is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// `x ≥ 0`, finite: capacities, costs, quantities, people.
    NonNegative,
    /// `x ≥ 0` or `inf`.
    NonNegativeOrInf,
    /// `0 ≤ x ≤ 1`: factors and shares.
    Fraction,
    /// `0 ≤ x < 1`: losses.
    Loss,
    Latitude,
    Longitude,
}

impl<'t> Row<'t> {
    pub(crate) fn pos(&self) -> RowPos {
        self.pos
    }

    /// The whole text of the table.
    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// The cell, or `None` when the column is absent or the cell empty.
    pub(crate) fn get(&self, c: Col) -> Option<&'t str> {
        let field = self.fields[c.0]?;
        self.record.get(field).filter(|s| !s.is_empty())
    }

    fn name(&self, c: Col) -> &'static str {
        self.schema.columns[c.0].name
    }

    /// A diagnostic located at a cell (or at the whole record when `c` is `None`).
    pub(crate) fn diag(&self, code: Code, c: Option<Col>, message: String) -> Diagnostic {
        self.loc(c).diag(code, message)
    }

    /// Where a cell is (or the whole record when `c` is `None`), for diagnostics made now
    /// or after the table has been read.
    pub(crate) fn loc(&self, c: Option<Col>) -> Loc {
        let (line, spans) = locate(self.text, self.pos);
        let span = match c.and_then(|c| self.fields[c.0]) {
            Some(field) => spans.get(field).cloned(),
            None => spans.first().zip(spans.last()).map(|(a, b)| a.start..b.end),
        };
        let line = match &span {
            Some(span) => line + count_newlines(&self.text[self.record_start()..span.start]),
            None => line,
        };
        Loc { file: self.file, line, field: c.map(|c| self.name(c)), span }
    }

    fn record_start(&self) -> usize {
        skip_to_record(self.text, self.pos).0
    }

    /// A required cell; reports an empty one. `None` also when the column is absent (the
    /// header check has reported that once already).
    pub(crate) fn required(&self, sink: &mut Sink, c: Col) -> Option<&'t str> {
        self.fields[c.0]?;
        let value = self.get(c);
        if value.is_none() {
            let column = &self.schema.columns[c.0];
            let what =
                if column.meaning.is_empty() { String::new() } else { format!(" ({})", column.meaning) };
            sink.push(
                self.diag(codes::MISSING_VALUE, Some(c), format!("`{}` is empty", column.name))
                    .with_help(format!("`{}` is required{what}", column.name)),
            );
        }
        value
    }

    /// A required id: non-empty, without whitespace.
    pub(crate) fn id(&self, sink: &mut Sink, c: Col) -> Option<&'t str> {
        let value = self.required(sink, c)?;
        if value.chars().any(char::is_whitespace) {
            sink.push(
                self.diag(
                    codes::INVALID_ID,
                    Some(c),
                    format!("id `{value}` in `{}` contains whitespace", self.name(c)),
                )
                .with_help("ids are case-sensitive and may not contain spaces; use `_` or `-` instead"),
            );
            return None;
        }
        Some(value)
    }

    /// A number checked by `rule`. `None` for an empty optional cell (the caller applies the
    /// default) and for a bad one (reported).
    pub(crate) fn number(&self, sink: &mut Sink, c: Col, rule: Rule) -> Option<f64> {
        let raw = if self.schema.columns[c.0].required { self.required(sink, c)? } else { self.get(c)? };
        let name = self.name(c);
        let value = match parse_number(raw) {
            Some(v) if v.is_infinite() && rule != Rule::NonNegativeOrInf => {
                sink.push(
                    self.diag(codes::INF_NOT_ALLOWED, Some(c), format!("`{name}` cannot be `{raw}`"))
                        .with_help("give a finite number; only capacities accept `inf`"),
                );
                return None;
            }
            Some(v) => v,
            None => {
                let inf = if rule == Rule::NonNegativeOrInf { ", or `inf` for no limit" } else { "" };
                sink.push(
                    self.diag(codes::NOT_A_NUMBER, Some(c), format!("`{name}` is `{raw}`, which is not a number"))
                        .with_help(format!(
                            "write a plain number with `.` as the decimal separator and no thousands separators, e.g. `1250.5`{inf}"
                        )),
                );
                return None;
            }
        };
        let problem = match rule {
            Rule::NonNegative | Rule::NonNegativeOrInf if value < 0.0 => Some((
                codes::NEGATIVE,
                format!("`{name}` is `{raw}`, but must not be negative"),
                "give a value of 0 or more".to_owned(),
            )),
            Rule::Fraction if !(0.0..=1.0).contains(&value) => {
                let help = if (2.0..=100.0).contains(&value) {
                    format!("shares are fractions, not percentages: write `{}` for {raw}%", value / 100.0)
                } else {
                    "give a fraction from 0 to 1, e.g. `0.25`".to_owned()
                };
                Some((
                    codes::FRACTION_OUT_OF_RANGE,
                    format!("`{name}` is `{raw}`, but must be between 0 and 1"),
                    help,
                ))
            }
            Rule::Loss if value < 0.0 => Some((
                codes::FRACTION_OUT_OF_RANGE,
                format!("`{name}` is `{raw}`, but must be at least 0 and below 1"),
                "give the share of stock lost per period, e.g. `0.02` for 2%".to_owned(),
            )),
            Rule::Loss if value >= 1.0 => Some((
                codes::LOSS_TOO_HIGH,
                format!("`{name}` is `{raw}`, but must be at least 0 and below 1"),
                "a loss of 1 or more destroys all stock every period; give e.g. `0.02` for 2%".to_owned(),
            )),
            Rule::Latitude if !(-90.0..=90.0).contains(&value) => Some((
                codes::COORDINATE_OUT_OF_RANGE,
                format!("`{name}` is `{raw}`, outside -90..90"),
                "give WGS84 degrees; are `lat` and `lon` swapped?".to_owned(),
            )),
            Rule::Longitude if !(-180.0..=180.0).contains(&value) => Some((
                codes::COORDINATE_OUT_OF_RANGE,
                format!("`{name}` is `{raw}`, outside -180..180"),
                "give WGS84 degrees".to_owned(),
            )),
            Rule::NonNegative | Rule::NonNegativeOrInf
                if value.is_finite() && value > max_for(self.schema.columns[c.0].unit).max =>
            {
                let m = max_for(self.schema.columns[c.0].unit);
                let unit = if m.unit.is_empty() || m.unit == "other" {
                    String::new()
                } else {
                    format!(" {}", m.unit)
                };
                Some((
                    codes::OUT_OF_RANGE,
                    format!(
                        "`{name}` is `{raw}`, above the largest allowed, {}{unit} ({})",
                        shown(m.max),
                        m.why
                    ),
                    "check for extra digits and the column's unit; the limits are in docs/scenario-format.md"
                        .to_owned(),
                ))
            }
            _ => None,
        };
        if let Some((code, message, help)) = problem {
            sink.push(self.diag(code, Some(c), message).with_help(help));
            return None;
        }
        Some(value)
    }

    /// A whole number `≥ 0`. `None` for an empty optional cell and for a bad one.
    pub(crate) fn count(&self, sink: &mut Sink, c: Col) -> Option<u32> {
        let raw = if self.schema.columns[c.0].required { self.required(sink, c)? } else { self.get(c)? };
        let name = self.name(c);
        if let Ok(v) = raw.parse::<u32>() {
            return Some(v);
        }
        let d = match parse_number(raw) {
            Some(v) if v < 0.0 => self
                .diag(codes::NEGATIVE, Some(c), format!("`{name}` is `{raw}`, but must not be negative"))
                .with_help("give a whole number of 0 or more"),
            Some(v) if v.is_finite() && v.fract() != 0.0 => self
                .diag(
                    codes::NOT_AN_INTEGER,
                    Some(c),
                    format!("`{name}` is `{raw}`, but must be a whole number"),
                )
                .with_help("give a whole number, e.g. `1`"),
            Some(v) if v.is_finite() && v <= f64::from(u32::MAX) => return Some(v as u32),
            Some(_) => self
                .diag(codes::OUT_OF_RANGE, Some(c), format!("`{name}` is `{raw}`, which is too large"))
                .with_help("give a whole number below 4294967296"),
            None => self
                .diag(codes::NOT_A_NUMBER, Some(c), format!("`{name}` is `{raw}`, which is not a number"))
                .with_help("give a whole number, e.g. `1`"),
        };
        sink.push(d);
        None
    }

    /// A value from a fixed list; suggests the nearest allowed value.
    pub(crate) fn choice<T: Copy>(
        &self,
        sink: &mut Sink,
        c: Col,
        all: &[T],
        name_of: fn(T) -> &'static str,
    ) -> Option<T> {
        let raw = self.required(sink, c)?;
        if let Some(v) = all.iter().copied().find(|v| name_of(*v) == raw) {
            return Some(v);
        }
        let names = all.iter().map(|v| name_of(*v));
        let allowed: Vec<String> = names.clone().map(|n| format!("`{n}`")).collect();
        let help = match closest(raw, names) {
            Some(guess) => format!("did you mean `{guess}`?"),
            None => "write one of the listed values exactly, in lower case".to_owned(),
        };
        sink.push(
            self.diag(
                codes::NOT_ALLOWED,
                Some(c),
                format!("`{}` is `{raw}`, expected one of {}", self.name(c), allowed.join(", ")),
            )
            .with_help(help),
        );
        None
    }

    /// `true` or `false`; `None` for an empty optional cell and for a bad one.
    pub(crate) fn boolean(&self, sink: &mut Sink, c: Col) -> Option<bool> {
        let raw = self.get(c)?;
        match raw {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                let help = if raw.eq_ignore_ascii_case("true")
                    || raw.eq_ignore_ascii_case("yes")
                    || raw == "1"
                {
                    "write `true`"
                } else if raw.eq_ignore_ascii_case("false") || raw.eq_ignore_ascii_case("no") || raw == "0" {
                    "write `false`"
                } else {
                    "write `true` or `false`"
                };
                sink.push(
                    self.diag(
                        codes::NOT_ALLOWED,
                        Some(c),
                        format!("`{}` is `{raw}`, expected `true` or `false`", self.name(c)),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    /// A reference to an id defined in another table.
    pub(crate) fn reference(&self, sink: &mut Sink, c: Col, ids: &IdMap) -> Option<u32> {
        let raw = self.required(sink, c)?;
        if let Some(&i) = ids.index.get(raw) {
            return Some(i);
        }
        // Rows of that table were skipped (reported there); this id may be on one of them.
        if sink.is_incomplete(ids.file) {
            return None;
        }
        let help = match closest(raw, ids.index.keys().map(String::as_str)) {
            Some(guess) => format!("did you mean `{guess}`?"),
            None => format!("`{}` must be an `id` from `{}`", self.name(c), ids.file),
        };
        sink.push(
            self.diag(
                codes::UNKNOWN_ID,
                Some(c),
                format!("unknown {} `{raw}` in `{}`", ids.what, self.name(c)),
            )
            .with_help(help),
        );
        None
    }

    /// A period label, a range `FROM..TO` or `*`, as a range of period indices. `None` when
    /// the calendar is unknown (its problem is reported in `scenario.toml`).
    pub(crate) fn periods(&self, sink: &mut Sink, c: Col, periods: Option<&Periods>) -> Option<Range<u32>> {
        let raw = self.required(sink, c)?;
        let periods = periods?;
        match periods.parse_set(raw) {
            Ok(range) => Some(range),
            Err(problem) => {
                sink.push(self.period_diag(c, raw, &problem, periods));
                None
            }
        }
    }

    /// A single period label.
    pub(crate) fn period(&self, sink: &mut Sink, c: Col, periods: Option<&Periods>) -> Option<u32> {
        let raw = self.required(sink, c)?;
        let periods = periods?;
        match periods.parse_label(raw) {
            Ok(p) => Some(p),
            Err(problem) => {
                sink.push(self.period_diag(c, raw, &problem, periods));
                None
            }
        }
    }

    fn period_diag(&self, c: Col, raw: &str, problem: &PeriodProblem, periods: &Periods) -> Diagnostic {
        let name = self.name(c);
        let (code, message, help) = periods.describe(name, raw, problem);
        self.diag(code, Some(c), message).with_help(help)
    }
}

/// A position in a table: file, line, column name and byte range of the cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Loc {
    file: &'static str,
    pub(super) line: usize,
    field: Option<&'static str>,
    span: Option<Range<usize>>,
}

impl Loc {
    pub(crate) fn diag(&self, code: Code, message: String) -> Diagnostic {
        let mut d = Diagnostic::new(code, self.file, message).with_line(self.line);
        if let Some(field) = self.field {
            d = d.with_field(field);
        }
        if let Some(span) = &self.span {
            d = d.with_span(span.clone());
        }
        d
    }
}

/// The CSV reader every table uses: no header handling (the table checks it), records of
/// any width (reported), `#` comment lines.
pub(crate) fn reader_of(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
}

/// The diagnostic for a misplaced quote, at the quote that opened the cell.
fn quote_diagnostic(file: &str, text: &str, problem: &QuoteProblem) -> Diagnostic {
    let line_at = |at: usize| count_newlines(&text[..at]) + 1;
    let (at, message, help) = match *problem {
        QuoteProblem::Unterminated { open } => (
            open,
            format!(
                "this quote is never closed, so the rest of `{file}` ({} lines) would be one cell",
                count_newlines(&text[open..]) + usize::from(!text.ends_with('\n'))
            ),
            "remove the stray `\"`, or close the quoted cell; inside a quoted cell a quote is written `\"\"`"
                .to_owned(),
        ),
        QuoteProblem::TextAfterClose { open, close } if line_at(close) > line_at(open) => (
            open,
            format!(
                "this quote opens a cell that runs to line {}, swallowing the rows between",
                line_at(close)
            ),
            "remove the stray `\"`, or close the quoted cell on this line".to_owned(),
        ),
        QuoteProblem::TextAfterClose { open, .. } => (
            open,
            "text follows the closing quote of this cell".to_owned(),
            "quote the whole cell and double the quotes inside it, e.g. `\"12\"\" pipe\"`".to_owned(),
        ),
        QuoteProblem::InsideCell { at } => (
            at,
            "a quote inside a cell that does not start with one".to_owned(),
            "quote the whole cell and double the quote, e.g. `\"12\"\" pipe\"`, or remove it".to_owned(),
        ),
    };
    Diagnostic::new(codes::QUOTE, file, message).with_line(line_at(at)).with_span(at..at + 1).with_help(help)
}

/// Parses a number: digits, sign, `.`, exponent, or `inf`. Rejects what Rust's parser
/// accepts beyond that (`NaN`, `infinity`), so the format stays what the docs say.
fn parse_number(raw: &str) -> Option<f64> {
    if raw == "inf" {
        return Some(f64::INFINITY);
    }
    if raw.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && raw.bytes().any(|b| b.is_ascii_digit())
    {
        raw.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_skips_comments_and_handles_quotes() {
        let text = "a,b\n# comment\n\r\n\"x,\"\"y\",z\n";
        let (line, spans) = locate(text, RowPos { byte: 4, line: 2 });
        assert_eq!(line, 4);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].clone()], "\"x,\"\"y\"");
        assert_eq!(&text[spans[1].clone()], "z");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("inf"), Some(f64::INFINITY));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("infinity"), None);
        assert_eq!(parse_number("1,5"), None);
        assert_eq!(parse_number("-"), None);
    }
}
