//! Rows that repeat an earlier row in every value: in tables whose rows add up (needs,
//! demand, offers) or multiply (availability factors), a copied row silently counts twice.
//!
//! Rows are remembered by a hash of their values; a hash match is confirmed by reading the
//! earlier row again, so only true repeats are reported and memory stays one entry per row.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::read::table::RowPos;

pub(crate) struct Repeats {
    /// What counting a row twice does, for the warning.
    pub(crate) consequence: &'static str,
    seen: HashMap<u64, Vec<RowPos>>,
}

impl Repeats {
    pub(crate) fn new(consequence: &'static str) -> Repeats {
        Repeats { consequence, seen: HashMap::new() }
    }

    /// The earlier row with the same `cells`, if any; otherwise remembers this row at `pos`.
    /// `cells_at` reads the cells of an earlier row.
    pub(crate) fn check(
        &mut self,
        cells: &[&str],
        pos: RowPos,
        cells_at: impl Fn(RowPos) -> Vec<String>,
    ) -> Option<RowPos> {
        // `DefaultHasher::new` has fixed keys: the same rows give the same hashes every run.
        let mut h = DefaultHasher::new();
        cells.hash(&mut h);
        let candidates = self.seen.entry(h.finish()).or_default();
        let earlier = candidates
            .iter()
            .copied()
            .find(|&p| cells_at(p).iter().map(String::as_str).eq(cells.iter().copied()));
        if earlier.is_none() {
            candidates.push(pos);
        }
        earlier
    }
}
