//! The report's "From the ledger" section, for a plan made from the ledger: where the plan
//! starts, the ledger's status on the as-of date (pledges, funds, districts against the
//! earlier plan) and the variance from the earlier plan. The tables are [`crate::ledger::tables`].

use std::fmt::Write as _;

use hinterland_plan::explain::human;

use super::{esc, table};
use crate::Report;
use crate::csv_tables::Cell;
use crate::ledger::{Table, headline, tables};

/// What each table is called in the section, in [`tables`] order.
fn title(name: &str) -> &'static str {
    match name {
        "ledger_stocks" => "Opening stock: the ledger's stock on hand",
        "ledger_pipeline" => "Pipeline: the ledger's shipments in transit",
        "ledger_pledges" => "Pledges: promised against delivered",
        "ledger_funds" => "Funds: budget, spent and left to plan with",
        "ledger_donations" => "Donations in kind: handed over and left",
        "ledger_districts" => "Districts: handed out against the earlier plan (tonnes to date)",
        "ledger_served" => "People already served in the re-plan's periods",
        "variance_districts" => "Variance: person-days planned and served per district and period",
        "variance_pledges" => "Variance: what the earlier plan counted on from each pledge",
        "variance_corridors" => "Variance: tonnes dispatched from the ports per corridor",
        _ => "",
    }
}

fn cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Num(x) => human(*x),
        Cell::Empty => "–".to_owned(),
    }
}

fn html_table(tb: &Table) -> String {
    let numeric: Vec<bool> = tb
        .header
        .iter()
        .enumerate()
        .map(|(i, _)| tb.rows.iter().any(|r| matches!(r.get(i), Some(Cell::Num(_)))))
        .collect();
    let header: Vec<(&str, bool)> = tb.header.iter().zip(&numeric).map(|(h, n)| (*h, *n)).collect();
    let rows: Vec<Vec<String>> = tb.rows.iter().map(|r| r.iter().map(cell).collect()).collect();
    table(&header, &rows)
}

/// The section, or nothing for a plan not made from the ledger.
pub(super) fn section(out: &mut String, r: &Report<'_>) {
    let Some(l) = r.ledger else { return };
    let _ = write!(out, "<h2 id=\"ledger\">From the ledger as of {}</h2>", l.replanned.as_of);
    let _ = write!(out, "<p>{}.</p>", esc(headline(&l.replanned).trim()));
    if !l.replanned.notes.is_empty() {
        out.push_str("<ul>");
        for n in &l.replanned.notes {
            let _ = write!(out, "<li>{}</li>", esc(&n.to_string()));
        }
        out.push_str("</ul>");
    }
    if let Some(v) = &l.variance {
        let (planned, served) = v.totals();
        let _ = write!(
            out,
            "<p>Against {}: {} person-days planned to {}, {} served ({} short).</p>",
            esc(&v.against),
            human(planned),
            v.as_of,
            human(served),
            human((planned - served).max(0.0))
        );
    }
    for tb in tables(l).iter().filter(|tb| !tb.rows.is_empty()) {
        let _ = write!(out, "<h3>{}</h3>", esc(title(tb.name)));
        out.push_str(&html_table(tb));
    }
    out.push_str(
        "<p class=\"muted\">Person-days served are the people a district's distributions reached in a period \
         times its days; the period still in progress on the as-of date is marked complete = no. \
         docs/ledger.md, \"Re-planning from the ledger\", gives the rule for each table.</p>",
    );
}
