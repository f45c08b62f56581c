//! Time in the supply chain: when goods dispatched on a lane arrive, when a market order is
//! available, what is on hand at the start and what is already on its way.
//!
//! ## Transit with sub-period resolution
//!
//! A lane's transit is either a whole number of periods (`transit_periods`: dispatched in
//! `t`, arrives in `t + transit`) or a number of days (`transit_days`). With days, a tonne
//! dispatched in period `t` leaves at a moment spread evenly over the period, `[S_t, E_t)`
//! (its first day to the day after its last), and arrives `d` days later, somewhere in
//! `[S_t + d, E_t + d)`. The share of period `t`'s dispatches that arrives in period `p` is
//! the overlap of that window with `p`, over the period's length:
//!
//! ```text
//!   share(t, p) = |[S_t + d, E_t + d) ∩ [S_p, E_p)| / (E_t − S_t)
//! ```
//!
//! In a monthly calendar a 10-day road trip dispatched in June (30 days) arrives two thirds
//! in June and one third in July; in a weekly calendar it arrives 4/7 the next week and 3/7
//! the week after. The shares of one dispatch period add up to 1 over the periods after it,
//! less what arrives after the horizon (still in transit at its end). A trip never vanishes,
//! however short against the period, and a weekly or daily calendar needs no rounding.

use crate::{CommodityId, LaneId, MarketId, NodeId, Period, Scenario, ShipmentId};

/// Tonnes on hand at a node at the start of the first period (`stocks.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct OpeningStock {
    pub node: NodeId,
    pub commodity: CommodityId,
    pub quantity_t: f64,
}

/// A shipment already ordered or at sea (`pipeline.csv`): it arrives at `node` in `arrival`
/// and is held there, as a donation is held at its hand-over point, until it is called
/// forward.
#[derive(Clone, Debug, PartialEq)]
pub struct Shipment {
    pub code: String,
    pub commodity: CommodityId,
    pub quantity_t: f64,
    pub node: NodeId,
    pub arrival: Period,
}

/// A lane's transport cost for one commodity, where it differs from the lane's default
/// (`lane_costs.csv`, a commodity's own row winning over its group's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneCost {
    pub lane: LaneId,
    pub commodity: CommodityId,
    pub cost_usd_per_t: f64,
}

/// Storage cost and loss of one commodity at one node, where they differ from the node's
/// (`storage_costs.csv`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageCost {
    pub node: NodeId,
    pub commodity: CommodityId,
    pub cost_usd_per_t_period: f64,
    pub loss_per_period: f64,
}

/// Where the goods dispatched on a lane in one period arrive: at most a few periods, each
/// with its share (see the module doc).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Arrivals {
    /// `(period, share)` in period order; shares add up to 1 less what arrives after the
    /// horizon.
    pub shares: Vec<(Period, f64)>,
}

impl Arrivals {
    /// The first period in which anything arrives, if any arrives within the horizon.
    pub fn first(&self) -> Option<Period> {
        self.shares.first().map(|a| a.0)
    }
}

impl Scenario {
    /// Where and when goods dispatched on `lane` in `period` arrive.
    pub fn arrivals(&self, lane: LaneId, period: Period) -> Arrivals {
        let l = self.lane(lane);
        let cal = &self.calendar;
        let t_count = cal.len();
        let Some(days) = l.transit_days else {
            let p = period.index() + l.transit_periods as usize;
            let shares = if p < t_count { vec![(Period(p as u32), 1.0)] } else { Vec::new() };
            return Arrivals { shares };
        };
        // Days from the horizon's start: the window [from, to) of arrival times.
        let start = |p: usize| -> f64 {
            if p == t_count {
                cal.total_days()
            } else {
                (cal.first_day(Period(p as u32)) - cal.start()).num_days() as f64
            }
        };
        let (s_t, e_t) = (start(period.index()), start(period.index() + 1));
        let (from, to) = (s_t + days, e_t + days);
        let mut shares = Vec::new();
        for p in period.index()..t_count {
            let (s_p, e_p) = (start(p), start(p + 1));
            if s_p >= to {
                break;
            }
            let overlap = e_p.min(to) - s_p.max(from);
            if overlap > 0.0 {
                shares.push((Period(p as u32), overlap / (e_t - s_t)));
            }
        }
        Arrivals { shares }
    }

    /// Transport cost per tonne of `commodity` on `lane`: its override in `lane_costs`, or the
    /// lane's default.
    pub fn lane_cost(&self, lane: LaneId, commodity: CommodityId) -> f64 {
        match self.lane_costs.binary_search_by(|c| (c.lane, c.commodity).cmp(&(lane, commodity))) {
            Ok(i) => self.lane_costs[i].cost_usd_per_t,
            Err(_) => self.lane(lane).cost_usd_per_t,
        }
    }

    /// Storage cost per tonne and period and loss per period of `commodity` at `node`: its
    /// override in `storage_costs`, or the node's.
    pub fn storage_terms(&self, node: NodeId, commodity: CommodityId) -> (f64, f64) {
        if let Ok(i) = self.storage_costs.binary_search_by(|c| (c.node, c.commodity).cmp(&(node, commodity)))
        {
            let own = &self.storage_costs[i];
            return (own.cost_usd_per_t_period, own.loss_per_period);
        }
        let n = self.node(node);
        (n.storage_cost_usd_per_t_period, n.storage_loss_per_period)
    }

    /// The period in which goods bought from market offer `m` are available at its node:
    /// its order period plus its lead time; `None` after the horizon.
    pub fn market_arrival(&self, m: MarketId) -> Option<Period> {
        let offer = self.market(m);
        let p = offer.period.index() + offer.lead_periods as usize;
        (p < self.calendar.len()).then_some(Period(p as u32))
    }

    pub fn shipment(&self, id: ShipmentId) -> &Shipment {
        &self.pipeline[id.index()]
    }

    pub fn shipment_ids(&self) -> impl ExactSizeIterator<Item = ShipmentId> + use<> {
        (0..self.pipeline.len()).map(ShipmentId::from_index)
    }

    /// Tonnes of `commodity` on hand at `node` at the start of the first period.
    pub fn opening_t(&self, node: NodeId, commodity: CommodityId) -> f64 {
        self.opening.iter().filter(|o| o.node == node && o.commodity == commodity).map(|o| o.quantity_t).sum()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::{Calendar, Lane, Mode, Node, NodeKind, Step};

    fn scenario(step: Step, count: u32, transit_days: Option<f64>, transit_periods: u32) -> Scenario {
        let start = NaiveDate::from_ymd_opt(2024, 6, 1).expect("a date");
        let node = |code: &str| Node {
            code: code.into(),
            name: code.into(),
            kind: NodeKind::Hub,
            lat: 0.0,
            lon: 0.0,
            country: "ML".into(),
            storage_capacity_t: 0.0,
            handling_cost_usd_per_t: 0.0,
            storage_cost_usd_per_t_period: 0.0,
            storage_loss_per_period: 0.0,
        };
        Scenario {
            calendar: Calendar::new(start, step, count).expect("a calendar"),
            nodes: vec![node("a"), node("b")],
            lanes: vec![Lane {
                code: "ab".into(),
                from: NodeId(0),
                to: NodeId(1),
                mode: Mode::Road,
                distance_km: 0.0,
                cost_usd_per_t: 10.0,
                transit_periods,
                transit_days,
                capacity_t_per_period: f64::INFINITY,
                corridor: String::new(),
            }],
            name: String::new(),
            description: String::new(),
            currency: "USD".into(),
            objective: crate::Objective::default(),
            allocation: crate::Allocation::default(),
            solver: crate::SolverSettings::default(),
            lane_factor: vec![vec![1.0; count as usize]],
            lane_bans: Vec::new(),
            lane_reasons: Vec::new(),
            corridors: Vec::new(),
            commodities: Vec::new(),
            nutrients: Vec::new(),
            content_per_100g: Vec::new(),
            ration: crate::Ration::default(),
            needs: Vec::new(),
            demands: Vec::new(),
            supplies: Vec::new(),
            markets: Vec::new(),
            funds: Vec::new(),
            opening: Vec::new(),
            pipeline: Vec::new(),
            lane_costs: Vec::new(),
            storage_costs: Vec::new(),
        }
    }

    fn shares(s: &Scenario, t: u32) -> Vec<(u32, f64)> {
        s.arrivals(LaneId(0), Period(t)).shares.into_iter().map(|(p, x)| (p.0, x)).collect()
    }

    fn close(got: &[(u32, f64)], want: &[(u32, f64)]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for ((p, x), (q, y)) in got.iter().zip(want) {
            assert_eq!(p, q, "{got:?} vs {want:?}");
            assert!((x - y).abs() < 1e-12, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn ten_days_in_june_arrive_two_thirds_in_june_and_one_third_in_july() {
        // June has 30 days: dispatches over [0, 30) arrive over [10, 40); June holds
        // [10, 30) = 20 days, July [30, 40) = 10 days.
        let s = scenario(Step::Month, 3, Some(10.0), 0);
        close(&shares(&s, 0), &[(0, 20.0 / 30.0), (1, 10.0 / 30.0)]);
        // July has 31 days: [30, 61) + 10 = [40, 71); July is [30, 61), August [61, 92).
        close(&shares(&s, 1), &[(1, 21.0 / 31.0), (2, 10.0 / 31.0)]);
        // August's dispatches: 21/31 arrive in August, the rest after the horizon.
        close(&shares(&s, 2), &[(2, 21.0 / 31.0)]);
    }

    #[test]
    fn ten_days_in_a_weekly_calendar_arrive_the_next_week_and_the_week_after() {
        // Week 0 is [0, 7): arrivals over [10, 17); week 1 [7, 14) holds 4 days, week 2 3.
        let s = scenario(Step::Week, 4, Some(10.0), 0);
        close(&shares(&s, 0), &[(1, 4.0 / 7.0), (2, 3.0 / 7.0)]);
        close(&shares(&s, 2), &[(3, 4.0 / 7.0)]);
        close(&shares(&s, 3), &[]);
    }

    #[test]
    fn a_long_trip_in_a_daily_calendar_arrives_whole() {
        let s = scenario(Step::Day, 20, Some(12.0), 0);
        close(&shares(&s, 3), &[(15, 1.0)]);
        let half = scenario(Step::Day, 20, Some(2.5), 0);
        close(&shares(&half, 0), &[(2, 0.5), (3, 0.5)]);
    }

    #[test]
    fn whole_periods_and_zero_days_arrive_whole() {
        let s = scenario(Step::Month, 3, None, 1);
        close(&shares(&s, 0), &[(1, 1.0)]);
        close(&shares(&s, 2), &[]);
        let z = scenario(Step::Month, 3, Some(0.0), 0);
        close(&shares(&z, 1), &[(1, 1.0)]);
    }
}
