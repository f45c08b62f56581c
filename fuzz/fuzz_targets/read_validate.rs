//! Fuzzes the scenario reader and validator, as `check` runs them.
//!
//! The input picks one of the embedded scenarios (the reader's tiny fixture, Mali 2024, the
//! WFP Syria example) and changes its files:
//!
//! - byte 0 even: "whole file" mode. Byte 1 picks the scenario, byte 2 the file, and the rest
//!   of the input (as lossy UTF-8) replaces that file's text. The seed corpus holds every
//!   shipped file in this form (`fuzz/seeds.rs` writes it).
//! - byte 0 odd: "edit" mode. Byte 1 picks the scenario; the rest is decoded by `arbitrary`
//!   into up to 8 edits (file, offset, bytes cut, text inserted), applied in turn.
//!
//! Then [`hinterland_io::validate`] reads everything (variants included) and the diagnostics
//! are rendered. Asserted: no panic or abort (libFuzzer catches both), the scenario is given
//! exactly when no diagnostic is an error, every span lies inside its file on character
//! boundaries with the line of its start, at most 50 diagnostics per file plus one summary,
//! messages cut to the documented length, and every code appears in the rendered text.
//! Memory is bounded by libFuzzer's `-rss_limit_mb` and `-malloc_limit_mb`.

#![no_main]

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use hinterland_io::{Diagnostic, ScenarioSource, render_diagnostics, validate};
use hinterland_model::Backend;
use libfuzzer_sys::fuzz_target;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));
}

/// Diagnostics shown per file (`SHOWN_PER_FILE` in the reader), plus the summary of the rest.
const MOST_PER_FILE: usize = 50 + 1;
/// Longest message or help in characters (`LONGEST_TEXT` in the reader), plus the length
/// note a cut adds.
const LONGEST_TEXT: usize = 2000 + 32;

#[derive(Arbitrary, Debug)]
struct Edit {
    file: u8,
    at: u32,
    cut: u16,
    insert: String,
}

fuzz_target!(|data: &[u8]| {
    let [mode, which, file, rest @ ..] = data else { return };
    let (origin, files) = embedded::SCENARIOS[usize::from(*which) % embedded::SCENARIOS.len()];
    let mut texts: Vec<(&str, String)> = files.iter().map(|(n, t)| (*n, (*t).to_owned())).collect();
    if mode % 2 == 0 {
        let i = usize::from(*file) % texts.len();
        texts[i].1 = String::from_utf8_lossy(rest).into_owned();
    } else {
        let mut u = Unstructured::new(rest);
        for _ in 0..8 {
            let Ok(edit) = Edit::arbitrary(&mut u) else { break };
            let text = &mut texts[usize::from(edit.file) % files.len()].1;
            let mut start = edit.at as usize % (text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + usize::from(edit.cut)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(start..end, &edit.insert);
            if u.is_empty() {
                break;
            }
        }
    }
    check(&ScenarioSource::from_files(format!("<fuzz:{origin}>"), texts));
});

fn check(source: &ScenarioSource) {
    let validated = validate(source, &[Backend::Clp]);
    let errors = validated.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(validated.scenario.is_some(), !errors, "a scenario exactly when nothing is an error");
    assert!(!errors || validated.variants.is_empty(), "no variants from a refused scenario");
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &validated.diagnostics {
        *per_file.entry(d.file.as_str()).or_default() += 1;
        assert!(d.message.chars().count() <= LONGEST_TEXT, "message too long: {d:?}");
        assert!(d.help.as_ref().is_none_or(|h| h.chars().count() <= LONGEST_TEXT), "help too long: {d:?}");
        if let Some(span) = &d.span {
            let text = source.file(&d.file).unwrap_or_else(|| panic!("span in a file not read: {d:?}"));
            assert!(span.start <= span.end && span.end <= text.len(), "span outside the file: {d:?}");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "span cuts a char: {d:?}"
            );
            let line = text[..span.start].matches('\n').count() + 1;
            assert_eq!(d.line, Some(line), "line is not the span's: {d:?}");
        }
    }
    for (file, n) in per_file {
        assert!(n <= MOST_PER_FILE, "{n} diagnostics shown for `{file}`");
    }
    let rendered = render_diagnostics(&validated.diagnostics, source, false);
    for d in &validated.diagnostics {
        assert!(rendered.contains(d.code), "code {} not rendered", d.code);
    }
}
