//! Feeding people: food eaten in a district serves people only with an adequate ration.
//!
//! For every district d and period t with people in need, `consume[d,c,t] ≥ 0` for every
//! food c leaves the balance of (d,c,t), and `served[k]` (person-days) exists for every need
//! row k of (d,t), `min_share(k) · pd(k) ≤ served[k] ≤ pd(k)` with `pd(k) = people(k) · days(t)`.
//! Let `S = Σ_k served[k]`. Every limit i of the ration with a floor `lo_i > 0` or a cap
//! `hi_i < ∞` gives
//!
//! ```text
//!   Σ_c a[i,c] · consume[d,c,t] / lo_i − S ≥ 0                         ration_min[d,t,i]
//!   Σ_c a[i,c] · consume[d,c,t] / hi_i − S ≤ 0                         ration_max[d,t,i]
//! ```
//!
//! where `a[i,c]` is what one tonne of c gives of item i: `content_per_100g[c,q] · 10⁴` for a
//! nutrient q, `10⁶` g for a commodity or ration group it belongs to, 0 otherwise. Dividing by
//! the bound makes each row read "person-days covered by item i ≥ person-days served", so
//! its shadow price is a value per person-day. A cap of 0 is kept unscaled
//! (`Σ_c a[i,c] · consume ≤ 0`).
//!
//! Because the ration is the same for everyone served, `consume / S` is the average daily
//! ration, and it meets every floor and cap whenever `S > 0`.

use hinterland_model::{CommodityId, NeedId, NodeId, PORTIONS_OF_100G_PER_T, Period, RationItem, T_PER_G};

use super::{Builder, NONE};
use crate::keys::{ColKey, Commitment, RowKey};

/// Need rows grouped by (district, period), in a deterministic order.
pub(crate) fn needs_by_district_period(
    s: &hinterland_model::Scenario,
) -> Vec<((NodeId, Period), Vec<NeedId>)> {
    let mut ids: Vec<NeedId> = s.need_ids().collect();
    ids.sort_by_key(|k| (s.need(*k).district, s.need(*k).period, *k));
    let mut out: Vec<((NodeId, Period), Vec<NeedId>)> = Vec::new();
    for k in ids {
        let key = (s.need(k).district, s.need(k).period);
        match out.last_mut() {
            Some((last, v)) if *last == key => v.push(k),
            _ => out.push((key, vec![k])),
        }
    }
    out
}

/// What one tonne of `c` gives of ration item `item`, in the item's unit.
pub fn amount_per_t(s: &hinterland_model::Scenario, item: &RationItem, c: CommodityId) -> f64 {
    let com = s.commodity(c);
    if !com.is_food() {
        return 0.0;
    }
    match item {
        RationItem::Nutrient(q) => s.content_per_100g[c.index()][q.index()] * PORTIONS_OF_100G_PER_T,
        RationItem::Commodity(x) => {
            if *x == c {
                1.0 / T_PER_G
            } else {
                0.0
            }
        }
        RationItem::Group(g) => {
            if com.ration_group == *g {
                1.0 / T_PER_G
            } else {
                0.0
            }
        }
    }
}

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    let t_count = s.calendar.len();
    let c_count = s.commodities.len();
    b.index.served = vec![hinterland_lp::Col(NONE); s.needs.len()];
    if s.needs.is_empty() {
        return;
    }
    b.index.consume = vec![NONE; s.nodes.len() * c_count * t_count];
    let foods: Vec<CommodityId> = s.commodity_ids().filter(|c| s.commodity(*c).is_food()).collect();
    // a[i,c] for every ration limit and food, computed once.
    let amounts: Vec<Vec<f64>> = s
        .ration
        .limits
        .iter()
        .map(|l| foods.iter().map(|c| amount_per_t(s, &l.item, *c)).collect())
        .collect();

    for ((district, period), needs) in needs_by_district_period(s) {
        let days = s.calendar.days(period);
        let served: Vec<_> = needs
            .iter()
            .map(|&need| {
                let n = s.need(need);
                let pd = n.people * days;
                let col = b.committed_col(
                    ColKey::Served { need },
                    Commitment::Need(need),
                    n.min_share * pd,
                    pd,
                    s.objective.phase_weight(n.phase),
                );
                b.index.served[need.index()] = col;
                col
            })
            .collect();
        let consume: Vec<_> = foods
            .iter()
            .map(|&commodity| {
                let col =
                    b.col(ColKey::Consume { district, commodity, period }, 0.0, f64::INFINITY, 0.0, 0.0);
                b.index.consume
                    [(district.index() * c_count + commodity.index()) * t_count + period.index()] = col.0;
                b.lp.add_coef(b.index.balance(district, commodity, period), col, -1.0);
                col
            })
            .collect();
        for (i, limit) in s.ration.limits.iter().enumerate() {
            let bounds = [(limit.bounds.min, true), (limit.bounds.max, false)];
            for (bound, is_floor) in bounds {
                let active = if is_floor { bound > 0.0 } else { bound.is_finite() };
                if !active {
                    continue;
                }
                let (scale, s_coef) = if bound > 0.0 { (1.0 / bound, -1.0) } else { (1.0, 0.0) };
                let limit = i as u32;
                let row = if is_floor {
                    b.lp.add_row(RowKey::RationMin { district, period, limit }, 0.0, f64::INFINITY)
                } else {
                    b.lp.add_row(RowKey::RationMax { district, period, limit }, f64::NEG_INFINITY, 0.0)
                };
                for (k, &col) in consume.iter().enumerate() {
                    let a = amounts[i][k];
                    if a != 0.0 {
                        b.lp.add_coef(row, col, a * scale);
                    }
                }
                if s_coef != 0.0 {
                    for &col in &served {
                        b.lp.add_coef(row, col, s_coef);
                    }
                }
            }
        }
    }
}
