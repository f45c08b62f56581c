//! The tiny fixture reads into the scenario worked out by hand below.

use hinterland_io::{ScenarioSource, read_scenario};
use hinterland_model::{CommodityGroup, LaneId, Mode, NodeKind, Period, RationItem};

use crate::fixture::{check, codes, tiny, tiny_dir};

#[test]
fn tiny_reads_without_any_diagnostic() {
    let (scenario, diagnostics) = read_scenario(&tiny());
    assert_eq!(diagnostics, vec![]);
    let s = scenario.expect("the tiny fixture is valid");

    assert_eq!(s.name, "Tiny corridor");
    assert_eq!(s.currency, "USD");
    assert_eq!(s.calendar.len(), 3);
    assert_eq!(s.calendar.label(Period(2)), "2024-05");
    assert_eq!(s.solver.backend, hinterland_model::Backend::Clp);
    assert_eq!(s.solver.time_limit_s, Some(60.0));

    // Counts: ranges expand to one entry per period.
    assert_eq!(s.nodes.len(), 4);
    assert_eq!(s.lanes.len(), 4);
    assert_eq!(s.commodities.len(), 2);
    assert_eq!(s.nutrients.len(), 2);
    assert_eq!(s.ration.limits.len(), 4);
    // mopti 2024-03..2024-05 (3) + gao * (3) + gao 2024-05 (1)
    assert_eq!(s.needs.len(), 7);
    assert_eq!(s.demands.len(), 1);
    assert_eq!(s.supplies.len(), 1);
    // dakar sorghum * (3) + bamako sorghum 2024-03..2024-04 (2) + dakar oil * (3)
    assert_eq!(s.markets.len(), 8);
    assert_eq!(s.funds.len(), 2);
}

#[test]
fn lane_capacity_is_nominal_times_factors() {
    let s = read_scenario(&tiny()).0.expect("valid");
    let bamako_gao = LaneId(2);
    assert_eq!(s.lane(bamako_gao).code, "bamako_gao");
    assert_eq!(s.lane(bamako_gao).mode, Mode::River);
    // 1200 t in March; 1200 × 0.5 in April; 1200 × 0.5 × 0.5 in May (two rows multiply).
    assert_eq!(s.lane_capacity(bamako_gao, Period(0)), 1200.0);
    assert_eq!(s.lane_capacity(bamako_gao, Period(1)), 600.0);
    assert_eq!(s.lane_capacity(bamako_gao, Period(2)), 300.0);
    // `inf` capacity stays infinite under a factor.
    let mopti_gao = LaneId(3);
    assert_eq!(s.lane(mopti_gao).capacity_t_per_period, f64::INFINITY);
    assert_eq!(s.lane_factor[3], vec![0.8; 3]);
    // References are resolved to indices.
    assert_eq!(s.node(s.lane(bamako_gao).from).code, "bamako");
    assert_eq!(s.node(s.lane(bamako_gao).to).code, "gao");
}

#[test]
fn ranges_expand_into_their_periods() {
    let s = read_scenario(&tiny()).0.expect("valid");
    let mopti: Vec<_> = s.needs.iter().filter(|n| s.node(n.district).code == "mopti").collect();
    assert_eq!(mopti.iter().map(|n| n.period).collect::<Vec<_>>(), vec![Period(0), Period(1), Period(2)]);
    assert!(mopti.iter().all(|n| n.people == 12000.0 && n.phase == 3));
    // March has 31 days.
    assert_eq!(s.need_person_days(hinterland_model::NeedId(0)), 12000.0 * 31.0);
    let local: Vec<_> = s.markets.iter().filter(|m| m.channel == "local").map(|m| m.period).collect();
    assert_eq!(local, vec![Period(0), Period(1)]);
    assert_eq!(s.supplies[0].available_from, Period(1));
}

#[test]
fn defaults_are_applied() {
    let s = read_scenario(&tiny()).0.expect("valid");
    let mopti = &s.nodes[2];
    assert_eq!(mopti.kind, NodeKind::District);
    assert_eq!(
        (mopti.storage_capacity_t, mopti.handling_cost_usd_per_t, mopti.storage_cost_usd_per_t_period),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(s.nodes[1].storage_loss_per_period, 0.0);
    assert_eq!(s.nodes[3].storage_loss_per_period, 0.02);
    let bamako_mopti = &s.lanes[1];
    assert_eq!((bamako_mopti.transit_periods, bamako_mopti.corridor.as_str()), (0, ""));
    assert_eq!(s.lanes[0].transit_periods, 1);
    // Needs: min_share 0 unless given.
    assert!(s.needs.iter().all(|n| n.min_share == if n.phase == 4 { 0.5 } else { 0.0 }));
    // Demand weight from `objective.nonfood_weight_per_t`.
    assert_eq!(s.demands[0].weight_per_t, 0.5);
    assert_eq!(s.demands[0].min_share, 0.0);
    // Ration: empty min is 0, empty max and `inf` are no cap.
    let limits = &s.ration.limits;
    assert_eq!(limits[0].item, RationItem::Nutrient(hinterland_model::NutrientId(0)));
    assert_eq!((limits[0].bounds.min, limits[0].bounds.max), (2100.0, f64::INFINITY));
    assert_eq!(limits[1].bounds.max, f64::INFINITY);
    assert_eq!(limits[2].item, RationItem::Group("cereal".to_owned()));
    assert_eq!((limits[2].bounds.min, limits[2].bounds.max), (0.0, 450.0));
    assert_eq!((limits[3].bounds.min, limits[3].bounds.max), (0.0, 60.0));
    // Funds: empty channels is `*`, empty pays_logistics is false.
    assert_eq!(s.funds[0].channels, Some(vec!["international".to_owned(), "local".to_owned()]));
    assert!(s.funds[0].pays_logistics);
    assert_eq!(s.funds[1].channels, None);
    assert!(!s.funds[1].pays_logistics);
    // Content not listed is 0.
    assert_eq!(s.content_per_100g[0], vec![339.0, 11.3]);
    assert_eq!(s.content_per_100g[1], vec![884.0, 0.0]);
    assert!(s.commodities.iter().all(|c| c.group == CommodityGroup::Food));
    assert_eq!(s.objective.phase_weight(4), 2.0);
}

#[test]
fn optional_files_may_be_left_out() {
    let mut source = tiny();
    for file in [
        "lane_availability.csv",
        "demand.csv",
        "supply.csv",
        "markets.csv",
        "funds.csv",
        "stocks.csv",
        "pipeline.csv",
    ] {
        source.remove_file(file);
    }
    let (ok, diagnostics, _) = check(&source);
    assert!(ok, "{diagnostics:?}");
    // Without donations, offers, demand and stock on hand nothing names sorghum any more (oil
    // keeps its ration limit): it is left out, with a warning (H0517), and nothing else is
    // reported.
    assert_eq!(codes(&diagnostics), ["H0517"], "{diagnostics:?}");
    assert!(diagnostics[0].message.contains("`sorghum`"), "{diagnostics:?}");
}

#[test]
fn from_dir_warns_about_unknown_csv_files() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tiny-with-extra-file");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(tiny_dir()).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    std::fs::write(dir.join("lane.csv"), "id\n").expect("write");
    std::fs::write(dir.join("README.md"), "not a table\n").expect("write");
    let source = ScenarioSource::from_dir(&dir).expect("readable");
    assert_eq!(source.origin(), dir.display().to_string());
    let (ok, diagnostics, rendered) = check(&source);
    assert!(ok, "a warning does not stop the scenario");
    assert_eq!(codes(&diagnostics), vec!["H0002"]);
    assert!(rendered.contains("did you mean `lanes.csv`?"), "{rendered}");
}

#[test]
fn from_dir_reports_a_missing_folder() {
    let err = ScenarioSource::from_dir("/nonexistent/hinterland/scenario").unwrap_err();
    assert!(err.to_string().contains("cannot be read"), "{err}");
}
