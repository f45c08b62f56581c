//! The report files `plan` writes besides plan.json, the CSV tables and summary.txt:
//! report.html, plan.geojson and plan.xlsx; and the scenario documents the report shows.

use std::path::Path;

use anyhow::Context as _;
use hinterland_report::html::{self, Document};
use hinterland_report::{Report, geojson, xlsx};

use crate::embedded;

/// The scenario's documents shown at the end of the HTML report, in this order.
const DOCUMENTS: [&str; 3] = ["README.md", "SOURCES.md", "ASSUMPTIONS.md"];

/// (name, Markdown) of the scenario's documents: from its folder, or the embedded scenario's.
/// Missing or unreadable files are left out: they are background, not input.
pub fn documents(scenario: Option<&Path>) -> Vec<(String, String)> {
    DOCUMENTS
        .iter()
        .filter_map(|name| {
            let text = match scenario {
                Some(dir) => std::fs::read_to_string(dir.join(name)).ok(),
                None => embedded::FILES.iter().find(|(n, _)| n == name).map(|(_, t)| (*t).to_owned()),
            };
            text.map(|t| ((*name).to_owned(), t))
        })
        .collect()
}

/// The HTML report.
pub fn html(r: &Report<'_>, docs: &[(String, String)]) -> String {
    let docs: Vec<Document<'_>> = docs.iter().map(|(n, t)| Document { name: n, markdown: t }).collect();
    html::render(r, &docs)
}

/// report.html, plan.geojson and plan.xlsx as (file name, bytes).
pub fn files(r: &Report<'_>, report_html: &str) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    Ok(vec![
        ("report.html".to_owned(), report_html.as_bytes().to_vec()),
        ("plan.geojson".to_owned(), geojson::render(r).into_bytes()),
        ("plan.xlsx".to_owned(), xlsx::render(r).context("cannot build plan.xlsx")?),
    ])
}
