//! How fast the reader gets through large tables.
//!
//! `cargo bench -p hinterland-io --bench read_large [-- ROWS]` builds a scenario with ROWS
//! rows in `needs.csv` and in `markets.csv` (default 1,000,000 each) on top of the tiny
//! fixture's network, reads it, and prints rows per second: once valid, once with every
//! row of `needs.csv` wrong (the diagnostics path, capped at 50 per file).
//!
//! Results (release build, 2-core dev container shared with other builds, load average
//! about 5, so take them as an order of magnitude; the rows mix labels, ranges and `*`, so
//! each table expands to 1,800,000 entries):
//!
//! | run | time | throughput |
//! |---|---|---|
//! | valid, 2,000,000 rows (`needs.csv` + `markets.csv`, 63 MB) | 1.43 s | 1.4 M rows/s, 44 MB/s |
//! | every `needs.csv` row wrong (51 diagnostics kept) | 2.14 s | |

use std::fmt::Write as _;
use std::time::Instant;

use hinterland_io::{ScenarioSource, read_scenario};

fn main() {
    let rows: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1_000_000);
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    let tiny = ScenarioSource::from_dir(&fixture).expect("fixture");
    let mut files: Vec<(String, String)> = tiny.files().map(|(n, t)| (n.to_owned(), t.to_owned())).collect();
    let periods = ["2024-03", "2024-04", "2024-05", "2024-03..2024-05", "*"];
    let mut needs = String::from("district,period,people,phase,min_share\n");
    let mut markets = String::from("node,commodity,period,price_usd_per_t,capacity_t,channel\n");
    for i in 0..rows {
        let district = if i % 2 == 0 { "mopti" } else { "gao" };
        let _ = writeln!(needs, "{district},{},{},{},0.1", periods[i % 5], 100 + i % 997, 1 + i % 5);
        let _ = writeln!(markets, "bamako,sorghum,{},{}.5,inf,local", periods[i % 5], 300 + i % 200);
    }
    for (name, text) in &mut files {
        match name.as_str() {
            "needs.csv" => text.clone_from(&needs),
            "markets.csv" => text.clone_from(&markets),
            _ => {}
        }
    }
    let source = ScenarioSource::from_files("<bench>", files.clone());
    let bytes = needs.len() + markets.len();

    let start = Instant::now();
    let (scenario, diagnostics) = read_scenario(&source);
    let elapsed = start.elapsed().as_secs_f64();
    let scenario = scenario.expect("the generated scenario is valid");
    assert!(diagnostics.is_empty());
    println!(
        "valid: {} rows in {elapsed:.2} s = {:.0} rows/s, {:.0} MB/s ({} needs, {} offers)",
        2 * rows,
        2.0 * rows as f64 / elapsed,
        bytes as f64 / elapsed / 1e6,
        scenario.needs.len(),
        scenario.markets.len()
    );

    let broken = needs.replace(",0.1\n", ",1.5\n");
    let mut source = ScenarioSource::from_files("<bench>", files);
    source.set_file("needs.csv", broken);
    let start = Instant::now();
    let (_, diagnostics) = read_scenario(&source);
    let elapsed = start.elapsed().as_secs_f64();
    println!("every need row wrong: {} diagnostics in {elapsed:.2} s", diagnostics.len());
}
