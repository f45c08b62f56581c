//! The HTML report: parse-level checks that the map and charts are there and carry the plan.

use hinterland_model::NodeKind;
use hinterland_report::html;

use crate::support::{Planned, mali, out_dir, syria};

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The `<svg id="{id}" ...>...</svg>` element of a page (maps hold no nested svg).
fn svg<'a>(page: &'a str, id: &str) -> Option<&'a str> {
    let start = page.find(&format!("<svg id=\"{id}\""))?;
    let end = start + page[start..].find("</svg>")? + "</svg>".len();
    Some(&page[start..end])
}

fn check(p: &Planned, name: &str) -> String {
    let r = p.report();
    let text = html::render(&r, &p.documents());
    std::fs::write(out_dir(name).join("report.html"), &text).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    // Self-contained: nothing is loaded from elsewhere.
    for banned in ["<script", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!text.contains(banned), "the report must not contain `{banned}`");
    }
    assert_eq!(count(&text, "<svg id=\"map\""), 1);
    let food_map = svg(&text, "map").expect("the food map");
    let s = &r.scenario;
    let districts = s.nodes.iter().filter(|n| n.kind == NodeKind::District).count();
    assert_eq!(count(food_map, "class=\"node district\""), districts);
    let others = s.nodes.len() - districts;
    assert_eq!(count(food_map, "class=\"node ") - districts, others, "one symbol per node");
    let used = r.plan.flows.iter().map(|f| f.lane).collect::<std::collections::BTreeSet<_>>();
    let drawn_used = count(&text, "class=\"lane used\"");
    assert!(
        drawn_used > 0 && drawn_used <= 2 * used.len(),
        "{drawn_used} used lanes drawn of {}",
        used.len()
    );
    assert!(count(&text, "class=\"country") >= 3, "country outlines around the scenario");
    for id in ["chart-service", "chart-districts", "chart-corridors", "chart-stocks", "chart-spending"] {
        assert_eq!(count(&text, &format!("id=\"{id}\"")), 1, "chart {id}");
    }
    assert!(text.contains("What limits the plan"));
    text
}

#[test]
fn mali_report_has_map_charts_tables_and_sources() {
    let p = mali();
    let text = check(p, "html-mali");
    // Mali is the planned country, drawn and labelled as such.
    assert!(text.contains("class=\"country planned\""));
    assert!(text.contains(">MALI</text>"));
    // The scenario's documents are shown, escaped.
    assert!(text.contains("<summary>README.md</summary>"));
    assert!(text.contains("<summary>ASSUMPTIONS.md</summary>"));
    assert!(text.contains("Cadre Harmonisé"));
    // Same input, same bytes.
    assert_eq!(text, html::render(&p.report(), &p.documents()));
}

#[test]
fn syria_report_renders() {
    let text = check(syria(), "html-syria");
    assert!(text.contains("class=\"country planned\""), "Syria is the planned country");
}

#[test]
fn scenario_text_is_escaped() {
    let p = mali();
    let docs = [html::Document { name: "<x>.md", markdown: "# <script>alert(1)</script>\n" }];
    let text = html::render(&p.report(), &docs);
    assert!(!text.contains("<script>"));
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

/// A confirmation whose cost re-solve did not end optimal: the report and plan.json say
/// "not measured" rather than leave a blank or a zero that reads as "no saving".
#[test]
fn an_unmeasured_confirmation_is_shown_as_not_measured() {
    use hinterland_plan::plan::Measured;
    let p = mali();
    let mut plan = p.plan().clone();
    let first = &mut plan.shadow_prices[0];
    first.measured = Some(Measured { delta: 1.0, service_per_unit: Some(1500.0), usd_saved_per_unit: None });
    let row = first.row.display(&p.scenario).to_string();
    let r = hinterland_report::Report { plan: &plan, ..p.report() };
    let text = html::render(&r, &[]);
    assert_eq!(count(&text, "not measured"), 1, "one cell");
    assert!(text.contains("(the cost re-solve did not end optimal)"));
    let json: serde_json::Value = serde_json::from_str(&hinterland_report::json::render(&r)).unwrap();
    let entry = json["shadow_prices"].as_array().unwrap().iter().find(|e| e["row"] == row.as_str()).unwrap();
    assert_eq!(entry["measured"]["weighted_person_days_per_unit"], 1500.0);
    assert!(entry["measured"]["usd_saved_per_unit"].is_null(), "{entry}");
}
