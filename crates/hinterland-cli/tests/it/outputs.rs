//! `hinterland plan` writes the report files: report.html, plan.geojson, plan.xlsx, and the
//! HTML report again where `--report` says.

use std::path::Path;
use std::process::Command;

fn plan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland")).arg("plan").args(args).output().expect("runs")
}

#[test]
fn plan_writes_the_report_files() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-outputs");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let out = base.join("out");
    let extra = base.join("elsewhere.html");
    let o = plan(&["--quiet", "--out", out.to_str().unwrap(), "--report", extra.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Quiet and not a terminal: no stage lines.
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["report.html", "plan.geojson", "plan.xlsx", "plan.json", "flows.csv", "summary.txt"] {
        assert!(out.join(f).is_file(), "{f} is written");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html, std::fs::read_to_string(&extra).unwrap(), "--report writes the same report");
    assert!(html.contains("<svg id=\"map\"") && html.contains("<summary>SOURCES.md</summary>"));
    assert!(std::fs::read(out.join("plan.xlsx")).unwrap().starts_with(b"PK"), "an XLSX is a zip");
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.geojson")).unwrap()).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("report.html"), "{stdout}");
}

#[test]
fn no_out_with_report_writes_only_the_report() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-report-only");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let file = base.join("r.html");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/wfp-syria");
    let o = plan(&[scenario.to_str().unwrap(), "--no-out", "--report", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("WFP Syria") && html.contains("<summary>README.md</summary>"));
    assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1, "nothing else is written");
}

/// `--jobs` changes how the confirmations run, not what they find: every output file is the
/// same byte for byte with one thread and with two.
#[test]
fn jobs_change_no_output_byte() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-jobs");
    let _ = std::fs::remove_dir_all(&base);
    let folder = |jobs: &str| {
        let out = base.join(format!("j{jobs}"));
        let o = plan(&["--quiet", "--jobs", jobs, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let (one, two) = (folder("1"), folder("2"));
    assert!(one.len() >= 6, "{} files", one.len());
    assert_eq!(one.len(), two.len());
    for ((name, a), (name2, b)) in one.iter().zip(&two) {
        assert_eq!(name, name2);
        assert!(a == b, "{name:?} differs between --jobs 1 and --jobs 2");
    }
}
