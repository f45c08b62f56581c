//! `hinterland_lp::write_mps` → `read_mps` keeps the LP and its optimum.

use hinterland_coin::{Cbc, Clp, read_mps};
use hinterland_lp::{Lp, LpBuilder, Sense, SolveOptions, Solver, write_mps};

use crate::{assert_clean, assert_rel};

const INF: f64 = f64::INFINITY;

/// Ranged, equality, `≥` and `≤` rows; free, negative, fixed and boxed columns; an offset.
///
/// `max 2a + b - c + 3d + 5  s.t.
///   cap:   1 ≤ a + b ≤ 6       (range)
///   bal:   a - c = 1           (equality)
///   floor: b + d ≥ -2
///   lim:   d - c ≤ 4
///   a ∈ [0, 4], b ∈ [-3, 2], c free, d = 1 (fixed)`
///
/// By hand: d = 1, so lim gives c ≥ -3; c = a - 1 ≥ -3 always holds for a ≥ 0 and pushes
/// nothing. The objective is 2a + b - (a - 1) + 3 + 5 = a + b + 9 with a + b ≤ 6, a ≤ 4,
/// b ≤ 2: a + b = 6 at a = 4, b = 2 → 15.
fn sample() -> Lp<String, String> {
    let mut lpb = LpBuilder::new(Sense::Maximize);
    let a = lpb.add_col("a".to_string(), 2.0, 0.0, 4.0);
    let bb = lpb.add_col("b".to_string(), 1.0, -3.0, 2.0);
    let c = lpb.add_col("c".to_string(), -1.0, -INF, INF);
    let d = lpb.add_col("d".to_string(), 3.0, 1.0, 1.0);
    let cap = lpb.add_row("cap".to_string(), 1.0, 6.0);
    let bal = lpb.add_row("bal".to_string(), 1.0, 1.0);
    let floor = lpb.add_row("floor".to_string(), -2.0, INF);
    let lim = lpb.add_row("lim".to_string(), -INF, 4.0);
    lpb.add_coef(cap, a, 1.0);
    lpb.add_coef(cap, bb, 1.0);
    lpb.add_coef(bal, a, 1.0);
    lpb.add_coef(bal, c, -1.0);
    lpb.add_coef(floor, bb, 1.0);
    lpb.add_coef(floor, d, 1.0);
    lpb.add_coef(lim, d, 1.0);
    lpb.add_coef(lim, c, -1.0);
    lpb.set_objective_offset(5.0);
    lpb.build()
}

fn round_trip(lp: &Lp<String, String>) -> Lp<String, String> {
    let file = tempfile::Builder::new().suffix(".mps").tempfile().unwrap();
    write_mps(lp, "sample", std::io::BufWriter::new(file.as_file())).unwrap();
    read_mps(file.path()).unwrap()
}

#[test]
fn written_and_read_back_lp_is_the_same() {
    let lp = sample();
    let back = round_trip(&lp);
    assert_eq!(back.sense, Sense::Maximize);
    assert_eq!(back.objective_offset, 5.0);
    assert_eq!(back.col_keys, lp.col_keys);
    assert_eq!(back.row_keys, lp.row_keys);
    assert_eq!(back.col_cost, lp.col_cost);
    assert_eq!(back.col_lo, lp.col_lo);
    assert_eq!(back.col_hi, lp.col_hi);
    assert_eq!(back.row_lo, lp.row_lo);
    assert_eq!(back.row_hi, lp.row_hi);
    assert_eq!(back.matrix, lp.matrix);
    assert_eq!(back.col_integer, lp.col_integer);

    let want = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    let got = Clp.solve(&back, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &want);
    assert_clean(&back, &got);
    assert_rel(want.objective, 15.0, 1e-9, "original");
    assert_rel(got.objective, 15.0, 1e-9, "read back");
}

#[test]
fn integer_markers_survive_the_round_trip() {
    let mut lp = sample();
    lp.col_integer[1] = true;
    let back = round_trip(&lp);
    assert_eq!(back.col_integer, vec![false, true, false, false]);
    let sol = Cbc.solve(&back, &SolveOptions::default()).unwrap();
    assert_clean(&back, &sol);
    // b = 2 is already integral, so the MIP keeps the LP optimum.
    assert_rel(sol.objective, 15.0, 1e-9, "mip read back");
}
