//! `plan.geojson`: the scenario's nodes (points) and lanes (lines) with the plan's flows as
//! properties, for QGIS and other GIS tools.
//!
//! Wire format: an RFC 7946 FeatureCollection; coordinates are `[longitude, latitude]` in
//! WGS 84. Every feature has a `layer` property (`node`, `lane` or `nonfood`) so one file can
//! be split into layers. Every geometry is valid: a lane whose two ends share coordinates is
//! a point, not a line of zero length. Lanes carry `tonnes` (all goods, all periods), `food_t` and
//! `nonfood_t`, and per period `t_<period>`, `food_t_<period>` and `nonfood_t_<period>`;
//! nodes carry their throughput and, for districts, need, people reached, coverage and food
//! (over the horizon; need and coverage also per phase), and per period with need the people reached, coverage, the ration's
//! grams of each food and its share of each floor (all need rows of the period together); `nonfood` points are the non-food deliveries,
//! one per node and commodity asked for in demand.csv. docs/plan-json.md lists every property.
//! The top-level member `hinterland_schema_version` is bumped on any incompatible change.
//! Numbers are in full precision, as in `plan.json`.

use serde_json::{Map, Value, json};

use hinterland_model::NodeKind;

use crate::goods::{self, Goods};
use crate::json::exact;
use crate::{Report, people, tables};

/// Version 3: a lane whose two ends are at the same place is a point, not a line of zero
/// length. Version 2: `person_days_served`/`share_served` became `person_days_reached`/
/// `share_reached`; coverage, food and non-food apart, and the `nonfood` layer added.
pub const SCHEMA_VERSION: u32 = 3;

/// One district in one period, all its need rows together.
#[derive(Clone, Default)]
struct Cell {
    need: f64,
    reached: f64,
    value: f64,
    food_t: f64,
    /// Per commodity: grams per person-day times person-days reached.
    grams: Vec<f64>,
    /// Per ration limit: its amount per person-day times person-days reached.
    ration: Vec<f64>,
}

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
    let lane_g = goods::lane_tonnes(s, plan);
    let lane_gp = goods::lane_tonnes_by_period(s, plan);
    let districts = tables::by_district(s, plan);
    let by_phase = tables::by_district_phase(s, plan);
    // Per district and period, all its need rows together: person-days in need, reached and
    // of full ration, food eaten (t), and per commodity and per ration limit the amounts
    // eaten (g, or the limit's unit, times person-days reached).
    let foods = people::foods_eaten(s, plan);
    let floors = people::floors(s);
    let mut cells = vec![vec![None::<Cell>; cal.len()]; s.nodes.len()];
    for n in people::need_rows(s, plan) {
        let c = cells[n.node.index()][n.period.index()].get_or_insert_with(|| Cell {
            grams: vec![0.0; s.commodities.len()],
            ration: vec![0.0; s.ration.limits.len()],
            ..Cell::default()
        });
        c.need += n.person_days_in_need;
        c.reached += n.person_days_reached;
        c.value += n.value_person_days;
        c.food_t += n.food_t;
        for (g, x) in c.grams.iter_mut().zip(&n.grams) {
            *g += x * n.person_days_reached;
        }
        for (a, x) in c.ration.iter_mut().zip(&n.ration) {
            *a += x * n.person_days_reached;
        }
    }
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
            p.insert("person_days_reached".into(), json!(exact(d.person_days_served)));
            p.insert("share_reached".into(), json!(exact(d.share())));
            p.insert("value_person_days".into(), json!(exact(d.value_person_days)));
            p.insert("coverage".into(), json!(exact(d.coverage())));
            p.insert("food_t".into(), json!(exact(d.tonnes_food)));
            // Each phase apart: a blended coverage hides that one phase is fed in full.
            for ph in by_phase.iter().filter(|x| x.district == n.code) {
                p.insert(
                    format!("person_days_in_need_phase_{}", ph.phase),
                    json!(exact(ph.person_days_in_need)),
                );
                p.insert(format!("coverage_phase_{}", ph.phase), json!(exact(ph.coverage())));
            }
            for t in cal.periods() {
                let Some(c) = &cells[i][t.index()] else { continue };
                let label = cal.label(t);
                let per_person = |v: f64| if c.reached > 0.0 { exact(v / c.reached) } else { 0.0 };
                p.insert(format!("people_reached_{label}"), json!(exact(c.reached / cal.days(t))));
                p.insert(
                    format!("coverage_{label}"),
                    json!(if c.need > 0.0 { exact(c.value / c.need) } else { 0.0 }),
                );
                p.insert(format!("g_per_person_day_{label}"), json!(per_person(c.food_t * 1e6)));
                for f in &foods {
                    let code = &s.commodity(*f).code;
                    p.insert(format!("g_{code}_{label}"), json!(per_person(c.grams[f.index()])));
                }
                for &k in &floors {
                    let share = per_person(c.ration[k]) / s.ration.limits[k].bounds.min;
                    let item = people::limit_item(s, k);
                    p.insert(format!("share_of_floor_{item}_{label}"), json!(exact(share)));
                }
            }
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
        p.insert("food_t".into(), json!(exact(lane_g[i][Goods::Food.index()])));
        p.insert("nonfood_t".into(), json!(exact(lane_g[i][Goods::Nonfood.index()])));
        p.insert("cost_usd".into(), json!(exact(lane_t[i] * l.cost_usd_per_t)));
        for t in cal.periods() {
            let label = cal.label(t);
            let g = lane_gp[i][t.index()];
            p.insert(format!("t_{label}"), json!(exact(lane_tp[i][t.index()])));
            p.insert(format!("food_t_{label}"), json!(exact(g[Goods::Food.index()])));
            p.insert(format!("nonfood_t_{label}"), json!(exact(g[Goods::Nonfood.index()])));
        }
        // A lane whose two ends are at the same place (a hub and the district it serves) is
        // a point there: a line of zero length is an invalid geometry in GIS tools.
        let geometry = if (a.lon, a.lat) == (b.lon, b.lat) {
            json!({ "type": "Point", "coordinates": point(a.lon, a.lat) })
        } else {
            json!({ "type": "LineString", "coordinates": [point(a.lon, a.lat), point(b.lon, b.lat)] })
        };
        features.push(json!({
            "type": "Feature",
            "id": format!("lane:{}", l.code),
            "geometry": geometry,
            "properties": p,
        }));
    }
    // Non-food deliveries: one point per node and commodity asked for.
    let mut asked: std::collections::BTreeMap<(usize, usize), [f64; 2]> = std::collections::BTreeMap::new();
    for k in s.demand_ids() {
        let d = s.demand(k);
        let e = asked.entry((d.node.index(), d.commodity.index())).or_default();
        e[0] += d.quantity_t;
        e[1] += plan.delivered_t[k.index()];
    }
    for ((n, c), [needed, delivered]) in asked {
        let (node, commodity) = (&s.nodes[n], &s.commodities[c]);
        features.push(json!({
            "type": "Feature",
            "id": format!("nonfood:{}:{}", node.code, commodity.code),
            "geometry": { "type": "Point", "coordinates": point(node.lon, node.lat) },
            "properties": {
                "layer": "nonfood",
                "node": node.code,
                "name": node.name,
                "commodity": commodity.code,
                "needed_t": exact(needed),
                "delivered_t": exact(delivered),
                "short_t": exact(needed - delivered),
            },
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
