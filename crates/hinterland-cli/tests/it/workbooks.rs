//! Scenario workbooks on the command line: `init --xlsx`, `init --from`, `plan` and `check`
//! of a `.xlsx` file. A folder turned into a workbook and back plans to the same bytes.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hinterland_io::{ScenarioSource, column_letters, write_workbook};

use crate::determinism::files;

fn hinterland(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh temporary folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hinterland-xlsx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Folder → workbook → folder: both folders, planned under the same name (`scen`, so that the
/// plan's `origin` is the same), write the same output files (plan.json, the CSV tables, the
/// summary, report, XLSX and GeoJSON), byte for byte; planning the workbook itself gives the same CSV tables, and plan.json differs only in
/// its `origin`.
fn plans_the_same(name: &str) {
    let base = scratch(name);
    let (a, b) = (base.join("a"), base.join("b"));
    std::fs::create_dir_all(a.join("scen")).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for entry in std::fs::read_dir(repo().join("scenarios").join(name)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, a.join("scen").join(path.file_name().unwrap())).unwrap();
    }
    ok(&hinterland(&base, &["init", "--from", "a/scen", "--xlsx", "scen.xlsx"]));
    ok(&hinterland(&base, &["init", "b/scen", "--from", "scen.xlsx"]));
    for dir in [&a, &b] {
        ok(&hinterland(dir, &["plan", "scen", "--quiet", "--out", "out"]));
    }
    ok(&hinterland(&base, &["plan", "scen.xlsx", "--quiet", "--out", "out"]));
    let (from_folder, round_trip, from_book) =
        (files(&a.join("out")), files(&b.join("out")), files(&base.join("out")));
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&from_folder), names(&round_trip));
    assert!(from_folder.len() >= 15, "plan.json, summary, report, XLSX, GeoJSON and the CSV tables");
    for ((file, x), (_, y)) in from_folder.iter().zip(&round_trip) {
        assert!(x == y, "{name}: {file} differs after folder → workbook → folder");
    }
    let is_csv = |f: &str| Path::new(f).extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    for ((file, x), (_, y)) in from_folder.iter().zip(&from_book) {
        if is_csv(file) {
            assert!(x == y, "{name}: {file} differs when the workbook is planned");
        }
    }
    let json = |files: &[(String, Vec<u8>)]| {
        let (_, bytes) = files.iter().find(|(n, _)| n == "plan.json").expect("plan.json");
        let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let origin = v.get_mut("scenario").and_then(|s| s.get_mut("origin"));
        *origin.expect("plan.json names its origin") = serde_json::Value::Null;
        v
    };
    assert_eq!(json(&from_folder), json(&from_book), "{name}: plan.json of the workbook");
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn mali_2024_plans_the_same_from_a_workbook() {
    plans_the_same("mali-2024");
}

#[test]
fn wfp_syria_plans_the_same_from_a_workbook() {
    plans_the_same("wfp-syria");
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn init_xlsx_writes_the_mali_scenario_as_a_workbook() {
    let base = scratch("init");
    let said = ok(&hinterland(&base, &["init", "--xlsx", "mali.xlsx"]));
    assert!(said.contains("wrote the Mali 2024 scenario to `mali.xlsx`"), "{said}");
    // Nothing but the workbook: its temporary file was renamed.
    let names: Vec<String> = files(&base).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["mali.xlsx"]);
    let bytes = std::fs::read(base.join("mali.xlsx")).unwrap();
    let book = hinterland_io::read_workbook(&bytes, "mali.xlsx").expect("calamine reads it");
    let embedded = ScenarioSource::from_dir(repo().join("scenarios/mali-2024")).unwrap();
    assert_eq!(book.files().count(), embedded.files().count(), "every table and the settings");
    assert_eq!(book.documents().count(), 3, "README, SOURCES and ASSUMPTIONS");
    // The workbook's parts: README, settings, nodes, commodities, nutrients, lanes (sheet6).
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains(r#"<sheet name="README" sheetId="1""#), "{workbook}");
    let lanes = part(&bytes, "xl/worksheets/sheet6.xml");
    assert!(lanes.contains("<formula1>nodes!$A$2:$A$1048576</formula1>"), "ids of nodes");
    assert!(lanes.contains(r#"<formula1>"road,rail,river,sea,air"</formula1>"#), "modes");
    let nodes = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(nodes.contains(r#"<formula1>"port,border,hub,warehouse,market,district"</formula1>"#), "kinds");

    // check reads it like the folder.
    let valid = ok(&hinterland(&base, &["check", "mali.xlsx"]));
    let folder = ok(&hinterland(&repo(), &["check", "scenarios/mali-2024"]));
    let counts = |s: &str| s.split_once(" is valid: ").map(|(_, rest)| rest.to_owned());
    assert_eq!(counts(&valid), counts(&folder), "{valid}");

    // compare takes the workbook as its base, and its declared variants with it.
    let compared = ok(&hinterland(&base, &["compare", "mali.xlsx", "budget-halved"]));
    assert!(compared.contains("budget-halved"), "{compared}");

    // An existing file is never replaced.
    let out = hinterland(&base, &["init", "--xlsx", "mali.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`mali.xlsx` already exists"));
    assert_eq!(std::fs::read(base.join("mali.xlsx")).unwrap(), bytes);
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn check_names_the_sheet_and_cell_of_a_bad_workbook() {
    let base = scratch("bad");
    let mut source = ScenarioSource::from_dir(repo().join("scenarios/mali-2024")).unwrap();
    let lanes = source.file("lanes.csv").unwrap().to_owned();
    let header: Vec<&str> = lanes.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|c| *c == "cost_usd_per_t").expect("a cost column");
    // The first record's cost becomes text; the lane's row in the sheet is its line.
    let (line, record) = lanes.lines().enumerate().find(|(i, l)| *i > 0 && !l.starts_with('#')).unwrap();
    let mut cells: Vec<&str> = record.split(',').collect();
    cells[col] = "ninety";
    let edited = lanes.replacen(record, &cells.join(","), 1);
    source.set_file("lanes.csv", edited);
    std::fs::write(base.join("bad.xlsx"), write_workbook(&source).unwrap()).unwrap();

    let out = hinterland(&base, &["check", "bad.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let cell = format!("lanes!{}{}", column_letters(col as u32), line + 1);
    assert!(err.contains(&format!("error[H0202]: {cell}, field `cost_usd_per_t`")), "{cell} in:\n{err}");
    assert!(err.contains("`ninety`"), "{err}");
    assert!(err.contains("`bad.xlsx` is invalid"), "{err}");
    // plan refuses it and writes nothing.
    let out = hinterland(&base, &["plan", "bad.xlsx", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!base.join("out").exists());

    // A file that is not a workbook is the user's input, not an internal failure.
    std::fs::write(base.join("text.xlsx"), "id,name\n").unwrap();
    let out = hinterland(&base, &["check", "text.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`text.xlsx` is not an XLSX workbook"));
    std::fs::remove_dir_all(&base).unwrap();
}
