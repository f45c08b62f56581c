//! The terminal summary of the default scenario.

use hinterland_report::{summary, tables};

use crate::support::mali;

/// Issue 3: where the plan's corridor split differs from the cited trade shares, the
/// summary says why.
#[test]
fn summary_explains_corridor_split_against_cited_shares() {
    let m = mali();
    let r = m.report();
    let comparison = tables::corridor_comparison(r.scenario, r.plan);
    let text = summary::render(&r, 12);
    let mut explained = 0;
    for c in &comparison {
        let Some(cited) = c.cited_share else { continue };
        if (c.plan_share - cited).abs() > 0.10 {
            assert!(!c.reasons.is_empty(), "{} differs from its cited share without a reason", c.corridor);
            assert!(
                text.contains(&format!("{} carries", c.corridor)),
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
