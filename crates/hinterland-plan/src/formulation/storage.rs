//! Stocks carried from one period to the next, storage capacity and losses.
//!
//! `stock[n,c,t] ≥ 0` exists at every node with storage capacity > 0 (`inf` for no limit),
//! for every commodity and period. It leaves the balance of (n,c,t) and enters the balance
//! of (n,c,t+1) with factor `1 − loss(n,c)`. Stock left at the end of the horizon stays
//! there. Cost per tonne and period: `storage_cost(n,c)`. Both are the node's
//! (`storage_cost_usd_per_t_period`, `storage_loss_per_period`) unless `storage_costs.csv`
//! gives the commodity (or its group) its own.
//!
//! Opening stock `open(n,c)` (`stocks.csv`) is on hand at the start of the first period: it
//! is the right-hand side of the first period's balance (see [`super::balance`]), so it is
//! held, dispatched or eaten like any stock; the reader makes sure the node has room for it.
//!
//! ```text
//!   Σ_c stock[n,c,t] ≤ storage_capacity_t(n)                         storage_capacity[n,t]
//! ```

use hinterland_model::Period;

use super::{Builder, NONE};
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    let t_count = s.calendar.len();
    let c_count = s.commodities.len();
    b.index.storage_capacity = vec![NONE; s.nodes.len() * t_count];
    if s.nodes.iter().all(|n| n.storage_capacity_t <= 0.0) {
        return;
    }
    b.index.stock = vec![NONE; s.nodes.len() * c_count * t_count];
    for node in s.node_ids() {
        let n = s.node(node);
        if n.storage_capacity_t <= 0.0 {
            continue;
        }
        for period in s.calendar.periods() {
            let cap_row = n.storage_capacity_t.is_finite().then(|| {
                b.lp.add_row(
                    RowKey::StorageCapacity { node, period },
                    f64::NEG_INFINITY,
                    n.storage_capacity_t,
                )
            });
            if let Some(r) = cap_row {
                b.index.storage_capacity[node.index() * t_count + period.index()] = r.0;
            }
            for commodity in s.commodity_ids() {
                let (cost, loss) = s.storage_terms(node, commodity);
                let col = b.col(ColKey::Stock { node, commodity, period }, 0.0, f64::INFINITY, 0.0, cost);
                b.index.stock[(node.index() * c_count + commodity.index()) * t_count + period.index()] =
                    col.0;
                b.lp.add_coef(b.index.balance(node, commodity, period), col, -1.0);
                if period.index() + 1 < t_count {
                    let next = Period(period.0 + 1);
                    b.lp.add_coef(b.index.balance(node, commodity, next), col, 1.0 - loss);
                }
                if let Some(r) = cap_row {
                    b.lp.add_coef(r, col, 1.0);
                }
            }
        }
    }
}
