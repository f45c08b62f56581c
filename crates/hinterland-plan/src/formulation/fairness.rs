//! Impartial allocation and bounded spread: the rows that let the plan raise the lowest
//! coverage first, or keep every coverage of a phase within a band.
//!
//! ## Impartial
//!
//! Built when `[allocation] fairness = "impartial"`. For each phase p with people in need,
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
//!
//! ## Bounded spread
//!
//! Built when `[allocation] fairness = "bounded"`, with `g` the scenario's `max_gap`. For
//! each phase p a band column `level[p]` (its bottom, at the phase's scale as above), and for
//! each need row k of p with `pd(k) > 0` a reach column `R[k]` and
//!
//! ```text
//!   V[k] − R[k] ≥ 0                                 reach[k]        (R[k] ∈ [0, ε·pd(k)] in the reach step)
//!   V[k] − (pd(k) / P̄_p) · level[p] ≥ 0             band_bottom[k]  (coverage ≥ the band's bottom)
//!   V[k] − (pd(k) / P̄_p) · level[p] ≤ g · pd(k)     band_top[k]     (coverage ≤ bottom + g)
//! ```
//!
//! The driver first solves `max Σ_k R[k] / (ε·pd(k))` (the *reach step*, ε = [`REACH_SHARE`]):
//! a need row whose `R[k]` reaches `ε·pd(k)` while every other row is given as much is
//! *reachable*. Then `R` is fixed at 0, the band rows of reachable rows are switched on (the
//! others stay free: a district no route, season or supply can reach does not pull its
//! phase's band to zero, and is named instead), and food is maximised inside the band. So
//! within a phase `max coverage − min coverage ≤ g` over reachable rows, and food is otherwise
//! placed as the utilitarian plan would.

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

/// A need row's share of need that counts it as reachable in the bounded spread's reach step.
pub const REACH_SHARE: f64 = 1e-3;

/// The band rows of one need row (bounded spread).
#[derive(Clone, Copy, Debug)]
pub struct BandRow {
    pub need: NeedId,
    /// Person-days in need.
    pub pd: f64,
    /// `R[k]`.
    pub reach: Col,
    pub bottom: Row,
    pub top: Row,
}

/// The band of one phase (bounded spread).
#[derive(Clone, Debug)]
pub struct PhaseBand {
    pub phase: u8,
    /// `level[p]`, the band's bottom at the phase's scale.
    pub level: Col,
    /// `P̄_p`, in person-days.
    pub scale: f64,
    pub rows: Vec<BandRow>,
}

/// The bands, one per phase with people in need, most severe first.
pub type BandIndex = Vec<PhaseBand>;

/// Per phase with people in need, most severe first: the phase, its need rows with people in
/// need, and its scale `P̄_p`.
fn phases(s: &hinterland_model::Scenario) -> Vec<(u8, Vec<NeedId>, f64)> {
    let mut phases: Vec<u8> =
        s.need_ids().filter(|k| s.need_person_days(*k) > 0.0).map(|k| s.need(k).phase).collect();
    phases.sort_unstable_by(|a, b| b.cmp(a));
    phases.dedup();
    phases
        .into_iter()
        .map(|phase| {
            let needs: Vec<NeedId> =
                s.need_ids().filter(|k| s.need(*k).phase == phase && s.need_person_days(*k) > 0.0).collect();
            let scale = needs.iter().map(|k| s.need_person_days(*k)).sum::<f64>() / needs.len() as f64;
            (phase, needs, scale)
        })
        .collect()
}

pub(crate) fn add(b: &mut Builder<'_>) {
    match b.s.allocation.fairness {
        Fairness::Impartial => add_impartial(b),
        Fairness::Bounded => add_band(b),
        Fairness::Utilitarian => {}
    }
}

fn add_band(b: &mut Builder<'_>) {
    let s = b.s;
    for (phase, needs, scale) in phases(s) {
        let level = b.col(ColKey::Level { phase }, 0.0, 0.0, 0.0, 0.0);
        let mut rows = Vec::with_capacity(needs.len());
        for need in needs {
            let pd = s.need_person_days(need);
            let reach = b.col(ColKey::Reach { need }, 0.0, 0.0, 0.0, 0.0);
            let reach_row = b.lp.add_row(RowKey::Reach { need }, 0.0, f64::INFINITY);
            let bottom = b.lp.add_row(RowKey::BandBottom { need }, f64::NEG_INFINITY, f64::INFINITY);
            let top = b.lp.add_row(RowKey::BandTop { need }, f64::NEG_INFINITY, f64::INFINITY);
            for &(col, w) in &b.index.value[need.index()] {
                for row in [reach_row, bottom, top] {
                    b.lp.add_coef(row, col, w);
                }
            }
            b.lp.add_coef(reach_row, reach, -1.0);
            b.lp.add_coef(bottom, level, -pd / scale);
            b.lp.add_coef(top, level, -pd / scale);
            rows.push(BandRow { need, pd, reach, bottom, top });
        }
        b.index.band.push(PhaseBand { phase, level, scale, rows });
    }
}

fn add_impartial(b: &mut Builder<'_>) {
    for (phase, needs, scale) in phases(b.s) {
        let s = b.s;
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
