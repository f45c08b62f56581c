//! The scenarios shipped in `scenarios/` read without errors.

use hinterland_io::{ScenarioSource, render_diagnostics};
use hinterland_model::Backend;

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

/// Mali's lane closures with every month written as its first day (`2024-03-01..2024-07-01`,
/// as a spreadsheet turns a typed `2024-03` into a date) read to the same closures.
#[test]
fn months_written_as_their_first_days_read_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024");
    let source = ScenarioSource::from_dir(&dir).expect("the shipped scenario is readable");
    let text = source.file("lane_availability.csv").expect("lane closures").to_owned();
    // Every `YYYY-MM` label (7 characters between separators) gets `-01`.
    let month = first_days(&text);
    assert_ne!(month, text, "the file names months");
    let mut dated = source.clone();
    dated.set_file("lane_availability.csv", month);
    let a = hinterland_io::validate(&source, &[Backend::Clp]);
    let b = hinterland_io::validate(&dated, &[Backend::Clp]);
    let (a, b) = (a.scenario.expect("valid"), b.scenario.expect("valid with dates"));
    assert_eq!(a.lane_factor, b.lane_factor);
}

/// `text` with each `YYYY-MM` month label followed by `-01`.
fn first_days(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < text.len() {
        let is_month = i + 7 <= bytes.len()
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && bytes[i + 4] == b'-'
            && bytes[i + 5..i + 7].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 7).is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-');
        if is_month {
            out.push_str(&text[i..i + 7]);
            out.push_str("-01");
            i += 7;
        } else {
            let c = text[i..].chars().next().expect("a char");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}
