//! Continuity: a distribution that has started is not dropped from one period to the next.
//!
//! For each district and phase, take its need rows with people in need in consecutive
//! periods t, t+1 (`k`, `k'`). With `cov(k) = V[k] / pd(k)` the coverage of need row k
//! ([`super::ration`]) and `δ` the scenario's `[allocation] max_drop` (a share, 0..1):
//!
//! ```text
//!   P · V[k'] / pd(k') − P · V[k] / pd(k) ≥ −δ · P                    continuity[k,k']
//! ```
//!
//! with `P = (pd(k) + pd(k')) / 2` so that the row reads in person-days. Coverage may rise
//! freely, and fall by at most `δ` (0 = never falls inside the need window). Since every
//! coverage may be 0, the rows never make a plan infeasible: they make the plan start only
//! what it can carry on. The window ends where the need does: no row links a period with need
//! to one without. Built only when `max_drop < 1`.

use hinterland_model::NeedId;

use super::Builder;
use crate::keys::RowKey;

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    let drop = s.allocation.max_drop;
    if drop >= 1.0 {
        return;
    }
    for (from, to) in consecutive(s) {
        let (pd_from, pd_to) = (s.need_person_days(from), s.need_person_days(to));
        let scale = f64::midpoint(pd_from, pd_to);
        let row = b.lp.add_row(RowKey::Continuity { from, to }, -drop * scale, f64::INFINITY);
        for &(col, w) in &b.index.value[to.index()] {
            b.lp.add_coef(row, col, w * scale / pd_to);
        }
        for &(col, w) in &b.index.value[from.index()] {
            b.lp.add_coef(row, col, -w * scale / pd_from);
        }
    }
}

/// Pairs of need rows of the same district and phase, with people in need, in consecutive
/// periods, in a deterministic order.
pub fn consecutive(s: &hinterland_model::Scenario) -> Vec<(NeedId, NeedId)> {
    let mut ids: Vec<NeedId> = s.need_ids().filter(|k| s.need_person_days(*k) > 0.0).collect();
    ids.sort_by_key(|k| (s.need(*k).district, s.need(*k).phase, s.need(*k).period, *k));
    ids.windows(2)
        .filter(|w| {
            let (a, b) = (s.need(w[0]), s.need(w[1]));
            a.district == b.district && a.phase == b.phase && a.period.index() + 1 == b.period.index()
        })
        .map(|w| (w[0], w[1]))
        .collect()
}
