//! Food and non-food apart: what the plan moves, buys and pays for each, and what its food
//! costs per person-day, with donated food valued at zero and at a stated market price.
//!
//! Food (`group = food` in commodities.csv) feeds people; everything else (fertilizer, fuel)
//! is non-food, delivered to `demand.csv` rows. They are separate priority levels in the
//! plan and are never added up in a figure that reads as one of them.

use hinterland_model::{CommodityId, Scenario, SupplyId};
use hinterland_plan::{CostBreakdown, Plan};

/// Food or non-food.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Goods {
    Food,
    Nonfood,
}

impl Goods {
    pub const ALL: [Goods; 2] = [Goods::Food, Goods::Nonfood];

    pub fn of(s: &Scenario, c: CommodityId) -> Goods {
        if s.commodity(c).is_food() { Goods::Food } else { Goods::Nonfood }
    }

    /// The name in machine outputs: `food`, `nonfood`.
    pub fn as_str(self) -> &'static str {
        match self {
            Goods::Food => "food",
            Goods::Nonfood => "nonfood",
        }
    }

    /// The name for people: `food`, `non-food`.
    pub fn label(self) -> &'static str {
        match self {
            Goods::Food => "food",
            Goods::Nonfood => "non-food",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A quantity for food and for non-food, indexed by [`Goods::index`].
pub type Split = [f64; 2];

/// Costs of food and of non-food, recomputed from the plan's quantities and the scenario's
/// prices as [`Plan::cost_breakdown`] does; they add up to it. Every cost item belongs to
/// one commodity: purchases and their handling to the market's, donations' handling to the
/// donation's, transport and handling on arrival to the flow's, storage to the stock's.
pub fn costs(s: &Scenario, plan: &Plan) -> [CostBreakdown; 2] {
    let mut c = [CostBreakdown::default(); 2];
    for p in &plan.purchases {
        let m = s.market(p.market);
        let g = &mut c[Goods::of(s, m.commodity).index()];
        g.purchase += m.price_usd_per_t * p.tonnes;
        g.handling += s.node(m.node).handling_cost_usd_per_t * p.tonnes;
    }
    for d in &plan.draws {
        let sup = s.supply(d.supply);
        c[Goods::of(s, sup.commodity).index()].handling +=
            (s.node(sup.node).handling_cost_usd_per_t + sup.handover_cost_usd_per_t) * d.tonnes;
    }
    for r in &plan.receipts {
        let x = s.shipment(r.shipment);
        c[Goods::of(s, x.commodity).index()].handling += s.node(x.node).handling_cost_usd_per_t * r.tonnes;
    }
    for f in &plan.flows {
        let l = s.lane(f.lane);
        let g = &mut c[Goods::of(s, f.commodity).index()];
        g.transport += s.lane_cost(f.lane, f.commodity) * f.tonnes;
        g.handling += s.node(l.to).handling_cost_usd_per_t * f.tonnes;
    }
    for st in &plan.stocks {
        c[Goods::of(s, st.commodity).index()].storage += s.storage_terms(st.node, st.commodity).0 * st.tonnes;
    }
    c
}

/// Tonnes moved on each lane (index = lane index), food and non-food, all periods.
pub fn lane_tonnes(s: &Scenario, plan: &Plan) -> Vec<Split> {
    let mut out = vec![[0.0; 2]; s.lanes.len()];
    for f in &plan.flows {
        out[f.lane.index()][Goods::of(s, f.commodity).index()] += f.tonnes;
    }
    out
}

/// Tonnes moved on each lane per period of dispatch, food and non-food: `[lane][period]`.
pub fn lane_tonnes_by_period(s: &Scenario, plan: &Plan) -> Vec<Vec<Split>> {
    let mut out = vec![vec![[0.0; 2]; s.calendar.len()]; s.lanes.len()];
    for f in &plan.flows {
        out[f.lane.index()][f.period.index()][Goods::of(s, f.commodity).index()] += f.tonnes;
    }
    out
}

/// Where a donation's value per tonne comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueSource {
    /// `value_usd_per_t` in supply.csv.
    Given,
    /// The mean `price_usd_per_t` of this many market offers of the commodity (one per
    /// row of markets.csv and period).
    MarketMean { offers: usize },
    /// Neither: no value.
    None,
}

impl ValueSource {
    /// The name in machine outputs: `supply.csv`, `mean market price`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSource::Given => "supply.csv",
            ValueSource::MarketMean { .. } => "mean market price",
            ValueSource::None => "none",
        }
    }

    /// Where the value comes from, in words.
    pub fn describe(self, commodity: &str) -> String {
        match self {
            ValueSource::Given => "value_usd_per_t in supply.csv".to_owned(),
            ValueSource::MarketMean { offers } => {
                format!("mean price of the {offers} market offer(s) of {commodity}")
            }
            ValueSource::None => format!("no market offer of {commodity}: not valued"),
        }
    }
}

/// What a donation is worth per tonne, and why.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DonationValue {
    pub supply: SupplyId,
    pub usd_per_t: Option<f64>,
    pub source: ValueSource,
}

/// The value per tonne of each donation, in supply order: `value_usd_per_t` where
/// supply.csv gives it, else the mean price of the commodity's market offers.
pub fn donation_values(s: &Scenario) -> Vec<DonationValue> {
    s.supply_ids()
        .map(|k| {
            let d = s.supply(k);
            if let Some(v) = d.value_usd_per_t {
                return DonationValue { supply: k, usd_per_t: Some(v), source: ValueSource::Given };
            }
            let prices: Vec<f64> =
                s.markets.iter().filter(|m| m.commodity == d.commodity).map(|m| m.price_usd_per_t).collect();
            if prices.is_empty() {
                DonationValue { supply: k, usd_per_t: None, source: ValueSource::None }
            } else {
                let mean = prices.iter().sum::<f64>() / prices.len() as f64;
                DonationValue {
                    supply: k,
                    usd_per_t: Some(mean),
                    source: ValueSource::MarketMean { offers: prices.len() },
                }
            }
        })
        .collect()
}

/// What the plan's food costs, and the people it reaches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FoodCost {
    /// Purchase and logistics of food commodities (donations at zero), US$.
    pub usd: f64,
    /// Value of the donated food the plan uses, at [`donation_values`], US$.
    pub donated_value_usd: f64,
    /// Donated food the plan uses that has no value (no market offer of its commodity), t.
    pub donated_unvalued_t: f64,
    /// Donated food the plan uses, t.
    pub donated_t: f64,
    pub person_days_reached: f64,
    /// Person-days of full ration (the value of the rations).
    pub value_person_days: f64,
}

impl FoodCost {
    pub fn of(s: &Scenario, plan: &Plan) -> FoodCost {
        let values = donation_values(s);
        let (mut donated_value_usd, mut donated_unvalued_t, mut donated_t) = (0.0, 0.0, 0.0);
        for d in &plan.draws {
            if Goods::of(s, s.supply(d.supply).commodity) != Goods::Food {
                continue;
            }
            donated_t += d.tonnes;
            match values[d.supply.index()].usd_per_t {
                Some(v) => donated_value_usd += v * d.tonnes,
                None => donated_unvalued_t += d.tonnes,
            }
        }
        FoodCost {
            usd: costs(s, plan)[Goods::Food.index()].total(),
            donated_value_usd,
            donated_unvalued_t,
            donated_t,
            person_days_reached: plan.person_days_served(),
            value_person_days: plan.value_person_days.iter().sum(),
        }
    }

    /// Food cost with the donated food valued, US$.
    pub fn usd_with_donations(&self) -> f64 {
        self.usd + self.donated_value_usd
    }

    /// US$ per person-day reached: donations at zero, and valued. `None` when nobody is
    /// reached.
    pub fn per_person_day_reached(&self) -> Option<(f64, f64)> {
        per(self.usd, self.usd_with_donations(), self.person_days_reached)
    }

    /// US$ per person-day of full ration: donations at zero, and valued.
    pub fn per_full_ration_person_day(&self) -> Option<(f64, f64)> {
        per(self.usd, self.usd_with_donations(), self.value_person_days)
    }
}

fn per(a: f64, b: f64, n: f64) -> Option<(f64, f64)> {
    (n > 0.0).then(|| (a / n, b / n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goods_names() {
        assert_eq!(Goods::ALL.map(Goods::as_str), ["food", "nonfood"]);
        assert_eq!(Goods::ALL.map(Goods::label), ["food", "non-food"]);
        assert_eq!(
            ValueSource::MarketMean { offers: 3 }.describe("wheat"),
            "mean price of the 3 market offer(s) of wheat"
        );
    }
}
