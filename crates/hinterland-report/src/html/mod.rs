//! `report.html`: one self-contained file a planner opens offline, in the field, on a slow
//! laptop. No script, no web font, no network: styles are inline and the map and charts are
//! SVG generated here from the same aggregates as the other outputs ([`crate::tables`]).
//!
//! The page: key figures; a map of where the food goes and one of the non-food deliveries;
//! charts of need against reach and coverage, coverage by district, tonnes by corridor,
//! stocks and spending; people reached, rations (grams per person per day), nutrient
//! adequacy and coverage per district and period; fairness (spread per phase, the price of
//! fairness, what held rows below their phase's best); the binding limits with their shadow
//! prices in plain words; shortfalls, non-food deliveries, purchases, donations, funds and
//! costs of food and non-food; and the scenario's own README, SOURCES and ASSUMPTIONS. All scenario text is HTML-escaped. The
//! same plan gives the same bytes (no timestamps).

mod charts;
pub mod compare;
mod corridors;
mod geo;
mod labels;
mod ledger;
mod map;
mod markdown;
mod people;
mod pipeline;
mod scale;

use std::fmt::Write as _;

use hinterland_model::{Mode, Period};
use hinterland_plan::explain::{count, human, sentence_in, unit};
use hinterland_plan::plan::effect;

use crate::csv_tables::{self, Cell};
use crate::goods::{self, FoodCost, Goods};
use crate::{Report, tables};

pub use charts::{COVERED, NEED, SERVED};
pub use map::{id as map_id, render as map_svg};
pub use scale::{SHARE_STEPS, share_colour};

const STYLE: &str = include_str!("style.css");

/// Categorical colours for charts (colour-blind safe, after Okabe and Ito).
pub const PALETTE: [&str; 8] =
    ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d46", "#7f7f7f"];

/// Colour of a lane's mode on the map.
pub fn mode_colour(m: Mode) -> &'static str {
    match m {
        Mode::Road => "#e07b39",
        Mode::Rail => "#7a5195",
        Mode::River => "#1f77b4",
        Mode::Sea => "#0b3954",
        Mode::Air => "#d62839",
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `part` as a percentage of `whole`, or a dash.
pub fn pct(part: f64, whole: f64) -> String {
    if whole > 0.0 { format!("{:.1}%", 100.0 * part / whole) } else { "–".to_owned() }
}

/// A quantity for a table: [`human`], but a plain `0` for nothing.
fn q(v: f64) -> String {
    if v.abs() < 5e-5 { "0".to_owned() } else { human(v) }
}

/// A text document of the scenario shown at the end of the report, e.g. `README.md`.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    pub name: &'a str,
    pub markdown: &'a str,
}

/// An HTML table; `numeric` columns are right-aligned. Cells are escaped here.
fn table(header: &[(&str, bool)], rows: &[Vec<String>]) -> String {
    table_class(header, rows, "")
}

/// [`table`] with a class on its box, e.g. `nowrap`. On a phone the table reflows: each row
/// becomes a card of "column: value" lines (`reflow` in the style sheet; each cell carries
/// its column's name in `data-label`).
fn table_class(header: &[(&str, bool)], rows: &[Vec<String>], class: &str) -> String {
    let mut out = format!("<div class=\"scroll reflow {class}\"><table><thead><tr>");
    for (h, n) in header {
        let _ = write!(out, "<th{}>{}</th>", if *n { " class=\"n\"" } else { "" }, esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let n = header.get(i).is_some_and(|h| h.1);
            let label = header.get(i).map_or("", |h| h.0);
            let _ = write!(
                out,
                "<td{} data-label=\"{}\">{}</td>",
                if n { " class=\"n\"" } else { "" },
                esc(label),
                esc(c)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

fn kpi(out: &mut String, label: &str, value: &str, sub: &str) {
    let _ = write!(
        out,
        "<div class=\"kpi\"><div class=\"l\">{}</div><div class=\"v\">{}</div><div class=\"s\">{}</div></div>",
        esc(label),
        esc(value),
        esc(sub)
    );
}

fn figure(out: &mut String, caption: &str, svg: &str, note: &str) {
    let _ = write!(out, "<figure><figcaption>{}</figcaption>{svg}", esc(caption));
    if !note.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(note));
    }
    out.push_str("</figure>");
}

/// Opens a self-contained HTML document: `title` (escaped here) and the report's style
/// sheet followed by `extra_style`.
pub(crate) fn document_head(out: &mut String, title: &str, extra_style: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"hinterland {}\">\
         <title>{}</title><style>\n{STYLE}{extra_style}</style></head><body>",
        env!("CARGO_PKG_VERSION"),
        esc(title)
    );
}

/// The report as one HTML document. `docs` are shown at the end, in the order given.
pub fn render(r: &Report<'_>, docs: &[Document<'_>]) -> String {
    let s = r.scenario;
    let plan = r.plan;
    let cal = &s.calendar;
    let last = Period(cal.len() as u32 - 1);
    let code = tables::planned_country(s);
    let country = geo::country_name(&code).unwrap_or(code);
    let mut out = String::new();
    document_head(&mut out, &format!("{} – hinterland plan", s.name), "");

    // Header.
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"in\"><h1>{}</h1><p>{} {} periods, {} to {} · scenario {} · solved to optimality by {} ({}) · {} independent checks passed</p></div></header><main>",
        esc(&s.name),
        cal.len(),
        esc(cal.step().as_str()),
        esc(cal.label(Period(0))),
        esc(cal.label(last)),
        esc(r.origin),
        esc(r.run.steps.first().map_or("?", |st| st.solver.as_str())),
        esc(&crate::summary::steps_in_order(r.run)),
        count(r.verify.checked)
    );

    // Key figures.
    let periods = tables::by_period(s, plan);
    let in_need: f64 = periods.iter().map(|p| p.person_days_in_need).sum();
    let reached: f64 = periods.iter().map(|p| p.person_days_served).sum();
    let value: f64 = periods.iter().map(|p| p.value_person_days).sum();
    let food_t: f64 = plan.consumption.iter().map(|c| c.tonnes).sum();
    let modes = tables::by_mode(s, plan);
    let moved_tkm: f64 = modes.iter().map(|m| m.tonne_km).sum();
    let entering: Vec<f64> = Goods::ALL
        .iter()
        .map(|g| tables::by_corridor(s, plan).iter().map(|c| c.goods[g.index()]).sum())
        .collect();
    let [food_costs, nonfood_costs] = goods::costs(s, plan);
    let fc = FoodCost::of(s, plan);
    out.push_str("<section class=\"kpis\">");
    kpi(
        &mut out,
        "Coverage",
        &pct(value, in_need),
        &format!("{} person-days of full ration of {} in need", human(value), human(in_need)),
    );
    kpi(
        &mut out,
        "People reached",
        &pct(reached, in_need),
        &format!("{} person-days; {} t of food eaten", human(reached), human(food_t)),
    );
    kpi(
        &mut out,
        "Food cost per person-day",
        &fc.per_person_day_reached().map_or_else(|| "–".to_owned(), |(zero, _)| format!("US$ {zero:.3}")),
        &fc.per_person_day_reached().map_or_else(String::new, |(_, valued)| {
            format!("per person-day reached, donated food at zero; US$ {valued:.3} with it at market value")
        }),
    );
    match plan.price_of_fairness {
        Some(pof) => kpi(
            &mut out,
            "Price of fairness",
            &format!("{:.1}%", 100.0 * pof.loss_share()),
            &format!(
                "{} weighted person-days of full ration less than a plan that maximised total food service",
                human((pof.utilitarian - pof.impartial).max(0.0))
            ),
        ),
        None => kpi(
            &mut out,
            "Allocation",
            "utilitarian",
            "total food service maximised, wherever it is cheapest",
        ),
    }
    kpi(
        &mut out,
        "Total cost",
        &format!("US$ {}", charts::short(plan.costs.total())),
        &format!(
            "US$ {}: food US$ {}, non-food US$ {}",
            human(plan.costs.total()),
            human(food_costs.total()),
            human(nonfood_costs.total())
        ),
    );
    kpi(
        &mut out,
        &format!("Food into {country}"),
        &format!("{} t", human(entering[Goods::Food.index()])),
        &format!(
            "and {} t of non-food; {} tonne-km on all lanes",
            human(entering[Goods::Nonfood.index()]),
            human(moved_tkm)
        ),
    );
    out.push_str("</section>");
    let shown: Vec<_> = plan.shadow_prices.iter().filter(|p| !p.is_degenerate()).collect();
    if let Some(top) = shown.first() {
        let _ = write!(
            out,
            "<p class=\"callout\"><strong>What limits the plan most:</strong> {}.</p>",
            esc(&sentence_in(s, plan, top))
        );
    }

    // Maps.
    out.push_str("<h2>Network and flows</h2><div class=\"mapbox\">");
    figure(
        &mut out,
        &format!(
            "Where the food goes: lanes by mode and tonnes of food moved, districts by coverage ({} to {})",
            cal.label(Period(0)),
            cal.label(last)
        ),
        &map::render(r, Goods::Food),
        "Food only: fertilizer, fuel and other non-food goods are on the next map. A district with people in several phases is split into one wedge per phase, the most severe on the left (its label names them, e.g. P4 | P3). Colours step every 20 points of coverage (viridis, readable with colour-vision deficiencies). Hover over a lane, node or district for its figures; a name that has no free place is left off the map and is in its symbol's hover title. Lanes between the same two places are drawn bent apart. Country borders: Natural Earth, for orientation only.",
    );
    if !s.demands.is_empty() || plan.flows.iter().any(|f| Goods::of(s, f.commodity) == Goods::Nonfood) {
        figure(
            &mut out,
            &format!(
                "Non-food deliveries: lanes by mode and tonnes of non-food moved, places by the share of their demand delivered ({} to {})",
                cal.label(Period(0)),
                cal.label(last)
            ),
            &map::render(r, Goods::Nonfood),
            "Non-food goods (demand.csv: fertilizer, fuel) are a priority level of their own, planned after or before food as the scenario says; they never count as food.",
        );
    }
    out.push_str("</div>");

    // Charts.
    out.push_str("<h2>Need, deliveries, stocks and money</h2><div class=\"charts\">");
    figure(
        &mut out,
        "People in need, reached and fed in full, per period",
        &charts::need_vs_served(r),
        "Average people per day over each period. Fed in full: person-days of full ration (a half ration counts by its nutrient adequacy) per day.",
    );
    figure(
        &mut out,
        "Coverage by district, phase and period",
        &charts::district_heatmap(r),
        "Person-days of full ration ÷ person-days in need; a district with people in several phases has a row per phase (P4, P3); the last column is the whole horizon.",
    );
    figure(
        &mut out,
        &format!("Tonnes entering {country} by corridor, mode and goods"),
        &charts::corridors(r),
        "By period of dispatch on the lane that crosses the border; food and non-food apart.",
    );
    figure(
        &mut out,
        "Stock at the end of each period",
        &charts::stocks(r),
        "Per place that holds stock, food and non-food apart.",
    );
    figure(&mut out, "Spending by cost category and by fund", &charts::spending(r), "");
    out.push_str("</div>");
    corridors::section(&mut out, r);

    people::section(&mut out, r);
    people::fairness(&mut out, r);
    limits(&mut out, r);
    shortfalls(&mut out, r);
    money(&mut out, r);
    pipeline::section(&mut out, r);
    ledger::section(&mut out, r);

    // Scenario documents.
    if !docs.is_empty() {
        out.push_str("<h2>The scenario: assumptions and sources</h2>");
        for (i, d) in docs.iter().enumerate() {
            let _ = write!(
                out,
                "<details{}><summary>{}</summary>{}</details>",
                if i == 0 { " open" } else { "" },
                esc(d.name),
                markdown::to_html(d.markdown, 2)
            );
        }
    }
    let _ = writeln!(
        out,
        "<footer>Made by hinterland {} from scenario {}. LP: {} columns, {} rows; largest relative residual {:.1e}. \
         Map: Natural Earth admin-0 countries 1:50m (public domain); borders are shown for orientation only and imply no position on any boundary. \
         Full tables: plan.json, the CSV files, plan.xlsx and plan.geojson next to this file.</footer></main></body></html>",
        env!("CARGO_PKG_VERSION"),
        esc(r.origin),
        count(r.run.formulation.lp.ncols()),
        count(r.run.formulation.lp.nrows()),
        r.run.max_residual
    );
    out
}

fn limits(out: &mut String, r: &Report<'_>) {
    let s = r.scenario;
    let plan = r.plan;
    out.push_str("<h2>What limits the plan: binding limits and their shadow prices</h2>");
    out.push_str(
        "<p class=\"muted\">A shadow price says what one more unit of a limit is worth: more person-days of full \
         ration (weighted by phase) or dollars saved at the same service. Marked ✓ when confirmed by re-solving the \
         plan with the limit raised; the numbers in the sentence and in the columns are then the measured ones, \
         else the LP's duals, which on a degenerate LP can overstate (the sentence says so). A lane closed in the \
         period (capacity 0 in lane_availability.csv) cannot be raised as it stands: its limit is worded as \
         reopening it, with the closure's reason. Largest first.</p>",
    );
    if plan.price_of_fairness.is_some() {
        out.push_str(
            "<p class=\"muted\">This plan shares food impartially. The person-days per unit are measured on a plan \
             that maximised total food service (the utilitarian food step), the only food level with one objective \
             to measure them on; the dollars saved are this plan's.</p>",
        );
    }
    let shown: Vec<_> = plan.shadow_prices.iter().filter(|p| !p.is_degenerate()).collect();
    let degenerate = plan.shadow_prices.len() - shown.len();
    if shown.is_empty() {
        out.push_str(
            "<p>No lane, warehouse, fund or market limit binds: the plan is limited by the need itself.</p>",
        );
        return;
    }
    // A confirmation whose re-solve did not end optimal measured nothing: say so, not blank.
    let cell = |v: Option<f64>, confirmed: bool| match (effect(v), v) {
        (Some(v), _) => human(v),
        (None, None) if confirmed => "not measured".to_owned(),
        _ => String::new(),
    };
    let rows: Vec<Vec<String>> = shown
        .iter()
        .take(30)
        .enumerate()
        .map(|(i, p)| {
            let (sv, usd) = match p.measured {
                Some(m) => (m.service_per_unit, m.usd_saved_per_unit),
                None => (p.service_per_unit, p.usd_saved_per_unit),
            };
            vec![
                (i + 1).to_string(),
                kind(&p.row).to_owned(),
                sentence_in(s, plan, p),
                format!("{} {}", q(p.limit), plural(unit(&p.row))),
                q(p.used),
                cell(sv, p.measured.is_some()),
                cell(usd, p.measured.is_some()),
                if p.measured.is_some() { "✓".to_owned() } else { String::new() },
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            ("#", true),
            ("kind", false),
            ("in plain words", false),
            ("limit", true),
            ("used", true),
            ("person-days per unit", true),
            ("US$ saved per unit", true),
            ("confirmed", false),
        ],
        &rows,
    ));
    let mut note = String::new();
    if shown.len() > 30 {
        let _ = write!(note, "{} more in duals.csv. ", shown.len() - 30);
    }
    if degenerate > 0 {
        let _ = write!(
            note,
            "{degenerate} limit(s) have non-zero duals but raising them changes nothing (a degenerate LP); they are listed in duals.csv."
        );
    }
    if !note.is_empty() {
        let _ = write!(out, "<p class=\"muted\">{}</p>", esc(&note));
    }
}

fn plural(u: &str) -> String {
    match u {
        "US dollar" => "US$".to_owned(),
        u => format!("{u}s"),
    }
}

fn kind(row: &hinterland_plan::keys::RowKey) -> &'static str {
    use hinterland_plan::keys::RowKey;
    match row {
        RowKey::LaneCapacity { .. } => "lane",
        RowKey::StorageCapacity { .. } => "warehouse",
        RowKey::MarketCapacity { .. } => "market",
        RowKey::SupplyLimit { .. } => "donation",
        RowKey::Budget { .. } | RowKey::LogisticsPayment => "fund",
        RowKey::CommitmentFloor { .. } => "commitment",
        _ => "other",
    }
}

fn shortfalls(out: &mut String, r: &Report<'_>) {
    out.push_str("<h2>Shortfalls and non-food deliveries</h2>");
    let all = csv_tables::tables(r);
    if let Some(sf) = all.iter().find(|t| t.file == "shortfalls.csv") {
        out.push_str("<h3>Shortfalls: people not reached and goods not delivered, by place and period</h3>");
        if sf.rows.is_empty() {
            out.push_str("<p>None: every need and demand is met in full.</p>");
        } else {
            // Places and goods by name: `where` is a node, `what` a commodity or "phase N".
            let names = crate::names::Names::of(r.scenario);
            let rows: Vec<Vec<String>> = sf
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .zip(&sf.header)
                        .map(|(c, h)| match (c, *h) {
                            (Cell::Num(v), _) => q(*v),
                            (Cell::Text(t), "where") => names.node(t),
                            (Cell::Text(t), "what") => names.commodity(t),
                            (other, _) => other.text(),
                        })
                        .collect()
                })
                .collect();
            let header: Vec<(&str, bool)> =
                sf.header.iter().map(|h| (*h, matches!(*h, "needed" | "met" | "short"))).collect();
            out.push_str(&table(&header, &rows));
            let _ = write!(
                out,
                "<p class=\"muted\">{} row(s); the same as shortfalls.csv. For people, met is person-days reached \
                 (with a full or a reduced ration); coverage per row is in the tables above.</p>",
                sf.rows.len()
            );
        }
    }
    let demands = tables::demands(r.scenario, r.plan);
    if !demands.is_empty() {
        let names = crate::names::Names::of(r.scenario);
        out.push_str("<h3>Non-food deliveries (demand.csv)</h3>");
        let rows: Vec<Vec<String>> = demands
            .iter()
            .map(|d| {
                vec![
                    names.node(&d.node),
                    names.commodity(&d.commodity),
                    d.period.clone(),
                    q(d.quantity_t),
                    q(d.delivered_t),
                    pct(d.delivered_t, d.quantity_t),
                    q(d.quantity_t - d.delivered_t),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                ("at", false),
                ("commodity", false),
                ("period", false),
                ("needed t", true),
                ("delivered t", true),
                ("share", true),
                ("short t", true),
            ],
            &rows,
        ));
        out.push_str("<p class=\"muted\">The same as nonfood.csv.</p>");
    }
}

fn money(out: &mut String, r: &Report<'_>) {
    let s = r.scenario;
    let plan = r.plan;
    out.push_str("<h2>Purchases, donations, funds and costs</h2>");
    let names = crate::names::Names::of(s);
    let buys = tables::purchases_by_commodity(s, plan);
    out.push_str("<h3>Purchases by commodity and channel</h3>");
    if buys.is_empty() {
        out.push_str("<p>Nothing is bought.</p>");
    } else {
        let rows: Vec<Vec<String>> = buys
            .iter()
            .map(|b| {
                let avg = if b.tonnes > 0.0 { b.usd / b.tonnes } else { 0.0 };
                vec![
                    names.commodity(&b.commodity),
                    b.goods.label().to_owned(),
                    b.channel.clone(),
                    q(b.tonnes),
                    q(b.usd),
                    q(avg),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                ("commodity", false),
                ("goods", false),
                ("channel", false),
                ("tonnes", true),
                ("US$", true),
                ("US$ per t", true),
            ],
            &rows,
        ));
        let _ = write!(
            out,
            "<p class=\"muted\">{} purchase(s) by market, period and fund in purchases.csv.</p>",
            plan.purchases.len()
        );
    }
    let supplies = tables::supplies(s, plan);
    if !supplies.is_empty() {
        out.push_str("<h3>Donations in kind</h3>");
        let rows: Vec<Vec<String>> = supplies
            .iter()
            .zip(goods::donation_values(s))
            .map(|(d, v)| {
                vec![
                    names.commodity(&d.commodity),
                    names.node(&d.node),
                    q(d.quantity_t),
                    q(d.used_t),
                    v.usd_per_t.map_or_else(|| "–".to_owned(), q),
                    v.source.describe(&names.commodity(&d.commodity)),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                ("commodity", false),
                ("at", false),
                ("given t", true),
                ("used t", true),
                ("value US$ per t", true),
                ("valued at", false),
            ],
            &rows,
        ));
    }
    let funds = tables::by_fund(s, plan);
    if !funds.is_empty() {
        out.push_str("<h3>Funds</h3>");
        let rows: Vec<Vec<String>> = funds
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    q(f.amount_usd),
                    q(f.purchases_usd),
                    q(f.logistics_usd),
                    q(f.left_usd()),
                    pct(f.purchases_usd + f.logistics_usd, f.amount_usd),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                ("fund", false),
                ("amount US$", true),
                ("purchases US$", true),
                ("logistics US$", true),
                ("left US$", true),
                ("spent", true),
            ],
            &rows,
        ));
    }
    let c = plan.costs;
    let [f, n] = goods::costs(s, plan);
    out.push_str("<h3>Costs by category, food and non-food</h3>");
    let rows: Vec<Vec<String>> = [
        ("purchase", f.purchase, n.purchase, c.purchase),
        ("transport", f.transport, n.transport, c.transport),
        ("handling", f.handling, n.handling, c.handling),
        ("storage", f.storage, n.storage, c.storage),
        ("total", f.total(), n.total(), c.total()),
    ]
    .iter()
    .map(|(k, f, n, t)| vec![(*k).to_owned(), q(*f), q(*n), q(*t), pct(*t, c.total())])
    .collect();
    out.push_str(&table(
        &[
            ("category", false),
            ("food US$", true),
            ("non-food US$", true),
            ("total US$", true),
            ("share", true),
        ],
        &rows,
    ));
    let fc = FoodCost::of(s, plan);
    if let (Some((a, b)), Some((c, d))) = (fc.per_person_day_reached(), fc.per_full_ration_person_day()) {
        let _ = write!(
            out,
            "<p>Food cost (purchase and logistics of food) per person-day reached: <strong>US$ {}</strong> with donated \
             food at zero, <strong>US$ {}</strong> with it at market value; per person-day of full ration: US$ {} and \
             US$ {}. The {} t of donated food used are worth US$ {} at the values above.</p>",
            human(a),
            human(b),
            human(c),
            human(d),
            human(fc.donated_t),
            human(fc.donated_value_usd)
        );
    }
    let modes = tables::by_mode(s, plan);
    if !modes.is_empty() {
        out.push_str("<h3>Transport by mode (all lanes)</h3>");
        let rows: Vec<Vec<String>> = modes
            .iter()
            .map(|m| {
                vec![
                    m.mode.as_str().to_owned(),
                    q(m.goods[Goods::Food.index()]),
                    q(m.goods[Goods::Nonfood.index()]),
                    q(m.tonne_km),
                ]
            })
            .collect();
        out.push_str(&table(
            &[("mode", false), ("food t moved", true), ("non-food t moved", true), ("tonne-km", true)],
            &rows,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_scenario_text() {
        assert_eq!(
            esc("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }
}
