//! `stocks.csv`, `pipeline.csv`, `lane_costs.csv` and `storage_costs.csv`: the opening
//! position (what is on hand, what is on its way) and costs that depend on the commodity.

use std::collections::HashMap;

use hinterland_model::{
    CommodityGroup, CommodityId, LaneCost, LaneId, NodeId, OpeningStock, Period, Shipment, StorageCost,
};

use crate::codes;
use crate::read::Ctx;
use crate::read::food::Commodities;
use crate::read::locate::line_of;
use crate::read::network::{Lanes, Nodes};
use crate::read::sink::Sink;
use crate::read::table::{Col, IdMap, Row, RowPos, Rule, Table};
use crate::schema::{LANE_COSTS, PIPELINE, STOCKS, STORAGE_COSTS};
use crate::suggest::closest;

/// Reads `stocks.csv`: one row per node and commodity; the node must have room for all of
/// its opening stock together.
pub(crate) fn read_stocks(cx: &mut Ctx, nodes: &Nodes, commodities: &Commodities) -> Vec<OpeningStock> {
    let mut out = Vec::new();
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &STOCKS, sink) else { return out };
    let [node, commodity, quantity] = ["node", "commodity", "quantity_t"].map(|c| t.col(c));
    let mut seen: HashMap<(u32, u32), RowPos> = HashMap::new();
    // Per node: total opening stock and the last row that adds to it.
    let mut held: Vec<(f64, Option<crate::read::table::Loc>)> = vec![(0.0, None); nodes.list.len()];
    while let Some(row) = t.next_row(sink) {
        let n = row.reference(sink, node, &nodes.ids);
        let c = row.reference(sink, commodity, &commodities.ids);
        let q = row.number(sink, quantity, Rule::NonNegative);
        let (Some(n), Some(c), Some(q)) = (n, c, q) else { continue };
        if let Some(first) = seen.get(&(n, c)) {
            let line = line_of(row.text(), *first);
            sink.push(
                row.diag(
                    codes::DUPLICATE_ENTRY,
                    Some(commodity),
                    format!(
                        "opening stock of `{}` at `{}` is listed twice",
                        commodities.list[c as usize].code, nodes.list[n as usize].code
                    ),
                )
                .with_help(format!("the first row is on line {line}; keep one row per node and commodity")),
            );
            continue;
        }
        seen.insert((n, c), row.pos());
        held[n as usize].0 += q;
        held[n as usize].1 = Some(row.loc(Some(quantity)));
        out.push(OpeningStock { node: NodeId(n), commodity: CommodityId(c), quantity_t: q });
    }
    for (i, (total, at)) in held.into_iter().enumerate() {
        let Some(at) = at else { continue };
        let room = nodes.list[i].storage_capacity_t;
        if total > room {
            sink.push(
                at.diag(
                    codes::OPENING_WITHOUT_ROOM,
                    format!(
                        "`{}` holds {total} t at the start, but its `storage_capacity_t` is {room}",
                        nodes.list[i].code
                    ),
                )
                .with_help("opening stock is held at the node like any stock: give the node `storage_capacity_t` of at least the total (or `inf`), or move the stock to a warehouse"),
            );
        }
    }
    out
}

/// Reads `pipeline.csv`: shipments already ordered or at sea, arriving within the horizon.
pub(crate) fn read_pipeline(cx: &mut Ctx, nodes: &Nodes, commodities: &Commodities) -> Vec<Shipment> {
    let mut out = Vec::new();
    let mut ids = IdMap::new("shipment", PIPELINE.name);
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &PIPELINE, sink) else { return out };
    let [id, commodity, quantity, node, arrival] =
        ["id", "commodity", "quantity_t", "node", "arrival_period"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => ids.define(sink, &row, id, code),
            None => ids.skip(&row),
        };
        let c = row.reference(sink, commodity, &commodities.ids);
        let q = row.number(sink, quantity, Rule::NonNegative);
        let n = row.reference(sink, node, &nodes.ids);
        let p = row.period(sink, arrival, cx.periods.as_ref());
        let (Some(code), Some(c), Some(q), Some(n), Some(p)) = (code, c, q, n, p) else { continue };
        out.push(Shipment {
            code: code.to_owned(),
            commodity: CommodityId(c),
            quantity_t: q,
            node: NodeId(n),
            arrival: Period(p),
        });
    }
    out
}

/// The commodities a `commodity_or_group` cell names, and whether it names a group (whose
/// rows a commodity's own row overrides). Reports an unknown name.
fn goods_of(sink: &mut Sink, row: &Row, c: Col, commodities: &Commodities) -> Option<(Vec<u32>, bool)> {
    let raw = row.required(sink, c)?;
    if let Some(&i) = commodities.ids.index.get(raw) {
        return Some((vec![i], false));
    }
    if let Some(g) = CommodityGroup::ALL.into_iter().find(|g| g.as_str() == raw) {
        let members = commodities
            .list
            .iter()
            .enumerate()
            .filter(|(_, x)| x.group == g)
            .map(|(i, _)| i as u32)
            .collect();
        return Some((members, true));
    }
    if sink.is_incomplete(commodities.ids.file) {
        return None;
    }
    let names = commodities
        .ids
        .index
        .keys()
        .map(String::as_str)
        .chain(CommodityGroup::ALL.map(CommodityGroup::as_str));
    let help = match closest(raw, names) {
        Some(guess) => format!("did you mean `{guess}`?"),
        None => {
            "give a commodity `id` from `commodities.csv` or a group: `food`, `agri_input`, `fuel`, `other`"
                .to_owned()
        }
    };
    sink.push(
        row.diag(
            codes::UNKNOWN_ID,
            Some(c),
            format!("unknown commodity or group `{raw}` in `commodity_or_group`"),
        )
        .with_help(help),
    );
    None
}

/// One override per (owner, commodity): a commodity's row wins over its group's; the same
/// key twice is an error.
struct Overrides<T> {
    /// `(owner, commodity) → (value, from a group row, where)`.
    by_key: HashMap<(u32, u32), (T, bool)>,
    /// `(owner, name as written) → first row`.
    rows: HashMap<(u32, String), RowPos>,
}

impl<T: Copy> Overrides<T> {
    fn new() -> Self {
        Overrides { by_key: HashMap::new(), rows: HashMap::new() }
    }

    /// Adds a row's value for `owner` and `goods`; a row that repeats an earlier pair is
    /// reported and left out.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        sink: &mut Sink,
        row: &Row,
        col: Col,
        owner: u32,
        owner_name: &str,
        goods: &(Vec<u32>, bool),
        value: T,
    ) {
        let name = row.get(col).unwrap_or_default().to_owned();
        if let Some(first) = self.rows.get(&(owner, name.clone())) {
            let line = line_of(row.text(), *first);
            sink.push(
                row.diag(
                    codes::DUPLICATE_ENTRY,
                    Some(col),
                    format!("`{name}` on `{owner_name}` is listed twice"),
                )
                .with_help(format!("the first row is on line {line}; keep one row per pair")),
            );
            return;
        }
        self.rows.insert((owner, name), row.pos());
        let (members, group) = goods;
        for &c in members {
            match self.by_key.get(&(owner, c)) {
                // A commodity's own row is never replaced by its group's.
                Some((_, false)) if *group => {}
                _ => {
                    self.by_key.insert((owner, c), (value, *group));
                }
            }
        }
    }

    /// The overrides sorted by `(owner, commodity)`.
    fn sorted(self) -> Vec<((u32, u32), T)> {
        let mut v: Vec<_> = self.by_key.into_iter().map(|(k, (x, _))| (k, x)).collect();
        v.sort_unstable_by_key(|(k, _)| *k);
        v
    }
}

/// Reads `lane_costs.csv` into per-commodity lane costs, sorted by lane and commodity.
pub(crate) fn read_lane_costs(cx: &mut Ctx, lanes: &Lanes, commodities: &Commodities) -> Vec<LaneCost> {
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &LANE_COSTS, sink) else { return Vec::new() };
    let [lane, goods, cost] = ["lane", "commodity_or_group", "cost_usd_per_t"].map(|c| t.col(c));
    let mut o = Overrides::new();
    while let Some(row) = t.next_row(sink) {
        let l = row.reference(sink, lane, &lanes.ids);
        let g = goods_of(sink, &row, goods, commodities);
        let v = row.number(sink, cost, Rule::NonNegative);
        if let (Some(l), Some(g), Some(v)) = (l, g, v) {
            o.add(sink, &row, goods, l, &lanes.list[l as usize].code, &g, v);
        }
    }
    o.sorted()
        .into_iter()
        .map(|((l, c), v)| LaneCost { lane: LaneId(l), commodity: CommodityId(c), cost_usd_per_t: v })
        .collect()
}

/// Reads `storage_costs.csv` into per-commodity storage cost and loss, sorted by node and
/// commodity.
pub(crate) fn read_storage_costs(cx: &mut Ctx, nodes: &Nodes, commodities: &Commodities) -> Vec<StorageCost> {
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &STORAGE_COSTS, sink) else { return Vec::new() };
    let [node, goods, cost, loss] =
        ["node", "commodity_or_group", "storage_cost_usd_per_t_period", "storage_loss_per_period"]
            .map(|c| t.col(c));
    let mut o = Overrides::new();
    while let Some(row) = t.next_row(sink) {
        let n = row.reference(sink, node, &nodes.ids);
        let g = goods_of(sink, &row, goods, commodities);
        let v = row.number(sink, cost, Rule::NonNegative);
        let x = row.number(sink, loss, Rule::Loss);
        if let (Some(n), Some(g), Some(v), Some(x)) = (n, g, v, x) {
            o.add(sink, &row, goods, n, &nodes.list[n as usize].code, &g, (v, x));
        }
    }
    o.sorted()
        .into_iter()
        .map(|((n, c), (v, x))| StorageCost {
            node: NodeId(n),
            commodity: CommodityId(c),
            cost_usd_per_t_period: v,
            loss_per_period: x,
        })
        .collect()
}
