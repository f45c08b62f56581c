//! The report files `plan` writes besides plan.json, the CSV tables and summary.txt:
//! report.html, plan.geojson and plan.xlsx; and the scenario documents the report shows.

use anyhow::Context as _;
use hinterland_io::{DOCUMENTS, ScenarioSource};
use hinterland_report::html::{self, Document};
use hinterland_report::{Report, geojson, xlsx};

/// (name, Markdown) of the scenario's documents (README, SOURCES, ASSUMPTIONS), in that
/// order: from its folder or workbook, or the embedded scenario's. Missing or unreadable
/// ones are left out: they are background, not input.
pub fn documents(source: &ScenarioSource) -> Vec<(String, String)> {
    DOCUMENTS
        .iter()
        .filter_map(|name| source.documents().find(|(n, _)| n == name))
        .map(|(n, t)| (n.to_owned(), t.to_owned()))
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
