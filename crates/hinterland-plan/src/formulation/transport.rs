//! Transport on lanes, and lane capacity.
//!
//! `flow[l,c,t] ≥ 0` exists for every lane l, commodity c and period t whose arrival
//! `t + τ(l)` falls inside the horizon. It leaves `from(l)` in t and enters `to(l)` in
//! `t + τ(l)`. Cost per tonne: `cost_usd_per_t(l) + handling_cost_usd_per_t(to(l))`.
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
//! base's shape and a sweep can warm-start from the base's basis.

use hinterland_model::Period;

use super::{Builder, NONE};
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    let t_count = s.calendar.len();
    b.index.flow = vec![NONE; s.lanes.len() * s.commodities.len() * t_count];
    b.index.lane_capacity = vec![NONE; s.lanes.len() * t_count];
    for lane in s.lane_ids() {
        let l = s.lane(lane);
        let unit_cost = l.cost_usd_per_t + s.node(l.to).handling_cost_usd_per_t;
        for period in s.calendar.periods() {
            let arrival = period.index() + l.transit_periods as usize;
            if arrival >= t_count {
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
                let col = b.col(ColKey::Flow { lane, commodity, period }, 0.0, hi, 0.0, unit_cost);
                b.index.flow
                    [(lane.index() * s.commodities.len() + commodity.index()) * t_count + period.index()] =
                    col.0;
                b.lp.add_coef(b.index.balance(l.from, commodity, period), col, -1.0);
                b.lp.add_coef(b.index.balance(l.to, commodity, Period(arrival as u32)), col, 1.0);
                if let Some(r) = cap_row {
                    b.lp.add_coef(r, col, 1.0);
                }
            }
        }
    }
}
