//! Issue 24, "honest defaults": rows that can never influence the plan are warned about
//! (`H0510`) by `check` and `plan`, which still succeed, and the summary says why such
//! demand is not delivered.

use std::path::{Path, PathBuf};
use std::process::Command;

fn hinterland() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hinterland"));
    c.env("NO_COLOR", "1");
    c
}

/// A copy of the Mali scenario in a fresh folder under the target directory, with one row of
/// each kind that can never influence the plan.
fn mali_with_rows_of_no_effect() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-no-effect");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mali = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024");
    for entry in std::fs::read_dir(mali).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let edit = |file: &str, change: &dyn Fn(&str) -> String| {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let changed: String = text.lines().map(|l| change(l) + "\n").collect();
        assert_ne!(changed, text, "{file} is changed");
        std::fs::write(dir.join(file), changed).unwrap();
    };
    // Urea at Sikasso (line 5) gets a weight of 0; the other rows keep the default weight.
    edit("demand.csv", &|l| match l {
        l if l.starts_with("node,") => format!("{l},weight_per_t"),
        l if l.starts_with("sikasso,urea,") => format!("{l},0"),
        l => format!("{l},"),
    });
    // The sugar limit (line 12) loses its cap, so it has no bound.
    edit("ration.csv", &|l| match l.strip_prefix("group,sugar,0,20,") {
        Some(rest) => format!("group,sugar,0,,{rest}"),
        None => l.to_owned(),
    });
    // Cement, which nothing asks for, on sale in Bamako (line 30).
    edit("commodities.csv", &|l| {
        if l.starts_with("diesel,") { format!("{l}\ncement,Cement,other,,,,") } else { l.to_owned() }
    });
    edit("markets.csv", &|l| {
        if l.starts_with("bamako,diesel,2024-10..") {
            format!("{l}\nbamako,cement,*,150,inf,commercial,0,,")
        } else {
            l.to_owned()
        }
    });
    dir
}

#[test]
fn issue_24_check_and_plan_warn_about_rows_of_no_effect_and_succeed() {
    let dir = mali_with_rows_of_no_effect();
    let out = hinterland().arg("check").arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "warnings only:\n{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("is valid"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("(3 warning(s))"), "{err}");
    for at in [
        "warning[H0510]: demand.csv:5, field `weight_per_t`",
        "warning[H0510]: ration.csv:12, field `min_per_person_day`",
        "warning[H0510]: markets.csv:30, field `commodity`",
    ] {
        assert!(err.contains(at), "no `{at}` in:\n{err}");
    }
    assert_eq!(err.matches("warning[").count(), 3, "{err}");

    // `plan` shows the same warnings on stderr, plans, and says why the urea is not delivered.
    let out = hinterland().args(["plan", "--quiet", "--no-out"]).arg(&dir).output().unwrap();
    let plan_err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{plan_err}");
    assert_eq!(plan_err, err, "plan warns as check does");
    let summary = String::from_utf8_lossy(&out.stdout);
    // 3 periods × 333 t = 999 t.
    let line = "  urea at sikasso, 2024-05..2024-07: 999 t not planned: weight 0 and no `min_share` in demand.csv (warning H0510)\n";
    assert!(summary.contains(line), "{summary}");
    std::fs::remove_dir_all(&dir).unwrap();
}
