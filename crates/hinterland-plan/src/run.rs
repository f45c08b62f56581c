//! The solve driver: lexicographic or weighted objective, statuses, elastic explanation.

use std::time::Instant;

use hinterland_lp::{
    Algorithm, Basis, BasisStatus, Resolver, Solution, SolveOptions, Solver, SolverError, Status, residuals,
};
use hinterland_model::{ObjectiveMethod, Scenario};

use crate::explain;
use crate::face;
use crate::formulation::objective::{self, Goal};
use crate::formulation::{self, Formulation};
use crate::keys::{Commitment, RowKey};
use crate::plan::{Plan, effect};

/// How to plan.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub solve: SolveOptions,
    /// How many of the largest shadow prices to confirm by re-solving with the limit raised
    /// (warm-started; 0 = report duals as they are). Duals of degenerate LPs can promise
    /// gains that do not exist; confirmation measures them.
    pub confirm_limits: usize,
    /// Threads planning may use: with 2 or more, the two series of confirmation re-solves
    /// (service gained, cost saved) run side by side, each on its own solver model, the
    /// service series on its own copy of the LP. Answers are the same with any count; more
    /// than one costs that memory (at a million columns about a gigabyte with HiGHS).
    pub threads: usize,
}

impl PlanOptions {
    pub const DEFAULT_CONFIRM_LIMITS: usize = 12;
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            solve: SolveOptions::default(),
            confirm_limits: Self::DEFAULT_CONFIRM_LIMITS,
            threads: 1,
        }
    }
}

/// One solver call.
#[derive(Clone, Debug)]
pub struct StepReport {
    /// `service`, `cost`, `weighted` or `elastic`; around the plan, `marginal` (the cost of
    /// the last weighted person-days, re-solved) and `confirm` (the shadow-price re-solves).
    pub goal: &'static str,
    pub status: Status,
    pub objective: f64,
    pub iterations: u64,
    pub seconds: f64,
    pub solver: String,
    /// For `confirm`: each re-solve, in the order of each series (service first).
    pub resolves: Vec<ResolveReport>,
}

/// One re-solve of the shadow-price confirmations, for `--timings`: where the time goes
/// in the `confirm` step (at a million columns one raise can take most of it).
#[derive(Clone, Debug)]
pub struct ResolveReport {
    /// `service` (the service gained by the raise) or `cost` (the cost it saves).
    pub series: &'static str,
    /// The LP row whose limit was raised; `None` for the series' solve of its base LP
    /// (no limit raised), which it makes to mark the base optimum.
    pub row: Option<usize>,
    /// Where the solver started: `mark` (back to the base optimum, factorised), `last`
    /// (where the previous re-solve stopped), `probe` (from there, with an iteration limit,
    /// before going back to the mark) or `basis` (the base optimum's basis, factorised
    /// afresh).
    pub start: &'static str,
    pub status: Status,
    pub iterations: u64,
    pub seconds: f64,
}

/// A hard commitment that cannot be kept, and by how much it is missed.
#[derive(Clone, Debug, PartialEq)]
pub struct MissedCommitment {
    pub commitment: Commitment,
    /// Committed amount (person-days or tonnes).
    pub committed: f64,
    /// The most that can be reached while missing the other commitments as little as possible.
    pub reachable: f64,
}

impl StepReport {
    /// Whether this step solved for the plan (`service`, `cost`, `weighted`, `elastic`)
    /// rather than measured around it (`confirm`, `marginal`).
    pub fn solves_the_plan(&self) -> bool {
        !matches!(self.goal, "confirm" | "marginal")
    }
}

/// What planning produced.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Proven optimal plan.
    Planned(Box<Plan>),
    /// Hard commitments (`min_share`) cannot all be kept; the elastic re-solve says which.
    Infeasible { missed: Vec<MissedCommitment>, limits: Vec<explain::Limit> },
    /// The solver proved the LP unbounded: a scenario error (e.g. a free profit loop).
    Unbounded,
    /// The solver stopped without proof.
    Stopped { status: Status },
}

/// A planning run: the outcome, each solver step, and the LP that was solved.
#[derive(Debug)]
pub struct PlanRun {
    pub outcome: Outcome,
    pub steps: Vec<StepReport>,
    pub formulation: Formulation,
    /// Largest LP residual of the final point relative to `1 + |bound|`.
    pub max_residual: f64,
    pub build_seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Solver(#[from] SolverError),
    #[error(
        "the solver reported an optimal point that violates {count} LP constraints (largest relative violation {max:e})"
    )]
    Residual { count: usize, max: f64 },
    #[error(
        "the ration sets no positive floor: people could be `served` without food; add a nutrient floor to ration.csv"
    )]
    RationWithoutFloor,
}

/// LP residual tolerance, relative to `1 + |bound|`.
pub const LP_TOLERANCE: f64 = 1e-6;

fn step<S: Solver>(
    solver: &S,
    lp: &hinterland_lp::Lp<crate::ColKey, RowKey>,
    goal: &'static str,
    options: SolveOptions,
    steps: &mut Vec<StepReport>,
) -> Result<Solution, SolverError> {
    timed(goal, options, steps, |o| solver.solve(lp, o))
}

/// Runs `solve` with `options` (progress labelled `goal`) and reports it in `steps`.
fn timed(
    goal: &'static str,
    mut options: SolveOptions,
    steps: &mut Vec<StepReport>,
    solve: impl FnOnce(&SolveOptions) -> Result<Solution, SolverError>,
) -> Result<Solution, SolverError> {
    let started = Instant::now();
    options.progress = options.progress.map(|hook| hook.labelled(goal));
    let sol = solve(&options)?;
    steps.push(StepReport {
        goal,
        status: sol.status,
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

/// Builds and solves the scenario's LP.
pub fn plan<S: Solver + Sync>(s: &Scenario, solver: &S, options: &PlanOptions) -> Result<PlanRun, PlanError> {
    let started = Instant::now();
    let f = formulation::build(s);
    plan_built(s, f, started.elapsed().as_secs_f64(), solver, options)
}

/// [`plan`] with the LP already built from `s` by [`build`](crate::build) (taking
/// `build_seconds`), for a caller that looks at it first: `sweep` compares its keys with the
/// base's before choosing a warm start, and would otherwise build every variant twice.
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
    let mut options = options.clone();
    let requested = options.solve.algorithm;
    if requested == Algorithm::Automatic {
        options.solve.algorithm = Algorithm::PrimalSimplex;
    }
    let options = &options;
    let mut steps = Vec::new();

    match s.objective.method {
        ObjectiveMethod::Weighted => {
            objective::set(&mut f, Goal::first(s));
            let sol = step(solver, &f.lp, "weighted", options.solve.clone(), &mut steps)?;
            finish_single(s, solver, options, f, &sol, steps, build_seconds)
        }
        ObjectiveMethod::Lexicographic => {
            objective::set(&mut f, Goal::first(s));
            let first = step(solver, &f.lp, "service", options.solve.clone(), &mut steps)?;
            if first.status != Status::Optimal {
                return finish_single(s, solver, options, f, &first, steps, build_seconds);
            }
            check_residuals(&f, &first.x)?;
            let service_opt = first.objective;
            let tolerance = s.objective.service_tolerance;
            // Exact lexicographic order: the cost step on the optimal face (see `face`).
            let face = if tolerance == 0.0 { face::restrict(&mut f.lp, &first) } else { None };
            // The confirmations need step 1's service; later steps its duals and basis, not
            // its point: at a million columns its vectors are tens of megabytes.
            let base1 = (options.confirm_limits > 0).then(|| dot(&f.service, &first.x));
            let Solution {
                row_dual: service_duals,
                col_reduced: service_reduced,
                basis: basis1,
                x,
                row_activity,
                ..
            } = first;
            drop((x, row_activity));
            let floor = service_opt - tolerance * service_opt.abs();
            objective::add_service_floor(&mut f.lp, &f.service, floor);
            objective::set(&mut f, Goal::Cost);
            let floor_row = f.lp.nrows() - 1;
            let on_face = match &face {
                Some(face) => {
                    let algorithm =
                        if requested == Algorithm::Automatic { Algorithm::DualSimplex } else { requested };
                    let opts = SolveOptions { algorithm, ..options.solve.clone() };
                    let duals = (&service_duals[..], &service_reduced[..]);
                    cost_on_face(solver, &mut f.lp, face, floor, duals, opts, &mut steps)?
                }
                None => None,
            };
            let second = if let Some(sol) = on_face {
                sol
            } else {
                let opts = warm(&options.solve, basis1.clone().map(|b| extend_basis(b, f.lp.nrows())));
                step(solver, &f.lp, "cost", opts, &mut steps)?
            };
            drop(service_reduced);
            if second.status != Status::Optimal {
                return Ok(PlanRun {
                    outcome: Outcome::Stopped { status: second.status },
                    steps,
                    formulation: f,
                    max_residual: f64::NAN,
                    build_seconds,
                });
            }
            let max_residual = check_residuals(&f, &second.x)?;
            let mut plan = Plan::decode(s, &f, &second.x);
            plan.shadow_prices =
                explain::shadow_prices(&f, &second, Some(&service_duals), Some(&second.row_dual));
            if let Some(base1) = base1 {
                // The re-solves edit the planned LP in place and put it back: step 1's
                // problem is this LP with the cost objective swapped for service and the
                // service floor freed (basic in step 1's basis, extended).
                let base2 = dot(&f.cost, &second.x);
                let floor = f.lp.row_lo[floor_row];
                let o1 = confirm_options(&options.solve, basis1.map(|b| extend_basis(b, f.lp.nrows())));
                let chosen = Confirmations::choose(&plan.shadow_prices, options.confirm_limits);
                let Formulation { lp, service, cost, .. } = &mut f;
                let (service, cost) = (&*service, &*cost);
                let raises = &chosen.raises[..];
                let as_step1 = |lp: &mut hinterland_lp::Lp<crate::ColKey, RowKey>| {
                    objective::set_on(lp, Goal::Service, service, cost);
                    lp.row_lo[floor_row] = f64::NEG_INFINITY;
                };
                let gained_on = |lp: &mut hinterland_lp::Lp<crate::ColKey, RowKey>, o: SolveOptions| {
                    Remeasure::new(solver, "service", o).each(lp, raises, |x| dot(service, x) - base1)
                };
                // The service series on a copy of step 1's LP, for a second thread.
                let step1_lp = (options.threads > 1).then(|| {
                    let mut lp1 = lp.clone();
                    as_step1(&mut lp1);
                    lp1
                });
                let (values, resolves, started) = std::thread::scope(|scope| -> Result<_, PlanError> {
                    // With two threads the service series runs beside the marginal step and
                    // the cost series, on its own solver model and its own copy of the LP;
                    // each series makes the same re-solves in the same order either way, so
                    // the answers do not depend on the thread count.
                    let beside = step1_lp.map(|mut lp1| {
                        // Silent: the progress line follows the main thread's solves, and
                        // two interleaved iteration counts would read as one jumping about.
                        let o1 = SolveOptions { progress: None, ..o1.clone() };
                        scope.spawn(move || gained_on(&mut lp1, o1))
                    });
                    // The floor's dual is one of many on this degenerate LP (the smallest the
                    // face step can certify, see `face`); measure the cost of the last
                    // weighted person-days instead by giving up a few (a millionth of the
                    // service).
                    let delta = (1e-6 * floor.abs()).max(1.0);
                    lp.row_lo[floor_row] = floor - delta;
                    let o = warm(&options.solve, second.basis.clone());
                    // On the resolver of the cost series below, which then starts with this
                    // LP loaded and, where the solver keeps it, this optimum factorised.
                    let mut costs = solver.resolver();
                    let marginal = timed("marginal", o, &mut steps, |o| costs.solve(lp, o))?;
                    let measured = marginal.status == Status::Optimal;
                    plan.marginal_cost_usd_per_weighted_person_day =
                        measured.then(|| (base2 - dot(cost, &marginal.x)) / delta);
                    plan.marginal_cost_measured = measured;
                    // The savings are measured from that point too: with the floor exactly at
                    // the optimum every cost re-solve pivots along the degenerate optimal face
                    // (4× slower at 10k), and a millionth of the service is far inside the
                    // 0.1% by which each limit is raised.
                    let (o2, floor2, base2) = if measured {
                        (
                            confirm_options(&options.solve, marginal.basis),
                            floor - delta,
                            dot(cost, &marginal.x),
                        )
                    } else {
                        // From the planned point and the cost step's basis, like the marginal
                        // step: after the face step that basis need not be dual feasible here.
                        let o = SolveOptions {
                            progress: confirm_hook(&options.solve),
                            ..warm(&options.solve, second.basis)
                        };
                        (o, floor, base2)
                    };
                    let costs = Remeasure::after(costs, "cost", o2, measured);
                    let started = Instant::now();
                    lp.row_lo[floor_row] = floor2;
                    let saved = costs.each(lp, raises, |x| base2 - dot(cost, x));
                    let gained = match beside {
                        Some(handle) => match handle.join() {
                            Ok(gained) => gained,
                            Err(panic) => std::panic::resume_unwind(panic),
                        },
                        // One series after the other on one thread, so that only one solver
                        // model is alive at a time (at a million columns a HiGHS simplex
                        // model is a sizeable part of the run's peak memory).
                        None if saved.is_ok() => {
                            as_step1(lp);
                            let gained = gained_on(lp, o1);
                            objective::set_on(lp, Goal::Cost, service, cost);
                            gained
                        }
                        None => Ok((Vec::new(), Vec::new())),
                    };
                    lp.row_lo[floor_row] = floor;
                    let ((gained, mut resolves), (saved, r2)) = (gained?, saved?);
                    resolves.extend(r2);
                    Ok((gained.into_iter().zip(saved).collect(), resolves, started))
                })?;
                chosen.record(&mut plan.shadow_prices, values, resolves, started, &mut steps);
            } else {
                // d(min cost)/d(floor), as the duals tell it: the cost of the last weighted
                // person-day.
                plan.marginal_cost_usd_per_weighted_person_day = Some(second.row_dual[floor_row]);
            }
            Ok(PlanRun {
                outcome: Outcome::Planned(Box::new(plan)),
                steps,
                formulation: f,
                max_residual,
                build_seconds,
            })
        }
    }
}

/// Step 2 on step 1's optimal face (see [`face`]), with `lp`'s last row the service floor:
/// cold, so presolve drops the fixed part, with the floor freed (the face implies it). Leaves
/// `lp` as planned (bounds put back, the floor at `floor`) and lifts the duals to it.
/// `None` when the solver calls the face empty: it holds step 1's optimum, so only numerical
/// trouble can, and the caller falls back to the floor row.
fn cost_on_face<S: Solver>(
    solver: &S,
    lp: &mut hinterland_lp::Lp<crate::ColKey, RowKey>,
    face: &face::Face,
    floor: f64,
    (service_row_dual, service_col_reduced): (&[f64], &[f64]),
    options: SolveOptions,
    steps: &mut Vec<StepReport>,
) -> Result<Option<Solution>, SolverError> {
    let floor_row = lp.nrows() - 1;
    lp.row_lo[floor_row] = f64::NEG_INFINITY;
    let sol = step(solver, lp, "cost", SolveOptions { warm_start: None, ..options }, steps);
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

/// The options of a confirmation re-solve: `options` from `basis` with a limit raised. The
/// raise keeps the basis dual feasible (the old optimum's duals still price every column
/// right) but not primal feasible (the basic values move with the limit), so dual simplex
/// starts where primal simplex would need a feasibility phase: with HiGHS at 100k
/// generated columns, 120 s of primal re-solves became 15 s (see docs/performance.md).
/// Whatever algorithm the plan's own steps use: the re-solves are measurements, and this is
/// the method made for them. Without a basis they start cold like the plan's steps.
fn confirm_options(options: &SolveOptions, basis: Option<Basis>) -> SolveOptions {
    let mut o = warm(options, basis);
    if o.warm_start.is_some() {
        o.algorithm = Algorithm::DualSimplex;
    }
    o.progress = confirm_hook(options);
    o
}

fn extend_basis(mut b: Basis, nrows: usize) -> Basis {
    b.rows.resize(nrows, BasisStatus::Basic);
    b
}

fn finish_single<S: Solver>(
    s: &Scenario,
    solver: &S,
    options: &PlanOptions,
    mut f: Formulation,
    sol: &Solution,
    mut steps: Vec<StepReport>,
    build_seconds: f64,
) -> Result<PlanRun, PlanError> {
    let outcome = match sol.status {
        Status::Optimal => {
            let max_residual = check_residuals(&f, &sol.x)?;
            let mut plan = Plan::decode(s, &f, &sol.x);
            // Weighted: duals are in objective units (USD); convert to service by the value.
            let value = s.objective.value_usd_per_person_day;
            let service: Vec<f64> = sol.row_dual.iter().map(|d| d / value).collect();
            plan.shadow_prices = explain::shadow_prices(&f, sol, Some(&service), None);
            if options.confirm_limits > 0 {
                let (base_s, base_c) = (dot(&f.service, &sol.x), dot(&f.cost, &sol.x));
                let o = confirm_options(&options.solve, sol.basis.clone());
                // The re-solves edit the planned LP in place and put it back: no copy.
                let Formulation { lp, service, cost, .. } = &mut f;
                let chosen = Confirmations::choose(&plan.shadow_prices, options.confirm_limits);
                let started = Instant::now();
                let (pairs, resolves) =
                    Remeasure::new(solver, "weighted", o)
                        .each(lp, &chosen.raises, |x| (dot(service, x) - base_s, base_c - dot(cost, x)))?;
                let values = pairs.into_iter().map(|p| (p.map(|p| p.0), p.map(|p| p.1))).collect();
                chosen.record(&mut plan.shadow_prices, values, resolves, started, &mut steps);
            }
            return Ok(PlanRun {
                outcome: Outcome::Planned(Box::new(plan)),
                steps,
                formulation: f,
                max_residual,
                build_seconds,
            });
        }
        Status::Infeasible | Status::InfeasibleOrUnbounded => {
            let (missed, limits) = explain_infeasible(s, solver, options, &mut steps)?;
            if missed.is_empty() && sol.status == Status::InfeasibleOrUnbounded {
                Outcome::Unbounded
            } else {
                Outcome::Infeasible { missed, limits }
            }
        }
        Status::Unbounded => Outcome::Unbounded,
        Status::Stopped(_) => Outcome::Stopped { status: sol.status },
    };
    Ok(PlanRun { outcome, steps, formulation: f, max_residual: f64::NAN, build_seconds })
}

/// Re-solves with every hard commitment made elastic and the total relative miss minimised,
/// and reports which commitments are missed and what limits bind.
fn explain_infeasible<S: Solver>(
    s: &Scenario,
    solver: &S,
    options: &PlanOptions,
    steps: &mut Vec<StepReport>,
) -> Result<(Vec<MissedCommitment>, Vec<explain::Limit>), PlanError> {
    let f = formulation::build_elastic(s);
    // The elastic LP has more columns than the one a warm-start basis was made for.
    let o = SolveOptions { warm_start: None, ..options.solve.clone() };
    let sol = step(solver, &f.lp, "elastic", o, steps)?;
    if sol.status != Status::Optimal {
        return Ok((Vec::new(), Vec::new()));
    }
    check_residuals(&f, &sol.x)?;
    let mut missed = Vec::new();
    for &(commitment, gap_col, committed) in &f.index.gaps {
        let gap = sol.x[gap_col.index()];
        if gap > 1e-6 * (1.0 + committed) {
            missed.push(MissedCommitment { commitment, committed, reachable: committed - gap });
        }
    }
    let limits = explain::binding_limits(&f, &sol.row_dual, &sol.row_activity)
        .into_iter()
        .filter(|l| !matches!(l.row, RowKey::CommitmentFloor { .. }))
        .collect();
    Ok((missed, limits))
}

fn dot(a: &[f64], x: &[f64]) -> f64 {
    a.iter().zip(x).map(|(a, x)| a * x).sum()
}

/// The progress hook of the confirmation re-solves.
fn confirm_hook(options: &SolveOptions) -> Option<hinterland_lp::ProgressHook> {
    options.progress.as_ref().map(|h| h.labelled("confirm"))
}

/// The confirmation re-solves with one objective, on one [`Resolver`]: the LP stays loaded
/// from one raised limit to the next. On a resolver that can [`mark`](Resolver::mark) the
/// base optimum (HiGHS) a re-solve can start [`back`](Resolver::back) at that optimum's
/// basis and factorisation, one raise away, or where the previous re-solve stopped, two
/// changes away (the previous raise undone, the next made), with nothing to factorise
/// afresh either way. Otherwise each re-solve starts from the base optimum's basis
/// (`options.warm_start`) and factorises it (Clp does at every start anyway), or, on a
/// resolver that keeps its factorisation but cannot go back, where the previous one stopped.
///
/// Which of the two starts is cheaper depends on the LP. At 10k generated columns going back
/// wins: one costly raise costs once instead of twice (on it and on the next, which undoes
/// it). At 1M the cost series' raises are near each other and far from the base: its first
/// raise took 10,903 iterations from the mark, its second 10,556 from the base basis and 2
/// from where the first stopped; at 100k, after the first raise, 27–30 from the mark and 0
/// from the last. So after a re-solve from the base that took at least [`PROBE_FROM`]
/// iterations, the next raise first *probes* from the last optimum, allowed an eighth of
/// those iterations ([`PROBE_SHARE`]); if that does not reach the optimum, it goes back to
/// the mark and solves from there. A failed probe costs at most an eighth of a re-solve from
/// the base, a successful one saves nearly all of it (docs/performance.md). The limit counts
/// iterations, not seconds, so the same runs make the same re-solves on any machine.
///
/// The measure is an optimal objective value, the same from any start; after a re-solve
/// that did not end optimal, the next starts from the mark or, without one, from the base
/// basis again; if the mark is lost (the solver had to load the LP afresh), from the last
/// optimum.
struct Remeasure<Rs> {
    resolver: Rs,
    options: SolveOptions,
    /// Nothing solved on the resolver yet: the series solves its base LP first (from the
    /// basis in the options), to mark its optimum.
    unsolved: bool,
    /// The resolver holds a mark of the base optimum (as far as the series knows: going
    /// back may still find it lost).
    marked: bool,
    /// The resolver stands at the optimum of its last solve, factorised.
    at_optimum: bool,
    /// Iterations of the latest re-solve that started from the base optimum (its mark or
    /// its basis).
    from_base: Option<u64>,
    /// The series' name in its reports.
    series: &'static str,
    /// Each re-solve so far.
    reports: Vec<ResolveReport>,
}

/// A re-solve from the base optimum that took at least this many iterations makes the next
/// raise probe from the last optimum first (see [`Remeasure`]).
const PROBE_FROM: u64 = 16;

/// A probe may take this share (one over it) of the iterations of the latest re-solve from
/// the base optimum.
const PROBE_SHARE: u64 = 8;

/// Where a [`Remeasure`] re-solve starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    /// Back to the base optimum the resolver marked.
    Mark,
    /// Where the previous re-solve stopped (optimal, on a resolver that keeps its
    /// factorisation).
    Last,
    /// Where the previous re-solve stopped, with an iteration limit, before going back to
    /// the mark.
    Probe,
    /// From the base basis in the options.
    Base,
}

impl Start {
    /// As [`ResolveReport::start`] names it.
    fn name(self) -> &'static str {
        match self {
            Start::Mark => "mark",
            Start::Last => "last",
            Start::Probe => "probe",
            Start::Base => "basis",
        }
    }
}

impl<Rs: Resolver> Remeasure<Rs> {
    /// The series named `series` on a new resolver of `solver`.
    fn new<S: Solver<Resolver = Rs>>(solver: &S, series: &'static str, options: SolveOptions) -> Self {
        let resolver = solver.resolver();
        // Marking needs a solve of the base LP first: worth it only where the resolver keeps
        // what it marks.
        let unsolved = resolver.keeps_factorisation();
        Self::unmarked(resolver, series, options, unsolved)
    }

    /// The series with nothing marked and no re-solve made yet.
    fn unmarked(resolver: Rs, series: &'static str, options: SolveOptions, unsolved: bool) -> Self {
        Remeasure {
            resolver,
            options,
            unsolved,
            marked: false,
            at_optimum: false,
            from_base: None,
            series,
            reports: Vec::new(),
        }
    }

    /// The series named `series` on `resolver`, whose last solve was `optimal` or not, of
    /// the LP the series re-solves (with no limit raised) and from the basis in `options`.
    fn after(resolver: Rs, series: &'static str, options: SolveOptions, optimal: bool) -> Self {
        let mut series = Self::unmarked(resolver, series, options, false);
        series.solved_base(optimal);
        series
    }

    /// Marks the base optimum the resolver just reached, if it can.
    fn solved_base(&mut self, optimal: bool) {
        self.marked = optimal && self.resolver.mark();
        self.at_optimum = optimal && self.resolver.keeps_factorisation();
    }

    /// Solves `lp` from `start`, with at most `limit` iterations, and reports it as raising
    /// `row`.
    fn solve<C, R>(
        &mut self,
        lp: &hinterland_lp::Lp<C, R>,
        row: Option<usize>,
        start: Start,
        limit: Option<u64>,
    ) -> Result<Solution, SolverError> {
        let started = Instant::now();
        // Only a start from the base basis is handed it; the others go on from the solver.
        let warm_start = if start == Start::Base { self.options.warm_start.clone() } else { None };
        let options = SolveOptions { warm_start, iteration_limit: limit, ..self.options.clone() };
        let sol = self.resolver.solve(lp, &options)?;
        self.reports.push(ResolveReport {
            series: self.series,
            row,
            start: start.name(),
            status: sol.status,
            iterations: sol.iterations,
            seconds: started.elapsed().as_secs_f64(),
        });
        let optimal = sol.status == Status::Optimal;
        self.at_optimum = optimal && self.resolver.keeps_factorisation();
        // The base LP's own solve (no row raised) says nothing about how far raises go.
        if row.is_some() && matches!(start, Start::Mark | Start::Base) {
            self.from_base = Some(sol.iterations);
        }
        Ok(sol)
    }

    /// [`raised`](Self::raised) for each `(row, delta)` in turn; with a report of each
    /// re-solve.
    fn each<C, R, T>(
        mut self,
        lp: &mut hinterland_lp::Lp<C, R>,
        raises: &[(usize, f64)],
        mut measure: impl FnMut(&[f64]) -> T,
    ) -> Result<(Vec<Option<T>>, Vec<ResolveReport>), SolverError> {
        if self.unsolved && !raises.is_empty() {
            self.unsolved = false;
            let sol = self.solve(lp, None, Start::Base, None)?;
            self.solved_base(sol.status == Status::Optimal);
        }
        let values = raises
            .iter()
            .map(|&(row, delta)| self.raised(lp, row, delta, &mut measure))
            .collect::<Result<_, _>>()?;
        Ok((values, self.reports))
    }

    /// Raises row `row`'s upper bound by `delta`, re-solves, restores it, and returns
    /// `measure(x)` of the new optimum (`None` if the re-solve is not optimal).
    fn raised<C, R, T>(
        &mut self,
        lp: &mut hinterland_lp::Lp<C, R>,
        row: usize,
        delta: f64,
        mut measure: impl FnMut(&[f64]) -> T,
    ) -> Result<Option<T>, SolverError> {
        let original = lp.row_hi[row];
        lp.row_hi[row] = original + delta;
        let sol = self.resolve(lp, row);
        lp.row_hi[row] = original;
        let sol = sol?;
        Ok((sol.status == Status::Optimal).then(|| measure(&sol.x)))
    }

    /// Re-solves `lp`, in which row `row`'s limit is raised, from the best start.
    fn resolve<C, R>(&mut self, lp: &hinterland_lp::Lp<C, R>, row: usize) -> Result<Solution, SolverError> {
        let probe = self.from_base.filter(|&n| self.marked && self.at_optimum && n >= PROBE_FROM);
        if let Some(n) = probe {
            let sol = self.solve(lp, Some(row), Start::Probe, Some((n / PROBE_SHARE).max(1)))?;
            if sol.status == Status::Optimal {
                return Ok(sol);
            }
            // The probe's end is no optimum: only the mark or the base basis is left.
            self.at_optimum = false;
        }
        if self.marked {
            if self.resolver.back() {
                return self.solve(lp, Some(row), Start::Mark, None);
            }
            // The mark is lost (the solver had to factorise afresh).
            self.marked = false;
        }
        let start = if self.at_optimum { Start::Last } else { Start::Base };
        self.solve(lp, Some(row), start, None)
    }
}

/// How far to raise a limit when measuring its value: 1 unit, or 0.1% of the limit if larger
/// (so the change stays well above solver tolerances).
fn confirm_delta(limit: f64) -> f64 {
    (1e-3 * limit.abs()).max(1.0)
}

/// The shadow prices to confirm by re-solving: the `k` largest by service, then the `k`
/// largest by saving not already chosen.
struct Confirmations {
    /// Indices into the shadow prices.
    chosen: Vec<usize>,
    /// For each, the LP row and how far to raise its limit.
    raises: Vec<(usize, f64)>,
}

impl Confirmations {
    fn choose(prices: &[crate::plan::ShadowPrice], k: usize) -> Self {
        let mut chosen: Vec<usize> = (0..prices.len()).take(k).collect();
        let mut by_usd: Vec<usize> = (0..prices.len()).collect();
        by_usd.sort_by(|&a, &b| {
            let v = |i: usize| prices[i].usd_saved_per_unit.unwrap_or(0.0).abs();
            v(b).total_cmp(&v(a)).then(a.cmp(&b))
        });
        for i in by_usd.into_iter().take(k) {
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        let raises = chosen.iter().map(|&i| (prices[i].row_index, confirm_delta(prices[i].limit))).collect();
        Confirmations { chosen, raises }
    }

    /// Records the measured `(service gained, USD saved)` of each raise (in the order of
    /// `raises`), reports the confirmations as one step begun at `started` made of the
    /// re-solves `resolves`, and re-sorts the prices by the measured values. Drops nothing.
    fn record(
        self,
        prices: &mut [crate::plan::ShadowPrice],
        values: Vec<(Option<f64>, Option<f64>)>,
        resolves: Vec<ResolveReport>,
        started: Instant,
        steps: &mut Vec<StepReport>,
    ) {
        for ((&i, &(_, delta)), (gained, saved)) in self.chosen.iter().zip(&self.raises).zip(values) {
            prices[i].measured = Some(crate::plan::Measured {
                delta,
                service_per_unit: gained.map(|v| v / delta),
                usd_saved_per_unit: saved.map(|v| v / delta),
            });
        }
        steps.push(StepReport {
            goal: "confirm",
            status: Status::Optimal,
            objective: self.chosen.len() as f64,
            iterations: resolves.iter().map(|r| r.iterations).sum(),
            seconds: started.elapsed().as_secs_f64(),
            solver: String::new(),
            resolves,
        });
        // Measured first, by measured service then saving, equal values in LP row order;
        // unmeasured after, in dual order. "Equal" is to 6 significant digits: a finite
        // difference over a re-solve carries the solver's tolerance (a 1e-6 change in an
        // objective of 1e9 is 1e-6 per unit), and its last digits should not decide the order.
        prices.sort_by(|a, b| {
            let key = |p: &crate::plan::ShadowPrice| match p.measured {
                Some(m) => {
                    let size = |v: Option<f64>| effect(v).map_or(0.0, |v| -significant(v.abs(), 6));
                    (0, size(m.service_per_unit), size(m.usd_saved_per_unit), p.row_index)
                }
                None => (1, 0.0, 0.0, 0),
            };
            let (a0, a1, a2, a3) = key(a);
            let (b0, b1, b2, b3) = key(b);
            a0.cmp(&b0).then(a1.total_cmp(&b1)).then(a2.total_cmp(&b2)).then(a3.cmp(&b3))
        });
    }
}

/// `v` rounded to `digits` significant digits.
fn significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    let rounded = (v * scale).round() / scale;
    if rounded.is_finite() { rounded } else { v }
}

#[cfg(test)]
mod tests {
    use super::{Remeasure, significant};
    use hinterland_lp::{
        Basis, BasisStatus, Lp, LpBuilder, Resolver, Sense, Solution, SolveOptions, Solver, SolverError,
        Status, StopReason,
    };
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    /// Records each solve (whether it was given a basis), mark and going back; answers
    /// `Optimal` unless told otherwise. Marks when it `keeps` and `marks`, and forgets the
    /// mark when told to. A solve takes the iterations `needs` says next (and stops at the
    /// iteration limit short of them), or as many as there were calls so far.
    #[derive(Clone, Default)]
    struct Fake {
        keeps: bool,
        marks: bool,
        calls: Rc<RefCell<Vec<&'static str>>>,
        fail_next: Rc<RefCell<bool>>,
        marked: Rc<RefCell<bool>>,
        needs: Rc<RefCell<VecDeque<u64>>>,
    }

    impl Resolver for Fake {
        fn solve<C, R>(&mut self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
            self.calls.borrow_mut().push(if options.warm_start.is_some() {
                "solve from basis"
            } else {
                "solve"
            });
            // Tells the solves apart in the reports: the number of calls so far.
            let needs = self.needs.borrow_mut().pop_front().unwrap_or(self.calls.borrow().len() as u64);
            let limit = options.iteration_limit.unwrap_or(u64::MAX);
            let status = if self.fail_next.replace(false) {
                Status::Stopped(StopReason::NumericalTrouble)
            } else if needs > limit {
                Status::Stopped(StopReason::IterationLimit)
            } else {
                Status::Optimal
            };
            Ok(Solution {
                status,
                objective: 0.0,
                x: vec![lp.row_hi[0]; lp.ncols()],
                row_activity: vec![0.0; lp.nrows()],
                row_dual: vec![0.0; lp.nrows()],
                col_reduced: vec![0.0; lp.ncols()],
                basis: None,
                iterations: needs.min(limit),
                solver: "fake".into(),
            })
        }

        fn keeps_factorisation(&self) -> bool {
            self.keeps
        }

        fn mark(&mut self) -> bool {
            *self.marked.borrow_mut() = self.keeps && self.marks;
            self.calls.borrow_mut().push("mark");
            *self.marked.borrow()
        }

        fn back(&mut self) -> bool {
            self.calls.borrow_mut().push("back");
            *self.marked.borrow()
        }
    }

    impl Solver for Fake {
        type Resolver = Fake;
        fn name(&self) -> &'static str {
            "fake"
        }
        fn solve<C, R>(&self, lp: &Lp<C, R>, options: &SolveOptions) -> Result<Solution, SolverError> {
            Resolver::solve(&mut self.clone(), lp, options)
        }
        fn resolver(&self) -> Fake {
            self.clone()
        }
    }

    fn one_row() -> Lp<u8, u8> {
        let mut b = LpBuilder::new(Sense::Maximize);
        let x = b.add_col(0, 1.0, 0.0, 10.0);
        let r = b.add_row(0, f64::NEG_INFINITY, 4.0);
        b.add_coef(r, x, 1.0);
        b.build()
    }

    #[test]
    fn remeasure_goes_on_from_the_last_optimum_only_where_the_factorisation_is_kept() {
        let basis = Basis { cols: vec![BasisStatus::Basic], rows: vec![BasisStatus::AtUpper] };
        let options = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
        for keeps in [false, true] {
            let solver = Fake { keeps, ..Fake::default() };
            let mut series = Remeasure::new(&solver, "test", options.clone());
            let mut lp = one_row();
            let mut measured = Vec::new();
            for k in 0..5 {
                *solver.fail_next.borrow_mut() = k == 2;
                measured.push(series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap());
                assert_eq!(lp.row_hi[0], 4.0, "the raise is put back");
            }
            // Each solve saw the raised bound; the third did not end optimal.
            assert_eq!(measured, [Some(4.5), Some(4.5), None, Some(4.5), Some(4.5)]);
            let calls = solver.calls.borrow();
            let given: Vec<bool> =
                calls.iter().filter(|c| c.starts_with("solve")).map(|&c| c == "solve from basis").collect();
            if keeps {
                // From the base basis first and after the failed solve; else from the last.
                assert_eq!(given, [true, false, false, true, false]);
            } else {
                assert_eq!(given, [true; 5]);
            }
        }
    }

    #[test]
    fn remeasure_goes_back_to_the_marked_base_before_each_raise() {
        let basis = Basis { cols: vec![BasisStatus::Basic], rows: vec![BasisStatus::AtUpper] };
        let options = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
        let solver = Fake { keeps: true, marks: true, ..Fake::default() };
        let mut lp = one_row();
        let raises = [(0, 0.5), (0, 1.0), (0, 2.0)];
        let (measured, reports) =
            Remeasure::new(&solver, "test", options.clone()).each(&mut lp, &raises, |x| x[0]).unwrap();
        assert_eq!(measured, [Some(4.5), Some(5.0), Some(6.0)]);
        assert_eq!(lp.row_hi[0], 4.0, "the raises are put back");
        // The base LP from the given basis, marked; then back to it before each raise.
        let want = ["solve from basis", "mark", "back", "solve", "back", "solve", "back", "solve"];
        assert_eq!(*solver.calls.borrow(), want);
        // One report per solve, in order, saying where it started and what it raised.
        let told: Vec<_> = reports.iter().map(|r| (r.series, r.row, r.start, r.iterations)).collect();
        let want = [
            ("test", None, "basis", 1),
            ("test", Some(0), "mark", 4),
            ("test", Some(0), "mark", 6),
            ("test", Some(0), "mark", 8),
        ];
        assert_eq!(told, want);

        // A series after a solve marks that solve's optimum, and goes back to it even after
        // a re-solve that failed; once the mark is lost, it goes on from the last optimum,
        // or from the base basis after a failure.
        let failed = Status::Stopped(StopReason::NumericalTrouble);
        let optimal = Status::Optimal;
        for lost_after_failure in [false, true] {
            let solver = Fake { keeps: true, marks: true, ..Fake::default() };
            let mut series = Remeasure::after(solver.resolver(), "test", options.clone(), true);
            for k in 0..5 {
                *solver.fail_next.borrow_mut() = k == if lost_after_failure { 2 } else { 1 };
                if k == 3 {
                    *solver.marked.borrow_mut() = false;
                }
                series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            }
            let lost_from = if lost_after_failure { "solve from basis" } else { "solve" };
            let want =
                ["mark", "back", "solve", "back", "solve", "back", "solve", "back", lost_from, "solve"];
            assert_eq!(*solver.calls.borrow(), want);
            let (_, reports) = series.each(&mut lp, &[], |x| x[0]).unwrap();
            let told: Vec<_> = reports.iter().map(|r| (r.start, r.status)).collect();
            let want = if lost_after_failure {
                [
                    ("mark", optimal),
                    ("mark", optimal),
                    ("mark", failed),
                    ("basis", optimal),
                    ("last", optimal),
                ]
            } else {
                [("mark", optimal), ("mark", failed), ("mark", optimal), ("last", optimal), ("last", optimal)]
            };
            assert_eq!(told, want, "lost after a failure: {lost_after_failure}");
        }

        // Nothing to mark after a solve that was not optimal, nor on a resolver that cannot.
        for (optimal, marks) in [(false, true), (true, false)] {
            let solver = Fake { keeps: true, marks, ..Fake::default() };
            let mut series = Remeasure::after(solver.resolver(), "test", options.clone(), optimal);
            series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            let first = if optimal { "solve" } else { "solve from basis" };
            let marked = if optimal { vec!["mark", first, "solve"] } else { vec![first, "solve"] };
            assert_eq!(*solver.calls.borrow(), marked, "optimal {optimal}, marks {marks}");
        }
    }

    #[test]
    fn remeasure_probes_from_the_last_optimum_after_a_costly_raise() {
        let basis = Basis { cols: vec![BasisStatus::Basic], rows: vec![BasisStatus::AtUpper] };
        let options = SolveOptions { warm_start: Some(basis), ..SolveOptions::default() };
        let solver = Fake { keeps: true, marks: true, ..Fake::default() };
        let mut series = Remeasure::after(solver.resolver(), "test", options, true);
        let mut lp = one_row();
        // The iterations each solve needs, in order.
        let needs = [
            5_000, // 1: from the mark, costly
            2,     // 2: probe (limit 5,000 / 8): near the first
            3_000, // 3: probe: stopped at 625 ...
            12,    //    ... then from the mark, cheap
            1_200, // 4: from the mark (the last one was cheap): costly
            10,    // 5: probe (limit 150)
            5_000, // 6: probe: stopped at 150, the mark is lost ...
            30,    //    ... so from the base basis
            7,     // 7: from the last optimum (no mark to go back to)
        ];
        *solver.needs.borrow_mut() = needs.into();
        for k in 1..=7 {
            if k == 6 {
                *solver.marked.borrow_mut() = false;
            }
            let got = series.raised(&mut lp, 0, 0.5, |x| x[0]).unwrap();
            assert_eq!(got, Some(4.5), "raise {k} is measured");
        }
        let (_, reports) = series.each(&mut lp, &[], |x| x[0]).unwrap();
        let told: Vec<_> = reports.iter().map(|r| (r.start, r.status, r.iterations)).collect();
        let optimal = Status::Optimal;
        let stopped = Status::Stopped(StopReason::IterationLimit);
        let want = [
            ("mark", optimal, 5_000),
            ("probe", optimal, 2),
            ("probe", stopped, 625),
            ("mark", optimal, 12),
            ("mark", optimal, 1_200),
            ("probe", optimal, 10),
            ("probe", stopped, 150),
            ("basis", optimal, 30),
            ("last", optimal, 7),
        ];
        assert_eq!(told, want);
        let want = [
            "mark",
            "back",
            "solve",
            "solve",
            "solve",
            "back",
            "solve",
            "back",
            "solve",
            "solve",
            "solve",
            "back",
            "solve from basis",
            "solve",
        ];
        assert_eq!(*solver.calls.borrow(), want);
    }

    #[test]
    fn significant_digits() {
        assert_eq!(significant(120.725_751_479_495_32, 9), 120.725_751);
        assert_eq!(significant(120.725_751_478_467_13, 9), significant(120.725_751_479_495_32, 9));
        assert_eq!(significant(-0.001_234_567_891_2, 3), -0.001_23);
        assert_eq!(significant(9.999_999_999_6e7, 9), 1e8);
        assert_eq!(significant(0.0, 9), 0.0);
        assert_eq!(significant(1e-310, 9), 1e-310);
        assert!(significant(f64::NAN, 9).is_nan());
    }
}
