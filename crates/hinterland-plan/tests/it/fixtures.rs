//! Tiny scenarios whose optimum is computed by hand in the comment above each test.

use hinterland_plan::Commitment;

use crate::support::{KEPT, NO_FOOD, assert_close, read_inline, solve_verified, toml};

/// Transport only. 100 t of diesel are donated at port P and needed at district D (weight 1
/// per tonne). Lanes: P→H $10/t (cap 60 t), H→D $5/t, P→D $30/t.
/// Cheapest: 60 t via H at $15 = 900, 40 t direct at $30 = 1,200; total **$2,100**.
#[test]
fn transport_only() {
    let toml = toml("day", "2024-01-01", 1);
    let mut files = vec![
        ("scenario.toml", toml.as_str()),
        (
            "nodes.csv",
            "id,name,kind,lat,lon,country\np,Port,port,0,0,SN\nh,Hub,hub,0,1,ML\nd,District,district,0,2,ML\n",
        ),
        (
            "lanes.csv",
            "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\n\
             ph,p,h,road,100,10,60\nhd,h,d,road,50,5,inf\npd,p,d,road,150,30,inf\n",
        ),
        ("commodities.csv", "id,name,group\ndiesel,Diesel,fuel\n"),
        ("supply.csv", "id,commodity,node,quantity_t,available_from\ngift,diesel,p,100,2024-01-01\n"),
        ("demand.csv", "node,commodity,period,quantity_t,weight_per_t\nd,diesel,2024-01-01,100,1\n"),
    ];
    files.extend(NO_FOOD);
    let s = read_inline(&files);
    let (_, plan) = solve_verified(&s);
    assert_close(plan.delivered_t[0], 100.0, KEPT);
    assert_close(plan.costs.transport, 2_100.0, KEPT);
    let on =
        |lane: &str| plan.flows.iter().filter(|f| s.lane(f.lane).code == lane).map(|f| f.tonnes).sum::<f64>();
    assert_close(on("ph"), 60.0, 1e-8);
    assert_close(on("pd"), 40.0, KEPT);
    // The P→H capacity binds: one more tonne there saves $30 − $15 = $15.
    let cap = plan
        .shadow_prices
        .iter()
        .find(|p| matches!(p.row, hinterland_plan::RowKey::LaneCapacity { .. }))
        .expect("the P→H capacity is a binding limit");
    assert_close(cap.usd_saved_per_unit.expect("a cost-step dual"), 15.0, 1e-8);
    assert_close(cap.measured.expect("confirmed").usd_saved_per_unit.expect("measured"), 15.0, 1e-8);
}

fn diet_files(toml: &str, needs: &'static str, funds: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("scenario.toml", toml.to_owned()),
        ("nodes.csv", "id,name,kind,lat,lon,country\nd,District,district,0,0,ML\n".to_owned()),
        ("lanes.csv", "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\n".to_owned()),
        ("commodities.csv", "id,name,group\na,Grain,food\nb,Beans,food\n".to_owned()),
        ("nutrients.csv", "id,name,unit\nkcal,Energy,kcal\nprot,Protein,g\n".to_owned()),
        (
            "nutrient_content.csv",
            "commodity,nutrient,amount_per_100g\na,kcal,400\nb,kcal,100\nb,prot,20\n".to_owned(),
        ),
        ("ration.csv", "kind,item,min_per_person_day,max_per_person_day\nnutrient,kcal,2000,\nnutrient,prot,30,\n".to_owned()),
        ("needs.csv", needs.to_owned()),
        (
            "markets.csv",
            "node,commodity,period,price_usd_per_t,capacity_t,channel\nd,a,*,500,inf,local\nd,b,*,1000,inf,local\n"
                .to_owned(),
        ),
        ("funds.csv", funds.to_owned()),
    ]
}

fn read_owned(files: &[(&'static str, String)]) -> hinterland_model::Scenario {
    let pairs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    read_inline(&pairs)
}

/// Diet only: 1,000 people for one day. Grain A: 400 kcal/100 g at $500/t; beans B:
/// 100 kcal and 20 g protein per 100 g at $1,000/t. Ration: ≥ 2,000 kcal, ≥ 30 g protein.
/// Protein forces b ≥ 1.5 (×100 g) = 150 g; grain is the cheaper energy, so
/// a = (2,000 − 150) / 400 = 4.625 (×100 g) = 462.5 g.
/// Cost per person-day: 0.0004625 t × 500 + 0.00015 t × 1,000 = 0.38125; × 1,000 = **$381.25**.
#[test]
fn diet_only() {
    let toml = toml("day", "2024-01-01", 1);
    let files = diet_files(
        &toml,
        "district,period,people,phase\nd,2024-01-01,1000,3\n",
        "id,name,amount_usd\nf,Fund,1e9\n",
    );
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    assert_close(plan.person_days_served(), 1_000.0, KEPT);
    assert_close(plan.costs.purchase, 381.25, KEPT);
    let eaten = |c: &str| {
        plan.consumption.iter().filter(|x| s.commodity(x.commodity).code == c).map(|x| x.tonnes).sum::<f64>()
    };
    assert_close(eaten("a"), 0.4625, KEPT);
    assert_close(eaten("b"), 0.15, KEPT);
}

/// Budget too small: the diet above costs $0.38125 per person-day, so $200 serves
/// 200 / 0.38125 = **524.59 person-days** of 1,000; the shortfall is 475.41. One more dollar
/// serves 1 / 0.38125 = 2.623 more person-days (phase 3, weight 1).
#[test]
fn budget_too_small_reports_a_shortfall() {
    let toml = toml("day", "2024-01-01", 1);
    let files = diet_files(
        &toml,
        "district,period,people,phase\nd,2024-01-01,1000,3\n",
        "id,name,amount_usd\nf,Fund,200\n",
    );
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    assert_close(plan.person_days_served(), 200.0 / 0.381_25, KEPT);
    assert_close(plan.costs.purchase, 200.0, KEPT);
    let budget = plan
        .shadow_prices
        .iter()
        .find(|p| matches!(p.row, hinterland_plan::RowKey::Budget { .. }))
        .expect("the budget binds");
    assert_close(budget.service_per_unit.expect("a service dual"), 1.0 / 0.381_25, 1e-8);
    assert_close(
        budget.measured.expect("confirmed").service_per_unit.expect("measured"),
        1.0 / 0.381_25,
        1e-8,
    );
}

/// An infeasible hard commitment: the same $200 cannot serve the 80% (800 person-days)
/// committed by `min_share`; at most 524.59 can be reached, and the budget is what stands in
/// the way. The plan is the best effort: it serves those 524.59 person-days and lists the
/// commitment as missed, with the budget named.
#[test]
fn an_infeasible_commitment_gives_a_best_effort_plan() {
    let toml = toml("day", "2024-01-01", 1);
    let files = diet_files(
        &toml,
        "district,period,people,phase,min_share\nd,2024-01-01,1000,3,0.8\n",
        "id,name,amount_usd\nf,Fund,200\n",
    );
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    let missed = &plan.missed;
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].commitment, Commitment::Need(hinterland_model::NeedId(0)));
    assert_close(missed[0].committed, 800.0, 1e-8);
    assert_close(missed[0].reachable, 200.0 / 0.381_25, KEPT);
    assert_close(plan.person_days_served(), 200.0 / 0.381_25, KEPT);
    assert!(
        plan.commitment_limits.iter().any(|l| matches!(l.row, hinterland_plan::RowKey::Budget { .. })),
        "the budget is named: {:?}",
        plan.commitment_limits
    );
}

/// Two commitments that cannot both be kept share the miss as little as possible in total
/// (relative): with $200 and 80% committed in each of two districts of 1,000 people whose
/// diet costs the same, 524.59 person-days can be served in all. The least total relative
/// miss is (1,600 − 524.59) / 800 whichever way it is split; the impartial allocation then
/// splits the food equally: 262.3 each.
#[test]
fn two_missed_commitments_are_shared_impartially() {
    let toml = toml("day", "2024-01-01", 1);
    let mut files = diet_files(
        &toml,
        "district,period,people,phase,min_share\nd,2024-01-01,1000,3,0.8\ne,2024-01-01,1000,3,0.8\n",
        "id,name,amount_usd\nf,Fund,200\n",
    );
    files[1].1.push_str("e,East,district,0,1,ML\n");
    files[8].1.push_str("e,a,*,500,inf,local\ne,b,*,1000,inf,local\n");
    let s = read_owned(&files);
    let (_, plan) = solve_verified(&s);
    assert_eq!(plan.missed.len(), 2);
    let half = 100.0 / 0.381_25;
    assert_close(plan.served_person_days[0], half, KEPT);
    assert_close(plan.served_person_days[1], half, KEPT);
}

/// Storage across periods: January (31 days) and February 2024 (29 days). 100 people need
/// food in February only; grain (500 kcal/100 g, ration 1,000 kcal → 200 g per person-day)
/// is for sale at the district in January only, at $100/t. Storage costs $2 per tonne and
/// month and loses 10% a month. February needs 100 × 29 × 0.0002 = 0.58 t, so January's
/// stock is 0.58 / 0.9 = 0.64444 t: purchase 64.444 + storage 1.2889 = **$65.733**.
#[test]
fn storage_across_periods() {
    let toml = toml("month", "2024-01-01", 2);
    let files = [
        ("scenario.toml", toml.as_str()),
        (
            "nodes.csv",
            "id,name,kind,lat,lon,country,storage_capacity_t,storage_cost_usd_per_t_period,storage_loss_per_period\n\
             d,District,district,0,0,ML,1000,2,0.1\n",
        ),
        ("lanes.csv", "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\n"),
        ("commodities.csv", "id,name,group\na,Grain,food\n"),
        ("nutrients.csv", "id,name,unit\nkcal,Energy,kcal\n"),
        ("nutrient_content.csv", "commodity,nutrient,amount_per_100g\na,kcal,500\n"),
        ("ration.csv", "kind,item,min_per_person_day\nnutrient,kcal,1000\n"),
        ("needs.csv", "district,period,people,phase\nd,2024-02,100,3\n"),
        (
            "markets.csv",
            "node,commodity,period,price_usd_per_t,capacity_t,channel\nd,a,2024-01,100,inf,local\n",
        ),
        ("funds.csv", "id,name,amount_usd\nf,Fund,1e6\n"),
    ];
    let s = read_inline(&files);
    let (_, plan) = solve_verified(&s);
    assert_close(plan.person_days_served(), 2_900.0, KEPT);
    let stock = 0.58 / 0.9;
    assert_close(plan.stocks.iter().map(|x| x.tonnes).sum::<f64>(), stock, KEPT);
    assert_close(plan.costs.purchase, 100.0 * stock, KEPT);
    assert_close(plan.costs.storage, 2.0 * stock, KEPT);
    assert_close(plan.costs.total(), 65.733_333_333, KEPT);
}

/// A lane closed in one period: 10 t of fuel are needed at D on each of two days; 20 t are
/// donated at P. The direct lane P→D ($1/t) is closed on day 1, so day 1 goes by the detour
/// P→H→D ($5 + $5): 10 × 10 + 10 × 1 = **$110**.
#[test]
fn lane_closed_in_one_period() {
    let toml = toml("day", "2024-01-01", 2);
    let mut files = vec![
        ("scenario.toml", toml.as_str()),
        (
            "nodes.csv",
            "id,name,kind,lat,lon,country\np,Port,port,0,0,SN\nh,Hub,hub,0,1,ML\nd,District,district,0,2,ML\n",
        ),
        (
            "lanes.csv",
            "id,from,to,mode,distance_km,cost_usd_per_t,capacity_t_per_period\n\
             pd,p,d,road,10,1,inf\nph,p,h,road,10,5,inf\nhd,h,d,road,10,5,inf\n",
        ),
        ("lane_availability.csv", "lane,periods,capacity_factor,reason\npd,2024-01-01,0,flood\n"),
        ("commodities.csv", "id,name,group\nfuel,Fuel,fuel\n"),
        ("supply.csv", "id,commodity,node,quantity_t,available_from\ngift,fuel,p,20,2024-01-01\n"),
        ("demand.csv", "node,commodity,period,quantity_t,weight_per_t\nd,fuel,*,10,1\n"),
    ];
    files.extend(NO_FOOD);
    let s = read_inline(&files);
    let (_, plan) = solve_verified(&s);
    assert_close(plan.delivered_t.iter().sum::<f64>(), 20.0, KEPT);
    assert_close(plan.costs.transport, 110.0, KEPT);
    let direct_day1: f64 =
        plan.flows.iter().filter(|f| s.lane(f.lane).code == "pd" && f.period.0 == 0).map(|f| f.tonnes).sum();
    assert_eq!(direct_day1, 0.0, "nothing moves on a closed lane");
}

/// The weighted method serves people only when a person-day is worth more than it costs:
/// the diet costs $0.38125 per person-day.
#[test]
fn weighted_objective_serves_when_worth_it() {
    for (value, expected) in [(0.3, 0.0), (1.0, 1_000.0)] {
        let toml = format!(
            "{}\n[objective]\nmethod = \"weighted\"\nvalue_usd_per_person_day = {value}\n",
            toml("day", "2024-01-01", 1)
        );
        let files = diet_files(
            &toml,
            "district,period,people,phase\nd,2024-01-01,1000,3\n",
            "id,name,amount_usd\nf,Fund,1e9\n",
        );
        let s = read_owned(&files);
        let (_, plan) = solve_verified(&s);
        assert_close(plan.person_days_served(), expected, 1e-8);
    }
}

/// Without funds.csv, purchases are not limited by money: the diet above is bought for all
/// 1,000 person-days ($381.25), paid by the stand-in `unbudgeted` fund.
#[test]
fn no_funds_means_purchases_are_not_limited_by_money() {
    let toml = toml("day", "2024-01-01", 1);
    let files: Vec<_> = diet_files(&toml, "district,period,people,phase\nd,2024-01-01,1000,3\n", "")
        .into_iter()
        .filter(|(name, _)| *name != "funds.csv")
        .collect();
    let s = read_owned(&files);
    assert_eq!(s.funds.len(), 1);
    assert_eq!(s.funds[0].code, "unbudgeted");
    let (_, plan) = solve_verified(&s);
    assert_close(plan.person_days_served(), 1_000.0, KEPT);
    assert_close(plan.costs.purchase, 381.25, KEPT);
}
