//! The effective entries (neither reversals nor reversed) in the order things happened, and
//! how each one moves goods: what enters and what leaves a place. Status, verify and the
//! opening position all count from here.

use std::collections::HashSet;

use crate::entry::{Recorded, Target};
use crate::field::Kind;

/// Entries that count, sorted by date and then by number.
pub struct Book<'a> {
    pub entries: Vec<&'a Recorded>,
}

impl<'a> Book<'a> {
    pub fn new(all: &'a [Recorded]) -> Book<'a> {
        let reversed: HashSet<i64> = all
            .iter()
            .filter_map(|r| match r.entry.reverses {
                Some(Target::Id(n)) => Some(n),
                _ => None,
            })
            .collect();
        let mut entries: Vec<&Recorded> =
            all.iter().filter(|r| r.entry.kind != Kind::Reversal && !reversed.contains(&r.id)).collect();
        entries.sort_by_key(|r| (r.entry.date, r.id));
        Book { entries }
    }
}

/// Goods an entry moves: tonnes of a commodity into a place (`+`) or out of it (`-`).
pub struct Move<'a> {
    pub place: &'a str,
    pub commodity: &'a str,
    pub tonnes: f64,
}

/// Goods entering a place: purchases, and arrivals of goods (closing a shipment or handing
/// over an in-kind pledge).
pub fn inflow(r: &Recorded) -> Option<Move<'_>> {
    let e = &r.entry;
    match e.kind {
        Kind::Purchase | Kind::Arrival => {
            Some(Move { place: e.to.as_deref()?, commodity: e.commodity.as_deref()?, tonnes: e.quantity_t? })
        }
        _ => None,
    }
}

/// Goods leaving a place: shipments (dispatched) and distributions.
pub fn outflow(r: &Recorded) -> Option<Move<'_>> {
    let e = &r.entry;
    match e.kind {
        Kind::Shipment | Kind::Distribution => Some(Move {
            place: e.from.as_deref()?,
            commodity: e.commodity.as_deref()?,
            tonnes: e.quantity_t?,
        }),
        _ => None,
    }
}
