//! Names for people: the human-facing tables (summary, HTML) show the names the scenario
//! gives its places, goods and corridors, never their ids (`District de Bamako`, not
//! `bamako_district`). Machine outputs keep the ids.

use std::collections::BTreeMap;

use hinterland_model::Scenario;

/// Names by id of a scenario's nodes, commodities and corridors.
pub struct Names<'a> {
    nodes: BTreeMap<&'a str, &'a str>,
    commodities: BTreeMap<&'a str, &'a str>,
    corridors: BTreeMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub fn of(s: &'a Scenario) -> Names<'a> {
        Names {
            nodes: s.nodes.iter().map(|n| (n.code.as_str(), n.name.as_str())).collect(),
            commodities: s.commodities.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect(),
            corridors: s.corridors.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect(),
        }
    }

    fn get(map: &BTreeMap<&'a str, &'a str>, id: &str) -> String {
        map.get(id).filter(|n| !n.trim().is_empty()).map_or_else(|| id.to_owned(), |n| (*n).to_owned())
    }

    /// A node's name (its id if it has none).
    pub fn node(&self, id: &str) -> String {
        Self::get(&self.nodes, id)
    }

    /// A commodity's name.
    pub fn commodity(&self, id: &str) -> String {
        Self::get(&self.commodities, id)
    }

    /// A corridor's name; a lane outside any corridor is shown by its id.
    pub fn corridor(&self, id: &str) -> String {
        Self::get(&self.corridors, id)
    }
}
