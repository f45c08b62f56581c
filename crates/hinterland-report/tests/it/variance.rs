//! The variance report and the ledger's outputs on a hand-checked fixture: a small ledger
//! against a hand-written plan.json of the Mali scenario, as of 15 July 2024.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use hinterland_ledger::import::read_csv;
use hinterland_ledger::store::sqlite::Sqlite;
use hinterland_ledger::{Audit, Catalog, Ledger, Recorded, replan, status};
use hinterland_report::ledger::{FromLedger, Names, json};
use hinterland_report::variance::{Baseline, variance};
use hinterland_report::{Report, html, xlsx};

use crate::support::mali;

/// The fixture ledger, one entry per line: its kind, then `column=value` (every entry's
/// source is `doc`).
const LEDGER: &str = "\
pledge ref=p-w date=2024-03-01 commodity=wheat quantity_t=1000 to=dakar donor=d due=2024-04-30
pledge ref=p-m date=2024-03-01 amount_usd=20000 fund=un_food donor=d due=2024-04-30
purchase date=2024-05-01 commodity=cowpeas quantity_t=10 amount_usd=11550 to=wh_bamako fund=un_food
arrival date=2024-05-10 quantity_t=600 pledge=p-w
shipment ref=s1 date=2024-05-12 commodity=wheat quantity_t=500 from=dakar to=wh_bamako due=2024-05-20 corridor=dakar
arrival date=2024-05-19 quantity_t=500 shipment=s1
distribution date=2024-06-05 commodity=wheat quantity_t=100 from=wh_bamako to=kayes people=2000 period=2024-06
distribution date=2024-06-06 commodity=cowpeas quantity_t=5 from=wh_bamako to=kayes people=1500 period=2024-06
distribution date=2024-06-06 commodity=wheat quantity_t=1 from=wh_bamako to=kayes people=100 period=2024-06
distribution date=2024-07-02 commodity=wheat quantity_t=50 from=wh_bamako to=mopti people=1000
distribution date=2024-07-20 commodity=wheat quantity_t=10 from=wh_bamako to=mopti people=999
";

const COLUMNS: [&str; 20] = [
    "kind",
    "ref",
    "date",
    "commodity",
    "quantity_t",
    "amount_usd",
    "from",
    "to",
    "fund",
    "donor",
    "pledge",
    "shipment",
    "due",
    "lost_t",
    "people",
    "period",
    "corridor",
    "reverses",
    "source",
    "note",
];

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 15).expect("a date")
}

/// The fixture ledger as a CSV file, recorded against the Mali scenario.
fn ledger_entries(catalog: &Catalog) -> Vec<Recorded> {
    ledger_entries_of(LEDGER, catalog)
}

fn ledger_entries_of(ledger_text: &str, catalog: &Catalog) -> Vec<Recorded> {
    let mut csv = COLUMNS.join(",") + "\n";
    for line in ledger_text.lines() {
        let mut words = line.split(' ');
        let kind = words.next().expect("a kind");
        let given: Vec<(&str, &str)> = words.map(|w| w.split_once('=').expect("column=value")).collect();
        let cells: Vec<&str> = COLUMNS
            .iter()
            .map(|c| match *c {
                "kind" => kind,
                "source" => "doc",
                _ => given.iter().find(|(k, _)| k == c).map_or("", |(_, v)| v),
            })
            .collect();
        csv += &(cells.join(",") + "\n");
    }
    let parsed = read_csv("fixture.csv", &csv).unwrap_or_else(|p| panic!("{}", p[0]));
    let mut ledger = Ledger::new(Box::new(Sqlite::in_memory().expect("a ledger in memory")));
    let audit = Audit { by: "t".to_owned(), at: "2024-08-01T00:00:00Z".to_owned() };
    if let Err(e) = ledger.append(&parsed.entries, catalog, &audit, &|| {}) {
        panic!("the fixture records: {e:?}");
    }
    ledger.entries().expect("entries")
}

/// The earlier plan, by hand: what it reached, ate, counted on and moved.
fn baseline() -> Baseline {
    let plan = serde_json::json!({
        "needs": [
            {"district": "kayes", "period": "2024-06", "phase": 3, "person_days_reached": 90000.0},
            {"district": "kayes", "period": "2024-06", "phase": 4, "person_days_reached": 10000.0},
            {"district": "mopti", "period": "2024-07", "phase": 3, "person_days_reached": 62000.0},
            {"district": "kayes", "period": "2024-08", "phase": 3, "person_days_reached": 99999.0}
        ],
        "consumption": [
            {"district": "kayes", "period": "2024-06", "phase": 3, "commodity": "wheat", "tonnes": 120.0},
            {"district": "mopti", "period": "2024-07", "phase": 3, "commodity": "wheat", "tonnes": 40.0}
        ],
        "donations": [
            {"donation": "wheat_donation", "commodity": "wheat", "node": "dakar", "quantity_t": 1000.0, "available_period": "2024-04"}
        ],
        "funds": [{"fund": "un_food", "amount_usd": 2_000_000.0}],
        "flows": [
            {"lane": "dakar_kidira", "period": "2024-05", "tonnes": 700.0},
            {"lane": "kidira_bamako", "period": "2024-05", "tonnes": 650.0},
            {"lane": "dakar_kidira", "period": "2024-08", "tonnes": 300.0}
        ]
    });
    Baseline::from_plan_json("base/plan.json", &plan).expect("a plan")
}

pub fn from_ledger() -> FromLedger {
    let s = &mali().scenario;
    let catalog = Catalog::from_scenario(s);
    let all = ledger_entries(&catalog);
    let base = baseline();
    let st = status::status(&all, as_of(), Some((&base.consumption, &catalog)));
    let v = variance(&base, s, &all, &st, as_of());
    let re = replan::replan(s, &all, as_of()).expect("the fixture re-plans");
    FromLedger { replanned: re.replanned, status: st, variance: Some(v) }
}

#[test]
fn variance_by_hand() {
    let l = from_ledger();
    let v = l.variance.as_ref().expect("a variance");
    let d: Vec<_> = v
        .districts
        .iter()
        .map(|d| {
            (
                d.district.as_str(),
                d.period.as_str(),
                d.complete,
                d.planned_person_days,
                d.served_person_days,
                d.planned_t,
                d.distributed_t,
            )
        })
        .collect();
    assert_eq!(
        d,
        [
            // Kayes, June (30 days, over by 15 July): planned 90,000 + 10,000 = 100,000
            // person-days. Served: wheat to 2,000 + 100 = 2,100 people (the sum over its
            // distributions), cowpeas to 1,500: the largest, 2,100 (the cowpeas went to people
            // who had wheat) → 2,100 × 30 = 63,000. Tonnes 100 + 5 + 1 = 106.
            ("kayes", "2024-06", true, 100_000.0, 63_000.0, 120.0, 106.0),
            // Mopti, July (31 days, in progress on the 15th): planned 62,000; 1,000 people
            // served on the 2nd (no `period`: the period of its date) → 31,000; the 20 July
            // distribution is after the as-of date.
            ("mopti", "2024-07", false, 62_000.0, 31_000.0, 40.0, 50.0),
        ]
    );
    // Kayes in August had not begun: left out. Gap: 100,000 − 63,000 = 37,000.
    assert_eq!(v.districts[0].gap(), 37_000.0);
    assert_eq!(v.totals(), (162_000.0, 94_000.0));
    // The pledge: the plan counted on the 1,000 t wheat donation at Dakar from April; 600 t
    // arrived, due 30 April, so 400 t short and 76 days late on 15 July (May 31 + June 30 +
    // 15). The plan had the whole fund.
    let p = v.pledges.iter().find(|p| p.reference == "p-w").expect("the wheat pledge");
    assert_eq!(
        (
            p.reference.as_str(),
            p.planned,
            p.planned_from.as_deref(),
            p.promised,
            p.delivered,
            p.short(as_of()),
            p.days_late
        ),
        ("p-w", Some(1000.0), Some("2024-04"), 1000.0, 600.0, 400.0, 76)
    );
    // Corridors: the plan dispatched 700 t from the port of Dakar in May (the Kidira→Bamako
    // leg does not leave a port; August is after the date); the ledger shipped 500 t.
    let c: Vec<_> = v
        .corridors
        .iter()
        .map(|c| (c.corridor.as_str(), c.period.as_str(), c.planned_t, c.shipped_t))
        .collect();
    assert_eq!(c, [("dakar", "2024-05", 700.0, 500.0)]);
    // The money pledge: the plan had the fund's US$ 2,000,000; US$ 20,000 were pledged and
    // none recorded as received, due 30 April: all short.
    let m = v.pledges.iter().find(|p| p.reference == "p-m").expect("the money pledge");
    assert_eq!(
        (m.unit(), m.planned, m.promised, m.delivered, m.short(as_of())),
        ("US$", Some(2_000_000.0), 20_000.0, 0.0, 20_000.0)
    );
}

#[test]
fn the_outputs_show_the_ledger_and_the_variance() {
    let l = from_ledger();
    let p = mali();
    let r = Report { ledger: Some(&l), ..p.report() };
    // plan.json: the `ledger` object, with the variance's rows at full precision.
    let doc: serde_json::Value = serde_json::from_str(&hinterland_report::json::render(&r)).expect("JSON");
    let ledger = &doc["ledger"];
    assert_eq!(ledger, &json(&l));
    assert_eq!(ledger["as_of"], "2024-07-15");
    assert_eq!(ledger["first_period"], "2024-07", "the day after 15 July is in July");
    assert_eq!(ledger["variance"]["districts"][0]["served_person_days"], 63_000.0);
    assert_eq!(ledger["variance"]["served_person_days"], 94_000.0);
    // Without a ledger there is no `ledger` key: plan.json is as it was.
    let plain: serde_json::Value =
        serde_json::from_str(&hinterland_report::json::render(&p.report())).expect("JSON");
    assert!(plain.get("ledger").is_none());
    // The summary and the HTML report say where the plan starts and show the variance.
    let text = hinterland_report::summary::render(&r, 3);
    assert!(
        text.contains("starts from the ledger as of 2024-07-15: the horizon begins in 2024-07"),
        "{text}"
    );
    assert!(text.contains("person-days: 162,000 planned, 94,000 served (68,000 short)"), "{text}");
    let page = html::render(&r, &[]);
    assert!(page.contains("From the ledger as of 2024-07-15"));
    assert!(page.contains("Variance: person-days planned and served per district and period"));
    // plan.xlsx: a sheet per table, numbers as numbers.
    let bytes = xlsx::render(&r).expect("workbook");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens as XLSX");
    let names = wb.sheet_names();
    for sheet in [
        "ledger_pledges",
        "ledger_funds",
        "ledger_districts",
        "variance_districts",
        "variance_pledges",
        "variance_corridors",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let range = wb.worksheet_range("variance_districts").expect("the sheet");
    assert_eq!(range.get((1, 0)), Some(&Data::String("kayes".to_owned())));
    assert_eq!(range.get((1, 4)), Some(&Data::Float(63_000.0)));
}

/// The summary's "From the ledger" and "Variance" sections of the fixture, as people read them.
#[test]
fn the_ledger_sections_as_people_read_them() {
    // Districts and corridors by their names in the scenario (`District de Bamako`, not
    // `bamako_district`); the ledger's own tables keep the ids.
    let names = Names(&mali().scenario);
    insta::assert_snapshot!(hinterland_report::ledger::text(&from_ledger(), &names));
}

/// A distribution whose month is written as its first day (`period=2024-06-01`, as a
/// spreadsheet makes of `2024-06`) counts in that month, as the label does.
#[test]
fn a_month_written_as_its_first_day_counts_in_its_month() {
    let s = &mali().scenario;
    let catalog = Catalog::from_scenario(s);
    let dated = LEDGER.replace("period=2024-06", "period=2024-06-01");
    assert_ne!(dated, LEDGER);
    let served = |entries: &[Recorded]| hinterland_ledger::actuals::served(entries, as_of(), &s.calendar);
    let (a, b) = (served(&ledger_entries(&catalog)), served(&ledger_entries_of(&dated, &catalog)));
    assert_eq!(a, b);
    assert!(b.iter().any(|r| r.period == "2024-06"), "{b:?}");
}
