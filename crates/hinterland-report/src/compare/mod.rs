//! `hinterland compare` and `sweep`: what each solved scenario gave ([`Solved`]: a status
//! and the headline [`Figure`]s of its plan), and a base with its what-if variants side by
//! side ([`Comparison`]) as a text table ([`render_table`]), JSON ([`render_json`]) or an
//! HTML page ([`crate::html::compare`]); a sweep's results as CSV or JSON ([`sweep`]).
//!
//! Every figure comes from [`tables`], so a comparison never disagrees with the plan
//! reports. Figures are keyed by [`FigureKey`]; their labels are for display only. Output
//! order follows the columns' order, never thread timing, and holds no timings.

mod figures;
pub mod sweep;
mod text;

use hinterland_model::Scenario;
use hinterland_plan::explain::{Limit, human};
use hinterland_plan::keys::commitment_name;
use hinterland_plan::run::MissedCommitment;
use hinterland_plan::{Outcome, PlanError, PlanRun, Tolerances, verify};

use crate::tables;

pub use figures::{Figure, FigureKey, Headline, Section, figures};
pub use text::{render_json, render_table};

/// How solving one scenario ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A proven optimal plan that passed the independent verification.
    Optimal,
    /// A verified best-effort plan that misses hard commitments no plan can keep.
    MissedCommitments,
    /// Hard commitments cannot all be kept.
    Infeasible,
    Unbounded,
    /// The solver stopped without proof.
    Stopped,
    /// Planning failed (the solver, or the plan's verification), in words.
    Error(String),
}

impl Status {
    /// Whether the scenario has a plan (and so figures): an optimal one, or the best effort.
    pub fn planned(&self) -> bool {
        matches!(self, Status::Optimal | Status::MissedCommitments)
    }
}

impl std::fmt::Display for Status {
    /// `optimal`, `infeasible`, `unbounded`, `stopped` or `error: ...`, as the table and the
    /// JSON show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Optimal => f.write_str("optimal"),
            Status::MissedCommitments => f.write_str("missed commitments"),
            Status::Infeasible => f.write_str("infeasible"),
            Status::Unbounded => f.write_str("unbounded"),
            Status::Stopped => f.write_str("stopped"),
            Status::Error(e) => write!(f, "error: {e}"),
        }
    }
}

/// What solving one scenario gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Solved {
    pub status: Status,
    /// The plan's figures (none without a plan).
    pub figures: Vec<Figure>,
    pub seconds: f64,
    pub iterations: u64,
    /// Share of need served (0 to 1) by district display name, for a plan.
    pub districts: Vec<(String, f64)>,
    /// For an infeasible scenario or a best-effort plan: the missed commitments, in plain
    /// words with by how much.
    pub missed: Vec<String>,
    /// For an infeasible scenario or a best-effort plan: the limits that stand in the way,
    /// in plain words.
    pub limits: Vec<String>,
}

impl Solved {
    /// Planning `s` ended in `result` after `seconds` (build included): a plan is verified
    /// and summarised, an infeasible LP explained in words.
    pub fn from_run(s: &Scenario, result: Result<PlanRun, PlanError>, seconds: f64) -> Solved {
        let run = match result {
            Err(e) => return Solved { seconds, ..Solved::failed(e.to_string()) },
            Ok(run) => run,
        };
        let mut solved = Solved {
            seconds,
            iterations: run.steps.iter().map(|x| x.iterations).sum(),
            ..Solved::failed(String::new())
        };
        solved.status = match &run.outcome {
            Outcome::Planned(plan) => {
                if verify(s, plan, Tolerances::default()).ok() {
                    solved.districts =
                        tables::by_district(s, plan).iter().map(|d| (d.name.clone(), d.share())).collect();
                    solved.figures = figures(s, plan);
                    solved.missed = plan.missed.iter().map(|m| missed_in_plan_text(s, m)).collect();
                    solved.limits = plan.commitment_limits.iter().take(8).map(|l| limit_text(s, l)).collect();
                    if plan.missed.is_empty() { Status::Optimal } else { Status::MissedCommitments }
                } else {
                    Status::Error("fails verification".to_owned())
                }
            }
            Outcome::Infeasible { missed, limits } => {
                solved.missed = missed.iter().map(|m| missed_text(s, m)).collect();
                solved.limits = limits.iter().take(8).map(|l| limit_text(s, l)).collect();
                Status::Infeasible
            }
            Outcome::Unbounded => Status::Unbounded,
            Outcome::Stopped { .. } => Status::Stopped,
        };
        solved
    }

    /// A scenario that could not be planned, for `error`.
    pub fn failed(error: String) -> Solved {
        Solved {
            status: Status::Error(error),
            figures: Vec::new(),
            seconds: 0.0,
            iterations: 0,
            districts: Vec::new(),
            missed: Vec::new(),
            limits: Vec::new(),
        }
    }

    /// A figure of a plan; `None` without a plan. A figure missing from a plan (no tonnes on
    /// a corridor that another scenario uses) is 0.
    pub fn value(&self, key: &FigureKey) -> Option<f64> {
        self.status.planned().then(|| self.figures.iter().find(|f| f.key == *key).map_or(0.0, |f| f.value))
    }

    /// A headline figure of a plan; `None` without a plan.
    pub fn headline(&self, h: Headline) -> Option<f64> {
        self.value(&FigureKey::Headline(h))
    }
}

/// One scenario of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// `base`, or the variant's name.
    pub name: String,
    /// The variant's description (empty for the base).
    pub description: String,
    pub solved: Solved,
}

/// A base scenario and its variants.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The base scenario's name.
    pub title: String,
    /// Where the base scenario came from (a folder or `<embedded:...>`).
    pub origin: String,
    /// The base first, then the variants in command-line order.
    pub columns: Vec<Column>,
}

impl Comparison {
    /// The figures' keys in first-seen order over all columns (base first), the keys of
    /// one section together, sections in the order they first appear.
    pub fn rows(&self) -> Vec<&FigureKey> {
        let mut seen: Vec<&FigureKey> = Vec::new();
        for c in &self.columns {
            for f in &c.solved.figures {
                if !seen.contains(&&f.key) {
                    seen.push(&f.key);
                }
            }
        }
        let mut sections: Vec<Section> = Vec::new();
        for k in &seen {
            if !sections.contains(&k.section()) {
                sections.push(k.section());
            }
        }
        sections.into_iter().flat_map(|s| seen.iter().copied().filter(move |k| k.section() == s)).collect()
    }
}

/// A missed commitment in the words of `plan`'s infeasibility report.
pub fn missed_text(s: &Scenario, m: &MissedCommitment) -> String {
    format!(
        "{}: committed {}, at most {} reachable while missing the others as little as possible",
        commitment_name(s, m.commitment),
        human(m.committed),
        human(m.reachable)
    )
}

/// A commitment a best-effort plan misses, with what the plan reaches of it.
pub fn missed_in_plan_text(s: &Scenario, m: &MissedCommitment) -> String {
    let share = if m.committed > 0.0 { 100.0 * m.reachable / m.committed } else { 0.0 };
    format!(
        "{}: committed {}, this plan reaches {} ({share:.0}%)",
        commitment_name(s, m.commitment),
        human(m.committed),
        human(m.reachable)
    )
}

/// A limit in the way of the commitments, with how much of it is used.
pub fn limit_text(s: &Scenario, l: &Limit) -> String {
    format!("{} ({} of {} used)", l.row.describe(s), human(l.activity), human(l.bound))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(figures: Vec<Figure>) -> Solved {
        Solved { status: Status::Optimal, figures, ..Solved::failed(String::new()) }
    }

    fn column(name: &str, solved: Solved) -> Column {
        Column { name: name.to_owned(), description: String::new(), solved }
    }

    #[test]
    fn rows_keep_sections_together_in_first_seen_order() {
        let served = FigureKey::Headline(Headline::PersonDaysServed);
        let cost = FigureKey::Headline(Headline::CostUsd);
        let north = FigureKey::Shortfall("north".into());
        let south = FigureKey::Shortfall("south".into());
        let c = Comparison {
            title: String::new(),
            origin: String::new(),
            columns: vec![
                column(
                    "base",
                    planned(vec![Figure::new(served.clone(), 1.0), Figure::new(north.clone(), 2.0)]),
                ),
                column(
                    "more",
                    planned(vec![Figure::new(south.clone(), 3.0), Figure::new(cost.clone(), 4.0)]),
                ),
            ],
        };
        assert_eq!(c.rows(), [&served, &cost, &north, &south]);
    }

    /// Without a plan a scenario has no figures; with one, a figure it lacks is 0.
    #[test]
    fn values_need_a_plan() {
        let key = FigureKey::Mode(hinterland_model::Mode::Rail);
        let served = FigureKey::Headline(Headline::PersonDaysServed);
        let solved = planned(vec![Figure::new(served.clone(), 5.0)]);
        assert_eq!(solved.value(&served), Some(5.0));
        assert_eq!(solved.headline(Headline::PersonDaysServed), Some(5.0));
        assert_eq!(solved.value(&key), Some(0.0));
        let infeasible = Solved { status: Status::Infeasible, ..solved };
        assert_eq!(infeasible.value(&served), None);
        assert_eq!(Status::Error("fails verification".into()).to_string(), "error: fails verification");
    }
}
