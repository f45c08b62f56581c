//! Numbers no solver can handle are input errors at their cell (exit 1), never solver
//! internals or an internal error (exit 2); nodes that nothing uses stay out of the LP
//! (issue 26).

use std::fmt::Write as _;

use crate::every_code::{Append, Replace, mali_copy, run};

/// Issue 26's reproductions: each was accepted by `check`; `plan` failed with solver
/// internals (`col_lo[9835]` is NaN, exit 2), a false "infeasible" or a false blame on
/// `min_share`.
#[test]
fn issue_26_huge_numbers_are_located_input_errors() {
    let cases = [
        ("people", Replace("needs.csv", ",120236,3,", ",1e15,3,"), "needs.csv:", "`people` is `1e15`"),
        ("people-300", Replace("needs.csv", ",120236,3,", ",1e300,3,"), "needs.csv:", "`people` is `1e300`"),
        ("supply", Replace("supply.csv", ",25000,", ",1e308,"), "supply.csv:", "`quantity_t` is `1e308`"),
        ("lane-cost", Replace("lanes.csv", ",40.57,", ",1e20,"), "lanes.csv:2", "`cost_usd_per_t` is `1e20`"),
        (
            "phase-weight",
            Replace(
                "scenario.toml",
                "phase_weights = [0.25, 0.5, 1.0, 2.0, 4.0]",
                "phase_weights = [0.25, 0.5, 1e300, 2.0, 4.0]",
            ),
            "scenario.toml:",
            "`objective.phase_weights` is `1e300`",
        ),
        (
            "weights-0",
            Replace(
                "scenario.toml",
                "phase_weights = [0.25, 0.5, 1.0, 2.0, 4.0]",
                "phase_weights = [0, 0, 0, 0, 0]",
            ),
            "scenario.toml:",
            "are all 0",
        ),
    ];
    for (name, change, at, what) in cases {
        let dir = mali_copy(&format!("magnitude-{name}"), &[change]);
        for command in [&["check"][..], &["plan", "--no-out", "--quiet"][..]] {
            let (status, err) = run(command, &dir);
            assert_eq!(status, Some(1), "{name}, {command:?}:\n{err}");
            assert!(
                err.contains("[H0213]") && err.contains(at) && err.contains(what),
                "{name}, {command:?}:\n{err}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Numbers each within its range can still make an LP no solver can take: a nutrient
/// content of 1e-9 kcal per 100 g against a floor of 1e6 kcal gives matrix coefficients more
/// than 1e12 apart, which the scale check reports with the rows and columns that hold them
/// (exit 1).
#[test]
fn issue_26_an_lp_out_of_scale_is_refused_in_the_scenarios_terms() {
    let dir = mali_copy(
        "scale",
        &[
            Replace("nutrient_content.csv", "wheat,energy,330,", "wheat,energy,1e-9,"),
            Replace("ration.csv", "nutrient,energy,2100,", "nutrient,energy,1e6,"),
        ],
    );
    let (status, err) = run(&["check"], &dir);
    assert_eq!(status, Some(0), "each number is within its range:\n{err}");
    let (status, err) = run(&["plan", "--no-out", "--quiet"], &dir);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("beyond what the solver can handle"), "{err}");
    assert!(err.contains("commodity=wheat"), "the extreme is named:\n{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 26: each unconnected node added 156 empty LP rows (50k took 80 s and 6.3 GB).
/// Unused nodes are warned about (50 shown, the rest counted) and left out: the LP is the
/// one without them.
#[test]
fn issue_26_unused_nodes_are_warned_about_and_left_out_of_the_lp() {
    let mut rows = String::new();
    for i in 0..2000 {
        let _ = writeln!(rows, "wh{i},Warehouse {i},warehouse,12.6,-8.0,ML,,,,,,");
    }
    let dir = mali_copy("unused-nodes", &[Append("nodes.csv", rows)]);
    let (status, err) = run(&["check"], &dir);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(err.matches("[H0512]").count(), 50, "{err}");
    assert!(err.contains("1950 more problems in `nodes.csv` not shown"), "{err}");
    let lp_size = |dir: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hinterland"))
            .args(["plan", "--no-out", "--confirm-limits", "0"])
            .arg(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        stdout.lines().find(|l| l.trim_start().starts_with("LP ")).expect("an LP line").to_owned()
    };
    let mali = mali_copy("unused-nodes-base", &[]);
    assert_eq!(lp_size(&dir), lp_size(&mali));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&mali).unwrap();
}
