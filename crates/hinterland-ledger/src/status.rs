//! Where things stand on a date: per pledge promised against delivered and how late, per
//! place stock on hand and in transit, per fund committed, spent and left, per district
//! distributed (against a plan when one is given).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::book::{Book, inflow, outflow};
use crate::catalog::Catalog;
use crate::entry::Recorded;
use crate::field::Kind;

/// Delivered counts as complete when it reaches the promise to this relative tolerance.
const COMPLETE: f64 = 1e-9;

/// Food or goods a plan gives a district in a period (from plan.json's `consumption` and
/// `nonfood` arrays).
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub district: String,
    pub commodity: String,
    pub period: String,
    pub tonnes: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PledgeStatus {
    pub id: i64,
    pub reference: String,
    pub donor: String,
    /// The commodity of an in-kind pledge, `None` for money.
    pub commodity: Option<String>,
    pub fund: Option<String>,
    pub place: Option<String>,
    pub promised_t: f64,
    pub promised_usd: f64,
    pub delivered_t: f64,
    pub delivered_usd: f64,
    pub due: NaiveDate,
    /// The day the deliveries reached the promise, if they have.
    pub completed_on: Option<NaiveDate>,
    /// Days after `due` that it was completed, or (still open) that have passed; 0 = on time.
    pub days_late: i64,
}

impl PledgeStatus {
    pub fn promised(&self) -> f64 {
        if self.commodity.is_some() { self.promised_t } else { self.promised_usd }
    }
    pub fn delivered(&self) -> f64 {
        if self.commodity.is_some() { self.delivered_t } else { self.delivered_usd }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlaceStatus {
    pub place: String,
    pub commodity: String,
    pub on_hand_t: f64,
    /// Dispatched towards this place and neither arrived nor recorded lost.
    pub in_transit_t: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FundStatus {
    pub fund: String,
    /// Money pledged into the fund.
    pub committed_usd: f64,
    /// Money of those pledges recorded as received.
    pub received_usd: f64,
    /// Spent on purchases.
    pub spent_usd: f64,
    pub left_usd: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DistrictStatus {
    pub district: String,
    pub commodity: String,
    pub distributed_t: f64,
    pub people: u64,
    /// What the plan gives the district up to the date (periods pro rata by days), when a plan
    /// is given.
    pub planned_t: Option<f64>,
}

/// The status on a date. Rows are sorted by id so outputs are deterministic.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub as_of: NaiveDate,
    pub entries: usize,
    pub pledges: Vec<PledgeStatus>,
    pub places: Vec<PlaceStatus>,
    pub funds: Vec<FundStatus>,
    pub districts: Vec<DistrictStatus>,
}

/// Stock on hand and in transit per (place, commodity) at the end of `as_of`; also used by the
/// opening position.
pub fn stocks(book: &Book<'_>, as_of: NaiveDate) -> BTreeMap<(String, String), (f64, f64)> {
    let mut out: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for r in book.entries.iter().take_while(|r| r.entry.date <= as_of) {
        if let Some(m) = inflow(r) {
            out.entry((m.place.to_owned(), m.commodity.to_owned())).or_default().0 += m.tonnes;
        }
        if let Some(m) = outflow(r) {
            out.entry((m.place.to_owned(), m.commodity.to_owned())).or_default().0 -= m.tonnes;
        }
    }
    for s in shipments_open(book, as_of) {
        out.entry((s.to.clone(), s.commodity.clone())).or_default().1 += s.remaining_t;
    }
    out
}

/// A shipment dispatched by the date that has not all arrived or been lost.
pub struct Open {
    pub reference: String,
    pub commodity: String,
    pub to: String,
    pub due: Option<NaiveDate>,
    pub remaining_t: f64,
}

pub fn shipments_open(book: &Book<'_>, as_of: NaiveDate) -> Vec<Open> {
    let mut sent: BTreeMap<&str, (&Recorded, f64)> = BTreeMap::new();
    for r in book.entries.iter().take_while(|r| r.entry.date <= as_of) {
        let e = &r.entry;
        match (e.kind, &e.reference, &e.shipment) {
            (Kind::Shipment, Some(reference), _) => {
                sent.insert(reference, (r, e.quantity_t.unwrap_or(0.0)));
            }
            (Kind::Arrival, _, Some(s)) => {
                if let Some((_, left)) = sent.get_mut(s.as_str()) {
                    *left -= e.quantity_t.unwrap_or(0.0) + e.lost_t.unwrap_or(0.0);
                }
            }
            _ => {}
        }
    }
    sent.into_iter()
        .filter(|(_, (_, left))| *left > 1e-9)
        .filter_map(|(reference, (r, left))| {
            Some(Open {
                reference: reference.to_owned(),
                commodity: r.entry.commodity.clone()?,
                to: r.entry.to.clone()?,
                due: r.entry.due,
                remaining_t: left,
            })
        })
        .collect()
}

/// The status at the end of `as_of`.
pub fn status(all: &[Recorded], as_of: NaiveDate, plan: Option<(&[Planned], &Catalog)>) -> Status {
    let book = Book::new(all);
    let upto = || book.entries.iter().take_while(|r| r.entry.date <= as_of);

    let mut pledges: BTreeMap<&str, PledgeStatus> = BTreeMap::new();
    let mut funds: BTreeMap<String, FundStatus> = BTreeMap::new();
    let mut districts: BTreeMap<(String, String), DistrictStatus> = BTreeMap::new();
    for r in upto() {
        let e = &r.entry;
        match e.kind {
            Kind::Pledge => {
                let Some(reference) = e.reference.as_deref() else { continue };
                pledges.insert(
                    reference,
                    PledgeStatus {
                        id: r.id,
                        reference: reference.to_owned(),
                        donor: e.donor.clone().unwrap_or_default(),
                        commodity: e.commodity.clone(),
                        fund: e.fund.clone(),
                        place: e.to.clone(),
                        promised_t: e.quantity_t.unwrap_or(0.0),
                        promised_usd: e.amount_usd.unwrap_or(0.0),
                        delivered_t: 0.0,
                        delivered_usd: 0.0,
                        due: e.due.unwrap_or(e.date),
                        completed_on: None,
                        days_late: 0,
                    },
                );
                if let (Some(fund), Some(usd)) = (&e.fund, e.amount_usd) {
                    fund_row(&mut funds, fund).committed_usd += usd;
                }
            }
            Kind::Arrival => {
                if let Some(p) = e.pledge.as_deref().and_then(|p| pledges.get_mut(p)) {
                    p.delivered_t += e.quantity_t.unwrap_or(0.0);
                    p.delivered_usd += e.amount_usd.unwrap_or(0.0);
                    if p.completed_on.is_none() && p.delivered() >= p.promised() * (1.0 - COMPLETE) {
                        p.completed_on = Some(e.date);
                    }
                }
                if let (Some(fund), Some(usd)) = (&e.fund, e.amount_usd) {
                    fund_row(&mut funds, fund).received_usd += usd;
                }
            }
            Kind::Purchase => {
                if let (Some(fund), Some(usd)) = (&e.fund, e.amount_usd) {
                    fund_row(&mut funds, fund).spent_usd += usd;
                }
            }
            Kind::Distribution => {
                if let (Some(d), Some(c)) = (&e.to, &e.commodity) {
                    let row = district_row(&mut districts, d, c);
                    row.distributed_t += e.quantity_t.unwrap_or(0.0);
                    row.people += e.people.unwrap_or(0);
                }
            }
            Kind::Shipment | Kind::Reversal => {}
        }
    }
    for p in pledges.values_mut() {
        let end = p.completed_on.unwrap_or(as_of);
        p.days_late = (end - p.due).num_days().max(0);
    }
    for f in funds.values_mut() {
        f.left_usd = f.committed_usd - f.spent_usd;
    }
    if let Some((planned, catalog)) = plan {
        let cal = catalog.calendar();
        for row in districts.values_mut() {
            row.planned_t = Some(0.0);
        }
        for p in planned {
            let Some(period) = cal.find(&p.period) else { continue };
            let first = cal.first_day(period);
            let days = (as_of - first).num_days() + 1;
            let share = (days as f64 / cal.days(period)).clamp(0.0, 1.0);
            if share > 0.0 {
                let row = district_row(&mut districts, &p.district, &p.commodity);
                *row.planned_t.get_or_insert(0.0) += p.tonnes * share;
            }
        }
    }
    let places = stocks(&book, as_of)
        .into_iter()
        .filter(|(_, (hand, transit))| hand.abs() > 1e-9 || transit.abs() > 1e-9)
        .map(|((place, commodity), (on_hand_t, in_transit_t))| PlaceStatus {
            place,
            commodity,
            on_hand_t,
            in_transit_t,
        })
        .collect();
    Status {
        as_of,
        entries: all.len(),
        pledges: pledges.into_values().collect(),
        places,
        funds: funds.into_values().collect(),
        districts: districts.into_values().collect(),
    }
}

fn fund_row<'m>(funds: &'m mut BTreeMap<String, FundStatus>, fund: &str) -> &'m mut FundStatus {
    funds.entry(fund.to_owned()).or_insert_with(|| FundStatus {
        fund: fund.to_owned(),
        committed_usd: 0.0,
        received_usd: 0.0,
        spent_usd: 0.0,
        left_usd: 0.0,
    })
}

fn district_row<'m>(
    rows: &'m mut BTreeMap<(String, String), DistrictStatus>,
    district: &str,
    commodity: &str,
) -> &'m mut DistrictStatus {
    rows.entry((district.to_owned(), commodity.to_owned())).or_insert_with(|| DistrictStatus {
        district: district.to_owned(),
        commodity: commodity.to_owned(),
        distributed_t: 0.0,
        people: 0,
        planned_t: None,
    })
}
