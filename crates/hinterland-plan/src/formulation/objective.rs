//! How service and cost become one objective.
//!
//! * Service (food): `Σ_k phase_weight(k) · V[k]`, in weighted person-days of full ration
//!   (`V[k]`, the value of need row k's rations, is defined in [`super::ration`]).
//! * Non-food: `Σ_k weight_per_t(k) · delivered[k]`, in weighted tonnes.
//! * Cost: purchases + transport + handling + storage, in US dollars.
//!
//! Lexicographic (default): the priority levels (food, non-food, in the scenario's order) are
//! maximised one after the other, each keeping what the earlier ones reached, and cost is
//! minimised last (`service_floor`: `service ≥ (1 − tol) · service*`). Food and non-food are
//! never added up. Weighted: one solve maximising
//! `value_usd_per_person_day · (service + non-food) − cost`, where the scenario's weights set
//! the rates.

use hinterland_lp::{Lp, Sense};

use super::Formulation;
use crate::keys::{ColKey, RowKey};

/// Which objective to put on the LP.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// Maximise weighted food service.
    Service,
    /// Maximise weighted non-food deliveries.
    Nonfood,
    /// Minimise cost.
    Cost,
    /// Maximise `value · service − cost`.
    Weighted { value_usd_per_person_day: f64 },
}

impl Goal {
    /// The goal of the first LP a scenario's method solves: service (lexicographic step 1)
    /// or the one weighted LP.
    pub fn first(s: &hinterland_model::Scenario) -> Goal {
        match s.objective.method {
            hinterland_model::ObjectiveMethod::Lexicographic => Goal::Service,
            hinterland_model::ObjectiveMethod::Weighted => {
                Goal::Weighted { value_usd_per_person_day: s.objective.value_usd_per_person_day }
            }
        }
    }
}

/// Sets the LP's sense and costs for `goal`.
pub fn set(f: &mut Formulation, goal: Goal) {
    match goal {
        Goal::Nonfood => {
            f.lp.sense = Sense::Maximize;
            f.lp.col_cost.clone_from(&f.nonfood);
        }
        Goal::Weighted { value_usd_per_person_day: v } => {
            f.lp.sense = Sense::Maximize;
            f.lp.col_cost =
                (f.service.iter().zip(&f.nonfood).zip(&f.cost)).map(|((s, n), c)| v * (s + n) - c).collect();
        }
        Goal::Service | Goal::Cost => set_on(&mut f.lp, goal, &f.service, &f.cost),
    }
}

/// [`set`] for [`Goal::Service`] or [`Goal::Cost`] on an LP borrowed apart from its
/// formulation's `service` and `cost` vectors.
pub fn set_on(lp: &mut Lp<ColKey, RowKey>, goal: Goal, service: &[f64], cost: &[f64]) {
    match goal {
        Goal::Service => {
            lp.sense = Sense::Maximize;
            lp.col_cost.clear();
            lp.col_cost.extend_from_slice(service);
        }
        Goal::Cost => {
            lp.sense = Sense::Minimize;
            lp.col_cost.clear();
            lp.col_cost.extend_from_slice(cost);
        }
        Goal::Weighted { .. } | Goal::Nonfood => {
            unreachable!("`set_on` is for service and cost; `set` puts {goal:?} on the LP")
        }
    }
}

/// How much of an earlier level's optimum a later step may give up, relative (absolute when
/// the optimum is below 1): held exactly, the solver can call the later step infeasible,
/// because the earlier optimum itself meets some rows only to the solver's feasibility
/// tolerance. Floors sit this far below an optimum, ceilings this far above a minimum: as
/// far as the impartial coverage floors (`fair::FLOOR_SLACK`), a tenth of the LP residual
/// check's tolerance. At 1e-9 (before), Clp's warm primal simplex on the cost step of a
/// generated country of 30,000 columns stalled for 180,000 iterations (four minutes) and its
/// dual simplex called the step infeasible; at 1e-7 the step takes 1,600 iterations.
pub const LEVEL_SLACK: f64 = 1e-7;

/// The floor that keeps an optimum `v` of an earlier level (see [`LEVEL_SLACK`]).
pub fn keep(v: f64) -> f64 {
    v - slack(v)
}

/// The ceiling that keeps a minimum `v` of an earlier level (see [`LEVEL_SLACK`]).
pub fn keep_below(v: f64) -> f64 {
    v + slack(v)
}

fn slack(v: f64) -> f64 {
    LEVEL_SLACK * v.abs().max(1.0)
}

/// How far [`loosen_levels`] moves an earlier level's row further: with [`LEVEL_SLACK`],
/// still a fifth of the LP residual check's tolerance (1e-6).
pub const RELAXED_SLACK: f64 = 1e-7;

/// Loosens every row that keeps an earlier level (service, non-food, coverage floors, the
/// best effort's miss ceiling, and its worst miss's bound) by [`RELAXED_SLACK`] (relative), for a step the solver calls
/// infeasible although an earlier optimum satisfies it. Returns whether there was any.
pub fn loosen_levels(lp: &mut Lp<ColKey, RowKey>) -> bool {
    let mut any = false;
    for (i, key) in lp.row_keys.iter().enumerate() {
        match key {
            RowKey::ServiceFloor | RowKey::LevelFloor { .. } | RowKey::CoverageFloor { .. } => {
                let lo = &mut lp.row_lo[i];
                if lo.is_finite() && *lo > 0.0 {
                    *lo -= RELAXED_SLACK * lo.abs().max(1.0);
                    any = true;
                }
            }
            RowKey::CommitmentMiss => {
                let hi = &mut lp.row_hi[i];
                if hi.is_finite() {
                    *hi += RELAXED_SLACK * hi.abs().max(1.0);
                    any = true;
                }
            }
            _ => {}
        }
    }
    // The best effort's worst miss, kept by the column's upper bound.
    for (j, key) in lp.col_keys.iter().enumerate() {
        if *key == ColKey::WorstMiss && lp.col_hi[j].is_finite() {
            lp.col_hi[j] += RELAXED_SLACK * lp.col_hi[j].abs().max(1.0);
            any = true;
        }
    }
    any
}

/// Adds the lexicographic service floor `Σ service_j x_j ≥ floor` as a new last row.
pub fn add_service_floor(lp: &mut Lp<ColKey, RowKey>, service: &[f64], floor: f64) {
    let coefs: Vec<(hinterland_lp::Col, f64)> = service
        .iter()
        .enumerate()
        .filter(|(_, w)| **w != 0.0)
        .map(|(j, w)| (hinterland_lp::Col(j as u32), *w))
        .collect();
    lp.append_row(RowKey::ServiceFloor, floor, f64::INFINITY, &coefs);
}

/// Adds `Σ weight_j x_j ≥ floor` for an earlier priority `level` as a new last row.
pub fn add_level_floor(lp: &mut Lp<ColKey, RowKey>, weights: &[f64], level: crate::keys::Level, floor: f64) {
    let coefs: Vec<(hinterland_lp::Col, f64)> = weights
        .iter()
        .enumerate()
        .filter(|(_, w)| **w != 0.0)
        .map(|(j, w)| (hinterland_lp::Col(j as u32), *w))
        .collect();
    lp.append_row(RowKey::LevelFloor { level }, floor, f64::INFINITY, &coefs);
}

/// Adds `Σ_k gap_k / committed_k ≤ ceiling` (the elastic formulation's total relative miss of
/// the hard commitments) as a new last row: a best-effort plan keeps the least miss found.
pub fn add_miss_ceiling(
    lp: &mut Lp<ColKey, RowKey>,
    gaps: &[(crate::keys::Commitment, hinterland_lp::Col, f64)],
    least: f64,
) {
    let coefs: Vec<(hinterland_lp::Col, f64)> = gaps.iter().map(|&(_, col, _)| (col, 1.0)).collect();
    lp.append_row(RowKey::CommitmentMiss, f64::NEG_INFINITY, keep_below(least), &coefs);
}
