//! The opening position of the Mali example at the end of July 2024 (hand-computed in
//! status.rs), written in the stocks.csv and pipeline.csv formats.

use hinterland_ledger::position::position;

use crate::rules::date;
use crate::{Harness, catalog, mali};

pub fn mali_example_position(h: &dyn Harness) {
    let Some((_store, all)) = mali(h) else { return };
    let p = position(&all, date(2024, 7, 31), &catalog());
    assert_eq!(
        p.stocks_csv().expect("csv"),
        "node,commodity,quantity_t,source,note\n\
         dakar,wheat,1000,ledger,on hand at the end of 2024-07-31\n\
         wh_bamako,cowpeas,120,ledger,on hand at the end of 2024-07-31\n\
         wh_bamako,oil,150,ledger,on hand at the end of 2024-07-31\n\
         wh_bamako,rice,400,ledger,on hand at the end of 2024-07-31\n\
         wh_bamako,sorghum,500,ledger,on hand at the end of 2024-07-31\n\
         wh_bamako,wheat,11110,ledger,on hand at the end of 2024-07-31\n\
         wh_mopti,wheat,1500,ledger,on hand at the end of 2024-07-31\n"
    );
    // w-003 was due 10 July and is overdue: expected the next day, 1 August (period 2024-08).
    // w-004 is due 10 August (2024-08).
    assert_eq!(
        p.pipeline_csv().expect("csv"),
        "id,commodity,quantity_t,node,arrival_period,source,note\n\
         w-003,wheat,2000,wh_mopti,2024-08,ledger,in transit at the end of 2024-07-31; expected 2024-08-01\n\
         w-004,wheat,2000,wh_gao,2024-08,ledger,in transit at the end of 2024-07-31; expected 2024-08-10\n"
    );
    assert!(p.omitted.is_empty());
    // After the calendar's last period (February 2025) a shipment is left out, and said so.
    let late = position(&all, date(2025, 2, 28), &catalog());
    assert_eq!(late.omitted.len(), 2, "{:?}", late.omitted);
}
