//! Allocation (issue 25): reduced rations valued by adequacy, impartial max–min coverage,
//! non-food as its own priority level. Each fixture's optimum is computed by hand above it.

use hinterland_model::NeedId;
use hinterland_plan::Plan;

use crate::support::{KEPT, assert_close, read_inline, solve_verified};

fn toml(allocation: &str) -> String {
    format!(
        "format_version = 1\nname = \"fixture\"\ncurrency = \"USD\"\n\n[calendar]\nstart = \"2024-01-01\"\n\
         step = \"day\"\nperiods = 1\n\n[allocation]\n{allocation}\n"
    )
}

/// One district of 1,000 people for one day; grain (400 kcal/100 g) at $500/t on its market;
/// a ration of 2,000 kcal that may be cut to half (`floor_share` 0.5).
fn one_district(allocation: &str, fund_usd: f64) -> Vec<(&'static str, String)> {
    vec![
        ("scenario.toml", toml(allocation)),
        ("nodes.csv", "id,name,kind,lat,lon,country\nd,District,district,0,0,ML\n".to_owned()),
        ("lanes.csv", "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\n".to_owned()),
        ("commodities.csv", "id,name,group\na,Grain,food\n".to_owned()),
        ("nutrients.csv", "id,name,unit\nkcal,Energy,kcal\n".to_owned()),
        ("nutrient_content.csv", "commodity,nutrient,amount_per_100g\na,kcal,400\n".to_owned()),
        ("ration.csv", "kind,item,min_per_person_day,floor_share\nnutrient,kcal,2000,0.5\n".to_owned()),
        ("needs.csv", "district,period,people,phase\nd,2024-01-01,1000,3\n".to_owned()),
        (
            "markets.csv",
            "node,commodity,period,price_usd_per_t,capacity_t,channel\nd,a,*,500,inf,local\n".to_owned(),
        ),
        ("funds.csv", format!("id,name,amount_usd\nf,Fund,{fund_usd}\n")),
    ]
}

fn read_owned(files: &[(&'static str, String)]) -> hinterland_model::Scenario {
    let pairs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    read_inline(&pairs)
}

const CONCAVE: &str = "adequacy_curve = [[0.5, 0.7], [1.0, 1.0]]";

/// $100 buys 0.2 t of grain = 800,000 kcal = 400 person-days of the full 2,000 kcal
/// (`cov` = 400). With the curve (0.5, 0.7), (1, 1) the segments are 0.5 wide with slopes
/// 1.4 and 0.6, and `V = 1.4 · min(cov, S/2) + 0.6 · min(cov − S/2, S/2)` for S person-days
/// reached (cov ≥ S/2 by the half-ration floor). S = 800 (half rations for 800 people):
/// V = 1.4 · 400 = **560**; S = 400 (full rations): 1.4 · 200 + 0.6 · 200 = 400. The plan
/// reaches 800 people with 1,000 kcal each: coverage 0.56.
#[test]
fn scarce_money_buys_half_rations_for_more_people() {
    let s = read_owned(&one_district(CONCAVE, 100.0));
    let (_, plan) = solve_verified(&s);
    assert_close(plan.served_person_days[0], 800.0, KEPT);
    assert_close(plan.value_person_days[0], 560.0, KEPT);
    assert_close(plan.coverage(&s, NeedId(0)), 0.56, KEPT);
    let kcal = plan.rations(&s)[0][0];
    assert_close(kcal, 1_000.0, 1e-8);
}

/// $150 buys 0.3 t = 1,200,000 kcal = cov 600 for 1,000 people: all are reached (S = 1,000,
/// ration 1,200 kcal, adequacy 0.6) and V = 1.4 · 500 + 0.6 · 100 = **760**.
#[test]
fn when_everyone_is_reached_the_ration_grows() {
    let s = read_owned(&one_district(CONCAVE, 150.0));
    let (_, plan) = solve_verified(&s);
    assert_close(plan.served_person_days[0], 1_000.0, 1e-8);
    assert_close(plan.value_person_days[0], 760.0, KEPT);
    assert_close(plan.rations(&s)[0][0], 1_200.0, KEPT);
}

/// With the default linear curve and full rations only (`floor_share` 1, the earlier model),
/// $100 serves 400 person-days a full ration: V = 400.
#[test]
fn full_rations_only_reproduce_the_earlier_model() {
    let mut files = one_district("", 100.0);
    files[6].1 = "kind,item,min_per_person_day\nnutrient,kcal,2000\n".to_owned();
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    assert_close(plan.served_person_days[0], 400.0, KEPT);
    assert_close(plan.value_person_days[0], 400.0, KEPT);
}

/// Two districts of 1,000 people (phase 3) for one day; grain (400 kcal/100 g, 500 g a full
/// ration of 2,000 kcal, full rations only) on sale at hub H for $500/t; H→N costs nothing,
/// H→F $500/t. A person-day costs $0.25 at N and $0.50 at F; the fund ($300) pays logistics.
/// * Utilitarian: N in full (1,000 person-days, $250), then F with the $50 left: 100.
///   Total **1,100**; coverage 1.0 and 0.1.
/// * Impartial: one coverage c for both: 1,000 c · 0.25 + 1,000 c · 0.5 = 750 c = 300, so
///   c = **0.4**, total 800. Price of fairness: (1,100 − 800) / 1,100 = 27.3%.
fn two_districts(fairness: &str) -> Vec<(&'static str, String)> {
    vec![
        ("scenario.toml", toml(&format!("fairness = \"{fairness}\""))),
        (
            "nodes.csv",
            "id,name,kind,lat,lon,country\nh,Hub,hub,0,0,ML\nn,Near,district,0,1,ML\nf,Far,district,0,9,ML\n"
                .to_owned(),
        ),
        (
            "lanes.csv",
            "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\nhn,h,n,road,1,0,inf\n\
             hf,h,f,road,900,500,inf\n"
                .to_owned(),
        ),
        ("commodities.csv", "id,name,group\na,Grain,food\n".to_owned()),
        ("nutrients.csv", "id,name,unit\nkcal,Energy,kcal\n".to_owned()),
        ("nutrient_content.csv", "commodity,nutrient,amount_per_100g\na,kcal,400\n".to_owned()),
        ("ration.csv", "kind,item,min_per_person_day\nnutrient,kcal,2000\n".to_owned()),
        ("needs.csv", "district,period,people,phase\nn,2024-01-01,1000,3\nf,2024-01-01,1000,3\n".to_owned()),
        (
            "markets.csv",
            "node,commodity,period,price_usd_per_t,capacity_t,channel\nh,a,*,500,inf,local\n".to_owned(),
        ),
        ("funds.csv", "id,name,amount_usd,pays_logistics\nf,Fund,300,true\n".to_owned()),
    ]
}

fn coverages(s: &hinterland_model::Scenario, plan: &Plan) -> Vec<f64> {
    s.need_ids().map(|k| plan.coverage(s, k)).collect()
}

#[test]
fn utilitarian_serves_the_cheap_district_first() {
    let s = read_owned(&two_districts("utilitarian"));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 1.0, 1e-8);
    assert_close(c[1], 0.1, 1e-8);
    assert_close(plan.weighted_service(&s), 1_100.0, 1e-8);
    // Gini, equal weights: Σ_ij w_i w_j |c_i − c_j| / (2 W² · mean)
    // = 2 · 1,000² · 0.9 / (2 · 2,000² · 0.55) = 0.9 / 2.2.
    let spread = plan.spread(&s);
    assert_eq!(spread.len(), 1);
    assert_close(spread[0].gini, 0.9 / 2.2, 1e-8);
    assert_close(spread[0].min_coverage, 0.1, 1e-8);
    assert!(plan.price_of_fairness.is_none(), "a utilitarian plan has no price of fairness");
}

#[test]
fn impartial_gives_both_districts_the_same_coverage() {
    let s = read_owned(&two_districts("impartial"));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 0.4, 1e-7);
    assert_close(c[1], 0.4, 1e-7);
    assert_close(plan.weighted_service(&s), 800.0, KEPT);
    assert_close(plan.spread(&s)[0].gini, 0.0, 1e-7);
    let pof = plan.price_of_fairness.expect("an impartial plan reports its price");
    assert_close(pof.utilitarian, 1_100.0, 1e-8);
    assert_close(pof.loss_share(), 300.0 / 1_100.0, 1e-7);
}

/// Impartial with nobody in need (the need row's people 0): no max–min step to make, and the
/// plan still says it followed the impartial rule, at no price (0 served either way).
#[test]
fn impartial_with_nobody_in_need_says_so() {
    let mut files = one_district("fairness = \"impartial\"", 100.0);
    files[7].1 = "district,period,people,phase\nd,2024-01-01,0,3\n".to_owned();
    let s = read_owned(&files);
    let (run, plan) = solve_verified(&s);
    assert!(run.steps.iter().all(|st| st.goal != hinterland_plan::StepGoal::Fair));
    assert_eq!(plan.fairness(), hinterland_model::Fairness::Impartial);
    let pof = plan.price_of_fairness.expect("an impartial plan reports its price");
    assert_eq!((pof.utilitarian, pof.impartial), (0.0, 0.0));
    assert_eq!(plan.coverage_floors, [0.0]);
}

/// A third district U that no lane reaches cannot be served at all: the max–min steps fix it
/// at 0 first and then raise N and F to 0.4 as before; U's shortfall is not shared out.
#[test]
fn an_unreachable_district_does_not_hold_the_others_down() {
    let mut files = two_districts("impartial");
    files[1].1.push_str("u,Unreached,district,9,9,ML\n");
    files[7].1.push_str("u,2024-01-01,500,3\n");
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 0.4, 1e-7);
    assert_close(c[1], 0.4, 1e-7);
    assert_eq!(c[2], 0.0);
}

/// Bounded spread on the two districts, `max_gap` g: coverages with |cN − cF| ≤ g and
/// 250 cN + 500 cF ≤ 300; food 1,000 (cN + cF) is largest with cN as far above cF as the band
/// allows: cN = cF + g, so 750 cF + 250 g = 300.
/// * g = 0.2: cF = 250 / 750 = **1/3**, cN = **8/15**, total 866.67; price of fairness
///   (1,100 − 866.67) / 1,100.
/// * g = 0: the impartial plan, 0.4 and 0.4. g = 1: the utilitarian plan, 1.0 and 0.1 (the
///   gap 0.9 is inside the band).
fn bounded(gap: f64) -> Vec<(&'static str, String)> {
    let mut files = two_districts("bounded");
    files[0].1 = toml(&format!("fairness = \"bounded\"\nmax_gap = {gap}"));
    files
}

#[test]
fn bounded_spread_keeps_coverage_within_the_gap() {
    let s = read_owned(&bounded(0.2));
    let (run, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 8.0 / 15.0, 1e-7);
    assert_close(c[1], 1.0 / 3.0, 1e-7);
    let band = plan.band.as_ref().expect("a bounded plan reports its band");
    assert!(band.held && band.unreachable.is_empty(), "{band:?}");
    let pof = plan.price_of_fairness.expect("a bounded plan reports its price");
    assert_close(pof.utilitarian, 1_100.0, 1e-8);
    assert_close(pof.impartial, 2_600.0 / 3.0, KEPT);
    let goals: Vec<&str> =
        run.steps.iter().filter(|st| st.goal.solves_the_plan()).map(|st| st.goal.as_str()).collect();
    assert_eq!(goals, ["service", "reach", "band", "cost"]);
}

#[test]
fn bounded_spread_spans_impartial_to_utilitarian() {
    let s = read_owned(&bounded(0.0));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 0.4, 1e-7);
    assert_close(c[1], 0.4, 1e-7);
    let s = read_owned(&bounded(1.0));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 1.0, 1e-7);
    assert_close(c[1], 0.1, KEPT);
}

/// U, which no lane reaches, is outside the band and named; N and F are as above.
#[test]
fn bounded_spread_names_an_unreachable_district_and_leaves_it_out() {
    let mut files = bounded(0.2);
    files[1].1.push_str("u,Unreached,district,9,9,ML\n");
    files[7].1.push_str("u,2024-01-01,500,3\n");
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 8.0 / 15.0, 1e-7);
    assert_close(c[1], 1.0 / 3.0, 1e-7);
    assert_eq!(c[2], 0.0);
    assert_eq!(plan.band.expect("band").unreachable, [NeedId(2)]);
}

/// A hard commitment that needs more spread than the band allows: N must get 0.9
/// (`min_share`), which costs $225 and leaves $75 for F, 0.15 at most: gap 0.75 > 0.2. The
/// band is dropped (the commitment is the scenario's, the band a preference), the plan is
/// the utilitarian one: N 1.0, F 0.1.
#[test]
fn a_commitment_beyond_the_band_drops_the_band() {
    let mut files = bounded(0.2);
    files[7].1 =
        "district,period,people,phase,min_share\nn,2024-01-01,1000,3,0.9\nf,2024-01-01,1000,3,0\n".to_owned();
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 1.0, 1e-7);
    assert_close(c[1], 0.1, KEPT);
    assert!(!plan.band.expect("band").held);
}

/// Non-food is its own level after food: 10 t of fertilizer at N (weight 1 per tonne) cost
/// $500/t to bring from H. With the $300 all spent on food, none is delivered; nothing is
/// traded at a rate. With `nonfood = "before-food"` the fertilizer comes first: 0.6 t
/// ($300 / $500), and no food.
#[test]
fn nonfood_is_a_priority_level_not_a_rate() {
    // Both districts now cost $0.50 a person-day: $300 → 600 person-days, 0.3 each.
    for (order, fertilizer, food) in [("after-food", 0.0, 600.0), ("before-food", 0.6, 0.0)] {
        let mut files = two_districts("impartial");
        files[0].1 = toml(&format!("fairness = \"impartial\"\nnonfood = \"{order}\""));
        files[3].1.push_str("fert,Fertilizer,agri_input\n");
        files[8].1.push_str("h,fert,*,0,inf,local\n");
        files[2].1 =
            "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\nhn,h,n,road,1,500,inf\n\
                      hf,h,f,road,900,500,inf\n"
                .to_owned();
        files.push((
            "demand.csv",
            "node,commodity,period,quantity_t,weight_per_t\nn,fert,*,10,1\n".to_owned(),
        ));
        let s = read_owned(&files);
        let (_, plan) = solve_verified(&s);
        // Each level keeps the one before it to a relative 1e-7 (`LEVEL_SLACK`), not to the last
        // bit: before food, the 1e-7 of the $300 that the fertilizer's floor gives up buys
        // 1e-4 person-days of food.
        assert_close(plan.delivered_t[0], fertilizer, 1e-6);
        assert_close(plan.weighted_service(&s), food, 1e-3);
    }
}

/// Continuity. One district D of 1,000 people on two days; grain (400 kcal/100 g, full
/// rations of 2,000 kcal = 500 g) at hub H for $500/t, so $0.25 a person-day, and $300; the
/// lane H→D is flooded on day 2 and D has no store (`storage` t).
/// * `max_drop` 1 (no limit): day 2 cannot be reached (coverage 0, fixed first); day 1 gets
///   everyone: coverage **1 then 0**, a pipeline break.
/// * `max_drop` 0.2: day 1 may be at most 0.2 above day 2's 0: **0.2 then 0**.
/// * `max_drop` 0 with a store at D: day 1's delivery feeds day 2 too; $300 buys 1,200
///   person-days, **0.6 and 0.6**, no break.
fn flooded(max_drop: f64, storage: f64) -> Vec<(&'static str, String)> {
    vec![
        (
            "scenario.toml",
            format!(
                "format_version = 1\nname = \"fixture\"\ncurrency = \"USD\"\n\n[calendar]\nstart = \"2024-01-01\"\n\
                 step = \"day\"\nperiods = 2\n\n[allocation]\nmax_drop = {max_drop}\n"
            ),
        ),
        (
            "nodes.csv",
            format!(
                "id,name,kind,lat,lon,country,storage_capacity_t\nh,Hub,hub,0,0,ML,0\nd,District,district,0,1,ML,{storage}\n"
            ),
        ),
        (
            "lanes.csv",
            "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\nhd,h,d,road,1,0,inf\n"
                .to_owned(),
        ),
        ("lane_availability.csv", "lane,periods,capacity_factor,reason\nhd,2024-01-02,0,flood\n".to_owned()),
        ("commodities.csv", "id,name,group\na,Grain,food\n".to_owned()),
        ("nutrients.csv", "id,name,unit\nkcal,Energy,kcal\n".to_owned()),
        ("nutrient_content.csv", "commodity,nutrient,amount_per_100g\na,kcal,400\n".to_owned()),
        ("ration.csv", "kind,item,min_per_person_day\nnutrient,kcal,2000\n".to_owned()),
        ("needs.csv", "district,period,people,phase\nd,*,1000,3\n".to_owned()),
        (
            "markets.csv",
            "node,commodity,period,price_usd_per_t,capacity_t,channel\nh,a,*,500,inf,local\n".to_owned(),
        ),
        ("funds.csv", "id,name,amount_usd\nf,Fund,300\n".to_owned()),
    ]
}

#[test]
fn without_continuity_a_distribution_starts_and_stops() {
    let s = read_owned(&flooded(1.0, 0.0));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 1.0, KEPT);
    assert_close(c[1], 0.0, 1e-8);
    let breaks = plan.pipeline_breaks(&s);
    assert_eq!(breaks.len(), 1);
    assert_close(breaks[0].coverage_before - breaks[0].coverage_after, 1.0, KEPT);
}

#[test]
fn continuity_starts_only_what_it_can_carry_on() {
    let s = read_owned(&flooded(0.2, 0.0));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    // Fixed coverages are kept to a relative 1e-7, not to the last bit.
    assert_close(c[0], 0.2, 1e-6);
    assert_close(c[1], 0.0, 1e-6);
    assert_eq!(plan.pipeline_breaks(&s).len(), 1, "the remaining fall of 0.2 is still listed");
}

#[test]
fn a_store_lets_the_distribution_carry_on() {
    let s = read_owned(&flooded(0.0, 1_000.0));
    let (_, plan) = solve_verified(&s);
    let c = coverages(&s, &plan);
    assert_close(c[0], 0.6, 1e-7);
    assert_close(c[1], 0.6, 1e-7);
    assert!(plan.pipeline_breaks(&s).is_empty());
}
