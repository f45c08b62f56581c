//! plan.xlsx opens with a reader, has the expected sheets, and its totals equal the plan's.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use hinterland_report::{Report, csv_tables, xlsx};

use crate::support::{Planned, assert_close, mali, syria};

fn column_sum(range: &Range<Data>, column: &str) -> f64 {
    let mut rows = range.rows();
    let header = rows.next().expect("a header row");
    let j = header
        .iter()
        .position(|c| matches!(c, Data::String(s) if *s == xlsx::header(column)))
        .unwrap_or_else(|| panic!("no column `{column}`"));
    rows.map(|r| match &r[j] {
        Data::Float(v) => *v,
        Data::Int(v) => *v as f64,
        other => panic!("`{column}` holds {other:?}"),
    })
    .sum()
}

fn summary_value(range: &Range<Data>, item: &str) -> f64 {
    range
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s == item))
        .and_then(|r| if let Data::Float(v) = r[1] { Some(v) } else { None })
        .unwrap_or_else(|| panic!("no summary item `{item}`"))
}

fn check(p: &Planned) {
    let r = p.report();
    let bytes = xlsx::render(&r).expect("workbook");
    assert_eq!(bytes, xlsx::render(&r).expect("workbook"), "same plan, same bytes");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens as XLSX");
    let mut expected: Vec<String> = xlsx::AGGREGATE_SHEETS.iter().map(|s| (*s).to_owned()).collect();
    expected.extend(csv_tables::tables(&r).iter().map(|t| t.name().to_owned()));
    assert_eq!(wb.sheet_names(), expected);

    let plan = r.plan;
    let flows = wb.worksheet_range("flows").expect("flows sheet");
    assert_close(column_sum(&flows, "tonnes"), plan.flows.iter().map(|f| f.tonnes).sum(), 1e-6);
    assert_close(column_sum(&flows, "cost_usd"), plan.costs.transport, 1e-6);
    let purchases = wb.worksheet_range("purchases").expect("purchases sheet");
    assert_close(column_sum(&purchases, "cost_usd"), plan.costs.purchase, 1e-6);
    let served = wb.worksheet_range("served").expect("served sheet");
    assert_close(column_sum(&served, "person_days_reached"), plan.person_days_served(), 1e-6);
    assert_close(column_sum(&served, "value_person_days"), plan.value_person_days.iter().sum(), 1e-6);
    let summary = wb.worksheet_range("summary").expect("summary sheet");
    assert_close(summary_value(&summary, "total cost"), plan.costs.total(), 1e-9);
    assert_close(summary_value(&summary, "person-days reached"), plan.person_days_served(), 1e-9);
    let [food, nonfood] = hinterland_report::goods::costs(r.scenario, plan);
    assert_close(summary_value(&summary, "food cost"), food.total(), 1e-9);
    assert_close(summary_value(&summary, "non-food cost"), nonfood.total(), 1e-9);
    // Every sheet's header is its table's columns.
    let mut headers: Vec<Vec<String>> =
        xlsx::AGGREGATE_COLUMNS.iter().map(|c| c.iter().map(|h| (*h).to_owned()).collect()).collect();
    headers.extend(csv_tables::tables(&r).iter().map(|t| t.header.iter().map(|h| (*h).to_owned()).collect()));
    // Each header is the column's name with its unit in brackets, if it has one.
    let headers: Vec<Vec<String>> =
        headers.into_iter().map(|h| h.iter().map(|c| xlsx::header(c)).collect()).collect();
    for (name, header) in expected.iter().zip(headers) {
        let sheet = wb.worksheet_range(name).expect("the sheet");
        let first: Vec<String> =
            sheet.rows().next().expect("a header").iter().map(ToString::to_string).collect();
        assert_eq!(first, header, "sheet {name}");
    }
    let funds = wb.worksheet_range("funds").expect("funds sheet");
    assert_close(column_sum(&funds, "purchases_usd"), plan.costs.purchase, 1e-6);
    assert_close(column_sum(&funds, "logistics_usd"), plan.logistics_paid_usd.iter().sum(), 1e-6);
}

#[test]
fn mali_workbook_has_the_sheets_and_totals_of_the_plan() {
    check(mali());
}

#[test]
fn syria_workbook_has_the_sheets_and_totals_of_the_plan() {
    check(syria());
}

/// The summary sheet says when the marginal cost is only the service floor's dual
/// (`--confirm-limits 0`), as the text summary does.
#[test]
fn the_marginal_cost_label_says_whether_it_was_measured() {
    let p = mali();
    let mut plan = p.plan().clone();
    let mc = plan.marginal_cost_usd_per_weighted_person_day.expect("Mali plans lexicographically");
    let plain = "marginal cost of one more weighted person-day";
    let dual = "marginal cost of one more weighted person-day (the service floor's dual, not measured)";
    for (measured, label, not) in [(true, plain, dual), (false, dual, plain)] {
        plan.marginal_cost_measured = measured;
        let bytes = xlsx::render(&Report { plan: &plan, ..p.report() }).expect("workbook");
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens as XLSX");
        let summary = wb.worksheet_range("summary").expect("summary sheet");
        assert_close(summary_value(&summary, label), mc, 1e-6);
        assert!(!summary.rows().any(|r| matches!(&r[0], Data::String(s) if s == not)), "measured {measured}");
    }
}
