//! The maps: country outlines, lanes drawn with width by tonnes moved and colour by mode,
//! nodes by kind. The food map ("where the food goes") draws only food tonnes, with districts
//! as circles sized by need and coloured by coverage; the non-food map draws only non-food
//! tonnes, with the places that asked for non-food goods sized by tonnes needed and coloured
//! by the share delivered. Pure SVG: hover titles give the numbers, no script is needed.
//! Each used lane carries its code in `data-lane` and its tonnes, in full, in `data-t`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hinterland_model::{Mode, NodeKind};
use hinterland_plan::explain::human;

use super::geo::{self, BBox, Projection};
use super::labels::{Box2, Label, place_labels};
use super::{esc, mode_colour, pct, share_colour};
use crate::goods::{self, Goods};
use crate::json::exact;
use crate::{Report, tables};

pub const WIDTH: f64 = 1160.0;

/// Two places on the map, in tenths of a pixel, the smaller first.
type Pair = ((i64, i64), (i64, i64));

/// Lanes with no flow.
const UNUSED: &str = "#9aa5b1";

fn f1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".to_owned() } else { format!("{r}") }
}

/// The `id` of the map of `goods`' svg element: `map` (food) or `map-nonfood`.
pub fn id(goods: Goods) -> &'static str {
    match goods {
        Goods::Food => "map",
        Goods::Nonfood => "map-nonfood",
    }
}

/// The map of `goods` as an `<svg id="map">` (food) or `<svg id="map-nonfood">` element.
pub fn render(r: &Report<'_>, goods: Goods) -> String {
    let s = r.scenario;
    let plan = r.plan;
    let points: Vec<(f64, f64)> = s.nodes.iter().map(|n| (n.lon, n.lat)).collect();
    let proj = Projection::fit(&points, WIDTH, 520.0, 860.0);
    let (w, h) = (proj.width, proj.height);
    let country = tables::planned_country(s);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg id=\"{}\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"map of the plan's {}\">",
        id(goods),
        f1(w),
        f1(h),
        goods.label()
    );
    let _ = write!(
        out,
        "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#dce9f2\"/>",
        f1(w),
        f1(h)
    );

    // Countries: rings whose box meets the view (with a margin so edges are not cut short).
    let margin = BBox {
        lon0: proj.view.lon0 - 2.0,
        lat0: proj.view.lat0 - 2.0,
        lon1: proj.view.lon1 + 2.0,
        lat1: proj.view.lat1 + 2.0,
    };
    let mut country_labels: Vec<Label> = Vec::new();
    out.push_str("<g class=\"countries\">");
    for c in geo::countries() {
        let mut d = String::new();
        let mut best: Option<((f64, f64), f64)> = None;
        for ring in &c.rings {
            let Some(b) = BBox::of(ring.iter().copied()) else { continue };
            if !b.intersects(&margin) {
                continue;
            }
            for (i, (lon, lat)) in ring.iter().enumerate() {
                let (x, y) = proj.xy(*lon, *lat);
                let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, f1(x), f1(y));
            }
            d.push('Z');
            let (cen, area) = geo::centroid(ring);
            if best.is_none_or(|(_, a)| area > a) {
                best = Some((cen, area));
            }
        }
        if d.is_empty() {
            continue;
        }
        let ours = c.iso2 == country || c.name == country;
        let _ = write!(
            out,
            "<path class=\"country{}\" d=\"{d}\" fill-rule=\"evenodd\"><title>{}</title></path>",
            if ours { " planned" } else { "" },
            esc(&c.name)
        );
        if let Some(((lon, lat), area)) = best {
            let (x, y) = proj.xy(lon, lat);
            // Label countries big enough to hold their name, away from the map's edge.
            let px_area = area * proj.px_per_km().powi(2) * 111.32 * 111.32;
            if px_area > 6000.0 && x > 40.0 && x < w - 40.0 && y > 20.0 && y < h - 20.0 {
                country_labels.push(Label {
                    x,
                    y,
                    r: 0.0,
                    text: c.name.to_uppercase(),
                    class: if ours { "clabel planned" } else { "clabel" },
                });
            }
        }
    }
    out.push_str("</g>");

    // Lanes: those between the same two places are bent apart so each stays visible.
    let tonnes: Vec<f64> = goods::lane_tonnes(s, plan).iter().map(|t| t[goods.index()]).collect();
    let tmax = tonnes.iter().copied().fold(0.0, f64::max);
    let xy: Vec<(f64, f64)> = s.nodes.iter().map(|n| proj.xy(n.lon, n.lat)).collect();
    let key = |p: (f64, f64)| ((p.0 * 10.0).round() as i64, (p.1 * 10.0).round() as i64);
    let mut groups: BTreeMap<Pair, Vec<usize>> = BTreeMap::new();
    for (i, l) in s.lanes.iter().enumerate() {
        let (a, b) = (key(xy[l.from.index()]), key(xy[l.to.index()]));
        if a != b {
            groups.entry((a.min(b), a.max(b))).or_default().push(i);
        }
    }
    let mut lanes: Vec<(usize, String)> = Vec::new();
    for ((ka, kb), members) in &groups {
        let k = members.len() as f64;
        for (j, &i) in members.iter().enumerate() {
            let l = &s.lanes[i];
            let (a, b) = (xy[l.from.index()], xy[l.to.index()]);
            // The bend's side is fixed by the sorted pair, not by the lane's direction.
            let (p, q) = ((ka.0 as f64 / 10.0, ka.1 as f64 / 10.0), (kb.0 as f64 / 10.0, kb.1 as f64 / 10.0));
            let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt().max(1e-9);
            let (nx, ny) = (-(q.1 - p.1) / len, (q.0 - p.0) / len);
            let off = (j as f64 - (k - 1.0) / 2.0) * 2.0 * (10.0_f64).min(len / 6.0);
            let d = if off == 0.0 {
                format!("M{},{}L{},{}", f1(a.0), f1(a.1), f1(b.0), f1(b.1))
            } else {
                let (mx, my) = (f64::midpoint(a.0, b.0) + nx * off, f64::midpoint(a.1, b.1) + ny * off);
                format!("M{},{}Q{},{} {},{}", f1(a.0), f1(a.1), f1(mx), f1(my), f1(b.0), f1(b.1))
            };
            lanes.push((i, d));
        }
    }
    // Unused lanes first, then used ones from the thickest down, so thin lanes stay on top.
    lanes.sort_by(|(i, _), (j, _)| tonnes[*j].total_cmp(&tonnes[*i]).then(i.cmp(j)));
    lanes.sort_by_key(|(i, _)| tonnes[*i] > 0.0);
    out.push_str("<g class=\"lanes\" fill=\"none\" stroke-linecap=\"round\">");
    for (i, d) in &lanes {
        let l = &s.lanes[*i];
        let t = tonnes[*i];
        let title = format!(
            "{}: {} → {} by {}, {} t of {} moved, {} km, US$ {}/t",
            l.code,
            s.node(l.from).name,
            s.node(l.to).name,
            l.mode.as_str(),
            human(t),
            goods.label(),
            human(l.distance_km),
            human(l.cost_usd_per_t)
        );
        if t > 0.0 {
            let width = 1.5 + 10.0 * (t / tmax).sqrt();
            let _ = write!(
                out,
                "<path class=\"lane used\" data-lane=\"{}\" data-mode=\"{}\" data-t=\"{}\" d=\"{d}\" stroke=\"{}\" stroke-width=\"{}\"><title>{}</title></path>",
                esc(&l.code),
                l.mode.as_str(),
                exact(t),
                mode_colour(l.mode),
                f1(width),
                esc(&title)
            );
        } else {
            let _ = write!(
                out,
                "<path class=\"lane unused\" data-mode=\"{}\" d=\"{d}\" stroke=\"{UNUSED}\" stroke-width=\"1\" stroke-dasharray=\"4 3\"><title>{}</title></path>",
                l.mode.as_str(),
                esc(&title)
            );
        }
    }
    out.push_str("</g>");

    // Nodes: districts (big circles) first, other kinds on top.
    let through = tables::node_throughput(s, plan);
    let mut node_svg = String::new();
    let mut labels: Vec<Label> = Vec::new();
    let mut symbols: Vec<Box2> = Vec::new();
    // Places asking for non-food goods go on top of the symbols of their nodes.
    let mut demand_svg = String::new();
    let demand = match goods {
        Goods::Food => {
            district_symbols(r, &xy, &mut node_svg, &mut labels);
            Vec::new()
        }
        Goods::Nonfood => demand_symbols(r, &xy, &mut demand_svg, &mut labels),
    };
    for (i, n) in s.nodes.iter().enumerate() {
        if n.kind == NodeKind::District || demand.contains(&i) {
            continue;
        }
        let (x, y) = xy[i];
        let title = format!(
            "{} ({}{}): {} t through",
            n.name,
            n.kind.as_str(),
            if n.storage_capacity_t > 0.0 {
                format!(", storage {} t", human(n.storage_capacity_t))
            } else {
                String::new()
            },
            human(through[i])
        );
        let shape = match n.kind {
            NodeKind::Port => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#0b3954\" stroke=\"#fff\"",
                f1(x - 5.0),
                f1(y - 5.0)
            ),
            NodeKind::Warehouse => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" fill=\"#8c6d46\" stroke=\"#fff\"",
                f1(x - 4.5),
                f1(y - 4.5)
            ),
            NodeKind::Border => format!(
                "<path d=\"M{},{}l5,5l-5,5l-5,-5z\" fill=\"#4d4d4d\" stroke=\"#fff\"",
                f1(x),
                f1(y - 5.0)
            ),
            NodeKind::Market => format!(
                "<path d=\"M{},{}l5.5,9.5h-11z\" fill=\"#6a3d9a\" stroke=\"#fff\"",
                f1(x),
                f1(y - 6.0)
            ),
            NodeKind::Hub | NodeKind::District => format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.5\"",
                f1(x),
                f1(y)
            ),
        };
        let _ = write!(
            node_svg,
            "{shape} class=\"node {}\"><title>{}</title>{}",
            n.kind.as_str(),
            esc(&title),
            closing(&shape)
        );
        symbols.push((x - 6.0, y - 6.0, x + 6.0, y + 6.0));
        if matches!(n.kind, NodeKind::Port | NodeKind::Market) {
            let class = if n.kind == NodeKind::Port { "nlabel port" } else { "nlabel market" };
            labels.push(Label { x, y, r: 6.0, text: n.name.clone(), class });
        }
    }
    symbols.extend(
        labels.iter().filter(|l| l.class == "nlabel").map(|l| (l.x - l.r, l.y - l.r, l.x + l.r, l.y + l.r)),
    );
    // Biggest districts get the first pick of places for their names, then ports and
    // markets, then the countries; the legend and the scale bar are kept clear.
    labels.sort_by(|a, b| b.r.total_cmp(&a.r));
    labels.extend(country_labels);
    let mut obstacles: Vec<Box2> = symbols.clone();
    obstacles.push(legend_box(s, &proj));
    obstacles.push((proj.width - proj.width / 6.0 - 30.0, proj.height - 34.0, proj.width, proj.height));
    let text = place_labels(&labels, w, h, &obstacles);
    let _ = write!(out, "<g class=\"nodes\">{node_svg}{demand_svg}</g><g class=\"labels\">{text}</g>");
    let (x0, y0, _, y1) = legend_box(s, &proj);
    out.push_str(&legend(s, (x0, y0), y1 - y0, tmax, goods));
    out.push_str(&scale_bar(&proj));
    out.push_str("</svg>");
    // The same legend on its own, at its natural size: on a phone the map is shrunk to a
    // third and the legend in it could not be read, so the style sheet shows this one
    // under the map instead.
    let _ = write!(
        out,
        "<svg class=\"map-legend\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 {}\" role=\"img\" aria-label=\"legend of the map of {}\">{}</svg>",
        f1(y1 - y0 + 4.0),
        goods.label(),
        legend(s, (2.0, 2.0), y1 - y0, tmax, goods)
    );
    out
}

/// The food map's districts: circles sized by need, coloured by coverage. A district with
/// people in several phases is a circle cut into one wedge per phase, most severe first
/// from the left, each coloured by its phase's coverage, and its label names the phases.
fn district_symbols(r: &Report<'_>, xy: &[(f64, f64)], node_svg: &mut String, labels: &mut Vec<Label>) {
    let s = r.scenario;
    let districts = tables::by_district(s, r.plan);
    let phases = tables::by_district_phase(s, r.plan);
    let need_max = districts.iter().map(|d| d.person_days_in_need).fold(0.0, f64::max);
    for d in &districts {
        let Some(i) = s.nodes.iter().position(|n| n.code == d.district) else { continue };
        let n = &s.nodes[i];
        let (x, y) = xy[i];
        let radius =
            if need_max > 0.0 { 4.0 + 16.0 * (d.person_days_in_need / need_max).sqrt() } else { 5.0 };
        let mine: Vec<&tables::DistrictRow> = phases.iter().filter(|p| p.district == d.district).collect();
        if mine.len() > 1 {
            let span = std::f64::consts::TAU / mine.len() as f64;
            let _ = write!(node_svg, "<g class=\"node district\" data-district=\"{}\">", esc(&d.district));
            for (k, p) in mine.iter().enumerate() {
                // From the bottom, clockwise: with two phases the first is the left half.
                let a0 = std::f64::consts::FRAC_PI_2 + span * k as f64;
                let a1 = a0 + span;
                let _ = write!(
                    node_svg,
                    "<path class=\"wedge\" data-phase=\"{}\" d=\"M{},{}L{},{}A{},{} 0 {} 1 {},{}Z\" fill=\"{}\"><title>{}, phase {}: coverage {} ({} of {} person-days in need reached); {} t of food</title></path>",
                    p.phase,
                    f1(x),
                    f1(y),
                    f1(x + radius * a0.cos()),
                    f1(y + radius * a0.sin()),
                    f1(radius),
                    f1(radius),
                    i32::from(span > std::f64::consts::PI),
                    f1(x + radius * a1.cos()),
                    f1(y + radius * a1.sin()),
                    share_colour(p.coverage()),
                    esc(&n.name),
                    p.phase,
                    pct(p.value_person_days, p.person_days_in_need),
                    pct(p.person_days_served, p.person_days_in_need),
                    human(p.person_days_in_need),
                    human(p.tonnes_food)
                );
            }
            node_svg.push_str("</g>");
            let names: Vec<String> = mine.iter().map(|p| format!("P{}", p.phase)).collect();
            let text = format!("{} ({})", n.name, names.join(" | "));
            labels.push(Label { x, y, r: radius, text, class: "nlabel" });
            continue;
        }
        let _ = write!(
            node_svg,
            "<circle class=\"node district\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{}: coverage {} ({} of {} person-days in need reached; phase {}); {} t of food</title></circle>",
            f1(x),
            f1(y),
            f1(radius),
            share_colour(d.coverage()),
            esc(&n.name),
            pct(d.value_person_days, d.person_days_in_need),
            pct(d.person_days_served, d.person_days_in_need),
            human(d.person_days_in_need),
            d.phase,
            human(d.tonnes_food)
        );
        labels.push(Label { x, y, r: radius, text: n.name.clone(), class: "nlabel" });
    }
}

/// The non-food map's places that asked for goods: circles sized by tonnes needed, coloured
/// by the share delivered; other districts as small dots. Returns the nodes drawn as demand.
fn demand_symbols(
    r: &Report<'_>,
    xy: &[(f64, f64)],
    node_svg: &mut String,
    labels: &mut Vec<Label>,
) -> Vec<usize> {
    let s = r.scenario;
    // Per node: (needed, delivered, commodities).
    let mut asked: BTreeMap<usize, (f64, f64, Vec<String>)> = BTreeMap::new();
    for k in s.demand_ids() {
        let d = s.demand(k);
        let e = asked.entry(d.node.index()).or_default();
        e.0 += d.quantity_t;
        e.1 += r.plan.delivered_t[k.index()];
        let code = &s.commodity(d.commodity).code;
        if !e.2.contains(code) {
            e.2.push(code.clone());
        }
    }
    for (i, n) in s.nodes.iter().enumerate() {
        if n.kind == NodeKind::District && !asked.contains_key(&i) {
            let (x, y) = xy[i];
            let _ = write!(
                node_svg,
                "<circle class=\"node plain\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"#b8b2a7\"><title>{}: no non-food goods asked for</title></circle>",
                f1(x),
                f1(y),
                esc(&n.name)
            );
        }
    }
    let max = asked.values().map(|a| a.0).fold(0.0, f64::max);
    for (&i, (needed, delivered, what)) in &asked {
        let n = &s.nodes[i];
        let (x, y) = xy[i];
        let radius = if max > 0.0 { 5.0 + 13.0 * (needed / max).sqrt() } else { 5.0 };
        let share = if *needed > 0.0 { delivered / needed } else { 1.0 };
        let _ = write!(
            node_svg,
            "<circle class=\"node demand\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{}: {} t of {} asked for, {} delivered</title></circle>",
            f1(x),
            f1(y),
            f1(radius),
            share_colour(share),
            esc(&n.name),
            human(*needed),
            esc(&what.join(", ")),
            pct(*delivered, *needed)
        );
        labels.push(Label { x, y, r: radius, text: n.name.clone(), class: "nlabel" });
    }
    asked.into_keys().collect()
}

/// The closing tag matching an opening tag written by `render`.
fn closing(open: &str) -> &'static str {
    if open.starts_with("<rect") {
        "</rect>"
    } else if open.starts_with("<path") {
        "</path>"
    } else {
        "</circle>"
    }
}

/// The modes and node kinds the legend lists.
fn legend_rows(s: &hinterland_model::Scenario) -> (Vec<Mode>, Vec<NodeKind>) {
    let modes: Vec<Mode> = Mode::ALL.into_iter().filter(|m| s.lanes.iter().any(|l| l.mode == *m)).collect();
    let kinds: Vec<NodeKind> =
        [NodeKind::Port, NodeKind::Border, NodeKind::Hub, NodeKind::Warehouse, NodeKind::Market]
            .into_iter()
            .filter(|k| s.nodes.iter().any(|n| n.kind == *k))
            .collect();
    (modes, kinds)
}

/// The legend's box, bottom left.
fn legend_box(s: &hinterland_model::Scenario, proj: &Projection) -> Box2 {
    let (modes, kinds) = legend_rows(s);
    let bh = 28.0 + 19.0 * (modes.len() + 2 + kinds.len()) as f64 + 52.0;
    (12.0, proj.height - bh - 12.0, 12.0 + 296.0, proj.height - 12.0)
}

/// The legend, its box `bh` high with its top left corner at `at`.
fn legend(s: &hinterland_model::Scenario, at: (f64, f64), bh: f64, tmax: f64, goods: Goods) -> String {
    let (modes, kinds) = legend_rows(s);
    let (x0, y0) = at;
    let mut out = String::new();
    let _ = write!(
        out,
        "<g class=\"legend\" transform=\"translate({},{})\"><rect width=\"296\" height=\"{}\" rx=\"6\" fill=\"#fff\" fill-opacity=\"0.92\" stroke=\"#c9c3b8\"/>",
        f1(x0),
        f1(y0),
        f1(bh)
    );
    let mut y = 20.0;
    let _ = write!(
        out,
        "<text class=\"lhead\" x=\"12\" y=\"20\">Lanes: colour = mode, width = {} t</text>",
        goods.label()
    );
    for m in &modes {
        y += 19.0;
        let _ = write!(
            out,
            "<line x1=\"14\" y1=\"{}\" x2=\"50\" y2=\"{}\" stroke=\"{}\" stroke-width=\"5\" stroke-linecap=\"round\"/><text x=\"60\" y=\"{}\">{}</text>",
            f1(y - 4.0),
            f1(y - 4.0),
            mode_colour(*m),
            f1(y),
            m.as_str()
        );
    }
    y += 19.0;
    let _ = write!(
        out,
        "<line x1=\"14\" y1=\"{0}\" x2=\"50\" y2=\"{0}\" stroke=\"{UNUSED}\" stroke-dasharray=\"4 3\"/><text x=\"60\" y=\"{1}\">not used by the plan</text>",
        f1(y - 4.0),
        f1(y)
    );
    y += 19.0;
    let _ = write!(
        out,
        "<line x1=\"14\" y1=\"{0}\" x2=\"50\" y2=\"{0}\" stroke=\"#666\" stroke-width=\"11.5\"/><text x=\"60\" y=\"{1}\">{2} t (largest lane)</text>",
        f1(y - 4.0),
        f1(y),
        human(tmax)
    );
    for k in &kinds {
        y += 19.0;
        let sym = match k {
            NodeKind::Port => "<rect x=\"27\" y=\"-9\" width=\"10\" height=\"10\" fill=\"#0b3954\"/>",
            NodeKind::Warehouse => "<rect x=\"27.5\" y=\"-8.5\" width=\"9\" height=\"9\" fill=\"#8c6d46\"/>",
            NodeKind::Border => "<path d=\"M32,-9l5,5l-5,5l-5,-5z\" fill=\"#4d4d4d\"/>",
            NodeKind::Market => "<path d=\"M32,-10l5.5,9.5h-11z\" fill=\"#6a3d9a\"/>",
            _ => "<circle cx=\"32\" cy=\"-4\" r=\"3.5\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.5\"/>",
        };
        let _ = write!(
            out,
            "<g transform=\"translate(0,{})\">{sym}<text x=\"60\" y=\"0\">{}</text></g>",
            f1(y),
            k.as_str()
        );
    }
    y += 24.0;
    let what = match goods {
        Goods::Food => "Districts: size = need, colour = coverage",
        Goods::Nonfood => "Places asking: size = t, colour = delivered",
    };
    let _ = write!(out, "<text class=\"lhead\" x=\"12\" y=\"{}\">{what}</text>", f1(y));
    out.push_str(&super::scale::share_legend(12.0, y + 7.0, 150.0, "step", ""));
    out.push_str("</g>");
    out
}

/// A scale bar, bottom right.
fn scale_bar(proj: &Projection) -> String {
    let mut out = String::new();
    let km = nice_km(proj.width / 6.0 / proj.px_per_km());
    let px = km * proj.px_per_km();
    let (sx, sy) = (proj.width - px - 20.0, proj.height - 18.0);
    let _ = write!(
        out,
        "<g class=\"scale\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"#333\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} km</text></g>",
        f1(sx),
        f1(sy),
        f1(px),
        f1(sx + px / 2.0),
        f1(sy - 5.0),
        human(km)
    );
    out
}

/// The largest 1, 2 or 5 × 10ⁿ not above `v`.
fn nice_km(v: f64) -> f64 {
    let p = 10f64.powf(v.max(1.0).log10().floor());
    [5.0, 2.0, 1.0].into_iter().map(|m| m * p).find(|c| *c <= v).unwrap_or(p)
}
