//! Sweep shards say which sweep they are from; `merge` refuses mixtures and names missing
//! shards; grid values are checked (issue 26).

use std::path::Path;
use std::process::Command;

fn hinterland(args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hinterland")).args(args).output().expect("runs");
    (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Issue 26: `--grid "scale-fund:un_food=1,,2"` dropped the empty value silently, and
/// `--shard -1/4` was a clap error (exit 1 now, with the shard grammar).
#[test]
fn issue_26_grid_values_and_shards_are_checked() {
    for grid in
        ["scale-fund:un_food=1,,2", "scale-fund:un_food=1,2,", "scale-fund:un_food=1,1", "scale-fund:un_food"]
    {
        let (status, err) = hinterland(&["sweep", "--quiet", "--grid", grid]);
        assert_eq!(status, Some(1), "{grid}: {err}");
        assert!(err.contains(&format!("--grid axis `{grid}`")), "{grid}: {err}");
    }
    let (status, err) =
        hinterland(&["sweep", "--quiet", "--grid", "scale-fund:un_food=1,2", "--shard", "-1/4"]);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("--shard is `I/N` with 1 ≤ I ≤ N") && err.contains("`-1/4`"), "{err}");
}

/// Issue 26: `merge` without the last shard, or with a shard of another sweep, was silent.
#[test]
fn issue_26_merge_refuses_mixtures_and_names_missing_shards() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-merge-checks");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let sweep = |grid: &str, shard: &str, out: &str| {
        let (status, err) =
            hinterland(&["sweep", "--quiet", "--grid", grid, "--shard", shard, "--out", &file(out)]);
        assert_eq!(status, Some(0), "{err}");
    };
    sweep("scale-fund:un_food=0.5,1", "1/2", "a.csv");
    sweep("scale-fund:un_food=0.5,1", "2/2", "b.csv");
    sweep("scale-fund:un_food=0.5,2", "2/2", "other.csv");

    let (status, err) = hinterland(&["merge", &file("a.csv")]);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("1 of 2 variants are missing: shard 2/2 (variants #2..#2)"), "{err}");

    let (status, err) = hinterland(&["merge", &file("a.csv"), &file("other.csv")]);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("other.csv` is from another sweep than") && err.contains("a.csv"), "{err}");

    let o = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["merge", &file("b.csv"), &file("a.csv")])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let merged = String::from_utf8(o.stdout).unwrap();
    assert_eq!(merged.lines().count(), 3, "{merged}");
    assert!(
        merged.lines().skip(1).all(|l| l.ends_with(",2,1/1")),
        "the merged table is the whole sweep's:\n{merged}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
