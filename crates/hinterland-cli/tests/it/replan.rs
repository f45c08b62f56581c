//! `hinterland plan --ledger DB --as-of DATE`: the re-plan from actuals as a new user meets it
//! (docs/ledger.md, "Re-planning from the ledger"), on SQLite and PostgreSQL, and what it
//! refuses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::ledger::{ok, text};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("USER", "tester")
        .output()
        .expect("hinterland runs")
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "stdout: {}\nstderr: {}", text(&out.stdout), text(&out.stderr));
    text(&out.stderr)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn example_entries() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024-ledger/entries.csv")
}

fn json(file: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(file).expect("the file")).expect("JSON")
}

/// The acceptance path of issue 29 on the ledger at `db`: import the Mali example, read its
/// status (the wheat pledge delivered, the UN money spent and left), re-plan mid-season.
fn issue_29_acceptance(db: &str, dir: &Path) {
    ok(&run(&["ledger", "--db", db, "init"]));
    ok(&run(&["ledger", "--db", db, "import", path(&example_entries())]));
    let status = ok(&run(&["ledger", "--db", db, "status", "--as-of", "2024-07-31"]));
    assert!(
        status.contains("25,000 t wheat at dakar, due 2024-04-30: delivered 25,000 t (100%)"),
        "{status}"
    );
    assert!(status.contains("spent    1,413,250   left      586,750"), "{status}");

    let position = dir.join("position");
    ok(&run(&["ledger", "--db", db, "export-position", "--as-of", "2024-07-31", "--out", path(&position)]));
    let out = dir.join("replan");
    let summary = ok(&run(&["plan", "--ledger", db, "--as-of", "2024-07-31", "--out", path(&out), "-q"]));
    assert!(
        summary.contains("starts from the ledger as of 2024-07-31: the horizon begins in 2024-08 (5 past period(s) dropped)"),
        "{summary}"
    );
    assert!(
        summary.contains("fund un_food: US$ 2,000,000 − 1,413,250 spent = 586,750 left to plan with"),
        "{summary}"
    );
    assert!(
        summary.contains("pledge wheat_pledge: 25,000 of 25,000 t delivered, 20 day(s) late"),
        "{summary}"
    );

    let plan = json(&out.join("plan.json"));
    // The horizon starts at the as-of period: the day after 31 July is in August.
    assert_eq!(plan["scenario"]["periods"][0], "2024-08");
    assert_eq!(plan["ledger"]["first_period"], "2024-08");
    assert_eq!(plan["ledger"]["as_of"], "2024-07-31");
    // The re-plan's opening stock, as the plan holds it (its pipeline view: what is on hand at
    // each place at the start of August), is the ledger's position, row for row.
    let mut ledger_stock: BTreeMap<(String, String), f64> = BTreeMap::new();
    let stocks = std::fs::read_to_string(position.join("stocks.csv")).expect("stocks.csv");
    for line in stocks.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        ledger_stock.insert((f[0].to_owned(), f[1].to_owned()), f[2].parse().expect("a number"));
    }
    assert_eq!(ledger_stock.len(), 7, "{stocks}");
    let rows = plan["pipeline"]["rows"].as_array().expect("pipeline rows");
    let opening: BTreeMap<(String, String), f64> = rows
        .iter()
        .filter(|r| r["period"] == "2024-08" && r["place"] != "national")
        .filter_map(|r| {
            let t = r["opening_t"].as_f64().filter(|t| *t > 0.0)?;
            Some(((r["place"].as_str()?.to_owned(), r["commodity"].as_str()?.to_owned()), t))
        })
        .collect();
    assert_eq!(opening, ledger_stock);
    // The plan's budget for un_food is what the ledger left: 2,000,000 − 1,413,250.
    let un =
        plan["funds"].as_array().and_then(|f| f.iter().find(|x| x["fund"] == "un_food")).expect("un_food");
    assert_eq!(un["amount_usd"], 586_750.0);
    // The wheat donation was handed over in full: the plan has none of it left to use.
    assert!(
        plan["donations"].as_array().is_some_and(|d| d.iter().all(|x| x["donation"] != "wheat_donation"))
    );
    // The shipments in transit arrive in August: w-003 at Mopti, w-004 at Gao (2,000 t each).
    let pipeline = std::fs::read_to_string(position.join("pipeline.csv")).expect("pipeline.csv");
    assert_eq!(plan["ledger"]["pipeline"].as_array().map(Vec::len), Some(pipeline.lines().count() - 1));
    assert!(
        std::fs::read_to_string(out.join("report.html"))
            .expect("report")
            .contains("From the ledger as of 2024-07-31")
    );
}

#[test]
fn issue_29_mid_season_replan_from_the_mali_ledger() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("season.sqlite");
    issue_29_acceptance(path(&db), dir.path());
}

#[test]
fn issue_29_mid_season_replan_from_the_mali_ledger_postgres() {
    let Some(server) = crate::pg_server::available().map(crate::pg_server::Server::start) else { return };
    let dir = tempfile::tempdir().expect("tmp");
    issue_29_acceptance(&server.url(), dir.path());
}

/// The variance against a plan.json given with `--against` is the variance against the
/// scenario planned from its start, recomputed: the same plan either way.
#[test]
fn variance_against_a_plan_file_or_recomputed() {
    let dir = tempfile::tempdir().expect("tmp");
    let base = dir.path().join("base");
    ok(&run(&["plan", "--out", path(&base), "-q", "--confirm-limits", "0"]));
    let against = dir.path().join("against");
    let file = base.join("plan.json");
    ok(&run(&["plan", "--ledger-example", "mali", "--against", path(&file), "--out", path(&against), "-q"]));
    let recomputed = dir.path().join("recomputed");
    ok(&run(&["plan", "--ledger-example", "mali", "--out", path(&recomputed), "-q"]));
    let (a, r) = (json(&against.join("plan.json")), json(&recomputed.join("plan.json")));
    assert_eq!(a["ledger"]["variance"]["against"], path(&file));
    assert_eq!(r["ledger"]["variance"]["against"], "the scenario planned from its start");
    for key in ["districts", "pledges", "corridors", "planned_person_days", "served_person_days"] {
        assert_eq!(a["ledger"]["variance"][key], r["ledger"]["variance"][key], "{key}");
    }
    // Kayes in June: the ledger's 100,000 people (wheat and cowpeas to the same people) × 30 days.
    let kayes = a["ledger"]["variance"]["districts"]
        .as_array()
        .and_then(|d| d.iter().find(|x| x["district"] == "kayes" && x["period"] == "2024-06"))
        .expect("kayes in June");
    assert_eq!(kayes["served_person_days"], 3_000_000.0);
}

#[test]
fn replan_refuses_what_it_cannot_use() {
    let dir = tempfile::tempdir().expect("tmp");
    // The day after 28 February 2025 is after the horizon.
    let err = refused(&run(&["plan", "--ledger-example", "mali", "--as-of", "2025-02-28", "--no-out", "-q"]));
    assert!(
        err.contains("`--as-of`: `2025-02-28` is outside the scenario's horizon (2024-02-29 to 2025-02-27)"),
        "{err}"
    );
    let err = refused(&run(&["plan", "--ledger-example", "mali", "--as-of", "31/07/2024", "--no-out", "-q"]));
    assert!(err.contains("`--as-of`: `31/07/2024` is not a date"), "{err}");
    let err = refused(&run(&["plan", "--as-of", "2024-07-31", "--no-out", "-q"]));
    assert!(err.contains("add `--ledger DB`"), "{err}");
    let db = dir.path().join("l.sqlite");
    let err = refused(&run(&["plan", "--ledger", path(&db), "--no-out", "-q"]));
    assert!(err.contains("`--ledger` needs `--as-of`"), "{err}");
    let not_a_plan = dir.path().join("x.json");
    std::fs::write(&not_a_plan, "{}").expect("write");
    let err = refused(&run(&[
        "plan",
        "--ledger-example",
        "mali",
        "--against",
        path(&not_a_plan),
        "--no-out",
        "-q",
    ]));
    assert!(err.contains("has no `needs` array"), "{err}");

    // A scenario whose fund has another name than the ledger's: each entry naming the
    // ledger's is located by its number.
    let scenario = dir.path().join("scenario");
    ok(&run(&["init", path(&scenario)]));
    for file in ["funds.csv", "scenario.toml"] {
        let text = std::fs::read_to_string(scenario.join(file)).expect("the file");
        std::fs::write(scenario.join(file), text.replace("un_food", "un_money")).expect("write");
    }
    let err = refused(&run(&["plan", path(&scenario), "--ledger-example", "mali", "--no-out", "-q"]));
    assert!(
        err.contains("error: ledger entry `#2`, `fund`: `un_food` is not a fund of the scenario"),
        "{err}"
    );
    assert!(
        err.contains("6 ledger entry(ies) name something the scenario does not know; nothing was planned"),
        "{err}"
    );

    // A ledger that breaks an invariant by the as-of date is refused with the violations.
    ok(&run(&["ledger", "--db", path(&db), "init"]));
    ok(&run(&["ledger", "--db", path(&db), "import", path(&example_entries())]));
    ok(&run(&[
        "ledger",
        "--db",
        path(&db),
        "add",
        "distribution",
        "--date",
        "2024-07-02",
        "--commodity",
        "wheat",
        "--quantity-t",
        "99999",
        "--from",
        "wh_mopti",
        "--to",
        "mopti",
        "--source",
        "typo",
    ]));
    let err = refused(&run(&["plan", "--ledger", path(&db), "--as-of", "2024-07-31", "--no-out", "-q"]));
    assert!(err.contains("error: violation: entry `#29` leaves `wh_mopti` with"), "{err}");
    assert!(err.contains("help: correct the entries with reversals"), "{err}");
    // Before the bad entry, the ledger holds: a re-plan as of June, with a warning.
    let out = run(&["plan", "--ledger", path(&db), "--as-of", "2024-06-30", "--no-out", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("warning: 1 entry(ies) dated after the as-of date break an invariant")
    );
}
