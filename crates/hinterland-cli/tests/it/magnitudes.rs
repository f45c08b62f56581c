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
    let mali = mali_copy("unused-nodes-base", &[]);
    assert_eq!(lp_size(&dir), lp_size(&mali));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&mali).unwrap();
}

/// Issue 26: a commodity that nothing names added a flow column per lane and period, a
/// balance row per node and period, and more. Unused commodities are warned about (`H0517`)
/// and left out: the LP is the one without them. A commodity that one offer names does
/// enlarge the LP, so the LP line would show a commodity that was kept.
#[test]
fn issue_26_unused_commodities_are_warned_about_and_left_out_of_the_lp() {
    let mut rows = String::new();
    for i in 0..60 {
        let _ = writeln!(rows, "item{i},Item {i},other,,,,");
    }
    let dir = mali_copy("unused-commodities", &[Append("commodities.csv", rows)]);
    let (status, err) = run(&["check"], &dir);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(err.matches("[H0517]").count(), 50, "{err}");
    assert!(err.contains("10 more problems in `commodities.csv` not shown"), "{err}");
    let used = mali_copy(
        "one-used-commodity",
        &[
            Append("commodities.csv", "soap,Soap,other,,,,\n".into()),
            Append("markets.csv", "bamako,soap,*,900,50,local,0,,\n".into()),
            Append("demand.csv", "mopti,soap,2024-06,20,,\n".into()),
        ],
    );
    let (status, err) = run(&["check"], &used);
    assert_eq!((status, err.contains("H0517")), (Some(0), false), "{err}");
    let mali = mali_copy("unused-commodities-base", &[]);
    assert_eq!(lp_size(&dir), lp_size(&mali));
    assert_ne!(lp_size(&used), lp_size(&mali));
    for d in [dir, used, mali] {
        std::fs::remove_dir_all(&d).unwrap();
    }
}

/// Issue 26: 100k unused nutrients printed 100,000 warnings. Nutrients that no ration row
/// bounds are warned about (`H0504`, 50 shown) and add nothing to the LP: the LP is Mali's.
#[test]
fn issue_26_unused_nutrients_add_nothing_to_the_lp() {
    let mut rows = String::new();
    for i in 0..200 {
        let _ = writeln!(rows, "trace{i},Trace element {i},mg");
    }
    let dir = mali_copy("unused-nutrients", &[Append("nutrients.csv", rows)]);
    let (status, err) = run(&["check"], &dir);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(err.matches("[H0504]").count(), 50, "{err}");
    assert!(err.contains("150 more problems in `nutrients.csv` not shown"), "{err}");
    let mali = mali_copy("unused-nutrients-base", &[]);
    assert_eq!(lp_size(&dir), lp_size(&mali));
    for d in [dir, mali] {
        std::fs::remove_dir_all(&d).unwrap();
    }
}

/// The `LP ...` line of `plan`'s summary: rows, columns and nonzeros.
fn lp_size(dir: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["plan", "--no-out", "--confirm-limits", "0"])
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    stdout.lines().find(|l| l.trim_start().starts_with("LP ")).expect("an LP line").to_owned()
}

/// Issue 26: values given on the command line get the limits of the scenario files. A
/// finite, positive factor that takes a fund, capacity, price or head count beyond them
/// reached the solver (an `inf` capacity from 500 t × 1e308; a fund of 2e306 US$) and failed
/// there; now it is an input error that names the flag, the edit and what it would make
/// (exit 1), for `compare` and `sweep`, `--grid` included.
#[test]
fn issue_26_huge_values_on_the_command_line_are_input_errors() {
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["compare", "--scale-fund", "un_food=1e300"],
            "--scale-fund `scale-fund:un_food=1e300`",
            "the amount of fund `un_food` `2e306` USD",
        ),
        (&["compare", "--set", "derate-lane:*=1e308"], "--set `derate-lane:*=1e308`", "the capacity of lane"),
        (&["compare", "--set", "scale-needs:*=1e300"], "--set `scale-needs:*=1e300`", "persons"),
        (&["compare", "--set", "set-fund:un_food=1e20"], "--set `set-fund:un_food=1e20`", "USD"),
        (
            &["sweep", "--quiet", "--grid", "scale-fund:un_food=1,1e300"],
            "--grid `scale-fund:un_food=1e300`",
            "the amount of fund `un_food`",
        ),
        (&["sweep", "--quiet", "--set", "scale-supply:*=1e300"], "--set `scale-supply:*=1e300`", "donation"),
    ];
    for (args, flag, what) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hinterland"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}:\n{err}");
        assert!(err.contains("error[H0605]") && err.contains(flag) && err.contains(what), "{args:?}:\n{err}");
        assert!(err.contains("above the largest value in") && err.contains("help: "), "{args:?}:\n{err}");
    }
}
