//! The default scenario, compiled into the binary so `hinterland plan` works anywhere.

use hinterland_io::ScenarioSource;

/// Name shown as the origin of the embedded scenario.
pub const ORIGIN: &str = "<embedded:mali-2024>";

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../scenarios/mali-2024/", $name)))),*]
    };
}

/// The files of `scenarios/mali-2024/`, as they were when the binary was built.
pub const FILES: &[(&str, &str)] = embed!(
    "scenario.toml",
    "nodes.csv",
    "lanes.csv",
    "lane_availability.csv",
    "corridors.csv",
    "commodities.csv",
    "nutrients.csv",
    "nutrient_content.csv",
    "ration.csv",
    "needs.csv",
    "demand.csv",
    "supply.csv",
    "markets.csv",
    "funds.csv",
    "stocks.csv",
    "pipeline.csv",
    "README.md",
    "SOURCES.md",
    "ASSUMPTIONS.md",
);

/// The embedded scenario, its documents (README, SOURCES, ASSUMPTIONS) with it.
pub fn source() -> ScenarioSource {
    let is_document = |name: &str| std::path::Path::new(name).extension().is_some_and(|e| e == "md");
    let mut source =
        ScenarioSource::from_files(ORIGIN, FILES.iter().filter(|(name, _)| !is_document(name)).copied());
    for (name, text) in FILES.iter().filter(|(name, _)| is_document(name)) {
        source.set_document(name, *text);
    }
    source
}
