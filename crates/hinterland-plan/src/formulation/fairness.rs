//! Impartial allocation: the rows that let the plan raise the lowest coverage first.
//!
//! Built only when `[allocation] fairness = "impartial"`. For each phase p with people in need,
//! a level column `level[p]` (person-days at the phase's scale `P̄_p`, the mean person-days in
//! need of its need rows, so that its duals are of order one), and for each need row k of p
//! with `pd(k) > 0`:
//!
//! ```text
//!   V[k] − (pd(k) / P̄_p) · level[p] ≥ 0          fair[k]            (inactive: lower bound −∞)
//!   V[k] ≥ lo(k)                                   coverage_floor[k]  (lo(k) = 0 until fixed)
//! ```
//!
//! where `V[k]` is the value of k's rations ([`super::ration`]), so `level[p] / P̄_p` is a
//! coverage every active need row reaches. Everything starts inactive (`level[p]` fixed at 0,
//! every `fair[k]` free), so the LP is the utilitarian one until the driver's max–min steps
//! (`crate::fair`) switch rows on and off. They change only bounds and costs, never the
//! matrix, so each step is a warm re-solve.

use hinterland_lp::{Col, Row};
use hinterland_model::{Fairness, NeedId};

use super::Builder;
use crate::keys::{ColKey, RowKey};

/// The max–min rows of one phase.
#[derive(Clone, Debug)]
pub struct PhaseRows {
    pub phase: u8,
    /// `level[p]`.
    pub level: Col,
    /// `P̄_p`: the level column's scale, in person-days.
    pub scale: f64,
    /// Per need row of the phase with people in need: `(need, person-days in need, fair row,
    /// coverage floor row)`.
    pub rows: Vec<(NeedId, f64, Row, Row)>,
}

/// The handles of the max–min rows: one entry per phase with people in need, most severe
/// first.
pub type FairIndex = Vec<PhaseRows>;

pub(crate) fn add(b: &mut Builder<'_>) {
    let s = b.s;
    if s.allocation.fairness != Fairness::Impartial {
        return;
    }
    let mut phases: Vec<u8> =
        s.need_ids().filter(|k| s.need_person_days(*k) > 0.0).map(|k| s.need(k).phase).collect();
    phases.sort_unstable_by(|a, b| b.cmp(a));
    phases.dedup();
    for phase in phases {
        let needs: Vec<NeedId> =
            s.need_ids().filter(|k| s.need(*k).phase == phase && s.need_person_days(*k) > 0.0).collect();
        let scale = needs.iter().map(|k| s.need_person_days(*k)).sum::<f64>() / needs.len() as f64;
        let level = b.col(ColKey::Level { phase }, 0.0, 0.0, 0.0, 0.0);
        let mut rows = Vec::with_capacity(needs.len());
        for need in needs {
            let pd = s.need_person_days(need);
            let fair = b.lp.add_row(RowKey::Fair { need }, f64::NEG_INFINITY, f64::INFINITY);
            let floor = b.lp.add_row(RowKey::CoverageFloor { need }, 0.0, f64::INFINITY);
            for &(col, w) in &b.index.value[need.index()] {
                b.lp.add_coef(fair, col, w);
                b.lp.add_coef(floor, col, w);
            }
            b.lp.add_coef(fair, level, -pd / scale);
            rows.push((need, pd, fair, floor));
        }
        b.index.fair.push(PhaseRows { phase, level, scale, rows });
    }
}
