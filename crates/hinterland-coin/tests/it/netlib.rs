//! Netlib and Kennington instances, read with `read_mps` and solved to their published optima
//! (values from `tests/data/SOURCE.md`; the higher-precision ojAlgo values
//! where it lists them).

use hinterland_coin::{Cbc, Clp, read_mps};
use hinterland_lp::{Algorithm, Sense, SolveOptions, Solver};

use crate::{assert_clean, assert_rel, dual_objective, netlib_dir};

const PUBLISHED: &[(&str, f64)] = &[
    ("AFIRO", -464.753_142_857_142_9),
    ("SC50A", -64.575_077_058_564_49),
    ("SC50B", -70.0),
    ("ADLITTLE", 225_494.963_162_380_36),
    ("BLEND", -30.812_149_846),
    ("SHARE2B", -415.732_240_74),
    ("KEN-07", -6.795_204_433_816_869e8),
];

#[test]
fn netlib_optima_match_published_values() {
    let dir = netlib_dir();
    for &(name, want) in PUBLISHED {
        let lp = read_mps(dir.join(format!("{name}.SIF"))).unwrap();
        assert_eq!(lp.sense, Sense::Minimize, "{name}");
        let sol = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        assert_clean(&lp, &sol);
        assert_rel(sol.objective, want, 1e-6, name);
        // Strong duality on real instances, with the crate's sign convention.
        assert_rel(dual_objective(&lp, &sol) + lp.objective_offset, sol.objective, 1e-6, name);
        println!("{name}: {} in {} iterations", sol.objective, sol.iterations);
    }
}

#[test]
fn netlib_sizes_are_read_correctly() {
    // Row counts exclude the objective row; nonzeros include it (SOURCE.md's table).
    let dir = netlib_dir();
    for (name, rows, cols, nnz_with_obj) in
        [("AFIRO", 27, 32, 88), ("ADLITTLE", 56, 97, 465), ("KEN-07", 2426, 3602, 11981)]
    {
        let lp = read_mps(dir.join(format!("{name}.SIF"))).unwrap();
        assert_eq!((lp.nrows(), lp.ncols()), (rows, cols), "{name}");
        let obj_nnz = lp.col_cost.iter().filter(|&&c| c != 0.0).count();
        assert_eq!(lp.matrix.nnz() + obj_nnz, nnz_with_obj, "{name}");
    }
    let afiro = read_mps(dir.join("AFIRO.SIF")).unwrap();
    assert_eq!(afiro.col_keys[0], "X01");
    assert_eq!(afiro.row_keys[0], "R09");
}

/// The maximum of each objective, as listed in SOURCE.md (a sense-handling check).
#[test]
fn netlib_maxima_match_published_values() {
    let dir = netlib_dir();
    for (name, want) in [("AFIRO", 3438.2921), ("SHARE2B", -265.098_114_444_629_5)] {
        let mut lp = read_mps(dir.join(format!("{name}.SIF"))).unwrap();
        lp.sense = Sense::Maximize;
        let sol = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        assert_clean(&lp, &sol);
        assert_rel(sol.objective, want, 1e-6, name);
        assert_rel(dual_objective(&lp, &sol) + lp.objective_offset, sol.objective, 1e-6, name);
    }
}

#[test]
fn every_algorithm_solves_afiro_and_adlittle() {
    let dir = netlib_dir();
    for (name, want) in [PUBLISHED[0], PUBLISHED[3]] {
        let lp = read_mps(dir.join(format!("{name}.SIF"))).unwrap();
        for algorithm in
            [Algorithm::Automatic, Algorithm::DualSimplex, Algorithm::PrimalSimplex, Algorithm::Barrier]
        {
            let opts = SolveOptions { algorithm, ..SolveOptions::default() };
            let sol = Clp.solve(&lp, &opts).unwrap();
            assert_clean(&lp, &sol);
            assert_rel(sol.objective, want, 1e-6, &format!("{name} {algorithm:?}"));
        }
    }
}

#[test]
fn afiro_through_cbc() {
    let lp = read_mps(netlib_dir().join("AFIRO.SIF")).unwrap();
    // As an LP, Cbc hands it to Clp.
    let sol = Cbc.solve(&lp, &SolveOptions::default()).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, PUBLISHED[0].1, 1e-6, "AFIRO via cbc (lp)");

    // As a MIP through Cbc's branch and cut: mark every column whose LP optimum is already
    // integral as integer. The LP optimum stays feasible, so the MIP optimum equals it.
    let mut mip = lp.clone();
    let mut marked = 0;
    for (j, x) in sol.x.iter().enumerate() {
        if (x - x.round()).abs() < 1e-9 {
            mip.col_integer[j] = true;
            marked += 1;
        }
    }
    assert!(marked > 0);
    let msol = Cbc.solve(&mip, &SolveOptions::default()).unwrap();
    assert_clean(&mip, &msol);
    assert!(msol.solver.starts_with("cbc 2."), "{}", msol.solver);
    assert_rel(msol.objective, PUBLISHED[0].1, 1e-6, "AFIRO via cbc (mip)");
}

/// A Kennington instance the tests above do not use, with its published figures
/// (`tests/data/SOURCE.md`): size, minimum (ojAlgo's value, which agrees with netlib's 8
/// digits) and, where HiGHS confirmed it, the maximum of the same objective.
struct Kennington {
    name: &'static str,
    rows: usize,
    cols: usize,
    nnz_with_obj: usize,
    min: f64,
    max: Option<f64>,
}

const PDS_02: Kennington = Kennington {
    name: "PDS-02",
    rows: 2953,
    cols: 7535,
    nnz_with_obj: 21252,
    min: 2.885_786_201e10,
    max: Some(2.931_365_171e10),
};
// ojAlgo also lists a maximum for PDS-06 (2.931366991E10), but HiGHS did not confirm it.
const PDS_06: Kennington = Kennington {
    name: "PDS-06",
    rows: 9881,
    cols: 28655,
    nnz_with_obj: 82269,
    min: 2.776_103_76e10,
    max: None,
};
const CRE_A: Kennington = Kennington {
    name: "CRE-A",
    rows: 3516,
    cols: 4067,
    nnz_with_obj: 19054,
    min: 2.359_540_706_097_160_7e7,
    max: Some(4.000_288_201_473_081e7),
};
const CRE_C: Kennington = Kennington {
    name: "CRE-C",
    rows: 3068,
    cols: 3678,
    nnz_with_obj: 16922,
    min: 2.527_511_614_088_021_2e7,
    max: Some(3.762_512_696_726_111e7),
};

/// Reads `k` and solves it with Clp both ways: each optimum passes the residual check, equals
/// the published value to 1e-7 (netlib gives 8 digits) and the dual objective (strong duality).
fn solves_to_published_optima(k: &Kennington) {
    let name = k.name;
    let mut lp = read_mps(netlib_dir().join(format!("{name}.SIF"))).unwrap();
    assert_eq!((lp.nrows(), lp.ncols()), (k.rows, k.cols), "{name}");
    let obj_nnz = lp.col_cost.iter().filter(|&&c| c != 0.0).count();
    assert_eq!(lp.matrix.nnz() + obj_nnz, k.nnz_with_obj, "{name}");
    assert_eq!(lp.sense, Sense::Minimize, "{name}");
    let mut goals = vec![(Sense::Minimize, k.min)];
    goals.extend(k.max.map(|max| (Sense::Maximize, max)));
    for (sense, want) in goals {
        lp.sense = sense;
        let what = format!("{name} {sense:?}");
        let sol = Clp.solve(&lp, &SolveOptions::default()).unwrap();
        assert_clean(&lp, &sol);
        assert_rel(sol.objective, want, 1e-7, &what);
        assert_rel(dual_objective(&lp, &sol) + lp.objective_offset, sol.objective, 1e-7, &what);
    }
}

#[test]
fn pds_02_solves_to_its_published_optima() {
    solves_to_published_optima(&PDS_02);
}

#[test]
fn pds_06_solves_to_its_published_optimum() {
    solves_to_published_optima(&PDS_06);
}

#[test]
fn cre_a_solves_to_its_published_optima() {
    solves_to_published_optima(&CRE_A);
}

#[test]
fn cre_c_solves_to_its_published_optima() {
    solves_to_published_optima(&CRE_C);
}
