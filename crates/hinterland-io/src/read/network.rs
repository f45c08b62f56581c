//! `nodes.csv`, `lanes.csv` and `lane_availability.csv`.

use hinterland_model::{Lane, Mode, Node, NodeId, NodeKind};

use crate::codes;
use crate::read::Ctx;
use crate::read::table::{IdMap, Rule, Table};
use crate::schema::{CORRIDORS, LANE_AVAILABILITY, LANES, NODES};

pub(crate) struct Nodes {
    pub(crate) list: Vec<Node>,
    /// The kind of each node, `None` where it could not be read (so that no check on it
    /// adds noise to the error already reported).
    pub(crate) kinds: Vec<Option<NodeKind>>,
    pub(crate) ids: IdMap,
}

pub(crate) struct Lanes {
    pub(crate) list: Vec<Lane>,
    pub(crate) ids: IdMap,
}

pub(crate) fn read_nodes(cx: &mut Ctx) -> Nodes {
    let mut out = Nodes { list: Vec::new(), kinds: Vec::new(), ids: IdMap::new("node", NODES.name) };
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &NODES, sink) else { return out };
    let [id, name, kind, lat, lon, country, capacity, handling, storage_cost, loss] = [
        "id",
        "name",
        "kind",
        "lat",
        "lon",
        "country",
        "storage_capacity_t",
        "handling_cost_usd_per_t",
        "storage_cost_usd_per_t_period",
        "storage_loss_per_period",
    ]
    .map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => out.ids.define(sink, &row, id, code),
            None => out.ids.skip(&row),
        };
        let node_kind = row.choice(sink, kind, &NodeKind::ALL, NodeKind::as_str);
        let country_code = row.required(sink, country).unwrap_or_default();
        let iso_like =
            (2..=3).contains(&country_code.len()) && country_code.bytes().all(|b| b.is_ascii_uppercase());
        if !country_code.is_empty() && !iso_like {
            sink.push(
                row.diag(
                    codes::COUNTRY_CODE,
                    Some(country),
                    format!("`country` is `{country_code}`, which is not an ISO 3166 code"),
                )
                .with_help("use the upper-case two-letter code, e.g. `ML` for Mali"),
            );
        }
        out.list.push(Node {
            code: code.unwrap_or_default().to_owned(),
            name: row.required(sink, name).unwrap_or_default().to_owned(),
            kind: node_kind.unwrap_or(NodeKind::Hub),
            lat: row.number(sink, lat, Rule::Latitude).unwrap_or(0.0),
            lon: row.number(sink, lon, Rule::Longitude).unwrap_or(0.0),
            country: country_code.to_owned(),
            storage_capacity_t: row.number(sink, capacity, Rule::NonNegativeOrInf).unwrap_or(0.0),
            handling_cost_usd_per_t: row.number(sink, handling, Rule::NonNegative).unwrap_or(0.0),
            storage_cost_usd_per_t_period: row.number(sink, storage_cost, Rule::NonNegative).unwrap_or(0.0),
            storage_loss_per_period: row.number(sink, loss, Rule::Loss).unwrap_or(0.0),
        });
        out.kinds.push(node_kind);
    }
    out
}

pub(crate) fn read_lanes(cx: &mut Ctx, nodes: &Nodes) -> Lanes {
    let mut out = Lanes { list: Vec::new(), ids: IdMap::new("lane", LANES.name) };
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &LANES, sink) else { return out };
    let [id, from, to, mode, distance, cost, transit, days, capacity, corridor] = [
        "id",
        "from",
        "to",
        "mode",
        "distance_km",
        "cost_usd_per_t",
        "transit_periods",
        "transit_days",
        "capacity_t_per_period",
        "corridor",
    ]
    .map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => out.ids.define(sink, &row, id, code),
            None => out.ids.skip(&row),
        };
        let code = code.unwrap_or_default();
        let origin = row.reference(sink, from, &nodes.ids);
        let destination = row.reference(sink, to, &nodes.ids);
        if origin.is_some() && origin == destination {
            sink.push(
                row.diag(
                    codes::LANE_SELF_LOOP,
                    Some(to),
                    format!("lane `{code}` goes from `{}` to itself", row.get(from).unwrap_or_default()),
                )
                .with_help("a lane joins two different nodes; check `from` and `to`"),
            );
        }
        let transit_periods = row.count(sink, transit).unwrap_or(0);
        let transit_days = row.number(sink, days, Rule::NonNegative);
        if transit_days.is_some() && row.get(transit).is_some() {
            sink.push(
                row.diag(
                    codes::TRANSIT_TWICE,
                    Some(days),
                    format!("lane `{code}` has both `transit_periods` and `transit_days`"),
                )
                .with_help("give the transit once: `transit_days` for trips shorter than a period or not a whole number of periods, else `transit_periods`"),
            );
        }
        let total_days = cx.periods.as_ref().map(|p| p.calendar().total_days());
        if let (Some(d), Some(total)) =
            (transit_days, total_days.filter(|t| transit_days.is_some_and(|d| d >= *t)))
        {
            sink.push(
                row.diag(
                    codes::TRANSIT_BEYOND_HORIZON,
                    Some(days),
                    format!("lane `{code}` takes {d} days, but the calendar spans only {total} days"),
                )
                .with_help("nothing dispatched on this lane arrives within the plan; check `transit_days`"),
            );
        }
        if let Some(horizon) = cx.horizon.filter(|h| transit_periods as usize >= *h) {
            sink.push(
                row.diag(
                    codes::TRANSIT_BEYOND_HORIZON,
                    Some(transit),
                    format!(
                        "lane `{code}` takes {transit_periods} periods, but the calendar has only {horizon}"
                    ),
                )
                .with_help(
                    "nothing dispatched on this lane arrives within the plan; check `transit_periods`",
                ),
            );
        }
        out.list.push(Lane {
            code: code.to_owned(),
            from: NodeId(origin.unwrap_or(0)),
            to: NodeId(destination.unwrap_or(0)),
            mode: row.choice(sink, mode, &Mode::ALL, Mode::as_str).unwrap_or(Mode::Road),
            distance_km: row.number(sink, distance, Rule::NonNegative).unwrap_or(0.0),
            cost_usd_per_t: row.number(sink, cost, Rule::NonNegative).unwrap_or(0.0),
            transit_periods,
            transit_days,
            capacity_t_per_period: row.number(sink, capacity, Rule::NonNegativeOrInf).unwrap_or(0.0),
            corridor: row.get(corridor).unwrap_or_default().to_owned(),
        });
    }
    out
}

/// Capacity factor of each lane in each period, `[lane][period]`: 1 unless rows of
/// `lane_availability.csv` say otherwise; several rows for one lane and period multiply.
pub(crate) fn read_availability(
    cx: &mut Ctx,
    lanes: &Lanes,
) -> (Vec<Vec<f64>>, Vec<hinterland_model::LaneReason>) {
    let mut factor = vec![vec![1.0; cx.horizon.unwrap_or(0)]; lanes.list.len()];
    let mut reasons = Vec::new();
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &LANE_AVAILABILITY, sink) else { return (factor, reasons) };
    t.warn_repeats("factors of rows for the same lane and period multiply, so its factor counts twice");
    let [lane, periods, capacity_factor, reason] =
        ["lane", "periods", "capacity_factor", "reason"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let l = row.reference(sink, lane, &lanes.ids);
        let range = row.periods(sink, periods, cx.periods.as_ref());
        let f = row.number(sink, capacity_factor, Rule::Fraction);
        let why = row.get(reason).map(str::trim).filter(|r| !r.is_empty());
        if let (Some(l), Some(range), Some(f)) = (l, range, f) {
            for p in range {
                factor[l as usize][p as usize] *= f;
                if let Some(why) = why {
                    reasons.push(hinterland_model::LaneReason {
                        lane: hinterland_model::LaneId::from_index(l as usize),
                        period: hinterland_model::Period(p),
                        reason: why.to_owned(),
                    });
                }
            }
        }
    }
    (factor, reasons)
}

/// Reads `corridors.csv`: names and cited trade shares of corridor labels.
pub(crate) fn read_corridors(cx: &mut Ctx) -> Vec<hinterland_model::Corridor> {
    let mut out = Vec::new();
    let mut ids = IdMap::new("corridor", CORRIDORS.name);
    let sink = &mut cx.sink;
    let Some(mut t) = Table::open(cx.source, &CORRIDORS, sink) else { return out };
    let [id, name, share] = ["id", "name", "cited_share"].map(|c| t.col(c));
    while let Some(row) = t.next_row(sink) {
        let code = row.id(sink, id);
        match code {
            Some(code) => ids.define(sink, &row, id, code),
            None => ids.skip(&row),
        };
        let cited_share = if row.get(share).is_some_and(|v| !v.trim().is_empty()) {
            row.number(sink, share, Rule::Fraction)
        } else {
            None
        };
        out.push(hinterland_model::Corridor {
            code: code.unwrap_or_default().to_owned(),
            name: row.required(sink, name).unwrap_or_default().to_owned(),
            cited_share,
        });
    }
    out
}
