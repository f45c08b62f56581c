//! Issue 26: commodities that nothing names are warned about (`H0517`) at their row and left
//! out of the scenario, so they add nothing to the LP; the ids of the others are renumbered
//! so that the scenario is the one without them.

use std::fmt::Write as _;

use hinterland_io::{read_scenario, validate};
use hinterland_model::{Backend, Edit, RationItem};

use crate::fixture::{check, codes, edit, edits, tiny};

const COMMODITIES: &str = "id,name,group,ration_group,density_t_per_m3\n";

/// The scenario read from `source`, as text to compare: `Scenario` has no `PartialEq`.
fn read(source: &hinterland_io::ScenarioSource) -> String {
    format!("{:?}", read_scenario(source).0.expect("the scenario is valid"))
}

/// An unused commodity first in the table, so that every other id moves when it is left
/// out: the scenario equals the fixture's, renumbered ids and nutrient content included.
#[test]
fn an_unused_commodity_is_warned_about_and_left_out() {
    let source =
        edit("commodities.csv", COMMODITIES, &format!("{COMMODITIES}salt,Iodized salt,food,salt,\n"));
    let (ok, diagnostics, rendered) = check(&source);
    assert!(ok, "{rendered}");
    assert_eq!(codes(&diagnostics), ["H0517"], "{rendered}");
    let d = &diagnostics[0];
    assert_eq!((d.file.as_str(), d.line), ("commodities.csv", Some(2)));
    let text = source.file("commodities.csv").unwrap();
    assert_eq!(&text[d.span.clone().unwrap()], "salt,Iodized salt,food,salt,");
    assert!(d.message.contains("commodity `salt`"), "{}", d.message);
    assert_eq!(read(&source), read(&tiny()));
}

/// Content rows alone do not use a commodity (nothing can bring it anywhere); a donation, an
/// offer, a demand, a commodity ration limit or a declared variant's edit does.
#[test]
fn what_uses_a_commodity() {
    let salt_row = format!("{COMMODITIES}salt,Iodized salt,food,salt,\n");
    let with_salt = |more: &[(&str, &str, &str)]| {
        let mut changes = vec![("commodities.csv", COMMODITIES, salt_row.as_str())];
        changes.extend_from_slice(more);
        let source = edits(&changes);
        (codes(&check(&source).1), read_scenario(&source).0.map(|s| s.commodities.len()))
    };
    let content = (
        "nutrient_content.csv",
        "oil,energy,884,WFP NutVal\n",
        "oil,energy,884,WFP NutVal\nsalt,energy,1,x\n",
    );
    assert_eq!(with_salt(&[content]), (vec!["H0517"], Some(2)));
    let used = [
        ("supply.csv", "WFP\n", "WFP\nwfp_salt,salt,dakar,10,2024-04,WFP\n"),
        (
            "markets.csv",
            "dakar,oil,*,1450,300,international\n",
            "dakar,oil,*,1450,300,international\ndakar,salt,*,100,10,international\n",
        ),
        ("demand.csv", "2024-05,100,,\n", "2024-05,100,,\nbamako,salt,2024-05,5,1,\n"),
        ("ration.csv", "commodity,oil,0,60\n", "commodity,oil,0,60\ncommodity,salt,0,5\n"),
        (
            "scenario.toml",
            "time_limit_s = 60\n",
            "time_limit_s = 60\n\n[[variant]]\nname = \"dear-salt\"\nedits = [\"scale-price:salt=2\"]\n",
        ),
    ];
    for change in used {
        let (found, count) = with_salt(&[change]);
        assert!(!found.contains(&"H0517"), "{change:?}: {found:?}");
        assert_eq!(count, Some(3), "{change:?}");
    }
}

/// Ids named after the unused commodity are renumbered everywhere they appear: a ration
/// limit on `oil` still limits oil.
#[test]
fn ids_after_an_unused_commodity_are_renumbered() {
    let source =
        edit("commodities.csv", COMMODITIES, &format!("{COMMODITIES}salt,Iodized salt,food,salt,\n"));
    let s = read_scenario(&source).0.expect("valid");
    let codes: Vec<&str> = s.commodities.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["sorghum", "oil"]);
    let limited: Vec<&str> = s
        .ration
        .limits
        .iter()
        .filter_map(|l| match l.item {
            RationItem::Commodity(c) => Some(s.commodities[c.index()].code.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(limited, ["oil"]);
    for m in &s.markets {
        assert!(["sorghum", "oil"].contains(&s.commodities[m.commodity.index()].code.as_str()));
    }
    assert_eq!(s.content_per_100g.len(), 2);
    assert_eq!(s.content_per_100g[1][0], 884.0, "oil's energy stays with oil");
}

/// A variant that names the commodity keeps it, and validates (the edit resolves).
#[test]
fn a_variant_naming_an_otherwise_unused_commodity_keeps_it() {
    let source = edits(&[
        ("commodities.csv", COMMODITIES, &format!("{COMMODITIES}salt,Iodized salt,food,salt,\n")),
        (
            "scenario.toml",
            "time_limit_s = 60\n",
            "time_limit_s = 60\n\n[[variant]]\nname = \"v\"\nedits = [\"block:salt/*\"]\n",
        ),
    ]);
    let v = validate(&source, &[Backend::Clp]);
    assert!(v.scenario.is_some(), "{:?}", v.diagnostics);
    assert!(v.diagnostics.iter().all(|d| d.code != "H0517"), "{:?}", v.diagnostics);
    assert!(matches!(v.variants[0].edits[0], Edit::Block { .. }));
}

/// 2,000 unused commodities: 50 warnings and a count of the rest, as documented.
#[test]
fn unused_commodity_warnings_are_capped() {
    let mut rows = String::new();
    for i in 0..2000 {
        let _ = writeln!(rows, "c{i},C {i},food,x,");
    }
    let source = edit("commodities.csv", COMMODITIES, &format!("{COMMODITIES}{rows}"));
    let (ok, diagnostics, rendered) = check(&source);
    assert!(ok, "{rendered}");
    assert_eq!(diagnostics.iter().filter(|d| d.code == "H0517").count(), 50);
    assert!(rendered.contains("1950 more problems in `commodities.csv` not shown"), "{rendered}");
    assert_eq!(read(&source), read(&tiny()));
}

/// A shipment on its way (`pipeline.csv`) brings a commodity into the network, so it is kept;
/// a lane price for it (`lane_costs.csv`) does not, and goes with it when it is left out.
#[test]
fn a_pipeline_shipment_uses_a_commodity_and_a_lane_price_does_not() {
    let salt_row = format!("{COMMODITIES}salt,Iodized salt,food,salt,\n");
    let mut priced = edits(&[("commodities.csv", COMMODITIES, salt_row.as_str())]);
    let lane = read_scenario(&priced).0.expect("the fixture reads").lanes[0].code.clone();
    priced.set_file("lane_costs.csv", format!("lane,commodity_or_group,cost_usd_per_t\n{lane},salt,99\n"));
    let (s, diagnostics) = read_scenario(&priced);
    assert_eq!(codes(&diagnostics), ["H0517"]);
    let s = s.expect("a warning only");
    assert_eq!(s.commodities.len(), 2);
    assert!(s.lane_costs.is_empty(), "{:?}", s.lane_costs);

    let mut shipped = edits(&[("commodities.csv", COMMODITIES, salt_row.as_str())]);
    shipped.set_file(
        "pipeline.csv",
        "id,commodity,quantity_t,node,arrival_period,source,note\nsalt_ship,salt,5,dakar,2024-04,,\n"
            .to_owned(),
    );
    let (s, diagnostics) = read_scenario(&shipped);
    assert!(!codes(&diagnostics).contains(&"H0517"), "{:?}", codes(&diagnostics));
    let s = s.expect("reads");
    assert_eq!(s.commodities.len(), 3);
    assert_eq!(s.commodity(s.pipeline[0].commodity).code, "salt");
}
