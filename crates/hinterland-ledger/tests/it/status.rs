//! The status of the Mali example at the end of July 2024, computed by hand from
//! scenarios/mali-2024-ledger/entries.csv.

use hinterland_ledger::status::status;

use crate::rules::date;
use crate::{Harness, mali};

pub fn mali_example_status(h: &dyn Harness) {
    let Some((_store, all)) = mali(h) else { return };
    let s = status(&all, date(2024, 7, 31), None);

    // Pledges. Wheat: 10,000 t handed over on 15 April + 15,000 t on 20 May = 25,000 t,
    // complete on 20 May, due 30 April: 20 days late. Money: US$ 2,000,000 received on
    // 10 April, due 30 April: on time.
    let wheat = s.pledges.iter().find(|p| p.reference == "wheat_pledge").expect("the wheat pledge");
    assert_eq!((wheat.promised_t, wheat.delivered_t), (25_000.0, 25_000.0));
    assert_eq!(wheat.completed_on, Some(date(2024, 5, 20)));
    assert_eq!(wheat.days_late, 20);
    let money = s.pledges.iter().find(|p| p.reference == "un_food_2024").expect("the UN money");
    assert_eq!((money.promised_usd, money.delivered_usd, money.days_late), (2_000_000.0, 2_000_000.0, 0));

    // Fund: spent 508,000 (rice 800 t x 635) + 346,500 (cowpeas 300 x 1155) + 228,750 (oil 150
    // x 1525) + 330,000 (sorghum 500 x 660) = 1,413,250; left 2,000,000 - 1,413,250 = 586,750.
    let f = &s.funds[0];
    assert_eq!(f.fund, "un_food");
    assert_eq!(
        (f.committed_usd, f.spent_usd, f.left_usd, f.received_usd),
        (2e6, 1_413_250.0, 586_750.0, 2e6)
    );

    // Places (on hand, in transit towards):
    //   dakar wheat: +10,000 +15,000 -8,000 -9,000 -5,000 -2,000 = 1,000; dakar rice 800-800 = 0 (no row)
    //   wh_bamako wheat: +7,960 +8,950 -1,400 -1,000 -2,000 -1,400 = 11,110 (the 10,000 t typo is reversed)
    //   wh_bamako rice 800-400 = 400, cowpeas 300-180 = 120, oil 150, sorghum 500
    //   wh_mopti wheat: +3,000 -1,500 = 1,500 on hand; w-003 5,000 - 3,000 arrived = 2,000 in transit
    //   wh_gao wheat: 0 on hand, w-004 2,000 in transit
    let place = |p: &str, c: &str| {
        s.places.iter().find(|r| r.place == p && r.commodity == c).map(|r| (r.on_hand_t, r.in_transit_t))
    };
    assert_eq!(place("dakar", "wheat"), Some((1_000.0, 0.0)));
    assert_eq!(place("dakar", "rice"), None);
    assert_eq!(place("wh_bamako", "wheat"), Some((11_110.0, 0.0)));
    assert_eq!(place("wh_bamako", "rice"), Some((400.0, 0.0)));
    assert_eq!(place("wh_bamako", "cowpeas"), Some((120.0, 0.0)));
    assert_eq!(place("wh_bamako", "oil"), Some((150.0, 0.0)));
    assert_eq!(place("wh_bamako", "sorghum"), Some((500.0, 0.0)));
    assert_eq!(place("wh_mopti", "wheat"), Some((1_500.0, 2_000.0)));
    assert_eq!(place("wh_gao", "wheat"), Some((0.0, 2_000.0)));
    assert_eq!(s.places.len(), 8, "{:?}", s.places);

    // Districts: kayes wheat 1,400 + 1,400 to 200,000 people; segou 1,000 (not the reversed
    // 10,000) to 72,000 + 2,000 to 139,000 = 3,000 to 211,000; mopti 740 to 53,000;
    // bandiagara 760 to 54,000; tombouctou rice 400; kayes cowpeas 180.
    let d = |name: &str, c: &str| {
        s.districts
            .iter()
            .find(|r| r.district == name && r.commodity == c)
            .map(|r| (r.distributed_t, r.people))
    };
    assert_eq!(d("kayes", "wheat"), Some((2_800.0, 200_000)));
    assert_eq!(d("segou", "wheat"), Some((3_000.0, 211_000)));
    assert_eq!(d("mopti", "wheat"), Some((740.0, 53_000)));
    assert_eq!(d("bandiagara", "wheat"), Some((760.0, 54_000)));
    assert_eq!(d("tombouctou", "rice"), Some((400.0, 28_000)));
    assert_eq!(d("kayes", "cowpeas"), Some((180.0, 100_000)));
    assert_eq!(s.districts.len(), 6);

    // A month earlier: the second wheat handover is not yet recorded, so the pledge is open
    // and, due 30 April, 15 days late on 15 May.
    let early = status(&all, date(2024, 5, 15), None);
    let wheat = early.pledges.iter().find(|p| p.reference == "wheat_pledge").expect("the wheat pledge");
    assert_eq!((wheat.delivered_t, wheat.completed_on, wheat.days_late), (10_000.0, None, 15));
}

/// The XLSX status holds the same rows and numbers as the status (read back with calamine).
#[test]
fn status_workbook_holds_the_tables() {
    use calamine::{Data, Reader as _, Xlsx};

    let Some((_store, all)) = mali(&crate::SqliteHarness) else { return };
    let s = status(&all, date(2024, 7, 31), None);
    let bytes = hinterland_ledger::xlsx::status_xlsx(&s).expect("xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(book.sheet_names(), vec!["pledges", "places", "funds", "districts"]);
    let places = book.worksheet_range("places").expect("places");
    assert_eq!(places.height(), 1 + s.places.len());
    let row = places.rows().find(|r| r[0] == Data::String("wh_mopti".into())).expect("wh_mopti");
    assert_eq!((&row[2], &row[3]), (&Data::Float(1500.0), &Data::Float(2000.0)));
    let funds = book.worksheet_range("funds").expect("funds");
    assert_eq!(funds.get((1, 4)), Some(&Data::Float(586_750.0)));
    let pledges = book.worksheet_range("pledges").expect("pledges");
    let wheat = pledges.rows().find(|r| r[1] == Data::String("wheat_pledge".into())).expect("wheat");
    assert_eq!(wheat[13], Data::Float(20.0));
}

/// Planned tonnes count to date: whole periods that have passed, the current one pro rata by
/// its days, later ones not at all.
#[test]
fn planned_counts_to_date_pro_rata() {
    use hinterland_ledger::status::Planned;

    let Some((_store, all)) = mali(&crate::SqliteHarness) else { return };
    let plan = |district: &str, period: &str, tonnes: f64| Planned {
        district: district.into(),
        commodity: "wheat".into(),
        period: period.into(),
        tonnes,
    };
    let planned = vec![
        plan("kayes", "2024-06", 1_000.0),
        plan("kayes", "2024-07", 3_100.0),
        plan("kayes", "2024-08", 9_999.0),
        plan("gao", "2024-07", 310.0),
    ];
    let catalog = crate::catalog();
    let s = status(&all, date(2024, 7, 15), Some((&planned, &catalog)));
    let row = |d: &str| s.districts.iter().find(|r| r.district == d && r.commodity == "wheat").expect("row");
    // kayes: June whole (1,000) + 15 of July's 31 days of 3,100 (1,500) = 2,500; August not yet.
    assert!((row("kayes").planned_t.expect("planned") - 2_500.0).abs() < 1e-9);
    // By 15 July kayes had 1,400 t (20 June) + 1,400 t (15 July).
    assert_eq!(row("kayes").distributed_t, 2_800.0);
    // gao: planned but nothing distributed: 15/31 x 310 = 150.
    assert!((row("gao").planned_t.expect("planned") - 150.0).abs() < 1e-9);
    assert_eq!(row("gao").distributed_t, 0.0);
    // A district with distributions and no plan rows is planned 0, not unknown.
    assert_eq!(row("segou").planned_t, Some(0.0));
}
