//! `needs.csv` and `demand.csv`: what the plan serves. A row with a period range becomes one
//! entry per period.

use hinterland_model::{CommodityId, Demand, Need, NodeId, NodeKind, Period};

use crate::codes;
use crate::read::Ctx;
use crate::read::food::Commodities;
use crate::read::network::Nodes;
use crate::read::no_effect::NoEffect;
use crate::read::table::{Rule, Table};
use crate::schema::{DEMAND, NEEDS};

pub(crate) fn read_needs(cx: &mut Ctx, nodes: &Nodes) -> Vec<Need> {
    let mut out = Vec::new();
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &NEEDS, sink) else { return out };
    t.warn_repeats("rows add up, so its people are counted twice");
    let [district, period, people, phase, min_share] =
        ["district", "period", "people", "phase", "min_share"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let node = row.reference(sink, district, &nodes.ids);
        let misplaced =
            node.and_then(|n| nodes.kinds[n as usize].filter(|k| *k != NodeKind::District).map(|k| (n, k)));
        if let Some((n, kind)) = misplaced {
            let code = &nodes.list[n as usize].code;
            sink.push(
                row.diag(
                    codes::NEED_NOT_AT_DISTRICT,
                    Some(district),
                    format!("need at `{code}`, which is a `{}`, not a `district`", kind.as_str()),
                )
                .with_help("people in need belong to `district` nodes; use a district, or change the node's `kind` in `nodes.csv`"),
            );
        }
        let range = row.periods(sink, period, cx.periods.as_ref());
        let people_count = row.number(sink, people, Rule::NonNegative);
        let phase_number = row.count(sink, phase).and_then(|p| {
            if (1..=5).contains(&p) {
                return Some(p as u8);
            }
            sink.push(
                row.diag(
                    codes::PHASE_OUT_OF_RANGE,
                    Some(phase),
                    format!("`phase` is `{p}`, but must be 1..5"),
                )
                .with_help("give the Cadre Harmonisé / IPC phase: 1 (minimal) to 5 (famine)"),
            );
            None
        });
        let share = row.number(sink, min_share, Rule::Fraction).unwrap_or(0.0);
        if let (Some(node), Some(range), Some(people_count), Some(phase_number)) =
            (node, range, people_count, phase_number)
        {
            out.extend(range.map(|p| Need {
                district: NodeId(node),
                period: Period(p),
                people: people_count,
                phase: phase_number,
                min_share: share,
            }));
        }
    }
    out
}

pub(crate) struct DemandRows {
    pub(crate) list: Vec<Demand>,
    /// Whether a row names each commodity (whatever else is wrong with the row), so that
    /// goods nobody asks for are not reported because of a typo elsewhere in a demand row.
    pub(crate) asked: Vec<bool>,
}

pub(crate) fn read_demand(cx: &mut Ctx, nodes: &Nodes, commodities: &Commodities) -> DemandRows {
    let mut out = DemandRows { list: Vec::new(), asked: vec![false; commodities.list.len()] };
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &DEMAND, sink) else { return out };
    t.warn_repeats("rows add up, so its tonnes are asked for twice");
    let [node, commodity, period, quantity, weight, min_share] =
        ["node", "commodity", "period", "quantity_t", "weight_per_t", "min_share"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let at = row.reference(sink, node, &nodes.ids);
        let what = row.reference(sink, commodity, &commodities.ids);
        if let Some(c) = what {
            out.asked[c as usize] = true;
        }
        let range = row.periods(sink, period, cx.periods.as_ref());
        let tonnes = row.number(sink, quantity, Rule::NonNegative);
        let given_weight = row.number(sink, weight, Rule::NonNegative);
        let weight_per_t = given_weight.unwrap_or(cx.nonfood_weight_per_t);
        let given_share = row.number(sink, min_share, Rule::Fraction);
        let share = given_share.unwrap_or(0.0);
        // A cell that is given but invalid has been reported; its default says nothing.
        let read = |value: Option<f64>, c| value.is_some() || row.get(c).is_none();
        let unvalued =
            weight_per_t == 0.0 && share == 0.0 && read(given_weight, weight) && read(given_share, min_share);
        if let (Some(at), Some(what), Some(range), Some(tonnes)) = (at, what, range, tonnes) {
            if unvalued && tonnes > 0.0 {
                let why = NoEffect::UnvaluedDemand {
                    tonnes: row.get(quantity).unwrap_or_default(),
                    commodity: row.get(commodity).unwrap_or_default(),
                    node: row.get(node).unwrap_or_default(),
                    defaulted: given_weight.is_none(),
                };
                sink.push(why.at(&row.loc(Some(weight))));
            }
            out.list.extend(range.map(|p| Demand {
                node: NodeId(at),
                commodity: CommodityId(what),
                period: Period(p),
                quantity_t: tonnes,
                weight_per_t,
                min_share: share,
            }));
        }
    }
    out
}
