//! The default scenario, compiled into the binary so `hinterland plan` works anywhere.

use hinterland_io::ScenarioSource;

/// Name shown as the origin of the embedded scenario.
pub const ORIGIN: &str = "<embedded:mali-2024>";

/// The named files of `scenarios/DIR/`, as they were when the binary was built, as
/// `(name, text)` pairs.
macro_rules! compiled {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../scenarios/", $dir, "/", $name)))),*]
    };
}
pub(crate) use compiled;

/// The files of `scenarios/mali-2024/`, as they were when the binary was built.
pub const FILES: &[(&str, &str)] = compiled!("mali-2024":
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
    from_compiled(ORIGIN, FILES)
}

/// A scenario from compiled-in files (see [`compiled!`]): the `.md` files are its documents,
/// the others its tables and settings.
pub fn from_compiled(origin: &str, files: &[(&str, &str)]) -> ScenarioSource {
    let is_document = |name: &str| std::path::Path::new(name).extension().is_some_and(|e| e == "md");
    let (docs, tables): (Vec<_>, Vec<_>) = files.iter().copied().partition(|(n, _)| is_document(n));
    let mut source = ScenarioSource::from_files(origin, tables);
    for (name, text) in docs {
        source.set_document(name, text);
    }
    source
}
