//! The report's charts, as inline SVG: need against service per period, coverage per
//! district and period, tonnes by corridor and mode over time, stock levels, spending by
//! fund and by cost category. Every figure comes from [`crate::tables`].

use std::fmt::Write as _;

use hinterland_plan::explain::human;

use super::{PALETTE, esc, pct, share_colour};
use crate::goods::{self, Goods};
use crate::{Report, tables};

/// Colours used only by charts (the screenshot test looks for them): people in need,
/// people reached, and person-days of full ration per day.
pub const NEED: &str = "#c5d0dc";
pub const SERVED: &str = "#2f7d4f";
pub const COVERED: &str = "#0b5d7a";

const W: f64 = 560.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 14.0;

fn f1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".to_owned() } else { format!("{r}") }
}

/// Short axis numbers: 1.2M, 350k, 12.
pub fn short(v: f64) -> String {
    let a = v.abs();
    let (x, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let s = if x.fract().abs() < 1e-9 { format!("{x:.0}") } else { format!("{x:.1}") };
    format!("{}{suffix}", s.trim_end_matches(".0"))
}

/// `s` cut to `n` characters with an ellipsis.
pub fn clip_label(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// A step of 1, 2 or 5 × 10ⁿ giving about `n` ticks up to `max`.
fn tick_step(max: f64, n: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / n;
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|c| *c >= raw).unwrap_or(10.0 * p)
}

/// Swatches with labels, wrapped over lines; returns the SVG and its height.
fn legend(items: &[(String, String)], y0: f64) -> (String, f64) {
    let mut out = String::new();
    let (mut x, mut y) = (LEFT, y0 + 12.0);
    for (label, colour) in items {
        let wdt = 22.0 + 6.6 * label.chars().count() as f64;
        if x + wdt > W - RIGHT && x > LEFT {
            x = LEFT;
            y += 17.0;
        }
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"11\" height=\"11\" rx=\"2\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            f1(x),
            f1(y - 9.5),
            f1(x + 15.0),
            f1(y),
            esc(label)
        );
        x += wdt + 10.0;
    }
    (out, y - y0 + 10.0)
}

struct Frame {
    top: f64,
    plot_h: f64,
    max: f64,
}

impl Frame {
    fn y(&self, v: f64) -> f64 {
        self.top + self.plot_h * (1.0 - v / self.max)
    }
}

/// Y axis with grid lines and period labels under `n` slots; returns the frame.
fn axes(out: &mut String, top: f64, plot_h: f64, max: f64, unit: &str, labels: &[&str]) -> Frame {
    let step = tick_step(max, 5.0);
    let max = if max > 0.0 { (max / step).ceil() * step } else { 1.0 };
    let f = Frame { top, plot_h, max };
    let mut v = 0.0;
    while v <= max + step * 1e-9 {
        let y = f.y(v);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(LEFT),
            f1(y),
            f1(W - RIGHT),
            f1(y),
            f1(LEFT - 6.0),
            f1(y + 4.0),
            short(v)
        );
        v += step;
    }
    let _ = write!(
        out,
        "<text class=\"unit\" x=\"{}\" y=\"{}\" transform=\"rotate(-90 {} {})\" text-anchor=\"middle\">{}</text>",
        14,
        f1(top + plot_h / 2.0),
        14,
        f1(top + plot_h / 2.0),
        esc(unit)
    );
    let slot = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let every = (labels.len() as f64 * 46.0 / (W - LEFT - RIGHT)).ceil().max(1.0) as usize;
    for (i, l) in labels.iter().enumerate() {
        if i % every == 0 {
            let x = LEFT + slot * (i as f64 + 0.5);
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                f1(x),
                f1(top + plot_h + 16.0),
                esc(l)
            );
        }
    }
    f
}

fn open(out: &mut String, id: &str, h: f64, label: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {}\" role=\"img\" aria-label=\"{}\">",
        f1(h),
        esc(label)
    );
}

/// Stacked bars per period: `series` of (label, colour, value per period).
fn stacked(
    id: &str,
    label: &str,
    unit: &str,
    periods: &[&str],
    series: &[(String, String, Vec<f64>)],
) -> String {
    let (leg, lh) = legend(&series.iter().map(|(l, c, _)| (l.clone(), c.clone())).collect::<Vec<_>>(), 0.0);
    let top = lh + 14.0;
    let plot_h = 210.0;
    let h = top + plot_h + 28.0;
    let mut out = String::new();
    open(&mut out, id, h, label);
    out.push_str(&leg);
    let totals: Vec<f64> = (0..periods.len()).map(|t| series.iter().map(|s| s.2[t]).sum()).collect();
    let f = axes(&mut out, top, plot_h, totals.iter().copied().fold(0.0, f64::max), unit, periods);
    let slot = (W - LEFT - RIGHT) / periods.len().max(1) as f64;
    let bw = slot * 0.72;
    for t in 0..periods.len() {
        let x = LEFT + slot * t as f64 + (slot - bw) / 2.0;
        let mut acc = 0.0;
        for (l, c, values) in series {
            let v = values[t];
            if v <= 0.0 {
                continue;
            }
            let (y1, y0) = (f.y(acc + v), f.y(acc));
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{c}\"><title>{} {}: {} {}</title></rect>",
                f1(x),
                f1(y1),
                f1(bw),
                f1((y0 - y1).max(0.5)),
                esc(l),
                esc(periods[t]),
                human(v),
                esc(unit)
            );
            acc += v;
        }
    }
    if series.is_empty() || totals.iter().all(|v| *v <= 0.0) {
        let _ = write!(
            out,
            "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">nothing in this plan</text>",
            f1(W / 2.0),
            f1(top + plot_h / 2.0)
        );
    }
    out.push_str("</svg>");
    out
}

fn period_labels<'a>(r: &Report<'a>) -> Vec<&'a str> {
    r.scenario.calendar.periods().map(|t| r.scenario.calendar.label(t)).collect()
}

/// People in need, people reached and person-days of full ration (average per day), per
/// period.
pub fn need_vs_served(r: &Report<'_>) -> String {
    let rows = tables::by_period(r.scenario, r.plan);
    let labels: Vec<&str> = rows.iter().map(|p| p.period.as_str()).collect();
    let items = [
        ("in need".to_owned(), NEED.to_owned()),
        ("reached".to_owned(), SERVED.to_owned()),
        ("fed in full (full-ration equivalent)".to_owned(), COVERED.to_owned()),
    ];
    let (leg, lh) = legend(&items, 0.0);
    let top = lh + 14.0;
    let plot_h = 210.0;
    let mut out = String::new();
    open(
        &mut out,
        "chart-service",
        top + plot_h + 28.0,
        "people in need, reached and fed in full per period",
    );
    out.push_str(&leg);
    let max = rows.iter().map(|p| p.people_in_need.max(p.people_served)).fold(0.0, f64::max);
    let f = axes(&mut out, top, plot_h, max, "people per day", &labels);
    let slot = (W - LEFT - RIGHT) / rows.len().max(1) as f64;
    let bw = slot * 0.27;
    for (t, p) in rows.iter().enumerate() {
        let x = LEFT + slot * t as f64 + slot * 0.095;
        let bars = [
            (p.people_in_need, NEED, "people in need".to_owned()),
            (
                p.people_served,
                SERVED,
                format!("people reached ({} of need)", pct(p.person_days_served, p.person_days_in_need)),
            ),
            (
                p.value_person_days / p.days,
                COVERED,
                format!(
                    "people fed in full, full-ration equivalent (coverage {})",
                    pct(p.value_person_days, p.person_days_in_need)
                ),
            ),
        ];
        for (k, (v, c, what)) in bars.into_iter().enumerate() {
            if v <= 0.0 {
                continue;
            }
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{c}\"><title>{}: {} {}</title></rect>",
                f1(x + k as f64 * bw),
                f1(f.y(v)),
                f1(bw),
                f1((f.y(0.0) - f.y(v)).max(0.5)),
                esc(&p.period),
                human(v),
                esc(&what)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Coverage per district (rows) and period (columns).
pub fn district_heatmap(r: &Report<'_>) -> String {
    let s = r.scenario;
    let cells = tables::by_district_period(s, r.plan);
    // One row per district and phase: a district with several phases shows each apart.
    let districts = tables::by_district_phase(s, r.plan);
    let phases = tables::phases_per_district(&districts);
    let periods: Vec<u32> = {
        let mut p: Vec<u32> = cells.iter().map(|c| c.period.0).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    let name_w = 128.0;
    let row_h = 17.0;
    let top = 28.0;
    let h = top + row_h * districts.len() as f64 + 44.0;
    let mut out = String::new();
    open(&mut out, "chart-districts", h, "coverage per district and period");
    let cw = (W - name_w - 70.0) / periods.len().max(1) as f64;
    for (j, t) in periods.iter().enumerate() {
        let every = (periods.len() as f64 * 46.0 / (W - name_w - 70.0)).ceil().max(1.0) as usize;
        if j % every == 0 {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                f1(name_w + cw * (j as f64 + 0.5)),
                f1(top - 8.0),
                esc(s.calendar.label(hinterland_model::Period(*t)))
            );
        }
    }
    let _ = write!(
        out,
        "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">all</text>",
        f1(W - 8.0),
        f1(top - 8.0)
    );
    for (i, d) in districts.iter().enumerate() {
        let y = top + row_h * i as f64;
        let name = if phases.get(&d.district).copied().unwrap_or(1) > 1 {
            format!("{} P{}", clip_label(&d.name, 16), d.phase)
        } else {
            clip_label(&d.name, 20)
        };
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(name_w - 6.0),
            f1(y + row_h * 0.7),
            esc(&name)
        );
        for c in cells.iter().filter(|c| c.district == d.district && c.phase == d.phase) {
            let Some(j) = periods.iter().position(|p| *p == c.period.0) else { continue };
            let _ = write!(
                out,
                "<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} phase {} {}: coverage {}, {} of {} person-days in need reached</title></rect>",
                f1(name_w + cw * j as f64 + 0.5),
                f1(y + 0.5),
                f1(cw - 1.0),
                f1(row_h - 1.0),
                share_colour(c.coverage()),
                esc(&d.name),
                d.phase,
                esc(s.calendar.label(c.period)),
                pct(c.value_person_days, c.person_days_in_need),
                pct(c.person_days_served, c.person_days_in_need),
                human(c.person_days_in_need)
            );
        }
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(W - 8.0),
            f1(y + row_h * 0.7),
            pct(d.value_person_days, d.person_days_in_need)
        );
    }
    let ly = top + row_h * districts.len() as f64 + 14.0;
    out.push_str(&super::scale::share_legend(name_w, ly, 160.0, "tick", "coverage"));
    out.push_str("</svg>");
    out
}

/// Tonnes entering the planned country per corridor and mode, by period of dispatch.
pub fn corridors(r: &Report<'_>) -> String {
    let labels = period_labels(r);
    let series: Vec<(String, String, Vec<f64>)> = tables::corridor_series(r.scenario, r.plan)
        .into_iter()
        .enumerate()
        .map(|(i, (_mode, _goods, s))| (s.label, PALETTE[i % PALETTE.len()].to_owned(), s.values))
        .collect();
    stacked("chart-corridors", "tonnes by corridor and mode per period", "tonnes", &labels, &series)
}

/// End-of-period stock per warehouse (all commodities).
pub fn stocks(r: &Report<'_>) -> String {
    let labels = period_labels(r);
    let series: Vec<(String, String, Vec<f64>)> = tables::stock_series(r.scenario, r.plan)
        .into_iter()
        .enumerate()
        .map(|(i, (_goods, s))| (s.label, PALETTE[(i + 3) % PALETTE.len()].to_owned(), s.values))
        .collect();
    stacked("chart-stocks", "stock at the end of each period", "tonnes in stock", &labels, &series)
}

/// Horizontal stacked bars: per fund (purchases, logistics, left) and costs by category.
pub fn spending(r: &Report<'_>) -> String {
    let funds = tables::by_fund(r.scenario, r.plan);
    let c = r.plan.costs;
    let by_goods = goods::costs(r.scenario, r.plan);
    let cats_of = |c: hinterland_plan::CostBreakdown| {
        [
            ("purchase", c.purchase, PALETTE[0]),
            ("transport", c.transport, PALETTE[1]),
            ("handling", c.handling, PALETTE[2]),
            ("storage", c.storage, PALETTE[4]),
        ]
    };
    let cats = cats_of(c);
    let parts = [("purchases", PALETTE[0]), ("logistics", PALETTE[5]), ("not spent", "#e3e0d8")];
    let mut items: Vec<(String, String)> =
        cats.iter().map(|(l, _, c)| ((*l).to_owned(), (*c).to_owned())).collect();
    items.push(("logistics paid by a fund".to_owned(), PALETTE[5].to_owned()));
    items.push(("not spent".to_owned(), "#e3e0d8".to_owned()));
    let (leg, lh) = legend(&items, 0.0);
    let labels: Vec<String> = Goods::ALL
        .iter()
        .map(|g| format!("{} costs", g.label()))
        .chain(funds.iter().map(|f| clip_label(&f.name, 30)))
        .collect();
    let name_w = 12.0 + 6.4 * labels.iter().map(|l| l.chars().count()).max().unwrap_or(8) as f64;
    let row_h = 24.0;
    let top = lh + 16.0;
    let rows = funds.len() + 2;
    let h = top + row_h * rows as f64 + 30.0;
    let mut out = String::new();
    open(&mut out, "chart-spending", h, "spending by fund and by cost category");
    out.push_str(&leg);
    // The axis covers the money spent; a fund far larger than that (an "unconstrained" fund)
    // is cut at the edge and labelled, or it would flatten every other bar.
    let spent = funds.iter().map(|f| f.purchases_usd + f.logistics_usd).fold(c.total(), f64::max);
    let amount = funds.iter().map(|f| f.amount_usd).fold(0.0, f64::max);
    let max = if amount <= 3.0 * spent { amount.max(spent) } else { 1.25 * spent };
    let step = tick_step(max, 4.0);
    let max = if max > 0.0 { (max / step).ceil() * step } else { 1.0 };
    let x = |v: f64| name_w + (W - name_w - RIGHT) * v.min(max) / max;
    let bottom = top + row_h * rows as f64;
    let mut v = 0.0;
    while v <= max + step * 1e-9 {
        let anchor = if v + step > max + step * 1e-9 { "end" } else { "middle" };
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/><text class=\"tick\" x=\"{0}\" y=\"{3}\" text-anchor=\"{anchor}\">{4}</text>",
            f1(x(v)),
            f1(top - 4.0),
            f1(bottom),
            f1(bottom + 16.0),
            short(v)
        );
        v += step;
    }
    let _ = write!(
        out,
        "<text class=\"unit\" x=\"{}\" y=\"{}\" text-anchor=\"end\">US$</text>",
        f1(W - RIGHT),
        f1(bottom + 28.0)
    );
    let bar = |out: &mut String, y: f64, segs: &[(&str, f64, &str)], label: &str, full: &str| {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}<title>{}</title></text>",
            f1(name_w - 6.0),
            f1(y + row_h * 0.62),
            esc(label),
            esc(full)
        );
        let mut acc = 0.0;
        for (name, v, colour) in segs {
            if *v <= 0.0 {
                continue;
            }
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{}: {} US$ {}</title></rect>",
                f1(x(acc)),
                f1(y + 3.0),
                f1((x(acc + v) - x(acc)).max(0.5)),
                f1(row_h - 6.0),
                esc(full),
                esc(name),
                human(*v)
            );
            if acc + v > max {
                let _ = write!(
                    out,
                    "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} US$ {} → </text>",
                    f1(W - RIGHT - 4.0),
                    f1(y + row_h * 0.62),
                    esc(name),
                    short(*v)
                );
            }
            acc += v;
        }
    };
    for g in Goods::ALL {
        let segs = cats_of(by_goods[g.index()]);
        let label = &labels[g.index()];
        bar(&mut out, top + row_h * g.index() as f64, &segs, label, label);
    }
    for (i, f) in funds.iter().enumerate() {
        let segs = [
            (parts[0].0, f.purchases_usd, parts[0].1),
            (parts[1].0, f.logistics_usd, parts[1].1),
            (parts[2].0, f.left_usd().max(0.0), parts[2].1),
        ];
        bar(&mut out, top + row_h * (i + 2) as f64, &segs, &labels[i + 2], &f.name);
    }
    out.push_str("</svg>");
    out
}
