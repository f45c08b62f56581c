//! Purchases from markets, within market capacity and fund eligibility.
//!
//! `buy[m,f] ≥ 0` exists for every market offer m and every fund f allowed to buy through
//! m's channel, when the goods arrive within the horizon. The order is placed (and paid) in
//! period(m); the goods enter the balance of (node(m), commodity(m), period(m) + lead(m)),
//! `lead(m)` being the offer's `lead_periods`. Orders are placed only in the horizon's
//! periods: what was ordered before it is in `pipeline.csv`. Cost per tonne:
//! `price_usd_per_t(m) + handling_cost_usd_per_t(node(m))`; the price is charged to f's
//! budget (see [`super::budget`]).
//!
//! ```text
//!   Σ_f buy[m,f] ≤ capacity_t(m)                                      market_capacity[m]
//! ```

use super::Builder;
use crate::keys::{ColKey, RowKey};

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    b.index.market_capacity = vec![None; s.markets.len()];
    for market in s.market_ids() {
        let m = s.market(market);
        let funds: Vec<_> = s.fund_ids().filter(|f| s.fund(*f).may_buy_through(&m.channel)).collect();
        let Some(arrival) = s.market_arrival(market) else { continue };
        if funds.is_empty() {
            continue;
        }
        let cap_row = m
            .capacity_t
            .is_finite()
            .then(|| b.lp.add_row(RowKey::MarketCapacity { market }, f64::NEG_INFINITY, m.capacity_t));
        b.index.market_capacity[market.index()] = cap_row;
        let unit_cost = m.price_usd_per_t + s.node(m.node).handling_cost_usd_per_t;
        let balance = b.index.balance(m.node, m.commodity, arrival);
        for fund in funds {
            let col = b.col(ColKey::Buy { market, fund }, 0.0, f64::INFINITY, 0.0, unit_cost);
            b.index.buy.push((market, fund, col));
            b.lp.add_coef(balance, col, 1.0);
            if let Some(r) = cap_row {
                b.lp.add_coef(r, col, 1.0);
            }
        }
    }
}
