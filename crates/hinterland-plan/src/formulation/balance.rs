//! Flow balance: what enters a node equals what leaves it.
//!
//! For every node n, commodity c and period t:
//!
//! ```text
//!   Σ_{l: to(l)=n, t−τ(l) ≥ 0} flow[l,c,t−τ(l)] + Σ_f buy[m(n,c,t),f] + Σ_s draw[s(n,c),t]
//!     + (1 − loss(n)) · stock[n,c,t−1]
//!   + Σ_p receive[p(n,c),t] + open(n,c) if t is the first period
//! = Σ_{l: from(l)=n} flow[l,c,t] + stock[n,c,t] + consume[n,c,t] + Σ delivered[k(n,c,t)]
//! ```
//!
//! where a lane's inflow is weighted by its arrival share `a(l,t',t)` when its transit is in
//! days (see [`super::transport`]), and a purchase enters in its order period plus its lead
//! time (see [`super::purchase`]).
//!
//! Row key: `flow_balance[node, commodity, period]`, an equality with right-hand side 0, or
//! `−open(n,c)` in the first period (columns on the left, so inflows count +1).
//! Each family adds its own columns' coefficients (+1 inflow, −1 outflow). Rows are created
//! for every (node, commodity, period) so they can be addressed by arithmetic; rows no
//! column touches are empty and harmless.

use super::Builder;
use crate::keys::RowKey;

pub(crate) fn add_rows(b: &mut Builder<'_>) {
    b.index.balance_base = b.lp.nrows() as u32;
    for node in b.s.node_ids() {
        for commodity in b.s.commodity_ids() {
            for period in b.s.calendar.periods() {
                b.lp.add_row(RowKey::Balance { node, commodity, period }, 0.0, 0.0);
            }
        }
    }
    if b.s.calendar.is_empty() {
        return;
    }
    for o in &b.s.opening {
        let row = b.index.balance(o.node, o.commodity, hinterland_model::Period(0));
        let rhs = -b.s.opening_t(o.node, o.commodity);
        b.lp.set_row_bounds(row, rhs, rhs);
    }
}
