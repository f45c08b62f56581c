//! Structured keys of the LP's columns and rows.
//!
//! Each key names the domain object a column or row stands for. [`ColKey::display`] and
//! [`RowKey::display`] print them as `flow[lane=dakar_kidira, commodity=wheat, period=2024-07]`
//! and [`RowKey::describe`] as a sentence for explanations.

use std::fmt;

use hinterland_model::{
    CommodityId, DemandId, FundId, LaneId, MarketId, NeedId, NodeId, Period, Scenario, SupplyId,
};

/// What an LP column stands for. All quantities in tonnes unless stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColKey {
    /// Tonnes bought from a market offer and paid by a fund.
    Buy { market: MarketId, fund: FundId },
    /// Tonnes of an in-kind donation called forward in a period.
    Draw { supply: SupplyId, period: Period },
    /// Tonnes dispatched on a lane in a period.
    Flow { lane: LaneId, commodity: CommodityId, period: Period },
    /// Tonnes held at a node at the end of a period.
    Stock { node: NodeId, commodity: CommodityId, period: Period },
    /// Tonnes of food eaten by the people served in a district in a period.
    Consume { district: NodeId, commodity: CommodityId, period: Period },
    /// Person-days served for a need row.
    Served { need: NeedId },
    /// Tonnes delivered for a demand row.
    Delivered { demand: DemandId },
    /// US dollars of logistics cost paid by a fund.
    PayLogistics { fund: FundId },
    /// Elastic explanation only: how far a hard commitment is missed (its own unit).
    CommitmentGap { commitment: Commitment },
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
    Budget {
        fund: FundId,
    },
    /// Logistics costs are paid by the funds allowed to.
    LogisticsPayment,
    /// Floor of ration limit `limit` (index into the ration) for a district and period.
    RationMin {
        district: NodeId,
        period: Period,
        limit: u32,
    },
    /// Cap of ration limit `limit`.
    RationMax {
        district: NodeId,
        period: Period,
        limit: u32,
    },
    /// Lexicographic step 2: keep the service of step 1.
    ServiceFloor,
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
            RowKey::Budget { fund } => format!("budget of fund {}", s.fund(*fund).name),
            RowKey::LogisticsPayment => "money for logistics".to_owned(),
            RowKey::RationMin { district, period, limit } => format!(
                "ration floor on {} in {} in {}",
                ration_item_name(s, *limit),
                s.node(*district).name,
                p(period)
            ),
            RowKey::RationMax { district, period, limit } => format!(
                "ration cap on {} in {} in {}",
                ration_item_name(s, *limit),
                s.node(*district).name,
                p(period)
            ),
            RowKey::ServiceFloor => "service reached in step 1".to_owned(),
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
            ColKey::Flow { lane, commodity, period } => write!(
                f,
                "flow[lane={},commodity={},period={}]",
                s.lane(*lane).code,
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
            ColKey::Consume { district, commodity, period } => write!(
                f,
                "consume[district={},commodity={},period={}]",
                s.node(*district).code,
                s.commodity(*commodity).code,
                p(period)
            ),
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
            RowKey::Budget { fund } => write!(f, "budget[fund={}]", s.fund(*fund).code),
            RowKey::LogisticsPayment => write!(f, "logistics_payment"),
            RowKey::RationMin { district, period, limit } => write!(
                f,
                "ration_min[district={},period={},item={}]",
                s.node(*district).code,
                p(period),
                ration_item_code(s, *limit)
            ),
            RowKey::RationMax { district, period, limit } => write!(
                f,
                "ration_max[district={},period={},item={}]",
                s.node(*district).code,
                p(period),
                ration_item_code(s, *limit)
            ),
            RowKey::ServiceFloor => write!(f, "service_floor"),
            RowKey::CommitmentFloor { commitment } => match commitment {
                Commitment::Need(n) => write!(f, "commitment[need={}]", n.0),
                Commitment::Demand(d) => write!(f, "commitment[demand={}]", d.0),
            },
        }
    }
}

fn ration_item_code(s: &Scenario, limit: u32) -> String {
    match &s.ration.limits[limit as usize].item {
        hinterland_model::RationItem::Nutrient(n) => s.nutrient(*n).code.clone(),
        hinterland_model::RationItem::Commodity(c) => s.commodity(*c).code.clone(),
        hinterland_model::RationItem::Group(g) => format!("group:{g}"),
    }
}
