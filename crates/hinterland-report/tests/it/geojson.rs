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
    let nonfood: Vec<_> = fc.features.iter().filter(|f| layer(f) == "nonfood").collect();
    assert_eq!(nodes.len(), s.nodes.len());
    assert_eq!(lanes.len(), s.lanes.len());
    // One non-food point per node and commodity asked for in demand.csv.
    let asked: std::collections::BTreeSet<_> =
        s.demand_ids().map(|k| (s.demand(k).node, s.demand(k).commodity)).collect();
    assert_eq!(nonfood.len(), asked.len());
    assert_eq!(fc.features.len(), s.nodes.len() + s.lanes.len() + asked.len());
    for f in &nodes {
        let g = f.geometry.as_ref().expect("geometry");
        let Value::Point(c) = &g.value else { panic!("nodes are points") };
        assert!((-180.0..=180.0).contains(&c[0]) && (-90.0..=90.0).contains(&c[1]));
    }
    for f in &lanes {
        // A line between the lane's ends, or a point where both ends are at one place.
        match &f.geometry.as_ref().expect("geometry").value {
            Value::LineString(c) => assert!(c.len() == 2 && c[0] != c[1], "a line of two places"),
            Value::Point(_) => {}
            other => panic!("a lane is a {other:?}"),
        }
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
    // Food and non-food add up to the whole, lane by lane and period by period.
    for f in &lanes {
        assert_close(num(f, "food_t") + num(f, "nonfood_t"), num(f, "tonnes"), 1e-12);
        for t in s.calendar.periods() {
            let l = s.calendar.label(t);
            let split = num(f, &format!("food_t_{l}")) + num(f, &format!("nonfood_t_{l}"));
            assert_close(split, num(f, &format!("t_{l}")), 1e-12);
        }
    }
    // Districts carry people reached and coverage.
    let districts: Vec<_> = nodes
        .iter()
        .filter(|f| f.property("kind").and_then(|v| v.as_str()) == Some(NodeKind::District.as_str()))
        .collect();
    let reached: f64 = districts.iter().map(|f| num(f, "person_days_reached")).sum();
    assert_close(reached, r.plan.person_days_served(), 1e-6);
    let value: f64 = districts.iter().map(|f| num(f, "value_person_days")).sum();
    assert_close(value, r.plan.value_person_days.iter().sum(), 1e-6);
    for f in districts.iter().filter(|f| num(f, "person_days_in_need") > 0.0) {
        assert_close(num(f, "coverage"), num(f, "value_person_days") / num(f, "person_days_in_need"), 1e-12);
    }
    // Per period, the grams of each food make up the ration's size.
    let mut periods_checked = 0;
    for f in &districts {
        for t in s.calendar.periods() {
            let l = s.calendar.label(t);
            let Some(size) = f.property(format!("g_per_person_day_{l}")).and_then(serde_json::Value::as_f64)
            else {
                continue;
            };
            let parts: f64 = s.commodities.iter().map(|c| num(f, &format!("g_{}_{l}", c.code))).sum();
            assert_close(parts, size, 1e-9);
            periods_checked += 1;
        }
    }
    assert!(periods_checked > 0, "districts carry their rations per period");
}

#[test]
fn mali_geojson_is_valid_and_carries_the_plan() {
    check(mali());
}

#[test]
fn syria_geojson_is_valid_and_carries_the_plan() {
    check(syria());
}
