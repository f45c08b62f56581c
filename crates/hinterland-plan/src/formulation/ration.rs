//! Feeding people: who is reached, with how much of each food, and how adequate that is.
//!
//! For every need row k (people in one district, period and phase) with
//! `pd(k) = people(k) · days(t)` person-days in need:
//!
//! * `served[k]`, person-days **reached**: `min_share(k) · pd(k) ≤ served[k] ≤ pd(k)`;
//! * `consume[k,c] ≥ 0`, tonnes of food c eaten by them, leaving the balance of (d,c,t).
//!
//! Let `a[i,c]` be what one tonne of c gives of ration item i (`content_per_100g[c,q] · 10⁴`
//! for a nutrient q, `10⁶` g for a commodity or ration group it belongs to, 0 otherwise) and
//! `cov[k,i] = Σ_c a[i,c] · consume[k,c] / lo_i` the person-days that the food covers of
//! item i's floor `lo_i`. Every person reached gets at least the share `φ_i` (`floor_share`)
//! of each floor, and at most each cap `hi_i`:
//!
//! ```text
//!   cov[k,i] − φ_i · served[k] ≥ 0                                   ration_min[k,i]  (φ_i > 0)
//!   Σ_c a[i,c] · consume[k,c] / hi_i − served[k] ≤ 0                 ration_max[k,i]
//! ```
//!
//! (a cap of 0 is kept unscaled: `Σ_c a[i,c] · consume[k,c] ≤ 0`).
//!
//! **Adequacy and its value.** A person reached who gets the share `r_i` of floor i (capped
//! at 1) has adequacy `r_i`; the scenario's concave, piecewise-linear curve `v` (segments of
//! width `w_j` and slope `σ_j`, `Σ_j w_j σ_j = 1`) values it with diminishing returns, and the
//! ration's value is the weighted mean over the floors, with weights `ω_i` (`value_weight`).
//! The value of need row k, in person-days of full ration, is
//!
//! ```text
//!   V[k] = Σ_i ω_i · Σ_j σ_j · adequate[k,i,j] / Σ_i ω_i
//!   Σ_j adequate[k,i,j] − cov[k,i] ≤ 0                               adequacy[k,i]
//!   adequate[k,i,j] − w_j · served[k] ≤ 0                            adequacy_step[k,i,j]
//! ```
//!
//! with `adequate[k,i,j] ≥ 0`. Because every segment's width scales with the people reached,
//! `V[k] = served[k] · Σ_i ω_i v(cov[k,i] / served[k]) / Σ ω_i`: the perspective of a concave
//! function, so the LP stays an LP and, for a given amount of food, reaching more people at a
//! smaller ration is worth at least as much (strictly more where `v` bends), down to the
//! floors `φ_i`. Coverage is `V[k] / pd(k)`: 1 when everyone in need gets a full ration.
//!
//! Where `φ_i = 1` every person reached has the whole floor i, so `v = 1` for it and its term
//! is `ω_i · served[k]` with no columns. With every `φ_i = 1` (the default) `V[k] =
//! served[k]`: the full-ration-or-nothing model, the LP of earlier versions.
//!
//! Floors (`lo_i > 0`) count in the value; caps only bound the ration. The service objective
//! (utilitarian) is `Σ_k phase_weight(k) · V[k]`.

use hinterland_lp::Col;
use hinterland_model::{CommodityId, NeedId, PORTIONS_OF_100G_PER_T, RationItem, T_PER_G};

use super::{Builder, NONE};
use crate::keys::{ColKey, Commitment, RowKey};

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

/// The weight of limit i in the value of a ration: `ω_i / Σ ω` over the floors, or, when
/// every floor's weight is 0, equal weights (a ration must be worth something).
pub fn value_weights(s: &hinterland_model::Scenario) -> Vec<f64> {
    let limits = &s.ration.limits;
    let floors = limits.iter().filter(|l| l.has_floor());
    let total: f64 = floors.clone().map(|l| l.value_weight).sum();
    let count = floors.count() as f64;
    limits
        .iter()
        .map(|l| match (l.has_floor(), total > 0.0) {
            (false, _) => 0.0,
            (true, true) => l.value_weight / total,
            (true, false) => 1.0 / count,
        })
        .collect()
}

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    let c_count = s.commodities.len();
    b.index.served = vec![Col(NONE); s.needs.len()];
    b.index.value = vec![Vec::new(); s.needs.len()];
    if s.needs.is_empty() {
        return;
    }
    b.index.consume = vec![NONE; s.needs.len() * c_count];
    let foods: Vec<CommodityId> = s.commodity_ids().filter(|c| s.commodity(*c).is_food()).collect();
    // a[i,c] for every ration limit and food, computed once.
    let amounts: Vec<Vec<f64>> = s
        .ration
        .limits
        .iter()
        .map(|l| foods.iter().map(|c| amount_per_t(s, &l.item, *c)).collect())
        .collect();
    let weights = value_weights(s);
    let segments = s.allocation.adequacy_curve.segments();

    for need in need_order(s) {
        let n = s.need(need);
        let pd = n.people * s.calendar.days(n.period);
        let phase_weight = s.objective.phase_weight(n.phase);
        let served =
            b.committed_col(ColKey::Served { need }, Commitment::Need(need), n.min_share * pd, pd, 0.0);
        b.index.served[need.index()] = served;
        let consume: Vec<Col> = foods
            .iter()
            .map(|&commodity| {
                let col = b.col(ColKey::Consume { need, commodity }, 0.0, f64::INFINITY, 0.0, 0.0);
                b.index.consume[need.index() * c_count + commodity.index()] = col.0;
                b.lp.add_coef(b.index.balance(n.district, commodity, n.period), col, -1.0);
                col
            })
            .collect();
        // V[k]'s terms, before the phase weight.
        let mut value: Vec<(Col, f64)> = Vec::new();
        let mut on_served = 0.0;
        for (i, limit) in s.ration.limits.iter().enumerate() {
            let limit_index = i as u32;
            let covers = |scale: f64| -> Vec<(Col, f64)> {
                consume
                    .iter()
                    .zip(&amounts[i])
                    .filter(|(_, a)| **a != 0.0)
                    .map(|(col, a)| (*col, a * scale))
                    .collect()
            };
            if limit.has_floor() {
                let lo = limit.bounds.min;
                if limit.floor_share > 0.0 {
                    let row =
                        b.lp.add_row(RowKey::RationMin { need, limit: limit_index }, 0.0, f64::INFINITY);
                    for (col, a) in covers(1.0 / lo) {
                        b.lp.add_coef(row, col, a);
                    }
                    b.lp.add_coef(row, served, -limit.floor_share);
                }
                if weights[i] > 0.0 {
                    if limit.floor_share >= 1.0 {
                        on_served += weights[i];
                    } else {
                        let sum = b.lp.add_row(
                            RowKey::Adequacy { need, limit: limit_index },
                            f64::NEG_INFINITY,
                            0.0,
                        );
                        for (col, a) in covers(1.0 / lo) {
                            b.lp.add_coef(sum, col, -a);
                        }
                        for (j, &(width, slope)) in segments.iter().enumerate() {
                            let segment = j as u32;
                            let key = ColKey::Adequate { need, limit: limit_index, segment };
                            let col = b.col(key, 0.0, f64::INFINITY, 0.0, 0.0);
                            b.lp.add_coef(sum, col, 1.0);
                            let step = b.lp.add_row(
                                RowKey::AdequacyStep { need, limit: limit_index, segment },
                                f64::NEG_INFINITY,
                                0.0,
                            );
                            b.lp.add_coef(step, col, 1.0);
                            b.lp.add_coef(step, served, -width);
                            value.push((col, weights[i] * slope));
                        }
                    }
                }
            }
            if limit.bounds.max.is_finite() {
                let hi = limit.bounds.max;
                let row =
                    b.lp.add_row(RowKey::RationMax { need, limit: limit_index }, f64::NEG_INFINITY, 0.0);
                let scale = if hi > 0.0 { 1.0 / hi } else { 1.0 };
                for (col, a) in covers(scale) {
                    b.lp.add_coef(row, col, a);
                }
                if hi > 0.0 {
                    b.lp.add_coef(row, served, -1.0);
                }
            }
        }
        if on_served > 0.0 {
            value.insert(0, (served, on_served));
        }
        for &(col, v) in &value {
            b.service[col.index()] += phase_weight * v;
        }
        b.index.value[need.index()] = value;
    }
}

/// Need rows by district, period and row, so that each district-period's columns sit
/// together (deterministic).
fn need_order(s: &hinterland_model::Scenario) -> Vec<NeedId> {
    let mut ids: Vec<NeedId> = s.need_ids().collect();
    ids.sort_by_key(|k| (s.need(*k).district, s.need(*k).period, *k));
    ids
}
