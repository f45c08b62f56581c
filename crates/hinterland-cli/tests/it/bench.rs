//! What `bench/run` relies on: `hinterland generate` writes a scenario that plans, `plan
//! --write-mps` exports an LP that Clp reads back to the same optimum, `plan --timings`
//! writes its stage times.

use std::path::{Path, PathBuf};
use std::process::Command;

use hinterland_lp::{SolveOptions, Solver};

fn hinterland(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland")).args(args).output().expect("runs")
}

/// A fresh `TMPDIR/name` holding a generated six-district country in `country/`.
fn generated(name: &str, seed: &str) -> (PathBuf, PathBuf) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let dir = base.join("country");
    let o = hinterland(&["generate", dir.to_str().unwrap(), "--districts", "6", "--seed", seed]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("expected LP:"));
    (base, dir)
}

/// Plans `dir` (`--json --confirm-limits 0 --write-mps mps`, plus `extra`), checks that its
/// first solve was `goal`, and that Clp reads the exported MPS back to that solve's optimum.
/// Returns the LP read.
fn plan_and_solve_its_mps(
    dir: &Path,
    mps: &Path,
    goal: &str,
    extra: &[&str],
) -> hinterland_lp::Lp<String, String> {
    let mut args =
        vec!["plan", dir.to_str().unwrap(), "--quiet", "--no-out", "--json", "--confirm-limits", "0"];
    args.extend(["--write-mps", mps.to_str().unwrap()]);
    args.extend(extra);
    let o = hinterland(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(plan["solver"][0]["goal"], goal);
    let optimum = plan["solver"][0]["objective"].as_f64().unwrap();
    let lp = hinterland_coin::read_mps(mps).expect("Clp reads the exported MPS");
    let sol = hinterland_coin::Clp.solve(&lp, &SolveOptions::default()).unwrap();
    assert_eq!(sol.status, hinterland_lp::Status::Optimal);
    let rel = (sol.objective - optimum).abs() / optimum.abs().max(1.0);
    assert!(rel < 1e-6, "MPS optimum {} against plan's {goal} optimum {optimum}", sol.objective);
    lp
}

/// Issue 5: the generated scenarios have two `needs.csv` rows for the same district, period
/// and phase (a year-round caseload and a lean-season one), so two `served[...]` columns had
/// one MPS name; Clp rejected the file and HiGHS merged the columns into a different LP.
#[test]
fn issue_5_write_mps_names_are_unique_and_the_lp_round_trips() {
    let (base, dir) = generated("cli-bench", "3");
    let needs = std::fs::read_to_string(dir.join("needs.csv")).unwrap();
    assert!(needs.lines().filter(|l| l.starts_with("d_0,") && l.ends_with(",3,0")).count() >= 2);

    let mps = base.join("step1.mps");
    let timings = base.join("timings.json");
    let lp = plan_and_solve_its_mps(&dir, &mps, "service", &["--timings", timings.to_str().unwrap()]);

    let t: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&timings).unwrap()).unwrap();
    for stage in ["read", "validate", "build", "solve", "verify", "write", "total"] {
        assert!(t[stage].as_f64().is_some_and(|v| v >= 0.0), "{stage} in {t}");
    }
    assert_eq!(t["columns"].as_u64(), Some(lp.ncols() as u64));
    assert_eq!(t["steps"][0]["status"], "optimal");
    assert!(t["threads"].as_u64().is_some_and(|n| n >= 1), "{t}");
    if cfg!(target_os = "linux") {
        // The LP alone is tens of kilobytes; a process holding it cannot peak under 1 MB.
        assert!(t["peak_rss_kb"].as_u64().is_some_and(|kb| kb > 1024), "{t}");
    }
}

/// A solve stopped by `--time-limit` writes no plan but still writes its timings (a
/// benchmark stopped at a limit must show where the time went) and exits 1.
#[test]
fn timings_are_written_when_the_solver_stops() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-stopped");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let timings = base.join("timings.json");
    let o = hinterland(&[
        "plan",
        "--quiet",
        "--no-out",
        "--time-limit",
        "0",
        "--timings",
        timings.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("stopped"));
    let t: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&timings).unwrap()).unwrap();
    assert_eq!(t["steps"][0]["status"], "stopped_time_limit", "{t}");
    assert!(t["build"].as_f64().is_some_and(|v| v > 0.0), "{t}");
}

/// `bench/run` exports each generated LP without solving it (at 1M columns a solve is an
/// hour): `--no-solve` writes the MPS file and nothing else.
#[test]
fn write_mps_without_solving() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-no-solve");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let mps = base.join("mali.mps");
    let out = base.join("out");
    let o = hinterland(&[
        "plan",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
        "--write-mps",
        mps.to_str().unwrap(),
        "--no-solve",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty(), "no summary without a solve: {}", String::from_utf8_lossy(&o.stdout));
    assert!(!out.exists(), "no output folder without a solve");
    let names: Vec<_> = std::fs::read_dir(&base).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("mali.mps")], "no `.partial` file is left behind");
    let lp = hinterland_coin::read_mps(&mps).expect("Clp reads the exported MPS");
    assert!(lp.ncols() > 1000, "the Mali LP has {} columns", lp.ncols());

    // `--no-solve` alone would do nothing: a usage error (exit 1), not a silent success.
    let o = hinterland(&["plan", "--quiet", "--no-out", "--no-solve"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--write-mps"));
}

/// A weighted scenario solves one LP, and `--write-mps` exports that LP (not the service
/// step it never solves): Clp reads it back to `plan`'s weighted optimum.
#[test]
fn write_mps_exports_the_weighted_lp_of_a_weighted_scenario() {
    let (base, dir) = generated("cli-weighted-mps", "5");
    let toml = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
    assert!(toml.contains("method = \"lexicographic\""), "{toml}");
    let toml =
        toml.replace("method = \"lexicographic\"", "method = \"weighted\"\nvalue_usd_per_person_day = 5.0");
    std::fs::write(dir.join("scenario.toml"), toml).unwrap();
    plan_and_solve_its_mps(&dir, &base.join("weighted.mps"), "weighted", &[]);
}

/// `--write-mps` into a pipe streams the LP into it; it used to write `PATH.partial` and
/// rename it onto the path, which replaced a FIFO (or `/dev/null`) with a plain file.
#[cfg(unix)]
#[test]
fn write_mps_into_a_fifo_streams_and_leaves_the_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let (base, dir) = generated("cli-mps-fifo", "7");
    let fifo = base.join("lp.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("reads the FIFO"))
    };
    let o = hinterland(&[
        "plan",
        dir.to_str().unwrap(),
        "--quiet",
        "--write-mps",
        fifo.to_str().unwrap(),
        "--no-solve",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Checked before joining: had the FIFO been replaced, the reader would wait forever.
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
    assert!(!base.join("lp.fifo.partial").exists());
    let text = reader.join().unwrap();
    assert!(text.starts_with("NAME "), "{}", &text[..text.len().min(200)]);
    assert_eq!(text.lines().last(), Some("ENDATA"));
}

/// `--timings` lists each confirmation re-solve: the service and cost series each raise the
/// same limits, in the same order, and the re-solves add up to the `confirm` step.
#[test]
fn timings_list_each_confirmation_re_solve() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-resolves");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let timings = base.join("timings.json");
    let o = hinterland(&["plan", "--quiet", "--no-out", "-j", "1", "--timings", timings.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&timings).unwrap()).unwrap();
    let steps = t["steps"].as_array().unwrap();
    let confirm = steps.iter().find(|s| s["goal"] == "confirm").expect("a confirm step");
    let resolves = confirm["resolves"].as_array().expect("its re-solves");
    let limits = |series: &str| -> Vec<&str> {
        resolves.iter().filter(|r| r["series"] == series).filter_map(|r| r["limit"].as_str()).collect()
    };
    let (gained, saved) = (limits("service"), limits("cost"));
    // The 12 largest by service, then the 12 largest by saving not among them.
    assert!((12..=24).contains(&gained.len()), "{gained:?}");
    assert_eq!(gained, saved);
    assert!(gained.iter().all(|l| !l.is_empty()), "{gained:?}");
    for r in resolves {
        assert!(["service", "cost"].contains(&r["series"].as_str().unwrap()), "{r}");
        assert!(["mark", "last", "probe", "basis"].contains(&r["start"].as_str().unwrap()), "{r}");
        assert_eq!(r["status"], "optimal", "{r}");
        assert!(r["seconds"].as_f64().is_some_and(|s| s >= 0.0), "{r}");
    }
    let sum: u64 = resolves.iter().map(|r| r["iterations"].as_u64().unwrap()).sum();
    assert_eq!(confirm["iterations"].as_u64(), Some(sum));
    // Many re-solves, no one solver status; the plan's own steps have theirs.
    assert!(confirm["status"].is_null(), "{confirm}");
    assert!(steps.iter().filter(|s| s["goal"] != "confirm").all(|s| s["status"] == "optimal"), "{t}");
    // Only the confirmations list re-solves.
    assert!(steps.iter().filter(|s| s["goal"] != "confirm").all(|s| s.get("resolves").is_none()), "{t}");
}
