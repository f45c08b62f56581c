//! Kill -9 during the output folder's swap (issue 26): `--out` always names a complete
//! folder, the old or the new, and temporaries of killed writers are removed by the next.
//!
//! The writer is this test binary itself, run again as a child that replaces the folder in
//! a loop with files large enough that a kill often lands mid-write. Each generation's
//! files are filled with one byte, so a folder mixing two generations, or holding a
//! truncated file, is caught.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use hinterland_report::{MARKER, write_outputs};

const FILES: usize = 12;
const SIZE: usize = 1 << 20;
const CHILD: &str = "HINTERLAND_KILL_TEST_OUT";

fn generation(g: u8) -> Vec<(String, Vec<u8>)> {
    (0..FILES).map(|i| (format!("f{i}.bin"), vec![g; SIZE])).collect()
}

/// The generation of a complete folder; panics on anything else.
fn check_complete(out: &Path) -> u8 {
    let marker = std::fs::read_to_string(out.join(MARKER)).expect("the marker is there");
    let listed: Vec<&str> = marker.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    assert_eq!(listed.len(), FILES, "{marker}");
    assert_eq!(std::fs::read_dir(out).unwrap().count(), FILES + 1, "only the listed files and the marker");
    let mut seen = None;
    for name in listed {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(bytes.len(), SIZE, "{name} is whole");
        let g = bytes[0];
        assert!(bytes.iter().all(|b| *b == g), "{name} is of one generation");
        assert!(seen.is_none_or(|s| s == g), "{name} is of generation {g}, others of {seen:?}");
        seen = Some(g);
    }
    seen.expect("files")
}

/// The child: replaces the folder named by the environment until killed.
#[test]
#[ignore = "run as a child process by issue_26_kill_9_during_the_swap_leaves_a_complete_folder"]
fn writer_child() {
    let out = PathBuf::from(std::env::var_os(CHILD).expect("run by the kill test"));
    for g in (1..=u8::MAX).cycle() {
        write_outputs(&out, &generation(g), false).unwrap();
    }
}

#[test]
fn issue_26_kill_9_during_the_swap_leaves_a_complete_folder() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kill-9");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let out = base.join("out");
    write_outputs(&out, &generation(0), false).unwrap();
    let mut generations = std::collections::BTreeSet::new();
    let mut leftovers = 0;
    for i in 0..40u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "kill::writer_child", "--ignored", "--test-threads", "1"])
            .env(CHILD, &out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Different moments of the write loop: the child needs some tens of ms to start.
        std::thread::sleep(Duration::from_millis(60 + 17 * i));
        child.kill().unwrap();
        child.wait().unwrap();
        generations.insert(check_complete(&out));
        // Temporaries beside `out`: a kill landed mid-write (the next writer removes them).
        leftovers += std::fs::read_dir(&base).unwrap().count() - 1;
    }
    // The children wrote new folders, and some kills landed while one was being written.
    assert!(generations.len() > 5, "generations seen: {generations:?}");
    assert!(leftovers > 0, "no kill landed mid-write");
    write_outputs(&out, &generation(0), false).unwrap();
    let left: Vec<_> = std::fs::read_dir(&base).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["out"], "temporaries of killed writers are removed");
    std::fs::remove_dir_all(&base).unwrap();
}
