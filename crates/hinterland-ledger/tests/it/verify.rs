//! The invariants: the Mali example keeps them all; breaking a ledger one way at a time makes
//! exactly the matching check fire and name the entry.

use hinterland_ledger::Recorded;
use hinterland_ledger::field::Kind;
use hinterland_ledger::verify::{Violation, verify};

use crate::{Harness, mali};

pub fn mali_example_verifies(h: &dyn Harness) {
    let Some((_store, all)) = mali(h) else { return };
    assert_eq!(verify(&all), vec![]);
}

fn base() -> Vec<Recorded> {
    // A ledger that keeps every invariant: pledge of US$ 1,000 into un_food; buy 10 t maize
    // for US$ 600 at wh_bamako; ship 10 t to wh_mopti; 9 t arrive, 1 t lost; distribute 9 t.
    let csv = format!(
        "{}pledge,m,2024-03-01,,,1000,,,un_food,d,,,2024-03-31,,,,,,s,\n\
         purchase,po,2024-03-02,maize,10,600,,wh_bamako,un_food,,,,,,,,,,s,\n\
         shipment,s1,2024-03-03,maize,10,,wh_bamako,wh_mopti,,,,,,,,,,,s,\n\
         arrival,a1,2024-03-05,maize,9,,wh_bamako,wh_mopti,,,,s1,,1,,,,,s,\n\
         distribution,d1,2024-03-06,maize,9,,wh_mopti,mopti,,,,,,,600,2024-03,,,s,\n",
        crate::HEADER
    );
    crate::entries(&csv)
        .into_iter()
        .enumerate()
        .map(|(i, entry)| Recorded {
            id: i as i64 + 1,
            entry,
            recorded_by: "t".into(),
            recorded_at: "t".into(),
        })
        .collect()
}

#[test]
fn base_keeps_every_invariant() {
    assert_eq!(verify(&base()), vec![]);
}

#[test]
fn negative_stock_is_named() {
    let mut l = base();
    l[4].entry.quantity_t = Some(9.5); // 9 t arrived, 9.5 t handed out
    let v = verify(&l);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        matches!(&v[0], Violation::NegativeStock { entry: 5, place, stock_t, .. } if place == "wh_mopti" && (*stock_t + 0.5).abs() < 1e-12)
    );
}

#[test]
fn over_arrival_is_named() {
    let mut l = base();
    l[3].entry.lost_t = Some(2.0); // 9 arrived + 2 lost > 10 dispatched
    let v = verify(&l);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        matches!(&v[0], Violation::OverArrival { entry: 4, dispatched_t, arrived_and_lost_t, .. } if *dispatched_t == 10.0 && *arrived_and_lost_t == 11.0)
    );
}

#[test]
fn arrival_before_dispatch_is_named() {
    let mut l = base();
    l[3].entry.date = chrono::NaiveDate::from_ymd_opt(2024, 3, 2).expect("date");
    let v = verify(&l);
    assert!(v.iter().any(|x| matches!(x, Violation::ArrivalBeforeDispatch { entry: 4, .. })), "{v:?}");
}

#[test]
fn overspending_is_named() {
    let mut l = base();
    l[1].entry.amount_usd = Some(1000.5); // more than the US$ 1,000 pledged
    let v = verify(&l);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        matches!(&v[0], Violation::Overspent { entry: 2, committed_usd, .. } if *committed_usd == 1000.0)
    );
}

#[test]
fn orphan_arrival_is_named() {
    let mut l = base();
    // Reverse the shipment: its arrival now refers to nothing that counts.
    let mut rev = l[2].clone();
    rev.id = 6;
    rev.entry = hinterland_ledger::Entry::new(Kind::Reversal, rev.entry.date, "s");
    rev.entry.reverses = Some(hinterland_ledger::Target::Id(3));
    l.push(rev);
    let v = verify(&l);
    assert!(v.iter().any(|x| matches!(x, Violation::Orphan { entry: 4, kind: Kind::Shipment, .. })), "{v:?}");
}
