//! Broken variants of the tiny fixture, each with a snapshot of what people would read.
//!
//! Every test states the codes it expects, so a snapshot change that adds or loses a
//! diagnostic fails twice: once in the snapshot, once here.

use std::fmt::Write as _;

use hinterland_io::{ScenarioSource, Severity};

use crate::fixture::{check, codes, drop_column, edit, edits, tiny};

/// Reads `source`, snapshots the rendering under `name`, and returns the codes.
fn snapshot(name: &str, source: &ScenarioSource) -> Vec<&'static str> {
    let (ok, diagnostics, rendered) = check(source);
    insta::assert_snapshot!(name, rendered);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(ok, !has_errors);
    codes(&diagnostics)
}

#[test]
fn unknown_node_in_lanes() {
    let source = edit("lanes.csv", "bamako_mopti,bamako,mopti", "bamako_mopti,bamako,moptii");
    assert_eq!(snapshot("unknown_node_in_lanes", &source), ["H0402"]);
}

#[test]
fn duplicate_lane_id() {
    let source = edit("lanes.csv", "mopti_gao,mopti,gao", "bamako_gao,mopti,gao");
    // The renamed lane is no longer known to `lane_availability.csv` either.
    assert_eq!(snapshot("duplicate_lane_id", &source), ["H0401", "H0402"]);
}

#[test]
fn bad_number() {
    let source = edit("needs.csv", "12000", "12k");
    assert_eq!(snapshot("bad_number", &source), ["H0202"]);
}

#[test]
fn negative_capacity() {
    let source = edit("lanes.csv", "2500", "-2500");
    assert_eq!(snapshot("negative_capacity", &source), ["H0204"]);
}

#[test]
fn period_outside_calendar() {
    let source = edit("needs.csv", "gao,2024-05,1500", "gao,2024-06,1500");
    assert_eq!(snapshot("period_outside_calendar", &source), ["H0301"]);
}

#[test]
fn unknown_column_typo() {
    let source = edit("lanes.csv", "capacity_t_per_period", "capacity_t_per_perod");
    assert_eq!(snapshot("unknown_column_typo", &source), ["H0113", "H0112"]);
}

#[test]
fn missing_required_column() {
    let source = drop_column("nodes.csv", "country");
    assert_eq!(snapshot("missing_required_column", &source), ["H0112"]);
}

#[test]
fn missing_required_file() {
    let mut source = tiny();
    source.remove_file("needs.csv");
    assert_eq!(snapshot("missing_required_file", &source), ["H0001"]);
}

#[test]
fn bad_toml_key() {
    let source = edit("scenario.toml", "periods = 3", "perods = 3");
    assert_eq!(snapshot("bad_toml_key", &source), ["H0102"]);
}

#[test]
fn missing_toml_key() {
    let source = edit("scenario.toml", "step = \"month\"\n", "");
    assert_eq!(snapshot("missing_toml_key", &source), ["H0103"]);
}

#[test]
fn toml_wrong_type() {
    let source = edit("scenario.toml", "periods = 3", "periods = \"3\"");
    assert_eq!(snapshot("toml_wrong_type", &source), ["H0104"]);
}

#[test]
fn toml_values_are_all_checked() {
    let source = edits(&[
        ("scenario.toml", "start = \"2024-03-01\"", "start = \"2024-03-04\""),
        ("scenario.toml", "backend = \"clp\"", "backend = \"gurobi\""),
        (
            "scenario.toml",
            "method = \"lexicographic\"",
            "method = \"lexicographic\"\nvalue_usd_per_person_day = 5.0",
        ),
        ("scenario.toml", "currency = \"USD\"", "currency = \"XOF\""),
    ]);
    assert_eq!(snapshot("toml_values_are_all_checked", &source), ["H0207", "H0212", "H0105", "H0207"]);
}

#[test]
fn ration_min_above_max() {
    let source = edit("ration.csv", "group,cereal,,450", "group,cereal,500,450");
    assert_eq!(snapshot("ration_min_above_max", &source), ["H0503"]);
}

#[test]
fn need_on_a_non_district() {
    let source = edit("needs.csv", "gao,2024-05,1500,5", "bamako,2024-05,1500,5");
    assert_eq!(snapshot("need_on_a_non_district", &source), ["H0501"]);
}

#[test]
fn reversed_range() {
    let source = edit("needs.csv", "mopti,2024-03..2024-05", "mopti,2024-05..2024-03");
    assert_eq!(snapshot("reversed_range", &source), ["H0302"]);
}

#[test]
fn percentage_instead_of_fraction() {
    let source = edit("lane_availability.csv", "mopti_gao,*,0.8", "mopti_gao,*,80");
    assert_eq!(snapshot("percentage_instead_of_fraction", &source), ["H0205"]);
}

#[test]
fn self_loop_and_bad_values_on_one_line() {
    let source = edit(
        "lanes.csv",
        "mopti_gao,mopti,gao,road,570,35,0,inf,",
        "mopti_gao,mopti,mopti,truck,570,inf,1.5,inf,",
    );
    assert_eq!(
        snapshot("self_loop_and_bad_values_on_one_line", &source),
        ["H0502", "H0203", "H0207", "H0208"]
    );
}

#[test]
fn wrong_number_of_fields() {
    let source = edit(
        "markets.csv",
        "bamako,sorghum,2024-03..2024-04,390,800,local",
        "bamako,sorghum,2024-03..2024-04,390,1,800,local",
    );
    // The skipped row was the only `local` offer: the fund listing `local` still matches `international`.
    assert_eq!(snapshot("wrong_number_of_fields", &source), ["H0115"]);
}

#[test]
fn warnings_do_not_stop_the_scenario() {
    let source = edits(&[
        ("ration.csv", "nutrient,protein,52,inf\n", ""),
        ("funds.csv", "international;local", "intl"),
        ("commodities.csv", "oil,Vegetable oil,food,oil,", "oil,Vegetable oil,other,oil,"),
        ("nodes.csv", "ML,200", "Mali,200"),
    ]);
    let found = snapshot("warnings_do_not_stop_the_scenario", &source);
    // The offer of `oil`, no longer food, has no use either.
    assert_eq!(found, ["H0214", "H0505", "H0508", "H0510", "H0504", "H0506"]);
}

#[test]
fn markets_no_fund_can_pay_for() {
    let source = edits(&[
        ("funds.csv", "international;local", "international"),
        ("funds.csv", "usaid,USAID,1800000,,", "usaid,USAID,1800000,international,"),
    ]);
    let found = snapshot("markets_no_fund_can_pay_for", &source);
    assert_eq!(found, ["H0507"]);
}

#[test]
fn phase_and_share_out_of_range() {
    let source = edits(&[("needs.csv", "gao,*,8000,4,0.5", "gao,*,8000,6,1.5")]);
    assert_eq!(snapshot("phase_and_share_out_of_range", &source), ["H0209", "H0205"]);
}

#[test]
fn unknown_ids_suggest_near_misses() {
    let source = edits(&[
        ("nutrient_content.csv", "oil,energy", "oil,enrgy"),
        ("ration.csv", "group,cereal", "group,cereals"),
        ("markets.csv", "dakar,oil,*", "dakar,oill,*"),
        ("lane_availability.csv", "mopti_gao,*", "mopti-gao,*"),
    ]);
    assert_eq!(snapshot("unknown_ids_suggest_near_misses", &source), ["H0402", "H0402", "H0403", "H0402"]);
}

#[test]
fn invalid_toml_syntax() {
    let source = edit("scenario.toml", "name = \"Tiny corridor\"", "name = \"Tiny corridor");
    assert_eq!(snapshot("invalid_toml_syntax", &source), ["H0101"]);
}

#[test]
fn broken_calendar_still_checks_the_tables() {
    let source =
        edits(&[("scenario.toml", "step = \"month\"", "step = \"monthly\""), ("lanes.csv", "2500", "-2500")]);
    // Periods cannot be resolved, but the lane is still checked.
    assert_eq!(snapshot("broken_calendar_still_checks_the_tables", &source), ["H0207", "H0204"]);
}

#[test]
fn many_problems_in_one_file_are_summarised() {
    let mut source = tiny();
    let mut needs = String::from("district,period,people,phase\n");
    // Each row its own (repeated rows would add warnings of their own).
    for i in 1..=80 {
        let _ = writeln!(needs, "mopti,2024-03,-{i},3");
    }
    source.set_file("needs.csv", needs);
    let (ok, diagnostics, _) = check(&source);
    assert!(!ok);
    assert_eq!(diagnostics.len(), 51);
    let last = diagnostics.last().expect("a summary");
    assert_eq!(last.code, "H0004");
    assert_eq!(last.message, "30 more problems in `needs.csv` not shown");
}

#[test]
fn header_only_tables_and_comments_are_fine() {
    let source = edits(&[
        ("demand.csv", "bamako,sorghum,2024-05,100,,\n", "# no demand in this variant\n"),
        ("needs.csv", "district,", "# needs by district\n\ndistrict,"),
    ]);
    let (ok, diagnostics, _) = check(&source);
    assert!(ok, "{diagnostics:?}");
}

#[test]
fn positions_survive_comments_crlf_and_quotes() {
    let mut source = tiny();
    let text = "# comment\r\nlane,periods,capacity_factor,reason\r\n# another\r\n\"bamako_gao\",\"2024-04\",\"1,5\",\"a, b\"\r\n";
    source.set_file("lane_availability.csv", text);
    let (_, diagnostics, _) = check(&source);
    assert_eq!(codes(&diagnostics), ["H0202"]);
    let d = &diagnostics[0];
    assert_eq!(d.line, Some(4));
    assert_eq!(d.field.as_deref(), Some("capacity_factor"));
    assert_eq!(&text[d.span.clone().expect("a span")], "\"1,5\"");
}

#[test]
fn allocation_values_are_all_checked() {
    let source = edit(
        "scenario.toml",
        "[solver]",
        "[allocation]\nfairness = \"equal\"\nadequacy_curve = [[0.5, 0.4], [1.0, 1.0]]\nnonfood = \"first\"\nmax_drop = 10\nmax_gap = -0.05\n\n[solver]",
    );
    // An unknown fairness and non-food order, a percentage for a share, a negative gap, and a
    // curve whose slope rises (0.8 then 1.2).
    assert_eq!(
        snapshot("allocation_values_are_all_checked", &source),
        ["H0207", "H0207", "H0205", "H0205", "H0213"]
    );
}

#[test]
fn a_floor_share_is_a_fraction() {
    let source = edit(
        "ration.csv",
        "min_per_person_day,max_per_person_day",
        "min_per_person_day,max_per_person_day,floor_share",
    );
    let text = source.file("ration.csv").expect("ration.csv").to_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for line in lines.iter_mut().skip(1).filter(|l| !l.starts_with('#') && !l.is_empty()) {
        line.push_str(",50");
    }
    let mut source = source;
    source.set_file("ration.csv", lines.join("\n") + "\n");
    let codes = snapshot("a_floor_share_is_a_fraction", &source);
    assert!(!codes.is_empty() && codes.iter().all(|c| *c == codes[0]), "{codes:?}");
}
