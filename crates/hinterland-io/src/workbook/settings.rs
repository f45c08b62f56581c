//! The `settings` sheet: `scenario.toml` as rows of section, key, value and note.
//!
//! `section` is the TOML table the key is in (empty for the top level, dotted for a nested
//! table: `objective`, `a.b`); the n-th element of an array of tables is `name[n]`
//! (`variant[2]`). A number, boolean or text cell is that TOML value; a text that starts
//! with `[`, `{` or a quote, or is `inf` or `nan`, is TOML as written, which keeps arrays and
//! nested values (`[[0.5, 0.7], [1.0, 1.0]]`). `note` holds the comments of the file.

use calamine::{Data, Range};
use toml_edit::{DocumentMut, Item, Table, Value};

use crate::codes;
use crate::diagnostic::{Diagnostic, SheetCell};
use crate::schema::SETTINGS_FILE;

use super::cells::{CellText, cell_text};
use super::read::{Made, cell_error, rows};
use super::{SETTINGS_COLUMNS, SETTINGS_SHEET};

/// A setting's value in a cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SettingValue {
    Number(f64),
    Bool(bool),
    /// A text cell, read as a TOML string.
    Text(String),
    /// A text cell in TOML syntax: an array, an inline table, a quoted string, `inf`.
    Toml(String),
}

/// One row of the settings sheet.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SettingRow {
    pub(crate) section: String,
    pub(crate) key: String,
    pub(crate) value: SettingValue,
    pub(crate) note: String,
}

/// The rows of `scenario.toml`, in the file's order, with its comments as notes.
pub(crate) fn rows_of_toml(text: &str) -> Result<Vec<SettingRow>, toml_edit::TomlError> {
    let doc: DocumentMut = text.parse()?;
    let mut out = Vec::new();
    walk(doc.as_table(), "", &mut out);
    Ok(out)
}

fn walk(table: &Table, section: &str, out: &mut Vec<SettingRow>) {
    let first = out.len();
    let mut tables = Vec::new();
    for (key, item) in table {
        let Some((k, _)) = table.get_key_value(key) else { continue };
        match item {
            Item::Value(v) => {
                let mut note = comments(k.leaf_decor().prefix().and_then(|r| r.as_str()));
                push_line(&mut note, &comments(v.decor().suffix().and_then(|r| r.as_str())));
                out.push(SettingRow {
                    section: section.to_owned(),
                    key: key.to_owned(),
                    value: value_of(v),
                    note,
                });
            }
            Item::Table(t) => tables.push((key, Some(t), None)),
            Item::ArrayOfTables(a) => tables.push((key, None, Some(a))),
            Item::None => {}
        }
    }
    // Comments above a table's header go with its first row.
    if let Some(row) = out.get_mut(first) {
        let above = comments(table.decor().prefix().and_then(|r| r.as_str()));
        let mut note = above;
        push_line(&mut note, &row.note);
        row.note = note;
    }
    for (key, t, a) in tables {
        let name = if section.is_empty() { key.to_owned() } else { format!("{section}.{key}") };
        if let Some(t) = t {
            walk(t, &name, out);
        }
        for (i, t) in a.into_iter().flat_map(toml_edit::ArrayOfTables::iter).enumerate() {
            walk(t, &format!("{name}[{}]", i + 1), out);
        }
    }
}

fn value_of(v: &Value) -> SettingValue {
    match v {
        Value::String(s) => {
            let s = s.value();
            if is_toml_text(s) { SettingValue::Toml(toml_string(s)) } else { SettingValue::Text(s.clone()) }
        }
        // Integers beyond 2^53 do not fit a spreadsheet's number.
        Value::Integer(i) if i.value().unsigned_abs() < (1 << 53) => SettingValue::Number(*i.value() as f64),
        Value::Float(f) if f.value().is_finite() => SettingValue::Number(*f.value()),
        Value::Boolean(b) => SettingValue::Bool(*b.value()),
        other => {
            let mut bare = other.clone();
            bare.decor_mut().clear();
            SettingValue::Toml(bare.to_string().trim().to_owned())
        }
    }
}

/// Whether a text cell is TOML as written rather than a plain string.
fn is_toml_text(s: &str) -> bool {
    let t = s.trim();
    t.starts_with(['[', '{', '"', '\'']) || matches!(t, "inf" | "+inf" | "-inf" | "nan" | "+nan" | "-nan")
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The text of `#` comment lines, without the `#`.
fn comments(raw: Option<&str>) -> String {
    let mut note = String::new();
    for line in raw.unwrap_or_default().lines() {
        if let Some(c) = line.trim().strip_prefix('#') {
            push_line(&mut note, c.strip_prefix(' ').unwrap_or(c));
        }
    }
    note
}

fn push_line(note: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !note.is_empty() {
        note.push('\n');
    }
    note.push_str(line);
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        key.to_owned()
    } else {
        toml_string(key)
    }
}

/// One row of the sheet, read.
struct Entry {
    row: u32,
    section: String,
    key: String,
    /// `None` for an empty value: the row is left out.
    value: Option<String>,
    note: String,
}

/// The settings sheet as `scenario.toml` text, with the row of each line.
pub(crate) fn to_toml(range: &Range<Data>) -> Made {
    let mut made =
        Made { text: String::new(), columns: Vec::new(), lines: Vec::new(), diagnostics: Vec::new() };
    let rows = rows(range);
    let Some(&(header_row, c0, header)) = rows.first() else {
        return made;
    };
    for (i, cell) in header.iter().enumerate() {
        if let CellText::Value(name) = cell_text(cell) {
            made.columns.push((name.trim().to_owned(), c0 + i as u32));
        }
    }
    let position = |name: &str| made.columns.iter().find(|(n, _)| n == name).map(|(_, c)| (c - c0) as usize);
    let [Some(s), Some(k), Some(v)] = [0, 1, 2].map(|i| position(SETTINGS_COLUMNS[i])) else {
        let mut d = Diagnostic::new(
            codes::MISSING_COLUMN,
            SETTINGS_FILE,
            "the settings sheet needs the columns `section`, `key` and `value`".to_owned(),
        )
        .with_help("name them in the sheet's first row: `section`, `key`, `value`, `note`");
        d.cell = Some(SheetCell { sheet: SETTINGS_SHEET.to_owned(), row: Some(header_row), col: None });
        made.diagnostics.push(d);
        return made;
    };
    let n = position(SETTINGS_COLUMNS[3]);
    let mut entries = Vec::new();
    for &(row, _, cells) in &rows[1..] {
        let text = |i: Option<usize>| match i.and_then(|i| cells.get(i)).map(cell_text) {
            Some(CellText::Value(t)) => t,
            _ => String::new(),
        };
        let value = match cells.get(v).unwrap_or(&Data::Empty) {
            Data::Empty => None,
            Data::String(t) if t.trim().is_empty() => None,
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
            Data::Float(f) => Some(format!("{f:?}")),
            Data::Int(i) => Some(i.to_string()),
            Data::Bool(b) => Some(b.to_string()),
            Data::String(t) if is_toml_text(t) => Some(t.trim().to_owned()),
            cell => match cell_text(cell) {
                CellText::Value(t) => Some(toml_string(&t)),
                CellText::Error(e) => {
                    let col = c0 + v as u32;
                    made.diagnostics.push(cell_error(SETTINGS_FILE, SETTINGS_SHEET, row, col, None, &e));
                    None
                }
            },
        };
        let entry =
            Entry { row, section: text(Some(s)).trim().to_owned(), key: text(Some(k)), value, note: text(n) };
        if entry.value.is_some() || !entry.note.is_empty() {
            entries.push(entry);
        }
    }
    write_toml(&entries, &mut made);
    made
}

/// Top-level keys first, then each section in the order it first appears.
fn write_toml(entries: &[Entry], made: &mut Made) {
    let mut sections: Vec<&str> = Vec::new();
    for e in entries {
        if !e.section.is_empty() && !sections.contains(&e.section.as_str()) {
            sections.push(&e.section);
        }
    }
    let mut line = 1;
    for section in std::iter::once("").chain(sections) {
        let mut rows = entries.iter().filter(|e| e.section == section).peekable();
        if !section.is_empty() {
            let Some(first) = rows.peek() else { continue };
            if !made.text.is_empty() {
                made.text.push('\n');
                line += 1;
            }
            made.lines.push((line, first.row));
            made.text.push_str(&section_header(section));
            made.text.push('\n');
            line += 1;
        }
        for e in rows {
            for comment in e.note.lines() {
                made.text.push_str("# ");
                made.text.push_str(comment);
                made.text.push('\n');
                line += 1;
            }
            let Some(value) = &e.value else { continue };
            made.lines.push((line, e.row));
            let text = format!("{} = {value}\n", toml_key(e.key.trim()));
            line += text.matches('\n').count();
            made.text.push_str(&text);
        }
    }
}

/// `[a.b]`, or `[[variant]]` for a section `variant[n]`.
fn section_header(section: &str) -> String {
    let path = |s: &str| s.split('.').map(|p| toml_key(p.trim())).collect::<Vec<_>>().join(".");
    let element = section
        .split_once('[')
        .filter(|(_, rest)| rest.strip_suffix(']').is_some_and(|n| n.trim().parse::<usize>().is_ok()));
    match element {
        Some((name, _)) => format!("[[{}]]", path(name)),
        None => format!("[{}]", path(section)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_toml_headers() {
        assert_eq!(section_header("calendar"), "[calendar]");
        assert_eq!(section_header("a.b"), "[a.b]");
        assert_eq!(section_header("variant[2]"), "[[variant]]");
        assert_eq!(section_header("odd name"), "[\"odd name\"]");
        assert_eq!(section_header("variant[x]"), "[\"variant[x]\"]");
    }

    #[test]
    fn rows_keep_order_nesting_and_comments() {
        let text = "format_version = 1\n[objective]\n# why\nmax_drop = 0.1 # share\ncurve = [[0.5, 0.7], [1.0, 1.0]]\n\n[[variant]]\nname = \"a\"\nedits = [\"x\"]\n[[variant]]\nname = \"[b]\"\n";
        let rows = rows_of_toml(text).expect("valid TOML");
        let shown: Vec<(&str, &str, &SettingValue, &str)> =
            rows.iter().map(|r| (r.section.as_str(), r.key.as_str(), &r.value, r.note.as_str())).collect();
        let toml = |s: &str| SettingValue::Toml(s.to_owned());
        assert_eq!(
            shown,
            [
                ("", "format_version", &SettingValue::Number(1.0), ""),
                ("objective", "max_drop", &SettingValue::Number(0.1), "why\nshare"),
                ("objective", "curve", &toml("[[0.5, 0.7], [1.0, 1.0]]"), ""),
                ("variant[1]", "name", &SettingValue::Text("a".to_owned()), ""),
                ("variant[1]", "edits", &toml("[\"x\"]"), ""),
                ("variant[2]", "name", &toml("\"[b]\""), ""),
            ]
        );
    }
}
