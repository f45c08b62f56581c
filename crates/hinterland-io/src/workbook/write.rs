//! Writing a scenario as a self-describing workbook.

use hinterland_model::{CommodityGroup, Mode, NodeKind};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, Formula, Note, Workbook,
    Worksheet,
};

use crate::column_letters;
use crate::read::{RATION_KINDS, reader_of};
use crate::schema::{self, Column, FileSchema, SETTINGS_FILE};
use crate::source::ScenarioSource;

use super::settings::{SettingValue, rows_of_toml};
use super::{README_SHEET, SETTINGS_COLUMNS, SETTINGS_SHEET, WorkbookError, sheet_of_file};

/// The last row a validation list covers: the sheet's end, so that added rows get it too.
const LAST_ROW: u32 = 1_048_575;

/// Widest column, in characters; longer text wraps in the cell.
const WIDEST: usize = 60;

/// The scenario as XLSX bytes: `README`, `settings`, a sheet per table present, then the
/// documents present. The same source gives the same bytes.
pub fn write_workbook(source: &ScenarioSource) -> Result<Vec<u8>, WorkbookError> {
    let mut tables = Vec::new();
    for table in schema::schema() {
        if let Some(text) = source.file(table.name) {
            tables.push((table, records(table.name, text)?));
        }
    }
    let settings = source
        .file(SETTINGS_FILE)
        .map(rows_of_toml)
        .transpose()
        .map_err(|source| WorkbookError::Settings { source })?;

    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_title("hinterland scenario").set_creation_datetime(&created));
    let header = Format::new().set_bold().set_text_wrap().set_background_color("F1EEE7");
    let sheets: Vec<&str> = tables.iter().filter_map(|(t, _)| sheet_of_file(t.name)).collect();
    let documents: Vec<(&str, &str)> = source.documents().collect();
    readme(wb.add_worksheet(), settings.is_some(), &sheets, &documents, &header)?;
    if let Some(rows) = &settings {
        let ws = wb.add_worksheet();
        ws.set_name(SETTINGS_SHEET)?;
        let mut widths = Widths::new(&SETTINGS_COLUMNS);
        for (c, name) in SETTINGS_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &header)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, &row.section)?;
            ws.write_string(r, 1, &row.key)?;
            match &row.value {
                SettingValue::Number(v) => ws.write_number(r, 2, *v)?,
                SettingValue::Bool(b) => ws.write_boolean(r, 2, *b)?,
                SettingValue::Text(t) | SettingValue::Toml(t) => ws.write_string(r, 2, t)?,
            };
            if !row.note.is_empty() {
                ws.write_string(r, 3, &row.note)?;
            }
            let value = match &row.value {
                SettingValue::Text(t) | SettingValue::Toml(t) => t.len(),
                SettingValue::Number(_) | SettingValue::Bool(_) => 8,
            };
            widths.fit(&[row.section.len(), row.key.len(), value, longest_line(&row.note)]);
        }
        let notes = [
            "the TOML table: empty for top-level keys; `variant[n]` for the n-th [[variant]]",
            "the key, as in scenario.toml (docs/scenario-format.md)",
            "a number, TRUE/FALSE or text; text starting with [ { or a quote is TOML (arrays such as phase_weights, adequacy_curve, edits)",
            "free text, kept as a comment",
        ];
        for (c, note) in notes.iter().enumerate() {
            ws.insert_note(0, c as u16, &note_of(note))?;
        }
        finish(ws, &widths)?;
    }
    for (table, rows) in &tables {
        let ws = wb.add_worksheet();
        table_sheet(ws, table, rows, &tables, &header)?;
    }
    for (name, text) in &documents {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        for (r, line) in text.lines().enumerate() {
            if !line.is_empty() {
                ws.write_string(r as u32, 0, line)?;
            }
        }
        ws.set_column_width(0, 120)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// A line of a table: a record, or a `#` comment (kept: comments carry sources).
#[derive(Clone, Debug, PartialEq)]
enum Line {
    Record(Vec<String>),
    Comment(String),
}

/// A table's records and comments, in file order, except that comments before the header
/// follow it: the header is the sheet's first row.
fn records(file: &str, text: &str) -> Result<Vec<Line>, WorkbookError> {
    // Each record with the lines it spans (a quoted cell may hold line breaks).
    let mut spans = Vec::new();
    let mut lines = Vec::new();
    for record in reader_of(text).into_records() {
        let record = record.map_err(|source| WorkbookError::Csv {
            file: file.to_owned(),
            line: source.position().map_or(0, csv::Position::line),
            source,
        })?;
        let start = record.position().map_or(0, |p| first_line(text, p));
        let breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        spans.push((start, start + breaks));
        lines.push(Line::Record(record.iter().map(str::to_owned).collect()));
    }
    let mut out: Vec<(usize, Line)> = Vec::with_capacity(lines.len());
    let mut records = spans.iter().zip(lines).peekable();
    // The first record that does not end before the line: spans are in line order.
    let mut current = 0;
    for (i, text) in text.lines().enumerate() {
        let n = i + 1;
        while let Some(((start, _), _)) = records.peek() {
            if *start > n {
                break;
            }
            let ((start, _), line) = records.next().expect("peeked");
            out.push((*start, line));
        }
        while spans.get(current).is_some_and(|(_, end)| *end < n) {
            current += 1;
        }
        let inside = spans.get(current).is_some_and(|(start, end)| (*start..=*end).contains(&n));
        if text.starts_with('#') && !inside {
            out.push((n, Line::Comment(text.to_owned())));
        }
    }
    out.extend(records.map(|((start, _), line)| (*start, line)));
    let mut lines: Vec<Line> = out.into_iter().map(|(_, l)| l).collect();
    if let Some(header) = lines.iter().position(|l| matches!(l, Line::Record(_))) {
        let header = lines.remove(header);
        lines.insert(0, header);
    }
    Ok(lines)
}

/// The line a record starts on: its position may be before the blank and comment lines the
/// parser skipped to reach it.
fn first_line(text: &str, pos: &csv::Position) -> usize {
    let byte = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    let line = usize::try_from(pos.line()).unwrap_or(usize::MAX);
    crate::read::skip_to_line(text, byte, line).1
}

fn table_sheet(
    ws: &mut Worksheet,
    table: &FileSchema,
    rows: &[Line],
    tables: &[(&FileSchema, Vec<Line>)],
    header: &Format,
) -> Result<(), WorkbookError> {
    let sheet = sheet_of_file(table.name).unwrap_or(table.name);
    ws.set_name(sheet)?;
    let Some((Line::Record(names), data)) = rows.split_first() else {
        // Only comments, or nothing: written as they are.
        for (r, line) in rows.iter().enumerate() {
            if let Line::Comment(c) = line {
                ws.write_string(r as u32, 0, c)?;
            }
        }
        return Ok(());
    };
    let columns: Vec<Option<&Column>> = names.iter().map(|n| table.column(n.trim())).collect();
    let mut widths = Widths::new(names);
    for (c, name) in names.iter().enumerate() {
        let c16 = c as u16;
        ws.write_string_with_format(0, c16, name, header)?;
        if let Some(column) = columns[c] {
            ws.insert_note(0, c16, &note_of(&describe(column)))?;
            if let Some(v) = validation(table, column, tables)? {
                ws.add_data_validation(1, c16, LAST_ROW, c16, &v)?;
            }
        }
    }
    for (r, row) in data.iter().enumerate() {
        let r = r as u32 + 1;
        let row = match row {
            Line::Record(cells) => cells,
            Line::Comment(c) => {
                ws.write_string(r, 0, c)?;
                continue;
            }
        };
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let numeric = columns.get(c).copied().flatten().is_some_and(is_numeric);
            match text.parse::<f64>() {
                Ok(v) if numeric && v.is_finite() => ws.write_number(r, c as u16, v)?,
                _ => ws.write_string(r, c as u16, text)?,
            };
        }
        widths.fit(&row.iter().map(|t| t.chars().count()).collect::<Vec<_>>());
    }
    finish(ws, &widths)
}

/// A header's note, sized to show its text (Excel does not fit notes to their text).
fn note_of(text: &str) -> Note {
    const WIDTH_PX: u32 = 320;
    // About 50 characters fit a line of that width; 15 pixels a line, and a margin.
    let lines: usize = text.lines().map(|l| l.chars().count() / 50 + 1).sum();
    Note::new(text).add_author_prefix(false).set_width(WIDTH_PX).set_height(15 * lines as u32 + 10)
}

/// A header's note: what the column means, its unit, and whether it is required.
fn describe(column: &Column) -> String {
    let mut lines = Vec::new();
    if !column.meaning.is_empty() {
        lines.push(column.meaning.to_owned());
    }
    if !column.unit.is_empty() {
        lines.push(format!("unit: {}", column.unit));
    }
    lines.push(if column.required {
        "required".to_owned()
    } else {
        format!("optional; default: {}", column.default)
    });
    lines.join("\n")
}

/// Whether a column holds numbers: every column with a unit, and the unitless counts and
/// weights. Its cells are written as numbers (`inf` stays text).
fn is_numeric(column: &Column) -> bool {
    !column.unit.is_empty() || matches!(column.name, "phase" | "value_weight")
}

/// The column's drop-down list: its fixed values, or the ids of the table it refers to.
fn validation(
    table: &FileSchema,
    column: &Column,
    tables: &[(&FileSchema, Vec<Line>)],
) -> Result<Option<DataValidation>, WorkbookError> {
    let fixed: Option<Vec<&str>> = match (table.name, column.name) {
        ("nodes.csv", "kind") => Some(NodeKind::ALL.iter().map(|k| k.as_str()).collect()),
        ("lanes.csv", "mode") => Some(Mode::ALL.iter().map(|m| m.as_str()).collect()),
        ("commodities.csv", "group") => Some(CommodityGroup::ALL.iter().map(|g| g.as_str()).collect()),
        ("ration.csv", "kind") => Some(RATION_KINDS.to_vec()),
        ("funds.csv", "pays_logistics") => Some(vec!["true", "false"]),
        _ => None,
    };
    if let Some(list) = fixed {
        let message = format!("`{}` is one of: {}", column.name, list.join(", "));
        return Ok(Some(DataValidation::new().allow_list_strings(&list)?.set_error_message(message)?));
    }
    if (table.name, column.name) == ("needs.csv", "phase") {
        let rule = DataValidationRule::Between(1, 5);
        let v =
            DataValidation::new().allow_whole_number(rule).set_error_message("a phase is 1, 2, 3, 4 or 5")?;
        return Ok(Some(v));
    }
    let Some(target) = referenced(table.name, column.name) else {
        return Ok(None);
    };
    // The ids of the referenced sheet, to its last row; none when it is not in the workbook.
    let Some((_, rows)) = tables.iter().find(|(t, _)| t.name == target) else {
        return Ok(None);
    };
    let Some(Line::Record(names)) = rows.first() else {
        return Ok(None);
    };
    let Some(id) = names.iter().position(|n| n.trim() == "id") else {
        return Ok(None);
    };
    let sheet = sheet_of_file(target).unwrap_or(target);
    let letters = column_letters(id as u32);
    let formula = Formula::new(format!("={sheet}!${letters}$2:${letters}${}", LAST_ROW + 1));
    let message = format!("`{}` is an id of the `{sheet}` sheet", column.name);
    Ok(Some(DataValidation::new().allow_list_formula(formula).set_error_message(message)?))
}

/// The table whose `id` a column refers to.
fn referenced(table: &str, column: &str) -> Option<&'static str> {
    Some(match (table, column) {
        ("lanes.csv", "from" | "to")
        | ("needs.csv", "district")
        | (
            "demand.csv" | "supply.csv" | "markets.csv" | "stocks.csv" | "pipeline.csv" | "storage_costs.csv",
            "node",
        ) => "nodes.csv",
        ("lanes.csv", "corridor") => "corridors.csv",
        ("lane_availability.csv" | "lane_costs.csv", "lane") => "lanes.csv",
        (
            "nutrient_content.csv"
            | "demand.csv"
            | "supply.csv"
            | "markets.csv"
            | "stocks.csv"
            | "pipeline.csv",
            "commodity",
        ) => "commodities.csv",
        ("nutrient_content.csv", "nutrient") => "nutrients.csv",
        _ => return None,
    })
}

/// The `README` sheet: the layout, and the sheets of this workbook.
fn readme(
    ws: &mut Worksheet,
    settings: bool,
    sheets: &[&str],
    documents: &[(&str, &str)],
    header: &Format,
) -> Result<(), WorkbookError> {
    ws.set_name(README_SHEET)?;
    let about = [
        "A hinterland scenario as one workbook. Plan it with `hinterland plan FILE.xlsx`; check it with `hinterland check FILE.xlsx`: problems are named by sheet and cell, e.g. lanes!F12.",
        "Each table of the scenario format is a sheet named as its file without .csv: the header in the first row, one record per row. Hover over a header for the column's meaning, unit and default (docs/scenario-format.md has the same tables).",
        "Numbers are numbers; an unlimited value is the text inf. Kinds, modes, groups and the ids of other sheets (nodes, lanes, commodities, ...) are picked from drop-down lists.",
        "settings holds scenario.toml: section (empty for top-level keys; variant[n] for the n-th [[variant]]), key, value and note. A value starting with [ { or a quote is TOML: arrays such as phase_weights, adequacy_curve and edits.",
        "README.md, SOURCES.md and ASSUMPTIONS.md, when present, are the scenario's documents, one line of Markdown per row; this README sheet is not read.",
    ];
    ws.write_string_with_format(0, 0, "sheet", header)?;
    ws.write_string_with_format(0, 1, "contents", header)?;
    let mut r = 1;
    for line in about {
        ws.write_string(r, 1, line)?;
        r += 1;
    }
    let mut rows: Vec<(&str, String)> = Vec::new();
    if settings {
        rows.push((
            SETTINGS_SHEET,
            "the settings of scenario.toml: calendar, objective, allocation, solver, variants".to_owned(),
        ));
    }
    for sheet in sheets {
        rows.push((sheet, format!("the table {sheet}.csv")));
    }
    for (name, _) in documents {
        rows.push((name, format!("the scenario's {name}")));
    }
    for (sheet, contents) in rows {
        ws.write_string(r, 0, sheet)?;
        ws.write_string(r, 1, contents)?;
        r += 1;
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 120)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Column widths fitted to the longest cell, within bounds.
struct Widths(Vec<usize>);

impl Widths {
    fn new(names: &[impl AsRef<str>]) -> Widths {
        Widths(names.iter().map(|n| n.as_ref().chars().count()).collect())
    }

    fn fit(&mut self, lengths: &[usize]) {
        for (i, &n) in lengths.iter().enumerate() {
            if i >= self.0.len() {
                self.0.push(n);
            } else {
                self.0[i] = self.0[i].max(n);
            }
        }
    }
}

fn longest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Widths and the frozen header row.
fn finish(ws: &mut Worksheet, widths: &Widths) -> Result<(), WorkbookError> {
    for (c, &w) in widths.0.iter().enumerate() {
        ws.set_column_width(c as u16, (w.clamp(6, WIDEST) + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::COMMON_COLUMNS;

    #[test]
    fn every_reference_names_a_column_and_a_table_with_ids() {
        for table in schema::schema() {
            for column in table.columns.iter().chain(COMMON_COLUMNS) {
                if let Some(target) = referenced(table.name, column.name) {
                    let target = schema::table(target).expect("a table of the format");
                    assert_eq!(target.columns[0].name, "id", "{}", target.name);
                    assert!(!is_numeric(column), "{}.{}", table.name, column.name);
                }
            }
        }
        // Every pair named in `referenced` exists in the schema.
        let pairs = [("lanes.csv", "from"), ("storage_costs.csv", "node"), ("lane_costs.csv", "lane")];
        for (t, c) in pairs {
            assert!(schema::table(t).and_then(|t| t.column(c)).is_some(), "{t}.{c}");
        }
    }

    #[test]
    fn comments_are_kept_and_the_header_comes_first() {
        let text = "# before\nid,note\na,\"two\n# not a comment\"\n# after a\nb,x\n";
        let lines = records("t.csv", text).expect("valid CSV");
        let record = |v: &[&str]| Line::Record(v.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            lines,
            [
                record(&["id", "note"]),
                Line::Comment("# before".to_owned()),
                record(&["a", "two\n# not a comment"]),
                Line::Comment("# after a".to_owned()),
                record(&["b", "x"]),
            ]
        );
    }

    #[test]
    fn numeric_columns_are_those_with_units_and_counts() {
        let needs = schema::table("needs.csv").expect("needs");
        let numeric: Vec<&str> = needs.columns.iter().filter(|c| is_numeric(c)).map(|c| c.name).collect();
        assert_eq!(numeric, ["people", "phase", "min_share"]);
        let nodes = schema::table("nodes.csv").expect("nodes");
        assert!(!nodes.columns.iter().any(|c| c.name == "country" && is_numeric(c)));
    }
}
