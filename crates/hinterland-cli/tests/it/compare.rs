//! `hinterland compare`, `sweep` and `merge` on the embedded Mali scenario and its shipped
//! what-if variants.

use std::path::Path;
use std::process::Command;

fn hinterland(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland")).args(args).output().expect("runs")
}

/// The shipped variants, side by side with the base. No timings are printed, so the table is
/// stable; figures are rounded for people, not raw solver floats.
#[test]
fn compare_table_of_the_shipped_mali_variants() {
    let o = hinterland(&["compare"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    insta::assert_snapshot!(String::from_utf8_lossy(&o.stdout));
}

#[test]
fn compare_json_has_a_difference_per_figure() {
    let o = hinterland(&["compare", "budget-halved", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    let names: Vec<&str> =
        v["scenarios"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["base", "budget-halved"]);
    let served = |i: usize| v["scenarios"][i]["figures"][0]["value"].as_f64().unwrap();
    assert!(served(1) <= served(0), "halving the budget never serves more");
}

/// A variant whose hard commitments no plan can keep (everyone reached) is a best-effort plan:
/// its figures are there, and the JSON lists the commitments it misses and the limits in the
/// way, the same words as the text table; a plan that keeps them misses none.
#[test]
fn compare_json_lists_a_best_effort_variant_s_missed_commitments() {
    let o = hinterland(&["compare", "--set", "set-min-share:*=1", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let [base, all] = [&v["scenarios"][0], &v["scenarios"][1]];
    assert_eq!(base["status"], "optimal");
    assert_eq!(base["missed"].as_array().map(Vec::len), Some(0));
    assert_eq!(all["status"], "missed commitments");
    assert!(!all["figures"].as_array().unwrap().is_empty(), "a best-effort plan has figures");
    let missed: Vec<&str> = all["missed"].as_array().unwrap().iter().filter_map(|m| m.as_str()).collect();
    assert!(
        missed.iter().any(|m| m.starts_with("commitment to serve 100% of phase-3 people in Gao in 2024-07")
            && m.contains("this plan reaches")),
        "{missed:?}"
    );
    assert!(!all["limits"].as_array().unwrap().is_empty(), "{all}");
}

#[test]
fn a_misspelt_edit_is_a_user_error_with_a_suggestion() {
    let o = hinterland(&["compare", "--set", "scale-fund:un_fod=0.5"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean `un_food`?"), "{err}");
}

#[test]
fn sweep_shards_merge_into_the_whole_sweep() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-sweep");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let grid = "scale-fund:un_food=0.5,0.75,1";
    let whole = dir.join("whole.csv");
    let run = |extra: &[&str], out: &Path| {
        let mut args = vec!["sweep", "--quiet", "--grid", grid, "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        let o = hinterland(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&[], &whole);
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    run(&["--shard", "2/2"], &b);
    run(&["--shard", "1/2", "--cold"], &a);
    let o = hinterland(&["merge", b.to_str().unwrap(), a.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let merged = String::from_utf8(o.stdout).unwrap();
    let whole = std::fs::read_to_string(&whole).unwrap();
    assert_eq!(merged.lines().count(), 4);
    // Warm and cold solves reach the same optimum; compare the rounded service column.
    let served = |t: &str| -> Vec<i64> {
        t.lines()
            .skip(1)
            .map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap().round() as i64)
            .collect()
    };
    assert_eq!(served(&merged), served(&whole));
    assert!(served(&whole).windows(2).all(|w| w[0] <= w[1]), "more money never serves fewer");
}

/// A sweep starts each variant's steps from the same steps of the base's plan: far fewer
/// simplex iterations than from scratch (Clp's counts are the same on every run). Starting
/// only the first step from the base's basis once took three times the cold count on Mali
/// (1,827,107 against 597,258 on a 10 × 10 grid): the impartial steps then started far from
/// where they end.
#[test]
fn a_warm_sweep_takes_fewer_iterations_than_a_cold_one() {
    let iterations = |extra: &[&str]| -> u64 {
        let mut args = vec![
            "sweep",
            "-j",
            "1",
            "--grid",
            "scale-fund:un_food=0.6,0.8",
            "--grid",
            "derate-lane:corridor:abidjan=0.6,1",
        ];
        args.extend_from_slice(extra);
        let o = hinterland(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let err = String::from_utf8(o.stderr).unwrap();
        let words: Vec<&str> = err.split_whitespace().collect();
        let i = words.iter().position(|w| *w == "simplex").unwrap_or_else(|| panic!("no count in {err}"));
        words[i - 1].parse().unwrap()
    };
    let (warm, cold) = (iterations(&[]), iterations(&["--cold"]));
    assert!(2 * warm < cold, "warm {warm}, cold {cold}");
}

/// `compare --report FILE`: one self-contained page with a column per scenario and the
/// charts; the 2022 sanctions case has a plan (reduced rations reach the commitments); the
/// same bytes on every run.
#[test]
fn compare_report_is_one_deterministic_self_contained_page() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-compare-report");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let run = |file: &str| {
        let path = dir.join(file);
        let o = hinterland(&["compare", "--report", path.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        (std::fs::read(&path).unwrap(), text)
    };
    let (first, text) = run("a.html");
    let html = String::from_utf8(first.clone()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>Mali 2024 lean season – what-if comparison</h1>"), "title names the base");
    for name in ["base", "dakar-closed", "fuel-blockade", "budget-halved", "short-river"] {
        assert!(html.contains(&format!("<th class=\"n var\">{name}</th>")) || name == "base", "{name}");
        assert!(html.contains(&format!("<h3>{name} <span")), "{name} has a card");
    }
    assert_eq!(html.matches("<th class=\"n var\">").count(), 4, "one column per variant");
    assert!(html.contains("id=\"chart-compare-share\"") && html.contains("id=\"chart-compare-districts\""));
    assert!(
        !html.contains("<span class=\"badge bad\">infeasible</span>"),
        "every shipped variant has a plan"
    );
    assert!(html.contains("Dakar corridor closed as under the 2022 ECOWAS sanctions"));
    for banned in ["<script", "<link", "http://", "https://", "src=", "@import"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(!text.contains("is infeasible"), "{text}");
    let (second, _) = run("b.html");
    assert!(first == second, "two runs write the same bytes");
}

/// `compare` and `sweep` take `--solver` as `plan` does: an unknown solver is rejected with
/// the same message and exit code, and so is HiGHS in a build without it.
#[test]
fn compare_and_sweep_reject_a_solver_as_plan_does() {
    let grid = ["--grid", "scale-fund:un_food=0.5"];
    let mut answers = Vec::new();
    for solver in ["glpk", "highs"] {
        if solver == "highs" && cfg!(feature = "highs") {
            continue;
        }
        let plan = hinterland(&["plan", "--no-out", "--solver", solver]);
        let plan_err = String::from_utf8_lossy(&plan.stderr).into_owned();
        assert_eq!(plan.status.code(), Some(1), "{plan_err}");
        assert!(plan_err.contains(if solver == "glpk" {
            "unknown solver `glpk`"
        } else {
            "without the HiGHS"
        }));
        let compare = hinterland(&["compare", "budget-halved", "--solver", solver]);
        let sweep = hinterland(&[&["sweep", "--quiet", "--solver", solver][..], &grid].concat());
        for o in [compare, sweep] {
            assert_eq!(o.status.code(), Some(1), "{solver}");
            assert_eq!(String::from_utf8_lossy(&o.stderr), plan_err, "{solver}");
            assert!(o.stdout.is_empty(), "nothing solved with {solver}");
        }
        answers.push(solver);
    }
    assert!(!answers.is_empty());
    let o = hinterland(&["sweep", "--quiet", "--algorithm", "simplex", "--grid", "scale-fund:un_food=0.5"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown algorithm `simplex`; use one of auto, dual, primal, barrier"), "{err}");
}

/// `compare --solver cbc` solves with Cbc: the same optimum as Clp, to solver tolerance
/// (the service figures of an LP optimum; the cost at the same service is unique too).
#[test]
fn compare_solves_with_the_solver_asked_for() {
    let figures = |solver: &str| -> Vec<(String, f64)> {
        let o = hinterland(&["compare", "budget-halved", "--json", "--solver", solver]);
        assert!(o.status.success(), "{solver}: {}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["scenarios"][1]["status"], "optimal", "{solver}");
        let headline = |i: usize| -> Vec<(String, f64)> {
            v["scenarios"][i]["figures"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["section"] == "headline")
                .map(|f| (f["key"].as_str().unwrap().to_owned(), f["value"].as_f64().unwrap()))
                .collect()
        };
        [headline(0), headline(1)].concat()
    };
    let (clp, cbc) = (figures("clp"), figures("cbc"));
    assert_eq!(clp.len(), 14, "seven headline figures for each of two scenarios");
    for ((k, a), (l, b)) in clp.iter().zip(&cbc) {
        assert_eq!(k, l);
        assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "{k}: clp {a}, cbc {b}");
    }
}

/// `sweep --solver cbc` plans every variant with Cbc, warm-started from its own base solve,
/// and finds what Clp finds.
#[test]
fn sweep_solves_with_the_solver_asked_for() {
    let run = |solver: &str| -> String {
        let o = hinterland(&["sweep", "--quiet", "--solver", solver, "--grid", "scale-fund:un_food=0.5,1"]);
        assert!(o.status.success(), "{solver}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let served = |t: &str| -> Vec<f64> {
        t.lines().skip(1).map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap()).collect()
    };
    let (clp, cbc) = (run("clp"), run("cbc"));
    assert_eq!(served(&clp).len(), 2);
    for (a, b) in served(&clp).iter().zip(served(&cbc)) {
        assert!((a - b).abs() <= 1e-6 * a.abs(), "clp {a}, cbc {b}");
    }
}
