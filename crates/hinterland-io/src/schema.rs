//! The input schema: every CSV table of a scenario, its columns, units, defaults and meaning.
//!
//! This table is the single source of truth for the CSV formats. The reader uses it to check
//! headers (missing required columns, unknown columns) and to look columns up by name; the
//! CLI prints it; a test checks that `docs/scenario-format.md` shows exactly these tables, so
//! the reference documentation cannot drift from the code.

/// One column of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    /// Unit as written in the docs (`t`, `USD/t`, `fraction`, ...); empty for none.
    pub unit: &'static str,
    pub required: bool,
    /// Default as written in the docs (`0`, `empty`, `none`, ...); empty when required.
    pub default: &'static str,
    pub meaning: &'static str,
}

/// One CSV file of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileSchema {
    /// File name inside the scenario folder, e.g. `lanes.csv`.
    pub name: &'static str,
    /// Whether a scenario must contain the file.
    pub required: bool,
    pub columns: &'static [Column],
}

impl FileSchema {
    /// The column called `name`, among this table's columns and the [`COMMON_COLUMNS`].
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().chain(COMMON_COLUMNS).find(|c| c.name == name)
    }

    /// The table as a Markdown table in the docs' layout: columns that share unit,
    /// requirement, default and meaning are written on one row (`` `lat`, `lon` ``).
    pub fn markdown_table(&self) -> String {
        let mut out =
            String::from("| column | unit | required | default | meaning |\n|---|---|---|---|---|\n");
        let mut i = 0;
        while i < self.columns.len() {
            let first = &self.columns[i];
            let mut j = i + 1;
            while j < self.columns.len() && same_description(first, &self.columns[j]) {
                j += 1;
            }
            let names: Vec<String> = self.columns[i..j].iter().map(|c| format!("`{}`", c.name)).collect();
            let cells = [
                names.join(", "),
                first.unit.to_owned(),
                if first.required { "yes" } else { "no" }.to_owned(),
                first.default.to_owned(),
                first.meaning.to_owned(),
            ];
            out.push('|');
            for cell in cells {
                if cell.is_empty() {
                    out.push_str(" |");
                } else {
                    out.push(' ');
                    out.push_str(&cell);
                    out.push_str(" |");
                }
            }
            out.push('\n');
            i = j;
        }
        out
    }
}

fn same_description(a: &Column, b: &Column) -> bool {
    a.unit == b.unit && a.required == b.required && a.default == b.default && a.meaning == b.meaning
}

/// The scenario's settings file; its keys are described by the reader's serde types.
pub const SETTINGS_FILE: &str = "scenario.toml";

/// Columns every table may have. They are kept for reports and never read by the model.
pub const COMMON_COLUMNS: &[Column] = &[
    opt("source", "", "empty", "where a figure comes from"),
    opt("note", "", "empty", "free text, e.g. `assumption: ...`"),
];

const fn req(name: &'static str, unit: &'static str, meaning: &'static str) -> Column {
    Column { name, unit, required: true, default: "", meaning }
}

const fn opt(name: &'static str, unit: &'static str, default: &'static str, meaning: &'static str) -> Column {
    Column { name, unit, required: false, default, meaning }
}

pub const NODES: FileSchema = FileSchema {
    name: "nodes.csv",
    required: true,
    columns: &[
        req("id", "", "node id"),
        req("name", "", "display name"),
        req("kind", "", "`port`, `border`, `hub`, `warehouse`, `market`, `district`"),
        req("lat", "degrees", "WGS84 coordinates"),
        req("lon", "degrees", "WGS84 coordinates"),
        req("country", "", "ISO 3166 alpha-2 code"),
        opt(
            "storage_capacity_t",
            "t",
            "0",
            "stock that can be held at the end of a period, all commodities together; `inf` allowed",
        ),
        opt(
            "handling_cost_usd_per_t",
            "USD/t",
            "0",
            "paid on every tonne entering the node (arrivals, purchases, donations)",
        ),
        opt(
            "storage_cost_usd_per_t_period",
            "USD/(t·period)",
            "0",
            "paid on every tonne held at the end of a period",
        ),
        opt(
            "storage_loss_per_period",
            "fraction",
            "0",
            "share of stock lost between one period and the next, `0 ≤ x < 1`",
        ),
    ],
};

pub const LANES: FileSchema = FileSchema {
    name: "lanes.csv",
    required: true,
    columns: &[
        req("id", "", "lane id"),
        req("from", "", "node ids; a lane is one-directional"),
        req("to", "", "node ids; a lane is one-directional"),
        req("mode", "", "`road`, `rail`, `river`, `sea`, `air`"),
        req("distance_km", "km", "for reports and cost derivations"),
        req("cost_usd_per_t", "USD/t", "transport cost per tonne moved (any commodity)"),
        opt("transit_periods", "periods", "0", "dispatched in period t, arrives in t + transit"),
        opt(
            "transit_days",
            "days",
            "empty",
            "transit in days, instead of `transit_periods`: what is dispatched in a period arrives \
             spread over the periods `transit_days` later (see \"Time\")",
        ),
        req("capacity_t_per_period", "t/period", "shared by all commodities; `inf` allowed"),
        opt("corridor", "", "empty", "corridor label for reports (e.g. `dakar`)"),
    ],
};

pub const LANE_AVAILABILITY: FileSchema = FileSchema {
    name: "lane_availability.csv",
    required: false,
    columns: &[
        req("lane", "", "lane id"),
        req("periods", "", "label, range or `*`"),
        req("capacity_factor", "fraction", "0 (closed) .. 1 (full capacity)"),
        opt("reason", "", "empty", "e.g. `rainy season`, `sanctions`"),
    ],
};

pub const CORRIDORS: FileSchema = FileSchema {
    name: "corridors.csv",
    required: false,
    columns: &[
        req("id", "", "corridor label, as in the `corridor` column of `lanes.csv`"),
        req("name", "", "display name"),
        opt(
            "cited_share",
            "fraction",
            "empty",
            "share of the country's trade the sources give this corridor; the summary compares the plan with it",
        ),
    ],
};

pub const COMMODITIES: FileSchema = FileSchema {
    name: "commodities.csv",
    required: true,
    columns: &[
        req("id", "", ""),
        req("name", "", ""),
        req("group", "", "`food`, `agri_input`, `fuel`, `other`"),
        opt(
            "ration_group",
            "",
            "empty",
            "e.g. `cereal`, `pulse`, `oil`: group bounds in `ration.csv` sum over it",
        ),
        opt("density_t_per_m3", "t/m³", "empty", "informational"),
    ],
};

pub const NUTRIENTS: FileSchema = FileSchema {
    name: "nutrients.csv",
    required: true,
    columns: &[
        req("id", "", "nutrient id"),
        req("name", "", "display name"),
        req("unit", "", "unit of amounts, e.g. `kcal`, `g`, `mg`, `ug`"),
    ],
};

pub const NUTRIENT_CONTENT: FileSchema = FileSchema {
    name: "nutrient_content.csv",
    required: true,
    columns: &[
        req("commodity", "", "commodity id"),
        req("nutrient", "", "nutrient id"),
        req("amount_per_100g", "nutrient unit", "amount in 100 g of the commodity; pairs not listed are 0"),
    ],
};

pub const RATION: FileSchema = FileSchema {
    name: "ration.csv",
    required: true,
    columns: &[
        req("kind", "", "`nutrient`, `commodity` or `group`"),
        req("item", "", "nutrient id, commodity id or ration group"),
        opt("min_per_person_day", "nutrient unit, or g", "0", "floor"),
        opt("max_per_person_day", "nutrient unit, or g", "none", "cap (`inf` or empty for none)"),
        opt(
            "floor_share",
            "fraction",
            "1",
            "share of the floor every person reached must receive: 1 = full rations only, 0.5 on energy \
             = the usual reduced-ration floor, 0 = optional (adds to adequacy only)",
        ),
        opt(
            "value_weight",
            "",
            "1",
            "weight of this floor's adequacy (share met, capped at 1) in the value of a ration",
        ),
    ],
};

pub const NEEDS: FileSchema = FileSchema {
    name: "needs.csv",
    required: true,
    columns: &[
        req("district", "", "node id of kind `district`"),
        req("period", "", "label, range or `*`"),
        req("people", "persons", "people in need in each of these periods"),
        req("phase", "", "Cadre Harmonisé / IPC phase 1..5"),
        opt("min_share", "fraction", "0", "hard commitment: share of their person-days that must be served"),
    ],
};

pub const DEMAND: FileSchema = FileSchema {
    name: "demand.csv",
    required: false,
    columns: &[
        req("node", "", "node id"),
        req("commodity", "", "commodity id"),
        req("period", "", "label, range or `*` (quantity applies to each period)"),
        req("quantity_t", "t", "tonnes needed there in the period"),
        opt(
            "weight_per_t",
            "weight per t",
            "`objective.nonfood_weight_per_t`",
            "priority of a tonne delivered among the non-food rows (never traded against food, \
             except in the `weighted` method)",
        ),
        opt("min_share", "fraction", "0", "hard commitment"),
    ],
};

pub const SUPPLY: FileSchema = FileSchema {
    name: "supply.csv",
    required: false,
    columns: &[
        req("id", "", ""),
        req("commodity", "", "what and where it is handed over"),
        req("node", "", "what and where it is handed over"),
        req("quantity_t", "t", ""),
        req("available_from", "", "period label: when it reaches its hand-over point"),
        opt("donor", "", "empty", "for reports"),
        opt(
            "pledged_period",
            "",
            "empty",
            "period label of the pledge, at or before `available_from`; reports show the shipping \
             lead. Never changes the plan",
        ),
        opt(
            "handover_cost_usd_per_t",
            "USD/t",
            "0",
            "logistics cost of getting a tonne from the donor's hand-over point into the plan, paid \
             per tonne called forward (by the funds that pay logistics)",
        ),
        opt(
            "value_usd_per_t",
            "USD/t",
            "mean market price",
            "what a tonne of it would cost, to value the donation in reports (food cost per \
             person-day with donations at market value); empty: the mean `price_usd_per_t` of \
             the commodity's rows in `markets.csv` (none: not valued). Never changes the plan",
        ),
    ],
};

pub const MARKETS: FileSchema = FileSchema {
    name: "markets.csv",
    required: false,
    columns: &[
        req("node", "", "where and what can be bought"),
        req("commodity", "", "where and what can be bought"),
        req("period", "", "label, range or `*`"),
        req("price_usd_per_t", "USD/t", ""),
        req("capacity_t", "t", "per period; `inf` allowed"),
        req("channel", "", "purchase channel, e.g. `un`, `local`, `international`"),
        opt(
            "lead_periods",
            "periods",
            "0",
            "periods from order to availability at `node`: ordered (and paid) in `period`, \
             available in `period + lead_periods`",
        ),
    ],
};

pub const FUNDS: FileSchema = FileSchema {
    name: "funds.csv",
    required: false,
    columns: &[
        req("id", "", ""),
        req("name", "", ""),
        req("amount_usd", "USD", ""),
        opt("channels", "", "`*`", "`;`-separated channels this fund may buy through, or `*`"),
        opt("pays_logistics", "", "`false`", "may pay transport, handling, storage"),
    ],
};

pub const STOCKS: FileSchema = FileSchema {
    name: "stocks.csv",
    required: false,
    columns: &[
        req("node", "", "node id; it needs storage for what it holds"),
        req("commodity", "", "commodity id"),
        req("quantity_t", "t", "on hand at the start of the first period"),
    ],
};

pub const PIPELINE: FileSchema = FileSchema {
    name: "pipeline.csv",
    required: false,
    columns: &[
        req("id", "", "shipment id"),
        req("commodity", "", "commodity id"),
        req("quantity_t", "t", "already ordered or at sea"),
        req("node", "", "node id where it arrives"),
        req("arrival_period", "", "period label of its arrival; held there until called forward"),
    ],
};

pub const LANE_COSTS: FileSchema = FileSchema {
    name: "lane_costs.csv",
    required: false,
    columns: &[
        req("lane", "", "lane id"),
        req(
            "commodity_or_group",
            "",
            "commodity id, or commodity group (`food`, `agri_input`, `fuel`, `other`); a commodity's \
             row wins over its group's",
        ),
        req("cost_usd_per_t", "USD/t", "transport cost per tonne of these goods on the lane"),
    ],
};

pub const STORAGE_COSTS: FileSchema = FileSchema {
    name: "storage_costs.csv",
    required: false,
    columns: &[
        req("node", "", "node id"),
        req("commodity_or_group", "", "commodity id or commodity group; a commodity's row wins"),
        req("storage_cost_usd_per_t_period", "USD/(t·period)", "replaces the node's for these goods"),
        req("storage_loss_per_period", "fraction", "replaces the node's for these goods, `0 ≤ x < 1`"),
    ],
};

/// Every CSV table, in the order the reader reads them (referenced tables first).
pub const TABLES: &[FileSchema] = &[
    NODES,
    COMMODITIES,
    NUTRIENTS,
    LANES,
    LANE_AVAILABILITY,
    CORRIDORS,
    NUTRIENT_CONTENT,
    RATION,
    NEEDS,
    DEMAND,
    SUPPLY,
    MARKETS,
    FUNDS,
    STOCKS,
    PIPELINE,
    LANE_COSTS,
    STORAGE_COSTS,
];

/// Every CSV table of the scenario format.
pub fn schema() -> &'static [FileSchema] {
    TABLES
}

/// The table called `name`, if the format defines one.
pub fn table(name: &str) -> Option<&'static FileSchema> {
    TABLES.iter().find(|t| t.name == name)
}

/// Whether `name` is a file of the format (`scenario.toml` or one of the tables).
pub fn is_known_file(name: &str) -> bool {
    name == SETTINGS_FILE || table(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_unique_per_table() {
        for table in TABLES {
            for (i, column) in table.columns.iter().enumerate() {
                let clash = table.columns[..i].iter().chain(COMMON_COLUMNS).any(|c| c.name == column.name);
                assert!(!clash, "{} has `{}` twice", table.name, column.name);
                assert_eq!(column.required, column.default.is_empty(), "{}.{}", table.name, column.name);
            }
        }
    }

    #[test]
    fn markdown_merges_columns_that_share_a_description() {
        let table = NODES.markdown_table();
        assert!(table.contains("| `lat`, `lon` | degrees | yes | | WGS84 coordinates |\n"), "{table}");
        assert!(table.contains("| `id` | | yes | | node id |\n"), "{table}");
    }
}
