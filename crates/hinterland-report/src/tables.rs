//! Aggregates of a plan, shared by every output format.
//!
//! Words: people are *reached* when they get a ration (the plan's `served` person-days; the
//! field names keep `served` for them); the *value* of the rations is in person-days of full
//! ration, and *coverage* is value over person-days in need. Per need row, rations and what
//! held a row are in [`crate::people`]; food and non-food apart in [`crate::goods`].

use std::collections::BTreeMap;

use hinterland_model::{Mode, NodeKind, Scenario};
use hinterland_plan::Plan;

use crate::goods::{Goods, Split};

/// People reached in one period, all districts.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRow {
    pub period: String,
    pub days: f64,
    /// People in need (sum over need rows of the period).
    pub people_in_need: f64,
    /// Average people reached over the period: person-days reached ÷ days.
    pub people_served: f64,
    pub person_days_in_need: f64,
    /// Person-days reached.
    pub person_days_served: f64,
    /// Person-days of full ration.
    pub value_person_days: f64,
}

impl PeriodRow {
    /// Value over person-days in need.
    pub fn coverage(&self) -> f64 {
        ratio(self.value_person_days, self.person_days_in_need)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// Coverage of one district over the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct DistrictRow {
    pub district: String,
    pub name: String,
    /// Highest phase among its need rows.
    pub phase: u8,
    pub person_days_in_need: f64,
    /// Person-days reached.
    pub person_days_served: f64,
    /// Person-days of full ration.
    pub value_person_days: f64,
    /// Food eaten there, t.
    pub tonnes_food: f64,
}

impl DistrictRow {
    /// Share of need reached.
    pub fn share(&self) -> f64 {
        ratio(self.person_days_served, self.person_days_in_need)
    }

    /// Value over person-days in need.
    pub fn coverage(&self) -> f64 {
        ratio(self.value_person_days, self.person_days_in_need)
    }
}

/// Tonnes entering the planned country on a corridor by a mode.
#[derive(Clone, Debug, PartialEq)]
pub struct CorridorRow {
    pub corridor: String,
    pub mode: Mode,
    /// Food and non-food together.
    pub tonnes: f64,
    /// Food and non-food apart ([`Goods::index`]).
    pub goods: Split,
}

/// Transport work by mode.
#[derive(Clone, Debug, PartialEq)]
pub struct ModeRow {
    pub mode: Mode,
    /// Food and non-food together.
    pub tonnes: f64,
    pub tonne_km: f64,
    /// Tonnes of food and of non-food ([`Goods::index`]).
    pub goods: Split,
}

/// Money of one fund.
#[derive(Clone, Debug, PartialEq)]
pub struct FundRow {
    pub fund: String,
    pub name: String,
    pub amount_usd: f64,
    pub purchases_usd: f64,
    pub logistics_usd: f64,
}

impl FundRow {
    pub fn left_usd(&self) -> f64 {
        self.amount_usd - self.purchases_usd - self.logistics_usd
    }
}

/// Non-food demand, met or short.
#[derive(Clone, Debug, PartialEq)]
pub struct DemandRow {
    pub node: String,
    pub commodity: String,
    pub period: String,
    pub quantity_t: f64,
    pub delivered_t: f64,
}

/// Donations and how much of them the plan uses.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplyRow {
    pub supply: String,
    pub commodity: String,
    pub node: String,
    pub quantity_t: f64,
    pub used_t: f64,
}

/// The country the plan serves: the most common country among district nodes.
pub fn planned_country(s: &Scenario) -> String {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for n in s.nodes.iter().filter(|n| n.kind == NodeKind::District) {
        *count.entry(n.country.as_str()).or_default() += 1;
    }
    count
        .into_iter()
        .max_by_key(|(c, k)| (*k, std::cmp::Reverse(*c)))
        .map(|(c, _)| c.to_owned())
        .unwrap_or_default()
}

pub fn by_period(s: &Scenario, plan: &Plan) -> Vec<PeriodRow> {
    let mut rows: Vec<PeriodRow> = s
        .calendar
        .periods()
        .map(|t| PeriodRow {
            period: s.calendar.label(t).to_owned(),
            days: s.calendar.days(t),
            people_in_need: 0.0,
            people_served: 0.0,
            person_days_in_need: 0.0,
            person_days_served: 0.0,
            value_person_days: 0.0,
        })
        .collect();
    for k in s.need_ids() {
        let need = s.need(k);
        let row = &mut rows[need.period.index()];
        row.people_in_need += need.people;
        row.person_days_in_need += s.need_person_days(k);
        row.person_days_served += plan.served_person_days[k.index()];
        row.value_person_days += plan.value_person_days[k.index()];
    }
    for row in &mut rows {
        row.people_served = row.person_days_served / row.days;
    }
    rows
}

pub fn by_district(s: &Scenario, plan: &Plan) -> Vec<DistrictRow> {
    let mut rows: BTreeMap<usize, DistrictRow> = BTreeMap::new();
    for k in s.need_ids() {
        let need = s.need(k);
        let node = s.node(need.district);
        let row = rows.entry(need.district.index()).or_insert_with(|| DistrictRow {
            district: node.code.clone(),
            name: node.name.clone(),
            phase: 0,
            person_days_in_need: 0.0,
            person_days_served: 0.0,
            value_person_days: 0.0,
            tonnes_food: 0.0,
        });
        row.phase = row.phase.max(need.phase);
        row.person_days_in_need += s.need_person_days(k);
        row.person_days_served += plan.served_person_days[k.index()];
        row.value_person_days += plan.value_person_days[k.index()];
    }
    for c in &plan.consumption {
        if let Some(row) = rows.get_mut(&c.district.index()) {
            row.tonnes_food += c.tonnes;
        }
    }
    rows.into_values().collect()
}

/// Coverage of each district and phase over the horizon: a district with people in several
/// phases has one row per phase, most severe first, so no blended figure hides that one
/// phase is fed in full and another in part. `phase` is the row's phase.
pub fn by_district_phase(s: &Scenario, plan: &Plan) -> Vec<DistrictRow> {
    let mut rows: BTreeMap<(usize, std::cmp::Reverse<u8>), DistrictRow> = BTreeMap::new();
    for k in s.need_ids() {
        let need = s.need(k);
        let node = s.node(need.district);
        let row = rows.entry((need.district.index(), std::cmp::Reverse(need.phase))).or_insert_with(|| {
            DistrictRow {
                district: node.code.clone(),
                name: node.name.clone(),
                phase: need.phase,
                person_days_in_need: 0.0,
                person_days_served: 0.0,
                value_person_days: 0.0,
                tonnes_food: 0.0,
            }
        });
        row.person_days_in_need += s.need_person_days(k);
        row.person_days_served += plan.served_person_days[k.index()];
        row.value_person_days += plan.value_person_days[k.index()];
    }
    for c in &plan.consumption {
        let key = (c.district.index(), std::cmp::Reverse(s.need(c.need).phase));
        if let Some(row) = rows.get_mut(&key) {
            row.tonnes_food += c.tonnes;
        }
    }
    rows.into_values().collect()
}

/// How many phases each district of [`by_district_phase`] has, by district code.
pub fn phases_per_district(rows: &[DistrictRow]) -> BTreeMap<String, usize> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows {
        *out.entry(r.district.clone()).or_default() += 1;
    }
    out
}

/// Tonnes entering the planned country, by corridor and mode (lanes that cross into it).
pub fn by_corridor(s: &Scenario, plan: &Plan) -> Vec<CorridorRow> {
    let country = planned_country(s);
    let mut acc: BTreeMap<(String, Mode), Split> = BTreeMap::new();
    for f in &plan.flows {
        let l = s.lane(f.lane);
        let (from, to) = (s.node(l.from), s.node(l.to));
        if to.country == country && from.country != country {
            let corridor = if l.corridor.is_empty() { l.code.clone() } else { l.corridor.clone() };
            acc.entry((corridor, l.mode)).or_default()[Goods::of(s, f.commodity).index()] += f.tonnes;
        }
    }
    acc.into_iter()
        .map(|((corridor, mode), goods)| CorridorRow { corridor, mode, tonnes: goods[0] + goods[1], goods })
        .collect()
}

pub fn by_mode(s: &Scenario, plan: &Plan) -> Vec<ModeRow> {
    let mut acc: BTreeMap<Mode, (Split, f64)> = BTreeMap::new();
    for f in &plan.flows {
        let l = s.lane(f.lane);
        let e = acc.entry(l.mode).or_default();
        e.0[Goods::of(s, f.commodity).index()] += f.tonnes;
        e.1 += f.tonnes * l.distance_km;
    }
    acc.into_iter()
        .map(|(mode, (goods, tonne_km))| ModeRow { mode, tonnes: goods[0] + goods[1], tonne_km, goods })
        .collect()
}

pub fn by_fund(s: &Scenario, plan: &Plan) -> Vec<FundRow> {
    let mut rows: Vec<FundRow> = s
        .funds
        .iter()
        .zip(&plan.logistics_paid_usd)
        .map(|(f, paid)| FundRow {
            fund: f.code.clone(),
            name: f.name.clone(),
            amount_usd: f.amount_usd,
            purchases_usd: 0.0,
            logistics_usd: *paid,
        })
        .collect();
    for p in &plan.purchases {
        rows[p.fund.index()].purchases_usd += s.market(p.market).price_usd_per_t * p.tonnes;
    }
    rows
}

pub fn demands(s: &Scenario, plan: &Plan) -> Vec<DemandRow> {
    s.demand_ids()
        .map(|k| {
            let d = s.demand(k);
            DemandRow {
                node: s.node(d.node).code.clone(),
                commodity: s.commodity(d.commodity).code.clone(),
                period: s.calendar.label(d.period).to_owned(),
                quantity_t: d.quantity_t,
                delivered_t: plan.delivered_t[k.index()],
            }
        })
        .collect()
}

pub fn supplies(s: &Scenario, plan: &Plan) -> Vec<SupplyRow> {
    let mut used = vec![0.0; s.supplies.len()];
    for d in &plan.draws {
        used[d.supply.index()] += d.tonnes;
    }
    s.supply_ids()
        .map(|k| {
            let d = s.supply(k);
            SupplyRow {
                supply: d.code.clone(),
                commodity: s.commodity(d.commodity).code.clone(),
                node: s.node(d.node).code.clone(),
                quantity_t: d.quantity_t,
                used_t: used[k.index()],
            }
        })
        .collect()
}

/// Purchases of one commodity through one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct PurchaseRow {
    pub goods: Goods,
    pub commodity: String,
    pub channel: String,
    pub tonnes: f64,
    pub usd: f64,
}

/// Tonnes bought by commodity and channel, food first.
pub fn purchases_by_commodity(s: &Scenario, plan: &Plan) -> Vec<PurchaseRow> {
    let mut acc: BTreeMap<(Goods, String, String), (f64, f64)> = BTreeMap::new();
    for p in &plan.purchases {
        let m = s.market(p.market);
        let key = (Goods::of(s, m.commodity), s.commodity(m.commodity).code.clone(), m.channel.clone());
        let e = acc.entry(key).or_default();
        e.0 += p.tonnes;
        e.1 += p.tonnes * m.price_usd_per_t;
    }
    acc.into_iter()
        .map(|((goods, commodity, channel), (tonnes, usd))| PurchaseRow {
            goods,
            commodity,
            channel,
            tonnes,
            usd,
        })
        .collect()
}

/// Coverage of one district, phase and period.
#[derive(Clone, Debug, PartialEq)]
pub struct DistrictPeriodRow {
    pub district: String,
    pub phase: u8,
    pub period: hinterland_model::Period,
    pub person_days_in_need: f64,
    /// Person-days reached.
    pub person_days_served: f64,
    /// Person-days of full ration.
    pub value_person_days: f64,
}

impl DistrictPeriodRow {
    /// Value over person-days in need.
    pub fn coverage(&self) -> f64 {
        ratio(self.value_person_days, self.person_days_in_need)
    }
}

/// Coverage per district, phase and period, in node order, most severe phase first, then
/// period order; only cells with need.
pub fn by_district_period(s: &Scenario, plan: &Plan) -> Vec<DistrictPeriodRow> {
    // (district, most severe phase first, period) → (in need, reached, value), person-days.
    type Key = (usize, std::cmp::Reverse<u8>, u32);
    let mut acc: BTreeMap<Key, (f64, f64, f64)> = BTreeMap::new();
    for k in s.need_ids() {
        let need = s.need(k);
        let e = acc.entry((need.district.index(), std::cmp::Reverse(need.phase), need.period.0)).or_default();
        e.0 += s.need_person_days(k);
        e.1 += plan.served_person_days[k.index()];
        e.2 += plan.value_person_days[k.index()];
    }
    acc.into_iter()
        .map(|((d, phase, t), (need, served, value))| DistrictPeriodRow {
            district: s.nodes[d].code.clone(),
            phase: phase.0,
            period: hinterland_model::Period(t),
            person_days_in_need: need,
            person_days_served: served,
            value_person_days: value,
        })
        .collect()
}

/// A quantity per period for one thing (a corridor, a warehouse).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Code of the thing (corridor name, node code).
    pub key: String,
    /// Human label.
    pub label: String,
    /// One value per period of the calendar.
    pub values: Vec<f64>,
}

/// Tonnes entering the planned country per corridor, mode and goods, by period of dispatch.
/// Same lanes as [`by_corridor`]; a series' values sum to its [`CorridorRow::goods`] entry.
pub fn corridor_series(s: &Scenario, plan: &Plan) -> Vec<(Mode, Goods, Series)> {
    let country = planned_country(s);
    let mut acc: BTreeMap<(String, Mode, Goods), Vec<f64>> = BTreeMap::new();
    for f in &plan.flows {
        let l = s.lane(f.lane);
        let (from, to) = (s.node(l.from), s.node(l.to));
        if to.country == country && from.country != country {
            let corridor = if l.corridor.is_empty() { l.code.clone() } else { l.corridor.clone() };
            let key = (corridor, l.mode, Goods::of(s, f.commodity));
            acc.entry(key).or_insert_with(|| vec![0.0; s.calendar.len()])[f.period.index()] += f.tonnes;
        }
    }
    acc.into_iter()
        .map(|((corridor, mode, goods), values)| {
            let label = format!("{corridor} ({}), {}", mode.as_str(), goods.label());
            (mode, goods, Series { label, key: corridor, values })
        })
        .collect()
}

/// End-of-period stock per node with storage, food and non-food apart, in node order.
/// Nodes that never hold stock of a kind of goods are left out for it.
pub fn stock_series(s: &Scenario, plan: &Plan) -> Vec<(Goods, Series)> {
    let mut acc: BTreeMap<(usize, Goods), Vec<f64>> = BTreeMap::new();
    for x in &plan.stocks {
        acc.entry((x.node.index(), Goods::of(s, x.commodity)))
            .or_insert_with(|| vec![0.0; s.calendar.len()])[x.period.index()] += x.tonnes;
    }
    acc.into_iter()
        .map(|((n, goods), values)| {
            let label = format!("{}, {}", s.nodes[n].name, goods.label());
            (goods, Series { key: s.nodes[n].code.clone(), label, values })
        })
        .collect()
}

/// Tonnes moved on each lane (index = lane index), all commodities and periods.
pub fn lane_tonnes(s: &Scenario, plan: &Plan) -> Vec<f64> {
    let mut out = vec![0.0; s.lanes.len()];
    for f in &plan.flows {
        out[f.lane.index()] += f.tonnes;
    }
    out
}

/// Tonnes moved on each lane per period of dispatch: `[lane][period]`.
pub fn lane_tonnes_by_period(s: &Scenario, plan: &Plan) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; s.calendar.len()]; s.lanes.len()];
    for f in &plan.flows {
        out[f.lane.index()][f.period.index()] += f.tonnes;
    }
    out
}

/// Tonnes through each node (index = node index): arriving on lanes, bought, drawn from donations.
pub fn node_throughput(s: &Scenario, plan: &Plan) -> Vec<f64> {
    let mut out = vec![0.0; s.nodes.len()];
    for f in &plan.flows {
        out[s.lane(f.lane).to.index()] += f.tonnes;
    }
    for p in &plan.purchases {
        out[s.market(p.market).node.index()] += p.tonnes;
    }
    for d in &plan.draws {
        out[s.supply(d.supply).node.index()] += d.tonnes;
    }
    out
}

pub use crate::corridors::{CorridorComparison, corridor_comparison};
