//! Fund budgets and who pays for logistics.
//!
//! For every fund f with a finite amount:
//!
//! ```text
//!   Σ_m price(m) · buy[m,f] + pay_logistics[f] ≤ amount_usd(f)               budget[f]
//! ```
//!
//! If any fund may pay logistics, `pay_logistics[f] ≥ 0` exists for those funds and
//!
//! ```text
//!   Σ_f pay_logistics[f] − Σ_j logistics_cost(j) · x[j] ≥ 0               logistics_payment
//! ```
//!
//! where `logistics_cost(j)` is the transport, handling and storage cost of column j (its
//! cost without the purchase price). Otherwise logistics are paid outside the scenario.

use super::Builder;
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    b.index.budget = vec![None; s.funds.len()];
    b.index.pay = vec![None; s.funds.len()];
    for fund in s.fund_ids() {
        let f = s.fund(fund);
        if f.amount_usd.is_finite() {
            b.index.budget[fund.index()] =
                Some(b.lp.add_row(RowKey::Budget { fund }, f64::NEG_INFINITY, f.amount_usd));
        }
    }
    for k in 0..b.index.buy.len() {
        let (market, fund, col) = b.index.buy[k];
        if let Some(r) = b.index.budget[fund.index()] {
            b.lp.add_coef(r, col, s.market(market).price_usd_per_t);
        }
    }
    if !s.funds.iter().any(|f| f.pays_logistics) {
        return;
    }
    // Logistics part of each column's cost: everything but the purchase price.
    let mut logistics = b.cost.clone();
    for &(market, _, col) in &b.index.buy {
        logistics[col.index()] -= s.market(market).price_usd_per_t;
    }
    let row = b.lp.add_row(RowKey::LogisticsPayment, 0.0, f64::INFINITY);
    b.index.logistics_payment = Some(row);
    for (j, &c) in logistics.iter().enumerate() {
        if c != 0.0 {
            b.lp.add_coef(row, hinterland_lp::Col(j as u32), -c);
        }
    }
    for fund in s.fund_ids() {
        if !s.fund(fund).pays_logistics {
            continue;
        }
        let col = b.col(ColKey::PayLogistics { fund }, 0.0, f64::INFINITY, 0.0, 0.0);
        b.index.pay[fund.index()] = Some(col);
        b.lp.add_coef(row, col, 1.0);
        if let Some(r) = b.index.budget[fund.index()] {
            b.lp.add_coef(r, col, 1.0);
        }
    }
}
