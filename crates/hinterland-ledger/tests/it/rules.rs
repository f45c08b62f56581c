//! The rules of an append: all or nothing, append-only storage, references, reversals,
//! concurrency and backup.

use hinterland_ledger::field::{Field, Kind};
use hinterland_ledger::problem::What;
use hinterland_ledger::{Ledger, Target};

use crate::{HEADER, Harness, append, rejected};

const PLEDGE: &str = "pledge,p1,2024-03-01,wheat,100,,,dakar,,donor A,,,2024-04-30,,,,,,note 1,\n";

pub fn appends_all_or_nothing(h: &dyn Harness) {
    let Some(store) = h.fresh() else { return };
    let mut l = store.ledger();
    // Row 2 is fine; row 3 names a place the scenario does not have; row 4 a bad commodity.
    let csv = format!(
        "{HEADER}{PLEDGE}shipment,s1,2024-04-02,wheat,10,,dakar,nowhere,,,,,,,,,,,wb 1,\n\
         purchase,,2024-04-03,gold,1,5,,wh_bamako,un_food,,,,,,,,,,po 1,\n"
    );
    let p = rejected(append(&mut l, &csv));
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].0, 1);
    assert_eq!(p[0].1.field, Some(Field::To));
    assert_eq!(p[0].1.what, What::UnknownPlace("nowhere".to_owned()));
    assert_eq!(p[1].0, 2);
    assert_eq!(p[1].1.what, What::UnknownCommodity("gold".to_owned()));
    assert!(l.entries().expect("read").is_empty(), "{}: a rejected batch must record nothing", h.name());
    // The good row alone is recorded.
    let ok = append(&mut l, &format!("{HEADER}{PLEDGE}")).expect("a valid pledge records");
    assert_eq!(ok.ids.len(), 1);
    assert_eq!(l.entries().expect("read").len(), 1);
}

pub fn append_only_at_the_storage_level(h: &dyn Harness) {
    let Some(store) = h.fresh() else { return };
    let mut l = store.ledger();
    append(&mut l, &format!("{HEADER}{PLEDGE}")).expect("records");
    // Go around the library: a raw UPDATE or DELETE must fail in the database itself.
    let upd = (store.raw)("UPDATE entry SET quantity_t = 1");
    let del = (store.raw)("DELETE FROM entry");
    assert!(upd.is_err() && del.is_err(), "{}: update {upd:?} delete {del:?}", h.name());
    assert_eq!(l.entries().expect("read")[0].entry.quantity_t, Some(100.0));
}

pub fn reversal_rules(h: &dyn Harness) {
    let Some(store) = h.fresh() else { return };
    let mut l = store.ledger();
    append(&mut l, &format!("{HEADER}{PLEDGE}")).expect("records");
    // The same reference again is refused while the first counts.
    let p = rejected(append(&mut l, &format!("{HEADER}{PLEDGE}")));
    assert_eq!(p[0].1.what, What::DuplicateRef("p1".to_owned()));
    // Reverse it by reference, then the reference is free again.
    let r =
        append(&mut l, &format!("{HEADER}reversal,,2024-03-02,,,,,,,,,,,,,,,p1,memo,\n")).expect("reverses");
    let all = l.entries().expect("read");
    assert_eq!(all[1].entry.kind, Kind::Reversal);
    assert_eq!(all[1].entry.reverses, Some(Target::Id(all[0].id)));
    assert_eq!(r.ids, vec![all[1].id]);
    append(&mut l, &format!("{HEADER}{}", PLEDGE.replace(",100,", ",120,"))).expect("re-recorded");
    // A reversal cannot be reversed, an entry cannot be reversed twice, a number must exist.
    let twice = format!("{HEADER}reversal,,2024-03-02,,,,,,,,,,,,,,,#{},memo,\n", all[0].id);
    assert_eq!(rejected(append(&mut l, &twice))[0].1.what, What::AlreadyReversed(all[0].id));
    let of_rev = format!("{HEADER}reversal,,2024-03-02,,,,,,,,,,,,,,,#{},memo,\n", all[1].id);
    assert_eq!(rejected(append(&mut l, &of_rev))[0].1.what, What::ReversesReversal(all[1].id));
    let none = format!("{HEADER}reversal,,2024-03-02,,,,,,,,,,,,,,,#999,memo,\n");
    assert_eq!(rejected(append(&mut l, &none))[0].1.what, What::NoSuchEntry(999));
    // The status counts the re-recorded pledge only.
    let s = hinterland_ledger::status::status(&l.entries().expect("read"), date(2024, 3, 31), None);
    assert_eq!(s.pledges.len(), 1);
    assert_eq!(s.pledges[0].promised_t, 120.0);
}

pub fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

pub fn arrival_takes_its_shipment(h: &dyn Harness) {
    let Some(store) = h.fresh() else { return };
    let mut l = store.ledger();
    let csv = format!(
        "{HEADER}{PLEDGE}arrival,,2024-04-01,,100,,,,,,p1,,,,,,,,hn,\n\
         shipment,s1,2024-04-02,wheat,60,,dakar,wh_bamako,,,,,2024-04-20,,,,dakar,,wb,\n\
         arrival,,2024-04-18,,59,,,,,,,s1,,1,,,,,grn,\n"
    );
    append(&mut l, &csv).expect("records");
    let all = l.entries().expect("read");
    let arr = &all[3].entry;
    assert_eq!(
        (arr.commodity.as_deref(), arr.from.as_deref(), arr.to.as_deref()),
        (Some("wheat"), Some("dakar"), Some("wh_bamako"))
    );
    assert_eq!(all[1].entry.to.as_deref(), Some("dakar"), "a pledge's handover is at the pledged place");
    // Wrong references: unknown shipment, a pledge named as shipment, a conflicting place,
    // money against a pledge of goods.
    let bad = format!(
        "{HEADER}arrival,,2024-04-18,,1,,,,,,,s9,,,,,,,grn,\n\
         arrival,,2024-04-18,,1,,,,,,,p1,,,,,,,grn,\n\
         arrival,,2024-04-18,,1,,,wh_mopti,,,,s1,,,,,,,grn,\n\
         arrival,,2024-04-18,,,5,,,,,p1,,,,,,,,grn,\n"
    );
    let p = rejected(append(&mut l, &bad));
    let whats: Vec<&What> = p.iter().map(|(_, p)| &p.what).collect();
    assert_eq!(whats[0], &What::UnknownReference { kind: Kind::Shipment, reference: "s9".to_owned() });
    assert_eq!(
        whats[1],
        &What::WrongKind { reference: "p1".to_owned(), found: Kind::Pledge, expected: Kind::Shipment }
    );
    assert!(matches!(whats[2], What::Mismatch { .. }), "{:?}", whats[2]);
    assert_eq!(whats[3], &What::PledgeOfGoods("p1".to_owned()));
    assert_eq!(p.len(), 4, "{p:?}");
}

/// Several threads, each with its own connection, append at once; nothing is lost and every
/// batch keeps its entries together.
pub fn concurrent_writers_lose_nothing(h: &dyn Harness) {
    let Some(store) = h.fresh() else { return };
    let threads = 6;
    let per = 15;
    std::thread::scope(|s| {
        for t in 0..threads {
            let store = &store;
            s.spawn(move || {
                for i in 0..per {
                    let mut l = store.ledger();
                    let csv = format!(
                        "{HEADER}pledge,p{t}-{i},2024-03-01,wheat,1,,,dakar,,donor {t},,,2024-04-30,,,,,,n,\n\
                         arrival,,2024-03-02,,1,,,,,,p{t}-{i},,,,,,,,hn,\n"
                    );
                    append(&mut l, &csv).expect("every writer gets its turn");
                }
            });
        }
    });
    let all = store.ledger().entries().expect("read");
    assert_eq!(all.len(), threads * per * 2, "{}", store_name(h));
    // A batch's two entries are consecutive: no interleaving inside a transaction.
    for pair in all.chunks(2) {
        assert_eq!(pair[0].entry.kind, Kind::Pledge);
        assert_eq!(pair[1].entry.pledge, pair[0].entry.reference);
    }
    let refs: std::collections::BTreeSet<_> = all.iter().filter_map(|r| r.entry.reference.clone()).collect();
    assert_eq!(refs.len(), threads * per);
}

fn store_name(h: &dyn Harness) -> &'static str {
    h.name()
}

pub fn backup_copies_everything(h: &dyn Harness) {
    let Some(store) = h.fresh() else { return };
    let mut l = store.ledger();
    append(&mut l, &format!("{HEADER}{PLEDGE}")).expect("records");
    let dir = tempfile::tempdir().expect("tmp");
    let to = dir.path().join("copy.sqlite");
    l.backend().backup(&to).expect("backup");
    let copy = hinterland_ledger::store::sqlite::Sqlite::open(&to).expect("the copy opens as a ledger");
    let mut copy = Ledger::new(Box::new(copy));
    assert_eq!(copy.entries().expect("read"), l.entries().expect("read"));
    // A second backup to the same file is refused rather than overwriting it.
    assert!(l.backend().backup(&to).is_err());
}
