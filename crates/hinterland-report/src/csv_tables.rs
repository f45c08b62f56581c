//! The plan's CSV tables: one file per kind of decision, units in column names.

use hinterland_plan::explain::{sentence, unit};

use crate::json::r6;
use crate::{Report, tables};

/// A CSV table: file name and content.
pub struct CsvTable {
    pub file: &'static str,
    pub text: String,
}

fn num(v: f64) -> String {
    format!("{}", r6(v))
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

fn table(file: &'static str, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> CsvTable {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    CsvTable {
        file,
        text: String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 strings"),
    }
}

/// All CSV tables of the plan.
pub fn render(r: &Report<'_>) -> Vec<CsvTable> {
    let s = r.scenario;
    let plan = r.plan;
    let p = |t: hinterland_model::Period| s.calendar.label(t).to_owned();
    vec![
        table(
            "purchases.csv",
            &["node", "commodity", "period", "channel", "fund", "tonnes", "price_usd_per_t", "cost_usd"],
            plan.purchases.iter().map(|x| {
                let m = s.market(x.market);
                vec![
                    s.node(m.node).code.clone(),
                    s.commodity(m.commodity).code.clone(),
                    p(m.period),
                    m.channel.clone(),
                    s.fund(x.fund).code.clone(),
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
                    sup.code.clone(),
                    s.commodity(sup.commodity).code.clone(),
                    s.node(sup.node).code.clone(),
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
                    l.code.clone(),
                    s.node(l.from).code.clone(),
                    s.node(l.to).code.clone(),
                    l.mode.as_str().to_owned(),
                    l.corridor.clone(),
                    s.commodity(f.commodity).code.clone(),
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
                    s.node(x.node).code.clone(),
                    s.commodity(x.commodity).code.clone(),
                    p(x.period),
                    num(x.tonnes),
                ]
            }),
        ),
        table(
            "deliveries.csv",
            &["district", "commodity", "period", "tonnes", "g_per_person_day"],
            plan.consumption.iter().map(|x| {
                let served: f64 = s
                    .need_ids()
                    .filter(|k| s.need(*k).district == x.district && s.need(*k).period == x.period)
                    .map(|k| plan.served_person_days[k.index()])
                    .sum();
                let g = if served > 0.0 { x.tonnes * 1e6 / served } else { 0.0 };
                vec![
                    s.node(x.district).code.clone(),
                    s.commodity(x.commodity).code.clone(),
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
                    s.node(n.district).code.clone(),
                    p(n.period),
                    n.phase.to_string(),
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
                            "people".to_owned(),
                            s.node(n.district).code.clone(),
                            format!("phase {}", n.phase),
                            p(n.period),
                            num(pd),
                            num(v),
                            num(pd - v),
                            "person-days".to_owned(),
                        ]
                    })
                })
                .chain(
                    tables::demands(s, plan).into_iter().filter(|d| d.quantity_t - d.delivered_t > 1e-6).map(
                        |d| {
                            vec![
                                "goods".to_owned(),
                                d.node,
                                d.commodity,
                                d.period,
                                num(d.quantity_t),
                                num(d.delivered_t),
                                num(d.quantity_t - d.delivered_t),
                                "t".to_owned(),
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
                    sp.row.display(s).to_string(),
                    unit(&sp.row).to_owned(),
                    format!("{}", sp.limit),
                    num(sp.used),
                    opt(sp.service_per_unit),
                    opt(sp.usd_saved_per_unit),
                    sentence(s, sp),
                ]
            }),
        ),
    ]
}
