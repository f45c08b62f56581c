//! The plain-text summary printed after `hinterland plan`.

use std::fmt::{self, Write as _};

use hinterland_model::{Demand, Fairness, Period, Scenario};
use hinterland_plan::Plan;
use hinterland_plan::explain::{count, human, sentence_in};
use hinterland_plan::plan::ZERO;

use crate::goods::{self, FoodCost, Goods};
use crate::people::{self, NeedRow};
use crate::{Report, tables};

/// A left-aligned first column and right-aligned numbers, two spaces apart.
pub(crate) fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
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
    let last = Period(cal.len() as u32 - 1);
    let _ = writeln!(out, "hinterland plan: {}", s.name);
    if let Some(l) = r.ledger {
        let _ = writeln!(out, "{}", crate::ledger::headline(&l.replanned));
    }
    let _ = writeln!(
        out,
        "  scenario {}; {} {} periods, {} to {}",
        r.origin,
        cal.len(),
        cal.step().as_str(),
        cal.label(Period(0)),
        cal.label(last)
    );
    let lp = &r.run.formulation.lp;
    let _ = writeln!(
        out,
        "  LP {} columns, {} rows, {} non-zeros; solved by {} ({}): optimal",
        count(lp.ncols()),
        count(lp.nrows()),
        count(lp.matrix.nnz()),
        r.run.steps.first().map_or("?", |st| st.solver.as_str()),
        steps_in_order(r.run)
    );
    let tol = r.verify.tolerances.unwrap_or_default();
    let _ = writeln!(
        out,
        "  verified independently: {} checks passed (tolerance {:e} + {:e} × |limit|)",
        count(r.verify.checked),
        tol.absolute,
        tol.relative
    );

    let needs = people::need_rows(s, plan);
    people_section(&mut out, r);
    rations_section(&mut out, s, plan, &needs);
    fairness_section(&mut out, r, &needs);
    goods_sections(&mut out, s, plan);
    costs_section(&mut out, s, plan);

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

    out.push_str(&crate::pipeline::summary(s, plan));
    if let Some(l) = r.ledger {
        out.push_str(&crate::ledger::text(l, &crate::ledger::Names(r.scenario)));
    }
    limits_section(&mut out, r, max_limits);
    out
}

/// People reached and coverage, per period and per district.
fn people_section(out: &mut String, r: &Report<'_>) {
    let (s, plan) = (r.scenario, r.plan);
    let periods = tables::by_period(s, plan);
    let in_need: f64 = periods.iter().map(|p| p.person_days_in_need).sum();
    let reached: f64 = periods.iter().map(|p| p.person_days_served).sum();
    let value: f64 = periods.iter().map(|p| p.value_person_days).sum();
    let _ = writeln!(out, "\nPeople reached (average over each period)");
    let rows: Vec<Vec<String>> = periods
        .iter()
        .filter(|p| p.people_in_need > 0.0)
        .map(|p| {
            vec![
                p.period.clone(),
                human(p.people_in_need),
                human(p.people_served),
                pct(p.person_days_served, p.person_days_in_need),
                pct(p.value_person_days, p.person_days_in_need),
            ]
        })
        .collect();
    table(out, &["period", "in need", "reached", "share", "coverage"], &rows);
    let _ = writeln!(
        out,
        "  person-days reached: {} of {} ({})",
        human(reached),
        human(in_need),
        pct(reached, in_need)
    );
    let _ = writeln!(
        out,
        "  person-days of full ration: {} (coverage {}; a reduced ration counts by its nutrient adequacy)",
        human(value),
        pct(value, in_need)
    );

    let districts = tables::by_district_phase(s, plan);
    let _ = writeln!(out, "\nCoverage by district and phase (person-days over the horizon)");
    let rows: Vec<Vec<String>> = districts
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                d.phase.to_string(),
                human(d.person_days_in_need),
                human(d.person_days_served),
                pct(d.person_days_served, d.person_days_in_need),
                pct(d.value_person_days, d.person_days_in_need),
                human(d.tonnes_food),
            ]
        })
        .collect();
    table(out, &["district", "phase", "in need", "reached", "share", "coverage", "food t"], &rows);
}

/// The ration and its adequacy per need row (consecutive equal periods on one line).
fn rations_section(out: &mut String, s: &Scenario, plan: &Plan, needs: &[NeedRow]) {
    // Columns for the foods anyone gets a printable amount of (the plan keeps every crumb).
    let foods: Vec<_> = people::foods_eaten(s, plan)
        .into_iter()
        .filter(|c| needs.iter().any(|n| human(n.grams[c.index()]) != "0"))
        .collect();
    if foods.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nRations by district and period (grams per person reached per day; people reached on average)"
    );
    let mut header: Vec<String> =
        ["district", "periods", "phase", "reached", "coverage", "g"].map(str::to_owned).to_vec();
    header.extend(foods.iter().map(|c| s.commodity(*c).name.clone()));
    let rows = people::runs(s, needs, |n| {
        let mut c = vec![human(n.people_reached), whole_or_tenth(n.coverage), human(n.grams_total())];
        c.extend(foods.iter().map(|f| human(n.grams[f.index()])));
        c
    });
    table(out, &header.iter().map(String::as_str).collect::<Vec<_>>(), &rows);

    let floors = people::floors(s);
    let _ = writeln!(out, "\nNutrient adequacy (% of each floor in ration.csv, per person reached)");
    let mut header: Vec<String> = ["district", "periods", "phase"].map(str::to_owned).to_vec();
    header.extend(floors.iter().map(|&i| people::limit_name(s, i)));
    let rows = people::runs(s, needs, |n| {
        floors
            .iter()
            .map(|&i| {
                if n.person_days_reached > ZERO {
                    n.share_of_floor(s, i).map_or_else(|| "–".to_owned(), |v| format!("{:.0}%", 100.0 * v))
                } else {
                    "–".to_owned()
                }
            })
            .collect()
    });
    table(out, &header.iter().map(String::as_str).collect::<Vec<_>>(), &rows);
    let floor_text: Vec<String> = floors
        .iter()
        .map(|&i| {
            let l = &s.ration.limits[i];
            let share = if l.floor_share > 0.0 && l.floor_share < 1.0 {
                format!(" (at least {:.0}% of it for everyone reached)", 100.0 * l.floor_share)
            } else {
                String::new()
            };
            format!(
                "{} {} {}{share}",
                people::limit_name(s, i),
                people::amount(l.bounds.min),
                people::limit_unit(s, i)
            )
        })
        .collect();
    let _ = writeln!(out, "  floors per person per day: {}", floor_text.join(", "));
}

/// A share as a percentage with one decimal.
fn whole_or_tenth(share: f64) -> String {
    format!("{:.1}%", (100.0 * share).max(0.0) + 0.0)
}

/// The spread of coverage per phase, the price of fairness and what held rows below their
/// phase's best.
fn fairness_section(out: &mut String, r: &Report<'_>, needs: &[NeedRow]) {
    let (s, plan) = (r.scenario, r.plan);
    let spread = plan.spread(s);
    if spread.is_empty() {
        return;
    }
    let how = match (s.allocation.fairness, plan.price_of_fairness.is_some()) {
        (Fairness::Impartial, true) => "impartial (max–min of coverage, most severe phase first)",
        (Fairness::Impartial, false) => {
            "impartial in the scenario, but this plan's method maximised total food service"
        }
        (Fairness::Utilitarian, _) => "utilitarian (total food service maximised, wherever it is cheapest)",
        (Fairness::Bounded, _) => match &plan.band {
            Some(b) if b.held => &format!(
                "bounded spread (total food service maximised with the coverage of each phase's reachable need rows within {} points)",
                100.0 * b.max_gap
            ),
            Some(_) => {
                "bounded spread in the scenario, but dropped: the hard commitments need a wider spread"
            }
            None => "bounded spread in the scenario, but this plan's method maximised total food service",
        },
    };
    let _ = writeln!(out, "\nFairness: {how}");
    let rows: Vec<Vec<String>> = spread
        .iter()
        .map(|p| {
            vec![
                p.phase.to_string(),
                p.rows.to_string(),
                whole_or_tenth(p.coverage),
                whole_or_tenth(p.min_coverage),
                whole_or_tenth(p.max_coverage),
                format!("{:.3}", p.gini),
            ]
        })
        .collect();
    table(out, &["phase", "need rows", "coverage", "lowest", "highest", "Gini"], &rows);
    if let Some(pof) = plan.price_of_fairness {
        let _ = writeln!(
            out,
            "  price of fairness: {} weighted person-days of full ration ({:.2}%): a plan that maximised total food service gives {}, this one {}",
            human((pof.utilitarian - pof.impartial).max(0.0)),
            100.0 * pof.loss_share(),
            human(pof.utilitarian),
            human(pof.impartial)
        );
    }
    if let Some(band) = &plan.band {
        if !band.unreachable.is_empty() {
            let _ = writeln!(
                out,
                "  outside the band, as not even a thousandth of their need can reach them (no open route, season, supply or money): {}",
                band.unreachable
                    .iter()
                    .map(|k| hinterland_plan::keys::need_name(s, *k))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        return;
    }
    let held: Vec<&NeedRow> = needs.iter().filter(|n| n.below_best).collect();
    if plan.price_of_fairness.is_none() {
        if !held.is_empty() {
            let _ = writeln!(
                out,
                "  {} need row(s) below the best coverage of their phase: this plan serves people where it is cheapest (served.csv has each row)",
                held.len()
            );
        }
        return;
    }
    if held.is_empty() {
        let _ = writeln!(out, "  every need row has the best coverage of its phase");
        return;
    }
    let _ = writeln!(out, "  below the best coverage of their phase, and what held them there:");
    let lines = people::runs(s, &held.into_iter().cloned().collect::<Vec<_>>(), |n| {
        let best = spread.iter().find(|p| p.phase == n.phase).map_or(0.0, |p| p.max_coverage);
        let why = if n.held_by.is_empty() {
            "no single limit recorded".to_owned()
        } else {
            n.held_by.iter().map(|k| k.describe(s)).collect::<Vec<_>>().join("; ")
        };
        vec![format!("{} (best {})", whole_or_tenth(n.coverage), whole_or_tenth(best)), why]
    });
    for l in lines {
        let _ = writeln!(out, "    {}, {}, phase {}: {}: {}", l[0], l[1], l[2], l[3], l[4]);
    }
}

/// Non-food deliveries, donations, purchases and tonnes moved, food and non-food apart.
fn goods_sections(out: &mut String, s: &Scenario, plan: &Plan) {
    let names = crate::names::Names::of(s);
    let demands = tables::demands(s, plan);
    if !demands.is_empty() {
        let _ = writeln!(out, "\nNon-food deliveries (tonnes)");
        let mut acc: std::collections::BTreeMap<&str, (f64, f64)> = std::collections::BTreeMap::new();
        for d in &demands {
            let e = acc.entry(d.commodity.as_str()).or_default();
            e.0 += d.quantity_t;
            e.1 += d.delivered_t;
        }
        let rows: Vec<Vec<String>> = acc
            .into_iter()
            .map(|(c, (q, d))| vec![names.commodity(c), human(q), human(d), pct(d, q), human(q - d)])
            .collect();
        table(out, &["commodity", "needed", "delivered", "share", "short"], &rows);
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
        let values = goods::donation_values(s);
        let _ = writeln!(out, "\nDonations in kind (tonnes)");
        let rows: Vec<Vec<String>> = supplies
            .iter()
            .zip(&values)
            .map(|(d, v)| {
                vec![
                    names.commodity(&d.commodity),
                    names.node(&d.node),
                    human(d.quantity_t),
                    human(d.used_t),
                    v.usd_per_t.map_or_else(|| "–".to_owned(), human),
                    v.source.describe(&names.commodity(&d.commodity)),
                ]
            })
            .collect();
        table(out, &["commodity", "at", "given", "used", "value US$/t", "valued at"], &rows);
    }

    let buys = tables::purchases_by_commodity(s, plan);
    if !buys.is_empty() {
        let _ = writeln!(out, "\nPurchases");
        let rows: Vec<Vec<String>> = buys
            .iter()
            .map(|b| {
                vec![
                    names.commodity(&b.commodity),
                    b.goods.label().to_owned(),
                    b.channel.clone(),
                    human(b.tonnes),
                    human(b.usd),
                ]
            })
            .collect();
        table(out, &["commodity", "goods", "channel", "tonnes", "US$"], &rows);
    }

    let corridors = tables::by_corridor(s, plan);
    if !corridors.is_empty() {
        let country = tables::planned_country(s);
        let total: f64 = corridors.iter().map(|c| c.tonnes).sum();
        let _ = writeln!(out, "\nTonnes entering {country} by corridor and mode");
        let rows: Vec<Vec<String>> = corridors
            .iter()
            .map(|c| {
                vec![
                    names.corridor(&c.corridor),
                    c.mode.as_str().to_owned(),
                    human(c.goods[Goods::Food.index()]),
                    human(c.goods[Goods::Nonfood.index()]),
                    pct(c.tonnes, total),
                ]
            })
            .collect();
        table(out, &["corridor", "mode", "food t", "non-food t", "share"], &rows);
    }
    let comparison = tables::corridor_comparison(s, plan);
    if comparison.iter().any(|c| c.cited_share.is_some()) {
        let _ = writeln!(out, "\nCorridor split against the cited trade shares (food and non-food)");
        let rows: Vec<Vec<String>> = comparison.iter().map(|c| crate::corridors::cells(&names, c)).collect();
        table(out, &["corridor", "plan t", "plan", "cited", "port→border US$/t"], &rows);
        let _ = writeln!(out, "  port→border routes (the legs each cost sums):");
        for c in comparison.iter().filter(|c| !c.route.is_empty()) {
            let _ =
                writeln!(out, "    {}: {}", names.corridor(&c.corridor), crate::corridors::legs(s, &c.route));
        }
        for c in comparison.iter().filter(|c| !c.reasons.is_empty()) {
            let more = c.plan_share > c.cited_share.unwrap_or(0.0);
            let _ = writeln!(
                out,
                "  {} carries {} than cited because:",
                names.corridor(&c.corridor),
                if more { "more" } else { "less" },
            );
            for reason in &c.reasons {
                let _ = writeln!(out, "    {reason}");
            }
        }
    }
    let modes = tables::by_mode(s, plan);
    if !modes.is_empty() {
        let _ = writeln!(out, "\nTransport by mode (all lanes)");
        let rows: Vec<Vec<String>> = modes
            .iter()
            .map(|m| {
                vec![
                    m.mode.as_str().to_owned(),
                    human(m.goods[Goods::Food.index()]),
                    human(m.goods[Goods::Nonfood.index()]),
                    human(m.tonne_km),
                ]
            })
            .collect();
        table(out, &["mode", "food t moved", "non-food t moved", "tonne-km"], &rows);
    }
}

/// Costs of food and non-food, and the food cost per person-day.
fn costs_section(out: &mut String, s: &Scenario, plan: &Plan) {
    let [food, nonfood] = goods::costs(s, plan);
    let c = plan.costs;
    let _ = writeln!(out, "\nCosts (US$)");
    let line = |item: &str, f: f64, n: f64, t: f64| vec![item.to_owned(), human(f), human(n), human(t)];
    let rows = vec![
        line("purchase", food.purchase, nonfood.purchase, c.purchase),
        line("transport", food.transport, nonfood.transport, c.transport),
        line("handling", food.handling, nonfood.handling, c.handling),
        line("storage", food.storage, nonfood.storage, c.storage),
        line("total", food.total(), nonfood.total(), c.total()),
    ];
    table(out, &["item", "food", "non-food", "total"], &rows);
    let fc = FoodCost::of(s, plan);
    if let (Some((zero, valued)), Some((zero_v, valued_v))) =
        (fc.per_person_day_reached(), fc.per_full_ration_person_day())
    {
        let _ = writeln!(
            out,
            "  food cost per person-day reached: US$ {} (donated food at zero), US$ {} (donated food at market value)",
            human(zero),
            human(valued)
        );
        let _ = writeln!(
            out,
            "  food cost per person-day of full ration: US$ {}, US$ {} with donated food at market value",
            human(zero_v),
            human(valued_v)
        );
        if fc.donated_t > 0.0 {
            let mut note = format!(
                "  donated food used: {} t, worth US$ {} (values per tonne under Donations in kind)",
                human(fc.donated_t),
                human(fc.donated_value_usd)
            );
            if fc.donated_unvalued_t > 0.0 {
                let _ = write!(
                    note,
                    "; {} t of it has no market price and counts as zero",
                    human(fc.donated_unvalued_t)
                );
            }
            let _ = writeln!(out, "{note}");
        }
    }
    if let Some(mc) = plan.marginal_cost_usd_per_weighted_person_day
        && mc.abs() > 1e-9
    {
        let how = if plan.marginal_cost_measured {
            ""
        } else {
            " (the service floor's dual, not measured: drop `--confirm-limits 0` to measure it)"
        };
        let _ = writeln!(
            out,
            "  marginal cost of one more weighted person-day of full ration: US$ {}{how}",
            human(mc)
        );
    }
}

/// The binding limits with their shadow prices in words.
fn limits_section(out: &mut String, r: &Report<'_>, max_limits: usize) {
    let (s, plan) = (r.scenario, r.plan);
    let _ = writeln!(out, "\nBinding limits (shadow prices, confirmed by re-solving where marked *)");
    if plan.fairness() == Fairness::Impartial {
        let _ = writeln!(
            out,
            "  person-days gained are measured on a plan that maximised total food service (this plan shares food impartially); dollars saved on this plan"
        );
    }
    let shown: Vec<_> = plan.shadow_prices.iter().filter(|p| !p.is_degenerate()).collect();
    let degenerate = plan.shadow_prices.len() - shown.len();
    if shown.is_empty() {
        let _ = writeln!(out, "  none: no capacity, stock or budget limits the plan");
    }
    for (i, p) in shown.iter().take(max_limits).enumerate() {
        let mark = if p.measured.is_some() { "*" } else { " " };
        let _ = writeln!(out, "  {:>2}.{mark} {}", i + 1, sentence_in(s, plan, p));
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
}

/// The steps that solved for the plan, in order, a run of one goal counted once:
/// `service then fair ×2 then nonfood then cost` (a country of 416 districts makes 323 max–min
/// steps in a row).
pub(crate) fn steps_in_order(run: &hinterland_plan::PlanRun) -> String {
    in_order(run.steps.iter().filter(|st| st.solves_the_plan()).map(|st| st.goal.as_str()))
}

fn in_order<'a>(goals: impl IntoIterator<Item = &'a str>) -> String {
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for goal in goals {
        match runs.last_mut() {
            Some((last, n)) if *last == goal => *n += 1,
            _ => runs.push((goal, 1)),
        }
    }
    let parts: Vec<String> =
        runs.iter().map(|&(goal, n)| if n == 1 { goal.to_owned() } else { format!("{goal} ×{n}") }).collect();
    parts.join(" then ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_run_of_one_goal_is_counted_once() {
        let steps = std::iter::once("service").chain(["fair"; 323]).chain(["nonfood", "cost"]);
        assert_eq!(super::in_order(steps), "service then fair ×323 then nonfood then cost");
        assert_eq!(super::in_order(["service", "cost"]), "service then cost");
        assert_eq!(
            super::in_order(["elastic", "elastic", "service", "fair"]),
            "elastic ×2 then service then fair"
        );
    }
}
