//! The variance report: an earlier plan (its `plan.json`) against what the ledger shows
//! happened up to a date. Per district and period, person-days planned against served (the
//! cost of late or short deliveries in people); per pledge, what the plan counted on against
//! what was handed over, and how late; per corridor and period, tonnes the plan dispatched
//! from the ports against what the ledger shipped.
//!
//! Person-days served are the ledger's people served in a district and period (per commodity
//! the sum of its distributions' `people`, the largest of these) times the period's days: a
//! distribution feeds its people for its period, as the re-plan counts it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use hinterland_ledger::Recorded;
use hinterland_ledger::actuals::{served, shipped};
use hinterland_ledger::status::{Planned, Status};
use hinterland_model::{NodeKind, Scenario};
use serde_json::Value;
use thiserror::Error;

/// What the variance report needs of an earlier plan, read from its `plan.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    /// Where it came from: a file, or the scenario planned from its start.
    pub origin: String,
    /// Person-days reached per (district, period), over the phases.
    pub person_days: BTreeMap<(String, String), f64>,
    /// Food eaten per district, commodity and period (`consumption`).
    pub consumption: Vec<Planned>,
    /// In-kind donations: `(donation, commodity, node, quantity_t, available_period)`.
    pub donations: Vec<(String, String, String, f64, String)>,
    /// Fund amounts: `(fund, amount_usd)`.
    pub funds: Vec<(String, f64)>,
    /// Flows: `(lane, period of dispatch, tonnes)`.
    pub flows: Vec<(String, String, f64)>,
}

/// Why a file is not a plan the variance report can use.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum BaselineError {
    #[error(
        "`{origin}` has no `{array}` array of rows with `{fields}`; give a plan.json from `hinterland plan`"
    )]
    Missing { origin: String, array: &'static str, fields: &'static str },
}

fn rows<'v>(
    json: &'v Value,
    origin: &str,
    array: &'static str,
    fields: &'static str,
) -> Result<&'v [Value], BaselineError> {
    json.get(array).and_then(Value::as_array).map(Vec::as_slice).ok_or_else(|| BaselineError::Missing {
        origin: origin.to_owned(),
        array,
        fields,
    })
}

fn text(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_owned)
}

fn num(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64)
}

impl Baseline {
    /// Reads the arrays of a plan.json (docs/plan-json.md); rows missing a field are skipped.
    pub fn from_plan_json(origin: &str, json: &Value) -> Result<Baseline, BaselineError> {
        let mut person_days: BTreeMap<(String, String), f64> = BTreeMap::new();
        for r in rows(json, origin, "needs", "district, period, person_days_reached")? {
            if let (Some(d), Some(p), Some(x)) =
                (text(r, "district"), text(r, "period"), num(r, "person_days_reached"))
            {
                *person_days.entry((d, p)).or_default() += x;
            }
        }
        let consumption = rows(json, origin, "consumption", "district, commodity, period, tonnes")?
            .iter()
            .filter_map(|r| {
                Some(Planned {
                    district: text(r, "district")?,
                    commodity: text(r, "commodity")?,
                    period: text(r, "period")?,
                    tonnes: num(r, "tonnes")?,
                })
            })
            .collect();
        let donations =
            rows(json, origin, "donations", "donation, commodity, node, quantity_t, available_period")?
                .iter()
                .filter_map(|r| {
                    Some((
                        text(r, "donation")?,
                        text(r, "commodity")?,
                        text(r, "node")?,
                        num(r, "quantity_t")?,
                        text(r, "available_period")?,
                    ))
                })
                .collect();
        let funds = rows(json, origin, "funds", "fund, amount_usd")?
            .iter()
            .filter_map(|r| Some((text(r, "fund")?, num(r, "amount_usd")?)))
            .collect();
        let flows = rows(json, origin, "flows", "lane, period, tonnes")?
            .iter()
            .filter_map(|r| Some((text(r, "lane")?, text(r, "period")?, num(r, "tonnes")?)))
            .collect();
        Ok(Baseline { origin: origin.to_owned(), person_days, consumption, donations, funds, flows })
    }
}

/// A district in a period that began by the as-of date.
#[derive(Clone, Debug, PartialEq)]
pub struct DistrictGap {
    pub district: String,
    pub period: String,
    /// Whether the period had ended by the as-of date (false: still in progress).
    pub complete: bool,
    pub planned_person_days: f64,
    pub served_person_days: f64,
    pub planned_t: f64,
    pub distributed_t: f64,
}

impl DistrictGap {
    /// Person-days the plan reached and the ledger did not (negative: served more).
    pub fn gap(&self) -> f64 {
        self.planned_person_days - self.served_person_days
    }
}

/// A pledge: what the plan counted on against what was handed over.
#[derive(Clone, Debug, PartialEq)]
pub struct PledgeGap {
    pub reference: String,
    /// The commodity of goods, `None` for money.
    pub commodity: Option<String>,
    /// The hand-over place of goods, or the fund of money.
    pub place: String,
    /// What the plan counted on: the matching donations' tonnes, or the fund's amount.
    pub planned: Option<f64>,
    /// The first period the plan had it (donations only).
    pub planned_from: Option<String>,
    pub promised: f64,
    pub delivered: f64,
    pub due: NaiveDate,
    pub days_late: i64,
}

impl PledgeGap {
    /// Promised and due by the as-of date but not delivered (0 when not yet due).
    pub fn short(&self, as_of: NaiveDate) -> f64 {
        if self.due <= as_of { (self.promised - self.delivered).max(0.0) } else { 0.0 }
    }
    pub fn unit(&self) -> &'static str {
        if self.commodity.is_some() { "t" } else { "US$" }
    }
}

/// Tonnes dispatched from the ports on a corridor in a period.
#[derive(Clone, Debug, PartialEq)]
pub struct CorridorGap {
    pub corridor: String,
    pub period: String,
    pub planned_t: f64,
    pub shipped_t: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variance {
    pub as_of: NaiveDate,
    /// The earlier plan's origin.
    pub against: String,
    pub districts: Vec<DistrictGap>,
    pub pledges: Vec<PledgeGap>,
    pub corridors: Vec<CorridorGap>,
}

impl Variance {
    /// Person-days planned and served over every district row.
    pub fn totals(&self) -> (f64, f64) {
        let planned = self.districts.iter().map(|d| d.planned_person_days).sum();
        let served = self.districts.iter().map(|d| d.served_person_days).sum();
        (planned, served)
    }
}

/// The variance of the ledger's entries `all` (and their `status`) up to `as_of` from the
/// plan `base` of the scenario `s` (its full horizon: ids and periods are looked up there).
pub fn variance(
    base: &Baseline,
    s: &Scenario,
    all: &[Recorded],
    status: &Status,
    as_of: NaiveDate,
) -> Variance {
    let cal = &s.calendar;
    // Periods that began by the as-of date: label → (days, complete).
    let began: BTreeMap<&str, (f64, bool)> = cal
        .periods()
        .filter(|&p| cal.first_day(p) <= as_of)
        .map(|p| (cal.label(p), (cal.days(p), cal.last_day(p) <= as_of)))
        .collect();

    let mut districts: BTreeMap<(String, String), DistrictGap> = BTreeMap::new();
    for ((d, p), x) in &base.person_days {
        if let Some(r) = district_row(&mut districts, &began, d, p) {
            r.planned_person_days += x;
        }
    }
    for c in &base.consumption {
        if let Some(r) = district_row(&mut districts, &began, &c.district, &c.period) {
            r.planned_t += c.tonnes;
        }
    }
    for x in served(all, as_of, cal) {
        let days = began.get(x.period.as_str()).map_or(0.0, |b| b.0);
        if let Some(r) = district_row(&mut districts, &began, &x.district, &x.period) {
            r.served_person_days += x.people * days;
            r.distributed_t += x.tonnes;
        }
    }
    let districts: Vec<DistrictGap> = districts
        .into_values()
        .filter(|d| d.planned_person_days > 0.0 || d.served_person_days > 0.0 || d.distributed_t > 0.0)
        .collect();

    let pledges = status
        .pledges
        .iter()
        .map(|p| {
            let (place, planned, planned_from) = match (&p.commodity, &p.place, &p.fund) {
                (Some(c), Some(place), _) => {
                    let matching: Vec<_> =
                        base.donations.iter().filter(|d| &d.1 == c && &d.2 == place).collect();
                    let planned = (!matching.is_empty()).then(|| matching.iter().map(|d| d.3).sum());
                    (place.clone(), planned, matching.iter().map(|d| d.4.clone()).min())
                }
                (_, _, Some(fund)) => {
                    let planned = base.funds.iter().find(|f| &f.0 == fund).map(|f| f.1);
                    (fund.clone(), planned, None)
                }
                _ => (String::new(), None, None),
            };
            PledgeGap {
                reference: p.reference.clone(),
                commodity: p.commodity.clone(),
                place,
                planned,
                planned_from,
                promised: p.promised(),
                delivered: p.delivered(),
                due: p.due,
                days_late: p.days_late,
            }
        })
        .collect();

    let is_port = |code: &str| s.nodes.iter().any(|n| n.code == code && n.kind == NodeKind::Port);
    let mut corridors: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for (lane, period, tonnes) in &base.flows {
        let Some(l) = s.lanes.iter().find(|l| &l.code == lane) else { continue };
        if began.contains_key(period.as_str()) && s.node(l.from).kind == NodeKind::Port {
            corridors.entry((l.corridor.clone(), period.clone())).or_default().0 += tonnes;
        }
    }
    for x in shipped(all, as_of, cal, is_port) {
        corridors.entry((x.corridor, x.period)).or_default().1 += x.tonnes;
    }
    let corridors = corridors
        .into_iter()
        .filter(|(_, (planned, shipped))| *planned > 1e-9 || *shipped > 1e-9)
        .map(|((corridor, period), (planned_t, shipped_t))| CorridorGap {
            corridor,
            period,
            planned_t,
            shipped_t,
        })
        .collect();

    Variance { as_of, against: base.origin.clone(), districts, pledges, corridors }
}

/// The row of district `d` in period `p`, made on first use; `None` when `p` had not begun.
fn district_row<'m>(
    rows: &'m mut BTreeMap<(String, String), DistrictGap>,
    began: &BTreeMap<&str, (f64, bool)>,
    d: &str,
    p: &str,
) -> Option<&'m mut DistrictGap> {
    let &(_, complete) = began.get(p)?;
    Some(rows.entry((d.to_owned(), p.to_owned())).or_insert_with(|| DistrictGap {
        district: d.to_owned(),
        period: p.to_owned(),
        complete,
        planned_person_days: 0.0,
        served_person_days: 0.0,
        planned_t: 0.0,
        distributed_t: 0.0,
    }))
}
