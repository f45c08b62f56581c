//! Every exit code of the README's table, as a user meets it: 0 success (help and version
//! included), 1 the user's input is wrong (the command line here; an invalid scenario in
//! `check.rs`), 2 an internal or I/O failure, 3 a best-effort plan that misses hard
//! commitments (`check.rs`).

use std::path::PathBuf;
use std::process::{Command, Output};

fn hinterland(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hinterland")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn exit_0_on_success_and_for_help_and_version_on_stdout() {
    let out = hinterland(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for args in [&["--help"][..], &["help"], &["plan", "--help"], &["-h"]] {
        let out = hinterland(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("Usage: hinterland"), "{args:?}: {}", text(&out.stdout));
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
    for args in [&["--version"][..], &["-V"]] {
        let out = hinterland(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&out.stdout), format!("hinterland {}\n", env!("CARGO_PKG_VERSION")));
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
}

/// clap exits 2 on a wrong command line by itself; here 2 means an internal failure, so a
/// wrong command line is the user's input: 1, with clap's message and usage on stderr.
#[test]
fn exit_1_for_a_wrong_command_line() {
    for (args, says) in [
        (&["plan", "--bogus"][..], "unexpected argument '--bogus'"),
        (&["plan", "--jobs", "two"], "invalid value 'two' for '--jobs <N>'"),
        (&["plan", "--write-mps"], "a value is required for '--write-mps <FILE>'"),
        (&["init"], "the following required arguments were not provided"),
        (&["plan", "--no-solve"], "the following required arguments were not provided"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (&[], "Usage: hinterland"),
    ] {
        let out = hinterland(args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
    }
}

/// An output folder whose parent is a file cannot be created: an I/O failure, exit 2, and
/// the message names the path.
#[test]
fn exit_2_when_the_output_folder_cannot_be_created() {
    let dir = std::env::temp_dir().join(format!("hinterland-cli-exit2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out_dir: PathBuf = file.join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_hinterland"))
        .args(["plan", "--quiet", "--confirm-limits", "0", "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with(&format!("error: cannot write `{}`: ", file.display())), "{err}");
    assert_eq!(err.lines().count(), 1, "one line, the cause once: {err}");
    assert!(out.stdout.is_empty(), "no summary for a plan that was not written: {}", text(&out.stdout));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    std::fs::remove_dir_all(&dir).unwrap();
}
