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
