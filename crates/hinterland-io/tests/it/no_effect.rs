//! Issue 24, "honest defaults": rows that can never influence the plan are warned about
//! (`H0510`) at their file, line and column, and the scenario stays valid.

use hinterland_io::Severity;

use crate::fixture::{check, codes, edits};

/// Reads the edited fixture, snapshots the rendering under `name`, checks that the scenario
/// is still valid (warnings only), and returns the codes.
fn warned(name: &str, changes: &[(&str, &str, &str)]) -> Vec<&'static str> {
    let (ok, diagnostics, rendered) = check(&edits(changes));
    insta::assert_snapshot!(name, rendered);
    assert!(ok, "warnings leave the scenario valid:\n{rendered}");
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning), "{rendered}");
    codes(&diagnostics)
}

/// The codes of the edited fixture's diagnostics, without a snapshot.
fn found(changes: &[(&str, &str, &str)]) -> Vec<&'static str> {
    codes(&check(&edits(changes)).1)
}

const DEMAND: &str = "bamako,sorghum,2024-05,100,,";

#[test]
fn demand_with_weight_0_and_no_min_share() {
    let changes = [("demand.csv", DEMAND, "bamako,sorghum,2024-05,100,0,")];
    assert_eq!(warned("demand_with_weight_0_and_no_min_share", &changes), ["H0510"]);
}

/// The case: no `weight_per_t` in the row, and no `nonfood_weight_per_t` in
/// scenario.toml, whose default is 0.
#[test]
fn demand_without_weight_when_the_default_weight_is_0() {
    let changes = [("scenario.toml", "nonfood_weight_per_t = 0.5\n", "")];
    assert_eq!(warned("demand_without_weight_when_the_default_weight_is_0", &changes), ["H0510"]);
}

/// A demand row has an effect with a weight, a commitment or the default weight; a row of
/// 0 t asks for nothing; a bad weight is reported as such, not as a weight of 0.
#[test]
fn demand_with_a_weight_a_share_or_no_tonnes_is_not_reported() {
    let no_default = ("scenario.toml", "nonfood_weight_per_t = 0.5\n", "");
    assert_eq!(found(&[]), Vec::<&str>::new(), "the default weight is 0.5");
    assert_eq!(
        found(&[no_default, ("demand.csv", DEMAND, "bamako,sorghum,2024-05,100,2,")]),
        Vec::<&str>::new()
    );
    assert_eq!(
        found(&[no_default, ("demand.csv", DEMAND, "bamako,sorghum,2024-05,100,0,0.5")]),
        Vec::<&str>::new()
    );
    assert_eq!(
        found(&[no_default, ("demand.csv", DEMAND, "bamako,sorghum,2024-05,0,,")]),
        Vec::<&str>::new()
    );
    assert_eq!(found(&[no_default, ("demand.csv", DEMAND, "bamako,sorghum,2024-05,100,none,")]), ["H0202"]);
    // A row that is already wrong is not also warned about.
    assert_eq!(found(&[no_default, ("demand.csv", DEMAND, "bamakoo,sorghum,2024-05,100,,")]), ["H0402"]);
}

#[test]
fn ration_limits_without_bounds() {
    let changes = [
        ("ration.csv", "nutrient,protein,52,inf", "nutrient,protein,0,inf"),
        ("ration.csv", "group,cereal,,450", "group,cereal,,"),
    ];
    assert_eq!(warned("ration_limits_without_bounds", &changes), ["H0510", "H0510"]);
    // A floor or a cap alone limits something.
    assert_eq!(found(&[("ration.csv", "group,cereal,,450", "group,cereal,10,")]), Vec::<&str>::new());
}

const UREA: (&str, &str, &str) =
    ("commodities.csv", "oil,Vegetable oil,food,oil,", "oil,Vegetable oil,food,oil,\nurea,Urea,agri_input,,");
const UREA_OFFER: (&str, &str, &str) = (
    "markets.csv",
    "dakar,oil,*,1450,300,international",
    "dakar,oil,*,1450,300,international\ndakar,urea,*,400,100,local",
);
const UREA_GIFT: (&str, &str, &str) = (
    "supply.csv",
    "wfp_sorghum,sorghum,dakar,1500,2024-04,WFP",
    "wfp_sorghum,sorghum,dakar,1500,2024-04,WFP\nurea_gift,urea,dakar,50,2024-03,FAO",
);

#[test]
fn non_food_goods_that_no_demand_asks_for() {
    assert_eq!(
        warned("non_food_goods_that_no_demand_asks_for", &[UREA, UREA_OFFER, UREA_GIFT]),
        ["H0510", "H0510"]
    );
    // Food feeds people; non-food goods that a demand row asks for may be delivered.
    let wanted = ("demand.csv", DEMAND, "bamako,sorghum,2024-05,100,,\nbamako,urea,2024-05,20,,");
    assert_eq!(found(&[UREA, UREA_OFFER, UREA_GIFT, wanted]), Vec::<&str>::new());
    // A demand row with a typo in its node still asks for the goods: only the typo is reported.
    let typo = ("demand.csv", DEMAND, "bamako,sorghum,2024-05,100,,\nbamakoo,urea,2024-05,20,,");
    assert_eq!(found(&[UREA, UREA_OFFER, UREA_GIFT, typo]), ["H0402"]);
}

/// Rows whose own amount is 0 do what they say (nothing); complete tables have them, and a
/// fund can be set by a variant's `set-fund`. They are not reported.
#[test]
fn rows_of_zero_are_not_reported() {
    let zeros = [
        ("needs.csv", "gao,2024-05,1500,5,,", "gao,2024-05,0,5,,"),
        (
            "markets.csv",
            "bamako,sorghum,2024-03..2024-04,390,800,local",
            "bamako,sorghum,2024-03..2024-04,390,0,local",
        ),
        ("supply.csv", "wfp_sorghum,sorghum,dakar,1500,", "wfp_sorghum,sorghum,dakar,0,"),
        ("funds.csv", "usaid,USAID,1800000,,", "usaid,USAID,0,,"),
        (
            "lanes.csv",
            "bamako_gao,bamako,gao,river,1200,70,0,1200,",
            "bamako_gao,bamako,gao,river,1200,70,0,0,",
        ),
    ];
    assert_eq!(found(&zeros), Vec::<&str>::new());
}
