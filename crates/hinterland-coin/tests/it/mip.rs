//! Cbc on small MIPs whose integer optimum differs from the LP relaxation.

use hinterland_coin::{Cbc, Clp};
use hinterland_lp::{Lp, LpBuilder, Sense, SolveOptions, Solver, Status};

use crate::{assert_clean, assert_rel};

const INF: f64 = f64::INFINITY;

/// 0-1 knapsack: `max 8x1 + 11x2 + 6x3 + 4x4  s.t.  5x1 + 7x2 + 4x3 + 3x4 ≤ 14`.
///
/// LP relaxation by hand (greedy by value/weight 1.6, 1.57, 1.5, 1.33): x1 = x2 = 1 (weight
/// 12), x3 = 2/4, objective 8 + 11 + 3 = 22.
/// Integer optimum: x2 = x3 = x4 = 1 (weight 14), value 21; the alternatives are x1 + x2 = 19
/// (weight 12, nothing else fits) and x1 + x3 + x4 = 18.
fn knapsack() -> Lp<&'static str, &'static str> {
    let mut lpb = LpBuilder::new(Sense::Maximize);
    let cap = lpb.add_row("capacity", -INF, 14.0);
    for (key, value, weight) in [("x1", 8.0, 5.0), ("x2", 11.0, 7.0), ("x3", 6.0, 4.0), ("x4", 4.0, 3.0)] {
        let x = lpb.add_col(key, value, 0.0, 1.0);
        lpb.set_integer(x);
        lpb.add_coef(cap, x, weight);
    }
    lpb.build()
}

#[test]
fn knapsack_integer_optimum_differs_from_relaxation() {
    let lp = knapsack();
    let sol = Cbc.solve(&lp, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, 21.0, 1e-9, "knapsack");
    let x: Vec<i64> = sol.x.iter().map(|v| v.round() as i64).collect();
    assert_eq!(x, vec![0, 1, 1, 1]);
    assert!(sol.row_dual.is_empty() && sol.basis.is_none());
    assert_eq!(sol.row_activity, vec![14.0]);

    let mut relaxed = lp.clone();
    relaxed.col_integer.fill(false);
    let lp_sol = Clp.solve(&relaxed, &SolveOptions::default()).unwrap();
    assert_clean(&relaxed, &lp_sol);
    assert_rel(lp_sol.objective, 22.0, 1e-9, "relaxation");
}

/// `min x + y + 1  s.t.  2x + 2y ≥ 3,  x, y ≥ 0 integer`: the relaxation reaches 1.5 + 1, an
/// integer point needs x + y = 2, so the optimum is 3.
#[test]
fn minimisation_with_general_integers_and_offset() {
    let mut lpb = LpBuilder::new(Sense::Minimize);
    let x = lpb.add_col("x", 1.0, 0.0, INF);
    let y = lpb.add_col("y", 1.0, 0.0, INF);
    lpb.set_integer(x);
    lpb.set_integer(y);
    let r = lpb.add_row("r", 3.0, INF);
    lpb.add_coef(r, x, 2.0);
    lpb.add_coef(r, y, 2.0);
    lpb.set_objective_offset(1.0);
    let lp = lpb.build();
    let sol = Cbc.solve(&lp, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, 3.0, 1e-9, "objective");
}

#[test]
fn integer_infeasible_mip_is_infeasible() {
    // 2x = 1 has the LP solution x = 1/2 but no integer one.
    let mut lpb = LpBuilder::new(Sense::Minimize);
    let x = lpb.add_col("x", 1.0, 0.0, 10.0);
    lpb.set_integer(x);
    let r = lpb.add_row("r", 1.0, 1.0);
    lpb.add_coef(r, x, 2.0);
    let lp = lpb.build();
    let sol = Cbc.solve(&lp, &SolveOptions::default()).unwrap();
    assert_eq!(sol.status, Status::Infeasible);
}

#[test]
fn unbounded_mip_is_not_optimal() {
    // max x + y  s.t.  x - y ≤ 1, integers ≥ 0: unbounded along x = y.
    let mut lpb = LpBuilder::new(Sense::Maximize);
    let x = lpb.add_col("x", 1.0, 0.0, INF);
    let y = lpb.add_col("y", 1.0, 0.0, INF);
    lpb.set_integer(x);
    lpb.set_integer(y);
    let r = lpb.add_row("r", -INF, 1.0);
    lpb.add_coef(r, x, 1.0);
    lpb.add_coef(r, y, -1.0);
    let lp = lpb.build();
    let status = Cbc.solve(&lp, &SolveOptions::default()).unwrap().status;
    assert!(matches!(status, Status::Unbounded | Status::InfeasibleOrUnbounded), "unexpected {status:?}");
}

#[test]
fn cbc_solves_in_parallel_threads() {
    // Cbc's driver is not reentrant; the crate serialises it. Many threads must still agree.
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                let lp = knapsack();
                Cbc.solve(&lp, &SolveOptions::default()).unwrap().objective
            })
        })
        .collect();
    for h in handles {
        assert_rel(h.join().unwrap(), 21.0, 1e-9, "thread");
    }
}

#[test]
fn cbc_zero_time_limit_stops_or_proves() {
    let lp = knapsack();
    let opts = SolveOptions { time_limit_s: Some(0.0), ..SolveOptions::default() };
    let sol = Cbc.solve(&lp, &opts).unwrap();
    match sol.status {
        Status::Optimal => {
            assert_clean(&lp, &sol);
            assert_rel(sol.objective, 21.0, 1e-9, "knapsack");
        }
        Status::Stopped(hinterland_lp::StopReason::TimeLimit) => {}
        other => panic!("unexpected {other:?}"),
    }
}
