//! A plan made from the ledger (`plan --ledger … --as-of …`): what the re-plan took from the
//! ledger, the ledger's status on the as-of date, and the variance from the earlier plan.
//! One set of tables ([`tables`]) feeds the summary, `plan.json`'s `ledger` object, the
//! report's "From the ledger" section and the XLSX sheets, so they never disagree.

use std::fmt::Write as _;

use hinterland_ledger::replan::Replanned;
use hinterland_ledger::status::Status;
use hinterland_model::Scenario;
use hinterland_plan::explain::human;
use serde_json::{Map, Value};

use crate::csv_tables::Cell;
use crate::variance::Variance;

/// What a plan made from the ledger reports besides the plan.
#[derive(Clone, Debug)]
pub struct FromLedger {
    pub replanned: Replanned,
    /// The ledger's status at the end of the as-of date; districts carry the earlier plan's
    /// tonnes to date (`planned_t`) when there is one.
    pub status: Status,
    pub variance: Option<Variance>,
}

/// One table: a name (the XLSX sheet, and the key in plan.json's `ledger` object after its
/// `ledger_` or `variance_` prefix), its columns and rows.
pub struct Table {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Num)
}

/// The tables, in order; the variance's only when there is one.
pub fn tables(l: &FromLedger) -> Vec<Table> {
    let r = &l.replanned;
    let s = &l.status;
    let mut out = vec![
        Table {
            name: "ledger_stocks",
            header: vec!["node", "commodity", "quantity_t"],
            rows: r
                .position
                .stocks
                .iter()
                .map(|x| vec![t(&x.node), t(&x.commodity), Cell::Num(x.quantity_t)])
                .collect(),
        },
        Table {
            name: "ledger_pipeline",
            header: vec!["id", "commodity", "quantity_t", "node", "arrival_period", "expected"],
            rows: r
                .position
                .pipeline
                .iter()
                .map(|x| {
                    vec![
                        t(&x.id),
                        t(&x.commodity),
                        Cell::Num(x.quantity_t),
                        t(&x.node),
                        t(&x.arrival_period),
                        t(x.expected.to_string()),
                    ]
                })
                .collect(),
        },
        Table {
            name: "ledger_pledges",
            header: vec![
                "pledge",
                "donor",
                "commodity",
                "place_or_fund",
                "unit",
                "promised",
                "delivered",
                "due",
                "completed_on",
                "days_late",
            ],
            rows: s
                .pledges
                .iter()
                .map(|p| {
                    vec![
                        t(&p.reference),
                        t(&p.donor),
                        p.commodity.as_ref().map_or(Cell::Empty, t),
                        t(p.place.clone().or_else(|| p.fund.clone()).unwrap_or_default()),
                        t(if p.commodity.is_some() { "t" } else { "US$" }),
                        Cell::Num(p.promised()),
                        Cell::Num(p.delivered()),
                        t(p.due.to_string()),
                        p.completed_on.map_or(Cell::Empty, |d| t(d.to_string())),
                        Cell::Num(p.days_late as f64),
                    ]
                })
                .collect(),
        },
        Table {
            name: "ledger_funds",
            header: vec!["fund", "budget_usd", "committed_usd", "received_usd", "spent_usd", "left_usd"],
            rows: r
                .funds
                .iter()
                .map(|f| {
                    let st = s.funds.iter().find(|x| x.fund == f.fund);
                    vec![
                        t(&f.fund),
                        Cell::Num(f.budget_usd),
                        opt(st.map(|x| x.committed_usd)),
                        opt(st.map(|x| x.received_usd)),
                        Cell::Num(f.spent_usd),
                        Cell::Num(f.left_usd),
                    ]
                })
                .collect(),
        },
        Table {
            name: "ledger_donations",
            header: vec!["donation", "commodity", "node", "quantity_t", "handed_over_t", "left_t"],
            rows: r
                .donations
                .iter()
                .map(|d| {
                    vec![
                        t(&d.donation),
                        t(&d.commodity),
                        t(&d.node),
                        Cell::Num(d.quantity_t),
                        Cell::Num(d.handed_over_t),
                        Cell::Num(d.left_t),
                    ]
                })
                .collect(),
        },
        Table {
            name: "ledger_districts",
            header: vec!["district", "commodity", "distributed_t", "people", "planned_t"],
            rows: s
                .districts
                .iter()
                .map(|d| {
                    vec![
                        t(&d.district),
                        t(&d.commodity),
                        Cell::Num(d.distributed_t),
                        Cell::Num(d.people as f64),
                        opt(d.planned_t),
                    ]
                })
                .collect(),
        },
        Table {
            name: "ledger_served",
            header: vec!["district", "period", "people", "in_need_before", "in_need_after"],
            rows: r
                .served
                .iter()
                .map(|x| {
                    vec![
                        t(&x.district),
                        t(&x.period),
                        Cell::Num(x.people),
                        Cell::Num(x.in_need_before),
                        Cell::Num(x.in_need_after),
                    ]
                })
                .collect(),
        },
    ];
    if let Some(v) = &l.variance {
        out.extend(variance_tables(v));
    }
    out
}

fn variance_tables(v: &Variance) -> [Table; 3] {
    [
        Table {
            name: "variance_districts",
            header: vec![
                "district",
                "period",
                "complete",
                "planned_person_days",
                "served_person_days",
                "gap_person_days",
                "planned_t",
                "distributed_t",
            ],
            rows: v
                .districts
                .iter()
                .map(|d| {
                    vec![
                        t(&d.district),
                        t(&d.period),
                        t(if d.complete { "yes" } else { "no" }),
                        Cell::Num(d.planned_person_days),
                        Cell::Num(d.served_person_days),
                        Cell::Num(d.gap()),
                        Cell::Num(d.planned_t),
                        Cell::Num(d.distributed_t),
                    ]
                })
                .collect(),
        },
        Table {
            name: "variance_pledges",
            header: vec![
                "pledge",
                "commodity",
                "place_or_fund",
                "unit",
                "planned",
                "planned_from",
                "promised",
                "delivered",
                "short",
                "due",
                "days_late",
            ],
            rows: v
                .pledges
                .iter()
                .map(|p| {
                    vec![
                        t(&p.reference),
                        p.commodity.as_ref().map_or(Cell::Empty, t),
                        t(&p.place),
                        t(p.unit()),
                        opt(p.planned),
                        p.planned_from.as_ref().map_or(Cell::Empty, t),
                        Cell::Num(p.promised),
                        Cell::Num(p.delivered),
                        Cell::Num(p.short(v.as_of)),
                        t(p.due.to_string()),
                        Cell::Num(p.days_late as f64),
                    ]
                })
                .collect(),
        },
        Table {
            name: "variance_corridors",
            header: vec!["corridor", "period", "planned_t", "shipped_t", "gap_t"],
            rows: v
                .corridors
                .iter()
                .map(|c| {
                    vec![
                        t(&c.corridor),
                        t(&c.period),
                        Cell::Num(c.planned_t),
                        Cell::Num(c.shipped_t),
                        Cell::Num(c.planned_t - c.shipped_t),
                    ]
                })
                .collect(),
        },
    ]
}

fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Num(x) => {
            serde_json::Number::from_f64(crate::json::exact(*x)).map_or(Value::Null, Value::Number)
        }
        Cell::Empty => Value::Null,
    }
}

fn table_json(tb: &Table) -> Value {
    Value::Array(
        tb.rows
            .iter()
            .map(|row| {
                let m: Map<String, Value> =
                    tb.header.iter().zip(row).map(|(h, c)| ((*h).to_owned(), cell_json(c))).collect();
                Value::Object(m)
            })
            .collect(),
    )
}

/// plan.json's `ledger` object (docs/plan-json.md).
pub fn json(l: &FromLedger) -> Value {
    let r = &l.replanned;
    let mut m = Map::new();
    m.insert("as_of".to_owned(), Value::String(r.as_of.to_string()));
    m.insert("first_period".to_owned(), Value::String(r.first_period.clone()));
    m.insert("dropped_periods".to_owned(), Value::from(r.dropped_periods));
    m.insert("replaced_stocks".to_owned(), Value::from(r.replaced_stocks));
    m.insert("replaced_pipeline".to_owned(), Value::from(r.replaced_pipeline));
    m.insert("notes".to_owned(), r.notes.iter().map(|n| Value::String(n.to_string())).collect());
    let mut variance = Map::new();
    for tb in tables(l) {
        if let Some(key) = tb.name.strip_prefix("ledger_") {
            m.insert(key.to_owned(), table_json(&tb));
        } else if let Some(key) = tb.name.strip_prefix("variance_") {
            variance.insert(key.to_owned(), table_json(&tb));
        }
    }
    m.insert(
        "variance".to_owned(),
        match &l.variance {
            None => Value::Null,
            Some(v) => {
                let (planned, served) = v.totals();
                variance.insert("against".to_owned(), Value::String(v.against.clone()));
                variance.insert("planned_person_days".to_owned(), cell_json(&Cell::Num(planned)));
                variance.insert("served_person_days".to_owned(), cell_json(&Cell::Num(served)));
                Value::Object(variance)
            }
        },
    );
    Value::Object(m)
}

/// The first line of the summary under its title: where the plan starts.
pub fn headline(r: &Replanned) -> String {
    format!(
        "  starts from the ledger as of {}: the horizon begins in {} ({} past period(s) dropped); opening stock and pipeline are the ledger's",
        r.as_of, r.first_period, r.dropped_periods
    )
}

/// How the summary names the ledger's places and corridors: by the scenario's names where it
/// has them (the ledger and the machine outputs keep ids).
pub struct Names<'a>(pub &'a Scenario);

impl Names<'_> {
    fn place(&self, id: &str) -> String {
        self.0.nodes.iter().find(|n| n.code == id).map_or_else(|| id.to_owned(), |n| n.name.clone())
    }

    fn corridor(&self, id: &str) -> String {
        self.0.corridors.iter().find(|c| c.code == id).map_or_else(|| id.to_owned(), |c| c.name.clone())
    }
}

/// The summary's "From the ledger" and "Variance" sections.
pub fn text(l: &FromLedger, names: &Names<'_>) -> String {
    let r = &l.replanned;
    let mut out = String::new();
    let _ = writeln!(out, "\nFrom the ledger as of {}", r.as_of);
    let on_hand: f64 = r.position.stocks.iter().map(|x| x.quantity_t).sum();
    let transit: f64 = r.position.pipeline.iter().map(|x| x.quantity_t).sum();
    let _ = writeln!(
        out,
        "  opening stock {} t in {} row(s) and {} t in transit ({} shipment(s)), in place of the scenario's own",
        human(on_hand),
        r.position.stocks.len(),
        human(transit),
        r.position.pipeline.len()
    );
    for f in &r.funds {
        let _ = writeln!(
            out,
            "  fund {}: US$ {} − {} spent = {} left to plan with",
            f.fund,
            human(f.budget_usd),
            human(f.spent_usd),
            human(f.left_usd)
        );
    }
    for d in &r.donations {
        let _ = writeln!(
            out,
            "  donation {}: {} t of {} handed over, {} t left to plan with",
            d.donation,
            human(d.handed_over_t),
            human(d.quantity_t),
            human(d.left_t)
        );
    }
    for p in &l.status.pledges {
        let unit = if p.commodity.is_some() { "t" } else { "US$" };
        let late = match p.days_late {
            0 => "on time".to_owned(),
            d => format!("{d} day(s) late"),
        };
        let state = if p.completed_on.is_some() { "delivered" } else { "open" };
        let _ = writeln!(
            out,
            "  pledge {}: {} of {} {unit} {state}, {late}",
            p.reference,
            human(p.delivered()),
            human(p.promised())
        );
    }
    for x in &r.served {
        let _ = writeln!(
            out,
            "  {} {}: {} people already served; {} of {} left in need",
            names.place(&x.district),
            x.period,
            human(x.people),
            human(x.in_need_after),
            human(x.in_need_before)
        );
    }
    for n in &r.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    if let Some(v) = &l.variance {
        variance_text(&mut out, v, names);
    }
    out
}

fn variance_text(out: &mut String, v: &Variance, names: &Names<'_>) {
    let (planned, served) = v.totals();
    let _ = writeln!(out, "\nVariance: {} against the ledger to {}", v.against, v.as_of);
    let _ = writeln!(
        out,
        "  person-days: {} planned, {} served ({} short)",
        human(planned),
        human(served),
        human((planned - served).max(0.0))
    );
    let rows: Vec<Vec<String>> = v
        .districts
        .iter()
        .map(|d| {
            vec![
                names.place(&d.district),
                format!("{}{}", d.period, if d.complete { "" } else { "*" }),
                human(d.planned_person_days),
                human(d.served_person_days),
                human(d.gap()),
                human(d.planned_t),
                human(d.distributed_t),
            ]
        })
        .collect();
    if !rows.is_empty() {
        crate::summary::table(
            out,
            &["district", "period", "planned p-d", "served p-d", "gap p-d", "planned t", "handed out t"],
            &rows,
        );
        if v.districts.iter().any(|d| !d.complete) {
            let _ = writeln!(out, "  * the period is still in progress on {}", v.as_of);
        }
    }
    let rows: Vec<Vec<String>> = v
        .pledges
        .iter()
        .map(|p| {
            vec![
                p.reference.clone(),
                p.unit().to_owned(),
                p.planned.map_or_else(|| "–".to_owned(), human),
                p.planned_from.clone().unwrap_or_else(|| "–".to_owned()),
                human(p.delivered),
                human(p.short(v.as_of)),
                p.days_late.to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        crate::summary::table(
            out,
            &["pledge", "unit", "planned", "from", "delivered", "short", "days late"],
            &rows,
        );
    }
    let rows: Vec<Vec<String>> = v
        .corridors
        .iter()
        .map(|c| vec![names.corridor(&c.corridor), c.period.clone(), human(c.planned_t), human(c.shipped_t)])
        .collect();
    if !rows.is_empty() {
        crate::summary::table(out, &["corridor", "period", "planned t", "shipped t"], &rows);
    }
}
