//! The optional HiGHS backend (`--features highs`): the same checks as Clp's — hand-solved
//! duals in both senses, published netlib optima with strong duality, statuses, warm starts,
//! progress — for every algorithm, the interior point (IPX) included, and agreement with Clp
//! on random LPs.

use std::sync::{Arc, Mutex};

use hinterland_coin::{Clp, Highs, read_mps};
use hinterland_lp::{
    Algorithm, BasisStatus, IterationKind, Lp, LpBuilder, ProgressHook, Resolver, Sense, SolveOptions,
    Solver, SolverError, Status,
};
use proptest::prelude::*;

use crate::duals::{build, random_lp, two_var};
use crate::status::{infeasible, iteration_limit_stops_each_run, unbounded};
use crate::{assert_clean, assert_rel, dual_objective, netlib_dir};

const ALL: [Algorithm; 4] =
    [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex, Algorithm::Barrier];

fn opts(algorithm: Algorithm) -> SolveOptions {
    SolveOptions { algorithm, ..SolveOptions::default() }
}

#[test]
fn an_iteration_limit_stops_each_highs_run() {
    iteration_limit_stops_each_run(&Highs);
}

#[test]
fn hand_solved_duals_in_both_senses() {
    for (sense, s) in [(Sense::Maximize, 1.0), (Sense::Minimize, -1.0)] {
        let lp = two_var(sense);
        for algorithm in ALL {
            let sol = Highs.solve(&lp, &opts(algorithm)).unwrap();
            let what = format!("{sense:?} {algorithm:?}");
            assert_clean(&lp, &sol);
            assert_rel(sol.objective, 11.0 * s, 1e-9, &what);
            assert_rel(sol.x[0], 3.0, 1e-9, &what);
            assert_rel(sol.x[1], 1.0, 1e-9, &what);
            assert_rel(sol.row_dual[0], 2.0 * s, 1e-9, &what);
            assert!(sol.row_dual[1].abs() < 1e-9, "{what}: slack row dual {}", sol.row_dual[1]);
            assert_rel(sol.col_reduced[0], 1.0 * s, 1e-9, &what);
            assert!(sol.col_reduced[1].abs() < 1e-9, "{what}");
            assert_rel(dual_objective(&lp, &sol), sol.objective, 1e-9, &what);
            let basis = sol.basis.as_ref().expect("highs returns a basis (crossover after IPX)");
            assert_eq!(basis.cols, vec![BasisStatus::AtUpper, BasisStatus::Basic], "{what}");
            assert_eq!(basis.rows[1], BasisStatus::Basic, "{what}");
            assert!(sol.solver.starts_with("highs 1."), "{}", sol.solver);
        }
    }
}

#[test]
fn netlib_optima_match_published_values_with_every_algorithm() {
    let dir = netlib_dir();
    for (name, want) in [
        ("AFIRO", -464.753_142_857_142_9),
        ("SC50A", -64.575_077_058_564_49),
        ("ADLITTLE", 225_494.963_162_380_36),
        ("SHARE2B", -415.732_240_74),
        ("KEN-07", -6.795_204_433_816_869e8),
    ] {
        let lp = read_mps(dir.join(format!("{name}.SIF"))).unwrap();
        for algorithm in ALL {
            let what = format!("{name} {algorithm:?}");
            let sol = Highs.solve(&lp, &opts(algorithm)).unwrap();
            assert_clean(&lp, &sol);
            assert_rel(sol.objective, want, 1e-6, &what);
            assert_rel(dual_objective(&lp, &sol) + lp.objective_offset, sol.objective, 1e-6, &what);
            println!("{what}: {} in {} iterations", sol.objective, sol.iterations);
        }
    }
}

#[test]
fn infeasible_and_unbounded_lps_are_never_optimal() {
    let infeasible = infeasible();
    for algorithm in ALL {
        let status = Highs.solve(&infeasible, &opts(algorithm)).unwrap().status;
        assert!(
            matches!(status, Status::Infeasible | Status::InfeasibleOrUnbounded),
            "{algorithm:?}: {status:?}"
        );
    }
    for sense in [Sense::Maximize, Sense::Minimize] {
        let unbounded = unbounded(sense);
        for algorithm in ALL {
            let status = Highs.solve(&unbounded, &opts(algorithm)).unwrap().status;
            assert!(
                matches!(status, Status::Unbounded | Status::InfeasibleOrUnbounded),
                "{sense:?} {algorithm:?}: {status:?}"
            );
        }
    }
}

#[test]
fn integer_columns_and_wrong_bases_are_refused() {
    let mut lp = two_var(Sense::Maximize);
    lp.col_integer[0] = true;
    let err = Highs.solve(&lp, &SolveOptions::default()).unwrap_err();
    assert!(matches!(err, SolverError::Unsupported { what: "integer columns", .. }), "{err}");
    let lp = two_var(Sense::Maximize);
    let basis = hinterland_lp::Basis { cols: vec![BasisStatus::Basic; 3], rows: vec![] };
    let err = Highs.solve(&lp, &SolveOptions { warm_start: Some(basis), ..SolveOptions::default() });
    assert!(matches!(err, Err(SolverError::Unsupported { .. })), "{err:?}");
}

#[test]
fn warm_start_from_the_optimal_basis_needs_no_iterations() {
    let lp = read_mps(netlib_dir().join("ADLITTLE.SIF")).unwrap();
    let first = Highs.solve(&lp, &opts(Algorithm::DualSimplex)).unwrap();
    assert!(first.iterations > 0);
    for algorithm in [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex] {
        let warm = SolveOptions { algorithm, warm_start: first.basis.clone(), ..SolveOptions::default() };
        let again = Highs.solve(&lp, &warm).unwrap();
        assert_clean(&lp, &again);
        assert_rel(again.objective, first.objective, 1e-9, "ADLITTLE");
        assert_eq!(again.iterations, 0, "{algorithm:?}");
    }
    // A basis from Clp means the same thing to HiGHS.
    let clp = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    let warm = SolveOptions { warm_start: clp.basis.clone(), ..SolveOptions::default() };
    let again = Highs.solve(&lp, &warm).unwrap();
    assert_clean(&lp, &again);
    assert_eq!(again.iterations, 0);
}

#[test]
fn progress_reports_name_the_kind_of_iteration() {
    let lp = read_mps(netlib_dir().join("KEN-07.SIF")).unwrap();
    for (algorithm, kind) in
        [(Algorithm::Barrier, IterationKind::InteriorPoint), (Algorithm::DualSimplex, IterationKind::Simplex)]
    {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let hook = ProgressHook::new(move |p| sink.lock().unwrap().push(*p)).labelled("service");
        let sol = Highs
            .solve(&lp, &SolveOptions { algorithm, progress: Some(hook), ..SolveOptions::default() })
            .unwrap();
        assert_clean(&lp, &sol);
        let seen = seen.lock().unwrap();
        assert!(!seen.is_empty(), "{algorithm:?}: no reports in {} iterations", sol.iterations);
        assert!(seen.iter().all(|p| p.label == "service" && p.kind == kind), "{algorithm:?}: {seen:?}");
        assert!(seen.last().unwrap().iterations <= sol.iterations, "{algorithm:?}: {seen:?}");
    }
    // A panicking hook loses its reports, not the solve.
    let hook = ProgressHook::new(|_| panic!("a hook that panics"));
    let sol = Highs.solve(&lp, &SolveOptions { progress: Some(hook), ..SolveOptions::default() }).unwrap();
    assert_clean(&lp, &sol);
}

/// Found by `highs_and_clp_agree_on_random_lps`: HiGHS 1.16's primal simplex stops on this LP
/// with model status "unknown" and a dual infeasibility left (its point even leaves column 0's
/// box when the dual simplex continues from there).
fn a_primal_simplex_stall() -> Lp<usize, usize> {
    let mut lpb = LpBuilder::new(Sense::Minimize);
    let bounds = [(-3.109_268_991, 0.0), (1.099_106_896, 3.177_698_267), (-2.934_319_585, 3.571_525_917)];
    let bounds = [bounds[0], bounds[1], bounds[2], (0.0, 2.617_775_605), (-2.322_447_951, 0.0)];
    let cost = [1.0, -1.0, 0.0, -1.0, 3.0];
    let cols: Vec<_> = (0..5).map(|j| lpb.add_col(j, cost[j], bounds[j].0, bounds[j].1)).collect();
    let r0 = lpb.add_row(0, f64::NEG_INFINITY, 0.0);
    for (j, a) in [(2, 1.0), (4, 1.0)] {
        lpb.add_coef(r0, cols[j], a);
    }
    let r1 = lpb.add_row(1, -1.099_106_896, 0.471_107_160);
    for (j, a) in [(0, -3.0), (1, -1.0), (2, 2.0), (3, -3.0), (4, -3.0)] {
        lpb.add_coef(r1, cols[j], a);
    }
    lpb.build()
}

/// The backend must still return the optimum after the stall.
#[test]
fn a_primal_simplex_stall_still_ends_optimal() {
    let lp = a_primal_simplex_stall();
    let clp = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    assert_eq!(clp.status, Status::Optimal);
    for algorithm in ALL {
        let sol = Highs.solve(&lp, &opts(algorithm)).unwrap();
        assert_eq!(sol.status, Status::Optimal, "{algorithm:?}");
        assert_clean(&lp, &sol);
        assert_rel(sol.objective, clp.objective, 1e-9, &format!("{algorithm:?}"));
    }
}

/// A resolver never starts a re-solve again from nothing (at a million columns that takes
/// hours), so the stall must be overcome from the basis it stopped at.
#[test]
fn a_resolver_overcomes_a_primal_simplex_stall_from_its_basis() {
    let lp = a_primal_simplex_stall();
    let clp = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    let mut resolver = Highs.resolver();
    let sol = resolver.solve(&lp, &opts(Algorithm::PrimalSimplex)).unwrap();
    assert_eq!(sol.status, Status::Optimal);
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, clp.objective, 1e-9, "objective");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn highs_and_clp_agree_on_random_lps(
        r in random_lp(),
        algorithm in prop::sample::select(ALL.to_vec()),
    ) {
        let lp = build(&r);
        let clp = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        let highs = Highs.solve(&lp, &opts(algorithm)).unwrap();
        prop_assert_eq!(clp.status, Status::Optimal);
        prop_assert_eq!(highs.status, Status::Optimal);
        assert_clean(&lp, &highs);
        assert_rel(highs.objective, clp.objective, 1e-7, "objective");
        assert_rel(dual_objective(&lp, &highs) + lp.objective_offset, highs.objective, 1e-6, "strong duality");
    }
}
