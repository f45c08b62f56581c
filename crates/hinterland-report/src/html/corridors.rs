//! The corridor split against the trade shares the sources cite, with the legs each
//! port→border cost sums and the reasons per commodity group (as in the summary).

use std::fmt::Write as _;

use super::{esc, table};
use crate::corridors::{cells, corridor_comparison, legs};
use crate::{Report, names::Names};

/// The section, or nothing when `corridors.csv` cites no share.
pub(super) fn section(out: &mut String, r: &Report<'_>) {
    let s = r.scenario;
    let comparison = corridor_comparison(s, r.plan);
    if comparison.iter().all(|c| c.cited_share.is_none()) {
        return;
    }
    let names = Names::of(s);
    out.push_str("<h3>Corridors against the cited trade shares</h3>");
    let rows: Vec<Vec<String>> = comparison
        .iter()
        .map(|c| {
            let mut row = cells(&names, c);
            row.push(if c.route.is_empty() { "–".to_owned() } else { legs(s, &c.route) });
            row
        })
        .collect();
    out.push_str(&table(
        &[
            ("corridor", false),
            ("plan t", true),
            ("plan", true),
            ("cited", true),
            ("port→border US$/t", true),
            ("legs of the port→border cost", false),
        ],
        &rows,
    ));
    for c in comparison.iter().filter(|c| !c.reasons.is_empty()) {
        let more = c.plan_share > c.cited_share.unwrap_or(0.0);
        let _ = write!(
            out,
            "<p><strong>{}</strong> carries {} than cited because:</p><ul>",
            esc(&names.corridor(&c.corridor)),
            if more { "more" } else { "less" }
        );
        for reason in &c.reasons {
            let _ = write!(out, "<li>{}</li>", esc(reason));
        }
        out.push_str("</ul>");
    }
    out.push_str(
        "<p class=\"muted\">Food and non-food together, tonnes entering the country. A corridor's port→border cost \
         is the cheapest route from a port to its border post, leg by leg; where goods are bought or donated \
         decides their corridor as much as costs do, so the reasons are given per commodity group.</p>",
    );
}
