//! Non-food demand (fertilizer, fuel, ...), met or short.
//!
//! `delivered[k]` for demand row k at (node, commodity, period):
//! `min_share(k) · quantity_t(k) ≤ delivered[k] ≤ quantity_t(k)`; it leaves the balance of
//! (node, commodity, period). Its weight in the non-food level of the objective:
//! `weight_per_t(k)` per tonne (a priority among non-food rows, never a rate against food).
//! The shortfall is `quantity_t(k) − delivered[k]`.

use super::Builder;
use crate::keys::{ColKey, Commitment};

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    b.index.delivered = Vec::with_capacity(s.demands.len());
    for demand in s.demand_ids() {
        let d = s.demand(demand);
        let col = b.committed_col(
            ColKey::Delivered { demand },
            Commitment::Demand(demand),
            d.min_share * d.quantity_t,
            d.quantity_t,
            0.0,
        );
        if d.weight_per_t != 0.0 {
            b.nonfood.push((col, d.weight_per_t));
        }
        b.index.delivered.push(col);
        b.lp.add_coef(b.index.balance(d.node, d.commodity, d.period), col, -1.0);
    }
}
