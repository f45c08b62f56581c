//! Where a CSV record sits in its file: its line and the byte ranges of its fields, for
//! diagnostics that point at a cell.

use std::ops::Range;

use super::table::RowPos;

/// Skips the blank and comment lines the CSV parser may have passed before a record.
/// Returns the record's first byte and its line.
pub(crate) fn skip_to_record(text: &str, pos: RowPos) -> (usize, usize) {
    skip_to_line(text, pos.byte, pos.line)
}

/// [`skip_to_record`] from the parser's byte offset and line (also for the workbook writer,
/// which reads the CSV with the `csv` crate's positions).
pub(crate) fn skip_to_line(text: &str, byte: usize, line: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut i, mut line) = (byte.min(bytes.len()), line);
    loop {
        match bytes.get(i) {
            Some(b'\n') => {
                line += 1;
                i += 1;
            }
            Some(b'\r') => i += 1,
            Some(b'#') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => return (i, line),
        }
    }
}

/// The record's line and the byte range of each of its fields (quotes included).
pub(crate) fn locate(text: &str, pos: RowPos) -> (usize, Vec<Range<usize>>) {
    let (start, line) = skip_to_record(text, pos);
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    loop {
        let field_start = i;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        spans.push(field_start..i);
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            return (line, spans);
        }
    }
}

/// The line of a recorded row, for "first defined on line N".
pub(crate) fn line_of(text: &str, pos: RowPos) -> usize {
    skip_to_record(text, pos).1
}

pub(crate) fn count_newlines(s: &str) -> usize {
    s.bytes().filter(|b| *b == b'\n').count()
}
