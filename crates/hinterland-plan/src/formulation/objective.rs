//! How service and cost become one objective.
//!
//! * Service: `Σ_k phase_weight(k) · served[k] + Σ_k weight_per_t(k) · delivered[k]`,
//!   in weighted person-days.
//! * Cost: purchases + transport + handling + storage, in US dollars.
//!
//! Lexicographic (default): step 1 maximises service; step 2 adds
//! `service ≥ (1 − tol) · service*` (`service_floor`) and minimises cost. Weighted: one solve
//! maximising `value_usd_per_person_day · service − cost`.

use hinterland_lp::{Lp, Sense};

use super::Formulation;
use crate::keys::{ColKey, RowKey};

/// Which objective to put on the LP.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// Maximise weighted service.
    Service,
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
    set_on(&mut f.lp, goal, &f.service, &f.cost);
}

/// [`set`] on an LP borrowed apart from its formulation's `service` and `cost` vectors.
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
        Goal::Weighted { value_usd_per_person_day } => {
            lp.sense = Sense::Maximize;
            lp.col_cost = service.iter().zip(cost).map(|(s, c)| value_usd_per_person_day * s - c).collect();
        }
    }
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
