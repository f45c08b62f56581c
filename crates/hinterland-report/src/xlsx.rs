//! `plan.xlsx`: the plan as an Excel workbook, for people who live in spreadsheets.
//!
//! Sheets: `about` (what the workbook is and what each sheet holds), `summary` (key figures: reach, coverage, the price of fairness, costs of food and
//! non-food, the food cost per person-day), the aggregates people read (`periods`,
//! `districts`, `corridors`, `funds`), then one sheet per CSV table with the same columns and
//! numbers (`purchases`, `flows`, `served`, `rations`, ...); docs/plan-json.md lists them. Numbers are numbers, not text, so sums and pivots work, and
//! hold every bit of the plan's `f64` (Excel shows 15 digits but keeps what it reads).
//! Each header names its column as the CSV table does and, where the column has one unit,
//! the unit in brackets (`tonnes (t)`, `coverage (share)`); numbers are formatted by that
//! unit (thousands separators, percentages for shares): the format only rounds what is
//! shown, the cell keeps the full number. Header rows are frozen, columns fitted to their
//! contents, and every sheet has a filter on its header.
//! The workbook's creation date is fixed, so the same plan gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::csv_tables::{self, Cell};
use crate::goods::{self, FoodCost, Goods};
use crate::{Report, tables};

/// Names of the sheets, in order, before the CSV tables' sheets.
pub const AGGREGATE_SHEETS: [&str; 6] = ["about", "summary", "periods", "districts", "corridors", "funds"];

const ABOUT_COLUMNS: [&str; 2] = ["sheet", "contents"];
const SUMMARY_COLUMNS: [&str; 3] = ["item", "value", "unit"];
const PERIODS_COLUMNS: [&str; 8] = [
    "period",
    "days",
    "people_in_need",
    "people_reached",
    "person_days_in_need",
    "person_days_reached",
    "value_person_days",
    "coverage",
];
const DISTRICTS_COLUMNS: [&str; 9] = [
    "district",
    "name",
    "phase",
    "person_days_in_need",
    "person_days_reached",
    "share_reached",
    "value_person_days",
    "coverage",
    "food_t",
];
const CORRIDORS_COLUMNS: [&str; 5] = ["corridor", "mode", "tonnes", "food_t", "nonfood_t"];
const FUNDS_COLUMNS: [&str; 6] = ["fund", "name", "amount_usd", "purchases_usd", "logistics_usd", "left_usd"];

/// The columns of each aggregate sheet, in [`AGGREGATE_SHEETS`] order (the CSV tables'
/// sheets have their tables' columns).
pub const AGGREGATE_COLUMNS: [&[&str]; 6] = [
    &ABOUT_COLUMNS,
    &SUMMARY_COLUMNS,
    &PERIODS_COLUMNS,
    &DISTRICTS_COLUMNS,
    &CORRIDORS_COLUMNS,
    &FUNDS_COLUMNS,
];

/// The unit of a column, from its name (the CSV tables put units in names: `_t`, `_usd`),
/// for its header and its number format; `None` for text, or a number whose unit varies by
/// row (a `unit` column says it).
pub fn column_unit(column: &str) -> Option<&'static str> {
    let c = column;
    Some(match c {
        _ if c.starts_with("weighted_person_days_per_unit") => "weighted person-days per unit",
        _ if c.starts_with("usd_saved_per_unit") => "US$ per unit",
        _ if c.ends_with("_usd_per_t") || c == "price_usd_per_t" => "US$/t",
        _ if c.ends_with("_usd") || c == "usd" => "US$",
        "tonnes"
        | "tonnes_end_of_period"
        | "food_t"
        | "nonfood_t"
        | "quantity_t"
        | "delivered_t"
        | "short_t" => "t",
        "person_days_in_need" | "person_days_reached" | "value_person_days" => "person-days",
        "people_in_need" | "people_reached" => "people",
        "share_reached" | "coverage" | "min_coverage" | "max_coverage" | "share_of_floor" | "min_share"
        | "gini" => "share",
        "g_per_person_day" => "g per person per day",
        "days" => "days",
        "weight_per_t" => "weight per t",
        _ => return None,
    })
}

/// The number format of a unit (Excel's codes; display only).
fn unit_format(unit: &str) -> &'static str {
    match unit {
        "share" => "0.0%",
        "person-days" | "people" | "days" | "checks" | "weighted person-days of full ration" => "#,##0",
        "t" | "weighted t" | "g per person per day" => "#,##0.0",
        _ => "#,##0.00",
    }
}

/// What each sheet holds, for the `about` sheet.
fn sheet_contents(name: &str) -> &'static str {
    match name {
        "about" => "this sheet: what the workbook is and what each sheet holds",
        "summary" => {
            "key figures: people reached, coverage, the price of fairness, costs of food and non-food, the food cost per person-day"
        }
        "periods" => "people in need and reached, and coverage, per period",
        "districts" => {
            "coverage per district and phase over the horizon (a district with people in several phases has a row per phase)"
        }
        "corridors" => "tonnes entering the country per corridor and mode, food and non-food apart",
        "funds" => "money per fund: amount, spent on purchases and logistics, left",
        "purchases" => "what is bought, where, when, through which channel and fund",
        "donations_used" => "donations in kind drawn, and their market value",
        "flows" => "tonnes moved per lane, commodity and period of dispatch",
        "stocks" => "stock at the end of each period per place and commodity",
        "deliveries" => "food eaten per district, commodity, period and phase",
        "served" => "people reached and coverage per need row (district, period, phase)",
        "rations" => "each ration limit per need row and its adequacy",
        "fairness" => "the spread of coverage per phase",
        "nonfood" => "non-food deliveries per demand row",
        "costs" => "costs by item, food and non-food apart",
        "shortfalls" => "people not reached and goods not delivered",
        "duals" => {
            "binding limits: the LP's duals and the measured effects in separate columns, which one the explanation states, and closed lanes"
        }
        "ledger_stocks" => {
            "a plan made from the ledger: its opening stock, the ledger's stock on hand at the as-of date"
        }
        "ledger_pipeline" => {
            "a plan made from the ledger: shipments in transit at the as-of date and the period they arrive"
        }
        "ledger_pledges" => {
            "the ledger's pledges at the as-of date: promised against delivered, and how late"
        }
        "ledger_funds" => {
            "the ledger's funds: the scenario's budget, committed, received, spent and left to plan with"
        }
        "ledger_donations" => "donations in kind: handed over by the as-of date, and left to plan with",
        "ledger_districts" => {
            "per district and commodity: tonnes handed out and people reached by the as-of date, against the earlier plan"
        }
        "ledger_served" => "people already served in the re-plan's periods, taken off their need",
        "variance_districts" => {
            "the earlier plan against the ledger: person-days planned and served per district and period"
        }
        "variance_pledges" => {
            "the earlier plan against the ledger: what it counted on from each pledge, what arrived and how late"
        }
        "variance_corridors" => {
            "the earlier plan against the ledger: tonnes dispatched from the ports per corridor and period"
        }
        _ => "a table of the plan, as the CSV file of the same name (docs/plan-json.md)",
    }
}

struct Sheet {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

/// The header of a column: its name, and its unit in brackets when it has one.
pub fn header(column: &str) -> String {
    match column_unit(column) {
        Some(unit) => format!("{column} ({unit})"),
        None => column.to_owned(),
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, header(h), bold)?;
    }
    // A format per column with a unit; the summary's rows say their unit in their third cell.
    let formats: Vec<Option<Format>> = sheet
        .header
        .iter()
        .map(|h| column_unit(h).map(|u| Format::new().set_num_format(unit_format(u))))
        .collect();
    let general = Format::new().set_num_format("#,##0.00##");
    for (r, row) in sheet.rows.iter().enumerate() {
        let row_format = match (sheet.name, row.get(2)) {
            ("summary", Some(Cell::Text(unit))) => Some(Format::new().set_num_format(unit_format(unit))),
            _ => None,
        };
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let format = row_format.as_ref().or(formats.get(c).and_then(Option::as_ref)).unwrap_or(&general);
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    ws.write_string(r, c, t)?;
                }
                Cell::Num(_) => {
                    let v = cell.number().expect("numeric cell");
                    // Excel has no infinity: an unlimited value is written as text.
                    if v.is_finite() {
                        ws.write_number_with_format(r, c, v, format)?;
                    } else {
                        ws.write_string(r, c, "inf")?;
                    }
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.rows.is_empty() {
        ws.autofilter(0, 0, sheet.rows.len() as u32, sheet.header.len() as u16 - 1)?;
    }
    ws.set_autofit_max_width(400);
    ws.autofit();
    Ok(())
}

/// The `about` sheet: what the workbook is, and one row per sheet.
fn about(r: &Report<'_>, names: &[&'static str]) -> Sheet {
    let s = r.scenario;
    let mut rows = vec![
        vec![t("(workbook)"), t(format!("hinterland plan of scenario {} ({})", s.name, r.origin))],
        vec![
            t("(numbers)"),
            t(
                "each number is the plan's, in full precision: the formats only round what is shown; units are in the headers, in brackets; an unlimited value is the text inf",
            ),
        ],
        vec![
            t("(reference)"),
            t(
                "every column is described in docs/plan-json.md, under the CSV table or sheet of the same name",
            ),
        ],
    ];
    rows.extend(names.iter().map(|n| vec![t(*n), t(sheet_contents(n))]));
    Sheet { name: "about", header: ABOUT_COLUMNS.to_vec(), rows }
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn aggregates(r: &Report<'_>) -> Vec<Sheet> {
    let s = r.scenario;
    let plan = r.plan;
    let periods = tables::by_period(s, plan);
    let in_need: f64 = periods.iter().map(|p| p.person_days_in_need).sum();
    let reached: f64 = periods.iter().map(|p| p.person_days_served).sum();
    let value: f64 = periods.iter().map(|p| p.value_person_days).sum();
    let share = |a: f64| Cell::Num(if in_need > 0.0 { a / in_need } else { 0.0 });
    let c = plan.costs;
    let [food, nonfood] = goods::costs(s, plan);
    let fc = FoodCost::of(s, plan);
    let mut summary = vec![
        vec![t("scenario"), t(s.name.clone()), t("")],
        vec![t("origin"), t(r.origin), t("")],
        vec![
            t("periods"),
            t(format!(
                "{} to {}",
                s.calendar.label(hinterland_model::Period(0)),
                s.calendar.label(hinterland_model::Period(s.calendar.len() as u32 - 1))
            )),
            t(s.calendar.step().as_str()),
        ],
        vec![t("person-days in need"), Cell::Num(in_need), t("person-days")],
        vec![t("person-days reached"), Cell::Num(reached), t("person-days")],
        vec![t("share of need reached"), share(reached), t("share")],
        vec![t("person-days of full ration"), Cell::Num(value), t("person-days")],
        vec![t("coverage"), share(value), t("share")],
        vec![t("weighted person-days of full ration"), Cell::Num(plan.weighted_service(s)), t("person-days")],
        vec![t("weighted non-food tonnes delivered"), Cell::Num(plan.nonfood_service(s)), t("weighted t")],
        vec![t("allocation"), t(plan.fairness().as_str()), t("")],
    ];
    if let Some(pof) = plan.price_of_fairness {
        summary.push(vec![
            t("price of fairness"),
            Cell::Num((pof.utilitarian - pof.impartial).max(0.0)),
            t("weighted person-days of full ration"),
        ]);
        summary.push(vec![t("price of fairness, share"), Cell::Num(pof.loss_share()), t("share")]);
    }
    summary.extend([
        vec![t("purchase cost"), Cell::Num(c.purchase), t("US$")],
        vec![t("transport cost"), Cell::Num(c.transport), t("US$")],
        vec![t("handling cost"), Cell::Num(c.handling), t("US$")],
        vec![t("storage cost"), Cell::Num(c.storage), t("US$")],
        vec![t("total cost"), Cell::Num(c.total()), t("US$")],
        vec![t("food cost"), Cell::Num(food.total()), t("US$")],
        vec![t("non-food cost"), Cell::Num(nonfood.total()), t("US$")],
        vec![t("donated food used"), Cell::Num(fc.donated_t), t("t")],
        vec![t("donated food used, at market value"), Cell::Num(fc.donated_value_usd), t("US$")],
    ]);
    if let (Some((a, b)), Some((c, d))) = (fc.per_person_day_reached(), fc.per_full_ration_person_day()) {
        summary.extend([
            vec![t("food cost per person-day reached (donated food at zero)"), Cell::Num(a), t("US$")],
            vec![
                t("food cost per person-day reached (donated food at market value)"),
                Cell::Num(b),
                t("US$"),
            ],
            vec![t("food cost per person-day of full ration (donated food at zero)"), Cell::Num(c), t("US$")],
            vec![
                t("food cost per person-day of full ration (donated food at market value)"),
                Cell::Num(d),
                t("US$"),
            ],
        ]);
    }
    summary.push(vec![t("independent checks passed"), Cell::Num(r.verify.checked as f64), t("checks")]);
    if let Some(mc) = plan.marginal_cost_usd_per_weighted_person_day {
        summary.push(vec![
            t(if plan.marginal_cost_measured {
                "marginal cost of one more weighted person-day"
            } else {
                "marginal cost of one more weighted person-day (the service floor's dual, not measured)"
            }),
            Cell::Num(mc),
            t("US$ per person-day"),
        ]);
    }
    vec![
        Sheet { name: "summary", header: SUMMARY_COLUMNS.to_vec(), rows: summary },
        Sheet {
            name: "periods",
            header: PERIODS_COLUMNS.to_vec(),
            rows: periods
                .into_iter()
                .map(|p| {
                    let coverage = p.coverage();
                    vec![
                        t(p.period),
                        Cell::Num(p.days),
                        Cell::Num(p.people_in_need),
                        Cell::Num(p.people_served),
                        Cell::Num(p.person_days_in_need),
                        Cell::Num(p.person_days_served),
                        Cell::Num(p.value_person_days),
                        Cell::Num(coverage),
                    ]
                })
                .collect(),
        },
        Sheet {
            name: "districts",
            header: DISTRICTS_COLUMNS.to_vec(),
            rows: tables::by_district_phase(s, plan)
                .into_iter()
                .map(|d| {
                    vec![
                        t(d.district.clone()),
                        t(d.name.clone()),
                        Cell::Num(f64::from(d.phase)),
                        Cell::Num(d.person_days_in_need),
                        Cell::Num(d.person_days_served),
                        Cell::Num(d.share()),
                        Cell::Num(d.value_person_days),
                        Cell::Num(d.coverage()),
                        Cell::Num(d.tonnes_food),
                    ]
                })
                .collect(),
        },
        Sheet {
            name: "corridors",
            header: CORRIDORS_COLUMNS.to_vec(),
            rows: tables::by_corridor(s, plan)
                .into_iter()
                .map(|c| {
                    vec![
                        t(c.corridor),
                        t(c.mode.as_str()),
                        Cell::Num(c.tonnes),
                        Cell::Num(c.goods[Goods::Food.index()]),
                        Cell::Num(c.goods[Goods::Nonfood.index()]),
                    ]
                })
                .collect(),
        },
        Sheet {
            name: "funds",
            header: FUNDS_COLUMNS.to_vec(),
            rows: tables::by_fund(s, plan)
                .into_iter()
                .map(|f| {
                    vec![
                        t(f.fund.clone()),
                        t(f.name.clone()),
                        Cell::Num(f.amount_usd),
                        Cell::Num(f.purchases_usd),
                        Cell::Num(f.logistics_usd),
                        Cell::Num(f.left_usd()),
                    ]
                })
                .collect(),
        },
    ]
}

/// The plan as XLSX bytes.
pub fn render(r: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("hinterland plan: {}", r.scenario.name))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold().set_text_wrap().set_background_color("F1EEE7");
    let mut sheets = aggregates(r);
    sheets.extend(csv_tables::tables(r).into_iter().map(|tb| Sheet {
        name: tb.name(),
        header: tb.header,
        rows: tb.rows,
    }));
    if let Some(l) = r.ledger {
        sheets.extend(crate::ledger::tables(l).into_iter().map(|tb| Sheet {
            name: tb.name,
            header: tb.header,
            rows: tb.rows,
        }));
    }
    let mut names = vec!["about"];
    names.extend(sheets.iter().map(|sh| sh.name));
    sheets.insert(0, about(r, &names));
    for sheet in &sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet, &bold)?;
    }
    wb.save_to_buffer()
}
