//! The plain-text summary printed after `hinterland plan`.

use std::fmt::{self, Write as _};

use hinterland_model::{Demand, Scenario};
use hinterland_plan::Plan;
use hinterland_plan::explain::{count, human, sentence};
use hinterland_plan::plan::ZERO;

use crate::{Report, tables};

/// A left-aligned first column and right-aligned numbers, two spaces apart.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            width[i] = width[i].max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut s = String::from("  ");
        for (i, cell) in cells.iter().enumerate() {
            let pad = width[i] - cell.chars().count();
            if i == 0 {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(out, &header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    for r in rows {
        line(out, r);
    }
}

fn whole_pct(share: f64) -> String {
    // `+ 0.0` turns a negative zero into a plain zero.
    format!("{:.0}%", (100.0 * share).max(0.0) + 0.0)
}

fn pct(part: f64, whole: f64) -> String {
    if whole > 0.0 { format!("{:.1}%", 100.0 * part / whole) } else { "–".to_owned() }
}

/// Demand short for want of a value: weight 0 and no `min_share`, so the plan gains nothing
/// by delivering it (the reader warns about such rows, `H0510`). Consecutive periods of one
/// node and commodity, as a period range in `demand.csv` gives them, make one run.
struct UnvaluedRun<'a> {
    commodity: &'a str,
    node: &'a str,
    first: &'a str,
    last: &'a str,
    short_t: f64,
}

impl fmt::Display for UnvaluedRun<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}, {}", self.commodity, self.node, self.first)?;
        if self.last != self.first {
            write!(f, "..{}", self.last)?;
        }
        Ok(())
    }
}

fn unvalued_demand<'a>(s: &'a Scenario, plan: &Plan) -> Vec<UnvaluedRun<'a>> {
    let mut runs: Vec<(UnvaluedRun<'a>, &Demand)> = Vec::new();
    for k in s.demand_ids() {
        let d = s.demand(k);
        let short = d.quantity_t - plan.delivered_t[k.index()];
        if d.weight_per_t != 0.0 || d.min_share != 0.0 || short <= ZERO {
            continue;
        }
        let label = s.calendar.label(d.period);
        if let Some((run, prev)) = runs.last_mut()
            && (prev.node, prev.commodity, prev.period.0 + 1) == (d.node, d.commodity, d.period.0)
        {
            run.last = label;
            run.short_t += short;
            *prev = d;
            continue;
        }
        let run = UnvaluedRun {
            commodity: &s.commodity(d.commodity).code,
            node: &s.node(d.node).code,
            first: label,
            last: label,
            short_t: short,
        };
        runs.push((run, d));
    }
    runs.into_iter().map(|(run, _)| run).collect()
}

/// Renders the summary. `max_limits` bounds the list of binding limits.
pub fn render(r: &Report<'_>, max_limits: usize) -> String {
    let s = r.scenario;
    let plan = r.plan;
    let mut out = String::new();
    let cal = &s.calendar;
    let last = hinterland_model::Period(cal.len() as u32 - 1);
    let _ = writeln!(out, "hinterland plan: {}", s.name);
    let _ = writeln!(
        out,
        "  scenario {}; {} {} periods, {} to {}",
        r.origin,
        cal.len(),
        cal.step().as_str(),
        cal.label(hinterland_model::Period(0)),
        cal.label(last)
    );
    let lp = &r.run.formulation.lp;
    let steps: Vec<String> =
        r.run.steps.iter().filter(|st| st.solves_the_plan()).map(|st| st.goal.as_str().to_owned()).collect();
    let _ = writeln!(
        out,
        "  LP {} columns, {} rows, {} non-zeros; solved by {} ({}): optimal",
        count(lp.ncols()),
        count(lp.nrows()),
        count(lp.matrix.nnz()),
        r.run.steps.first().map_or("?", |st| st.solver.as_str()),
        steps.join(" then ")
    );
    let tol = r.verify.tolerances.unwrap_or_default();
    let _ = writeln!(
        out,
        "  verified independently: {} checks passed (tolerance {:e} + {:e} × |limit|)",
        count(r.verify.checked),
        tol.absolute,
        tol.relative
    );

    // People.
    let periods = tables::by_period(s, plan);
    let in_need: f64 = periods.iter().map(|p| p.person_days_in_need).sum();
    let served: f64 = periods.iter().map(|p| p.person_days_served).sum();
    let _ = writeln!(out, "\nPeople served (average over each period)");
    let rows: Vec<Vec<String>> = periods
        .iter()
        .filter(|p| p.people_in_need > 0.0)
        .map(|p| {
            vec![
                p.period.clone(),
                human(p.people_in_need),
                human(p.people_served),
                pct(p.person_days_served, p.person_days_in_need),
            ]
        })
        .collect();
    table(&mut out, &["period", "in need", "served", "share"], &rows);
    let _ = writeln!(
        out,
        "  person-days served: {} of {} ({})",
        human(served),
        human(in_need),
        pct(served, in_need)
    );

    let districts = tables::by_district(s, plan);
    let _ = writeln!(out, "\nCoverage by district (person-days over the horizon)");
    let rows: Vec<Vec<String>> = districts
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                d.phase.to_string(),
                human(d.person_days_in_need),
                human(d.person_days_served),
                pct(d.person_days_served, d.person_days_in_need),
                human(d.tonnes_food),
            ]
        })
        .collect();
    table(&mut out, &["district", "phase", "in need", "served", "share", "food t"], &rows);

    let demands = tables::demands(s, plan);
    if !demands.is_empty() {
        let _ = writeln!(out, "\nNon-food demand (tonnes)");
        let mut acc: std::collections::BTreeMap<&str, (f64, f64)> = std::collections::BTreeMap::new();
        for d in &demands {
            let e = acc.entry(d.commodity.as_str()).or_default();
            e.0 += d.quantity_t;
            e.1 += d.delivered_t;
        }
        let rows: Vec<Vec<String>> = acc
            .into_iter()
            .map(|(c, (q, d))| vec![c.to_owned(), human(q), human(d), pct(d, q), human(q - d)])
            .collect();
        table(&mut out, &["commodity", "needed", "delivered", "share", "short"], &rows);
        for run in unvalued_demand(s, plan) {
            let _ = writeln!(
                out,
                "  {run}: {} t not planned: weight 0 and no `min_share` in demand.csv (warning H0510)",
                human(run.short_t)
            );
        }
    }

    let supplies = tables::supplies(s, plan);
    if !supplies.is_empty() {
        let _ = writeln!(out, "\nDonations in kind (tonnes)");
        let rows: Vec<Vec<String>> = supplies
            .iter()
            .map(|d| {
                vec![
                    d.supply.clone(),
                    d.commodity.clone(),
                    d.node.clone(),
                    human(d.quantity_t),
                    human(d.used_t),
                ]
            })
            .collect();
        table(&mut out, &["donation", "commodity", "at", "given", "used"], &rows);
    }

    let buys = tables::purchases_by_commodity(s, plan);
    if !buys.is_empty() {
        let _ = writeln!(out, "\nPurchases");
        let rows: Vec<Vec<String>> =
            buys.iter().map(|(c, ch, t, usd)| vec![c.clone(), ch.clone(), human(*t), human(*usd)]).collect();
        table(&mut out, &["commodity", "channel", "tonnes", "US$"], &rows);
    }

    let corridors = tables::by_corridor(s, plan);
    if !corridors.is_empty() {
        let country = tables::planned_country(s);
        let total: f64 = corridors.iter().map(|c| c.tonnes).sum();
        let _ = writeln!(out, "\nTonnes entering {country} by corridor and mode");
        let rows: Vec<Vec<String>> = corridors
            .iter()
            .map(|c| {
                vec![c.corridor.clone(), c.mode.as_str().to_owned(), human(c.tonnes), pct(c.tonnes, total)]
            })
            .collect();
        table(&mut out, &["corridor", "mode", "tonnes", "share"], &rows);
    }
    let comparison = tables::corridor_comparison(s, plan);
    if comparison.iter().any(|c| c.cited_share.is_some()) {
        let _ = writeln!(out, "\nCorridor split against the cited trade shares");
        let rows: Vec<Vec<String>> = comparison
            .iter()
            .map(|c| {
                vec![
                    c.corridor.clone(),
                    human(c.plan_tonnes),
                    whole_pct(c.plan_share),
                    c.cited_share.map_or("–".to_owned(), whole_pct),
                    c.port_to_border_usd_per_t.map_or("–".to_owned(), |v| format!("{v:.2}")),
                ]
            })
            .collect();
        table(&mut out, &["corridor", "plan t", "plan", "cited", "port→border US$/t"], &rows);
        for c in comparison.iter().filter(|c| !c.reasons.is_empty()) {
            let more = c.plan_share > c.cited_share.unwrap_or(0.0);
            let _ = writeln!(
                out,
                "  {} carries {} than cited because: {}",
                c.corridor,
                if more { "more" } else { "less" },
                c.reasons.join("; ")
            );
        }
    }
    let modes = tables::by_mode(s, plan);
    if !modes.is_empty() {
        let _ = writeln!(out, "\nTransport by mode (all lanes)");
        let rows: Vec<Vec<String>> = modes
            .iter()
            .map(|m| vec![m.mode.as_str().to_owned(), human(m.tonnes), human(m.tonne_km)])
            .collect();
        table(&mut out, &["mode", "tonnes moved", "tonne-km"], &rows);
    }

    let c = plan.costs;
    let _ = writeln!(out, "\nCosts (US$)");
    let rows = vec![
        vec!["purchase".to_owned(), human(c.purchase)],
        vec!["transport".to_owned(), human(c.transport)],
        vec!["handling".to_owned(), human(c.handling)],
        vec!["storage".to_owned(), human(c.storage)],
        vec!["total".to_owned(), human(c.total())],
    ];
    table(&mut out, &["item", "US$"], &rows);
    if served > 0.0 {
        let _ = writeln!(out, "  cost per person-day served: US$ {}", human(c.total() / served));
    }
    if let Some(mc) = plan.marginal_cost_usd_per_weighted_person_day
        && mc.abs() > 1e-9
    {
        let how = if plan.marginal_cost_measured {
            ""
        } else {
            " (the service floor's dual, not measured: drop `--confirm-limits 0` to measure it)"
        };
        let _ = writeln!(out, "  marginal cost of one more weighted person-day: US$ {}{how}", human(mc));
    }

    let funds = tables::by_fund(s, plan);
    if !funds.is_empty() {
        let _ = writeln!(out, "\nFunds (US$)");
        let rows: Vec<Vec<String>> = funds
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    human(f.amount_usd),
                    human(f.purchases_usd + f.logistics_usd),
                    human(f.left_usd()),
                ]
            })
            .collect();
        table(&mut out, &["fund", "amount", "spent", "left"], &rows);
    }

    let _ = writeln!(out, "\nBinding limits (shadow prices, confirmed by re-solving where marked *)");
    let shown: Vec<_> = plan.shadow_prices.iter().filter(|p| !p.is_degenerate()).collect();
    let degenerate = plan.shadow_prices.len() - shown.len();
    if shown.is_empty() {
        let _ = writeln!(out, "  none: no capacity, stock or budget limits the plan");
    }
    for (i, p) in shown.iter().take(max_limits).enumerate() {
        let mark = if p.measured.is_some() { "*" } else { " " };
        let _ = writeln!(out, "  {:>2}.{mark} {}", i + 1, sentence(s, p));
    }
    if shown.len() > max_limits {
        let _ = writeln!(out, "  ... and {} more in duals.csv", shown.len() - max_limits);
    }
    if degenerate > 0 {
        let _ = writeln!(
            out,
            "  ({degenerate} limit(s) have non-zero duals, but raising them changes nothing: the LP is degenerate there; see duals.csv)"
        );
    }
    out
}
