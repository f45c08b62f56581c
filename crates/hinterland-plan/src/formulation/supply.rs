//! In-kind donations and pipeline shipments, called forward when needed.
//!
//! `draw[s,t] ≥ 0` exists for every donation s and period t from `available_from(s)` on. It
//! enters the balance of (node(s), commodity(s), t). The donor holds what is not yet called
//! forward, so waiting costs nothing and needs no storage. Cost per tonne:
//! `handling_cost_usd_per_t(node(s)) + handover_cost_usd_per_t(s)` (getting it from the
//! donor's hand-over point into the plan, a logistics cost).
//!
//! `receive[p,t] ≥ 0` exists for every pipeline shipment p (already ordered or at sea, its
//! purchase paid outside the plan) and period t from its `arrival_period` on. It enters the
//! balance of (node(p), commodity(p), t). Like a donation, a shipment is held where it
//! arrives (by the carrier, the port, the agency that bought it) until called forward. Cost
//! per tonne: `handling_cost_usd_per_t(node(p))`.
//!
//! ```text
//!   Σ_t draw[s,t] ≤ quantity_t(s)                                      supply_limit[s]
//!   Σ_t receive[p,t] ≤ quantity_t(p)                                   shipment_limit[p]
//! ```

use hinterland_model::Period;

use super::Builder;
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    b.index.supply_limit = vec![None; s.supplies.len()];
    for supply in s.supply_ids() {
        let d = s.supply(supply);
        let row = b.lp.add_row(RowKey::SupplyLimit { supply }, f64::NEG_INFINITY, d.quantity_t);
        b.index.supply_limit[supply.index()] = Some(row);
        let handling = s.node(d.node).handling_cost_usd_per_t + d.handover_cost_usd_per_t;
        for t in d.available_from.0..s.calendar.len() as u32 {
            let period = Period(t);
            let col = b.col(ColKey::Draw { supply, period }, 0.0, f64::INFINITY, 0.0, handling);
            b.index.draw.push((supply, period, col));
            b.lp.add_coef(row, col, 1.0);
            b.lp.add_coef(b.index.balance(d.node, d.commodity, period), col, 1.0);
        }
    }
    b.index.shipment_limit = vec![None; s.pipeline.len()];
    for shipment in s.shipment_ids() {
        let x = s.shipment(shipment);
        let row = b.lp.add_row(RowKey::ShipmentLimit { shipment }, f64::NEG_INFINITY, x.quantity_t);
        b.index.shipment_limit[shipment.index()] = Some(row);
        let handling = s.node(x.node).handling_cost_usd_per_t;
        for t in x.arrival.0..s.calendar.len() as u32 {
            let period = Period(t);
            let col = b.col(ColKey::Receive { shipment, period }, 0.0, f64::INFINITY, 0.0, handling);
            b.index.receive.push((shipment, period, col));
            b.lp.add_coef(row, col, 1.0);
            b.lp.add_coef(b.index.balance(x.node, x.commodity, period), col, 1.0);
        }
    }
}
