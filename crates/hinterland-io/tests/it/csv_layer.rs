//! The CSV layer (issue 26): quotes the parser would accept but that swallow rows, rows
//! that repeat an earlier row, a final comment without a newline, caps on what is shown.

use std::fmt::Write as _;

use hinterland_io::ScenarioSource;

use crate::fixture::{check, codes, edit, tiny};

fn snapshot(name: &str, source: &ScenarioSource) -> Vec<&'static str> {
    let (_, diagnostics, rendered) = check(source);
    insta::assert_snapshot!(name, rendered);
    codes(&diagnostics)
}

/// Issue 26: `sed -i '18s/,assumption/,"assumption/' needs.csv` made 12 of 63 need rows
/// vanish without a word. The quote is now reported where it opened, and the table is not
/// planned.
#[test]
fn issue_26_a_stray_quote_is_reported_where_it_opens() {
    // The quote on line 3 would run to the next quote, the one that opens line 4's note.
    let source = edit("needs.csv", "gao,*,8000,4,0.5,", "gao,*,8000,4,0.5,\"assumption");
    assert_eq!(snapshot("a_stray_quote_is_reported_where_it_opens", &source), ["H0116"]);
    let (_, diagnostics, _) = check(&source);
    assert_eq!(diagnostics[0].line, Some(3));
    let text = source.file("needs.csv").unwrap();
    assert_eq!(diagnostics[0].span.clone().map(|s| &text[s]), Some("\""));
    assert!(diagnostics[0].message.contains("runs to line 4"), "{}", diagnostics[0].message);
}

#[test]
fn an_unterminated_quote_is_reported_and_later_rows_are_not_blamed() {
    // Lane `bamako_gao` and every lane after it are lost; `lane_availability.csv` names two of
    // them, which is not reported again: the lanes' file already has the error.
    let source = edit("lanes.csv", "bamako_gao,bamako,gao,river", "bamako_gao,bamako,gao,\"river");
    assert_eq!(
        snapshot("an_unterminated_quote_is_reported_and_later_rows_are_not_blamed", &source),
        ["H0116"]
    );
}

#[test]
fn a_quote_inside_a_cell_or_after_a_closing_quote_is_misplaced() {
    let inside = edit("needs.csv", "lean season peak, assumption", "12\" pipe");
    let (_, d, _) = check(&inside);
    // The cell `"12" pipe"` closes after `12` and goes on: text after a closing quote.
    assert_eq!((codes(&d), d[0].line), (vec!["H0116"], Some(4)));
    let unquoted = edit("lanes.csv", "dakar_bamako,dakar,bamako,road", "dakar_bamako,dakar,bamako,ro\"ad");
    let (_, d, _) = check(&unquoted);
    assert_eq!((codes(&d), d[0].line), (vec!["H0116"], Some(2)));
    assert!(d[0].message.contains("a quote inside a cell"), "{}", d[0].message);
}

/// Issue 26: `sed -i '2p' needs.csv` raised the national need by one row's people, silently.
#[test]
fn issue_26_a_repeated_row_is_a_warning_that_says_what_it_does() {
    let mut source = tiny();
    for (file, row) in [
        ("needs.csv", "gao,*,8000,4,0.5,\n"),
        ("demand.csv", "bamako,sorghum,2024-05,100,,\n"),
        ("markets.csv", "dakar,oil,*,1450,300,international\n"),
        ("lane_availability.csv", "mopti_gao,*,0.8,insecurity\n"),
    ] {
        let text = source.file(file).unwrap().to_owned();
        assert!(text.contains(row), "{file}");
        source.set_file(file, text + row);
    }
    assert_eq!(
        snapshot("a_repeated_row_is_a_warning_that_says_what_it_does", &source),
        ["H0405", "H0405", "H0405", "H0405"]
    );
    let (ok, _, _) = check(&source);
    assert!(ok, "a repeated row is a warning");
}

/// Free text (`source`, `note`) does not tell rows apart; any other value does.
#[test]
fn rows_that_differ_only_in_their_note_repeat_and_others_do_not() {
    let mut source = tiny();
    let needs = source.file("needs.csv").unwrap().to_owned();
    source.set_file("needs.csv", needs + "gao,*,8000,4,0.5,from another source\ngao,*,8000,3,0.5,\n");
    let (_, d, _) = check(&source);
    assert_eq!(codes(&d), ["H0405"]);
    assert_eq!(d[0].line, Some(5));
    assert_eq!(
        d[0].message,
        "this row repeats line 3 in every value: rows add up, so its people are counted twice"
    );
}

/// Issue 26: `printf '# end' >> lanes.csv` gave H0115 (a comment as the last line, without a
/// final newline, was read as a record).
#[test]
fn issue_26_a_final_comment_without_a_newline_is_a_comment() {
    let mut source = tiny();
    for file in ["lanes.csv", "needs.csv", "markets.csv"] {
        let text = source.file(file).unwrap().to_owned();
        source.set_file(file, text + "# end");
    }
    let (ok, d, _) = check(&source);
    assert!(ok && d.is_empty(), "{d:?}");
}

/// Issue 26: 100,000 unused nutrients printed 100,000 warnings; a 10 MB id printed 50 MB.
#[test]
fn issue_26_diagnostics_are_capped_per_file_and_long_values_are_cut() {
    let mut source = tiny();
    let mut nutrients = source.file("nutrients.csv").unwrap().to_owned();
    for i in 0..500 {
        let _ = writeln!(nutrients, "n{i},N {i},mg");
    }
    source.set_file("nutrients.csv", nutrients);
    let long = "x".repeat(1_000_000);
    let lanes = source.file("lanes.csv").unwrap().replacen(
        "bamako_mopti,bamako,mopti",
        &format!("bamako_mopti,bamako,{long}"),
        1,
    );
    source.set_file("lanes.csv", lanes);
    let (_, d, rendered) = check(&source);
    let per_file = |f: &str| d.iter().filter(|d| d.file == f).count();
    // 50 shown, and one summary of the other 450.
    assert_eq!(per_file("nutrients.csv"), 51);
    let summary = d.iter().find(|d| d.code == "H0004").expect("a summary");
    assert_eq!(summary.message, "450 more problems in `nutrients.csv` not shown");
    let unknown = d.iter().find(|d| d.code == "H0402").expect("the long id is unknown");
    assert!(unknown.message.len() < 200, "{}", unknown.message);
    assert!(unknown.message.contains("…` (1000000 bytes)"), "{}", unknown.message);
    assert!(rendered.len() < 100_000, "{} bytes rendered", rendered.len());
}
