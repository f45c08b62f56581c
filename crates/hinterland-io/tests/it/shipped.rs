//! The scenarios shipped in `scenarios/` read without errors.

use hinterland_io::{ScenarioSource, render_diagnostics};

use crate::fixture::check;

fn read_shipped(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
    let source = ScenarioSource::from_dir(&dir).expect("the shipped scenario is readable");
    let (ok, diagnostics, _) = check(&source);
    let rendered = render_diagnostics(&diagnostics, &source, false);
    assert!(ok, "{name} has errors:\n{rendered}");
    rendered
}

#[test]
fn mali_2024_reads() {
    read_shipped("mali-2024");
}

#[test]
fn wfp_syria_reads() {
    read_shipped("wfp-syria");
}
