//! Transport on lanes, and lane capacity.
//!
//! `flow[l,c,t] ≥ 0` exists for every lane l, commodity c and period t from which anything
//! arrives inside the horizon. It leaves `from(l)` in t and enters `to(l)` in the periods p
//! of its arrival, each with its share `a(l,t,p)`:
//!
//! ```text
//!   a(l,t,p) = 1 if p = t + transit_periods(l)                  (whole periods)
//!   a(l,t,p) = |[S_t + d, E_t + d) ∩ [S_p, E_p)| / (E_t − S_t)   (d = transit_days(l))
//! ```
//!
//! where `[S_t, E_t)` are period t's days: dispatches spread evenly over the period arrive
//! spread over the same length d days later (`hinterland_model::Scenario::arrivals`). A
//! 10-day trip dispatched in a 30-day month arrives 2/3 in that month and 1/3 in the next;
//! what would arrive after the horizon is still in transit at its end (its share enters no
//! balance). Cost per tonne: `cost(l,c) + handling_cost_usd_per_t(to(l))`, where `cost(l,c)`
//! is the lane's cost for the commodity (`lane_costs.csv`: the commodity's row, else its
//! group's, else the lane's `cost_usd_per_t`).
//!
//! A node without storage that receives such a split arrival may get, in a later period, a
//! share it can neither use nor send on (a district after its need ends, a hub whose onward
//! lane is closed). Without a way out, that share would forbid the trip in the period before.
//! `surplus[n,c,t] ≥ 0`, at no cost, takes it out of the balance there: goods left unused
//! where they arrived. It exists only where a district without storage, at the end of a lane
//! in days, has no use for c in t (no need row for food, no demand row for other goods) but
//! had one in a period whose trips can still be arriving in t ([`surplus_at`]); it never pays
//! for itself, so the plan leaves goods unused only where the late share of a trip forces it.
//!
//! Capacity, shared by all commodities, for every lane and period with a finite capacity:
//!
//! ```text
//!   Σ_c flow[l,c,t] ≤ capacity_t_per_period(l) · factor(l,t)        lane_capacity[l,t]
//! ```
//!
//! Closed lanes (factor 0) keep their columns and row: the row's shadow price says what
//! reopening the lane would be worth. A commodity banned from a lane in a period (a variant's
//! blockade, `Scenario::lane_bans`) keeps its column with upper bound 0, so the LP keeps the
//! base's shape and a sweep can warm-start from the base's plan.

use hinterland_model::{CommodityId, NodeId, NodeKind, Period, Scenario};

use super::{Builder, NONE};
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
    add_flows(b);
    add_surplus(b);
}

fn add_surplus(b: &mut Builder<'_>) {
    let s = b.s;
    for node in s.node_ids() {
        for commodity in s.commodity_ids() {
            for period in s.calendar.periods().filter(|t| surplus_at(s, node, commodity, *t)) {
                let col = b.col(ColKey::Surplus { node, commodity, period }, 0.0, f64::INFINITY, 0.0, 0.0);
                b.lp.add_coef(b.index.balance(node, commodity, period), col, -1.0);
            }
        }
    }
}

/// Whether `node` may leave the late share of a trip of `commodity` unused in `period`: a
/// district without storage at the end of a lane in days, with no use for the goods in
/// `period` but a use in one of the periods before whose trips can still arrive then (a trip
/// of d days dispatched in t arrives by t + ⌈d / shortest period⌉ + 1).
pub(crate) fn surplus_at(s: &Scenario, node: NodeId, commodity: CommodityId, period: Period) -> bool {
    let n = s.node(node);
    if n.kind != NodeKind::District || n.storage_capacity_t > 0.0 || used_at(s, node, commodity, period) {
        return false;
    }
    let shortest = s.calendar.periods().map(|t| s.calendar.days(t)).fold(f64::INFINITY, f64::min);
    let Some(longest) = s
        .lanes
        .iter()
        .filter(|l| l.to == node)
        .filter_map(|l| l.transit_days.filter(|d| *d > 0.0))
        .reduce(f64::max)
    else {
        return false;
    };
    let reach = (longest / shortest).ceil() as u32 + 1;
    (1..=reach.min(period.0)).any(|k| used_at(s, node, commodity, Period(period.0 - k)))
}

/// Whether `node` uses `commodity` in `period`: food where people are in need, other goods
/// where a demand row asks for them.
pub(crate) fn used_at(s: &Scenario, node: NodeId, commodity: CommodityId, period: Period) -> bool {
    let food = s.commodity(commodity).is_food()
        && s.needs.iter().any(|k| k.district == node && k.period == period && k.people > 0.0);
    food || s.demands.iter().any(|d| d.node == node && d.commodity == commodity && d.period == period)
}

fn add_flows(b: &mut Builder<'_>) {
    let s = b.s;
    let t_count = s.calendar.len();
    b.index.flow = vec![NONE; s.lanes.len() * s.commodities.len() * t_count];
    b.index.lane_capacity = vec![NONE; s.lanes.len() * t_count];
    for lane in s.lane_ids() {
        let l = s.lane(lane);
        let handling = s.node(l.to).handling_cost_usd_per_t;
        for period in s.calendar.periods() {
            let arrivals = s.arrivals(lane, period);
            if arrivals.shares.is_empty() {
                continue;
            }
            let cap = s.lane_capacity(lane, period);
            let cap_row = cap
                .is_finite()
                .then(|| b.lp.add_row(RowKey::LaneCapacity { lane, period }, f64::NEG_INFINITY, cap));
            if let Some(r) = cap_row {
                b.index.lane_capacity[lane.index() * t_count + period.index()] = r.0;
            }
            for commodity in s.commodity_ids() {
                let hi = if s.is_banned(lane, commodity, period) { 0.0 } else { f64::INFINITY };
                let unit_cost = s.lane_cost(lane, commodity) + handling;
                let col = b.col(ColKey::Flow { lane, commodity, period }, 0.0, hi, 0.0, unit_cost);
                b.index.flow
                    [(lane.index() * s.commodities.len() + commodity.index()) * t_count + period.index()] =
                    col.0;
                b.lp.add_coef(b.index.balance(l.from, commodity, period), col, -1.0);
                for &(arrival, share) in &arrivals.shares {
                    b.lp.add_coef(b.index.balance(l.to, commodity, arrival), col, share);
                }
                if let Some(r) = cap_row {
                    b.lp.add_coef(r, col, 1.0);
                }
            }
        }
    }
}
