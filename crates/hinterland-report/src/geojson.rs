//! `plan.geojson`: the scenario's nodes (points) and lanes (lines) with the plan's flows as
//! properties, for QGIS and other GIS tools.
//!
//! Wire format: an RFC 7946 FeatureCollection; coordinates are `[longitude, latitude]` in
//! WGS 84. Every feature has a `layer` property (`node` or `lane`) so one file can be split
//! into two layers. Lanes carry `tonnes` (all periods) and one `t_<period>` property per
//! period; nodes carry their throughput and, for districts, need and service. The top-level
//! member `hinterland_schema_version` is bumped on any incompatible change. Numbers are in
//! full precision, as in `plan.json`.

use serde_json::{Map, Value, json};

use hinterland_model::NodeKind;

use crate::json::exact;
use crate::{Report, tables};

pub const SCHEMA_VERSION: u32 = 1;

fn point(lon: f64, lat: f64) -> Value {
    json!([exact(lon), exact(lat)])
}

/// The plan as a GeoJSON FeatureCollection (deterministic for a given plan).
pub fn render(r: &Report<'_>) -> String {
    let s = r.scenario;
    let plan = r.plan;
    let cal = &s.calendar;
    let through = tables::node_throughput(s, plan);
    let lane_t = tables::lane_tonnes(s, plan);
    let lane_tp = tables::lane_tonnes_by_period(s, plan);
    let districts = tables::by_district(s, plan);
    // Highest end-of-period stock, all commodities together.
    let mut stock = vec![vec![0.0_f64; cal.len()]; s.nodes.len()];
    for st in &plan.stocks {
        stock[st.node.index()][st.period.index()] += st.tonnes;
    }
    let stock_by_node: Vec<f64> = stock.iter().map(|v| v.iter().copied().fold(0.0, f64::max)).collect();

    let mut features = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        let mut p = Map::new();
        p.insert("layer".into(), json!("node"));
        p.insert("id".into(), json!(n.code));
        p.insert("name".into(), json!(n.name));
        p.insert("kind".into(), json!(n.kind.as_str()));
        p.insert("country".into(), json!(n.country));
        p.insert("storage_capacity_t".into(), json!(n.storage_capacity_t));
        p.insert("throughput_t".into(), json!(exact(through[i])));
        p.insert("max_stock_t".into(), json!(exact(stock_by_node[i])));
        if n.kind == NodeKind::District
            && let Some(d) = districts.iter().find(|d| d.district == n.code)
        {
            p.insert("phase".into(), json!(d.phase));
            p.insert("person_days_in_need".into(), json!(exact(d.person_days_in_need)));
            p.insert("person_days_served".into(), json!(exact(d.person_days_served)));
            p.insert("share_served".into(), json!(exact(d.share())));
            p.insert("food_t".into(), json!(exact(d.tonnes_food)));
        }
        features.push(json!({
            "type": "Feature",
            "id": format!("node:{}", n.code),
            "geometry": { "type": "Point", "coordinates": point(n.lon, n.lat) },
            "properties": p,
        }));
    }
    for (i, l) in s.lanes.iter().enumerate() {
        let (a, b) = (s.node(l.from), s.node(l.to));
        let mut p = Map::new();
        p.insert("layer".into(), json!("lane"));
        p.insert("id".into(), json!(l.code));
        p.insert("from".into(), json!(a.code));
        p.insert("to".into(), json!(b.code));
        p.insert("mode".into(), json!(l.mode.as_str()));
        p.insert("corridor".into(), json!(l.corridor));
        p.insert("distance_km".into(), json!(l.distance_km));
        p.insert("cost_usd_per_t".into(), json!(l.cost_usd_per_t));
        p.insert("transit_periods".into(), json!(l.transit_periods));
        // JSON has no infinity: an unlimited lane has no capacity property value.
        let cap = l.capacity_t_per_period;
        p.insert("capacity_t_per_period".into(), if cap.is_finite() { json!(cap) } else { Value::Null });
        p.insert("tonnes".into(), json!(exact(lane_t[i])));
        p.insert("cost_usd".into(), json!(exact(lane_t[i] * l.cost_usd_per_t)));
        for t in cal.periods() {
            p.insert(format!("t_{}", cal.label(t)), json!(exact(lane_tp[i][t.index()])));
        }
        features.push(json!({
            "type": "Feature",
            "id": format!("lane:{}", l.code),
            "geometry": {
                "type": "LineString",
                "coordinates": [point(a.lon, a.lat), point(b.lon, b.lat)],
            },
            "properties": p,
        }));
    }
    let doc = json!({
        "type": "FeatureCollection",
        "name": s.name,
        "hinterland_schema_version": SCHEMA_VERSION,
        "features": features,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("GeoJSON has only finite-or-null numbers");
    text.push('\n');
    text
}
