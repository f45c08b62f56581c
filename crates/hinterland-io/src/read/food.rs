//! `commodities.csv`, `nutrients.csv`, `nutrient_content.csv` and `ration.csv`.

use std::collections::HashMap;

use hinterland_model::{
    Bounds, Commodity, CommodityGroup, CommodityId, Nutrient, NutrientId, RationItem, RationLimit,
};

use crate::codes;
use crate::read::Ctx;
use crate::read::no_effect::NoEffect;
use crate::read::table::{IdMap, Loc, RowPos, Rule, Table, line_of};
use crate::schema::{COMMODITIES, NUTRIENT_CONTENT, NUTRIENTS, RATION};
use crate::suggest::closest;

pub(crate) struct Commodities {
    pub(crate) list: Vec<Commodity>,
    pub(crate) ids: IdMap,
}

pub(crate) struct Nutrients {
    pub(crate) list: Vec<Nutrient>,
    pub(crate) ids: IdMap,
    /// Where each nutrient's id is, for checks made after all tables are read.
    pub(crate) at: Vec<Loc>,
}

pub(crate) struct RationRows {
    pub(crate) limits: Vec<RationLimit>,
    /// Whether `ration.csv` has a row for each nutrient.
    pub(crate) rationed: Vec<bool>,
}

pub(crate) fn read_commodities(cx: &mut Ctx) -> Commodities {
    let mut out = Commodities { list: Vec::new(), ids: IdMap::new("commodity", COMMODITIES.name) };
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &COMMODITIES, sink) else { return out };
    let [id, name, group, ration_group, density] =
        ["id", "name", "group", "ration_group", "density_t_per_m3"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => out.ids.define(sink, &row, id, code),
            None => out.ids.skip(&row),
        };
        let ration_group_name = row.get(ration_group).unwrap_or_default();
        if ration_group_name.chars().any(char::is_whitespace) {
            sink.push(
                row.diag(
                    codes::INVALID_ID,
                    Some(ration_group),
                    format!("ration group `{ration_group_name}` contains whitespace"),
                )
                .with_help("ration groups are ids: use `_` or `-` instead of spaces"),
            );
        }
        // The density is informational, but a bad value is still a mistake worth reporting.
        row.number(sink, density, Rule::NonNegative);
        out.list.push(Commodity {
            code: code.unwrap_or_default().to_owned(),
            name: row.required(sink, name).unwrap_or_default().to_owned(),
            group: row
                .choice(sink, group, &CommodityGroup::ALL, CommodityGroup::as_str)
                .unwrap_or(CommodityGroup::Other),
            ration_group: ration_group_name.to_owned(),
        });
    }
    out
}

pub(crate) fn read_nutrients(cx: &mut Ctx) -> Nutrients {
    let mut out = Nutrients { list: Vec::new(), ids: IdMap::new("nutrient", NUTRIENTS.name), at: Vec::new() };
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &NUTRIENTS, sink) else { return out };
    let [id, name, unit] = ["id", "name", "unit"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => out.ids.define(sink, &row, id, code),
            None => out.ids.skip(&row),
        };
        out.list.push(Nutrient {
            code: code.unwrap_or_default().to_owned(),
            name: row.required(sink, name).unwrap_or_default().to_owned(),
            unit: row.required(sink, unit).unwrap_or_default().to_owned(),
        });
        out.at.push(row.loc(Some(id)));
    }
    out
}

/// Nutrient per 100 g, `[commodity][nutrient]`, 0 where the table is silent.
pub(crate) fn read_content(cx: &mut Ctx, commodities: &Commodities, nutrients: &Nutrients) -> Vec<Vec<f64>> {
    let (nc, nn) = (commodities.list.len(), nutrients.list.len());
    let mut content = vec![vec![0.0; nn]; nc];
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &NUTRIENT_CONTENT, sink) else { return content };
    let [commodity, nutrient, amount] = ["commodity", "nutrient", "amount_per_100g"].map(|c| t.col(c));
    let mut seen: Vec<Option<RowPos>> = vec![None; nc * nn];
    while let Some(row) = t.next_row(sink) {
        let c = row.reference(sink, commodity, &commodities.ids);
        let n = row.reference(sink, nutrient, &nutrients.ids);
        let value = row.number(sink, amount, Rule::NonNegative);
        let (Some(c), Some(n)) = (c, n) else { continue };
        let (ci, ni) = (c as usize, n as usize);
        let food = &commodities.list[ci];
        if !food.is_food() {
            sink.push(
                row.diag(
                    codes::CONTENT_OF_NON_FOOD,
                    Some(commodity),
                    format!(
                        "commodity `{}` is `{}`, not food, so its nutrient content is never used",
                        food.code,
                        food.group.as_str()
                    ),
                )
                .with_help("remove the row, or set the commodity's `group` to `food` in `commodities.csv`"),
            );
        }
        if let Some(first) = seen[ci * nn + ni] {
            let line = line_of(row.text(), first);
            sink.push(
                row.diag(
                    codes::DUPLICATE_ENTRY,
                    Some(nutrient),
                    format!("`{}` in `{}` is listed twice", nutrients.list[ni].code, food.code),
                )
                .with_help(format!(
                    "the first row is on line {line}; keep one row per commodity and nutrient"
                )),
            );
            continue;
        }
        seen[ci * nn + ni] = Some(row.pos());
        if let Some(v) = value {
            content[ci][ni] = v;
        }
    }
    content
}

pub(crate) const RATION_KINDS: [&str; 3] = ["nutrient", "commodity", "group"];

pub(crate) fn read_ration(cx: &mut Ctx, commodities: &Commodities, nutrients: &Nutrients) -> RationRows {
    let mut out = RationRows { limits: Vec::new(), rationed: vec![false; nutrients.list.len()] };
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &RATION, sink) else { return out };
    let [kind, item, min, max, floor_share, value_weight] =
        ["kind", "item", "min_per_person_day", "max_per_person_day", "floor_share", "value_weight"]
            .map(|c| t.col(c));
    let mut groups: Vec<&str> =
        commodities.list.iter().map(|c| c.ration_group.as_str()).filter(|g| !g.is_empty()).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut seen: HashMap<(usize, String), RowPos> = HashMap::new();
    while let Some(row) = t.next_row(sink) {
        let k = row.choice(sink, kind, &[0, 1, 2], |k| RATION_KINDS[k]);
        let resolved = match k {
            Some(0) => row.reference(sink, item, &nutrients.ids).map(|n| RationItem::Nutrient(NutrientId(n))),
            Some(1) => {
                row.reference(sink, item, &commodities.ids).map(|c| RationItem::Commodity(CommodityId(c)))
            }
            Some(_) => row.required(sink, item).and_then(|g| {
                if groups.binary_search(&g).is_ok() {
                    return Some(RationItem::Group(g.to_owned()));
                }
                let help = match closest(g, groups.iter().copied()) {
                    Some(guess) => format!("did you mean `{guess}`?"),
                    None => {
                        "set `ration_group` of the commodities in this group in `commodities.csv`".to_owned()
                    }
                };
                sink.push(
                    row.diag(
                        codes::UNKNOWN_RATION_GROUP,
                        Some(item),
                        format!("no commodity is in ration group `{g}`"),
                    )
                    .with_help(help),
                );
                None
            }),
            None => None,
        };
        let given_lower = row.number(sink, min, Rule::NonNegative);
        let given_upper = row.number(sink, max, Rule::NonNegativeOrInf);
        let (lower, upper) = (given_lower.unwrap_or(0.0), given_upper.unwrap_or(f64::INFINITY));
        // A bound that is given but invalid has been reported; its default says nothing.
        let read = |value: Option<f64>, c| value.is_some() || row.get(c).is_none();
        let mut unbounded =
            lower == 0.0 && upper == f64::INFINITY && read(given_lower, min) && read(given_upper, max);
        let floor_share = row.number(sink, floor_share, Rule::Fraction).unwrap_or(1.0);
        let value_weight = row.number(sink, value_weight, Rule::NonNegative).unwrap_or(1.0);
        let Some(resolved) = resolved else { continue };
        let name = row.get(item).unwrap_or_default();
        if lower > upper {
            sink.push(
                row.diag(
                    codes::RATION_MIN_ABOVE_MAX,
                    Some(max),
                    format!("ration limit on `{name}` has minimum `{lower}` above maximum `{upper}`"),
                )
                .with_help(
                    "no ration can meet both; lower `min_per_person_day` or raise `max_per_person_day`",
                ),
            );
        }
        match &resolved {
            RationItem::Nutrient(n) => out.rationed[n.index()] = true,
            RationItem::Commodity(c) if !commodities.list[c.index()].is_food() => {
                // One warning that the row has no effect is enough.
                unbounded = false;
                let commodity = &commodities.list[c.index()];
                sink.push(
                    row.diag(
                        codes::RATION_NON_FOOD,
                        Some(item),
                        format!(
                            "commodity `{}` is `{}`, not food, so a ration limit on it has no effect",
                            commodity.code,
                            commodity.group.as_str()
                        ),
                    )
                    .with_help(
                        "remove the row, or set the commodity's `group` to `food` in `commodities.csv`",
                    ),
                );
            }
            _ => {}
        }
        let key = (k.unwrap_or(0), name.to_owned());
        if let Some(first) = seen.get(&key) {
            let line = line_of(row.text(), *first);
            sink.push(
                row.diag(
                    codes::DUPLICATE_ENTRY,
                    Some(item),
                    format!("ration limit on `{name}` is listed twice"),
                )
                .with_help(format!("the first row is on line {line}; put both bounds on one row")),
            );
            continue;
        }
        seen.insert(key, row.pos());
        if unbounded {
            sink.push(NoEffect::UnboundedRationLimit { item: name }.at(&row.loc(Some(min))));
        }
        out.limits.push(RationLimit {
            item: resolved,
            bounds: Bounds { min: lower, max: upper },
            floor_share,
            value_weight,
        });
    }
    out
}

/// Warns about nutrients that no ration row bounds: they have no effect on the plan.
pub(crate) fn check_rationed(cx: &mut Ctx, nutrients: &Nutrients, ration: &RationRows) {
    if cx.source.file(RATION.name).is_none() {
        return;
    }
    for (i, nutrient) in nutrients.list.iter().enumerate() {
        if !ration.rationed[i] && !nutrient.code.is_empty() {
            cx.sink.push(
                nutrients.at[i]
                    .diag(
                        codes::NUTRIENT_WITHOUT_RATION,
                        format!("nutrient `{}` has no row in `ration.csv`", nutrient.code),
                    )
                    .with_help(format!(
                        "add a row `nutrient,{},<min>,<max>` to `ration.csv`, or remove the nutrient",
                        nutrient.code
                    )),
            );
        }
    }
}
