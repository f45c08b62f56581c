//! The output folder is replaced only when hinterland wrote it, whole or not at all, and
//! every output path is checked before anything is replaced (issue 26). Kills during the
//! swap are tested in hinterland-report (`kill.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use hinterland_report::MARKER;

fn plan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["plan", "--quiet", "--confirm-limits", "0"])
        .args(args)
        .output()
        .expect("runs")
}

fn base(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("out-folder").join(name);
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    base
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The folder's files, with the marker listing exactly the others.
fn complete(out: &Path) -> bool {
    let Ok(marker) = std::fs::read_to_string(out.join(MARKER)) else { return false };
    let mut listed: Vec<String> =
        marker.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(str::to_owned).collect();
    listed.push(MARKER.to_owned());
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    listed == present && listed.len() > 5
}

/// Issue 26: re-planning deleted my_notes.txt and sub/keep.txt; a folder with someone else's
/// plan.json and a thesis.tex was deleted. Both are refused (exit 1) until `--force`.
#[test]
fn issue_26_plan_refuses_to_replace_what_it_did_not_write() {
    let base = base("refuse");
    let out = base.join("out");
    let o = plan(&["--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(complete(&out));
    std::fs::write(out.join("my_notes.txt"), "mine").unwrap();
    std::fs::create_dir(out.join("sub")).unwrap();
    std::fs::write(out.join("sub/keep.txt"), "mine").unwrap();
    let o = plan(&["--out", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("`my_notes.txt`, `sub/`") && err.contains("--force"), "{err}");
    assert!(out.join("sub/keep.txt").exists());

    let theirs = base.join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("plan.json"), "{}").unwrap();
    std::fs::write(theirs.join("thesis.tex"), "precious").unwrap();
    let o = plan(&["--out", s(&theirs)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("has no `{MARKER}` file")), "{err}");
    assert!(theirs.join("thesis.tex").exists());

    let o = plan(&["--out", s(&theirs), "--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(complete(&theirs), "--force replaces the folder whole");
    std::fs::remove_dir_all(&base).unwrap();
}

/// Issue 26: `--report`/`--timings` at a bad path failed after the folder was replaced.
/// Now the paths are checked first: exit 1, the old folder untouched, nothing solved.
#[test]
fn issue_26_a_bad_report_or_timings_path_replaces_nothing() {
    let base = base("bad-path");
    let out = base.join("out");
    let o = plan(&["--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = std::fs::read(out.join("plan.json")).unwrap();
    std::fs::write(out.join("plan.json"), b"old").unwrap();
    let missing = base.join("no-such-folder/r.html");
    for flag in ["--report", "--timings"] {
        let o = plan(&["--out", s(&out), flag, s(&missing)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{flag}: {err}");
        assert!(err.contains("does not exist"), "{flag}: {err}");
        assert_eq!(std::fs::read(out.join("plan.json")).unwrap(), b"old", "{flag}: the folder is untouched");
        let o = plan(&["--out", s(&out), flag, s(&base)]);
        assert_eq!(o.status.code(), Some(1), "{flag} at a folder");
    }
    assert!(before.len() > 3);
    std::fs::remove_dir_all(&base).unwrap();
}
