//! Outcomes other than optimal: infeasible, unbounded, stopped, and malformed input.

use hinterland_coin::{Cbc, Clp, read_mps};
use hinterland_lp::{
    Algorithm, Lp, LpBuilder, Resolver, Sense, SolveOptions, Solver, SolverError, Status, StopReason,
};

use crate::netlib_dir;

const INF: f64 = f64::INFINITY;

/// `x + y ≥ 5` and `x + y ≤ 3`: no point satisfies both.
pub(crate) fn infeasible() -> Lp<&'static str, &'static str> {
    let mut lpb = LpBuilder::new(Sense::Minimize);
    let x = lpb.add_col("x", 1.0, 0.0, INF);
    let y = lpb.add_col("y", 1.0, 0.0, INF);
    for (key, lo, hi) in [("ge5", 5.0, INF), ("le3", -INF, 3.0)] {
        let r = lpb.add_row(key, lo, hi);
        lpb.add_coef(r, x, 1.0);
        lpb.add_coef(r, y, 1.0);
    }
    lpb.build()
}

/// `max x + y  s.t.  x - y ≤ 1,  x, y ≥ 0`: feasible, and y (with x = y) grows without limit.
pub(crate) fn unbounded(sense: Sense) -> Lp<&'static str, &'static str> {
    let sign = if sense == Sense::Maximize { 1.0 } else { -1.0 };
    let mut lpb = LpBuilder::new(sense);
    let x = lpb.add_col("x", sign, 0.0, INF);
    let y = lpb.add_col("y", sign, 0.0, INF);
    let r = lpb.add_row("r", -INF, 1.0);
    lpb.add_coef(r, x, 1.0);
    lpb.add_coef(r, y, -1.0);
    lpb.build()
}

const SIMPLEX: [Algorithm; 3] = [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex];

#[test]
fn infeasible_lp_is_reported_infeasible() {
    let lp = infeasible();
    for algorithm in SIMPLEX {
        let opts = SolveOptions { algorithm, ..SolveOptions::default() };
        assert_eq!(Clp.solve(&lp, &opts).unwrap().status, Status::Infeasible, "{algorithm:?}");
    }
    let opts = SolveOptions { algorithm: Algorithm::Barrier, ..SolveOptions::default() };
    assert!(!Clp.solve(&lp, &opts).unwrap().status.is_optimal());
}

#[test]
fn infeasible_bounds_are_reported_infeasible() {
    // 0 ≤ x ≤ 1 but x ≥ 2.
    let mut lpb = LpBuilder::new(Sense::Maximize);
    let x = lpb.add_col("x", 1.0, 0.0, 1.0);
    let r = lpb.add_row("r", 2.0, INF);
    lpb.add_coef(r, x, 1.0);
    let lp = lpb.build();
    assert_eq!(Clp.solve(&lp, &SolveOptions::default()).unwrap().status, Status::Infeasible);
}

#[test]
fn unbounded_lp_is_reported_unbounded_in_both_senses() {
    for sense in [Sense::Maximize, Sense::Minimize] {
        let lp = unbounded(sense);
        for algorithm in SIMPLEX {
            let opts = SolveOptions { algorithm, ..SolveOptions::default() };
            let status = Clp.solve(&lp, &opts).unwrap().status;
            assert_eq!(status, Status::Unbounded, "{sense:?} {algorithm:?}");
        }
        let opts = SolveOptions { algorithm: Algorithm::Barrier, ..SolveOptions::default() };
        assert!(!Clp.solve(&lp, &opts).unwrap().status.is_optimal(), "{sense:?} barrier");
    }
    // Same LP through Cbc (handed to Clp).
    let status = Cbc.solve(&unbounded(Sense::Maximize), &SolveOptions::default()).unwrap().status;
    assert_eq!(status, Status::Unbounded);
}

#[test]
fn zero_time_limit_stops_or_proves() {
    let lp = read_mps(netlib_dir().join("KEN-07.SIF")).unwrap();
    for algorithm in SIMPLEX {
        let opts = SolveOptions { algorithm, time_limit_s: Some(0.0), ..SolveOptions::default() };
        let sol = Clp.solve(&lp, &opts).unwrap();
        println!("KEN-07 {algorithm:?} with a zero time limit: {:?}", sol.status);
        match sol.status {
            Status::Stopped(StopReason::TimeLimit) => {}
            Status::Optimal => crate::assert_clean(&lp, &sol),
            other => panic!("{algorithm:?}: unexpected {other:?}"),
        }
    }
}

/// `solver` stops each simplex run of KEN-07 after `iteration_limit` iterations, counted
/// from zero on every run of a resolver too, and solves it to the end once the limit is lifted.
pub(crate) fn iteration_limit_stops_each_run<S: Solver>(solver: &S) {
    let lp = read_mps(netlib_dir().join("KEN-07.SIF")).unwrap();
    let limited =
        |algorithm| SolveOptions { algorithm, iteration_limit: Some(10), ..SolveOptions::default() };
    for algorithm in [Algorithm::DualSimplex, Algorithm::PrimalSimplex] {
        let what = format!("{} {algorithm:?}", solver.name());
        let sol = solver.solve(&lp, &limited(algorithm)).unwrap();
        assert_eq!(sol.status, Status::Stopped(StopReason::IterationLimit), "{what}");
        assert!((1..=10).contains(&sol.iterations), "{what}: {} iterations", sol.iterations);
        // On a resolver, each run gets its own 10 iterations, and then as many as it needs.
        let mut resolver = solver.resolver();
        for run in 0..2 {
            let sol = resolver.solve(&lp, &limited(algorithm)).unwrap();
            assert_eq!(sol.status, Status::Stopped(StopReason::IterationLimit), "{what}, run {run}");
            assert!((1..=10).contains(&sol.iterations), "{what}, run {run}: {} iterations", sol.iterations);
        }
        let sol = resolver.solve(&lp, &SolveOptions { algorithm, ..SolveOptions::default() }).unwrap();
        assert_eq!(sol.status, Status::Optimal, "{what}, limit lifted");
        assert!(sol.iterations > 10, "{what}: {} iterations", sol.iterations);
        crate::assert_clean(&lp, &sol);
    }
}

#[test]
fn an_iteration_limit_stops_each_clp_run() {
    iteration_limit_stops_each_run(&Clp);
}

#[test]
fn integer_columns_are_refused_by_clp() {
    let mut lp = unbounded(Sense::Maximize);
    lp.col_integer[0] = true;
    let err = Clp.solve(&lp, &SolveOptions::default()).unwrap_err();
    assert!(matches!(err, SolverError::Unsupported { what: "integer columns", .. }), "{err}");
}

#[test]
fn malformed_lps_are_errors() {
    let mut lp = infeasible();
    lp.row_hi.pop();
    assert!(matches!(Clp.solve(&lp, &SolveOptions::default()), Err(SolverError::Unsupported { .. })));
    let mut lp = infeasible();
    lp.matrix.index[0] = 9;
    assert!(Cbc.solve(&lp, &SolveOptions::default()).is_err());
}

#[test]
fn missing_mps_file_is_an_error() {
    let err = read_mps(netlib_dir().join("NO-SUCH-FILE.SIF")).unwrap_err();
    assert!(err.to_string().contains("NO-SUCH-FILE"), "{err}");
}
