//! The plan's CSV tables: one file per kind of decision, units in column names.
//!
//! The tables are built once as typed cells ([`tables`]) so the CSV files and the XLSX
//! workbook carry the same rows and numbers. Numbers are written in full: the shortest text
//! that reads back to the same `f64`, never rounded (only human-facing text rounds).

use hinterland_plan::explain::{sentence, unit};

use crate::json::exact;
use crate::{Report, tables};

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

/// All tables of the plan, typed.
pub fn tables(r: &Report<'_>) -> Vec<Table> {
    let s = r.scenario;
    let plan = r.plan;
    let p = |t: hinterland_model::Period| Cell::Text(s.calendar.label(t).to_owned());
    // Person-days served per (district, period), summed once in need order rather than by a
    // scan of every need row for every consumption row.
    let mut served_at = vec![0.0; s.nodes.len() * s.calendar.len()];
    for k in s.need_ids() {
        let need = s.need(k);
        served_at[need.district.index() * s.calendar.len() + need.period.index()] +=
            plan.served_person_days[k.index()];
    }
    vec![
        table(
            "purchases.csv",
            &["node", "commodity", "period", "channel", "fund", "tonnes", "price_usd_per_t", "cost_usd"],
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
                ]
            }),
        ),
        table(
            "donations_used.csv",
            &["donation", "commodity", "node", "period", "tonnes"],
            plan.draws.iter().map(|d| {
                let sup = s.supply(d.supply);
                vec![
                    sup.code.clone().into(),
                    s.commodity(sup.commodity).code.clone().into(),
                    s.node(sup.node).code.clone().into(),
                    p(d.period),
                    num(d.tonnes),
                ]
            }),
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
                    p(hinterland_model::Period(f.period.0 + l.transit_periods)),
                    num(f.tonnes),
                    num(f.tonnes * l.cost_usd_per_t),
                ]
            }),
        ),
        table(
            "stocks.csv",
            &["node", "commodity", "period", "tonnes_end_of_period"],
            plan.stocks.iter().map(|x| {
                vec![
                    s.node(x.node).code.clone().into(),
                    s.commodity(x.commodity).code.clone().into(),
                    p(x.period),
                    num(x.tonnes),
                ]
            }),
        ),
        table(
            "deliveries.csv",
            &["district", "commodity", "period", "tonnes", "g_per_person_day"],
            plan.consumption.iter().map(|x| {
                let served = served_at[x.district.index() * s.calendar.len() + x.period.index()];
                let g = if served > 0.0 { x.tonnes * 1e6 / served } else { 0.0 };
                vec![
                    s.node(x.district).code.clone().into(),
                    s.commodity(x.commodity).code.clone().into(),
                    p(x.period),
                    num(x.tonnes),
                    num(g),
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
                "people_served",
                "person_days_in_need",
                "person_days_served",
                "share_served",
            ],
            s.need_ids().map(|k| {
                let n = s.need(k);
                let pd = s.need_person_days(k);
                let v = plan.served_person_days[k.index()];
                vec![
                    s.node(n.district).code.clone().into(),
                    p(n.period),
                    n.phase.to_string().into(),
                    num(n.people),
                    num(v / s.calendar.days(n.period)),
                    num(pd),
                    num(v),
                    num(if pd > 0.0 { v / pd } else { 0.0 }),
                ]
            }),
        ),
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
                "weighted_person_days_per_unit",
                "usd_saved_per_unit",
                "explanation",
            ],
            plan.shadow_prices.iter().map(|sp| {
                vec![
                    sp.row.display(s).to_string().into(),
                    unit(&sp.row).to_owned().into(),
                    num(sp.limit),
                    num(sp.used),
                    opt(sp.service_per_unit),
                    opt(sp.usd_saved_per_unit),
                    sentence(s, sp).into(),
                ]
            }),
        ),
    ]
}
