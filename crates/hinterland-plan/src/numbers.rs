//! The scale check before a solve: an LP whose numbers a solver cannot handle is refused
//! with a message in the scenario's terms (which row and column hold the extremes), never
//! handed to the solver to fail with its internals.

use crate::Formulation;
use hinterland_lp::{Place, ScaleProblem, check_costs, check_scale};
use hinterland_model::Scenario;

/// What is wrong with the numbers of `f`, built from `s`, in words; `None` when a solver
/// can take them. The LP's matrix and bounds, then each objective (service, non-food,
/// cost), which the plan's steps put on the LP and into its floor rows.
pub fn problem(s: &Scenario, f: &Formulation) -> Option<String> {
    let (problem, objective) = match check_scale(&f.lp) {
        Some(p) => (p, None),
        None => [("service value", &f.service), ("non-food weight", &f.nonfood), ("cost", &f.cost)]
            .into_iter()
            .find_map(|(name, v)| check_costs(v).map(|p| (p, Some(name))))?,
    };
    let place = |at: Place| match at {
        Place::Matrix { row, col } => {
            format!("in row `{}`, column `{}`", f.lp.row_keys[row].display(s), f.lp.col_keys[col].display(s))
        }
        Place::Cost { col } => format!(
            "the {} of column `{}`",
            objective.unwrap_or("objective coefficient"),
            f.lp.col_keys[col].display(s)
        ),
        Place::ColBound { col } => format!("a bound of column `{}`", f.lp.col_keys[col].display(s)),
        Place::RowBound { row } => format!("a bound of row `{}`", f.lp.row_keys[row].display(s)),
    };
    let at = match problem {
        ScaleProblem::NotFinite(e) | ScaleProblem::TooLarge(e) => place(e.at),
        ScaleProblem::Spread { min, max } => format!("smallest {}, largest {}", place(min.at), place(max.at)),
    };
    Some(format!(
        "the scenario's numbers are beyond what the solver can handle: {problem} ({at}); check the input figures behind them (units, extra digits)"
    ))
}
