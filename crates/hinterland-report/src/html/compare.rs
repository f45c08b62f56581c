//! The comparison page of `hinterland compare --report FILE`: a base scenario and its what-if
//! variants side by side, as one self-contained HTML file (inline CSS and SVG, no script, no
//! network, no timestamps or timings, so the same comparison gives the same bytes).
//!
//! The page: each variant's description and status (an infeasible variant with the
//! commitments it misses and the limits in the way); a bar chart of the share of need served
//! per scenario; a heat grid of the share served by district and scenario; and the headline
//! figures of every scenario with their differences from the base (the figures of the text
//! table). It takes the [`Comparison`] of [`crate::compare`], so it knows nothing of solvers.

use std::fmt::Write as _;

use hinterland_plan::explain::{human, human_signed};

use super::charts::{SERVED, clip_label};
use super::{document_head, esc, share_colour};
use crate::compare::{Column, Comparison, Headline, Status};

const EXTRA_STYLE: &str = "\
tr.sec th { background: #e8e4da; text-align: left; }
td.d { color: var(--muted); }
td.up { color: #1a7d46; } td.down { color: #b3261e; }
th.var, td.var { border-left: 1px solid #e0dbd0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 7px; border-radius: 9px; background: #e6f2ea; color: #1a6b3c; vertical-align: middle; }
.badge.bad { background: #fbe4e1; color: #9d2216; }
.variants { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; align-items: start; }
.variant details { border: 0; padding: 0; margin: 6px 0; }
.scroll.full { max-height: none; }
.variant { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.variant h3 { margin: 0 0 6px; }
.variant.infeasible { border-left: 4px solid #d7301f; }
.variant ul { margin: 6px 0 0; padding-left: 18px; font-size: 13.5px; }
";

/// One decimal for SVG coordinates.
fn f1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".to_owned() } else { format!("{r}") }
}

fn pct1(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

/// Display names of all districts in first-seen order.
fn districts(columns: &[Column]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for c in columns.iter().filter(|c| planned(c)) {
        for (d, _) in &c.solved.districts {
            if !out.contains(&d.as_str()) {
                out.push(d);
            }
        }
    }
    out
}

fn planned(c: &Column) -> bool {
    c.solved.status.planned()
}

/// Person-days served ÷ person-days in need over the horizon, 0 to 1, of a planned column.
fn share_served(c: &Column) -> Option<f64> {
    c.solved.headline(Headline::ShareOfNeedPct).map(|v| v / 100.0)
}

fn status_badge(c: &Column) -> String {
    let class = if planned(c) { "badge" } else { "badge bad" };
    format!("<span class=\"{class}\">{}</span>", esc(&c.solved.status.to_string()))
}

/// The comparison as one HTML document.
pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    document_head(&mut out, &format!("{} – hinterland what-if comparison", c.title), EXTRA_STYLE);
    let variants = c.columns.len().saturating_sub(1);
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"in\"><h1>{} – what-if comparison</h1><p>scenario {} · the base and {} variant(s), each planned on its own · differences are against the base</p></div></header><main>",
        esc(&c.title),
        esc(&c.origin),
        variants
    );
    if c.columns.is_empty() {
        out.push_str("<p>Nothing was compared.</p></main></body></html>\n");
        return out;
    }

    scenarios(&mut out, c);

    out.push_str("<h2>Need served</h2><div class=\"charts\">");
    let _ = write!(
        out,
        "<figure><figcaption>Share of need served per scenario</figcaption>{}<p class=\"note\">Person-days served ÷ person-days in need over the horizon. A scenario without a plan has no bar.</p></figure>",
        share_bars(&c.columns)
    );
    let _ = write!(
        out,
        "<figure><figcaption>Share of need served by district and scenario</figcaption>{}<p class=\"note\">Person-days served ÷ person-days in need over the horizon, all phases together.</p></figure>",
        heat_grid(&c.columns)
    );
    out.push_str("</div>");

    figures_table(&mut out, c);

    let _ = writeln!(
        out,
        "<footer>Made by hinterland {} from scenario {} by <code>hinterland compare</code>. The figures are those of the plan reports and of the comparison's text table.</footer></main></body></html>",
        env!("CARGO_PKG_VERSION"),
        esc(&c.origin)
    );
    out
}

/// Each scenario's description and status; what an infeasible one misses.
fn scenarios(out: &mut String, c: &Comparison) {
    out.push_str("<h2>The scenarios</h2><div class=\"variants\">");
    for (i, col) in c.columns.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"variant{}\"><h3>{} {}</h3>",
            if planned(col) { "" } else { " infeasible" },
            esc(&col.name),
            status_badge(col)
        );
        let description = if i == 0 && col.description.is_empty() {
            "The scenario as given, without edits.".to_owned()
        } else {
            col.description.clone()
        };
        if !description.is_empty() {
            let _ = write!(out, "<p>{}</p>", esc(&description));
        }
        if matches!(col.solved.status, Status::Infeasible | Status::MissedCommitments) {
            out.push_str(if col.solved.status == Status::Infeasible {
                "<p><strong>No plan keeps every hard commitment (<code>min_share</code>).</strong></p>"
            } else {
                "<p><strong>No plan keeps every hard commitment (<code>min_share</code>): these figures are the best plan, which misses them as little as possible.</strong></p>"
            });
            if col.solved.missed.is_empty() {
                out.push_str("<p class=\"muted\">The solver proved the LP infeasible, but relaxing the commitments did not locate the conflict.</p>");
            } else {
                out.push_str("<p>Commitments missed:</p><ul>");
                for m in &col.solved.missed {
                    let _ = write!(out, "<li>{}</li>", esc(m));
                }
                out.push_str("</ul>");
            }
            if !col.solved.limits.is_empty() {
                let _ = write!(
                    out,
                    "<details><summary>Limits that stand in the way ({})</summary><ul>",
                    col.solved.limits.len()
                );
                for l in &col.solved.limits {
                    let _ = write!(out, "<li>{}</li>", esc(l));
                }
                out.push_str("</ul></details>");
            }
            out.push_str("<p class=\"muted\">Lower the <code>min_share</code> of these rows in needs.csv / demand.csv, or add capacity or money.</p>");
        } else if !planned(col) {
            out.push_str("<p class=\"muted\">No plan: no figures for this scenario.</p>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

const W: f64 = 560.0;

/// Horizontal bars of the share of need served, one per scenario.
fn share_bars(columns: &[Column]) -> String {
    let name_w = 130.0;
    let plot_w = W - name_w - 70.0;
    let (top, row_h) = (24.0, 24.0);
    let h = top + row_h * columns.len() as f64 + 10.0;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"chart-compare-share\" viewBox=\"0 0 {W} {}\" role=\"img\" aria-label=\"share of need served per scenario\">",
        f1(h)
    );
    for k in 0..=4 {
        let x = name_w + plot_w * f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/><text class=\"tick\" x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}%</text>",
            f1(x),
            f1(top - 4.0),
            f1(top + row_h * columns.len() as f64),
            f1(top - 9.0),
            k * 25
        );
    }
    for (i, c) in columns.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(name_w - 6.0),
            f1(y + row_h * 0.65),
            esc(&clip_label(&c.name, 20))
        );
        match share_served(c) {
            Some(share) => {
                let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
                let _ = write!(
                    out,
                    "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} of need served</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
                    f1(name_w),
                    f1(y + 4.0),
                    f1(plot_w * share),
                    f1(row_h - 8.0),
                    if i == 0 { "#0b3954" } else { SERVED },
                    esc(&c.name),
                    pct1(share),
                    f1(name_w + plot_w * share + 5.0),
                    f1(y + row_h * 0.65),
                    pct1(share)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<text class=\"empty\" x=\"{}\" y=\"{}\">{}: no plan</text>",
                    f1(name_w + 4.0),
                    f1(y + row_h * 0.65),
                    esc(&c.solved.status.to_string())
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// Districts (rows) × scenarios (columns), coloured by share of need served.
fn heat_grid(columns: &[Column]) -> String {
    let names = districts(columns);
    let name_w = 130.0;
    let row_h = 17.0;
    let top = 30.0;
    let h = top + row_h * names.len() as f64 + 44.0;
    let cw = (W - name_w - 10.0) / columns.len().max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"chart-compare-districts\" viewBox=\"0 0 {W} {}\" role=\"img\" aria-label=\"share of need served by district and scenario\">",
        f1(h)
    );
    let chars = ((cw / 6.6) as usize).max(4);
    for (j, c) in columns.iter().enumerate() {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            f1(name_w + cw * (j as f64 + 0.5)),
            f1(top - 8.0),
            esc(&clip_label(&c.name, chars))
        );
    }
    for (i, d) in names.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f1(name_w - 6.0),
            f1(y + row_h * 0.7),
            esc(&clip_label(d, 20))
        );
        for (j, c) in columns.iter().enumerate() {
            let x = name_w + cw * j as f64 + 0.5;
            let share =
                planned(c).then(|| c.solved.districts.iter().find(|(n, _)| n == d).map_or(0.0, |x| x.1));
            match share {
                Some(share) => {
                    let _ = write!(
                        out,
                        "<rect class=\"cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} in {}: {} of need served</title></rect>",
                        f1(x),
                        f1(y + 0.5),
                        f1(cw - 1.0),
                        f1(row_h - 1.0),
                        share_colour(share),
                        esc(d),
                        esc(&c.name),
                        pct1(share)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<rect class=\"cell none\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eeeeee\"><title>{} in {}: no plan ({})</title></rect>",
                        f1(x),
                        f1(y + 0.5),
                        f1(cw - 1.0),
                        f1(row_h - 1.0),
                        esc(d),
                        esc(&c.name),
                        esc(&c.solved.status.to_string())
                    );
                }
            }
        }
    }
    let ly = top + row_h * names.len() as f64 + 14.0;
    let _ = write!(
        out,
        "{}<rect x=\"{}\" y=\"{}\" width=\"11\" height=\"9\" fill=\"#eeeeee\"/><text class=\"tick\" x=\"{}\" y=\"{}\">no plan</text>",
        super::scale::share_legend(name_w, ly, 160.0, "tick", "of need served"),
        f1(name_w + 290.0),
        f1(ly),
        f1(name_w + 305.0),
        f1(ly + 8.5),
    );
    out.push_str("</svg>");
    out
}

/// The headline figures: a value column per scenario and a difference column per variant.
fn figures_table(out: &mut String, c: &Comparison) {
    let columns = &c.columns;
    out.push_str("<h2>Headline figures and differences from the base</h2>");
    out.push_str(
        "<p class=\"muted\">The same figures as the text table of <code>hinterland compare</code>. \
         Δ is the variant minus the base; a dash means the scenario has no plan.</p>",
    );
    let base = &columns[0];
    out.push_str("<div class=\"scroll full\"><table><thead><tr><th>figure</th>");
    let _ = write!(out, "<th class=\"n\">{}</th>", esc(&base.name));
    for c in &columns[1..] {
        let _ = write!(out, "<th class=\"n var\">{}</th><th class=\"n\">Δ</th>", esc(&c.name));
    }
    out.push_str("</tr></thead><tbody><tr><td>status</td>");
    let _ = write!(out, "<td class=\"n\">{}</td>", status_badge(base));
    for c in &columns[1..] {
        let _ = write!(out, "<td class=\"n var\">{}</td><td></td>", status_badge(c));
    }
    out.push_str("</tr>");
    let span = 2 * columns.len();
    let mut current = None;
    for key in c.rows() {
        let section = key.section();
        if current != Some(section) {
            current = Some(section);
            let _ =
                write!(out, "<tr class=\"sec\"><th colspan=\"{span}\">{}</th></tr>", esc(section.label()));
        }
        let b = base.solved.value(key);
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td>",
            esc(&key.label()),
            b.map_or_else(|| "–".to_owned(), human)
        );
        for v_col in &columns[1..] {
            let v = v_col.solved.value(key);
            let (class, diff) = match (b, v) {
                (Some(b), Some(v)) => {
                    let d = human_signed(v - b);
                    let class = if d == "0" { "n d" } else { "n" };
                    (class, d)
                }
                _ => ("n", String::new()),
            };
            let _ = write!(
                out,
                "<td class=\"n var\">{}</td><td class=\"{class}\">{}</td>",
                v.map_or_else(|| "–".to_owned(), human),
                esc(&diff)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Figure, FigureKey, Solved};

    fn column(name: &str, status: Status, share: f64) -> Column {
        let figures = vec![
            Figure::new(FigureKey::Headline(Headline::PersonDaysServed), 100.0 * share),
            Figure::new(FigureKey::Headline(Headline::ShareOfNeedPct), 100.0 * share),
            Figure::new(FigureKey::Shortfall("north".into()), 100.0 * (1.0 - share)),
        ];
        let districts = vec![("North <1>".into(), share), ("South".into(), 1.0)];
        Column {
            name: name.into(),
            description: format!("<{name}> & co"),
            solved: Solved { status, figures, districts, ..Solved::failed(String::new()) },
        }
    }

    fn sample() -> Comparison {
        let mut bad = column("closed", Status::Infeasible, 0.0);
        bad.solved.figures.clear();
        bad.solved.missed =
            vec!["commitment to serve 50% of phase-4 people in North in 2024-06: committed 10".into()];
        Comparison {
            title: "Test <land>".into(),
            origin: "<embedded:test>".into(),
            columns: vec![column("base", Status::Optimal, 0.5), column("more", Status::Optimal, 0.75), bad],
        }
    }

    #[test]
    fn page_has_charts_differences_and_the_infeasible_explanation() {
        let html = render(&sample());
        assert!(html.contains("<title>Test &lt;land&gt; – hinterland what-if comparison</title>"));
        assert!(html.contains("chart-compare-share") && html.contains("chart-compare-districts"));
        assert!(html.contains("&lt;more&gt; &amp; co"));
        assert!(html.contains("North &lt;1&gt;"));
        assert!(html.contains("+25"), "difference of person-days served");
        assert!(html.contains("more: 75.0% of need served"), "the share bar of a plan");
        assert!(html.contains("commitment to serve 50% of phase-4 people in North"));
        assert!(html.contains("North &lt;1&gt; in closed: no plan (infeasible)"));
        assert!(html.contains(">infeasible: no plan</text>"), "no share bar without a plan");
        assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
        assert!(!html.contains("<test>") && !html.contains("<land>"));
        assert_eq!(html, render(&sample()));
    }
}
