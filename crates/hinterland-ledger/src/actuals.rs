//! What the ledger shows happened, in the terms of a plan: people served and tonnes handed
//! out per district and period, and tonnes shipped per corridor and period. The re-plan takes
//! the people served off the needs; the variance report compares both with an earlier plan.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use hinterland_model::Calendar;

use crate::book::Book;
use crate::entry::Recorded;
use crate::field::Kind;

/// People served and food handed out in a district for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct ServedRow {
    pub district: String,
    pub period: String,
    /// Per commodity the sum of its distributions' `people`; the largest of these (a family
    /// given wheat and cowpeas counts once).
    pub people: f64,
    /// Tonnes handed out, all commodities.
    pub tonnes: f64,
    /// Tonnes per commodity, sorted by commodity.
    pub by_commodity: Vec<(String, f64)>,
}

/// Tonnes dispatched on a corridor in a period.
#[derive(Clone, Debug, PartialEq)]
pub struct ShippedRow {
    /// The shipment's `corridor`, empty when it names none.
    pub corridor: String,
    /// Where the shipments left.
    pub from: String,
    pub period: String,
    pub tonnes: f64,
}

/// The period label of a day, in `cal`.
fn period_of(cal: &Calendar, date: NaiveDate) -> Option<String> {
    cal.periods()
        .find(|&p| cal.first_day(p) <= date && date <= cal.last_day(p))
        .map(|p| cal.label(p).to_owned())
}

/// Distributions dated up to `as_of`, per district and period (a distribution's `period`, or
/// the period of its date), sorted by district and period.
pub fn served(all: &[Recorded], as_of: NaiveDate, cal: &Calendar) -> Vec<ServedRow> {
    let book = Book::new(all);
    let mut rows: BTreeMap<(String, String), BTreeMap<String, (f64, f64)>> = BTreeMap::new();
    for r in book.entries.iter().take_while(|r| r.entry.date <= as_of) {
        let e = &r.entry;
        if e.kind != Kind::Distribution {
            continue;
        }
        let (Some(d), Some(c)) = (&e.to, &e.commodity) else { continue };
        // The calendar's own label, also for a month written as its first day (`2024-06-01`).
        let period = match &e.period {
            Some(p) => cal.find(p).map_or_else(|| p.clone(), |q| cal.label(q).to_owned()),
            None => match period_of(cal, e.date) {
                Some(p) => p,
                None => continue,
            },
        };
        let cell = rows.entry((d.clone(), period)).or_default().entry(c.clone()).or_default();
        cell.0 += e.people.unwrap_or(0) as f64;
        cell.1 += e.quantity_t.unwrap_or(0.0);
    }
    rows.into_iter()
        .map(|((district, period), by)| ServedRow {
            district,
            period,
            people: by.values().map(|v| v.0).fold(0.0, f64::max),
            tonnes: by.values().map(|v| v.1).sum(),
            by_commodity: by.into_iter().map(|(c, v)| (c, v.1)).collect(),
        })
        .collect()
}

/// Shipments dispatched up to `as_of` from places `from_port` accepts, per corridor, place and
/// period of dispatch, sorted.
pub fn shipped(
    all: &[Recorded],
    as_of: NaiveDate,
    cal: &Calendar,
    from_port: impl Fn(&str) -> bool,
) -> Vec<ShippedRow> {
    let book = Book::new(all);
    let mut rows: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    for r in book.entries.iter().take_while(|r| r.entry.date <= as_of) {
        let e = &r.entry;
        let (Kind::Shipment, Some(from)) = (e.kind, &e.from) else { continue };
        if !from_port(from) {
            continue;
        }
        let Some(period) = period_of(cal, e.date) else { continue };
        *rows.entry((e.corridor.clone().unwrap_or_default(), from.clone(), period)).or_default() +=
            e.quantity_t.unwrap_or(0.0);
    }
    rows.into_iter()
        .map(|((corridor, from, period), tonnes)| ShippedRow { corridor, from, period, tonnes })
        .collect()
}
