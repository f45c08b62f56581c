//! A plan in domain terms, decoded from an LP solution.

use hinterland_model::{
    CommodityId, FundId, LaneId, MarketId, NeedId, NodeId, Period, Scenario, ShipmentId, SupplyId,
};

use crate::formulation::Formulation;
use crate::keys::{ColKey, RowKey};

/// Values below this (tonnes, person-days, USD) are reported as zero.
pub const ZERO: f64 = 1e-7;

#[derive(Clone, Debug, PartialEq)]
pub struct Purchase {
    pub market: MarketId,
    pub fund: FundId,
    pub tonnes: f64,
    /// The period the goods are available at the market's node: the offer's order period
    /// plus its lead time.
    pub arrival: Period,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draw {
    pub supply: SupplyId,
    pub period: Period,
    pub tonnes: f64,
}

/// Tonnes of a pipeline shipment called forward in a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Receipt {
    pub shipment: ShipmentId,
    pub period: Period,
    pub tonnes: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub lane: LaneId,
    pub commodity: CommodityId,
    pub period: Period,
    pub tonnes: f64,
}

/// Stock at a node at the end of a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Stock {
    pub node: NodeId,
    pub commodity: CommodityId,
    pub period: Period,
    pub tonnes: f64,
}

/// Tonnes left unused where they arrived (see `ColKey::Surplus`).
#[derive(Clone, Debug, PartialEq)]
pub struct Surplus {
    pub node: NodeId,
    pub commodity: CommodityId,
    pub period: Period,
    pub tonnes: f64,
}

/// Food eaten by the people reached of a need row (its district and period).
#[derive(Clone, Debug, PartialEq)]
pub struct Consumption {
    pub need: NeedId,
    pub district: NodeId,
    pub commodity: CommodityId,
    pub period: Period,
    pub tonnes: f64,
}

/// Costs in US dollars, recomputed from the plan's quantities and the scenario's prices.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CostBreakdown {
    pub purchase: f64,
    pub transport: f64,
    pub handling: f64,
    pub storage: f64,
}

impl CostBreakdown {
    pub fn total(&self) -> f64 {
        self.purchase + self.transport + self.handling + self.storage
    }
    pub fn logistics(&self) -> f64 {
        self.transport + self.handling + self.storage
    }
}

/// A shadow price on a limit: what one more unit of it is worth.
#[derive(Clone, Debug, PartialEq)]
pub struct ShadowPrice {
    pub row: RowKey,
    /// Index of the row in the LP.
    pub row_index: usize,
    /// Weighted person-days gained per unit (step 1 of the lexicographic method, or the
    /// weighted method's service-equivalent).
    pub service_per_unit: Option<f64>,
    /// US dollars saved per unit (step 2), positive = cheaper.
    pub usd_saved_per_unit: Option<f64>,
    /// The limit's value, in its unit.
    pub limit: f64,
    /// How much of it the plan uses.
    pub used: f64,
    /// Confirmed by re-solving with the limit raised by `delta`: weighted person-days gained
    /// and US dollars saved per unit. `None` when not confirmed.
    pub measured: Option<Measured>,
}

/// A shadow price measured by re-solving with the limit raised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// By how much the limit was raised.
    pub delta: f64,
    /// Weighted person-days gained per unit; `None` if that re-solve did not end optimal
    /// (a time limit, numerical trouble), so nothing was measured.
    pub service_per_unit: Option<f64>,
    /// US dollars saved per unit; `None` as for `service_per_unit`.
    pub usd_saved_per_unit: Option<f64>,
}

/// A measured or dual value per unit smaller than this is no effect: the summary says
/// "would change nothing", and the limit counts as degenerate.
pub const NO_EFFECT_PER_UNIT: f64 = 1e-6;

/// `v` if it is an effect, `None` if it is missing or smaller than [`NO_EFFECT_PER_UNIT`].
pub fn effect(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.abs() > NO_EFFECT_PER_UNIT)
}

impl Measured {
    /// Whether both re-solves ended optimal.
    pub fn complete(&self) -> bool {
        self.service_per_unit.is_some() && self.usd_saved_per_unit.is_some()
    }
}

impl ShadowPrice {
    /// Whether raising the limit changes nothing measurable: the dual came from a degenerate
    /// vertex and says nothing about the plan.
    pub fn is_degenerate(&self) -> bool {
        let none = |v: Option<f64>| v.is_some() && effect(v).is_none();
        self.measured.is_some_and(|m| none(m.service_per_unit) && none(m.usd_saved_per_unit))
    }
}

/// A hard commitment that cannot be kept, and by how much it is missed.
#[derive(Clone, Debug, PartialEq)]
pub struct MissedCommitment {
    pub commitment: crate::keys::Commitment,
    /// Committed amount (person-days or tonnes).
    pub committed: f64,
    /// What is reached of it: in a best-effort plan, what the plan reaches; in the
    /// explanation of an infeasible LP, what the least total miss reaches.
    pub reachable: f64,
}

/// What impartiality costs: the weighted food service of the utilitarian optimum on the same
/// scenario against the impartial plan's (Gutjahr & Fischer, EJOR 270(1), 2018, measure the
/// price of fairness this way).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PriceOfFairness {
    /// Weighted person-days of full ration of the utilitarian optimum.
    pub utilitarian: f64,
    /// Weighted person-days of full ration of the plan (impartial, or bounded spread).
    pub impartial: f64,
}

impl PriceOfFairness {
    /// Service given up for fairness, as a share of the utilitarian optimum (0 when that is 0).
    pub fn loss_share(&self) -> f64 {
        if self.utilitarian > 0.0 {
            ((self.utilitarian - self.impartial) / self.utilitarian).max(0.0)
        } else {
            0.0
        }
    }
}

/// Bounded spread (`[allocation] fairness = "bounded"`): within each phase, the coverage of
/// every reachable need row lies within `max_gap` of the others.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The scenario's `max_gap` (a share).
    pub max_gap: f64,
    /// Whether the plan keeps the band (false: the hard commitments need a wider spread, so
    /// the band was dropped and food placed as the utilitarian plan would).
    pub held: bool,
    /// Need rows with people in need that not even a sliver of food (a thousandth of their
    /// need) can reach: outside the band, and named in the summary.
    pub unreachable: Vec<hinterland_model::NeedId>,
}

/// Everything the plan decides, in domain terms. Lists hold only non-zero entries and are in
/// LP column order (deterministic).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub purchases: Vec<Purchase>,
    pub draws: Vec<Draw>,
    /// Pipeline shipments called forward.
    pub receipts: Vec<Receipt>,
    pub flows: Vec<Flow>,
    pub stocks: Vec<Stock>,
    /// The late share of trips in days that arrives where nothing can use or hold it.
    pub surplus: Vec<Surplus>,
    pub consumption: Vec<Consumption>,
    /// Person-days reached (people who receive a ration), per need row.
    pub served_person_days: Vec<f64>,
    /// Value of the rations, per need row: person-days of full ration, each person reached
    /// counting the valued adequacy of what they get (see `formulation::ration`). Recomputed
    /// from the food eaten, not read from the LP's adequacy columns.
    pub value_person_days: Vec<f64>,
    /// A best-effort plan: the hard commitments it misses (as little as possible, in total
    /// relative miss) and what it reaches of each; empty when every commitment is kept.
    pub missed: Vec<MissedCommitment>,
    /// A best-effort plan: the limits that stand in the way of the missed commitments.
    pub commitment_limits: Vec<crate::explain::Limit>,
    /// Impartial allocation or bounded spread: what it costs in service.
    pub price_of_fairness: Option<PriceOfFairness>,
    /// Bounded spread: the band and the need rows outside it; `None` otherwise.
    pub band: Option<Band>,
    /// Impartial allocation: per need row, the coverage (value over need) that the max–min
    /// steps raised it to, which the plan keeps; empty for a utilitarian plan.
    pub coverage_floors: Vec<f64>,
    /// Impartial allocation: per need row, what held its coverage at its level (the binding
    /// limits of the max–min step that fixed it, largest first); empty otherwise.
    pub held_by: Vec<Vec<crate::keys::RowKey>>,
    /// Tonnes delivered, per demand row.
    pub delivered_t: Vec<f64>,
    /// US dollars of logistics paid, per fund.
    pub logistics_paid_usd: Vec<f64>,
    pub costs: CostBreakdown,
    pub shadow_prices: Vec<ShadowPrice>,
    /// What the last weighted person-days served cost each, when the lexicographic step 2
    /// tells it.
    pub marginal_cost_usd_per_weighted_person_day: Option<f64>,
    /// Whether that cost was measured by a re-solve (else it is the service floor's dual,
    /// one of many on a degenerate LP).
    pub marginal_cost_measured: bool,
}

fn clean(v: f64) -> f64 {
    if v.abs() < ZERO { 0.0 } else { v }
}

impl Plan {
    /// Reads the plan from the LP's primal values.
    /// The allocation rule this plan followed: bounded spread when it reports a band,
    /// impartial when it reports a price of fairness without one, else utilitarian (also a
    /// plan of the weighted method, whatever the scenario asks).
    pub fn fairness(&self) -> hinterland_model::Fairness {
        use hinterland_model::Fairness;
        match (&self.band, &self.price_of_fairness) {
            (Some(_), _) => Fairness::Bounded,
            (None, Some(_)) => Fairness::Impartial,
            (None, None) => Fairness::Utilitarian,
        }
    }

    pub fn decode(s: &Scenario, f: &Formulation, x: &[f64]) -> Plan {
        let mut plan = Plan {
            served_person_days: vec![0.0; s.needs.len()],
            value_person_days: vec![0.0; s.needs.len()],
            delivered_t: vec![0.0; s.demands.len()],
            logistics_paid_usd: vec![0.0; s.funds.len()],
            ..Plan::default()
        };
        for (j, key) in f.lp.col_keys.iter().enumerate() {
            let v = clean(x[j]);
            match *key {
                // Food is kept to the last crumb: a need row reached for a few person-days
                // eats less than `ZERO` tonnes, and the rations must still add up. (Solver
                // noise below zero is cleaned as everywhere.)
                ColKey::Consume { need, commodity } => {
                    let tonnes = if x[j] > 0.0 { x[j] } else { v };
                    if tonnes != 0.0 {
                        let n = s.need(need);
                        let (district, period) = (n.district, n.period);
                        plan.consumption.push(Consumption { need, district, commodity, period, tonnes });
                    }
                }
                ColKey::Served { need } => plan.served_person_days[need.index()] = v,
                ColKey::Delivered { demand } => plan.delivered_t[demand.index()] = v,
                ColKey::PayLogistics { fund } => plan.logistics_paid_usd[fund.index()] = v,
                _ if v == 0.0 => {}
                ColKey::Buy { market, fund } => {
                    // A buy column exists only for goods that arrive within the horizon.
                    let arrival = s.market_arrival(market).unwrap_or(s.market(market).period);
                    plan.purchases.push(Purchase { market, fund, tonnes: v, arrival });
                }
                ColKey::Draw { supply, period } => plan.draws.push(Draw { supply, period, tonnes: v }),
                ColKey::Receive { shipment, period } => {
                    plan.receipts.push(Receipt { shipment, period, tonnes: v });
                }
                ColKey::Flow { lane, commodity, period } => {
                    plan.flows.push(Flow { lane, commodity, period, tonnes: v });
                }
                ColKey::Surplus { node, commodity, period } => {
                    plan.surplus.push(Surplus { node, commodity, period, tonnes: v });
                }
                ColKey::Stock { node, commodity, period } => {
                    plan.stocks.push(Stock { node, commodity, period, tonnes: v });
                }
                ColKey::CommitmentGap { .. }
                | ColKey::Adequate { .. }
                | ColKey::Level { .. }
                | ColKey::Reach { .. }
                | ColKey::WorstMiss => {}
            }
        }
        plan.costs = plan.cost_breakdown(s);
        plan.value_person_days = plan.ration_values(s);
        plan
    }

    /// The ration each need row's people reached get, per person per day, in each ration
    /// limit's unit (`[need][limit]`); 0 where nobody is reached.
    pub fn rations(&self, s: &Scenario) -> Vec<Vec<f64>> {
        let mut got = vec![vec![0.0; s.ration.limits.len()]; s.needs.len()];
        for c in &self.consumption {
            for (i, limit) in s.ration.limits.iter().enumerate() {
                got[c.need.index()][i] +=
                    crate::formulation::ration::amount_per_t(s, &limit.item, c.commodity) * c.tonnes;
            }
        }
        for (k, row) in got.iter_mut().enumerate() {
            let served = self.served_person_days[k];
            for v in row.iter_mut() {
                *v = if served > ZERO { *v / served } else { 0.0 };
            }
        }
        got
    }

    /// [`Plan::value_person_days`] recomputed from the rations.
    fn ration_values(&self, s: &Scenario) -> Vec<f64> {
        let weights = crate::formulation::ration::value_weights(s);
        let curve = &s.allocation.adequacy_curve;
        self.rations(s)
            .iter()
            .zip(&self.served_person_days)
            .map(|(ration, &served)| {
                let per_person: f64 = s
                    .ration
                    .limits
                    .iter()
                    .zip(ration)
                    .zip(&weights)
                    .filter(|((l, _), _)| l.has_floor())
                    .map(|((l, got), w)| w * curve.value(got / l.bounds.min))
                    .sum();
                served * per_person
            })
            .collect()
    }

    /// Coverage of a need row: the value of its rations over its person-days in need (1 when
    /// everyone in need gets a full ration).
    pub fn coverage(&self, s: &Scenario, need: NeedId) -> f64 {
        let pd = s.need_person_days(need);
        if pd > 0.0 { self.value_person_days[need.index()] / pd } else { 0.0 }
    }

    /// Costs recomputed from quantities and scenario prices (not from the LP objective).
    pub fn cost_breakdown(&self, s: &Scenario) -> CostBreakdown {
        let mut c = CostBreakdown::default();
        for p in &self.purchases {
            let m = s.market(p.market);
            c.purchase += m.price_usd_per_t * p.tonnes;
            c.handling += s.node(m.node).handling_cost_usd_per_t * p.tonnes;
        }
        for d in &self.draws {
            let sup = s.supply(d.supply);
            c.handling += (s.node(sup.node).handling_cost_usd_per_t + sup.handover_cost_usd_per_t) * d.tonnes;
        }
        for r in &self.receipts {
            c.handling += s.node(s.shipment(r.shipment).node).handling_cost_usd_per_t * r.tonnes;
        }
        for f in &self.flows {
            let l = s.lane(f.lane);
            c.transport += s.lane_cost(f.lane, f.commodity) * f.tonnes;
            c.handling += s.node(l.to).handling_cost_usd_per_t * f.tonnes;
        }
        for st in &self.stocks {
            c.storage += s.storage_terms(st.node, st.commodity).0 * st.tonnes;
        }
        c
    }

    /// Weighted food service: phase-weighted person-days of full ration
    /// (`Σ_k phase_weight(k) · value_person_days[k]`).
    pub fn weighted_service(&self, s: &Scenario) -> f64 {
        s.need_ids()
            .map(|k| s.objective.phase_weight(s.need(k).phase) * self.value_person_days[k.index()])
            .sum()
    }

    /// Weighted non-food deliveries: `Σ_k weight_per_t(k) · delivered[k]`, in weighted tonnes.
    pub fn nonfood_service(&self, s: &Scenario) -> f64 {
        s.demand_ids().map(|k| s.demand(k).weight_per_t * self.delivered_t[k.index()]).sum()
    }

    pub fn person_days_served(&self) -> f64 {
        self.served_person_days.iter().sum()
    }

    /// Money spent from each fund: purchases it paid plus logistics it paid.
    pub fn fund_spending(&self, s: &Scenario) -> Vec<f64> {
        let mut out = self.logistics_paid_usd.clone();
        for p in &self.purchases {
            out[p.fund.index()] += s.market(p.market).price_usd_per_t * p.tonnes;
        }
        out
    }
}

/// How evenly a phase's coverage is spread over its need rows with people in need.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseSpread {
    pub phase: u8,
    /// Need rows with people in need.
    pub rows: usize,
    pub min_coverage: f64,
    pub max_coverage: f64,
    /// Coverage of the phase as a whole: value over person-days in need.
    pub coverage: f64,
    /// Gini coefficient of coverage, each row weighted by its person-days in need (0 = all
    /// equal, 1 = all to one).
    pub gini: f64,
}

impl Plan {
    /// The spread of coverage in each phase with people in need, most severe first.
    pub fn spread(&self, s: &Scenario) -> Vec<PhaseSpread> {
        let mut phases: Vec<u8> =
            s.need_ids().filter(|k| s.need_person_days(*k) > 0.0).map(|k| s.need(k).phase).collect();
        phases.sort_unstable_by(|a, b| b.cmp(a));
        phases.dedup();
        phases
            .into_iter()
            .map(|phase| {
                let rows: Vec<(f64, f64)> = s
                    .need_ids()
                    .filter(|k| s.need(*k).phase == phase && s.need_person_days(*k) > 0.0)
                    .map(|k| (self.coverage(s, k), s.need_person_days(k)))
                    .collect();
                let need: f64 = rows.iter().map(|r| r.1).sum();
                let value: f64 = rows.iter().map(|(c, w)| c * w).sum();
                let mean = value / need;
                let mut gap = 0.0;
                for (ci, wi) in &rows {
                    for (cj, wj) in &rows {
                        gap += wi * wj * (ci - cj).abs();
                    }
                }
                PhaseSpread {
                    phase,
                    rows: rows.len(),
                    min_coverage: rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min),
                    max_coverage: rows.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max),
                    coverage: mean,
                    gini: if mean > 0.0 { gap / (2.0 * need * need * mean) } else { 0.0 },
                }
            })
            .collect()
    }
}

/// A pipeline break: a need row's coverage falls from one period to the next while people are
/// still in need.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineBreak {
    /// The need row before the fall, and the one after (same district and phase).
    pub from: NeedId,
    pub to: NeedId,
    pub coverage_before: f64,
    pub coverage_after: f64,
    /// What held the later coverage down (impartial allocation's binding limits; may be
    /// empty).
    pub held_by: Vec<crate::keys::RowKey>,
}

/// A fall of coverage smaller than this (a share) is no break.
pub const BREAK: f64 = 0.01;

impl Plan {
    /// Every fall of coverage of more than [`BREAK`] between consecutive periods of a
    /// district's need, in district, phase and period order.
    pub fn pipeline_breaks(&self, s: &Scenario) -> Vec<PipelineBreak> {
        crate::formulation::continuity::consecutive(s)
            .into_iter()
            .filter_map(|(from, to)| {
                let (before, after) = (self.coverage(s, from), self.coverage(s, to));
                (before - after > BREAK).then(|| PipelineBreak {
                    from,
                    to,
                    coverage_before: before,
                    coverage_after: after,
                    held_by: self.held_by.get(to.index()).cloned().unwrap_or_default(),
                })
            })
            .collect()
    }
}
