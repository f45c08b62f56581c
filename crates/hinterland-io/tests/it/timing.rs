//! Issue 27's files and columns: lead times, transit in days, opening stock, pipeline,
//! per-commodity lane and storage costs, donations' pledge and hand-over cost. The tiny
//! fixture has each; every broken edit gives a located diagnostic, one snapshot shows them.

use hinterland_io::read_scenario;
use hinterland_model::{CommodityId, LaneId, NodeId, Period};

use crate::fixture::{check, codes, edit, tiny};

fn id_of<'a>(names: impl Iterator<Item = &'a str>, code: &str) -> u32 {
    names.into_iter().position(|c| c == code).expect("the fixture has it") as u32
}

#[test]
fn the_tiny_fixture_reads_its_opening_position_and_costs() {
    let (s, diagnostics) = read_scenario(&tiny());
    let s = s.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let node = |code: &str| NodeId(id_of(s.nodes.iter().map(|n| n.code.as_str()), code));
    let lane = |code: &str| LaneId(id_of(s.lanes.iter().map(|l| l.code.as_str()), code));
    let food = |code: &str| CommodityId(id_of(s.commodities.iter().map(|c| c.code.as_str()), code));
    assert_eq!(s.opening_t(node("bamako"), food("sorghum")), 500.0);
    assert_eq!(s.pipeline.len(), 1);
    assert_eq!(s.pipeline[0].arrival, Period(1), "2024-04 is the second month");
    // The commodity's row (90) wins over its group's (80), which the other food takes.
    assert_eq!(s.lane_cost(lane("bamako_gao"), food("oil")), 90.0);
    assert_eq!(s.lane_cost(lane("bamako_gao"), food("sorghum")), 80.0);
    assert_eq!(s.lane_cost(lane("mopti_gao"), food("oil")), 35.0, "no override: the lane's default");
    assert_eq!(s.storage_terms(node("bamako"), food("oil")), (3.0, 0.0));
    assert_eq!(s.storage_terms(node("bamako"), food("sorghum")), (2.0, 0.0), "the node's own");
    assert!(s.markets.iter().all(|m| m.lead_periods == 0), "lead defaults to 0");
}

/// `(file, from, to, expected codes)`: each edit breaks one new column one way.
const BROKEN: &[(&str, &str, &str, &[&str])] = &[
    // Lead times and transit in days: see `lead_and_transit_diagnostics`.
    // Opening stock: unknown node, more than the warehouse holds, the same pair twice.
    ("stocks.csv", "bamako,sorghum,500", "bamakoo,sorghum,500", &["H0402"]),
    ("stocks.csv", "bamako,sorghum,500", "bamako,sorghum,9000", &["H0515"]),
    (
        "stocks.csv",
        "bamako,sorghum,500,assumption,on hand at the start\n",
        "bamako,sorghum,500,,\nbamako,sorghum,1,,\n",
        &["H0404"],
    ),
    // Pipeline: arrival outside the horizon, unknown commodity, negative tonnes.
    ("pipeline.csv", "dakar,2024-04", "dakar,2024-07", &["H0301"]),
    ("pipeline.csv", "ship1,oil,20", "ship1,oyl,20", &["H0402"]),
    ("pipeline.csv", "ship1,oil,20", "ship1,oil,-20", &["H0204"]),
    // Lane costs: unknown lane, unknown commodity or group, the same pair twice.
    ("lane_costs.csv", "bamako_gao,oil,90", "bamako_goa,oil,90", &["H0402"]),
    ("lane_costs.csv", "bamako_gao,oil,90", "bamako_gao,fule,90", &["H0402"]),
    ("lane_costs.csv", "bamako_gao,food,80", "bamako_gao,oil,80", &["H0404"]),
    // Storage costs: a loss of 1.
    ("storage_costs.csv", "bamako,oil,3,0", "bamako,oil,3,1", &["H0206"]),
    // Donations: pledged after arrival; negative hand-over cost.
    (
        "supply.csv",
        "available_from,donor\nwfp_sorghum,sorghum,dakar,1500,2024-04,WFP",
        "available_from,donor,pledged_period,handover_cost_usd_per_t\nwfp_sorghum,sorghum,dakar,1500,2024-04,WFP,2024-05,-3",
        &["H0516", "H0204"],
    ),
];

#[test]
fn every_broken_new_column_gives_a_located_diagnostic() {
    for (file, from, to, expected) in BROKEN {
        let source = edit(file, from, to);
        let (_, diagnostics, _) = check(&source);
        assert_eq!(codes(&diagnostics), *expected, "{file}: `{from}` → `{to}`");
        for d in &diagnostics {
            assert_eq!(d.file, *file, "{d:?}");
            assert!(d.line.is_some(), "located: {d:?}");
        }
    }
}

#[test]
fn lead_and_transit_diagnostics() {
    // Whole rows with the new columns, one problem each.
    let lead = crate::fixture::edits(&[
        ("markets.csv", "channel\n", "channel,lead_periods\n"),
        ("markets.csv", "dakar,sorghum,*,420,inf,international", "dakar,sorghum,*,420,inf,international,-1"),
        (
            "markets.csv",
            "bamako,sorghum,2024-03..2024-04,390,800,local",
            "bamako,sorghum,2024-03..2024-04,390,800,local,1.5",
        ),
        ("markets.csv", "dakar,oil,*,1450,300,international", "dakar,oil,*,1450,300,international,3"),
    ]);
    let (_, diagnostics, rendered) = check(&lead);
    assert_eq!(codes(&diagnostics), ["H0204", "H0203", "H0513"], "{rendered}");
    let transit = crate::fixture::edits(&[
        ("lanes.csv", "capacity_t_per_period,corridor", "capacity_t_per_period,corridor,transit_days"),
        (
            "lanes.csv",
            "dakar_bamako,dakar,bamako,road,1250,95,1,6000,dakar",
            "dakar_bamako,dakar,bamako,road,1250,95,1,6000,dakar,10",
        ),
        (
            "lanes.csv",
            "bamako_mopti,bamako,mopti,road,630,40,,2500,",
            "bamako_mopti,bamako,mopti,road,630,40,,2500,,-2",
        ),
        (
            "lanes.csv",
            "bamako_gao,bamako,gao,river,1200,70,0,1200,",
            "bamako_gao,bamako,gao,river,1200,70,,1200,,92",
        ),
        ("lanes.csv", "mopti_gao,mopti,gao,road,570,35,0,inf,", "mopti_gao,mopti,gao,road,570,35,,inf,,2.5"),
    ]);
    let (ok, diagnostics, rendered) = check(&transit);
    assert!(!ok);
    assert_eq!(codes(&diagnostics), ["H0514", "H0204", "H0509"], "{rendered}");
    insta::assert_snapshot!("lead_and_transit", rendered);
}

/// Issue 27: storage capacity may be `inf`; opening stock then always fits.
#[test]
fn storage_capacity_may_be_unlimited() {
    let source = crate::fixture::edits(&[
        ("nodes.csv", "ML,8000,6,2,", "ML,inf,6,2,"),
        ("stocks.csv", "bamako,sorghum,500", "bamako,sorghum,900000"),
    ]);
    let (s, diagnostics) = read_scenario(&source);
    let s = s.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let bamako = s.nodes.iter().find(|n| n.code == "bamako").expect("the fixture has Bamako");
    assert!(bamako.storage_capacity_t.is_infinite());
    assert_eq!(s.opening[0].quantity_t, 900_000.0);
}
