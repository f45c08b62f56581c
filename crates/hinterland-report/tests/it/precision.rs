//! Issue 24: the machine outputs (plan.json, the CSV tables, plan.xlsx, plan.geojson) carry
//! every bit of the plan's numbers; only the human-facing text rounds.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use hinterland_report::{Report, csv_tables, geojson, json, summary, tables, xlsx};

use crate::support::mali;

/// Issue 24's one-person diet costs US$ 0.10866227820675683 a day: 17 significant digits,
/// which plan.json used to write as `0.108662`.
const DIGITS: f64 = 0.108_662_278_206_756_83;

fn same_bits(written: f64, planned: f64, what: &str) {
    assert_eq!(written.to_bits(), planned.to_bits(), "{what}: wrote {written:?}, planned {planned:?}");
}

/// The cells of `column` in a CSV table, parsed back.
fn csv_column(text: &str, column: &str) -> Vec<f64> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let j = r.headers().expect("a header").iter().position(|h| h == column).expect("the column");
    r.records()
        .map(|rec| rec.expect("a record")[j].parse::<f64>().unwrap_or_else(|e| panic!("`{column}`: {e}")))
        .collect()
}

#[test]
fn issue_24_machine_outputs_write_full_precision() {
    let p = mali();
    let mut plan = p.plan().clone();
    plan.flows[0].tonnes = DIGITS;
    let r = Report { plan: &plan, ..p.report() };
    let s = r.scenario;
    let lane_cost = |i: usize| plan.flows[i].tonnes * s.lane(plan.flows[i].lane).cost_usd_per_t;
    // The test is only as strong as the values it compares: some must need more than
    // 6 decimals, or rounding to 6 decimals would pass too.
    let long = plan.flows.iter().filter(|f| f.tonnes != (f.tonnes * 1e6).round() / 1e6).count();
    assert!(long > 1, "only {long} flows have more than 6 decimals");

    // plan.json: the digits as text, and every flow's tonnes bit for bit.
    let text = json::render(&r);
    assert!(text.contains("\"tonnes\": 0.10866227820675683\n"), "plan.json rounds the flow");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("plan.json parses");
    let flows = doc["flows"].as_array().expect("flows");
    assert_eq!(flows.len(), plan.flows.len());
    for (i, (f, planned)) in flows.iter().zip(&plan.flows).enumerate() {
        same_bits(f["tonnes"].as_f64().expect("a number"), planned.tonnes, &format!("plan.json flows[{i}]"));
    }
    same_bits(
        doc["costs_usd"]["total"].as_f64().expect("a number"),
        plan.costs.total(),
        "plan.json total cost",
    );
    let in_need: f64 = tables::by_period(s, &plan).iter().map(|x| x.person_days_in_need).sum();
    same_bits(
        doc["service"]["person_days_in_need"].as_f64().expect("a number"),
        in_need,
        "person-days in need",
    );

    // flows.csv: tonnes and cost parse back to the same bits.
    let csv = csv_tables::render(&r).into_iter().find(|t| t.file == "flows.csv").expect("flows.csv");
    assert!(csv.text.contains(",0.10866227820675683,"), "flows.csv rounds the flow");
    let tonnes = csv_column(&csv.text, "tonnes");
    let cost = csv_column(&csv.text, "cost_usd");
    assert_eq!(tonnes.len(), plan.flows.len());
    for (i, f) in plan.flows.iter().enumerate() {
        same_bits(tonnes[i], f.tonnes, &format!("flows.csv row {i} tonnes"));
        same_bits(cost[i], lane_cost(i), &format!("flows.csv row {i} cost_usd"));
    }

    // plan.xlsx: numeric cells hold the same bits.
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(xlsx::render(&r).expect("workbook"))).expect("opens as XLSX");
    let sheet = wb.worksheet_range("flows").expect("flows sheet");
    let header: Vec<String> = sheet.rows().next().expect("header").iter().map(ToString::to_string).collect();
    let j = header.iter().position(|h| *h == xlsx::header("tonnes")).expect("tonnes column");
    for (i, (row, f)) in sheet.rows().skip(1).zip(&plan.flows).enumerate() {
        let Data::Float(v) = row[j] else { panic!("flows!{i} tonnes holds {:?}", row[j]) };
        same_bits(v, f.tonnes, &format!("plan.xlsx flows row {i}"));
    }

    // plan.geojson: the lane's tonnes over the horizon, as aggregated for every output.
    let gj: serde_json::Value = serde_json::from_str(&geojson::render(&r)).expect("GeoJSON parses");
    let lane = plan.flows[0].lane;
    let code = &s.lane(lane).code;
    let feature = gj["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["layer"] == "lane" && f["properties"]["id"] == code.as_str())
        .unwrap_or_else(|| panic!("a feature for lane `{code}`"));
    let lane_t = tables::lane_tonnes(s, &plan)[lane.index()];
    same_bits(feature["properties"]["tonnes"].as_f64().expect("a number"), lane_t, "plan.geojson tonnes");

    // The summary is for people: it rounds.
    let text = summary::render(&r, 12);
    assert!(!text.contains("0.1086622782"), "the summary writes 17 digits");
}

/// A negative zero (the product of a zero and a negative number, say) is written `0`, not
/// `-0`, in every machine output; that is the only change made to a number.
#[test]
fn a_negative_zero_is_written_as_zero() {
    assert_eq!(json::exact(-0.0).to_bits(), 0.0_f64.to_bits());
    assert_eq!(json::exact(DIGITS).to_bits(), DIGITS.to_bits());
    assert_eq!(json::exact(-DIGITS).to_bits(), (-DIGITS).to_bits());
    assert_eq!(csv_tables::Cell::Num(-0.0).text(), "0");
    assert_eq!(csv_tables::Cell::Num(f64::INFINITY).text(), "inf");
    assert_eq!(csv_tables::Cell::Num(1e-9).text(), "0.000000001");
}
