//! The ledger's invariants, checked over every effective entry: no stock goes negative, no
//! shipment receives more than was dispatched, no fund spends more than was pledged into it,
//! and every arrival refers to an entry that still counts. Each violation names its entry.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::NaiveDate;

use crate::book::{Book, inflow, outflow};
use crate::entry::Recorded;
use crate::field::Kind;

/// Amounts may exceed a bound by this much (tonnes or US$) before it counts as a violation.
pub const TOLERANCE: f64 = 1e-6;

#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// After this outflow (and every inflow of the same day), the place holds less than
    /// nothing of the commodity.
    NegativeStock { entry: i64, date: NaiveDate, place: String, commodity: String, stock_t: f64 },
    /// This arrival brings the shipment's arrivals and losses above what was dispatched.
    OverArrival { entry: i64, shipment: String, dispatched_t: f64, arrived_and_lost_t: f64 },
    /// This arrival is dated before its shipment was dispatched.
    ArrivalBeforeDispatch { entry: i64, shipment: String, dispatched: NaiveDate, arrived: NaiveDate },
    /// This purchase brings the fund's spending above the money pledged into it so far.
    Overspent { entry: i64, fund: String, committed_usd: f64, spent_usd: f64 },
    /// This arrival's shipment or pledge was reversed.
    Orphan { entry: i64, kind: Kind, reference: String },
}

impl Violation {
    pub fn entry(&self) -> i64 {
        match self {
            Violation::NegativeStock { entry, .. }
            | Violation::OverArrival { entry, .. }
            | Violation::ArrivalBeforeDispatch { entry, .. }
            | Violation::Overspent { entry, .. }
            | Violation::Orphan { entry, .. } => *entry,
        }
    }

    /// A stable name for the kind of violation (JSON, tests).
    pub fn code(&self) -> &'static str {
        match self {
            Violation::NegativeStock { .. } => "negative_stock",
            Violation::OverArrival { .. } => "over_arrival",
            Violation::ArrivalBeforeDispatch { .. } => "arrival_before_dispatch",
            Violation::Overspent { .. } => "overspent",
            Violation::Orphan { .. } => "orphan",
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::NegativeStock { entry, date, place, commodity, stock_t } => write!(
                f,
                "entry `#{entry}` leaves `{place}` with `{stock_t}` t of `{commodity}` at the end of {date}: more went out than came in"
            ),
            Violation::OverArrival { entry, shipment, dispatched_t, arrived_and_lost_t } => write!(
                f,
                "entry `#{entry}` brings arrivals and losses of shipment `{shipment}` to `{arrived_and_lost_t}` t, more than the `{dispatched_t}` t dispatched"
            ),
            Violation::ArrivalBeforeDispatch { entry, shipment, dispatched, arrived } => write!(
                f,
                "entry `#{entry}` arrives on {arrived}, before shipment `{shipment}` was dispatched on {dispatched}"
            ),
            Violation::Overspent { entry, fund, committed_usd, spent_usd } => write!(
                f,
                "entry `#{entry}` brings spending from fund `{fund}` to US$ `{spent_usd}`, more than the US$ `{committed_usd}` pledged into it by then"
            ),
            Violation::Orphan { entry, kind, reference } => {
                write!(
                    f,
                    "entry `#{entry}` refers to {kind} `{reference}`, which was reversed or never recorded"
                )
            }
        }
    }
}

/// Every violation, ordered by entry number.
pub fn verify(all: &[Recorded]) -> Vec<Violation> {
    let book = Book::new(all);
    let mut out = Vec::new();

    // Stock, day by day: every inflow of the day first, then the outflows in entry order.
    let mut stock: HashMap<(&str, &str), f64> = HashMap::new();
    let mut day_start = 0;
    while day_start < book.entries.len() {
        let date = book.entries[day_start].entry.date;
        let day_end = book.entries[day_start..]
            .iter()
            .position(|r| r.entry.date != date)
            .map_or(book.entries.len(), |n| day_start + n);
        let day = &book.entries[day_start..day_end];
        for r in day {
            if let Some(m) = inflow(r) {
                *stock.entry((m.place, m.commodity)).or_default() += m.tonnes;
            }
        }
        for r in day {
            if let Some(m) = outflow(r) {
                let s = stock.entry((m.place, m.commodity)).or_default();
                let before = *s;
                *s -= m.tonnes;
                // Name only the entry that crosses below zero, not every later one.
                if *s < -TOLERANCE && before >= -TOLERANCE {
                    out.push(Violation::NegativeStock {
                        entry: r.id,
                        date,
                        place: m.place.to_owned(),
                        commodity: m.commodity.to_owned(),
                        stock_t: *s,
                    });
                }
            }
        }
        // A place that went negative and came back is named again if it falls once more.
        day_start = day_end;
    }

    // Shipments and pledges that count, and arrivals against them.
    let mut shipments: BTreeMap<&str, (&Recorded, f64)> = BTreeMap::new();
    let mut pledges: BTreeMap<&str, &Recorded> = BTreeMap::new();
    let mut spent: HashMap<&str, f64> = HashMap::new();
    for r in &book.entries {
        let e = &r.entry;
        match e.kind {
            Kind::Shipment => {
                if let Some(reference) = &e.reference {
                    shipments.insert(reference, (r, 0.0));
                }
            }
            Kind::Pledge => {
                if let Some(reference) = &e.reference {
                    pledges.insert(reference, r);
                }
            }
            _ => {}
        }
    }
    // Money: pledges of a day count before the purchases of that day.
    let mut money: Vec<&Recorded> = book
        .entries
        .iter()
        .copied()
        .filter(|r| r.entry.kind == Kind::Purchase || r.entry.kind == Kind::Pledge)
        .collect();
    money.sort_by_key(|r| (r.entry.date, r.entry.kind != Kind::Pledge, r.id));
    let mut committed_so_far: HashMap<&str, f64> = HashMap::new();
    for r in money {
        let (Some(fund), Some(usd)) = (r.entry.fund.as_deref(), r.entry.amount_usd) else { continue };
        if r.entry.kind == Kind::Pledge {
            *committed_so_far.entry(fund).or_default() += usd;
            continue;
        }
        let s = spent.entry(fund).or_default();
        let before = *s;
        *s += usd;
        let c = committed_so_far.get(fund).copied().unwrap_or(0.0);
        if *s > c + TOLERANCE && before <= c + TOLERANCE {
            out.push(Violation::Overspent {
                entry: r.id,
                fund: fund.to_owned(),
                committed_usd: c,
                spent_usd: *s,
            });
        }
    }
    for r in &book.entries {
        let e = &r.entry;
        if e.kind != Kind::Arrival {
            continue;
        }
        if let Some(s) = &e.shipment {
            let Some((ship, got)) = shipments.get_mut(s.as_str()) else {
                out.push(Violation::Orphan { entry: r.id, kind: Kind::Shipment, reference: s.clone() });
                continue;
            };
            if e.date < ship.entry.date {
                out.push(Violation::ArrivalBeforeDispatch {
                    entry: r.id,
                    shipment: s.clone(),
                    dispatched: ship.entry.date,
                    arrived: e.date,
                });
            }
            let dispatched = ship.entry.quantity_t.unwrap_or(0.0);
            let before = *got;
            *got += e.quantity_t.unwrap_or(0.0) + e.lost_t.unwrap_or(0.0);
            if *got > dispatched + TOLERANCE && before <= dispatched + TOLERANCE {
                out.push(Violation::OverArrival {
                    entry: r.id,
                    shipment: s.clone(),
                    dispatched_t: dispatched,
                    arrived_and_lost_t: *got,
                });
            }
        } else if let Some(p) = &e.pledge
            && !pledges.contains_key(p.as_str())
        {
            out.push(Violation::Orphan { entry: r.id, kind: Kind::Pledge, reference: p.clone() });
        }
    }
    out.sort_by_key(Violation::entry);
    out
}
