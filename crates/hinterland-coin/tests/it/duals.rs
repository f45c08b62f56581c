//! Dual signs on LPs solved by hand, in both senses, and strong duality on random LPs.

use hinterland_coin::Clp;
use hinterland_lp::{Algorithm, BasisStatus, Lp, LpBuilder, Sense, SolveOptions, Solver, Status};
use proptest::prelude::*;

use crate::{assert_clean, assert_rel, dual_objective};

const INF: f64 = f64::INFINITY;

/// `max 3x + 2y  s.t.  r0: x + y ≤ 4,  r1: x + 3y ≤ 7,  0 ≤ x ≤ 3,  y ≥ 0`, or the same with
/// negated costs as a minimisation.
///
/// By hand: x sits at its bound 3, r0 binds, y = 1; r1 = 6 < 7 is slack. Objective 11.
/// * r0: raising 4 to 4+δ gives y = 1+δ, objective 11 + 2δ, so row_dual = 2.
/// * x's upper bound: 3+δ gives y = 1-δ, objective 3(3+δ) + 2(1-δ) = 11 + δ: col_reduced = 1.
/// * r1 slack and y basic: 0. Strong duality: 2·4 + 1·3 = 11.
///
/// As `min -3x - 2y` every derivative changes sign: objective -11, row_dual -2, reduced -1.
pub(crate) fn two_var(sense: Sense) -> Lp<&'static str, &'static str> {
    let s = if sense == Sense::Maximize { 1.0 } else { -1.0 };
    let mut lpb = LpBuilder::new(sense);
    let x = lpb.add_col("x", 3.0 * s, 0.0, 3.0);
    let y = lpb.add_col("y", 2.0 * s, 0.0, INF);
    let r0 = lpb.add_row("r0", -INF, 4.0);
    let r1 = lpb.add_row("r1", -INF, 7.0);
    lpb.add_coef(r0, x, 1.0);
    lpb.add_coef(r0, y, 1.0);
    lpb.add_coef(r1, x, 1.0);
    lpb.add_coef(r1, y, 3.0);
    lpb.build()
}

#[test]
fn hand_solved_duals_in_both_senses() {
    for (sense, s) in [(Sense::Maximize, 1.0), (Sense::Minimize, -1.0)] {
        let lp = two_var(sense);
        for algorithm in [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex] {
            let opts = SolveOptions { algorithm, ..SolveOptions::default() };
            let sol = Clp.solve(&lp, &opts).unwrap();
            assert_clean(&lp, &sol);
            let what = format!("{sense:?} {algorithm:?}");
            assert_rel(sol.objective, 11.0 * s, 1e-9, &what);
            assert_rel(sol.x[0], 3.0, 1e-9, &what);
            assert_rel(sol.x[1], 1.0, 1e-9, &what);
            assert_rel(sol.row_dual[0], 2.0 * s, 1e-9, &what);
            assert!(sol.row_dual[1].abs() < 1e-9, "{what}: slack row dual {}", sol.row_dual[1]);
            assert_rel(sol.col_reduced[0], 1.0 * s, 1e-9, &what);
            assert!(sol.col_reduced[1].abs() < 1e-9, "{what}");
            assert_rel(dual_objective(&lp, &sol), sol.objective, 1e-9, &what);
            assert_eq!(sol.row_activity, vec![4.0, 6.0]);
            let basis = sol.basis.as_ref().expect("clp returns a basis");
            assert_eq!(basis.cols, vec![BasisStatus::AtUpper, BasisStatus::Basic], "{what}");
            assert_eq!(basis.rows[1], BasisStatus::Basic, "{what}");
            assert!(sol.solver.starts_with("clp 1."), "{}", sol.solver);
        }
    }
}

/// `min 2a + 3b  s.t.  r0: a + b ≥ 5,  0 ≤ a ≤ 4,  b ≥ 0`.
///
/// By hand: a is cheaper, so a = 4 (its bound) and b = 1; objective 8 + 3 = 11.
/// * r0: 5+δ needs b = 1+δ, objective 11 + 3δ: row_dual = 3 (a binding `≥` row of a
///   minimisation has a non-negative dual).
/// * a's upper bound 4+δ lets b = 1-δ: objective 11 - δ, col_reduced = -1.
/// * Strong duality: 3·5 - 1·4 = 11.
#[test]
fn hand_solved_min_with_ge_row() {
    let mut lpb = LpBuilder::new(Sense::Minimize);
    let a = lpb.add_col("a", 2.0, 0.0, 4.0);
    let bb = lpb.add_col("b", 3.0, 0.0, INF);
    let r = lpb.add_row("r0", 5.0, INF);
    lpb.add_coef(r, a, 1.0);
    lpb.add_coef(r, bb, 1.0);
    let lp = lpb.build();
    let sol = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, 11.0, 1e-9, "objective");
    assert_rel(sol.row_dual[0], 3.0, 1e-9, "row dual");
    assert_rel(sol.col_reduced[0], -1.0, 1e-9, "reduced cost of a");
    assert_eq!(sol.basis.unwrap().rows, vec![BasisStatus::AtLower]);
}

/// `max x + y - z + 10  s.t.  r0: x - y = 1,  r1: 2 ≤ x + 2y ≤ 8,  x, y ≥ 0,  -2 ≤ z ≤ 5`.
///
/// By hand: z = -2 (its cost is -1), x = 1 + y and r1 at its upper bound: 1 + 3y = 8, so
/// y = 7/3, x = 10/3; objective 17/3 + 2 + 10 = 53/3.
/// * r1 upper 8+δ: y = (7+δ)/3, objective gains 2δ/3: row_dual = 2/3.
/// * r0 right side 1+δ: y = (7-δ)/3, x = 1+δ+y, objective x + y = 1 + δ + 2(7-δ)/3 gains δ/3:
///   row_dual = 1/3.
/// * z's lower bound -2+δ costs δ: col_reduced = -1.
/// * Strong duality: 1/3·1 + 2/3·8 + (-1)(-2) = 23/3 = 53/3 - 10.
#[test]
fn hand_solved_equality_range_and_negative_bound() {
    let mut lpb = LpBuilder::new(Sense::Maximize);
    let x = lpb.add_col("x", 1.0, 0.0, INF);
    let y = lpb.add_col("y", 1.0, 0.0, INF);
    let z = lpb.add_col("z", -1.0, -2.0, 5.0);
    let r0 = lpb.add_row("r0", 1.0, 1.0);
    let r1 = lpb.add_row("r1", 2.0, 8.0);
    lpb.add_coef(r0, x, 1.0);
    lpb.add_coef(r0, y, -1.0);
    lpb.add_coef(r1, x, 1.0);
    lpb.add_coef(r1, y, 2.0);
    let _ = z;
    lpb.set_objective_offset(10.0);
    let lp = lpb.build();
    let sol = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, 53.0 / 3.0, 1e-9, "objective");
    assert_rel(sol.row_dual[0], 1.0 / 3.0, 1e-9, "equality dual");
    assert_rel(sol.row_dual[1], 2.0 / 3.0, 1e-9, "range dual");
    assert_rel(sol.col_reduced[2], -1.0, 1e-9, "reduced cost of z");
    assert_rel(dual_objective(&lp, &sol) + lp.objective_offset, sol.objective, 1e-9, "duality");

    // The duals are derivatives: move each active bound a little and re-solve.
    let delta = 1e-3;
    let mut up = lp.clone();
    up.row_hi[1] += delta;
    let moved = Clp.solve(&up, &SolveOptions::default()).unwrap();
    assert_rel((moved.objective - sol.objective) / delta, sol.row_dual[1], 1e-6, "d obj / d r1");
    let mut up = lp.clone();
    up.row_lo[0] += delta;
    up.row_hi[0] += delta;
    let moved = Clp.solve(&up, &SolveOptions::default()).unwrap();
    assert_rel((moved.objective - sol.objective) / delta, sol.row_dual[0], 1e-6, "d obj / d r0");
}

#[test]
fn barrier_reaches_the_same_vertex() {
    let lp = two_var(Sense::Maximize);
    let opts = SolveOptions { algorithm: Algorithm::Barrier, ..SolveOptions::default() };
    let sol = Clp.solve(&lp, &opts).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, 11.0, 1e-8, "barrier objective");
    assert_rel(sol.row_dual[0], 2.0, 1e-7, "barrier dual");
}

#[derive(Debug, Clone)]
pub(crate) struct RandomLp {
    sense: Sense,
    /// Row-major, `m × n`.
    a: Vec<Vec<i8>>,
    x0: Vec<f64>,
    col_below: Vec<f64>,
    col_above: Vec<f64>,
    row_below: Vec<Option<f64>>,
    row_above: Vec<Option<f64>>,
    cost: Vec<i8>,
}

/// Small LPs that are feasible by construction (`x0` satisfies everything) and bounded (every
/// column lies in a finite box), with `≤`, `≥`, ranged and equality rows.
pub(crate) fn random_lp() -> impl Strategy<Value = RandomLp> {
    (1usize..6, 1usize..6).prop_flat_map(|(n, m)| {
        (
            prop_oneof![Just(Sense::Minimize), Just(Sense::Maximize)],
            prop::collection::vec(prop::collection::vec(-3i8..=3, n), m),
            prop::collection::vec(-5.0f64..5.0, n),
            prop::collection::vec(0.0f64..4.0, n),
            prop::collection::vec(0.0f64..4.0, n),
            prop::collection::vec(prop::option::of(0.0f64..3.0), m),
            prop::collection::vec(prop::option::of(0.0f64..3.0), m),
            prop::collection::vec(-5i8..=5, n),
        )
            .prop_map(|(sense, a, x0, col_below, col_above, row_below, row_above, cost)| RandomLp {
                sense,
                a,
                x0,
                col_below,
                col_above,
                row_below,
                row_above,
                cost,
            })
    })
}

pub(crate) fn build(r: &RandomLp) -> Lp<usize, usize> {
    let mut lpb = LpBuilder::new(r.sense);
    let cols: Vec<_> = (0..r.x0.len())
        .map(|j| {
            let x0 = r.x0[j];
            lpb.add_col(j, f64::from(r.cost[j]), x0 - r.col_below[j], x0 + r.col_above[j])
        })
        .collect();
    for (i, row) in r.a.iter().enumerate() {
        let act: f64 = row.iter().zip(&r.x0).map(|(&a, x)| f64::from(a) * x).sum();
        let lo = r.row_below[i].map_or(-INF, |d| act - d);
        let hi = r.row_above[i].map_or(INF, |d| act + d);
        // Make every fourth row an equality through x0.
        let (lo, hi) = if i % 4 == 3 { (act, act) } else { (lo, hi) };
        let rr = lpb.add_row(i, lo, hi);
        for (j, &a) in row.iter().enumerate() {
            lpb.add_coef(rr, cols[j], f64::from(a));
        }
    }
    lpb.build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// On any feasible bounded LP: Clp proves optimality, the point passes the residual check,
    /// strong duality holds with the documented signs, and each dual has the sign its
    /// active bound implies (in a minimisation, raising a lower bound can only cost more).
    #[test]
    fn random_lps_satisfy_strong_duality(r in random_lp()) {
        let lp = build(&r);
        let sol = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        prop_assert_eq!(sol.status, Status::Optimal);
        assert_clean(&lp, &sol);
        let dual = dual_objective(&lp, &sol);
        prop_assert!(
            (dual - sol.objective).abs() <= 1e-6 * (1.0 + sol.objective.abs()),
            "primal {} dual {}", sol.objective, dual
        );
        let s = if lp.sense == Sense::Minimize { 1.0 } else { -1.0 };
        for i in 0..lp.nrows() {
            let (lo, hi, y) = (lp.row_lo[i], lp.row_hi[i], s * sol.row_dual[i]);
            let act = sol.row_activity[i];
            if lo == hi {
                continue;
            }
            if (act - lo).abs() > 1e-7 * (1.0 + lo.abs()) {
                prop_assert!(y <= 1e-9, "row {} off its lower bound has dual {}", i, y);
            }
            if (act - hi).abs() > 1e-7 * (1.0 + hi.abs()) {
                prop_assert!(y >= -1e-9, "row {} off its upper bound has dual {}", i, y);
            }
        }
        for j in 0..lp.ncols() {
            let (lo, hi, d) = (lp.col_lo[j], lp.col_hi[j], s * sol.col_reduced[j]);
            if (sol.x[j] - lo).abs() > 1e-7 * (1.0 + lo.abs()) {
                prop_assert!(d <= 1e-9, "column {} off its lower bound has reduced {}", j, d);
            }
            if (sol.x[j] - hi).abs() > 1e-7 * (1.0 + hi.abs()) {
                prop_assert!(d >= -1e-9, "column {} off its upper bound has reduced {}", j, d);
            }
        }
    }

    /// Scaling every cost by k > 0 scales the optimum by k.
    #[test]
    fn scaling_costs_scales_the_objective(r in random_lp(), k in 0.5f64..4.0) {
        let lp = build(&r);
        let mut scaled = lp.clone();
        for c in &mut scaled.col_cost {
            *c *= k;
        }
        let a = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        let b = Clp.solve(&scaled, &SolveOptions::default()).unwrap();
        prop_assert!((b.objective - k * a.objective).abs() <= 1e-7 * (1.0 + b.objective.abs()));
    }
}
