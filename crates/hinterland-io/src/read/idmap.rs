//! The ids of one table: id → index, where each was defined, and the diagnostics of a
//! repeated or unknown id.

use std::collections::HashMap;

use crate::codes;
use crate::read::sink::Sink;
use std::ops::Range;

use super::locate::locate;
use super::table::{Col, Row, RowPos};

/// Ids of one table: id → index, and where each was defined.
pub(crate) struct IdMap {
    /// What the ids name, for messages: `node`, `lane`, ...
    pub(super) what: &'static str,
    pub(super) file: &'static str,
    pub(super) index: HashMap<String, u32>,
    pub(super) defined_at: Vec<RowPos>,
}

impl IdMap {
    pub(crate) fn new(what: &'static str, file: &'static str) -> IdMap {
        IdMap { what, file, index: HashMap::new(), defined_at: Vec::new() }
    }

    /// Registers the id of the next row and returns its index (the row's position among
    /// the rows pushed so far). A repeated id is reported; lookups keep the first.
    pub(crate) fn define(&mut self, sink: &mut Sink, row: &Row, c: Col, id: &str) -> u32 {
        let i = self.defined_at.len() as u32;
        self.defined_at.push(row.pos());
        if let Some(&first) = self.index.get(id) {
            let (line, _) = locate(row.text(), self.defined_at[first as usize]);
            sink.push(
                row.diag(
                    codes::DUPLICATE_ID,
                    Some(c),
                    format!("duplicate {} id `{id}` in `{}`", self.what, self.file),
                )
                .with_help(format!(
                    "`{id}` is already defined on line {line}; ids must be unique within a table"
                )),
            );
        } else {
            self.index.insert(id.to_owned(), i);
        }
        i
    }

    /// The line and the byte range of the row that defined index `i`, in the table's `text`.
    pub(crate) fn row_of(&self, text: &str, i: usize) -> (usize, Range<usize>) {
        let (line, spans) = locate(text, self.defined_at[i]);
        let span = spans.first().zip(spans.last()).map_or(0..0, |(a, b)| a.start..b.end);
        (line, span)
    }

    /// Registers a row whose id could not be read, to keep indices aligned with rows.
    pub(crate) fn skip(&mut self, row: &Row) -> u32 {
        let i = self.defined_at.len() as u32;
        self.defined_at.push(row.pos());
        i
    }
}
