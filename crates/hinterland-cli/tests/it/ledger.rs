//! `hinterland ledger …` as a user meets it, and its reliability across processes: concurrent
//! writers lose nothing, a process killed (SIGKILL) inside an import leaves the ledger as it
//! was.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn hinterland(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .arg("ledger")
        .arg("--db")
        .arg(db)
        .args(args)
        .env("NO_COLOR", "1")
        .env("USER", "tester")
        .output()
        .expect("hinterland runs")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(crate) fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
}

fn fresh() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("l.sqlite");
    ok(&hinterland(&db, &["init"]));
    (dir, db)
}

fn count(db: impl AsRef<std::ffi::OsStr>) -> usize {
    // `list` prints a header and one CSV record per entry (no field spans lines here).
    ok(&hinterland(db, &["list"])).lines().count() - 1
}

/// A new ledger on a throwaway PostgreSQL server, or `None` (with a notice) without one.
fn fresh_pg() -> Option<(crate::pg_server::Server, String)> {
    let server = crate::pg_server::Server::start(crate::pg_server::available()?);
    let url = server.url();
    ok(&hinterland(&url, &["init"]));
    Some((server, url))
}

const PLEDGE: &[&str] = &[
    "add",
    "pledge",
    "--ref",
    "p1",
    "--date",
    "2024-03-01",
    "--donor",
    "donor A",
    "--commodity",
    "wheat",
    "--quantity-t",
    "100",
    "--to",
    "dakar",
    "--due",
    "2024-04-30",
    "--source",
    "letter 1",
];

#[test]
fn add_status_list_and_verify() {
    let (_dir, db) = fresh();
    assert!(ok(&hinterland(&db, PLEDGE)).contains("recorded pledge `#1`"));
    ok(&hinterland(
        &db,
        &[
            "add",
            "arrival",
            "--pledge",
            "p1",
            "--date",
            "2024-04-10",
            "--quantity-t",
            "60",
            "--source",
            "hn 1",
        ],
    ));
    let status = ok(&hinterland(&db, &["status", "--as-of", "2024-05-10", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&status).expect("JSON");
    let p = &v["pledges"][0];
    // 60 of 100 t delivered, open, due 30 April: 10 days late on 10 May.
    assert_eq!(
        (p["delivered_t"].as_f64(), p["days_late"].as_i64(), p["complete"].as_bool()),
        (Some(60.0), Some(10), Some(false))
    );
    assert_eq!(v["places"][0]["on_hand_t"].as_f64(), Some(60.0));
    let list = ok(&hinterland(&db, &["list"]));
    assert!(
        list.lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("2,arrival,") && l.contains(",hn 1,") && l.contains(",tester,")),
        "{list}"
    );
    assert!(ok(&hinterland(&db, &["verify"])).contains("keeps every invariant"));
    // Distribute more than is there: verify names the entry and exits 1.
    ok(&hinterland(
        &db,
        &[
            "add",
            "distribution",
            "--date",
            "2024-04-11",
            "--from",
            "dakar",
            "--to",
            "kayes",
            "--commodity",
            "wheat",
            "--quantity-t",
            "61",
            "--source",
            "dr",
        ],
    ));
    let out = hinterland(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("entry `#3` leaves `dakar` with `-1` t of `wheat`"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn add_names_the_flag_that_is_wrong() {
    let (_dir, db) = fresh();
    let out = hinterland(
        &db,
        &[
            "add",
            "shipment",
            "--ref",
            "s",
            "--date",
            "2024-03-01",
            "--commodity",
            "wheat",
            "--quantity-t",
            "-3",
            "--from",
            "dakar",
            "--to",
            "atlantis",
            "--source",
            "wb",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error: `--quantity-t`: `-3` must be a finite number, 0 or more"), "{err}");
    let out = hinterland(
        &db,
        &[
            "add",
            "shipment",
            "--ref",
            "s",
            "--date",
            "2024-03-01",
            "--commodity",
            "wheat",
            "--quantity-t",
            "3",
            "--from",
            "dakar",
            "--to",
            "atlantis",
            "--source",
            "wb",
        ],
    );
    let err = text(&out.stderr);
    assert!(err.contains("error: `--to`: `atlantis` is not a place of the scenario\n  help: use an `id` of the scenario's nodes.csv"), "{err}");
    assert!(err.contains("nothing was recorded"));
    assert_eq!(count(&db), 0);
    // No ledger there: exit 1 with the way out.
    let out = hinterland(db.with_extension("none"), &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("create one with `hinterland ledger init`"));
}

#[test]
fn import_is_all_or_nothing_with_located_problems() {
    let (dir, db) = fresh();
    let file = dir.path().join("season.csv");
    std::fs::write(
        &file,
        "kind,ref,date,commodity,quantity_t,to,donor,due,source\n\
         pledge,p1,2024-03-01,wheat,100,dakar,d,2024-04-30,s\n\
         pledge,p2,2024-03-01,wheat,100,dakar,d,2024-04-30,s\n\
         pledge,p3,2024-03-01,sand,100,dakar,d,2024-04-30,s\n",
    )
    .expect("write");
    let out = hinterland(&db, &["import", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("season.csv:4 (record 3) `commodity`: `sand` is not a commodity of the scenario"),
        "{err}"
    );
    assert_eq!(count(&db), 0, "a file with one bad row records nothing");
    std::fs::write(&file, std::fs::read_to_string(&file).expect("read").replace("sand", "wheat"))
        .expect("write");
    assert!(ok(&hinterland(&db, &["import", file.to_str().expect("utf-8")])).contains("recorded 3 entries"));
    assert_eq!(count(&db), 3);
}

/// Several processes add entries at the same time; every one is recorded.
#[test]
fn concurrent_processes_lose_nothing() {
    let (_dir, db) = fresh();
    concurrent(db.to_str().expect("utf-8"));
}

#[test]
fn concurrent_processes_lose_nothing_postgres() {
    if let Some((_server, url)) = fresh_pg() {
        concurrent(&url);
    }
}

fn concurrent(db: &str) {
    let procs = 4;
    let each = 5;
    std::thread::scope(|s| {
        for p in 0..procs {
            s.spawn(move || {
                for i in 0..each {
                    let r = format!("p{p}-{i}");
                    let out = hinterland(
                        db,
                        &[
                            "add",
                            "pledge",
                            "--ref",
                            &r,
                            "--date",
                            "2024-03-01",
                            "--donor",
                            "d",
                            "--amount-usd",
                            "10",
                            "--fund",
                            "un_food",
                            "--due",
                            "2024-04-30",
                            "--source",
                            "s",
                        ],
                    );
                    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
                }
            });
        }
    });
    let v: serde_json::Value =
        serde_json::from_str(&ok(&hinterland(db, &["status", "--as-of", "2024-03-31", "--json"])))
            .expect("JSON");
    assert_eq!(v["pledges"].as_array().map(Vec::len), Some(procs * each));
    assert_eq!(v["funds"][0]["committed_usd"].as_f64(), Some(10.0 * (procs * each) as f64));
}

/// A process killed inside an import's transaction leaves the ledger exactly as before.
#[test]
fn kill_during_import_leaves_the_ledger_as_before() {
    let (dir, db) = fresh();
    let wal = db.with_extension("sqlite-wal");
    // 60,000 movements are about 7 MB of rows: more than SQLite's page cache, so uncommitted
    // pages spill into the WAL before the commit, as a large import's do.
    kill_during_import(dir.path(), db.to_str().expect("utf-8"), 60_000, &|| {
        assert!(
            std::fs::metadata(&wal).is_ok_and(|m| m.len() > 1_000_000),
            "the rows are in the WAL, uncommitted"
        );
    });
}

#[test]
fn kill_during_import_leaves_the_ledger_as_before_postgres() {
    if let Some((_server, url)) = fresh_pg() {
        let dir = tempfile::tempdir().expect("tmp");
        kill_during_import(dir.path(), &url, 20_000, &|| {});
    }
}

/// `holding` checks what the backend shows while the import waits before its commit.
fn kill_during_import(dir: &Path, db: &str, movements: usize, holding: &dyn Fn()) {
    ok(&hinterland(db, PLEDGE));
    let before = ok(&hinterland(db, &["list"]));
    let big = dir.join("big.csv");
    ok(&Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["ledger", "generate", "--movements", &movements.to_string(), "--out"])
        .arg(&big)
        .output()
        .expect("generate"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["ledger", "--db", db])
        .args(["import", "--hold-before-commit"])
        .arg(&big)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("import starts");
    // Wait until every row is inserted and the commit is next, then SIGKILL.
    let stderr = child.stderr.take().expect("stderr");
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).expect("read");
    assert_eq!(line.trim(), "holding", "the import did not reach its commit");
    holding();
    // Readers do not see the uncommitted rows, and are not blocked by the writer.
    assert_eq!(ok(&hinterland(db, &["list"])), before);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), None, "killed by a signal");
    assert_eq!(ok(&hinterland(db, &["list"])), before);
    assert!(ok(&hinterland(db, &["verify"])).contains("(1 entries)"));
    // And the same import, not interrupted, records every row (the movements and the
    // generator's cash pledge) after the one pledge before.
    ok(&hinterland(db, &["import", big.to_str().expect("utf-8")]));
    assert_eq!(count(db), 1 + movements + 1);
}

#[test]
fn backup_and_export_position() {
    let (dir, db) = fresh();
    ok(&hinterland(&db, PLEDGE));
    ok(&hinterland(
        &db,
        &[
            "add",
            "arrival",
            "--pledge",
            "p1",
            "--date",
            "2024-04-10",
            "--quantity-t",
            "100",
            "--source",
            "hn",
        ],
    ));
    ok(&hinterland(
        &db,
        &[
            "add",
            "shipment",
            "--ref",
            "w1",
            "--date",
            "2024-04-12",
            "--commodity",
            "wheat",
            "--quantity-t",
            "30",
            "--from",
            "dakar",
            "--to",
            "wh_bamako",
            "--due",
            "2024-05-02",
            "--source",
            "wb",
        ],
    ));
    let copy = dir.path().join("copy.sqlite");
    ok(&hinterland(&db, &["backup", copy.to_str().expect("utf-8")]));
    assert_eq!(ok(&hinterland(&copy, &["list"])), ok(&hinterland(&db, &["list"])));
    let out = dir.path().join("position");
    ok(&hinterland(
        &db,
        &["export-position", "--as-of", "2024-04-30", "--out", out.to_str().expect("utf-8")],
    ));
    // 100 t handed over at Dakar, 30 t dispatched: 70 t on hand, 30 t due on 2 May (2024-05).
    assert_eq!(
        std::fs::read_to_string(out.join("stocks.csv")).expect("stocks.csv"),
        "node,commodity,quantity_t,source,note\ndakar,wheat,70,ledger,on hand at the end of 2024-04-30\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("pipeline.csv")).expect("pipeline.csv"),
        "id,commodity,quantity_t,node,arrival_period,source,note\nw1,wheat,30,wh_bamako,2024-05,ledger,in transit at the end of 2024-04-30; expected 2024-05-02\n"
    );
}

#[test]
fn mali_example_status() {
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["ledger", "status", "--example", "mali"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    insta::assert_snapshot!(ok(&out));
}

/// `status --plan plan.json` reads the plan's `consumption` rows; a file without them is the
/// user's mistake (exit 1), named.
#[test]
fn status_against_a_plan() {
    let dir = tempfile::tempdir().expect("tmp");
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"consumption": [
            {"district": "kayes", "period": "2024-06", "phase": 3, "commodity": "wheat", "tonnes": 1000.0},
            {"district": "kayes", "period": "2024-07", "phase": 3, "commodity": "wheat", "tonnes": 3100.0}
        ]}"#,
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["ledger", "status", "--example", "mali", "--json", "--plan"])
        .arg(&plan)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_str(&ok(&out)).expect("JSON");
    let kayes = v["districts"]
        .as_array()
        .and_then(|d| d.iter().find(|r| r["district"] == "kayes" && r["commodity"] == "wheat"))
        .expect("kayes wheat");
    // At the end of July both months have passed: 1,000 + 3,100 planned, 2,800 distributed.
    assert_eq!((kayes["planned_t"].as_f64(), kayes["distributed_t"].as_f64()), (Some(4100.0), Some(2800.0)));
    std::fs::write(&plan, "{}").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["ledger", "status", "--example", "mali", "--plan"])
        .arg(&plan)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("has no `consumption` array"), "{}", text(&out.stderr));
}

/// What a user reads when an import has bad rows: every problem located, with a help line.
#[test]
fn import_problems_as_a_user_reads_them() {
    let (dir, _db) = fresh();
    std::fs::write(
        dir.path().join("season.csv"),
        "kind,ref,date,commodity,quantity_t,from,to,donor,due,shipment,source\n\
         pledge,p1,2024-03-01,wheat,100,,dakar,donor,2024-04-30,,letter\n\
         shipment,s1,2024-03-02,wheat,1O0,dakar,wh_bamako,,,,waybill 7\n\
         arrival,,2024-03-05,,10,,,,,s2,grn 9\n\
         distribution,,2024-03-06,wheat,5,wh_bamako,wh_mopti,,,,report\n",
    )
    .expect("write");
    // Rows that parse are then checked against the scenario and the ledger; this file has
    // one row that does not parse, so that is all there is to fix first.
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .current_dir(dir.path())
        .args(["ledger", "--db", "l.sqlite", "import", "season.csv"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("import_parse", text(&out.stderr));
    let fixed = std::fs::read_to_string(dir.path().join("season.csv")).expect("read").replace("1O0", "100");
    std::fs::write(dir.path().join("season.csv"), fixed).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .current_dir(dir.path())
        .args(["ledger", "--db", "l.sqlite", "import", "season.csv"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("import_references", text(&out.stderr));
}

/// `--scenario` takes a workbook as `plan` does: the ids come from the workbook's sheets
/// (WFP Syria's places here), not from the embedded Mali scenario.
#[test]
fn ids_come_from_a_scenario_workbook() {
    let (dir, db) = fresh();
    let book = dir.path().join("syria.xlsx");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/wfp-syria");
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["init", "--from"])
        .arg(&root)
        .arg("--xlsx")
        .arg(&book)
        .output()
        .expect("hinterland runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let shipment = |from: &str, to: &str| {
        let mut args = vec!["--scenario", book.to_str().expect("utf-8 path"), "add", "shipment"];
        args.extend(["--ref", "s", "--date", "2024-03-01", "--commodity", "beans", "--quantity-t", "3"]);
        args.extend(["--from", from, "--to", to, "--source", "wb"]);
        hinterland(&db, &args)
    };
    // Dakar is a place of Mali, not of Syria.
    let out = shipment("dakar", "aleppo");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("`dakar` is not a place of the scenario"), "{}", text(&out.stderr));
    ok(&shipment("amman", "aleppo"));
    assert_eq!(count(&db), 1);
}
