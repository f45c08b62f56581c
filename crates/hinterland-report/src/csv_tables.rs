//! The plan's CSV tables: one file per kind of decision, units in column names.
//!
//! The tables are built once as typed cells ([`tables`]) so the CSV files and the XLSX
//! workbook carry the same rows and numbers. Numbers are written in full: the shortest text
//! that reads back to the same `f64`, never rounded (only human-facing text rounds).

use hinterland_plan::explain::{closure, sentence_in, stated, unit};

use crate::goods::{self, Goods};
use crate::json::exact;
use crate::{Report, people, tables};

/// A CSV table: file name and content.
pub struct CsvTable {
    pub file: &'static str,
    pub text: String,
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number, written in full (see [`exact`]); `inf` for an unlimited value.
    Num(f64),
    Empty,
}

impl Cell {
    /// The cell as CSV text.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Num(v) => format!("{}", exact(*v)),
            Cell::Empty => String::new(),
        }
    }

    /// The cell's number, as written, if it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Num(v) => Some(exact(*v)),
            Cell::Text(_) | Cell::Empty => None,
        }
    }
}

/// A table of typed cells.
pub struct Table {
    /// File name of its CSV, e.g. `flows.csv`.
    pub file: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Name without the extension, e.g. `flows`.
    pub fn name(&self) -> &'static str {
        self.file.strip_suffix(".csv").unwrap_or(self.file)
    }

    /// The table as CSV text.
    pub fn to_csv(&self) -> CsvTable {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.header).expect("writing to memory");
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::text)).expect("writing to memory");
        }
        CsvTable {
            file: self.file,
            text: String::from_utf8(w.into_inner().expect("writing to memory"))
                .expect("CSV of UTF-8 strings"),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

fn num(v: f64) -> Cell {
    Cell::Num(v)
}

fn opt(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Num)
}

fn table(file: &'static str, header: &[&'static str], rows: impl Iterator<Item = Vec<Cell>>) -> Table {
    Table { file, header: header.to_vec(), rows: rows.collect() }
}

/// All CSV tables of the plan.
pub fn render(r: &Report<'_>) -> Vec<CsvTable> {
    tables(r).iter().map(Table::to_csv).collect()
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// All tables of the plan, typed.
pub fn tables(r: &Report<'_>) -> Vec<Table> {
    let mut out = plan_tables(r);
    out.extend(crate::pipeline::tables(r.scenario, r.plan));
    out
}

fn plan_tables(r: &Report<'_>) -> Vec<Table> {
    let s = r.scenario;
    let plan = r.plan;
    let p = |t: hinterland_model::Period| Cell::Text(s.calendar.label(t).to_owned());
    let goods_of = |c: hinterland_model::CommodityId| text(Goods::of(s, c).as_str());
    let needs = people::need_rows(s, plan);
    let impartial = plan.fairness() == hinterland_model::Fairness::Impartial;
    vec![
        table(
            "purchases.csv",
            &[
                "node",
                "commodity",
                "period",
                "channel",
                "fund",
                "tonnes",
                "price_usd_per_t",
                "cost_usd",
                "goods",
                "order_period",
                "arrival_period",
            ],
            plan.purchases.iter().map(|x| {
                let m = s.market(x.market);
                vec![
                    s.node(m.node).code.clone().into(),
                    s.commodity(m.commodity).code.clone().into(),
                    p(m.period),
                    m.channel.clone().into(),
                    s.fund(x.fund).code.clone().into(),
                    num(x.tonnes),
                    num(m.price_usd_per_t),
                    num(x.tonnes * m.price_usd_per_t),
                    goods_of(m.commodity),
                    p(m.period),
                    p(x.arrival),
                ]
            }),
        ),
        table(
            "donations_used.csv",
            &[
                "donation",
                "commodity",
                "node",
                "period",
                "tonnes",
                "goods",
                "value_usd_per_t",
                "value_usd",
                "value_source",
            ],
            {
                let values = goods::donation_values(s);
                plan.draws.iter().map(move |d| {
                    let sup = s.supply(d.supply);
                    let v = values[d.supply.index()];
                    vec![
                        sup.code.clone().into(),
                        s.commodity(sup.commodity).code.clone().into(),
                        s.node(sup.node).code.clone().into(),
                        p(d.period),
                        num(d.tonnes),
                        goods_of(sup.commodity),
                        opt(v.usd_per_t),
                        opt(v.usd_per_t.map(|x| x * d.tonnes)),
                        text(v.source.as_str()),
                    ]
                })
            },
        ),
        table(
            "flows.csv",
            &[
                "lane",
                "from",
                "to",
                "mode",
                "corridor",
                "commodity",
                "period",
                "arrival_period",
                "tonnes",
                "cost_usd",
                "goods",
            ],
            plan.flows.iter().map(|f| {
                let l = s.lane(f.lane);
                vec![
                    l.code.clone().into(),
                    s.node(l.from).code.clone().into(),
                    s.node(l.to).code.clone().into(),
                    l.mode.as_str().to_owned().into(),
                    l.corridor.clone().into(),
                    s.commodity(f.commodity).code.clone().into(),
                    p(f.period),
                    p(s.arrivals(f.lane, f.period).first().unwrap_or(f.period)),
                    num(f.tonnes),
                    num(f.tonnes * s.lane_cost(f.lane, f.commodity)),
                    goods_of(f.commodity),
                ]
            }),
        ),
        table(
            "stocks.csv",
            &["node", "commodity", "period", "tonnes_end_of_period", "goods"],
            plan.stocks.iter().map(|x| {
                vec![
                    s.node(x.node).code.clone().into(),
                    s.commodity(x.commodity).code.clone().into(),
                    p(x.period),
                    num(x.tonnes),
                    goods_of(x.commodity),
                ]
            }),
        ),
        table(
            "deliveries.csv",
            &["district", "commodity", "period", "tonnes", "g_per_person_day", "phase"],
            plan.consumption.iter().map(|x| {
                vec![
                    s.node(x.district).code.clone().into(),
                    s.commodity(x.commodity).code.clone().into(),
                    p(x.period),
                    num(x.tonnes),
                    num(needs[x.need.index()].grams[x.commodity.index()]),
                    s.need(x.need).phase.to_string().into(),
                ]
            }),
        ),
        table(
            "served.csv",
            &[
                "district",
                "period",
                "phase",
                "people_in_need",
                "people_reached",
                "person_days_in_need",
                "person_days_reached",
                "share_reached",
                "value_person_days",
                "coverage",
                "g_per_person_day",
                "below_phase_best",
                "held_by",
            ],
            needs.iter().map(|n| {
                let held: Vec<String> = n.held_by.iter().map(|k| k.describe(s)).collect();
                vec![
                    n.district.clone().into(),
                    p(n.period),
                    n.phase.to_string().into(),
                    num(n.people_in_need),
                    num(n.people_reached),
                    num(n.person_days_in_need),
                    num(n.person_days_reached),
                    num(n.share_reached()),
                    num(n.value_person_days),
                    num(n.coverage),
                    num(n.grams_total()),
                    text(if n.below_best { "true" } else { "false" }),
                    held.join("; ").into(),
                ]
            }),
        ),
        table(
            "rations.csv",
            &[
                "district",
                "period",
                "phase",
                "kind",
                "item",
                "unit",
                "floor_per_person_day",
                "cap_per_person_day",
                "per_person_day",
                "share_of_floor",
            ],
            needs.iter().filter(|n| n.person_days_reached > 0.0).flat_map(|n| {
                (0..s.ration.limits.len()).map(move |i| {
                    let b = s.ration.limits[i].bounds;
                    vec![
                        n.district.clone().into(),
                        p(n.period),
                        n.phase.to_string().into(),
                        text(people::limit_kind(s, i)),
                        text(people::limit_item(s, i)),
                        text(people::limit_unit(s, i)),
                        num(b.min),
                        if b.max.is_finite() { num(b.max) } else { Cell::Empty },
                        num(n.ration[i]),
                        opt(n.share_of_floor(s, i)),
                    ]
                })
            }),
        ),
        table(
            "fairness.csv",
            &["phase", "need_rows", "coverage", "min_coverage", "max_coverage", "gini"],
            plan.spread(s).into_iter().map(|x| {
                vec![
                    x.phase.to_string().into(),
                    num(x.rows as f64),
                    num(x.coverage),
                    num(x.min_coverage),
                    num(x.max_coverage),
                    num(x.gini),
                ]
            }),
        ),
        table(
            "nonfood.csv",
            &[
                "node",
                "commodity",
                "period",
                "quantity_t",
                "delivered_t",
                "short_t",
                "weight_per_t",
                "min_share",
            ],
            s.demand_ids().map(|k| {
                let d = s.demand(k);
                let delivered = plan.delivered_t[k.index()];
                vec![
                    s.node(d.node).code.clone().into(),
                    s.commodity(d.commodity).code.clone().into(),
                    p(d.period),
                    num(d.quantity_t),
                    num(delivered),
                    num(d.quantity_t - delivered),
                    num(d.weight_per_t),
                    num(d.min_share),
                ]
            }),
        ),
        table("costs.csv", &["item", "food_usd", "nonfood_usd", "total_usd"], {
            let [f, n] = goods::costs(s, plan);
            let c = plan.costs;
            [
                ("purchase", f.purchase, n.purchase, c.purchase),
                ("transport", f.transport, n.transport, c.transport),
                ("handling", f.handling, n.handling, c.handling),
                ("storage", f.storage, n.storage, c.storage),
                ("total", f.total(), n.total(), c.total()),
            ]
            .into_iter()
            .map(|(item, f, n, t)| vec![text(item), num(f), num(n), num(t)])
        }),
        table(
            "shortfalls.csv",
            &["kind", "where", "what", "period", "needed", "met", "short", "unit"],
            s.need_ids()
                .filter_map(|k| {
                    let n = s.need(k);
                    let pd = s.need_person_days(k);
                    let v = plan.served_person_days[k.index()];
                    (pd - v > 1e-6).then(|| {
                        vec![
                            "people".to_owned().into(),
                            s.node(n.district).code.clone().into(),
                            format!("phase {}", n.phase).into(),
                            p(n.period),
                            num(pd),
                            num(v),
                            num(pd - v),
                            "person-days".to_owned().into(),
                        ]
                    })
                })
                .chain(
                    tables::demands(s, plan).into_iter().filter(|d| d.quantity_t - d.delivered_t > 1e-6).map(
                        |d| {
                            vec![
                                "goods".to_owned().into(),
                                d.node.into(),
                                d.commodity.into(),
                                d.period.into(),
                                num(d.quantity_t),
                                num(d.delivered_t),
                                num(d.quantity_t - d.delivered_t),
                                "t".to_owned().into(),
                            ]
                        },
                    ),
                ),
        ),
        table(
            "duals.csv",
            &[
                "row",
                "unit",
                "limit",
                "used",
                "weighted_person_days_per_unit_dual",
                "usd_saved_per_unit_dual",
                "measured_delta",
                "weighted_person_days_per_unit_measured",
                "usd_saved_per_unit_measured",
                "explanation_uses",
                "closed",
                "closed_reason",
                "degenerate",
                "explanation",
                "person_days_measured_on",
            ],
            plan.shadow_prices.iter().map(|sp| {
                let closed = closure(s, &sp.row);
                vec![
                    sp.row.display(s).to_string().into(),
                    unit(&sp.row).to_owned().into(),
                    num(sp.limit),
                    num(sp.used),
                    opt(sp.service_per_unit),
                    opt(sp.usd_saved_per_unit),
                    opt(sp.measured.map(|m| m.delta)),
                    opt(sp.measured.and_then(|m| m.service_per_unit)),
                    opt(sp.measured.and_then(|m| m.usd_saved_per_unit)),
                    text(stated(sp).source.as_str()),
                    text(if closed.is_some() { "true" } else { "false" }),
                    closed.and_then(|c| c.reason).unwrap_or_default().into(),
                    text(if sp.is_degenerate() { "true" } else { "false" }),
                    sentence_in(s, plan, sp).into(),
                    text(if impartial { "utilitarian_food_step" } else { "this_plan" }),
                ]
            }),
        ),
    ]
}
