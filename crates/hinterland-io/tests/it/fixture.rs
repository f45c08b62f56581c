//! The tiny fixture and text edits that break it.

use std::path::PathBuf;

use hinterland_io::{Diagnostic, ScenarioSource, Severity, read_scenario, render_diagnostics};

pub fn tiny_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

/// The tiny scenario, in memory, with a stable origin.
pub fn tiny() -> ScenarioSource {
    let dir = ScenarioSource::from_dir(tiny_dir()).expect("the fixture folder is readable");
    ScenarioSource::from_files("<tiny>", dir.files().map(|(n, t)| (n.to_owned(), t.to_owned())))
}

/// The tiny scenario with `from` replaced by `to` in `file`; `from` must occur exactly once,
/// so that a change to the fixture cannot silently turn a test into a no-op.
pub fn edit(file: &str, from: &str, to: &str) -> ScenarioSource {
    edits(&[(file, from, to)])
}

pub fn edits(changes: &[(&str, &str, &str)]) -> ScenarioSource {
    let mut source = tiny();
    for (file, from, to) in changes {
        let text = source.file(file).unwrap_or_else(|| panic!("the fixture has {file}"));
        assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once in {file}");
        let changed = text.replacen(from, to, 1);
        source.set_file(*file, changed);
    }
    source
}

/// The tiny scenario without the column `column` of `file` (no quoted cells there).
pub fn drop_column(file: &str, column: &str) -> ScenarioSource {
    let mut source = tiny();
    let text = source.file(file).expect("the fixture has the file");
    let mut index = None;
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with('#') {
            out.push_str(line);
        } else {
            let cells: Vec<&str> = line.split(',').collect();
            let i =
                *index.get_or_insert_with(|| cells.iter().position(|c| *c == column).expect("column exists"));
            let kept: Vec<&str> =
                cells.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| *c).collect();
            out.push_str(&kept.join(","));
        }
        out.push('\n');
    }
    source.set_file(file, out);
    source
}

/// Reads a source and renders its diagnostics without colour.
pub fn check(source: &ScenarioSource) -> (bool, Vec<Diagnostic>, String) {
    let (scenario, diagnostics) = read_scenario(source);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(scenario.is_some(), !has_errors, "a scenario is returned exactly when there is no error");
    let rendered = render_diagnostics(&diagnostics, source, false);
    (scenario.is_some(), diagnostics, rendered)
}

pub fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}
