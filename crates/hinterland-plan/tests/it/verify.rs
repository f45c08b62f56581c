//! The independent verifier catches what it claims to: each test breaks one thing in Mali's
//! verified plan (or in the scenario it is checked against) and expects that check to fire.

use hinterland_model::{LaneBan, Scenario};
use hinterland_plan::Plan;

use crate::support::{assert_fails, failing, read_dir, repo_root, solve_verified};

fn mali() -> (Scenario, Plan) {
    let s = read_dir(&repo_root().join("scenarios/mali-2024"));
    let (_, plan) = solve_verified(&s);
    (s, plan)
}

#[test]
fn more_freight_than_left_the_origin_breaks_the_balance() {
    let (s, mut plan) = mali();
    let f = plan.flows.iter_mut().max_by(|a, b| a.tonnes.total_cmp(&b.tonnes)).unwrap();
    f.tonnes *= 1.01;
    assert_fails(&s, &plan, "flow balance");
}

#[test]
fn negative_freight_is_caught() {
    let (s, mut plan) = mali();
    plan.flows[0].tonnes = -1.0;
    assert_fails(&s, &plan, "non-negative");
}

#[test]
fn buying_beyond_a_market_is_caught() {
    let (mut s, plan) = mali();
    let p = plan.purchases.iter().max_by(|a, b| a.tonnes.total_cmp(&b.tonnes)).unwrap();
    s.markets[p.market.index()].capacity_t = p.tonnes / 2.0;
    assert_fails(&s, &plan, "market capacity");
}

#[test]
fn serving_more_people_than_in_need_is_caught() {
    let (s, mut plan) = mali();
    let k = s.need_ids().max_by(|a, b| s.need_person_days(*a).total_cmp(&s.need_person_days(*b))).unwrap();
    plan.served_person_days[k.index()] = 1.5 * s.need_person_days(k);
    let checks = failing(&s, &plan);
    // The extra people have no food either.
    assert!(checks.contains(&"people in need") && checks.contains(&"ration floor"), "{checks:?}");
}

#[test]
fn overspending_a_fund_is_caught() {
    let (mut s, plan) = mali();
    let spent = plan.fund_spending(&s);
    let f = (0..s.funds.len()).max_by(|&a, &b| spent[a].total_cmp(&spent[b])).unwrap();
    assert!(spent[f] > 0.0, "Mali's plan spends money");
    s.funds[f].amount_usd = spent[f] * 0.9;
    assert_fails(&s, &plan, "budget");
}

#[test]
fn overfilling_a_warehouse_is_caught() {
    let (mut s, plan) = mali();
    let st =
        plan.stocks.iter().max_by(|a, b| a.tonnes.total_cmp(&b.tonnes)).expect("Mali's plan stores food");
    s.nodes[st.node.index()].storage_capacity_t = st.tonnes / 2.0;
    assert_fails(&s, &plan, "storage capacity");
}

/// A variant's blockade (`Scenario::lane_bans`) bounds its flow columns at 0 in the LP; the
/// verifier checks it from the scenario's table, not from those bounds.
#[test]
fn freight_on_a_banned_lane_is_caught() {
    let (mut s, plan) = mali();
    assert!(failing(&s, &plan).is_empty());
    let f = plan.flows.iter().max_by(|a, b| a.tonnes.total_cmp(&b.tonnes)).unwrap();
    s.lane_bans.push(LaneBan { lane: f.lane, commodity: f.commodity, period: f.period });
    s.lane_bans.sort();
    assert!(s.is_banned(f.lane, f.commodity, f.period));
    assert_eq!(failing(&s, &plan), vec!["lane ban"]);
}

/// The need row that the plan serves most, with food.
fn most_served(s: &Scenario, plan: &Plan) -> hinterland_model::NeedId {
    s.need_ids()
        .max_by(|a, b| plan.served_person_days[a.index()].total_cmp(&plan.served_person_days[b.index()]))
        .unwrap()
}

#[test]
fn a_ration_below_its_floor_share_is_caught() {
    let (s, mut plan) = mali();
    let k = most_served(&s, &plan);
    for c in plan.consumption.iter_mut().filter(|c| c.need == k) {
        c.tonnes *= 0.4;
    }
    // Mali's reduced ration gives at least half the energy floor; 40% of any ration that
    // meets it cannot.
    assert_fails(&s, &plan, "ration floor");
}

#[test]
fn a_ration_above_its_cap_is_caught() {
    let (s, mut plan) = mali();
    let k = most_served(&s, &plan);
    for c in plan.consumption.iter_mut().filter(|c| c.need == k) {
        c.tonnes *= 3.0;
    }
    // At least 1,050 kcal of cereal-heavy food tripled passes the cereal cap of 500 g.
    assert_fails(&s, &plan, "ration cap");
}

#[test]
fn an_overstated_ration_value_is_caught() {
    let (s, mut plan) = mali();
    let k = most_served(&s, &plan);
    plan.value_person_days[k.index()] *= 1.1;
    assert_fails(&s, &plan, "ration value");
}

#[test]
fn coverage_below_its_fair_level_is_caught() {
    let (s, mut plan) = mali();
    assert_eq!(plan.coverage_floors.len(), s.needs.len(), "Mali is planned impartially");
    let k = most_served(&s, &plan);
    plan.coverage_floors[k.index()] = plan.coverage(&s, k) + 0.05;
    assert_fails(&s, &plan, "fair coverage");
}

#[test]
fn food_booked_to_another_district_is_caught() {
    let (s, mut plan) = mali();
    let other =
        s.need_ids().map(|k| s.need(k).district).find(|d| *d != plan.consumption[0].district).unwrap();
    plan.consumption[0].district = other;
    let checks = failing(&s, &plan);
    assert!(checks.contains(&"consumption"), "{checks:?}");
}

#[test]
fn a_fall_of_coverage_beyond_max_drop_is_caught() {
    let (s, mut plan) = mali();
    assert!(s.allocation.max_drop < 1.0, "Mali limits the fall of coverage");
    // Mali's coverage is flat from month to month; halve one month's food.
    let (from, to) = hinterland_plan::formulation::continuity::consecutive(&s)[0];
    assert!(plan.coverage(&s, to) > 0.2 && plan.coverage(&s, from) > 0.2, "a distribution to cut");
    for c in plan.consumption.iter_mut().filter(|c| c.need == to) {
        c.tonnes *= 0.5;
    }
    assert_fails(&s, &plan, "continuity");
}

/// A best-effort plan is held to what it says it reaches of a missed commitment: saying it
/// reaches more than it serves, or listing a commitment the scenario does not make, fails.
#[test]
fn a_missed_commitment_is_held_to_what_the_plan_says() {
    let (mut s, mut plan) = mali();
    let k = most_served(&s, &plan);
    let served = plan.served_person_days[k.index()];
    let pd = s.need_person_days(k);
    // The scenario commits to all of k, the plan says it reaches more than it serves.
    s.needs[k.index()].min_share = 1.0;
    plan.missed.push(hinterland_plan::plan::MissedCommitment {
        commitment: hinterland_plan::Commitment::Need(k),
        committed: pd,
        reachable: (served * 1.1).min(pd * 0.99),
    });
    assert_fails(&s, &plan, "need commitment");
    // A commitment listed with another amount than the scenario's.
    plan.missed[0].committed = pd * 0.5;
    plan.missed[0].reachable = served;
    assert_fails(&s, &plan, "missed commitment");
}

/// A plan made with a band of 0.5 (Near 0.5 above Far in the two-district fixture of
/// `allocation.rs`: coverages 0.7 and 0.2) checked against a band of 0.2.
#[test]
fn coverage_outside_the_band_is_caught() {
    let files = |gap: f64| {
        format!(
            "format_version = 1\nname = \"fixture\"\ncurrency = \"USD\"\n\n[calendar]\nstart = \"2024-01-01\"\n\
             step = \"day\"\nperiods = 1\n\n[allocation]\nfairness = \"bounded\"\nmax_gap = {gap}\n"
        )
    };
    let rest = [
        (
            "nodes.csv",
            "id,name,kind,lat,lon,country\nh,Hub,hub,0,0,ML\nn,Near,district,0,1,ML\nf,Far,district,0,9,ML\n",
        ),
        (
            "lanes.csv",
            "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\nhn,h,n,road,1,0,inf\nhf,h,f,road,900,500,inf\n",
        ),
        ("commodities.csv", "id,name,group\na,Grain,food\n"),
        ("nutrients.csv", "id,name,unit\nkcal,Energy,kcal\n"),
        ("nutrient_content.csv", "commodity,nutrient,amount_per_100g\na,kcal,400\n"),
        ("ration.csv", "kind,item,min_per_person_day\nnutrient,kcal,2000\n"),
        ("needs.csv", "district,period,people,phase\nn,2024-01-01,1000,3\nf,2024-01-01,1000,3\n"),
        ("markets.csv", "node,commodity,period,price_usd_per_t,capacity_t,channel\nh,a,*,500,inf,local\n"),
        ("funds.csv", "id,name,amount_usd,pays_logistics\nf,Fund,300,true\n"),
    ];
    let scenario = |gap: f64| {
        let toml = files(gap);
        let mut all = vec![("scenario.toml", toml.as_str())];
        all.extend(rest);
        crate::support::read_inline(&all)
    };
    let wide = scenario(0.5);
    let (_, plan) = solve_verified(&wide);
    assert!(failing(&wide, &plan).is_empty(), "{:?}", failing(&wide, &plan));
    let narrow = scenario(0.2);
    assert_fails(&narrow, &plan, "bounded spread");
}
