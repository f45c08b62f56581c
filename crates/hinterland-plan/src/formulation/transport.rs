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

use super::{Builder, NONE};
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
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
