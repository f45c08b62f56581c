//! Same input, same bytes: two runs of `plan` write identical output folders.

use std::path::Path;
use std::process::Command;

/// The files of a folder, by name.
pub(crate) fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn two_runs_write_identical_outputs() {
    let base = std::env::temp_dir().join(format!("hinterland-determinism-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let runs: Vec<_> = ["a", "b"]
        .iter()
        .map(|name| {
            let out = base.join(name);
            let status = Command::new(env!("CARGO_BIN_EXE_hinterland"))
                .args(["plan", "--quiet", "--out"])
                .arg(&out)
                .output()
                .unwrap();
            assert_eq!(status.status.code(), Some(0), "{}", String::from_utf8_lossy(&status.stderr));
            files(&out)
        })
        .collect();
    assert!(runs[0].len() >= 10, "plan.json, summary, CSV tables, report, GeoJSON, XLSX");
    for ((name, a), (_, b)) in runs[0].iter().zip(&runs[1]) {
        assert!(a == b, "{name} differs between two runs of the same scenario");
    }
    std::fs::remove_dir_all(&base).unwrap();
}
