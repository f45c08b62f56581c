//! plan.geojson parses as GeoJSON and carries the plan's flows.

use ::geojson::{Feature, GeoJson, Value};
use hinterland_model::NodeKind;
use hinterland_report::geojson;

use crate::support::{Planned, assert_close, mali, syria};

fn check(p: &Planned) {
    let r = p.report();
    let text = geojson::render(&r);
    let gj: GeoJson = text.parse().expect("valid GeoJSON");
    let GeoJson::FeatureCollection(fc) = gj else { panic!("expected a FeatureCollection") };
    let s = r.scenario;
    let layer = |f: &Feature| f.property("layer").and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let nodes: Vec<_> = fc.features.iter().filter(|f| layer(f) == "node").collect();
    let lanes: Vec<_> = fc.features.iter().filter(|f| layer(f) == "lane").collect();
    assert_eq!(nodes.len(), s.nodes.len());
    assert_eq!(lanes.len(), s.lanes.len());
    assert_eq!(fc.features.len(), s.nodes.len() + s.lanes.len());
    for f in &nodes {
        let g = f.geometry.as_ref().expect("geometry");
        let Value::Point(c) = &g.value else { panic!("nodes are points") };
        assert!((-180.0..=180.0).contains(&c[0]) && (-90.0..=90.0).contains(&c[1]));
    }
    for f in &lanes {
        let Value::LineString(c) = &f.geometry.as_ref().expect("geometry").value else {
            panic!("lanes are lines")
        };
        assert_eq!(c.len(), 2);
    }
    // Flow totals equal the plan's.
    let num = |f: &Feature, k: &str| f.property(k).and_then(serde_json::Value::as_f64).unwrap_or(0.0);
    let total: f64 = lanes.iter().map(|f| num(f, "tonnes")).sum();
    let plan_total: f64 = r.plan.flows.iter().map(|f| f.tonnes).sum();
    assert_close(total, plan_total, 1e-6);
    let by_period: f64 = lanes
        .iter()
        .map(|f| s.calendar.periods().map(|t| num(f, &format!("t_{}", s.calendar.label(t)))).sum::<f64>())
        .sum();
    assert_close(by_period, plan_total, 1e-6);
    let transport: f64 = lanes.iter().map(|f| num(f, "cost_usd")).sum();
    assert_close(transport, r.plan.costs.transport, 1e-6);
    // Districts carry service.
    let served: f64 = nodes
        .iter()
        .filter(|f| f.property("kind").and_then(|v| v.as_str()) == Some(NodeKind::District.as_str()))
        .map(|f| num(f, "person_days_served"))
        .sum();
    assert_close(served, r.plan.person_days_served(), 1e-6);
}

#[test]
fn mali_geojson_is_valid_and_carries_the_plan() {
    check(mali());
}

#[test]
fn syria_geojson_is_valid_and_carries_the_plan() {
    check(syria());
}
