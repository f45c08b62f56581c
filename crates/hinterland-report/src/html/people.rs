//! The report's sections on people: coverage by district, rations and nutrient adequacy per
//! district and period, and fairness (spread per phase, the price of fairness, what held
//! need rows below their phase's best). Figures from [`crate::people`] and
//! [`crate::tables`], as in the summary and the CSV tables.

use std::fmt::Write as _;

use hinterland_plan::explain::human;

use super::{esc, pct, q, table, table_class};
use crate::people::{self, NeedRow};
use crate::{Report, tables};

fn share(v: f64) -> String {
    format!("{:.1}%", (100.0 * v).max(0.0) + 0.0)
}

/// Coverage by district, then rations and adequacy per district and period.
pub(super) fn section(out: &mut String, r: &Report<'_>) {
    let (s, plan) = (r.scenario, r.plan);
    out.push_str("<h2>People: reach, rations and coverage</h2>");
    out.push_str(
        "<p class=\"muted\">People are <em>reached</em> when they get a ration, full or reduced. A ration's value \
         counts each floor of ration.csv by its adequacy (share met, capped at 100%, on the scenario's value \
         curve); <em>coverage</em> is the value of the rations over the person-days in need: 100% when everyone in \
         need gets a full ration.</p>",
    );
    out.push_str("<h3>By district and phase, over the horizon</h3>");
    let rows: Vec<Vec<String>> = tables::by_district_phase(s, plan)
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                d.phase.to_string(),
                q(d.person_days_in_need),
                q(d.person_days_served),
                pct(d.person_days_served, d.person_days_in_need),
                pct(d.value_person_days, d.person_days_in_need),
                q(d.tonnes_food),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            ("district", false),
            ("phase", true),
            ("person-days in need", true),
            ("reached", true),
            ("share reached", true),
            ("coverage", true),
            ("food t", true),
        ],
        &rows,
    ));

    let needs: Vec<NeedRow> =
        people::need_rows(s, plan).into_iter().filter(|n| n.person_days_in_need > 0.0).collect();
    let foods: Vec<_> = people::foods_eaten(s, plan)
        .into_iter()
        .filter(|c| needs.iter().any(|n| q(n.grams[c.index()]) != "0"))
        .collect();
    out.push_str("<h3>Rations by district and period (grams per person reached per day)</h3>");
    let mut header: Vec<(&str, bool)> = vec![
        ("district", false),
        ("periods", false),
        ("phase", true),
        ("people reached", true),
        ("share reached", true),
        ("coverage", true),
        ("ration g", true),
    ];
    header.extend(foods.iter().map(|c| (s.commodity(*c).name.as_str(), true)));
    let rows = people::runs(s, &needs, |n| {
        let mut row =
            vec![q(n.people_reached), share(n.share_reached()), share(n.coverage), q(n.grams_total())];
        row.extend(foods.iter().map(|c| q(n.grams[c.index()])));
        row
    });
    out.push_str(&table_class(&header, &rows, "nowrap"));
    out.push_str(
        "<p class=\"muted\">Consecutive periods with the same figures share a row. People reached: average per \
         day over the period. Grams of each food per person reached per day.</p>",
    );

    let floors = people::floors(s);
    out.push_str("<h3>Nutrient adequacy (% of each floor in ration.csv, per person reached)</h3>");
    let names: Vec<String> = floors
        .iter()
        .map(|&i| {
            format!(
                "{} {} {}",
                people::limit_name(s, i),
                people::amount(s.ration.limits[i].bounds.min),
                people::limit_unit(s, i)
            )
        })
        .collect();
    let mut header: Vec<(&str, bool)> = vec![("district", false), ("periods", false), ("phase", true)];
    header.extend(names.iter().map(|n| (n.as_str(), true)));
    let rows = people::runs(s, &needs, |n| {
        floors
            .iter()
            .map(|&i| match n.share_of_floor(s, i) {
                Some(v) if n.person_days_reached > 0.0 => format!("{:.0}%", 100.0 * v),
                _ => "–".to_owned(),
            })
            .collect()
    });
    out.push_str(&table_class(&header, &rows, "nowrap"));
    let reduced: Vec<String> = floors
        .iter()
        .filter(|&&i| s.ration.limits[i].floor_share < 1.0)
        .map(|&i| {
            let l = &s.ration.limits[i];
            if l.floor_share > 0.0 {
                format!("{} (at least {:.0}%)", people::limit_name(s, i), 100.0 * l.floor_share)
            } else {
                format!("{} (optional)", people::limit_name(s, i))
            }
        })
        .collect();
    if !reduced.is_empty() {
        let rest = if reduced.len() < floors.len() { "; every other floor is met in full" } else { "" };
        let _ = write!(
            out,
            "<p class=\"muted\">Reduced rations may cut {}{rest}. rations.csv has every ration limit per row, \
             served.csv reach and coverage.</p>",
            esc(&reduced.join(", "))
        );
    }
}

/// Spread of coverage per phase, the price of fairness, and what held rows below their
/// phase's best.
pub(super) fn fairness(out: &mut String, r: &Report<'_>) {
    let (s, plan) = (r.scenario, r.plan);
    let spread = plan.spread(s);
    if spread.is_empty() {
        return;
    }
    out.push_str("<h2>Fairness: how evenly coverage is spread</h2>");
    match plan.price_of_fairness {
        Some(pof) => {
            let _ = write!(
                out,
                "<p>Impartial allocation: within each phase, most severe first, the lowest coverage is raised as far as \
                 the network, the season and the money allow, then the next. <strong>Price of fairness: {} weighted \
                 person-days of full ration ({:.2}%)</strong>: a plan that maximised total food service would give {}, \
                 this one gives {}.</p>",
                human((pof.utilitarian - pof.impartial).max(0.0)),
                100.0 * pof.loss_share(),
                human(pof.utilitarian),
                human(pof.impartial)
            );
        }
        None => out.push_str(
            "<p>Utilitarian allocation: total food service is maximised, wherever people are cheapest to reach; no \
             price of fairness.</p>",
        ),
    }
    let rows: Vec<Vec<String>> = spread
        .iter()
        .map(|p| {
            vec![
                p.phase.to_string(),
                p.rows.to_string(),
                share(p.coverage),
                share(p.min_coverage),
                share(p.max_coverage),
                format!("{:.3}", p.gini),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            ("phase", true),
            ("need rows", true),
            ("coverage", true),
            ("lowest", true),
            ("highest", true),
            ("Gini (0 = equal)", true),
        ],
        &rows,
    ));
    let held: Vec<NeedRow> = people::need_rows(s, plan).into_iter().filter(|n| n.below_best).collect();
    if held.is_empty() {
        out.push_str("<p class=\"muted\">Every need row has the best coverage of its phase.</p>");
        return;
    }
    if plan.price_of_fairness.is_none() {
        let _ = write!(
            out,
            "<p class=\"muted\">{} need row(s) are below the best coverage of their phase (served.csv has each).</p>",
            held.len()
        );
        return;
    }
    out.push_str("<h3>Below the best coverage of their phase, and what held them there</h3>");
    let rows = people::runs(s, &held, |n| {
        let best = spread.iter().find(|p| p.phase == n.phase).map_or(0.0, |p| p.max_coverage);
        vec![
            share(n.coverage),
            share(best),
            if n.held_by.is_empty() {
                "no single limit recorded".to_owned()
            } else {
                n.held_by.iter().map(|k| k.describe(s)).collect::<Vec<_>>().join("; ")
            },
        ]
    });
    out.push_str(&table(
        &[
            ("district", false),
            ("periods", false),
            ("phase", true),
            ("coverage", true),
            ("best in phase", true),
            ("held by", false),
        ],
        &rows,
    ));
}
