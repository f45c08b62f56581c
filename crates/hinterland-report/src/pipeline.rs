//! The pipeline view: for each commodity at each port and warehouse, and for the country as a
//! whole, what is on hand, what arrives, what leaves and what is left, period by period, with
//! the months of cover that leaves; the last order that still reaches every district in need
//! by the start of the lean season; and, for every projected break of a distribution, the
//! latest order that could still have reached it.
//!
//! Everything is recomputed from the plan's quantities and the scenario's tables (arrival
//! shares of lanes, lead times of offers); nothing is read from the LP.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use hinterland_model::{CommodityId, NodeId, NodeKind, Period, Scenario};
use hinterland_plan::Plan;
use serde::Serialize;

use crate::csv_tables::{Cell, Table};
use crate::json::exact;

/// Average days in a month, to state cover in months whatever the calendar's step.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Where a pipeline row stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Node(NodeId),
    /// Every node in the country of the districts (ports abroad excluded).
    National,
}

/// One commodity at one place in one period, in tonnes.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineRow {
    pub place: Place,
    pub commodity: CommodityId,
    pub period: Period,
    /// On hand at the start: the opening stock, or what the last period left after losses.
    pub opening_t: f64,
    /// Arriving: lanes (from abroad, for the national row), purchases, donations, pipeline.
    pub arrivals_t: f64,
    /// Leaving on lanes (abroad, for the national row).
    pub dispatches_t: f64,
    /// Eaten or delivered there (or left unused: the late share of a trip in days that
    /// nothing there can use).
    pub used_t: f64,
    /// Held at the end of the period.
    pub closing_t: f64,
    /// What is held at the end lasts this long at the next period's rate of dispatches and use;
    /// `None` in the last period or when nothing leaves next period.
    pub cover_months: Option<f64>,
}

/// The last order of a commodity that still reaches every district in need by the start of
/// the lean season (the first period with people in need).
#[derive(Clone, Debug, PartialEq)]
pub struct LastOrder {
    pub commodity: CommodityId,
    /// The market it is ordered at, and its channel.
    pub market_node: NodeId,
    pub channel: String,
    /// The order period, counted from the horizon's first period (negative: before it).
    pub order: i64,
    pub lead_periods: u32,
    /// The farthest district in need, and the period it must be reached by.
    pub district: NodeId,
    pub deliver_by: Period,
}

/// A projected break (coverage of a district falls from one period to the next) and the
/// latest order that could still have reached the district in time.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakOrder {
    pub district: NodeId,
    pub period: Period,
    pub coverage_before: f64,
    pub coverage_after: f64,
    /// `None` when no offer can reach the district by then.
    pub order: Option<LastOrder>,
}

/// The pipeline view of a plan.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Pipeline {
    pub rows: Vec<PipelineRow>,
    pub last_orders: Vec<LastOrder>,
    pub breaks: Vec<BreakOrder>,
}

/// The country of the districts (the first district's), where the national totals are kept.
fn home_country(s: &Scenario) -> Option<&str> {
    s.nodes.iter().find(|n| n.kind == NodeKind::District).map(|n| n.country.as_str())
}

/// Builds the pipeline view of `plan`.
pub fn pipeline(s: &Scenario, plan: &Plan) -> Pipeline {
    let (t_count, c_count) = (s.calendar.len(), s.commodities.len());
    let i = |n: NodeId, c: CommodityId, t: usize| (n.index() * c_count + c.index()) * t_count + t;
    let size = s.nodes.len() * c_count * t_count;
    let (mut arrive, mut leave, mut used, mut close) =
        (vec![0.0; size], vec![0.0; size], vec![0.0; size], vec![0.0; size]);
    // Arrivals from abroad and departures abroad, per (node, commodity, period), for the
    // national row.
    let home = home_country(s);
    let is_home = |n: NodeId| home.is_some_and(|h| s.node(n).country == h);
    let (mut from_abroad, mut to_abroad) = (vec![0.0; size], vec![0.0; size]);
    let mut by_lane = vec![0.0; size];
    for p in &plan.purchases {
        let m = s.market(p.market);
        arrive[i(m.node, m.commodity, p.arrival.index())] += p.tonnes;
    }
    for d in &plan.draws {
        let x = s.supply(d.supply);
        arrive[i(x.node, x.commodity, d.period.index())] += d.tonnes;
    }
    for r in &plan.receipts {
        let x = s.shipment(r.shipment);
        arrive[i(x.node, x.commodity, r.period.index())] += r.tonnes;
    }
    for f in &plan.flows {
        let l = s.lane(f.lane);
        leave[i(l.from, f.commodity, f.period.index())] += f.tonnes;
        if is_home(l.from) && !is_home(l.to) {
            to_abroad[i(l.from, f.commodity, f.period.index())] += f.tonnes;
        }
        for &(t, share) in &s.arrivals(f.lane, f.period).shares {
            arrive[i(l.to, f.commodity, t.index())] += share * f.tonnes;
            by_lane[i(l.to, f.commodity, t.index())] += share * f.tonnes;
            if is_home(l.to) && !is_home(l.from) {
                from_abroad[i(l.to, f.commodity, t.index())] += share * f.tonnes;
            }
        }
    }
    for x in &plan.consumption {
        used[i(x.district, x.commodity, x.period.index())] += x.tonnes;
    }
    for k in s.demand_ids() {
        let d = s.demand(k);
        used[i(d.node, d.commodity, d.period.index())] += plan.delivered_t[k.index()];
    }
    for st in &plan.stocks {
        close[i(st.node, st.commodity, st.period.index())] += st.tonnes;
    }
    for x in &plan.surplus {
        used[i(x.node, x.commodity, x.period.index())] += x.tonnes;
    }
    let opening = |n: NodeId, c: CommodityId, t: usize| {
        if t == 0 { s.opening_t(n, c) } else { (1.0 - s.storage_terms(n, c).1) * close[i(n, c, t - 1)] }
    };
    let cover = |stock: f64, next_out: Option<(f64, Period)>| {
        next_out
            .filter(|(out, _)| *out > 0.0)
            .map(|(out, t)| stock / (out / s.calendar.days(t)) / DAYS_PER_MONTH)
    };

    let mut rows = Vec::new();
    let key = |n: NodeId| matches!(s.node(n).kind, NodeKind::Port | NodeKind::Warehouse);
    for c in s.commodity_ids() {
        for n in s.node_ids().filter(|n| key(*n)) {
            let active = (0..t_count)
                .any(|t| arrive[i(n, c, t)] + leave[i(n, c, t)] + close[i(n, c, t)] + opening(n, c, t) > 0.0);
            if !active {
                continue;
            }
            for t in 0..t_count {
                let next = (t + 1 < t_count)
                    .then(|| (leave[i(n, c, t + 1)] + used[i(n, c, t + 1)], Period(t as u32 + 1)));
                rows.push(PipelineRow {
                    place: Place::Node(n),
                    commodity: c,
                    period: Period(t as u32),
                    opening_t: opening(n, c, t),
                    arrivals_t: arrive[i(n, c, t)],
                    dispatches_t: leave[i(n, c, t)],
                    used_t: used[i(n, c, t)],
                    closing_t: close[i(n, c, t)],
                    cover_months: cover(close[i(n, c, t)], next),
                });
            }
        }
        // National: the country's nodes together; lanes inside it cancel out.
        let home_nodes: Vec<NodeId> = s.node_ids().filter(|n| is_home(*n)).collect();
        let sum =
            |v: &dyn Fn(NodeId, usize) -> f64, t: usize| home_nodes.iter().map(|n| v(*n, t)).sum::<f64>();
        let direct = |n: NodeId, t: usize| arrive[i(n, c, t)] - by_lane[i(n, c, t)];
        let national: Vec<[f64; 5]> = (0..t_count)
            .map(|t| {
                [
                    sum(&|n, t| opening(n, c, t), t),
                    sum(&|n, t| from_abroad[i(n, c, t)] + direct(n, t), t),
                    sum(&|n, t| to_abroad[i(n, c, t)], t),
                    sum(&|n, t| used[i(n, c, t)], t),
                    sum(&|n, t| close[i(n, c, t)], t),
                ]
            })
            .collect();
        if national.iter().all(|v| v.iter().all(|x| *x == 0.0)) {
            continue;
        }
        for (t, v) in national.iter().enumerate() {
            let next = national.get(t + 1).map(|w| (w[2] + w[3], Period(t as u32 + 1)));
            rows.push(PipelineRow {
                place: Place::National,
                commodity: c,
                period: Period(t as u32),
                opening_t: v[0],
                arrivals_t: v[1],
                dispatches_t: v[2],
                used_t: v[3],
                closing_t: v[4],
                cover_months: cover(v[4], next),
            });
        }
    }
    Pipeline { rows, last_orders: last_orders(s), breaks: breaks(s, plan) }
}

/// Shortest transit in days from `from` to every node, over lanes open at some time
/// (a lane in whole periods counts the first period's days per period).
fn transit_days_from(s: &Scenario, from: NodeId) -> Vec<f64> {
    let mut best = vec![f64::INFINITY; s.nodes.len()];
    let days_of = |lane: hinterland_model::LaneId| {
        let l = s.lane(lane);
        l.transit_days.unwrap_or_else(|| f64::from(l.transit_periods) * s.calendar.days(Period(0)))
    };
    let open = |lane: hinterland_model::LaneId| s.lane_factor[lane.index()].iter().any(|f| *f > 0.0);
    best[from.index()] = 0.0;
    // Days in thousandths, so the heap orders integers.
    let mut heap = BinaryHeap::from([Reverse((0u64, from.index()))]);
    while let Some(Reverse((d, n))) = heap.pop() {
        let d = d as f64 / 1000.0;
        if d > best[n] {
            continue;
        }
        for lane in s.lane_ids().filter(|l| s.lane(*l).from.index() == n && open(*l)) {
            let to = s.lane(lane).to.index();
            let nd = d + days_of(lane);
            if nd < best[to] {
                best[to] = nd;
                heap.push(Reverse(((nd * 1000.0).round() as u64, to)));
            }
        }
    }
    best
}

/// Days from the horizon's start to the start of period `t` (`t` may be the horizon's end).
fn start_day(s: &Scenario, t: usize) -> f64 {
    (0..t).map(|p| s.calendar.days(Period(p as u32))).sum()
}

/// The latest arrival period at a market from which goods dispatched evenly over that period
/// all reach a place `days` away by the end of `by`; `None` if none does.
fn latest_arrival(s: &Scenario, days: f64, by: Period) -> Option<usize> {
    let end = start_day(s, by.index() + 1);
    (0..=by.index()).rev().find(|a| start_day(s, a + 1) + days <= end)
}

/// For each commodity with offers: the last order reaching every district in need (food) or
/// every node asking for it (non-food) by the first period of need.
pub fn last_orders(s: &Scenario) -> Vec<LastOrder> {
    let mut out = Vec::new();
    let mut reach: Vec<Option<Vec<f64>>> = vec![None; s.nodes.len()];
    for c in s.commodity_ids() {
        let targets: Vec<(NodeId, Period)> = if s.commodity(c).is_food() {
            s.needs.iter().filter(|n| n.people > 0.0).map(|n| (n.district, n.period)).collect()
        } else {
            s.demands
                .iter()
                .filter(|d| d.commodity == c && d.quantity_t > 0.0)
                .map(|d| (d.node, d.period))
                .collect()
        };
        let Some(by) = targets.iter().map(|t| t.1).min() else { continue };
        let places: Vec<NodeId> = targets.iter().filter(|t| t.1 == by).map(|t| t.0).collect();
        let mut best: Option<LastOrder> = None;
        for m in s.market_ids().filter(|m| s.market(*m).commodity == c) {
            let offer = s.market(m);
            let days = reach[offer.node.index()].get_or_insert_with(|| transit_days_from(s, offer.node));
            // The farthest place decides.
            let Some((district, d)) = places
                .iter()
                .map(|p| (*p, days[p.index()]))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .filter(|(_, d)| d.is_finite())
            else {
                continue;
            };
            let Some(arrival) = latest_arrival(s, d, by) else { continue };
            let order = arrival as i64 - i64::from(offer.lead_periods);
            // The offer must be open then (or, before the horizon, would have had to be).
            let offered = s.markets.iter().any(|o| {
                o.node == offer.node
                    && o.commodity == c
                    && o.channel == offer.channel
                    && i64::from(o.period.0) == order
            });
            if order >= 0 && !offered {
                continue;
            }
            if best.as_ref().is_none_or(|b| order > b.order) {
                best = Some(LastOrder {
                    commodity: c,
                    market_node: offer.node,
                    channel: offer.channel.clone(),
                    order,
                    lead_periods: offer.lead_periods,
                    district,
                    deliver_by: by,
                });
            }
        }
        out.extend(best);
    }
    out
}

/// Every projected break of the plan with the latest order (any food offer) that could
/// still have reached the district by the period of the break.
fn breaks(s: &Scenario, plan: &Plan) -> Vec<BreakOrder> {
    let mut reach: Vec<Option<Vec<f64>>> = vec![None; s.nodes.len()];
    plan.pipeline_breaks(s)
        .into_iter()
        .map(|b| {
            let need = s.need(b.to);
            let mut best: Option<LastOrder> = None;
            for m in s.market_ids().filter(|m| s.commodity(s.market(*m).commodity).is_food()) {
                let offer = s.market(m);
                let days = reach[offer.node.index()].get_or_insert_with(|| transit_days_from(s, offer.node));
                let d = days[need.district.index()];
                let Some(arrival) = latest_arrival(s, d, need.period).filter(|_| d.is_finite()) else {
                    continue;
                };
                if offer.period.index() + offer.lead_periods as usize != arrival {
                    continue;
                }
                if best.as_ref().is_none_or(|x| i64::from(offer.period.0) > x.order) {
                    best = Some(LastOrder {
                        commodity: offer.commodity,
                        market_node: offer.node,
                        channel: offer.channel.clone(),
                        order: i64::from(offer.period.0),
                        lead_periods: offer.lead_periods,
                        district: need.district,
                        deliver_by: need.period,
                    });
                }
            }
            BreakOrder {
                district: need.district,
                period: need.period,
                coverage_before: b.coverage_before,
                coverage_after: b.coverage_after,
                order: best,
            }
        })
        .collect()
}

/// The label of a period counted from the horizon's start, also before it (`2024-01` for
/// `-2` in a monthly calendar starting in March 2024).
pub fn order_label(s: &Scenario, order: i64) -> String {
    s.calendar.label_at(order).unwrap_or_else(|| format!("period {order}"))
}

/// The place's code (`national` for the country's total).
fn place_code(s: &Scenario, p: Place) -> String {
    match p {
        Place::Node(n) => s.node(n).code.clone(),
        Place::National => "national".to_owned(),
    }
}

/// `plan.json`'s `pipeline` object.
#[derive(Serialize)]
pub struct PipelineJson {
    rows: Vec<RowJson>,
    last_orders: Vec<OrderJson>,
    breaks: Vec<BreakJson>,
}

#[derive(Serialize)]
struct RowJson {
    place: String,
    commodity: String,
    period: String,
    opening_t: f64,
    arrivals_t: f64,
    dispatches_t: f64,
    used_t: f64,
    closing_t: f64,
    cover_months: Option<f64>,
}

#[derive(Serialize)]
struct OrderJson {
    commodity: String,
    market: String,
    channel: String,
    order_by: String,
    /// Whether the order can still be placed within the horizon.
    within_horizon: bool,
    lead_periods: u32,
    district: String,
    deliver_by: String,
}

#[derive(Serialize)]
struct BreakJson {
    district: String,
    period: String,
    coverage_before: f64,
    coverage_after: f64,
    latest_order: Option<OrderJson>,
}

fn order_json(s: &Scenario, o: &LastOrder) -> OrderJson {
    OrderJson {
        commodity: s.commodity(o.commodity).code.clone(),
        market: s.node(o.market_node).code.clone(),
        channel: o.channel.clone(),
        order_by: order_label(s, o.order),
        within_horizon: o.order >= 0,
        lead_periods: o.lead_periods,
        district: s.node(o.district).code.clone(),
        deliver_by: s.calendar.label(o.deliver_by).to_owned(),
    }
}

/// The pipeline view as `plan.json` writes it.
pub fn json(s: &Scenario, plan: &Plan) -> PipelineJson {
    let p = pipeline(s, plan);
    PipelineJson {
        rows: p
            .rows
            .iter()
            .map(|r| RowJson {
                place: place_code(s, r.place),
                commodity: s.commodity(r.commodity).code.clone(),
                period: s.calendar.label(r.period).to_owned(),
                opening_t: exact(r.opening_t),
                arrivals_t: exact(r.arrivals_t),
                dispatches_t: exact(r.dispatches_t),
                used_t: exact(r.used_t),
                closing_t: exact(r.closing_t),
                cover_months: r.cover_months.map(exact),
            })
            .collect(),
        last_orders: p.last_orders.iter().map(|o| order_json(s, o)).collect(),
        breaks: p
            .breaks
            .iter()
            .map(|b| BreakJson {
                district: s.node(b.district).code.clone(),
                period: s.calendar.label(b.period).to_owned(),
                coverage_before: exact(b.coverage_before),
                coverage_after: exact(b.coverage_after),
                latest_order: b.order.as_ref().map(|o| order_json(s, o)),
            })
            .collect(),
    }
}

/// The pipeline view's CSV tables (and XLSX sheets): `pipeline_view.csv` and
/// `last_orders.csv`.
pub fn tables(s: &Scenario, plan: &Plan) -> Vec<Table> {
    let p = pipeline(s, plan);
    let text = |x: String| Cell::Text(x);
    let rows = p
        .rows
        .iter()
        .map(|r| {
            vec![
                text(place_code(s, r.place)),
                text(s.commodity(r.commodity).code.clone()),
                text(s.calendar.label(r.period).to_owned()),
                Cell::Num(r.opening_t),
                Cell::Num(r.arrivals_t),
                Cell::Num(r.dispatches_t),
                Cell::Num(r.used_t),
                Cell::Num(r.closing_t),
                r.cover_months.map_or(Cell::Empty, Cell::Num),
            ]
        })
        .collect();
    let orders = p
        .last_orders
        .iter()
        .map(|o| {
            vec![
                text(s.commodity(o.commodity).code.clone()),
                text(s.node(o.market_node).code.clone()),
                text(o.channel.clone()),
                text(order_label(s, o.order)),
                text(if o.order >= 0 { "true" } else { "false" }.to_owned()),
                Cell::Num(f64::from(o.lead_periods)),
                text(s.node(o.district).code.clone()),
                text(s.calendar.label(o.deliver_by).to_owned()),
            ]
        })
        .collect();
    vec![
        Table {
            file: "pipeline_view.csv",
            header: vec![
                "place",
                "commodity",
                "period",
                "opening_t",
                "arrivals_t",
                "dispatches_t",
                "used_t",
                "closing_t",
                "cover_months",
            ],
            rows,
        },
        Table {
            file: "last_orders.csv",
            header: vec![
                "commodity",
                "market",
                "channel",
                "order_by",
                "within_horizon",
                "lead_periods",
                "district",
                "deliver_by",
            ],
            rows: orders,
        },
    ]
}

/// Tonnes as people read them: whole tonnes with thousands separators.
fn tonnes(t: f64) -> String {
    let whole = format!("{:.0}", t.abs());
    let mut out = String::new();
    for (k, ch) in whole.chars().enumerate() {
        if k > 0 && (whole.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if t < -0.5 { format!("-{out}") } else { out }
}

/// One line per last order: `wheat: order at dakar (un) by 2024-02, before the plan starts, to
/// deliver in taoudenit by 2024-06`.
pub fn order_sentence(s: &Scenario, o: &LastOrder) -> String {
    let before = if o.order < 0 { ", before the plan starts," } else { "" };
    format!(
        "{}: order at {} ({}, lead {} period{}) by {}{before} to deliver in {} by {}",
        s.commodity(o.commodity).code,
        s.node(o.market_node).code,
        o.channel,
        o.lead_periods,
        if o.lead_periods == 1 { "" } else { "s" },
        order_label(s, o.order),
        s.node(o.district).name,
        s.calendar.label(o.deliver_by)
    )
}

/// The summary's section: what we have, what is coming, what we must still buy; the key
/// purchases with their order and arrival; the last order per commodity that avoids a
/// lean-season break; the projected breaks.
pub fn summary(s: &Scenario, plan: &Plan) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let p = pipeline(s, plan);
    let have: f64 = s.opening.iter().map(|o| o.quantity_t).sum();
    let coming: f64 = s.pipeline.iter().map(|x| x.quantity_t).sum();
    let bought: f64 = plan.purchases.iter().map(|x| x.tonnes).sum();
    let _ = writeln!(out, "\nOrders and the pipeline");
    let _ = writeln!(
        out,
        "  what we have: {} t on hand at the start; what is coming: {} t in the pipeline; what we must still buy: {} t",
        tonnes(have),
        tonnes(coming),
        tonnes(bought)
    );
    let mut key: Vec<&hinterland_plan::plan::Purchase> = plan.purchases.iter().collect();
    key.sort_by(|a, b| b.tonnes.total_cmp(&a.tonnes));
    for x in key.iter().take(5) {
        let m = s.market(x.market);
        let _ = writeln!(
            out,
            "  order {} t of {} at {} by {} ({}) to have it there by {}",
            tonnes(x.tonnes),
            s.commodity(m.commodity).code,
            s.node(m.node).code,
            s.calendar.label(m.period),
            m.channel,
            s.calendar.label(x.arrival)
        );
    }
    if !p.last_orders.is_empty() {
        let _ = writeln!(
            out,
            "  last order that avoids a lean-season break (reaching every district in need in time):"
        );
        for o in &p.last_orders {
            let _ = writeln!(out, "    {}", order_sentence(s, o));
        }
    }
    if p.breaks.is_empty() {
        let _ = writeln!(
            out,
            "  projected breaks: none (no district's coverage falls from one period to the next)"
        );
    } else {
        let _ = writeln!(out, "  projected breaks (a district's coverage falls):");
        for b in &p.breaks {
            let order = b.order.as_ref().map_or_else(
                || "no offer reaches it in time".to_owned(),
                |o| format!("latest order that reaches it: {}", order_sentence(s, o)),
            );
            let _ = writeln!(
                out,
                "    {} in {}: {:.1}% → {:.1}%; {order}",
                s.node(b.district).name,
                s.calendar.label(b.period),
                100.0 * b.coverage_before,
                100.0 * b.coverage_after
            );
        }
    }
    out
}
