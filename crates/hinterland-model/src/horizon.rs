//! Shortening a scenario's horizon from the front: the scenario of the remaining periods,
//! for a re-plan part-way through a season (`plan --ledger … --as-of …`).
//!
//! Every period-indexed thing is either dropped (it belongs to a period before the new first
//! one) or kept with its period shifted; labels are unchanged, so tables and reports still
//! name `2024-08` as `2024-08`:
//!
//! | what | before the new first period | from it on |
//! |---|---|---|
//! | need rows, demand rows | dropped (past) | kept |
//! | market offers (by order period) | dropped: an order cannot be placed in the past | kept |
//! | donations (`available_from`) | available from the new first period | kept |
//! | opening stock, pipeline | kept as they are: the caller replaces them | arrivals before the start land in the first period |
//! | lane availability, reasons, bans | dropped | kept |

use crate::{Calendar, Period, Scenario};

impl Scenario {
    /// The scenario of the periods from `first` on (see the module doc for what happens to
    /// each table). `None` when `first` is not a period of the calendar.
    pub fn from_period(&self, first: Period) -> Option<Scenario> {
        let cal = &self.calendar;
        if first.index() >= cal.len() {
            return None;
        }
        let count = u32::try_from(cal.len() - first.index()).ok()?;
        let calendar = Calendar::new(cal.first_day(first), cal.step(), count).ok()?;
        let shift = |p: Period| (p >= first).then(|| Period(p.0 - first.0));
        let clamp = |p: Period| Period(p.0.saturating_sub(first.0));
        let mut s = self.clone();
        s.calendar = calendar;
        for row in &mut s.lane_factor {
            row.drain(..first.index());
        }
        s.lane_reasons.retain_mut(|r| shift(r.period).map(|p| r.period = p).is_some());
        s.lane_bans.retain_mut(|b| shift(b.period).map(|p| b.period = p).is_some());
        s.needs.retain_mut(|n| shift(n.period).map(|p| n.period = p).is_some());
        s.demands.retain_mut(|d| shift(d.period).map(|p| d.period = p).is_some());
        s.markets.retain_mut(|m| shift(m.period).map(|p| m.period = p).is_some());
        for d in &mut s.supplies {
            d.available_from = clamp(d.available_from);
            d.pledged_period = d.pledged_period.and_then(shift);
        }
        for sh in &mut s.pipeline {
            sh.arrival = clamp(sh.arrival);
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::{
        Allocation, CommodityId, Fund, LaneBan, LaneId, MarketOffer, Need, NodeId, Objective, SolverSettings,
        Step, Supply,
    };

    fn scenario() -> Scenario {
        let start = NaiveDate::from_ymd_opt(2024, 3, 1).expect("a date");
        let need = |p: u32| Need {
            district: NodeId::from_index(0),
            period: Period(p),
            people: 10.0,
            phase: 3,
            min_share: 0.0,
        };
        let offer = |p: u32| MarketOffer {
            node: NodeId::from_index(0),
            commodity: CommodityId::from_index(0),
            period: Period(p),
            lead_periods: 1,
            price_usd_per_t: 100.0,
            capacity_t: 5.0,
            channel: "local".to_owned(),
        };
        Scenario {
            name: "t".to_owned(),
            description: String::new(),
            currency: "USD".to_owned(),
            calendar: Calendar::new(start, Step::Month, 4).expect("a calendar"),
            objective: Objective::default(),
            allocation: Allocation::default(),
            solver: SolverSettings::default(),
            nodes: Vec::new(),
            lanes: Vec::new(),
            lane_factor: vec![vec![1.0, 0.5, 0.0, 0.25]],
            lane_reasons: Vec::new(),
            lane_bans: vec![
                LaneBan {
                    lane: LaneId::from_index(0),
                    commodity: CommodityId::from_index(0),
                    period: Period(0),
                },
                LaneBan {
                    lane: LaneId::from_index(0),
                    commodity: CommodityId::from_index(0),
                    period: Period(3),
                },
            ],
            corridors: Vec::new(),
            commodities: Vec::new(),
            nutrients: Vec::new(),
            content_per_100g: Vec::new(),
            ration: crate::Ration::default(),
            needs: vec![need(0), need(1), need(2), need(3)],
            demands: Vec::new(),
            supplies: vec![Supply {
                code: "gift".to_owned(),
                commodity: CommodityId::from_index(0),
                node: NodeId::from_index(0),
                quantity_t: 7.0,
                available_from: Period(1),
                donor: "d".to_owned(),
                pledged_period: Some(Period(0)),
                handover_cost_usd_per_t: 0.0,
                value_usd_per_t: None,
            }],
            markets: vec![offer(0), offer(2)],
            funds: vec![Fund {
                code: "f".to_owned(),
                name: "f".to_owned(),
                amount_usd: 1.0,
                channels: None,
                pays_logistics: false,
            }],
            opening: Vec::new(),
            pipeline: Vec::new(),
            lane_costs: Vec::new(),
            storage_costs: Vec::new(),
        }
    }

    #[test]
    fn the_past_is_dropped_and_the_rest_shifted() {
        let s = scenario().from_period(Period(2)).expect("period 2 exists");
        assert_eq!(s.calendar.len(), 2);
        assert_eq!(s.calendar.label(Period(0)), "2024-05", "labels keep their dates");
        assert_eq!(s.lane_factor, vec![vec![0.0, 0.25]]);
        assert_eq!(s.lane_bans.len(), 1);
        assert_eq!(s.lane_bans[0].period, Period(1), "2024-06 is the second period now");
        let periods: Vec<u32> = s.needs.iter().map(|n| n.period.0).collect();
        assert_eq!(periods, [0, 1], "the needs of March and April are past");
        assert_eq!(s.markets.len(), 1, "the March offer cannot be ordered any more");
        assert_eq!(s.markets[0].period, Period(0));
        assert_eq!(s.supplies[0].available_from, Period(0), "April's donation is there from May");
        assert_eq!(s.supplies[0].pledged_period, None, "pledged before the horizon");
    }

    #[test]
    fn the_first_period_is_the_same_scenario_and_past_the_end_is_none() {
        let s = scenario();
        let same = s.from_period(Period(0)).expect("period 0 exists");
        assert_eq!(same.calendar, s.calendar);
        assert_eq!(same.needs, s.needs);
        assert!(s.from_period(Period(4)).is_none());
    }
}
