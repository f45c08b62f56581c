//! `Ledger::append` of a few entries reads only the entries they refer to (`Write::related`);
//! a batch larger than `INCREMENTAL` reads every entry. Both must accept and refuse alike:
//! each entry below is appended alone (the incremental path) and after `INCREMENTAL` valid
//! entries (the full read), on the Mali example ledger, and the problems must be the same.

use std::fmt::Write as _;

use hinterland_ledger::ledger::INCREMENTAL;
use hinterland_ledger::{AppendError, Kind, Problem, What};

use crate::{HEADER, Harness, audit, catalog, entries, mali};

fn problems(r: Result<hinterland_ledger::Appended, AppendError>) -> Result<usize, Vec<(usize, Problem)>> {
    match r {
        Ok(a) => Ok(a.ids.len()),
        Err(AppendError::Rejected(p)) => Err(p),
        Err(AppendError::Store(e)) => panic!("storage failed: {e}"),
    }
}

pub fn incremental_checks_refuse_what_the_full_read_refuses(h: &dyn Harness) {
    let Some((store, all)) = mali(h) else { return };
    // The example's typing error d-seg-06 was reversed: the reversal and the entry it cancels.
    let reversal = all.iter().find(|r| r.entry.kind == Kind::Reversal).expect("the example has a reversal");
    let Some(hinterland_ledger::Target::Id(cancelled)) = reversal.entry.reverses else {
        panic!("a stored reversal names a number")
    };
    let cases: Vec<(String, Option<What>)> = vec![
        (
            "shipment,w-001,2024-08-01,wheat,10,,dakar,wh_bamako,,,,,,,,,,,x,".into(),
            Some(What::DuplicateRef("w-001".into())),
        ),
        (
            "arrival,,2024-08-01,,10,,,,,,,zz,,,,,,,x,".into(),
            Some(What::UnknownReference { kind: Kind::Shipment, reference: "zz".into() }),
        ),
        (
            "arrival,,2024-08-01,,10,,,,,,,wheat_pledge,,,,,,,x,".into(),
            Some(What::WrongKind {
                reference: "wheat_pledge".into(),
                found: Kind::Pledge,
                expected: Kind::Shipment,
            }),
        ),
        (
            "arrival,,2024-08-11,rice,10,,,,,,,w-004,,,,,,,x,".into(),
            Some(What::Mismatch {
                given: "rice".into(),
                expected: "wheat".into(),
                kind: Kind::Shipment,
                reference: "w-004".into(),
            }),
        ),
        (
            format!("reversal,,2024-08-01,,,,,,,,,,,,,,,#{cancelled},x,"),
            Some(What::AlreadyReversed(cancelled)),
        ),
        (
            format!("reversal,,2024-08-01,,,,,,,,,,,,,,,#{},x,", reversal.id),
            Some(What::ReversesReversal(reversal.id)),
        ),
        ("reversal,,2024-08-01,,,,,,,,,,,,,,,#9999,x,".into(), Some(What::NoSuchEntry(9999))),
        // Accepted both ways: the checks find the shipment, and the entry a ref names.
        ("arrival,,2024-08-11,,2000,,,,,,,w-004,,0,,,,,x,".into(), None),
        ("reversal,,2024-08-01,,,,,,,,,,,,,,,d-kay-07,x,".into(), None),
    ];
    let mut pads = String::new();
    for i in 0..INCREMENTAL {
        let _ = writeln!(pads, "pledge,pad-{i},2024-08-01,,,1,,,un_food,d,,,2024-09-01,,,,,,x,");
    }
    for (row, expected) in cases {
        for full in [false, true] {
            // A refused case records nothing; an accepted one gets a fresh copy of the example,
            // so that it changes no later case.
            let fresh = if expected.is_none() { mali(h).map(|(s, _)| s) } else { None };
            let mut ledger = fresh.as_ref().unwrap_or(&store).ledger();
            let text = if full { format!("{HEADER}{pads}{row}\n") } else { format!("{HEADER}{row}\n") };
            let batch = entries(&text);
            assert_eq!(batch.len() > INCREMENTAL, full);
            let got = problems(ledger.append(&batch, &catalog(), &audit(), &|| {}));
            match (&expected, got) {
                (None, Ok(n)) => assert_eq!(n, batch.len()),
                (Some(what), Err(p)) => {
                    let at = batch.len() - 1;
                    assert!(p.iter().all(|(i, _)| *i == at), "only the case is wrong ({row}): {p:?}");
                    let whats: Vec<&What> = p.iter().map(|(_, x)| &x.what).collect();
                    assert_eq!(whats, [what], "{row}, full read: {full}");
                }
                (e, g) => panic!("{row} (full read: {full}): expected {e:?}, got {g:?}"),
            }
        }
    }
}
