//! Scenario → linear program.
//!
//! The builder is a flat pipeline of constraint families, one module each, with its maths in
//! the module doc. Columns (all ≥ 0, tonnes unless stated):
//!
//! | column | meaning | family |
//! |---|---|---|
//! | `buy[m,f]` | tonnes bought from market offer m, paid by fund f | [`purchase`] |
//! | `draw[s,t]` | tonnes of donation s called forward in t | [`supply`] |
//! | `receive[p,t]` | tonnes of pipeline shipment p called forward in t | [`supply`] |
//! | `flow[l,c,t]` | tonnes dispatched on lane l in t, arriving after its transit | [`transport`] |
//! | `stock[n,c,t]` | tonnes held at n at the end of t | [`storage`] |
//! | `consume[k,c]` | tonnes of food c eaten by the people reached of need row k | [`ration`] |
//! | `served[k]` | person-days reached for need row k | [`ration`] |
//! | `adequate[k,i,j]` | person-days of adequacy of ration floor i, curve segment j | [`ration`] |
//! | `delivered[k]` | tonnes delivered for demand row k | [`nonfood`] |
//! | `pay_logistics[f]` | USD of logistics paid by fund f | [`budget`] |
//! | `level[p]` | coverage being raised in phase p (impartial allocation) | [`fairness`] |
//!
//! The objective is assembled in [`objective`] from three vectors kept on the
//! [`Formulation`]: food service (phase-weighted value of rations), non-food deliveries
//! (weighted tonnes) and cost. Food and non-food are never added up: they are separate
//! priority levels (see `docs/scenario-format.md`, `[allocation]`), except in the `weighted`
//! method, where the scenario sets the rate itself.

pub mod balance;
pub mod budget;
pub mod continuity;
pub mod fairness;
pub mod nonfood;
pub mod objective;
pub mod purchase;
pub mod ration;
pub mod storage;
pub mod supply;
pub mod transport;

use hinterland_lp::{Col, Lp, LpBuilder, Row, Sense};
use hinterland_model::{CommodityId, FundId, MarketId, NodeId, Period, Scenario, ShipmentId, SupplyId};

use crate::keys::{ColKey, RowKey};

/// Column and row handles by domain object.
///
/// Dense vectors indexed by `(node|lane, commodity, period)` hold `u32::MAX` where no column
/// or row exists.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub(crate) periods: usize,
    pub(crate) commodities: usize,
    /// `(market, fund, column)`, by market then fund.
    pub buy: Vec<(MarketId, FundId, Col)>,
    /// `(supply, period, column)`.
    pub draw: Vec<(SupplyId, Period, Col)>,
    /// `(shipment, period, column)`.
    pub receive: Vec<(ShipmentId, Period, Col)>,
    /// `[(lane * C + c) * T + t]`.
    pub flow: Vec<u32>,
    /// `[(node * C + c) * T + t]`.
    pub stock: Vec<u32>,
    /// `[need * C + c]`, food only.
    pub consume: Vec<u32>,
    /// Per need row.
    pub served: Vec<Col>,
    /// Per need row: the terms of its value `V[k]` (person-days of full ration, before the
    /// phase weight; see [`ration`]).
    pub value: Vec<Vec<(Col, f64)>>,
    /// Per demand row.
    pub delivered: Vec<Col>,
    /// Per fund.
    pub pay: Vec<Option<Col>>,
    /// First balance row; balance rows are `[(node * C + c) * T + t]` from there.
    pub balance_base: u32,
    /// `[lane * T + t]`.
    pub lane_capacity: Vec<u32>,
    /// `[node * T + t]`.
    pub storage_capacity: Vec<u32>,
    /// Per market offer.
    pub market_capacity: Vec<Option<Row>>,
    /// Per supply.
    pub supply_limit: Vec<Option<Row>>,
    /// Per pipeline shipment.
    pub shipment_limit: Vec<Option<Row>>,
    /// Per fund.
    pub budget: Vec<Option<Row>>,
    pub logistics_payment: Option<Row>,
    /// Impartial allocation's level columns and rows.
    pub fair: fairness::FairIndex,
    /// Bounded spread only: the bands.
    pub band: fairness::BandIndex,
    /// Elastic formulation only: the worst relative miss of any hard commitment.
    pub worst_miss: Option<Col>,
    /// Elastic formulation only: `(commitment, gap column, committed amount)`.
    pub gaps: Vec<(crate::keys::Commitment, Col, f64)>,
}

pub(crate) const NONE: u32 = u32::MAX;

fn opt(v: u32) -> Option<u32> {
    (v != NONE).then_some(v)
}

impl Index {
    #[inline]
    fn nct(&self, n: usize, c: CommodityId, t: Period) -> usize {
        (n * self.commodities + c.index()) * self.periods + t.index()
    }

    pub fn flow(&self, lane: hinterland_model::LaneId, c: CommodityId, t: Period) -> Option<Col> {
        opt(self.flow[self.nct(lane.index(), c, t)]).map(Col)
    }

    pub fn stock(&self, node: NodeId, c: CommodityId, t: Period) -> Option<Col> {
        if self.stock.is_empty() {
            return None;
        }
        opt(self.stock[self.nct(node.index(), c, t)]).map(Col)
    }

    pub fn consume(&self, need: hinterland_model::NeedId, c: CommodityId) -> Option<Col> {
        if self.consume.is_empty() {
            return None;
        }
        opt(self.consume[need.index() * self.commodities + c.index()]).map(Col)
    }

    /// `V[k]` at the point `x`: person-days of full ration (see [`ration`]).
    pub fn value_of(&self, need: hinterland_model::NeedId, x: &[f64]) -> f64 {
        self.value[need.index()].iter().map(|(c, w)| w * x[c.index()]).sum()
    }

    pub fn balance(&self, node: NodeId, c: CommodityId, t: Period) -> Row {
        Row(self.balance_base + self.nct(node.index(), c, t) as u32)
    }

    pub fn lane_capacity(&self, lane: hinterland_model::LaneId, t: Period) -> Option<Row> {
        opt(self.lane_capacity[lane.index() * self.periods + t.index()]).map(Row)
    }

    pub fn storage_capacity(&self, node: NodeId, t: Period) -> Option<Row> {
        opt(self.storage_capacity[node.index() * self.periods + t.index()]).map(Row)
    }
}

/// The LP of a scenario with the handles needed to read a solution back.
#[derive(Clone, Debug)]
pub struct Formulation {
    /// Built with zero objective; see [`objective`] for the vectors that fill it.
    pub lp: Lp<ColKey, RowKey>,
    pub index: Index,
    /// Food service per unit of each column: phase-weighted person-days of full ration.
    pub service: Vec<f64>,
    /// Non-food deliveries per unit of each column: weighted tonnes (`weight_per_t`).
    pub nonfood: Vec<f64>,
    /// US dollars per unit of each column.
    pub cost: Vec<f64>,
}

/// Shared state of the builder pipeline.
pub(crate) struct Builder<'a> {
    pub s: &'a Scenario,
    pub lp: LpBuilder<ColKey, RowKey>,
    pub index: Index,
    pub service: Vec<f64>,
    pub cost: Vec<f64>,
    /// Non-food weights as `(column, weighted tonnes per unit)`.
    pub nonfood: Vec<(Col, f64)>,
    /// Hard commitments become elastic: `x + committed · gap ≥ committed` (the gap a share of
    /// the commitment) instead of a lower bound.
    pub elastic: bool,
}

impl Builder<'_> {
    /// A column for a quantity with a hard lower bound `committed`: the bound itself, or in
    /// the elastic formulation a gap column (the share of the commitment missed, 0..1) and a
    /// `commitment_floor` row. The gap is a share, not a quantity, so that the rows that
    /// compare misses (`worst_miss`, the miss ceiling) have coefficients of one: with
    /// `1 / committed` (1e-7 for a district's person-days) Clp's answers missed them by 1e-6,
    /// and a later step was called infeasible.
    pub fn committed_col(
        &mut self,
        key: ColKey,
        commitment: crate::keys::Commitment,
        committed: f64,
        hi: f64,
        service: f64,
    ) -> Col {
        if !self.elastic || committed <= 0.0 {
            return self.col(key, committed, hi, service, 0.0);
        }
        let col = self.col(key, 0.0, hi, service, 0.0);
        let gap = self.col(ColKey::CommitmentGap { commitment }, 0.0, 1.0, 0.0, 0.0);
        let row = self.lp.add_row(RowKey::CommitmentFloor { commitment }, committed, f64::INFINITY);
        self.lp.add_coef(row, col, 1.0);
        self.lp.add_coef(row, gap, committed);
        self.index.gaps.push((commitment, gap, committed));
        col
    }

    /// Adds a column with its service weight and cost; the LP objective is set later.
    pub fn col(&mut self, key: ColKey, lo: f64, hi: f64, service: f64, cost: f64) -> Col {
        self.service.push(service);
        self.cost.push(cost);
        self.lp.add_col(key, 0.0, lo, hi)
    }
}

/// Builds the LP of `s`. The objective is left empty; [`objective::set`] fills it.
pub fn build(s: &Scenario) -> Formulation {
    build_with(s, false)
}

/// Builds the elastic LP that explains infeasible hard commitments: each `min_share` becomes
/// `x + committed · gap ≥ committed`, and the objective minimises `Σ gap`, the total relative
/// miss.
pub fn build_elastic(s: &Scenario) -> Formulation {
    let mut f = build_with(s, true);
    f.lp.sense = Sense::Minimize;
    f.lp.col_cost = vec![0.0; f.lp.ncols()];
    for &(_, gap, _) in &f.index.gaps {
        f.lp.col_cost[gap.index()] = 1.0;
    }
    f
}

/// The elastic formulation's worst relative miss: `worst_miss ≥ gap_k` for every
/// hard commitment k (`worst_miss[k]` rows). Free (cost 0) unless a best-effort plan minimises
/// it first, so that no commitment is missed by more than it must be.
fn add_worst_miss(b: &mut Builder<'_>) {
    let gaps = b.index.gaps.clone();
    if gaps.is_empty() {
        return;
    }
    let worst = b.col(ColKey::WorstMiss, 0.0, f64::INFINITY, 0.0, 0.0);
    for (commitment, gap, _) in gaps {
        let row = b.lp.add_row(RowKey::WorstMiss { commitment }, f64::NEG_INFINITY, 0.0);
        b.lp.add_coef(row, gap, 1.0);
        b.lp.add_coef(row, worst, -1.0);
    }
    b.index.worst_miss = Some(worst);
}

fn build_with(s: &Scenario, elastic: bool) -> Formulation {
    let mut b = Builder {
        elastic,
        s,
        lp: LpBuilder::new(Sense::Maximize),
        index: Index { periods: s.calendar.len(), commodities: s.commodities.len(), ..Index::default() },
        service: Vec::new(),
        cost: Vec::new(),
        nonfood: Vec::new(),
    };
    let t = s.calendar.len();
    let c = s.commodities.len();
    let est_flows = s.lanes.len() * c * t;
    b.lp.reserve(est_flows + s.markets.len() * 2, s.nodes.len() * c * t + s.lanes.len() * t, est_flows * 4);
    b.service.reserve(est_flows);
    b.cost.reserve(est_flows);

    balance::add_rows(&mut b);
    transport::add(&mut b);
    storage::add(&mut b);
    purchase::add(&mut b);
    supply::add(&mut b);
    ration::add(&mut b);
    nonfood::add(&mut b);
    budget::add(&mut b);
    continuity::add(&mut b);
    fairness::add(&mut b);
    if elastic {
        add_worst_miss(&mut b);
    }

    let Builder { lp, index, mut service, mut cost, nonfood: terms, .. } = b;
    service.shrink_to_fit();
    cost.shrink_to_fit();
    let mut nonfood = vec![0.0; service.len()];
    for (col, w) in terms {
        nonfood[col.index()] += w;
    }
    Formulation { lp: lp.build(), index, service, nonfood, cost }
}
