//! Re-planning from actuals: the scenario of the rest of the season, with what is past
//! replaced by what the ledger records up to the end of a day (`plan --ledger … --as-of …`).
//!
//! The rules, one per table the past changes (docs/ledger.md, "Re-planning from the ledger"):
//!
//! - **horizon**: it starts with the period that holds the day after `as_of`; the periods
//!   before are dropped ([`Scenario::from_period`]), and with them their need and demand rows
//!   and their market offers (an order cannot be placed in the past).
//! - **stocks.csv**: replaced by the ledger's stock on hand at the end of `as_of` (not added to
//!   the scenario's own opening stock: the ledger counts everything since the start).
//! - **pipeline.csv**: replaced by the ledger's shipments in transit, each arriving in the
//!   period of its `due` date (or the first period when it is overdue or has none).
//! - **funds.csv**: each fund's `amount_usd` less what the ledger's purchases spent from it.
//! - **supply.csv**: each donation less what the ledger's pledges of the same commodity at the
//!   same place have handed over (arrivals naming the pledge); a donation handed over in full
//!   is dropped, the rest is available from the first period.
//! - **needs.csv**: the people the ledger served in a district and period (per commodity the
//!   sum of its distributions' `people`, the largest of these: a family given wheat and
//!   cowpeas counts once) are taken off that period's need rows, pro rata over their phases.
//! - **demand.csv**: tonnes of a commodity the ledger distributed to a place for a period are
//!   taken off that period's demand rows there.
//!
//! Refused: an `as_of` whose next day is outside the horizon, an entry (up to `as_of`) naming
//! a place, commodity, fund or period the scenario does not know, and a ledger whose entries
//! up to `as_of` break an invariant (`verify`): a negative stock or an overspent fund would
//! make the position meaningless.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use hinterland_model::{Calendar, OpeningStock, Scenario, Shipment};

use crate::actuals::served;
use thiserror::Error;

use crate::book::Book;
use crate::catalog::Catalog;
use crate::entry::Recorded;
use crate::field::Kind;
use crate::position::{Omitted, Position, position};
use crate::problem::Problem;
use crate::verify::{Violation, verify};

/// The re-planned scenario and what was changed to make it.
#[derive(Clone, Debug)]
pub struct Replan {
    pub scenario: Scenario,
    pub replanned: Replanned,
}

/// What a re-plan took from the ledger, for the outputs to say.
#[derive(Clone, Debug, PartialEq)]
pub struct Replanned {
    pub as_of: NaiveDate,
    /// The label of the re-plan's first period.
    pub first_period: String,
    /// Periods of the scenario before it, dropped.
    pub dropped_periods: usize,
    /// The opening stock and pipeline, as `ledger export-position` writes them.
    pub position: Position,
    /// Rows of the scenario's own stocks.csv and pipeline.csv that the ledger's replaced.
    pub replaced_stocks: usize,
    pub replaced_pipeline: usize,
    pub funds: Vec<FundLeft>,
    pub donations: Vec<DonationLeft>,
    /// People served per district and remaining period, where the ledger records any.
    pub served: Vec<Served>,
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FundLeft {
    pub fund: String,
    /// The scenario's `amount_usd`.
    pub budget_usd: f64,
    pub spent_usd: f64,
    /// The re-plan's budget: `budget − spent`, at least 0.
    pub left_usd: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DonationLeft {
    pub donation: String,
    pub commodity: String,
    pub node: String,
    pub quantity_t: f64,
    /// Handed over by the ledger's pledges of the same commodity at the same place.
    pub handed_over_t: f64,
    /// What the re-plan may still use (0: dropped).
    pub left_t: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Served {
    pub district: String,
    pub period: String,
    /// People the ledger served (see the module doc).
    pub people: f64,
    /// People in need in the scenario's rows of the district and period, before and after.
    pub in_need_before: f64,
    pub in_need_after: f64,
}

/// Something a re-plan leaves out or cannot square, said as a warning.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum Note {
    #[error("{0}")]
    Omitted(Omitted),
    #[error(
        "the scenario's own stocks.csv ({stocks} row(s)) and pipeline.csv ({pipeline} row(s)) are replaced by the ledger's position, not added to it"
    )]
    ScenarioPositionReplaced { stocks: usize, pipeline: usize },
    #[error(
        "pledge `{reference}` ({left_t} t of `{commodity}` at `{place}` not yet handed over) matches no donation of the scenario's supply.csv; the re-plan does not count on it"
    )]
    PledgeNotInScenario { reference: String, commodity: String, place: String, left_t: f64 },
    #[error(
        "fund `{fund}` spent US$ `{spent_usd}` by the ledger, more than its US$ `{budget_usd}` in funds.csv; the re-plan has nothing left in it"
    )]
    Overspent { fund: String, budget_usd: f64, spent_usd: f64 },
    #[error(
        "the re-plan starts with `{period}`, of which {days_past} day(s) are past: it is planned whole (its lanes, markets and need less the people already served); re-plan from the end of a period for a clean start"
    )]
    MidPeriod { period: String, days_past: i64 },
    #[error(
        "{count} entry(ies) dated after the as-of date break an invariant (`hinterland ledger verify` names them); they do not change this re-plan"
    )]
    LaterViolations { count: usize },
}

/// Why no re-plan was made.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ReplanError {
    #[error(
        "`--as-of`: `{as_of}` is outside the scenario's horizon ({first} to {last}); the re-plan starts the day after it"
    )]
    OutsideHorizon { as_of: NaiveDate, first: NaiveDate, last: NaiveDate },
    #[error("{} ledger entry(ies) name something the scenario does not know", .0.len())]
    Unknown(Vec<(i64, Problem)>),
    #[error("the ledger breaks {} invariant(s) up to the as-of date", .0.len())]
    Violations(Vec<Violation>),
}

impl ReplanError {
    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            ReplanError::OutsideHorizon { .. } => {
                "give a day from the day before the first period to the day before the last period ends"
            }
            ReplanError::Unknown(_) => {
                "plan the scenario the ledger was recorded against (`--scenario` of the ledger commands), or add the ids to it"
            }
            ReplanError::Violations(_) => {
                "correct the entries with reversals and new entries (docs/ledger.md), then re-plan"
            }
        }
    }
}

/// The scenario `s` re-planned from the ledger's entries `all` as of the end of `as_of`.
pub fn replan(s: &Scenario, all: &[Recorded], as_of: NaiveDate) -> Result<Replan, ReplanError> {
    let cal = &s.calendar;
    let outside = || ReplanError::OutsideHorizon {
        as_of,
        first: cal.start().pred_opt().unwrap_or(cal.start()),
        last: cal.periods().last().map_or(cal.start(), |p| cal.last_day(p)).pred_opt().unwrap_or(cal.start()),
    };
    let next_day = as_of.checked_add_days(Days::new(1)).ok_or_else(outside)?;
    let first = cal
        .periods()
        .find(|&p| cal.first_day(p) <= next_day && next_day <= cal.last_day(p))
        .ok_or_else(outside)?;

    let catalog = Catalog::from_scenario(s);
    let book = Book::new(all);
    let upto = || book.entries.iter().copied().take_while(|r| r.entry.date <= as_of);
    let unknown: Vec<(i64, Problem)> =
        upto().flat_map(|r| catalog.problems(&r.entry).into_iter().map(move |p| (r.id, p))).collect();
    if !unknown.is_empty() {
        return Err(ReplanError::Unknown(unknown));
    }
    let (now, later): (Vec<Violation>, Vec<Violation>) = verify(all)
        .into_iter()
        .partition(|v| all.iter().find(|r| r.id == v.entry()).is_some_and(|r| r.entry.date <= as_of));
    if !now.is_empty() {
        return Err(ReplanError::Violations(now));
    }

    let mut out = s.from_period(first).ok_or_else(outside)?;
    out.name = format!("{} (re-planned from the ledger as of {as_of})", s.name);
    let mut notes = Vec::new();
    if !later.is_empty() {
        notes.push(Note::LaterViolations { count: later.len() });
    }
    if cal.first_day(first) < next_day {
        notes.push(Note::MidPeriod {
            period: cal.label(first).to_owned(),
            days_past: (next_day - cal.first_day(first)).num_days(),
        });
    }

    // Stocks and pipeline: the ledger's position replaces the scenario's.
    let pos = position(all, as_of, &catalog);
    notes.extend(pos.omitted.iter().cloned().map(Note::Omitted));
    if !s.opening.is_empty() || !s.pipeline.is_empty() {
        notes.push(Note::ScenarioPositionReplaced { stocks: s.opening.len(), pipeline: s.pipeline.len() });
    }
    let node = |code: &str| s.node_ids().find(|&n| s.node(n).code == code);
    let commodity = |code: &str| s.commodity_ids().find(|&c| s.commodity(c).code == code);
    out.opening = pos
        .stocks
        .iter()
        .filter_map(|r| {
            Some(OpeningStock {
                node: node(&r.node)?,
                commodity: commodity(&r.commodity)?,
                quantity_t: r.quantity_t,
            })
        })
        .collect();
    out.pipeline = pos
        .pipeline
        .iter()
        .filter_map(|r| {
            Some(Shipment {
                code: r.id.clone(),
                commodity: commodity(&r.commodity)?,
                quantity_t: r.quantity_t,
                node: node(&r.node)?,
                arrival: out.calendar.find(&r.arrival_period)?,
            })
        })
        .collect();

    let funds = spend(s, &mut out, upto(), &mut notes);
    let donations = hand_over(s, &mut out, upto(), &mut notes);
    let served = serve(&mut out, all, as_of, cal);

    Ok(Replan {
        scenario: out,
        replanned: Replanned {
            as_of,
            first_period: cal.label(first).to_owned(),
            dropped_periods: first.index(),
            position: pos,
            replaced_stocks: s.opening.len(),
            replaced_pipeline: s.pipeline.len(),
            funds,
            donations,
            served,
            notes,
        },
    })
}

/// Each fund's budget less the ledger's purchases from it.
fn spend<'a>(
    s: &Scenario,
    out: &mut Scenario,
    upto: impl Iterator<Item = &'a Recorded>,
    notes: &mut Vec<Note>,
) -> Vec<FundLeft> {
    let mut spent: BTreeMap<&str, f64> = BTreeMap::new();
    for r in upto.filter(|r| r.entry.kind == Kind::Purchase) {
        if let (Some(f), Some(usd)) = (&r.entry.fund, r.entry.amount_usd) {
            *spent.entry(f.as_str()).or_default() += usd;
        }
    }
    let mut rows = Vec::new();
    for (fund, new) in s.funds.iter().zip(&mut out.funds) {
        let spent_usd = spent.get(fund.code.as_str()).copied().unwrap_or(0.0);
        let left_usd = (fund.amount_usd - spent_usd).max(0.0);
        if spent_usd > fund.amount_usd + crate::verify::TOLERANCE {
            notes.push(Note::Overspent { fund: fund.code.clone(), budget_usd: fund.amount_usd, spent_usd });
        }
        new.amount_usd = left_usd;
        rows.push(FundLeft { fund: fund.code.clone(), budget_usd: fund.amount_usd, spent_usd, left_usd });
    }
    rows
}

/// Each donation less what the ledger's pledges of its commodity at its place handed over.
fn hand_over<'a>(
    s: &Scenario,
    out: &mut Scenario,
    upto: impl Iterator<Item = &'a Recorded> + Clone,
    notes: &mut Vec<Note>,
) -> Vec<DonationLeft> {
    // Goods pledges up to the date: (commodity, place) → (reference, promised, handed over).
    let mut pledges: BTreeMap<&str, (&str, &str, f64, f64)> = BTreeMap::new();
    for r in upto {
        let e = &r.entry;
        match (e.kind, &e.reference, &e.commodity, &e.to, &e.pledge) {
            (Kind::Pledge, Some(reference), Some(c), Some(to), _) => {
                pledges.insert(reference, (c, to, e.quantity_t.unwrap_or(0.0), 0.0));
            }
            (Kind::Arrival, _, _, _, Some(p)) => {
                if let Some(row) = pledges.get_mut(p.as_str()) {
                    row.3 += e.quantity_t.unwrap_or(0.0);
                }
            }
            _ => {}
        }
    }
    let mut handed: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for (reference, &(c, to, promised, over)) in &pledges {
        *handed.entry((c, to)).or_default() += over;
        let known =
            s.supplies.iter().any(|d| s.commodity(d.commodity).code == c && s.node(d.node).code == to);
        if !known && promised - over > crate::verify::TOLERANCE {
            notes.push(Note::PledgeNotInScenario {
                reference: (*reference).to_owned(),
                commodity: c.to_owned(),
                place: to.to_owned(),
                left_t: promised - over,
            });
        }
    }
    let mut rows = Vec::new();
    for d in &mut out.supplies {
        let (c, n) = (s.commodity(d.commodity).code.as_str(), s.node(d.node).code.as_str());
        let Some(left) = handed.get_mut(&(c, n)) else { continue };
        let taken = left.min(d.quantity_t);
        *left -= taken;
        rows.push(DonationLeft {
            donation: d.code.clone(),
            commodity: c.to_owned(),
            node: n.to_owned(),
            quantity_t: d.quantity_t,
            handed_over_t: taken,
            left_t: d.quantity_t - taken,
        });
        d.quantity_t -= taken;
    }
    out.supplies.retain(|d| d.quantity_t > 1e-9);
    rows
}

/// Takes the people (and non-food tonnes) the ledger served off the remaining periods' rows.
fn serve(out: &mut Scenario, all: &[Recorded], as_of: NaiveDate, full: &Calendar) -> Vec<Served> {
    let cal = out.calendar.clone();
    let mut rows = Vec::new();
    for row in served(all, as_of, full) {
        let Some(period) = cal.find(&row.period) else { continue };
        let Some(node) = out.nodes.iter().position(|n| n.code == row.district) else { continue };
        let here = |n: &&mut hinterland_model::Need| n.district.index() == node && n.period == period;
        let before: f64 = out.needs.iter_mut().filter(here).map(|n| n.people).sum();
        if row.people > 0.0 && before > 0.0 {
            let factor = (1.0 - row.people / before).max(0.0);
            for n in out.needs.iter_mut().filter(here) {
                n.people *= factor;
            }
            rows.push(Served {
                district: row.district.clone(),
                period: row.period.clone(),
                people: row.people,
                in_need_before: before,
                in_need_after: before * factor,
            });
        }
        for (commodity, mut t) in row.by_commodity {
            for d in &mut out.demands {
                if d.period == period
                    && d.node.index() == node
                    && out.commodities[d.commodity.index()].code == commodity
                {
                    let taken = t.min(d.quantity_t);
                    d.quantity_t -= taken;
                    t -= taken;
                }
            }
        }
    }
    // A row served in full is dropped: it has nobody left to reach.
    out.needs.retain(|n| n.people > 1e-9);
    rows
}
