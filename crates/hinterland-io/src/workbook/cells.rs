//! A workbook cell as the text a scenario file would hold.

use calamine::Data;

/// What a cell holds, as text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CellText {
    /// The value as text; empty for an empty cell.
    Value(String),
    /// A spreadsheet error such as `#DIV/0!`, as Excel shows it.
    Error(String),
}

/// The cell's value as text: numbers as the shortest text that reads back as the same `f64`
/// (whole numbers without `.0`), booleans as `true`/`false`, dates as ISO 8601.
pub(crate) fn cell_text(cell: &Data) -> CellText {
    CellText::Value(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            match (h, mi, s, ms) {
                (0, 0, 0, 0) => format!("{y:04}-{mo:02}-{d:02}"),
                (_, _, _, 0) => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}"),
            }
        }
        // A duration: its length in days, as the spreadsheet stores it.
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::Error(e) => return CellText::Error(e.to_string()),
    })
}

/// The shortest text that parses back to `f`: Rust's `Display` of `f64` (`0.1`, `12`, `-0`).
pub(crate) fn number_text(f: f64) -> String {
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    use super::*;

    fn value(cell: &Data) -> String {
        match cell_text(cell) {
            CellText::Value(v) => v,
            CellText::Error(e) => panic!("error {e}"),
        }
    }

    #[test]
    fn numbers_keep_every_bit_in_the_shortest_text() {
        for f in [0.1, 1.0 / 3.0, 12.0, 1e-7, 2.5e20, -0.5, 123_456_789.012_345_68, f64::MIN_POSITIVE] {
            let text = value(&Data::Float(f));
            assert_eq!(text.parse::<f64>(), Ok(f), "{text}");
        }
        assert_eq!(value(&Data::Float(12.0)), "12");
        assert_eq!(value(&Data::Float(0.1)), "0.1");
        assert_eq!(value(&Data::Int(-3)), "-3");
    }

    #[test]
    fn other_cells_become_their_text() {
        assert_eq!(value(&Data::Empty), "");
        assert_eq!(value(&Data::Bool(true)), "true");
        assert_eq!(value(&Data::String(" a,b ".to_owned())), " a,b ");
        // 45352 days after 1899-12-30 is 2024-03-01; a half day is noon.
        let date = ExcelDateTime::new(45352.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(value(&Data::DateTime(date)), "2024-03-01");
        let noon = ExcelDateTime::new(45352.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(value(&Data::DateTime(noon)), "2024-03-01T12:00:00");
        assert_eq!(cell_text(&Data::Error(CellErrorType::Div0)), CellText::Error("#DIV/0!".to_owned()));
    }
}
