//! A synthetic ledger file of any size for the benchmark (docs/performance.md): a cash pledge,
//! then rounds of purchase, shipment, arrival (with a small loss) and distribution on places
//! of the Mali scenario. Every round is balanced, so the result passes `ledger verify`.

use std::io::Write;

use chrono::{Days, NaiveDate};

/// (warehouse that buys, warehouse it ships to, district supplied from there).
const ROUTES: [(&str, &str, &str); 4] = [
    ("wh_bamako", "wh_mopti", "mopti"),
    ("wh_bamako", "wh_gao", "gao"),
    ("wh_bamako", "wh_tombouctou", "tombouctou"),
    ("wh_mopti", "wh_menaka", "menaka"),
];
const PRICE_USD_PER_T: f64 = 578.0;

/// Writes a ledger CSV with `movements` entries (rounded down to whole rounds of four) plus
/// the pledge that funds them.
pub fn write_csv(out: &mut dyn Write, movements: usize) -> std::io::Result<()> {
    let rounds = movements / 4;
    let start = NaiveDate::from_ymd_opt(2024, 3, 1).expect("a valid date");
    let day = |n: usize| start.checked_add_days(Days::new(n as u64)).unwrap_or(start);
    writeln!(
        out,
        "kind,ref,date,commodity,quantity_t,amount_usd,from,to,fund,donor,pledge,shipment,due,lost_t,people,period,source"
    )?;
    let budget = rounds as f64 * 100.0 * PRICE_USD_PER_T + 1.0;
    writeln!(out, "pledge,cash,{},,,{budget},,,un_food,generated donor,,,{},,,,generated", day(0), day(30))?;
    for i in 0..rounds {
        let (buy, store, district) = ROUTES[i % ROUTES.len()];
        let d = i % 280;
        let (bought, sent, arrived, given) = (day(d), day(d + 1), day(d + 5), day(d + 6));
        let period = &given.format("%Y-%m").to_string();
        writeln!(
            out,
            "purchase,,{bought},maize,100,{},,{buy},un_food,,,,,,,,po-{i}",
            100.0 * PRICE_USD_PER_T
        )?;
        writeln!(out, "shipment,s{i},{sent},maize,100,,{buy},{store},,,,,{},,,,wb-{i}", day(d + 4))?;
        writeln!(out, "arrival,,{arrived},,99.5,,,,,,,s{i},,0.5,,,grn-{i}")?;
        writeln!(out, "distribution,,{given},maize,99.5,,{store},{district},,,,,,,7000,{period},dr-{i}")?;
    }
    Ok(())
}
