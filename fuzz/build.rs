//! Embeds the shipped scenarios and the reader's tiny fixture into the fuzz target: every
//! file of each folder, so that a file added to a scenario is fuzzed without editing a list.
//! All folders are inside this repository.

use std::fmt::Write as _;
use std::path::Path;

const FOLDERS: &[&str] =
    &["crates/hinterland-io/tests/fixtures/tiny", "scenarios/mali-2024", "scenarios/wfp-syria"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut code = String::from("pub const SCENARIOS: &[(&str, &[(&str, &str)])] = &[\n");
    for folder in FOLDERS {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv") || n == "scenario.toml")
            .collect();
        names.sort();
        let _ = writeln!(code, "    ({folder:?}, &[");
        for name in names {
            let path = dir.join(&name).canonicalize().expect("listed file exists");
            println!("cargo:rerun-if-changed={}", path.display());
            let _ = writeln!(code, "        ({name:?}, include_str!({:?})),", path.display().to_string());
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("scenarios.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
