//! The commodities a synthetic country trades, in the order `--commodities K` takes them:
//! the first three foods make a complete ration (cereal, pulse, oil), so every K ≥ 3 can feed
//! people; non-food inputs (fertilizer, fuel) come in early so that demand exists from K = 4.
//! Nutrient values are rounded WFP NutVal figures; prices are round 2024 orders of magnitude.

/// What a commodity is for, as `commodities.csv` spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Food,
    AgriInput,
    Fuel,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Food => "food",
            Group::AgriInput => "agri_input",
            Group::Fuel => "fuel",
        }
    }
}

/// One tradable commodity.
#[derive(Clone, Debug, PartialEq)]
pub struct Commodity {
    pub id: String,
    pub name: String,
    pub group: Group,
    pub ration_group: &'static str,
    /// kcal, g protein, g fat per 100 g (food only).
    pub per_100g: [f64; 3],
    /// Price at the ports (international purchase), if bought abroad.
    pub import_usd_per_t: Option<f64>,
    /// Price on inland markets, if grown or sold locally.
    pub local_usd_per_t: Option<f64>,
    /// Weighted person-days a tonne delivered is worth (non-food only).
    pub weight_per_t: f64,
}

impl Commodity {
    pub fn is_food(&self) -> bool {
        self.group == Group::Food
    }
}

type Row = (&'static str, &'static str, Group, &'static str, [f64; 3], Option<f64>, Option<f64>, f64);

const BASE: [Row; 12] = [
    ("sorghum", "Sorghum", Group::Food, "cereal", [335.0, 11.0, 3.0], Some(420.0), Some(360.0), 0.0),
    ("cowpeas", "Cowpeas", Group::Food, "pulse", [335.0, 22.5, 1.2], Some(900.0), Some(780.0), 0.0),
    ("oil", "Fortified vegetable oil", Group::Food, "oil", [885.0, 0.0, 100.0], Some(1500.0), None, 0.0),
    ("urea", "Urea fertilizer", Group::AgriInput, "", [0.0; 3], Some(520.0), None, 3000.0),
    ("wheat", "Wheat grain", Group::Food, "cereal", [330.0, 12.3, 1.5], Some(280.0), None, 0.0),
    ("rice", "Rice milled", Group::Food, "cereal", [360.0, 7.0, 0.5], Some(640.0), Some(740.0), 0.0),
    ("millet", "Millet", Group::Food, "cereal", [335.0, 11.0, 3.0], None, Some(380.0), 0.0),
    ("diesel", "Diesel", Group::Fuel, "", [0.0; 3], Some(1100.0), None, 4000.0),
    ("maize", "Maize grain", Group::Food, "cereal", [350.0, 10.0, 4.0], Some(300.0), Some(340.0), 0.0),
    ("csb", "Super Cereal (CSB+)", Group::Food, "fbf", [380.0, 18.0, 6.0], Some(860.0), None, 0.0),
    ("npk", "NPK fertilizer", Group::AgriInput, "", [0.0; 3], Some(600.0), None, 3000.0),
    ("sugar", "Sugar", Group::Food, "sugar", [400.0, 0.0, 0.0], Some(550.0), None, 0.0),
];

/// The first `k` commodities; past the named ones, more cereal varieties.
pub fn commodities(k: usize) -> Vec<Commodity> {
    (0..k)
        .map(|i| {
            if let Some(&(id, name, group, ration_group, per_100g, import, local, weight)) = BASE.get(i) {
                return Commodity {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    group,
                    ration_group,
                    per_100g,
                    import_usd_per_t: import,
                    local_usd_per_t: local,
                    weight_per_t: weight,
                };
            }
            let extra = (i - BASE.len()) as f64;
            Commodity {
                id: format!("cereal_{}", i + 1),
                name: format!("Cereal variety {}", i + 1),
                group: Group::Food,
                ration_group: "cereal",
                per_100g: [335.0 + (extra % 7.0) * 3.0, 10.0, 3.0],
                import_usd_per_t: Some(300.0 + (extra % 11.0) * 9.0),
                local_usd_per_t: Some(340.0 + (extra % 13.0) * 7.0),
                weight_per_t: 0.0,
            }
        })
        .collect()
}

/// Ration limits per person and day: (kind, item, min, max). Floors from the WFP planning
/// figures (2,100 kcal, 10% of energy from protein, 17% from fat); caps on each ration group
/// keep baskets realistic (WFP general-distribution basket plus a margin).
pub const RATION: [(&str, &str, f64, f64); 8] = [
    ("nutrient", "energy", 2100.0, f64::INFINITY),
    ("nutrient", "protein", 52.5, f64::INFINITY),
    ("nutrient", "fat", 39.7, f64::INFINITY),
    ("group", "cereal", 0.0, 500.0),
    ("group", "pulse", 0.0, 100.0),
    ("group", "oil", 0.0, 40.0),
    ("group", "fbf", 0.0, 100.0),
    ("group", "sugar", 0.0, 20.0),
];

/// Nutrients: (id, name, unit), in the order of [`Commodity::per_100g`].
pub const NUTRIENTS: [(&str, &str, &str); 3] =
    [("energy", "Energy", "kcal"), ("protein", "Protein", "g"), ("fat", "Fat", "g")];
