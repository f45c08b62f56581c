//! Structured keys of the LP's columns and rows.
//!
//! Each key names the domain object a column or row stands for. [`ColKey::display`] and
//! [`RowKey::display`] print them as `flow[lane=dakar_kidira, commodity=wheat, period=2024-07]`
//! and [`RowKey::describe`] as a sentence for explanations.

use std::fmt;

use hinterland_model::{
    CommodityId, DemandId, FundId, LaneId, MarketId, NeedId, NodeId, Period, Scenario, ShipmentId, SupplyId,
};

/// What an LP column stands for. All quantities in tonnes unless stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColKey {
    /// Tonnes bought from a market offer and paid by a fund.
    Buy { market: MarketId, fund: FundId },
    /// Tonnes of an in-kind donation called forward in a period.
    Draw { supply: SupplyId, period: Period },
    /// Tonnes of a pipeline shipment called forward in a period, at or after its arrival.
    Receive { shipment: ShipmentId, period: Period },
    /// Tonnes dispatched on a lane in a period.
    Flow { lane: LaneId, commodity: CommodityId, period: Period },
    /// Tonnes held at a node at the end of a period.
    Stock { node: NodeId, commodity: CommodityId, period: Period },
    /// Tonnes that arrive at a node without storage when nothing there can use them: the
    /// late share of a trip in days (see `formulation::transport`), left there unused.
    Surplus { node: NodeId, commodity: CommodityId, period: Period },
    /// Tonnes of food eaten by the people reached of a need row (its district and period).
    Consume { need: NeedId, commodity: CommodityId },
    /// Person-days of adequacy of ration limit `limit` for a need row, on segment `segment`
    /// of the adequacy curve (see `formulation::ration`).
    Adequate { need: NeedId, limit: u32, segment: u32 },
    /// Person-days served for a need row.
    Served { need: NeedId },
    /// Tonnes delivered for a demand row.
    Delivered { demand: DemandId },
    /// US dollars of logistics cost paid by a fund.
    PayLogistics { fund: FundId },
    /// Impartial allocation: the coverage of a phase being raised, in person-days at the
    /// phase's scale (see `formulation::fairness`).
    Level { phase: u8 },
    /// Bounded spread, reach step only: person-days of a need row's value counted up to a
    /// sliver of its need (see `formulation::fairness`).
    Reach { need: NeedId },
    /// Elastic formulation only: the worst relative miss of any hard commitment.
    WorstMiss,
    /// Elastic explanation only: how far a hard commitment is missed, as a share of it.
    CommitmentGap { commitment: Commitment },
}

/// A priority level of the lexicographic objective, kept by a [`RowKey::LevelFloor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Non-food deliveries (weighted tonnes).
    Nonfood,
}

/// A hard commitment from `min_share`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Commitment {
    Need(NeedId),
    Demand(DemandId),
}

/// What an LP row stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKey {
    /// Inflow = outflow for a commodity at a node in a period.
    Balance {
        node: NodeId,
        commodity: CommodityId,
        period: Period,
    },
    LaneCapacity {
        lane: LaneId,
        period: Period,
    },
    StorageCapacity {
        node: NodeId,
        period: Period,
    },
    MarketCapacity {
        market: MarketId,
    },
    SupplyLimit {
        supply: SupplyId,
    },
    /// What is called forward of a pipeline shipment is at most what it carries.
    ShipmentLimit {
        shipment: ShipmentId,
    },
    Budget {
        fund: FundId,
    },
    /// Logistics costs are paid by the funds allowed to.
    LogisticsPayment,
    /// Floor of ration limit `limit` (index into the ration) for the people reached of a need
    /// row: the full floor, or its `floor_share`.
    RationMin {
        need: NeedId,
        limit: u32,
    },
    /// Cap of ration limit `limit` for the people reached of a need row.
    RationMax {
        need: NeedId,
        limit: u32,
    },
    /// Adequacy of ration limit `limit` counts only what the food gives.
    Adequacy {
        need: NeedId,
        limit: u32,
    },
    /// Segment `segment` of the adequacy curve holds at most its width times the people
    /// reached.
    AdequacyStep {
        need: NeedId,
        limit: u32,
        segment: u32,
    },
    /// Impartial allocation: while its phase is raised, a need row's coverage reaches the
    /// phase's level.
    Fair {
        need: NeedId,
    },
    /// Impartial allocation: a need row's coverage keeps the level the max–min steps gave it.
    CoverageFloor {
        need: NeedId,
    },
    /// Continuity: coverage falls from need row `from` to `to` (the next period, same
    /// district and phase) by at most the scenario's `max_drop`.
    Continuity {
        from: NeedId,
        to: NeedId,
    },
    /// Bounded spread, reach step only: `Reach[k]` counts only food k gets.
    Reach {
        need: NeedId,
    },
    /// Bounded spread: a reachable need row's coverage is at least its phase's band bottom.
    BandBottom {
        need: NeedId,
    },
    /// Bounded spread: a reachable need row's coverage is at most `max_gap` above its phase's
    /// band bottom.
    BandTop {
        need: NeedId,
    },
    /// A priority level reached by an earlier step keeps its value (lexicographic order).
    LevelFloor {
        level: Level,
    },
    /// Lexicographic step 2: keep the service of step 1.
    ServiceFloor,
    /// A best-effort plan keeps the least total relative miss of the hard commitments.
    CommitmentMiss,
    /// Elastic formulation: a hard commitment's relative miss is at most the worst.
    WorstMiss {
        commitment: Commitment,
    },
    /// Elastic explanation only: served + gap ≥ committed.
    CommitmentFloor {
        commitment: Commitment,
    },
}

/// A key together with the scenario that gives its ids names.
pub struct Named<'a, K> {
    key: &'a K,
    s: &'a Scenario,
}

impl ColKey {
    pub fn display<'a>(&'a self, s: &'a Scenario) -> Named<'a, ColKey> {
        Named { key: self, s }
    }
}

impl RowKey {
    pub fn display<'a>(&'a self, s: &'a Scenario) -> Named<'a, RowKey> {
        Named { key: self, s }
    }

    /// The row as a plain-words subject, e.g. `capacity of lane dakar_kidira (road) in 2024-07`.
    pub fn describe(&self, s: &Scenario) -> String {
        let p = |t: &Period| s.calendar.label(*t).to_owned();
        match self {
            RowKey::Balance { node, commodity, period } => format!(
                "{} available at {} in {}",
                s.commodity(*commodity).name,
                s.node(*node).name,
                p(period)
            ),
            RowKey::LaneCapacity { lane, period } => {
                let l = s.lane(*lane);
                format!(
                    "capacity of lane {} ({} → {}, {}) in {}",
                    l.code,
                    s.node(l.from).name,
                    s.node(l.to).name,
                    l.mode.as_str(),
                    p(period)
                )
            }
            RowKey::StorageCapacity { node, period } => {
                format!("storage capacity at {} in {}", s.node(*node).name, p(period))
            }
            RowKey::MarketCapacity { market } => {
                let m = s.market(*market);
                format!(
                    "{} on sale at {} in {} ({} channel)",
                    s.commodity(m.commodity).name,
                    s.node(m.node).name,
                    p(&m.period),
                    m.channel
                )
            }
            RowKey::SupplyLimit { supply } => {
                let d = s.supply(*supply);
                format!("donation {} of {} at {}", d.code, s.commodity(d.commodity).name, s.node(d.node).name)
            }
            RowKey::ShipmentLimit { shipment } => {
                let x = s.shipment(*shipment);
                format!(
                    "shipment {} of {} arriving at {}",
                    x.code,
                    s.commodity(x.commodity).name,
                    s.node(x.node).name
                )
            }
            RowKey::Budget { fund } => format!("budget of fund {}", s.fund(*fund).name),
            RowKey::LogisticsPayment => "money for logistics".to_owned(),
            RowKey::RationMin { need, limit } => {
                format!("ration floor on {} for {}", ration_item_name(s, *limit), need_name(s, *need))
            }
            RowKey::RationMax { need, limit } => {
                format!("ration cap on {} for {}", ration_item_name(s, *limit), need_name(s, *need))
            }
            RowKey::Adequacy { need, limit } | RowKey::AdequacyStep { need, limit, .. } => {
                format!("adequacy of {} for {}", ration_item_name(s, *limit), need_name(s, *need))
            }
            RowKey::Fair { need } => format!("coverage of {} being raised", need_name(s, *need)),
            RowKey::Continuity { from, to } => format!(
                "continuity of the distribution to {} from {}",
                need_name(s, *to),
                s.calendar.label(s.need(*from).period)
            ),
            RowKey::CoverageFloor { need } => format!("fair coverage of {}", need_name(s, *need)),
            RowKey::Reach { need } => format!("reach of {}", need_name(s, *need)),
            RowKey::BandBottom { need } => {
                format!("coverage of {} kept at its phase's lowest", need_name(s, *need))
            }
            RowKey::BandTop { need } => {
                format!("coverage of {} kept within the spread of its phase", need_name(s, *need))
            }
            RowKey::LevelFloor { level: Level::Nonfood } => "non-food deliveries reached first".to_owned(),
            RowKey::ServiceFloor => "service reached in step 1".to_owned(),
            RowKey::CommitmentMiss => "the least total miss of the hard commitments".to_owned(),
            RowKey::WorstMiss { commitment } => {
                format!("the worst miss, at {}", commitment_name(s, *commitment))
            }
            RowKey::CommitmentFloor { commitment } => commitment_name(s, *commitment),
        }
    }
}

pub fn ration_item_name(s: &Scenario, limit: u32) -> String {
    match &s.ration.limits[limit as usize].item {
        hinterland_model::RationItem::Nutrient(n) => s.nutrient(*n).name.clone(),
        hinterland_model::RationItem::Commodity(c) => s.commodity(*c).name.clone(),
        hinterland_model::RationItem::Group(g) => format!("{g} (group)"),
    }
}

/// `phase-3 people in Kayes in 2024-07`.
pub fn need_name(s: &Scenario, need: NeedId) -> String {
    let n = s.need(need);
    format!("phase-{} people in {} in {}", n.phase, s.node(n.district).name, s.calendar.label(n.period))
}

pub fn commitment_name(s: &Scenario, c: Commitment) -> String {
    match c {
        Commitment::Need(n) => {
            let need = s.need(n);
            format!(
                "commitment to serve {:.0}% of phase-{} people in {} in {}",
                need.min_share * 100.0,
                need.phase,
                s.node(need.district).name,
                s.calendar.label(need.period)
            )
        }
        Commitment::Demand(d) => {
            let dem = s.demand(d);
            format!(
                "commitment to deliver {:.0}% of {} to {} in {}",
                dem.min_share * 100.0,
                s.commodity(dem.commodity).name,
                s.node(dem.node).name,
                s.calendar.label(dem.period)
            )
        }
    }
}

impl fmt::Display for Named<'_, ColKey> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.s;
        let p = |t: &Period| s.calendar.label(*t);
        match self.key {
            ColKey::Buy { market, fund } => {
                let m = s.market(*market);
                write!(
                    f,
                    "buy[market={},commodity={},period={},channel={},fund={}]",
                    s.node(m.node).code,
                    s.commodity(m.commodity).code,
                    p(&m.period),
                    m.channel,
                    s.fund(*fund).code
                )
            }
            ColKey::Draw { supply, period } => {
                write!(f, "draw[supply={},period={}]", s.supply(*supply).code, p(period))
            }
            ColKey::Receive { shipment, period } => {
                write!(f, "receive[shipment={},period={}]", s.shipment(*shipment).code, p(period))
            }
            ColKey::Flow { lane, commodity, period } => write!(
                f,
                "flow[lane={},commodity={},period={}]",
                s.lane(*lane).code,
                s.commodity(*commodity).code,
                p(period)
            ),
            ColKey::Surplus { node, commodity, period } => write!(
                f,
                "surplus[node={},commodity={},period={}]",
                s.node(*node).code,
                s.commodity(*commodity).code,
                p(period)
            ),
            ColKey::Stock { node, commodity, period } => write!(
                f,
                "stock[node={},commodity={},period={}]",
                s.node(*node).code,
                s.commodity(*commodity).code,
                p(period)
            ),
            ColKey::Consume { need, commodity } => {
                let n = s.need(*need);
                write!(
                    f,
                    "consume[district={},period={},phase={},commodity={}]",
                    s.node(n.district).code,
                    p(&n.period),
                    n.phase,
                    s.commodity(*commodity).code
                )
            }
            ColKey::Adequate { need, limit, segment } => {
                let n = s.need(*need);
                write!(
                    f,
                    "adequate[district={},period={},phase={},item={},segment={}]",
                    s.node(n.district).code,
                    p(&n.period),
                    n.phase,
                    ration_item_code(s, *limit),
                    segment
                )
            }
            ColKey::Served { need } => {
                let n = s.need(*need);
                write!(
                    f,
                    "served[district={},period={},phase={}]",
                    s.node(n.district).code,
                    p(&n.period),
                    n.phase
                )
            }
            ColKey::Delivered { demand } => {
                let d = s.demand(*demand);
                write!(
                    f,
                    "delivered[node={},commodity={},period={}]",
                    s.node(d.node).code,
                    s.commodity(d.commodity).code,
                    p(&d.period)
                )
            }
            ColKey::PayLogistics { fund } => write!(f, "pay_logistics[fund={}]", s.fund(*fund).code),
            ColKey::Level { phase } => write!(f, "level[phase={phase}]"),
            ColKey::Reach { need } => write!(f, "reach[{}]", need_code(s, *need)),
            ColKey::WorstMiss => write!(f, "worst_miss"),
            ColKey::CommitmentGap { commitment } => match commitment {
                Commitment::Need(n) => write!(f, "commitment_gap[need={}]", n.0),
                Commitment::Demand(d) => write!(f, "commitment_gap[demand={}]", d.0),
            },
        }
    }
}

impl fmt::Display for Named<'_, RowKey> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.s;
        let p = |t: &Period| s.calendar.label(*t);
        match self.key {
            RowKey::Balance { node, commodity, period } => write!(
                f,
                "flow_balance[node={},commodity={},period={}]",
                s.node(*node).code,
                s.commodity(*commodity).code,
                p(period)
            ),
            RowKey::LaneCapacity { lane, period } => {
                write!(f, "lane_capacity[lane={},period={}]", s.lane(*lane).code, p(period))
            }
            RowKey::StorageCapacity { node, period } => {
                write!(f, "storage_capacity[node={},period={}]", s.node(*node).code, p(period))
            }
            RowKey::MarketCapacity { market } => {
                let m = s.market(*market);
                write!(
                    f,
                    "market_capacity[market={},commodity={},period={},channel={}]",
                    s.node(m.node).code,
                    s.commodity(m.commodity).code,
                    p(&m.period),
                    m.channel
                )
            }
            RowKey::SupplyLimit { supply } => write!(f, "supply_limit[supply={}]", s.supply(*supply).code),
            RowKey::ShipmentLimit { shipment } => {
                write!(f, "shipment_limit[shipment={}]", s.shipment(*shipment).code)
            }
            RowKey::Budget { fund } => write!(f, "budget[fund={}]", s.fund(*fund).code),
            RowKey::LogisticsPayment => write!(f, "logistics_payment"),
            RowKey::RationMin { need, limit } => {
                write!(f, "ration_min[{},item={}]", need_code(s, *need), ration_item_code(s, *limit))
            }
            RowKey::RationMax { need, limit } => {
                write!(f, "ration_max[{},item={}]", need_code(s, *need), ration_item_code(s, *limit))
            }
            RowKey::Adequacy { need, limit } => {
                write!(f, "adequacy[{},item={}]", need_code(s, *need), ration_item_code(s, *limit))
            }
            RowKey::AdequacyStep { need, limit, segment } => write!(
                f,
                "adequacy_step[{},item={},segment={segment}]",
                need_code(s, *need),
                ration_item_code(s, *limit)
            ),
            RowKey::Fair { need } => write!(f, "fair[{}]", need_code(s, *need)),
            RowKey::Continuity { from, to } => {
                write!(f, "continuity[{},from={}]", need_code(s, *to), s.calendar.label(s.need(*from).period))
            }
            RowKey::CoverageFloor { need } => write!(f, "coverage_floor[{}]", need_code(s, *need)),
            RowKey::Reach { need } => write!(f, "reach[{}]", need_code(s, *need)),
            RowKey::BandBottom { need } => write!(f, "band_bottom[{}]", need_code(s, *need)),
            RowKey::BandTop { need } => write!(f, "band_top[{}]", need_code(s, *need)),
            RowKey::LevelFloor { level: Level::Nonfood } => write!(f, "level_floor[nonfood]"),
            RowKey::ServiceFloor => write!(f, "service_floor"),
            RowKey::CommitmentMiss => write!(f, "commitment_miss"),
            RowKey::WorstMiss { commitment } => match commitment {
                Commitment::Need(n) => write!(f, "worst_miss[need={}]", n.0),
                Commitment::Demand(d) => write!(f, "worst_miss[demand={}]", d.0),
            },
            RowKey::CommitmentFloor { commitment } => match commitment {
                Commitment::Need(n) => write!(f, "commitment[need={}]", n.0),
                Commitment::Demand(d) => write!(f, "commitment[demand={}]", d.0),
            },
        }
    }
}

/// `district=kayes,period=2024-07,phase=3`.
fn need_code(s: &Scenario, need: NeedId) -> String {
    let n = s.need(need);
    format!("district={},period={},phase={}", s.node(n.district).code, s.calendar.label(n.period), n.phase)
}

fn ration_item_code(s: &Scenario, limit: u32) -> String {
    match &s.ration.limits[limit as usize].item {
        hinterland_model::RationItem::Nutrient(n) => s.nutrient(*n).code.clone(),
        hinterland_model::RationItem::Commodity(c) => s.commodity(*c).code.clone(),
        hinterland_model::RationItem::Group(g) => format!("group:{g}"),
    }
}
