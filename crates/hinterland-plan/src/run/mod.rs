//! The solve driver: the lexicographic objective (step 1 the most weighted service, step 2
//! the least cost that keeps it) or the one weighted LP, each step's status turned into an
//! [`Outcome`], and every optimum checked against the LP's own rows before it is decoded.
//!
//! Around the plan, [`confirm`] measures the largest shadow prices by re-solving (its
//! series of re-solves in [`remeasure`]); an infeasible LP is explained by [`infeasible`];
//! the types a run takes and tells are in [`report`].

pub mod bases;
mod confirm;
mod infeasible;
mod remeasure;
mod report;

use std::time::Instant;

use hinterland_lp::{
    Algorithm, Basis, BasisStatus, Lp, Solution, SolveOptions, Solver, SolverError, Status, StopReason,
    residuals,
};
use hinterland_model::{Fairness, NonfoodPriority, ObjectiveMethod, Scenario};

use crate::band;
use crate::explain;
use crate::face;
use crate::fair;
use crate::formulation::objective::{self, Goal};
use crate::formulation::{self, Formulation};
use crate::keys::Level;
use crate::keys::{ColKey, RowKey};
use crate::plan::{Band, Plan, PriceOfFairness};

use self::bases::Warm;

pub use bases::StepBases;
pub use report::{
    MissedCommitment, Outcome, PlanError, PlanOptions, PlanRun, ResolveReport, Series, Start, StepGoal,
    StepReport,
};

/// LP residual tolerance, relative to `1 + |bound|`.
pub const LP_TOLERANCE: f64 = 1e-6;

/// Builds and solves the scenario's LP.
pub fn plan<S: Solver + Sync>(s: &Scenario, solver: &S, options: &PlanOptions) -> Result<PlanRun, PlanError> {
    let started = Instant::now();
    let f = formulation::build(s);
    plan_built(s, f, started.elapsed().as_secs_f64(), solver, options)
}

/// [`plan`] with the LP already built from `s` by [`build`](crate::build) (taking
/// `build_seconds`), for a caller that looks at it first (`compare` and `serve` check its
/// numbers before solving) and would otherwise build it twice.
pub fn plan_built<S: Solver + Sync>(
    s: &Scenario,
    mut f: Formulation,
    build_seconds: f64,
    solver: &S,
    options: &PlanOptions,
) -> Result<PlanRun, PlanError> {
    ration_has_a_floor(s)?;
    // Every step starts from a primal feasible point: x = 0 for the first solve (all
    // quantities zero satisfy every row when there are no hard commitments), and the previous
    // optimum for the later ones (a new service floor it meets, a raised limit). Primal
    // simplex uses that; on the Mali scenario it is about 10× faster than dual simplex.
    let requested = options.solve.algorithm;
    let mut options = options.clone();
    if requested == Algorithm::Automatic {
        options.solve.algorithm = Algorithm::PrimalSimplex;
    }
    let warm = Box::new(Warm::new(options.warm_from.clone(), options.keep_bases));
    let mut run = Run {
        s,
        solver,
        options: &options,
        requested,
        steps: Vec::new(),
        build_seconds,
        warm,
        pending: None,
    };
    if s.objective.method == ObjectiveMethod::Weighted {
        objective::set(&mut f, Goal::first(s));
        let first = run.step(&mut f.lp, StepGoal::Weighted, options.solve.clone())?;
        return run.single(f, &first);
    }
    match run.levels(f, None)? {
        Levels::Done(done) => Ok(done),
        // Hard commitments that cannot all be kept: the best plan that keeps them as well as
        // possible, not no plan.
        Levels::Infeasible(run, f, sol) => run.best_effort(f, &sol),
    }
}

/// How the lexicographic levels ended.
enum Levels<'a, S> {
    Done(PlanRun),
    /// The first level's LP is infeasible: the hard commitments cannot all be kept.
    Infeasible(Run<'a, S>, Formulation, Solution),
}

/// The hard commitments (`gaps` of the elastic LP: commitment, gap column, committed) that
/// `plan` misses, with what it reaches of each.
fn missed_by(
    plan: &Plan,
    gaps: &[(crate::keys::Commitment, hinterland_lp::Col, f64)],
) -> Vec<MissedCommitment> {
    gaps.iter()
        .filter_map(|&(commitment, _, committed)| {
            let reached = match commitment {
                crate::keys::Commitment::Need(k) => plan.served_person_days[k.index()],
                crate::keys::Commitment::Demand(k) => plan.delivered_t[k.index()],
            };
            (reached < committed - 1e-6 * (1.0 + committed)).then_some(MissedCommitment {
                commitment,
                committed,
                reachable: reached,
            })
        })
        .collect()
}

/// Whether `sol` is a trustworthy answer for `lp`: an optimum that passes the residual
/// check, or a stop at a limit the caller set (time, iterations, an interruption).
fn answered(lp: &Lp<ColKey, RowKey>, sol: &Solution) -> bool {
    match sol.status {
        Status::Optimal => residuals(lp, &sol.x, LP_TOLERANCE).ok(),
        Status::Stopped(StopReason::TimeLimit | StopReason::IterationLimit | StopReason::Interrupted) => true,
        _ => false,
    }
}

/// The algorithm of a step solved afresh: dual simplex where the caller left the choice (a
/// cold start has no feasible point for primal simplex to use).
fn cold_algorithm(requested: Algorithm) -> Algorithm {
    if requested == Algorithm::Automatic { Algorithm::DualSimplex } else { requested }
}

/// Whether any column counts in the non-food level.
fn has_nonfood(f: &Formulation) -> bool {
    f.nonfood.iter().any(|w| *w != 0.0)
}

/// What the steps of one planning run share, and the steps so far.
struct Run<'a, S> {
    s: &'a Scenario,
    solver: &'a S,
    /// With the algorithm of the plan's own steps chosen (primal simplex for `Automatic`).
    options: &'a PlanOptions,
    /// The algorithm the caller asked for.
    requested: Algorithm,
    steps: Vec<StepReport>,
    build_seconds: f64,
    /// Starts from an earlier plan's steps, and this run's bases kept (boxed: a run that
    /// ends infeasible travels in `Levels`).
    warm: Box<Warm>,
    /// Confirmations left for later (`PlanOptions::defer_confirmations`).
    pending: Option<Pending>,
}

/// Shadow-price confirmations left for [`PlanRun::confirm`], with what they start from.
#[derive(Debug)]
pub(crate) enum Pending {
    Lexicographic { options: PlanOptions, second: Box<Solution>, step1: confirm::Step1 },
    Weighted { options: PlanOptions, sol: Box<Solution> },
}

impl PlanRun {
    /// The bases [`PlanOptions::keep_bases`] kept, when the run ended in a plan and kept
    /// any: the start for later plans ([`PlanOptions::warm_from`]).
    pub fn take_bases(&mut self) -> Option<StepBases> {
        let planned = matches!(self.outcome, Outcome::Planned(_));
        self.bases.take().filter(|b| planned && !b.is_empty())
    }

    /// Whether [`PlanRun::confirm`] has confirmations to run.
    pub fn confirmations_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Runs the shadow-price confirmations that [`PlanOptions::defer_confirmations`] left,
    /// on up to `threads` threads (the answers are the same with any count), as `plan`
    /// would have run them: the plan's shadow prices get their measurements and the
    /// lexicographic plan its marginal cost; `marginal` and `confirm` steps are added.
    /// Nothing to do without pending confirmations.
    pub fn confirm<S: Solver + Sync>(&mut self, solver: &S, threads: usize) -> Result<(), PlanError> {
        let Some(pending) = self.pending.take() else { return Ok(()) };
        let Outcome::Planned(plan) = &mut self.outcome else { return Ok(()) };
        let (f, steps) = (&mut self.formulation, &mut self.steps);
        match pending {
            Pending::Lexicographic { mut options, second, step1 } => {
                options.threads = threads;
                confirm::lexicographic(solver, &options, f, plan, *second, step1, steps)
            }
            Pending::Weighted { mut options, sol } => {
                options.threads = threads;
                confirm::weighted(solver, &options, f, plan, &sol, steps)
            }
        }
    }
}

impl<'a, S: Solver + Sync> Run<'a, S> {
    /// Solves `lp` as the first step, `goal`, and reports it. From an earlier plan's basis
    /// (`PlanOptions::warm_from`) it is solved as a later step is, since that start may
    /// not be the best one for this LP.
    fn step(
        &mut self,
        lp: &mut Lp<ColKey, RowKey>,
        goal: StepGoal,
        options: SolveOptions,
    ) -> Result<Solution, SolverError> {
        let solver = self.solver;
        let sol = match self.warm.options(goal, lp, &options, self.requested) {
            Some(o) => {
                solve_later(lp, goal, o, self.requested, &mut self.steps, |lp, o| solver.solve(lp, o))?
            }
            None => timed(goal, options, &mut self.steps, |o| solver.solve(lp, o))?,
        };
        self.warm.keep(goal, lp, &sol);
        Ok(sol)
    }

    /// Solves a step after the first, from an earlier optimum (`options` usually carry its
    /// basis, unless the same step of an earlier plan gives one): see [`solve_later`].
    fn later(
        &mut self,
        lp: &mut Lp<ColKey, RowKey>,
        goal: StepGoal,
        options: SolveOptions,
    ) -> Result<Solution, SolverError> {
        let solver = self.solver;
        let options = self.warm.options(goal, lp, &options, self.requested).unwrap_or(options);
        let sol =
            solve_later(lp, goal, options, self.requested, &mut self.steps, |lp, o| solver.solve(lp, o))?;
        self.warm.keep(goal, lp, &sol);
        Ok(sol)
    }

    /// The run's report, ending in `outcome` with the LP `f`.
    fn finish(self, outcome: Outcome, f: Formulation, max_residual: f64) -> PlanRun {
        PlanRun {
            outcome,
            steps: self.steps,
            formulation: f,
            max_residual,
            build_seconds: self.build_seconds,
            bases: self.warm.into_kept(),
            pending: self.pending,
        }
    }

    /// The lexicographic levels from the first, starting from `start` (a basis of `f`'s LP):
    /// non-food if it comes before food, the most food service (step 1), and then
    /// [`Run::lexicographic`].
    fn levels(mut self, mut f: Formulation, mut start: Option<Basis>) -> Result<Levels<'a, S>, PlanError> {
        let s = self.s;
        let infeasible = |status| matches!(status, Status::Infeasible | Status::InfeasibleOrUnbounded);
        if has_nonfood(&f) && s.allocation.nonfood == NonfoodPriority::BeforeFood {
            // Non-food first: its optimum is kept by a level floor while food is planned.
            objective::set(&mut f, Goal::Nonfood);
            let sol = self.later(&mut f.lp, StepGoal::Nonfood, warm(&self.options.solve, start.take()))?;
            if infeasible(sol.status) {
                return Ok(Levels::Infeasible(self, f, sol));
            }
            if sol.status != Status::Optimal {
                return Ok(Levels::Done(self.single(f, &sol)?));
            }
            check_residuals(&f, &sol.x)?;
            objective::add_level_floor(&mut f.lp, &f.nonfood, Level::Nonfood, objective::keep(sol.objective));
            start = sol.basis.map(|b| extend_basis(b, f.lp.nrows()));
        }
        objective::set(&mut f, Goal::Service);
        let first = if start.is_some() {
            self.later(&mut f.lp, StepGoal::Service, warm(&self.options.solve, start))?
        } else {
            self.step(&mut f.lp, StepGoal::Service, self.options.solve.clone())?
        };
        Ok(match first.status {
            Status::Optimal => Levels::Done(self.lexicographic(f, first)?),
            status if infeasible(status) => Levels::Infeasible(self, f, first),
            _ => Levels::Done(self.single(f, &first)?),
        })
    }

    /// When the hard commitments cannot all be kept (`f`'s first level ended `sol`,
    /// infeasible): the elastic re-solve finds the least total relative miss, a row keeps it,
    /// and the levels run on that LP, so the plan misses the commitments as little as
    /// possible and is otherwise the usual best plan. Without an elastic optimum, the
    /// outcome says what it can.
    fn best_effort(mut self, f: Formulation, sol: &Solution) -> Result<PlanRun, PlanError> {
        // The best effort's levels sit on kept misses where the max–min levels move by up to
        // 1e-4 with the start (Mali, every need a hard commitment): it is planned cold, as
        // without an earlier plan.
        self.warm.stop();
        let elastic = infeasible::elastic(self.s, self.solver, self.options, &mut self.steps)?;
        let mut elastic = match elastic {
            Some(e) if !e.missed.is_empty() => e,
            other => {
                let (missed, limits) = other.map(|e| (e.missed, e.limits)).unwrap_or_default();
                return Ok(self.finish(infeasible::no_plan(sol.status, missed, limits), f, f64::NAN));
            }
        };
        // No commitment missed by more than it must be: the worst relative miss first, then,
        // keeping it, the least total miss.
        let mut start = elastic.basis.take();
        if let Some(worst) = elastic.f.index.worst_miss {
            let total = std::mem::take(&mut elastic.f.lp.col_cost);
            let mut worst_only = vec![0.0; total.len()];
            worst_only[worst.index()] = 1.0;
            for (pass, costs) in [worst_only, total].into_iter().enumerate() {
                elastic.f.lp.col_cost = costs;
                let o = warm(&self.options.solve, start.take());
                let sol = self.later(&mut elastic.f.lp, StepGoal::Elastic, o)?;
                if sol.status != Status::Optimal {
                    let outcome = Outcome::Infeasible { missed: elastic.missed, limits: elastic.limits };
                    return Ok(self.finish(outcome, elastic.f, f64::NAN));
                }
                if pass == 0 {
                    elastic.f.lp.col_hi[worst.index()] = objective::keep_below(sol.objective);
                }
                elastic.miss = sol.objective;
                start = sol.basis;
            }
        }
        objective::add_miss_ceiling(&mut elastic.f.lp, &elastic.f.index.gaps, elastic.miss);
        let start = start.map(|b| extend_basis(b, elastic.f.lp.nrows()));
        let (missed, limits) = (elastic.missed, elastic.limits);
        Ok(match self.levels(elastic.f, start)? {
            Levels::Done(mut done) => {
                if let Outcome::Planned(plan) = &mut done.outcome {
                    // The least total miss can be split among the commitments in many ways;
                    // the levels chose one: report what this plan reaches of each.
                    plan.missed = missed_by(plan, &done.formulation.index.gaps);
                    plan.commitment_limits = limits;
                }
                done
            }
            // The elastic LP is feasible by construction: only the solver can say otherwise.
            Levels::Infeasible(run, f, _) => run.finish(Outcome::Infeasible { missed, limits }, f, f64::NAN),
        })
    }

    /// The levels after step 1 (`first`, the most food service, optimal) and the plan:
    /// the impartial max–min steps, non-food after food, then the least cost.
    fn lexicographic(mut self, mut f: Formulation, first: Solution) -> Result<PlanRun, PlanError> {
        check_residuals(&f, &first.x)?;
        let s = self.s;
        let service_opt = first.objective;
        let tolerance = s.objective.service_tolerance;
        let impartial = !f.index.fair.is_empty();
        let bounded = !f.index.band.is_empty();
        let nonfood_after = has_nonfood(&f) && s.allocation.nonfood == NonfoodPriority::AfterFood;
        // Exact lexicographic order on the optimal face, where cost follows the utilitarian
        // food step directly (see `face`).
        let face = if tolerance == 0.0 && !impartial && !bounded && !nonfood_after {
            face::restrict(&mut f.lp, &first)
        } else {
            None
        };
        // The confirmations need step 1's service; later steps its duals and basis, not
        // its point: at a million columns its vectors are tens of megabytes.
        let base1 = (self.options.confirm_limits > 0).then(|| dot(&f.service, &first.x));
        let Solution {
            row_dual: service_duals,
            col_reduced: service_reduced,
            basis: basis1,
            x,
            row_activity,
            ..
        } = first;
        drop((x, row_activity));
        // The food level: raised impartially, or kept by the service floor alone.
        let mut start = basis1.clone();
        let mut floor = service_opt - tolerance * service_opt.abs();
        if tolerance == 0.0 && face.is_none() {
            // Off the face the optimum is kept by a row, to a hair as every level is (`keep`):
            // held exactly, the solver can call a later step infeasible (step 1's own point
            // misses some rows by 1e-8; Clp's non-food step on generated countries of 30
            // districts and more).
            floor = objective::keep(floor);
        }
        // The allocation's steps after the food step (max–min or bounded spread), each solved
        // as a later step; the band step by dual simplex, from the food step's optimum with the
        // same objective: still dual feasible, only the band's rows are broken.
        let (mut filled, mut banded) = (None, None);
        let last = {
            let (opts, requested) = (self.options.solve.clone(), self.requested);
            let mut solve = |lp: &mut Lp<ColKey, RowKey>, basis, goal| {
                let mut o = warm(&opts, basis);
                if goal == StepGoal::Band && requested == Algorithm::Automatic {
                    o.algorithm = Algorithm::DualSimplex;
                }
                self.later(lp, goal, o)
            };
            if impartial {
                fair::raise(&mut f, start.clone(), |lp, basis| solve(lp, basis, StepGoal::Fair))?.map(
                    |mut done| {
                        let last = done.last.take();
                        filled = Some(done);
                        last
                    },
                )
            } else if bounded {
                band::bound(&mut f, s.allocation.max_gap, start.clone(), &mut solve)?.map(|mut done| {
                    let last = done.last.take();
                    banded = Some(done);
                    last
                })
            } else {
                Ok(None)
            }
        };
        match last {
            Ok(Some(last)) => {
                check_residuals(&f, &last.x)?;
                floor = objective::keep(dot(&f.service, &last.x));
                start = last.basis;
            }
            Ok(None) => {}
            Err(sol) => return Ok(self.finish(Outcome::Stopped { status: sol.status }, f, f64::NAN)),
        }
        objective::add_service_floor(&mut f.lp, &f.service, floor);
        if nonfood_after {
            objective::set(&mut f, Goal::Nonfood);
            let opts = warm(&self.options.solve, start.take().map(|b| extend_basis(b, f.lp.nrows())));
            let sol = self.later(&mut f.lp, StepGoal::Nonfood, opts)?;
            if sol.status != Status::Optimal {
                return Ok(self.finish(Outcome::Stopped { status: sol.status }, f, f64::NAN));
            }
            check_residuals(&f, &sol.x)?;
            objective::add_level_floor(&mut f.lp, &f.nonfood, Level::Nonfood, objective::keep(sol.objective));
            start = sol.basis;
        }
        objective::set(&mut f, Goal::Cost);
        // The service floor (a non-food level floor may follow it).
        let floor_row = f.lp.row_keys.iter().rposition(|k| *k == RowKey::ServiceFloor).expect("added above");
        let on_face = match &face {
            Some(face) => {
                let requested = self.requested;
                let algorithm =
                    if requested == Algorithm::Automatic { Algorithm::DualSimplex } else { requested };
                let opts = SolveOptions { algorithm, ..self.options.solve.clone() };
                let duals = (&service_duals[..], &service_reduced[..]);
                cost_on_face(self.solver, &mut f.lp, face, floor, duals, opts, &mut self.steps)?
            }
            None => None,
        };
        // The face step's answer, if the solver gave one that holds; else the floor row.
        let second = if let Some(sol) = on_face.filter(|sol| answered(&f.lp, sol)) {
            sol
        } else {
            let opts = warm(
                &self.options.solve,
                start.or_else(|| basis1.clone()).map(|b| extend_basis(b, f.lp.nrows())),
            );
            if face.is_some() && tolerance == 0.0 {
                // The face step did not hold: the floor row, kept to a hair as above.
                f.lp.row_lo[floor_row] = objective::keep(floor);
            }
            self.later(&mut f.lp, StepGoal::Cost, opts)?
        };
        drop(service_reduced);
        if second.status != Status::Optimal {
            return Ok(self.finish(Outcome::Stopped { status: second.status }, f, f64::NAN));
        }
        let max_residual = check_residuals(&f, &second.x)?;
        let mut plan = Plan::decode(self.s, &f, &second.x);
        plan.shadow_prices =
            explain::shadow_prices(&f, &second, Some(&service_duals), Some(&second.row_dual));
        if let Some(filled) = filled {
            plan.coverage_floors = filled.levels.iter().map(|l| l.unwrap_or(0.0)).collect();
            plan.held_by = filled.held_by;
            plan.price_of_fairness =
                Some(PriceOfFairness { utilitarian: service_opt, impartial: plan.weighted_service(s) });
        } else if s.allocation.fairness == Fairness::Impartial && !bounded {
            // Impartial with nobody in need: nothing to raise, and the plan still says which
            // rule it followed (its price is nil).
            plan.coverage_floors = vec![0.0; f.index.served.len()];
            plan.held_by = vec![Vec::new(); f.index.served.len()];
            plan.price_of_fairness =
                Some(PriceOfFairness { utilitarian: service_opt, impartial: plan.weighted_service(s) });
        }
        if let Some(banded) = banded {
            plan.band = Some(Band {
                max_gap: s.allocation.max_gap,
                held: banded.held,
                unreachable: banded.unreachable,
            });
            plan.price_of_fairness =
                Some(PriceOfFairness { utilitarian: service_opt, impartial: plan.weighted_service(s) });
        }
        if let Some(base1) = base1 {
            let step1 = confirm::Step1 { service: base1, basis: basis1 };
            if self.options.defer_confirmations {
                let options = self.options.clone();
                self.pending = Some(Pending::Lexicographic { options, second: Box::new(second), step1 });
            } else {
                confirm::lexicographic(
                    self.solver,
                    self.options,
                    &mut f,
                    &mut plan,
                    second,
                    step1,
                    &mut self.steps,
                )?;
            }
        } else {
            // d(min cost)/d(floor), as the duals tell it: the cost of the last weighted
            // person-day. Impartially the coverage floors hold food too, and on these
            // degenerate LPs one dual solution can put their price on a column bound that
            // giving up service does not move: no figure rather than a wrong one.
            plan.marginal_cost_usd_per_weighted_person_day =
                (f.index.fair.is_empty() && f.index.band.is_empty()).then(|| second.row_dual[floor_row]);
        }
        Ok(self.finish(Outcome::Planned(Box::new(plan)), f, max_residual))
    }

    /// The plan of the weighted LP, or the outcome of a first solve that found none.
    fn single(mut self, mut f: Formulation, sol: &Solution) -> Result<PlanRun, PlanError> {
        let outcome = match sol.status {
            Status::Optimal => {
                let max_residual = check_residuals(&f, &sol.x)?;
                let mut plan = Plan::decode(self.s, &f, &sol.x);
                // Weighted: duals are in objective units (USD); convert to service by the value.
                let value = self.s.objective.value_usd_per_person_day;
                let service: Vec<f64> = sol.row_dual.iter().map(|d| d / value).collect();
                plan.shadow_prices = explain::shadow_prices(&f, sol, Some(&service), None);
                if self.options.confirm_limits > 0 && self.options.defer_confirmations {
                    let options = self.options.clone();
                    self.pending = Some(Pending::Weighted { options, sol: Box::new(sol.clone()) });
                } else if self.options.confirm_limits > 0 {
                    confirm::weighted(self.solver, self.options, &mut f, &mut plan, sol, &mut self.steps)?;
                }
                return Ok(self.finish(Outcome::Planned(Box::new(plan)), f, max_residual));
            }
            Status::Infeasible | Status::InfeasibleOrUnbounded => {
                let (missed, limits) =
                    infeasible::explain(self.s, self.solver, self.options, &mut self.steps)?;
                infeasible::no_plan(sol.status, missed, limits)
            }
            Status::Unbounded => Outcome::Unbounded,
            Status::Stopped(_) => Outcome::Stopped { status: sol.status },
        };
        Ok(self.finish(outcome, f, f64::NAN))
    }
}

/// Solves `lp`, a step after the first, from an earlier optimum (`options` usually carry its
/// basis). The LP holds a point an earlier step proved feasible, so an answer that is not an
/// optimum passing the residual check (short of a limit the caller set) is the solver's slip,
/// not the scenario's verdict: Clp, warm-started from a basis whose presolved rows sit
/// between their bounds, can call such an LP infeasible. Then the step is solved once more,
/// cold; and if the solver still calls it infeasible, the earlier levels' rows are loosened
/// by [`objective::RELAXED_SLACK`] more (still far inside the residual check's tolerance)
/// and it is solved a last time. The loosened bounds stay in `lp`.
fn solve_later(
    lp: &mut Lp<ColKey, RowKey>,
    goal: StepGoal,
    options: SolveOptions,
    requested: Algorithm,
    steps: &mut Vec<StepReport>,
    solve: impl Fn(&Lp<ColKey, RowKey>, &SolveOptions) -> Result<Solution, SolverError>,
) -> Result<Solution, SolverError> {
    let sol = timed(goal, options.clone(), steps, |o| solve(lp, o))?;
    if answered(lp, &sol) {
        return Ok(sol);
    }
    let cold = SolveOptions { warm_start: None, algorithm: cold_algorithm(requested), ..options };
    let sol = timed(goal, cold.clone(), steps, |o| solve(lp, o))?;
    if answered(lp, &sol) || !matches!(sol.status, Status::Infeasible | Status::InfeasibleOrUnbounded) {
        return Ok(sol);
    }
    if !objective::loosen_levels(lp) {
        return Ok(sol);
    }
    timed(goal, cold, steps, |o| solve(lp, o))
}

/// Runs `solve` with `options` (progress labelled with `goal`) and reports it in `steps`.
fn timed(
    goal: StepGoal,
    mut options: SolveOptions,
    steps: &mut Vec<StepReport>,
    solve: impl FnOnce(&SolveOptions) -> Result<Solution, SolverError>,
) -> Result<Solution, SolverError> {
    let started = Instant::now();
    options.progress = options.progress.map(|hook| hook.labelled(goal.as_str()));
    let sol = solve(&options)?;
    steps.push(StepReport {
        goal,
        status: Some(sol.status),
        objective: sol.objective,
        iterations: sol.iterations,
        seconds: started.elapsed().as_secs_f64(),
        solver: sol.solver.clone(),
        resolves: Vec::new(),
    });
    Ok(sol)
}

fn check_residuals(f: &Formulation, x: &[f64]) -> Result<f64, PlanError> {
    let r = residuals(&f.lp, x, LP_TOLERANCE);
    if r.ok() {
        Ok(r.max_relative)
    } else {
        Err(PlanError::Residual { count: r.violations.len(), max: r.max_relative })
    }
}

/// People count as served only through a ration floor; without one the LP would serve them
/// with no food.
fn ration_has_a_floor(s: &Scenario) -> Result<(), PlanError> {
    if !s.needs.is_empty() && !s.ration.limits.iter().any(|l| l.bounds.min > 0.0) {
        return Err(PlanError::RationWithoutFloor);
    }
    Ok(())
}

/// Step 2 on step 1's optimal face (see [`face`]), with `lp`'s last row the service floor:
/// cold, so presolve drops the fixed part, with the floor freed (the face implies it). Leaves
/// `lp` as planned (bounds put back, the floor at `floor`) and lifts the duals to it.
/// `None` when the solver calls the face empty: it holds step 1's optimum, so only numerical
/// trouble can, and the caller falls back to the floor row.
fn cost_on_face<S: Solver>(
    solver: &S,
    lp: &mut Lp<ColKey, RowKey>,
    face: &face::Face,
    floor: f64,
    (service_row_dual, service_col_reduced): (&[f64], &[f64]),
    options: SolveOptions,
    steps: &mut Vec<StepReport>,
) -> Result<Option<Solution>, SolverError> {
    let floor_row = lp.nrows() - 1;
    lp.row_lo[floor_row] = f64::NEG_INFINITY;
    let options = SolveOptions { warm_start: None, ..options };
    let sol = timed(StepGoal::Cost, options, steps, |o| solver.solve(lp, o));
    lp.row_lo[floor_row] = floor;
    face::put_back(lp, face);
    let mut sol = sol?;
    Ok(match sol.status {
        Status::Infeasible | Status::InfeasibleOrUnbounded => None,
        Status::Optimal => {
            face::lift(face, &mut sol, service_row_dual, service_col_reduced);
            Some(sol)
        }
        _ => Some(sol),
    })
}

/// `options` starting from `basis`. A barrier cannot use a basis, so a warm-started solve
/// runs primal simplex instead: it starts from the previous optimum, which is primal
/// feasible for every later step (see `plan`), and is far cheaper than a second barrier.
fn warm(options: &SolveOptions, basis: Option<Basis>) -> SolveOptions {
    let mut o = options.clone();
    if basis.is_some() && o.algorithm == Algorithm::Barrier {
        o.algorithm = Algorithm::PrimalSimplex;
    }
    o.warm_start = basis;
    o
}

/// `b` with rows added after its last (the service floor), basic.
fn extend_basis(mut b: Basis, nrows: usize) -> Basis {
    b.rows.resize(nrows, BasisStatus::Basic);
    b
}

fn dot(a: &[f64], x: &[f64]) -> f64 {
    a.iter().zip(x).map(|(a, x)| a * x).sum()
}
