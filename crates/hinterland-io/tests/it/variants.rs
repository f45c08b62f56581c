//! What-if variants: the shipped Mali variants read cleanly; mistakes point at their edit.

use std::path::Path;

use hinterland_io::{ScenarioSource, read_scenario, read_variant_text, read_variants};

fn mali() -> (ScenarioSource, hinterland_model::Scenario) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024");
    let source = ScenarioSource::from_dir(dir).expect("the Mali scenario is readable");
    let (s, diags) = read_scenario(&source);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    (source, s.expect("Mali reads"))
}

#[test]
fn mali_variants_read_without_diagnostics() {
    let (source, s) = mali();
    let (variants, diags) = read_variants(&source, &s);
    assert!(diags.is_empty(), "{diags:#?}");
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["dakar-closed", "fuel-blockade", "budget-halved", "short-river"]);
    for v in &variants {
        hinterland_model::apply(&s, v).expect("a validated variant applies");
    }
}

#[test]
fn mistakes_point_at_their_edit() {
    let (_, s) = mali();
    let text = r#"
[[variant]]
name = "typos"
edits = [
  "close-lane:corridor:dakr@2024-03..2024-07",
  "scale-fnd:un_food=0.5",
  "scale-fund:un_food=-1",
  "close-lane:mode:river@2024-01",
]

[[variant]]
name = "typos"
edits = []
"#;
    let (variants, diags) = read_variant_text("variants.toml", text, &s);
    assert!(variants.is_empty());
    let got: Vec<(&str, Option<usize>, Option<&str>)> =
        diags.iter().map(|d| (d.code, d.line, d.help.as_deref())).collect();
    assert_eq!(got[0], ("H0604", Some(5), Some("did you mean `dakar`?")));
    assert_eq!(got[1], ("H0603", Some(6), Some("did you mean `scale-fund`?")));
    assert_eq!(got[1].1, Some(6));
    assert_eq!(diags[1].span.as_ref().map(|r| &text[r.clone()]), Some("scale-fnd"));
    assert_eq!((got[2].0, got[2].1), ("H0605", Some(7)));
    assert_eq!((got[3].0, got[3].1), ("H0604", Some(8)));
    assert_eq!(got[4].0, "H0602");
    assert_eq!(diags.len(), 5);
}

/// Issue 26: `check` said a scenario was valid while `compare` rejected its variants (19
/// cases: unknown funds, corridors and verbs, NaN, -1 and inf factors, a name used twice, a
/// missing `edits`). `validate`, which every command runs, reports each at its edit.
#[test]
fn issue_26_validate_reports_every_broken_variant() {
    let (source, _) = mali();
    let cases = [
        ("scale-fund:wfp=0.5", "H0604"),
        ("close-lane:corridor:dakr", "H0604"),
        ("scale-fnd:un_food=0.5", "H0603"),
        ("scale-fund:un_food=NaN", "H0605"),
        ("scale-fund:un_food=-1", "H0605"),
        ("scale-fund:un_food=inf", "H0605"),
        ("derate-lane:mode:road=nan", "H0605"),
        ("set-min-share:*=1.5", "H0605"),
        ("scale-needs:*@2024-09..2024-06=2", "H0605"),
        ("close-lane:dakar_kidira@2023-01", "H0604"),
    ];
    for (edit, code) in cases {
        let mut s = source.clone();
        let text = s.file("scenario.toml").unwrap().to_owned();
        s.set_file("scenario.toml", format!("{text}\n[[variant]]\nname = \"x\"\nedits = [\"{edit}\"]\n"));
        let v = hinterland_io::validate(&s, &[hinterland_model::Backend::Clp]);
        let codes: Vec<&str> = v.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [code], "{edit}");
        assert!(
            v.scenario.is_none() && v.variants.is_empty(),
            "{edit}: an error in a variant refuses the scenario"
        );
    }
    for (table, code) in
        [("name = \"budget-halved\"\nedits = [\"scale-fund:*=2\"]", "H0602"), ("name = \"x\"", "H0601")]
    {
        let mut s = source.clone();
        let text = s.file("scenario.toml").unwrap().to_owned();
        s.set_file("scenario.toml", format!("{text}\n[[variant]]\n{table}\n"));
        let v = hinterland_io::validate(&s, &[hinterland_model::Backend::Clp]);
        let codes: Vec<&str> = v.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [code], "{table}");
    }
    let v = hinterland_io::validate(&source, &[hinterland_model::Backend::Clp]);
    assert!(v.diagnostics.is_empty() && v.variants.len() == 4, "{:?}", v.diagnostics);
}

/// Issue 26: an edit whose value is finite and positive can still take what it scales beyond
/// any real scenario (a fund of US$ 1e306, a lane capacity of `inf` from 500 t × 1e308); the
/// solver then fails with internals. Such an edit is refused at its text (`H0605`), with the
/// value it makes and the limit; the same edits within the limits pass.
#[test]
fn edits_may_not_scale_values_beyond_the_file_limits() {
    let (_, s) = mali();
    let cases = [
        ("scale-fund:un_food=1e300", "the amount of fund `un_food`", "USD"),
        ("set-fund:un_food=1e15", "the amount of fund `un_food`", "USD"),
        ("derate-lane:*=1e308", "the capacity of lane", "t/period"),
        ("scale-lane-cost:*=1e12", "the cost of lane", "USD/t"),
        ("scale-price:*=1e300", "the price of market offer", "USD/t"),
        ("scale-market:*=1e300", "the capacity of market offer", " t, above"),
        ("scale-needs:*=1e300", "need row", "persons"),
        ("scale-supply:*=1e300", "donation", " t, above"),
    ];
    for (edit, what, unit) in cases {
        let text = format!("[[variant]]\nname = \"huge\"\nedits = [\"{edit}\"]\n");
        let (variants, diags) = read_variant_text("v.toml", &text, &s);
        assert!(variants.is_empty(), "{edit}");
        assert_eq!(diags.len(), 1, "{edit}: {diags:?}");
        let d = &diags[0];
        assert_eq!(d.code, "H0605", "{edit}");
        assert_eq!(&text[d.span.clone().expect("located")], format!("\"{edit}\""), "{edit}");
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains(what) && d.message.contains(unit), "{edit}: {}", d.message);
        assert!(d.message.contains("above the largest value"), "{edit}: {}", d.message);
        // The same verb with a factor of 2 is fine: Mali's values are far from the limits.
        let fine = edit.split('=').next().unwrap().to_owned() + "=2";
        let text = format!("[[variant]]\nname = \"double\"\nedits = [\"{fine}\"]\n");
        let (variants, diags) = read_variant_text("v.toml", &text, &s);
        assert!(diags.is_empty(), "{fine}: {diags:?}");
        assert_eq!(variants.len(), 1);
    }
}

/// Edits add up: two scalings of 1e4 each take a fund of millions past 1e14 together, and
/// the second edit is the one blamed.
#[test]
fn edits_are_checked_together() {
    let (_, s) = mali();
    let text =
        "[[variant]]\nname = \"twice\"\nedits = [\"scale-fund:un_food=1e4\", \"scale-fund:un_food=1e4\"]\n";
    let (variants, diags) = read_variant_text("v.toml", text, &s);
    assert!(variants.is_empty());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let span = diags[0].span.clone().unwrap();
    assert_eq!(span.start, text.rfind("\"scale-fund").unwrap(), "the second edit: {diags:?}");
}
