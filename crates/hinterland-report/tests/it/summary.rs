//! The terminal summary of the default scenario.

use hinterland_report::{summary, tables};

use crate::support::{self, mali};

/// Issue 3: where the plan's corridor split differs from the cited trade shares, the
/// summary says why. Since issue 27 (lead times, transit in days) the default plan's split is
/// within 10 points of the cited shares, so the test cites Dakar's older 40% (Jeune Afrique
/// 2010, mali-figures 3a) to make it differ.
#[test]
fn summary_explains_corridor_split_against_cited_shares() {
    let mut source = support::source("mali-2024");
    let corridors = source.file("corridors.csv").expect("Mali has corridors.csv").to_owned();
    let edited = corridors.replace(",0.71,PAD-DAKAR,", ",0.4,PAD-DAKAR,");
    assert_ne!(edited, corridors, "Dakar's cited share is in corridors.csv");
    source.set_file("corridors.csv", edited);
    let m = support::plan_source(&source);
    let r = m.report();
    let comparison = tables::corridor_comparison(r.scenario, r.plan);
    let text = summary::render(&r, 12);
    let mut explained = 0;
    for c in &comparison {
        let Some(cited) = c.cited_share else { continue };
        if (c.plan_share - cited).abs() > 0.10 {
            assert!(!c.reasons.is_empty(), "{} differs from its cited share without a reason", c.corridor);
            assert!(
                text.contains(&format!("{} carries", c.name)),
                "summary silent on {}:\n{text}",
                c.corridor
            );
            explained += 1;
        }
    }
    assert!(explained > 0, "the Mali plan differs from the cited shares somewhere:\n{text}");
    let shares: f64 = comparison.iter().map(|c| c.plan_share).sum();
    assert!((shares - 1.0).abs() < 1e-9 || shares == 0.0, "plan shares add up to {shares}");
    println!("{text}");
}

/// Issue 24: demand that has no value to the plan (weight 0 and no `min_share`) is warned
/// about when read, and the summary says why it went undelivered.
#[test]
fn issue_24_summary_says_why_unvalued_demand_is_not_planned() {
    // Mali's demand.csv has no `weight_per_t`: every row takes the default of 200. Give the
    // row of urea at Sikasso (333 t in each of 2024-05..2024-07, line 5) a weight of 0.
    let mut source = support::source("mali-2024");
    let text = source.file("demand.csv").expect("Mali has demand.csv").to_owned();
    let edited: String = text
        .lines()
        .map(|l| match l {
            l if l.starts_with("node,") => format!("{l},weight_per_t\n"),
            l if l.starts_with("sikasso,urea,2024-05..2024-07,333,") => format!("{l},0\n"),
            l => format!("{l},\n"),
        })
        .collect();
    assert_eq!(edited.matches(",0\n").count(), 1, "the Sikasso urea row is in Mali's demand.csv");
    source.set_file("demand.csv", edited);

    let (_, diagnostics) = hinterland_io::read_scenario(&source);
    let warned: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        warned,
        [
            "warning[H0510] demand.csv:5 `weight_per_t`: demand for `333` t of `urea` at `sikasso` has `weight_per_t` `0` and no `min_share`, so the plan never delivers it"
        ]
    );

    let p = support::plan_source(&source);
    let r = p.report();
    let s = r.scenario;
    let unvalued: Vec<_> = s
        .demand_ids()
        .filter(|k| s.demand(*k).weight_per_t == 0.0)
        .map(|k| r.plan.delivered_t[k.index()])
        .collect();
    assert_eq!(unvalued, [0.0; 3], "nothing is delivered for want of a value");
    let text = summary::render(&r, 12);
    // 3 periods × 333 t = 999 t.
    let line = "  urea at sikasso, 2024-05..2024-07: 999 t not planned: weight 0 and no `min_share` in demand.csv (warning H0510)\n";
    assert!(text.contains(line), "{text}");
    assert_eq!(text.matches("not planned").count(), 1, "only the unvalued row:\n{text}");
    // The unedited plan has no such line.
    assert!(!summary::render(&mali().report(), 12).contains("not planned"));
}

/// Issue 25: the summary of the default scenario, as people read it: people reached and
/// coverage, rations and their adequacy, fairness and its price, food and non-food apart,
/// the food cost per person-day with donated food at zero and at market value, and shadow
/// prices worded for an impartial plan.
#[test]
fn issue_25_mali_summary() {
    let text = summary::render(&mali().report(), 12);
    insta::assert_snapshot!(text);
}
