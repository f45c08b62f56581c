//! Commodities that nothing names (`H0517`): each would add a flow column per lane and
//! period, a flow balance row per node and period, a stock column per store and period and a
//! consumption column per need row to the LP, all of them 0 in every plan. They are warned
//! about and left out of the scenario, as unused nodes are (`H0512`, in `checks.rs`).

use hinterland_model::{CommodityId, CommoditySelector, Edit, RationItem, Scenario};

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::read::sink::Sink;
use crate::read::table::IdMap;
use crate::schema::COMMODITIES;
use crate::source::ScenarioSource;
use crate::variant::read_variants;

/// The commodity codes that the `[[variant]]` edits of `scenario.toml` name one by one (not
/// through `*` or a group): such a commodity is kept, so that the variant still resolves.
fn named_by_variants(source: &ScenarioSource, s: &Scenario) -> Vec<String> {
    let (variants, _) = read_variants(source, s);
    let mut codes = Vec::new();
    for edit in variants.iter().flat_map(|v| &v.edits) {
        let (Edit::Block { commodities, .. }
        | Edit::ScalePrice { commodities, .. }
        | Edit::ScaleMarket { commodities, .. }) = edit
        else {
            continue;
        };
        if let CommoditySelector::Code(code) = commodities {
            codes.push(code.clone());
        }
    }
    codes
}

/// Leaves out the commodities that no donation, offer, demand, commodity ration limit,
/// opening stock or pipeline shipment names, nor an edit of a declared variant: nothing can bring them into the network, so
/// every column of theirs is 0 (nutrient content rows for them change nothing). The ids of
/// the others are renumbered. `ids` and `text` are `commodities.csv`'s, for the warnings'
/// positions.
pub(crate) fn drop_unused_commodities(
    s: &mut Scenario,
    source: &ScenarioSource,
    ids: &IdMap,
    text: &str,
    sink: &mut Sink,
) {
    let by_variants = named_by_variants(source, s);
    // Every field, so that a field added to `Scenario` that names commodities cannot be
    // forgotten here: the build fails until it is sorted into one of the two groups.
    let Scenario {
        name: _,
        description: _,
        currency: _,
        calendar: _,
        objective: _,
        allocation: _,
        solver: _,
        nodes: _,
        lanes: _,
        lane_factor: _,
        corridors: _,
        nutrients: _,
        needs: _,
        funds: _,
        lane_reasons: _,
        lane_bans,
        commodities,
        content_per_100g,
        ration,
        demands,
        supplies,
        markets,
        opening,
        pipeline,
        lane_costs,
        storage_costs,
    } = s;
    let mut used = vec![false; commodities.len()];
    let named = demands.iter().map(|d| d.commodity).chain(supplies.iter().map(|x| x.commodity));
    let named = named.chain(markets.iter().map(|m| m.commodity)).chain(lane_bans.iter().map(|b| b.commodity));
    // Stock on hand and shipments on their way bring a commodity into the network; a lane or
    // storage price for it does not.
    let named = named.chain(opening.iter().map(|o| o.commodity)).chain(pipeline.iter().map(|p| p.commodity));
    let named = named.chain(ration.limits.iter().filter_map(|l| match l.item {
        RationItem::Commodity(c) => Some(c),
        _ => None,
    }));
    for c in named {
        used[c.index()] = true;
    }
    for (u, c) in used.iter_mut().zip(commodities.iter()) {
        *u = *u || by_variants.contains(&c.code);
    }
    if used.iter().all(|u| *u) {
        return;
    }
    for (i, c) in commodities.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let (line, span) = ids.row_of(text, i);
        sink.push(
            Diagnostic::new(
                codes::UNUSED_COMMODITY,
                COMMODITIES.name,
                format!(
                    "commodity `{}` is not named by any donation, offer, demand, ration, stock or pipeline row, so it is left out of the plan",
                    c.code
                ),
            )
            .with_line(line)
            .with_span(span)
            .with_help("add a row for it to `supply.csv`, `markets.csv` or `demand.csv`, or remove the row"),
        );
    }
    let mut new_index = vec![None; commodities.len()];
    let mut next = 0;
    for (i, u) in used.iter().enumerate() {
        if *u {
            new_index[i] = Some(CommodityId::from_index(next));
            next += 1;
        }
    }
    let renumber = |c: &mut CommodityId| *c = new_index[c.index()].expect("only used commodities are named");
    let named =
        demands.iter_mut().map(|d| &mut d.commodity).chain(supplies.iter_mut().map(|x| &mut x.commodity));
    let named = named.chain(markets.iter_mut().map(|m| &mut m.commodity));
    let named = named.chain(opening.iter_mut().map(|o| &mut o.commodity));
    let named = named.chain(pipeline.iter_mut().map(|p| &mut p.commodity));
    for c in named.chain(lane_bans.iter_mut().map(|b| &mut b.commodity)) {
        renumber(c);
    }
    // Prices of a commodity left out go with it; the order by (lane or node, commodity) stays.
    lane_costs.retain(|c| used[c.commodity.index()]);
    for c in lane_costs.iter_mut() {
        renumber(&mut c.commodity);
    }
    storage_costs.retain(|c| used[c.commodity.index()]);
    for c in storage_costs.iter_mut() {
        renumber(&mut c.commodity);
    }
    for l in &mut ration.limits {
        if let RationItem::Commodity(c) = &mut l.item {
            renumber(c);
        }
    }
    let mut i = 0;
    commodities.retain(|_| {
        i += 1;
        used[i - 1]
    });
    // Indexed [commodity][nutrient]: the rows of the commodities kept.
    let mut i = 0;
    content_per_100g.retain(|_| {
        i += 1;
        used[i - 1]
    });
}
