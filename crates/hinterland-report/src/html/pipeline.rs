//! The report's pipeline section: national stock and arrivals per commodity as a chart, the
//! last order per commodity that avoids a lean-season break, and the projected breaks.

use std::fmt::Write as _;

use hinterland_model::Period;

use super::esc;
use crate::Report;
use crate::pipeline::{Place, order_label, order_sentence, pipeline};

const W: f64 = 640.0;
const H: f64 = 220.0;
const PAD: f64 = 40.0;
const COLOURS: [&str; 8] =
    ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d96a3", "#2e4057", "#a05195"];

/// National closing stock per commodity and period, one line each (inline SVG).
fn chart(r: &Report<'_>) -> String {
    let s = r.scenario;
    let p = pipeline(s, r.plan);
    let t_count = s.calendar.len();
    let mut series: Vec<(String, Vec<f64>)> = Vec::new();
    for c in s.commodity_ids() {
        let mut v = vec![0.0; t_count];
        for row in p.rows.iter().filter(|x| x.place == Place::National && x.commodity == c) {
            v[row.period.index()] = row.closing_t + row.arrivals_t;
        }
        if v.iter().any(|x| *x > 0.0) {
            series.push((s.commodity(c).code.clone(), v));
        }
    }
    let top = series.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::max).max(1.0);
    let x = |t: usize| PAD + (W - 2.0 * PAD) * (t as f64 + 0.5) / t_count.max(1) as f64;
    let y = |v: f64| H - PAD - (H - 2.0 * PAD) * v / top;
    let mut out = format!("<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"national pipeline\">");
    let _ = write!(
        out,
        "<line x1=\"{PAD}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#888\"/>",
        H - PAD,
        W - PAD
    );
    for t in 0..t_count {
        if t % 2 == 0 || t_count <= 14 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
                x(t),
                H - PAD + 14.0,
                esc(s.calendar.label(Period(t as u32)))
            );
        }
    }
    let _ = write!(out, "<text x=\"4\" y=\"{:.1}\" font-size=\"9\">{:.0} t</text>", PAD - 4.0, top);
    for (k, (name, v)) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let points: Vec<String> =
            v.iter().enumerate().map(|(t, v)| format!("{:.1},{:.1}", x(t), y(*v))).collect();
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{}\"><title>{}</title></polyline>",
            points.join(" "),
            esc(name)
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\">{}</text>",
            W - PAD + 2.0,
            12.0 + 11.0 * k as f64,
            esc(name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Appends the section to `out`.
pub(crate) fn section(out: &mut String, r: &Report<'_>) {
    let s = r.scenario;
    let p = pipeline(s, r.plan);
    out.push_str("<h2>Orders and the pipeline</h2>");
    let have: f64 = s.opening.iter().map(|o| o.quantity_t).sum();
    let coming: f64 = s.pipeline.iter().map(|x| x.quantity_t).sum();
    let bought: f64 = r.plan.purchases.iter().map(|x| x.tonnes).sum();
    let _ = write!(
        out,
        "<p>What we have: {have:.0} t on hand at the start. What is coming: {coming:.0} t in the pipeline. What we must still buy: {bought:.0} t.</p>"
    );
    let _ = write!(
        out,
        "<figure><figcaption>In the country: arrivals plus stock held at the end of each period, per commodity (t)</figcaption>{}<p class=\"note\">pipeline_view.csv has every port and warehouse, with months of cover.</p></figure>",
        chart(r)
    );
    if !p.last_orders.is_empty() {
        out.push_str("<p>Last order that avoids a lean-season break (reaching every district in need in time):</p><ul>");
        for o in &p.last_orders {
            let _ = write!(out, "<li>{}</li>", esc(&order_sentence(s, o)));
        }
        out.push_str("</ul>");
    }
    if p.breaks.is_empty() {
        out.push_str("<p>No projected break: no district's coverage falls from one period to the next.</p>");
    } else {
        out.push_str("<p>Projected breaks:</p><ul>");
        for b in &p.breaks {
            let order = b.order.as_ref().map_or_else(
                || "no offer reaches it in time".to_owned(),
                |o| format!("order by {}: {}", order_label(s, o.order), order_sentence(s, o)),
            );
            let _ = write!(
                out,
                "<li>{} in {}: {:.1}% → {:.1}%; {}</li>",
                esc(&s.node(b.district).name),
                esc(s.calendar.label(b.period)),
                100.0 * b.coverage_before,
                100.0 * b.coverage_after,
                esc(&order)
            );
        }
        out.push_str("</ul>");
    }
}
