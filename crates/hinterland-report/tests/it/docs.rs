//! docs/plan-json.md documents every field of plan.json, every column of the CSV tables and
//! of the XLSX sheets, and every property of plan.geojson, so the docs and the outputs cannot
//! drift apart.

use std::collections::BTreeSet;

use hinterland_report::{csv_tables, geojson, json, people, xlsx};

use crate::support::{Planned, mali, repo_root, syria};

fn doc() -> String {
    let path = repo_root().join("docs/plan-json.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the `##`/`###` section whose heading is `heading`, to the next heading.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start =
        doc.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("docs/plan-json.md has `{heading}`"));
    let body = &doc[start + heading.len() + 2..];
    let end = body.find("\n#").unwrap_or(body.len());
    &body[..end]
}

/// The first column of a section's Markdown table, without the backticks.
fn first_column(section: &str) -> Vec<String> {
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.split('|').nth(1).unwrap_or_default().trim().trim_matches('`').to_owned())
        .collect()
}

#[test]
fn every_csv_column_and_xlsx_sheet_column_is_documented() {
    let doc = doc();
    let r = mali().report();
    for t in csv_tables::tables(&r) {
        let documented = first_column(section(&doc, &format!("### `{}`", t.file)));
        assert_eq!(documented, t.header, "the columns of {} in docs/plan-json.md", t.file);
    }
    for (name, columns) in xlsx::AGGREGATE_SHEETS.iter().zip(xlsx::AGGREGATE_COLUMNS) {
        let documented = first_column(section(&doc, &format!("### `{name}` sheet")));
        assert_eq!(documented, columns, "the columns of sheet {name} in docs/plan-json.md");
    }
}

/// Every key of every object in `v`.
fn keys(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                out.insert(k.clone());
                keys(x, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

fn check_json(p: &Planned, doc: &str) {
    let r = p.report();
    let v: serde_json::Value = serde_json::from_str(&json::render(&r)).expect("plan.json parses");
    let mut all = BTreeSet::new();
    keys(&v, &mut all);
    let fields = &doc[..doc.find("\n## CSV tables").expect("a CSV section")];
    for k in &all {
        assert!(fields.contains(&format!("`{k}`")), "plan.json field `{k}` is not in docs/plan-json.md");
    }
    assert!(doc.starts_with(&format!("# `plan.json`, schema version {}\n", json::SCHEMA_VERSION)));
    assert!(fields.contains(&format!("| `schema_version` | integer | `{}` |", json::SCHEMA_VERSION)));

    let gj: serde_json::Value = serde_json::from_str(&geojson::render(&r)).expect("GeoJSON parses");
    assert_eq!(gj["hinterland_schema_version"], geojson::SCHEMA_VERSION);
    let text = section(doc, "## `plan.geojson`");
    assert!(text.contains(&format!("(`{}`;", geojson::SCHEMA_VERSION)));
    let s = r.scenario;
    let labels: Vec<&str> = s.calendar.periods().map(|t| s.calendar.label(t)).collect();
    // Per-commodity and per-floor properties are documented with placeholders.
    let foods: Vec<String> = s.commodities.iter().map(|c| format!("g_{}_", c.code)).collect();
    let floors: Vec<String> =
        (0..s.ration.limits.len()).map(|i| format!("share_of_floor_{}_", people::limit_item(s, i))).collect();
    for f in gj["features"].as_array().expect("features") {
        let layer = f["properties"]["layer"].as_str().expect("a layer");
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| `{layer}` |")))
            .unwrap_or_else(|| panic!("layer `{layer}` is not in docs/plan-json.md"));
        for k in f["properties"].as_object().expect("properties").keys().filter(|k| *k != "layer") {
            let generic = labels.iter().fold(k.clone(), |k, l| k.replace(&format!("_{l}"), "_<period>"));
            // Per-phase properties are documented with a placeholder: `coverage_phase_<phase>`.
            let generic = match generic.rsplit_once("_phase_") {
                Some((head, n)) if n.chars().all(|c| c.is_ascii_digit()) => format!("{head}_phase_<phase>"),
                _ => generic,
            };
            // The longest prefix: `g_maize_meal_` before `g_maize_`.
            let longest = |list: &[String]| {
                list.iter().filter(|f| generic.starts_with(*f)).max_by_key(|f| f.len()).cloned()
            };
            let generic = match (longest(&foods), longest(&floors)) {
                (Some(f), _) => generic.replacen(&f, "g_<commodity>_", 1),
                (_, Some(f)) => generic.replacen(&f, "share_of_floor_<item>_", 1),
                _ => generic,
            };
            assert!(
                row.contains(&format!("`{generic}`")),
                "GeoJSON property `{k}` of layer `{layer}` is not documented"
            );
        }
    }
}

#[test]
fn every_plan_json_field_and_geojson_property_is_documented() {
    let doc = doc();
    check_json(mali(), &doc);
    check_json(syria(), &doc);
}
