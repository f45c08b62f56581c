//! `plan.json`, the machine-readable plan. Its wire format is documented in
//! `docs/plan-json.md`; bump [`SCHEMA_VERSION`] on any incompatible change.

use serde::Serialize;

use hinterland_plan::CostBreakdown;
use hinterland_plan::explain::{closure, sentence_in, stated, unit};

use crate::goods::{self, FoodCost, Goods};
use crate::people;
use crate::{Report, tables};

/// Version 2: partial rations and impartial allocation. People are *reached* (`served`
/// fields renamed), rations, coverage and fairness added, food and non-food apart; the
/// per-need-row array `served` became `needs`.
pub const SCHEMA_VERSION: u32 = 3;

/// A quantity as machine outputs write it: the same `f64`, never rounded (its text is the
/// shortest that reads back to the same bits), except that a negative zero becomes `0`.
/// Solver noise below [`hinterland_plan::plan::ZERO`] is already cleared when the plan is
/// decoded; only human-facing text rounds.
pub fn exact(v: f64) -> f64 {
    // `+ 0.0` turns a negative zero into a plain zero and leaves every other value alone.
    v + 0.0
}

#[derive(Serialize)]
struct PlanJson<'a> {
    schema_version: u32,
    scenario: ScenarioJson<'a>,
    status: &'static str,
    solver: Vec<StepJson>,
    lp: LpJson,
    verification: VerifyJson,
    service: ServiceJson,
    fairness: FairnessJson,
    costs_usd: CostsJson,
    food_cost: FoodCostJson,
    marginal_cost_usd_per_weighted_person_day: Option<f64>,
    marginal_cost_measured: bool,
    periods: Vec<PeriodJson>,
    districts: Vec<DistrictJson>,
    needs: Vec<NeedJson>,
    corridors: Vec<CorridorJson>,
    modes: Vec<ModeJson>,
    funds: Vec<FundJson>,
    donations: Vec<DonationJson>,
    nonfood: Vec<NonfoodJson>,
    purchases: Vec<PurchaseJson>,
    flows: Vec<FlowJson>,
    stocks: Vec<StockJson>,
    /// The pipeline view (docs/plan-json.md, `pipeline`).
    pipeline: crate::pipeline::PipelineJson,
    consumption: Vec<ConsumptionJson>,
    shadow_prices: Vec<ShadowJson>,
    /// A plan made from the ledger: what it took and the variance (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct ScenarioJson<'a> {
    name: &'a str,
    origin: &'a str,
    currency: &'a str,
    step: &'static str,
    periods: Vec<&'a str>,
}

#[derive(Serialize)]
struct StepJson {
    goal: &'static str,
    /// `null` for `confirm`, which is many re-solves.
    status: Option<&'static str>,
    objective: f64,
    iterations: u64,
    solver: String,
}

#[derive(Serialize)]
struct LpJson {
    columns: usize,
    rows: usize,
    nonzeros: usize,
    max_relative_residual: f64,
}

#[derive(Serialize)]
struct VerifyJson {
    checks: usize,
    violations: usize,
    tolerance_absolute: f64,
    tolerance_relative: f64,
}

#[derive(Serialize)]
struct ServiceJson {
    weighted_person_days: f64,
    person_days_reached: f64,
    value_person_days: f64,
    person_days_in_need: f64,
    coverage: f64,
    nonfood_weighted_t: f64,
    nonfood_delivered_t: f64,
    nonfood_needed_t: f64,
}

#[derive(Serialize)]
struct FairnessJson {
    allocation: &'static str,
    band: Option<BandJson>,
    price_of_fairness: Option<PriceJson>,
    phases: Vec<PhaseJson>,
}

#[derive(Serialize)]
struct BandJson {
    max_gap: f64,
    held: bool,
    unreachable: Vec<NeedRefJson>,
}

#[derive(Serialize)]
struct NeedRefJson {
    district: String,
    period: String,
    phase: u8,
}

#[derive(Serialize)]
struct PriceJson {
    utilitarian_weighted_person_days: f64,
    impartial_weighted_person_days: f64,
    lost_weighted_person_days: f64,
    lost_share: f64,
}

#[derive(Serialize)]
struct PhaseJson {
    phase: u8,
    need_rows: usize,
    coverage: f64,
    min_coverage: f64,
    max_coverage: f64,
    gini: f64,
}

#[derive(Serialize)]
struct CostItemsJson {
    purchase: f64,
    transport: f64,
    handling: f64,
    storage: f64,
    total: f64,
}

impl From<CostBreakdown> for CostItemsJson {
    fn from(c: CostBreakdown) -> Self {
        CostItemsJson {
            purchase: exact(c.purchase),
            transport: exact(c.transport),
            handling: exact(c.handling),
            storage: exact(c.storage),
            total: exact(c.total()),
        }
    }
}

#[derive(Serialize)]
struct CostsJson {
    purchase: f64,
    transport: f64,
    handling: f64,
    storage: f64,
    total: f64,
    food: CostItemsJson,
    nonfood: CostItemsJson,
}

#[derive(Serialize)]
struct FoodCostJson {
    usd: f64,
    donated_t: f64,
    donated_value_usd: f64,
    donated_unvalued_t: f64,
    usd_with_donations_valued: f64,
    usd_per_person_day_reached: Option<f64>,
    usd_per_person_day_reached_donations_valued: Option<f64>,
    usd_per_value_person_day: Option<f64>,
    usd_per_value_person_day_donations_valued: Option<f64>,
}

#[derive(Serialize)]
struct PeriodJson {
    period: String,
    days: f64,
    people_in_need: f64,
    people_reached: f64,
    person_days_in_need: f64,
    person_days_reached: f64,
    value_person_days: f64,
    coverage: f64,
}

#[derive(Serialize)]
struct DistrictJson {
    district: String,
    name: String,
    phase: u8,
    person_days_in_need: f64,
    person_days_reached: f64,
    share_reached: f64,
    value_person_days: f64,
    coverage: f64,
    food_t: f64,
}

#[derive(Serialize)]
struct NeedJson {
    district: String,
    period: String,
    phase: u8,
    people_in_need: f64,
    people_reached: f64,
    person_days_in_need: f64,
    person_days_reached: f64,
    share_reached: f64,
    value_person_days: f64,
    coverage: f64,
    grams_per_person_day: Vec<GramsJson>,
    ration: Vec<RationJson>,
    below_phase_best: bool,
    held_by: Vec<HeldJson>,
}

#[derive(Serialize)]
struct GramsJson {
    commodity: String,
    g: f64,
}

#[derive(Serialize)]
struct RationJson {
    kind: &'static str,
    item: String,
    unit: String,
    per_person_day: f64,
    floor: f64,
    cap: Option<f64>,
    share_of_floor: Option<f64>,
}

#[derive(Serialize)]
struct HeldJson {
    row: String,
    description: String,
}

#[derive(Serialize)]
struct CorridorJson {
    corridor: String,
    mode: &'static str,
    tonnes: f64,
    food_t: f64,
    nonfood_t: f64,
}

#[derive(Serialize)]
struct ModeJson {
    mode: &'static str,
    tonnes: f64,
    food_t: f64,
    nonfood_t: f64,
    tonne_km: f64,
}

#[derive(Serialize)]
struct FundJson {
    fund: String,
    name: String,
    amount_usd: f64,
    purchases_usd: f64,
    logistics_usd: f64,
    left_usd: f64,
}

#[derive(Serialize)]
struct DonationJson {
    donation: String,
    commodity: String,
    goods: &'static str,
    node: String,
    quantity_t: f64,
    used_t: f64,
    value_usd_per_t: Option<f64>,
    value_source: &'static str,
    /// The period it was pledged in, when supply.csv says.
    pledged_period: Option<String>,
    /// The period it is available at its hand-over point.
    available_period: String,
}

#[derive(Serialize)]
struct NonfoodJson {
    node: String,
    commodity: String,
    period: String,
    quantity_t: f64,
    delivered_t: f64,
    short_t: f64,
}

#[derive(Serialize)]
struct PurchaseJson {
    node: String,
    commodity: String,
    goods: &'static str,
    period: String,
    channel: String,
    fund: String,
    tonnes: f64,
    price_usd_per_t: f64,
    cost_usd: f64,
    /// The order period (= `period`) and when the goods are at `node`: order + lead time.
    order_period: String,
    arrival_period: String,
    lead_periods: u32,
}

#[derive(Serialize)]
struct FlowJson {
    lane: String,
    from: String,
    to: String,
    mode: &'static str,
    commodity: String,
    goods: &'static str,
    period: String,
    arrival_period: String,
    tonnes: f64,
}

#[derive(Serialize)]
struct StockJson {
    node: String,
    commodity: String,
    goods: &'static str,
    period: String,
    tonnes: f64,
}

#[derive(Serialize)]
struct ConsumptionJson {
    district: String,
    period: String,
    phase: u8,
    commodity: String,
    tonnes: f64,
}

#[derive(Serialize)]
struct ShadowJson {
    row: String,
    description: String,
    unit: &'static str,
    limit: f64,
    used: f64,
    weighted_person_days_per_unit: Option<f64>,
    person_days_measured_on: &'static str,
    usd_saved_per_unit: Option<f64>,
    measured: Option<MeasuredJson>,
    degenerate: bool,
    sentence: String,
    sentence_uses: &'static str,
    closed: bool,
    closed_reason: Option<String>,
}

#[derive(Serialize)]
struct MeasuredJson {
    delta: f64,
    weighted_person_days_per_unit: Option<f64>,
    usd_saved_per_unit: Option<f64>,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { exact(a / b) } else { 0.0 }
}

/// The plan as pretty-printed JSON (deterministic for a given plan).
pub fn render(r: &Report<'_>) -> String {
    let s = r.scenario;
    let plan = r.plan;
    let p = |t: hinterland_model::Period| s.calendar.label(t).to_owned();
    let goods_of = |c: hinterland_model::CommodityId| Goods::of(s, c).as_str();
    let periods = tables::by_period(s, plan);
    let in_need: f64 = periods.iter().map(|x| x.person_days_in_need).sum();
    let value: f64 = plan.value_person_days.iter().sum();
    let tol = r.verify.tolerances.unwrap_or_default();
    let c = plan.costs;
    let [food_costs, nonfood_costs] = goods::costs(s, plan);
    let fc = FoodCost::of(s, plan);
    let demands = tables::demands(s, plan);
    let impartial = plan.fairness() == hinterland_model::Fairness::Impartial;
    let doc = PlanJson {
        schema_version: SCHEMA_VERSION,
        scenario: ScenarioJson {
            name: &s.name,
            origin: r.origin,
            currency: &s.currency,
            step: s.calendar.step().as_str(),
            periods: s.calendar.periods().map(|t| s.calendar.label(t)).collect(),
        },
        status: "optimal",
        solver: r
            .run
            .steps
            .iter()
            .map(|st| StepJson {
                goal: st.goal.as_str(),
                status: st.status.map(hinterland_lp::Status::as_str),
                objective: st.objective,
                iterations: st.iterations,
                solver: st.solver.clone(),
            })
            .collect(),
        lp: LpJson {
            columns: r.run.formulation.lp.ncols(),
            rows: r.run.formulation.lp.nrows(),
            nonzeros: r.run.formulation.lp.matrix.nnz(),
            max_relative_residual: r.run.max_residual,
        },
        verification: VerifyJson {
            checks: r.verify.checked,
            violations: r.verify.violations.len(),
            tolerance_absolute: tol.absolute,
            tolerance_relative: tol.relative,
        },
        service: ServiceJson {
            weighted_person_days: exact(plan.weighted_service(s)),
            person_days_reached: exact(plan.person_days_served()),
            value_person_days: exact(value),
            person_days_in_need: exact(in_need),
            coverage: ratio(value, in_need),
            nonfood_weighted_t: exact(plan.nonfood_service(s)),
            nonfood_delivered_t: exact(demands.iter().map(|d| d.delivered_t).sum()),
            nonfood_needed_t: exact(demands.iter().map(|d| d.quantity_t).sum()),
        },
        fairness: FairnessJson {
            allocation: plan.fairness().as_str(),
            band: plan.band.as_ref().map(|b| BandJson {
                max_gap: b.max_gap,
                held: b.held,
                unreachable: b
                    .unreachable
                    .iter()
                    .map(|&k| {
                        let n = s.need(k);
                        NeedRefJson {
                            district: s.node(n.district).code.clone(),
                            period: s.calendar.label(n.period).to_owned(),
                            phase: n.phase,
                        }
                    })
                    .collect(),
            }),
            price_of_fairness: plan.price_of_fairness.map(|f| PriceJson {
                utilitarian_weighted_person_days: exact(f.utilitarian),
                impartial_weighted_person_days: exact(f.impartial),
                lost_weighted_person_days: exact((f.utilitarian - f.impartial).max(0.0)),
                lost_share: exact(f.loss_share()),
            }),
            phases: plan
                .spread(s)
                .into_iter()
                .map(|x| PhaseJson {
                    phase: x.phase,
                    need_rows: x.rows,
                    coverage: exact(x.coverage),
                    min_coverage: exact(x.min_coverage),
                    max_coverage: exact(x.max_coverage),
                    gini: exact(x.gini),
                })
                .collect(),
        },
        costs_usd: CostsJson {
            purchase: exact(c.purchase),
            transport: exact(c.transport),
            handling: exact(c.handling),
            storage: exact(c.storage),
            total: exact(c.total()),
            food: food_costs.into(),
            nonfood: nonfood_costs.into(),
        },
        food_cost: FoodCostJson {
            usd: exact(fc.usd),
            donated_t: exact(fc.donated_t),
            donated_value_usd: exact(fc.donated_value_usd),
            donated_unvalued_t: exact(fc.donated_unvalued_t),
            usd_with_donations_valued: exact(fc.usd_with_donations()),
            usd_per_person_day_reached: fc.per_person_day_reached().map(|v| exact(v.0)),
            usd_per_person_day_reached_donations_valued: fc.per_person_day_reached().map(|v| exact(v.1)),
            usd_per_value_person_day: fc.per_full_ration_person_day().map(|v| exact(v.0)),
            usd_per_value_person_day_donations_valued: fc.per_full_ration_person_day().map(|v| exact(v.1)),
        },
        marginal_cost_usd_per_weighted_person_day: plan.marginal_cost_usd_per_weighted_person_day,
        marginal_cost_measured: plan.marginal_cost_measured,
        periods: periods
            .into_iter()
            .map(|x| PeriodJson {
                coverage: ratio(x.value_person_days, x.person_days_in_need),
                period: x.period,
                days: x.days,
                people_in_need: exact(x.people_in_need),
                people_reached: exact(x.people_served),
                person_days_in_need: exact(x.person_days_in_need),
                person_days_reached: exact(x.person_days_served),
                value_person_days: exact(x.value_person_days),
            })
            .collect(),
        districts: tables::by_district(s, plan)
            .into_iter()
            .map(|d| DistrictJson {
                share_reached: exact(d.share()),
                coverage: exact(d.coverage()),
                district: d.district,
                name: d.name,
                phase: d.phase,
                person_days_in_need: exact(d.person_days_in_need),
                person_days_reached: exact(d.person_days_served),
                value_person_days: exact(d.value_person_days),
                food_t: exact(d.tonnes_food),
            })
            .collect(),
        needs: people::need_rows(s, plan)
            .into_iter()
            .map(|n| NeedJson {
                grams_per_person_day: s
                    .commodity_ids()
                    .filter(|c| n.grams[c.index()] > 0.0)
                    .map(|c| GramsJson {
                        commodity: s.commodity(c).code.clone(),
                        g: exact(n.grams[c.index()]),
                    })
                    .collect(),
                ration: (0..s.ration.limits.len())
                    .map(|i| {
                        let b = s.ration.limits[i].bounds;
                        RationJson {
                            kind: people::limit_kind(s, i),
                            item: people::limit_item(s, i).to_owned(),
                            unit: people::limit_unit(s, i).to_owned(),
                            per_person_day: exact(n.ration[i]),
                            floor: b.min,
                            cap: b.max.is_finite().then_some(b.max),
                            share_of_floor: n.share_of_floor(s, i).map(exact),
                        }
                    })
                    .collect(),
                held_by: n
                    .held_by
                    .iter()
                    .map(|k| HeldJson { row: k.display(s).to_string(), description: k.describe(s) })
                    .collect(),
                share_reached: exact(n.share_reached()),
                district: n.district,
                period: p(n.period),
                phase: n.phase,
                people_in_need: n.people_in_need,
                people_reached: exact(n.people_reached),
                person_days_in_need: exact(n.person_days_in_need),
                person_days_reached: exact(n.person_days_reached),
                value_person_days: exact(n.value_person_days),
                coverage: exact(n.coverage),
                below_phase_best: n.below_best,
            })
            .collect(),
        corridors: tables::by_corridor(s, plan)
            .into_iter()
            .map(|c| CorridorJson {
                corridor: c.corridor,
                mode: c.mode.as_str(),
                tonnes: exact(c.tonnes),
                food_t: exact(c.goods[Goods::Food.index()]),
                nonfood_t: exact(c.goods[Goods::Nonfood.index()]),
            })
            .collect(),
        modes: tables::by_mode(s, plan)
            .into_iter()
            .map(|m| ModeJson {
                mode: m.mode.as_str(),
                tonnes: exact(m.tonnes),
                food_t: exact(m.goods[Goods::Food.index()]),
                nonfood_t: exact(m.goods[Goods::Nonfood.index()]),
                tonne_km: exact(m.tonne_km),
            })
            .collect(),
        funds: tables::by_fund(s, plan)
            .into_iter()
            .map(|f| FundJson {
                left_usd: exact(f.left_usd()),
                fund: f.fund,
                name: f.name,
                amount_usd: f.amount_usd,
                purchases_usd: exact(f.purchases_usd),
                logistics_usd: exact(f.logistics_usd),
            })
            .collect(),
        donations: tables::supplies(s, plan)
            .into_iter()
            .zip(goods::donation_values(s))
            .map(|(d, v)| DonationJson {
                goods: goods_of(s.supply(v.supply).commodity),
                donation: d.supply,
                commodity: d.commodity,
                node: d.node,
                quantity_t: d.quantity_t,
                used_t: exact(d.used_t),
                value_usd_per_t: v.usd_per_t,
                value_source: v.source.as_str(),
                pledged_period: s.supply(v.supply).pledged_period.map(|t| s.calendar.label(t).to_owned()),
                available_period: s.calendar.label(s.supply(v.supply).available_from).to_owned(),
            })
            .collect(),
        nonfood: demands
            .into_iter()
            .map(|d| NonfoodJson {
                short_t: exact(d.quantity_t - d.delivered_t),
                node: d.node,
                commodity: d.commodity,
                period: d.period,
                quantity_t: d.quantity_t,
                delivered_t: exact(d.delivered_t),
            })
            .collect(),
        purchases: plan
            .purchases
            .iter()
            .map(|x| {
                let m = s.market(x.market);
                PurchaseJson {
                    node: s.node(m.node).code.clone(),
                    commodity: s.commodity(m.commodity).code.clone(),
                    goods: goods_of(m.commodity),
                    period: p(m.period),
                    channel: m.channel.clone(),
                    fund: s.fund(x.fund).code.clone(),
                    tonnes: exact(x.tonnes),
                    price_usd_per_t: m.price_usd_per_t,
                    cost_usd: exact(x.tonnes * m.price_usd_per_t),
                    order_period: p(m.period),
                    arrival_period: p(x.arrival),
                    lead_periods: m.lead_periods,
                }
            })
            .collect(),
        flows: plan
            .flows
            .iter()
            .map(|f| {
                let l = s.lane(f.lane);
                FlowJson {
                    lane: l.code.clone(),
                    from: s.node(l.from).code.clone(),
                    to: s.node(l.to).code.clone(),
                    mode: l.mode.as_str(),
                    commodity: s.commodity(f.commodity).code.clone(),
                    goods: goods_of(f.commodity),
                    period: p(f.period),
                    arrival_period: p(s.arrivals(f.lane, f.period).first().unwrap_or(f.period)),
                    tonnes: exact(f.tonnes),
                }
            })
            .collect(),
        pipeline: crate::pipeline::json(s, plan),
        stocks: plan
            .stocks
            .iter()
            .map(|x| StockJson {
                node: s.node(x.node).code.clone(),
                commodity: s.commodity(x.commodity).code.clone(),
                goods: goods_of(x.commodity),
                period: p(x.period),
                tonnes: exact(x.tonnes),
            })
            .collect(),
        consumption: plan
            .consumption
            .iter()
            .map(|x| ConsumptionJson {
                district: s.node(x.district).code.clone(),
                period: p(x.period),
                phase: s.need(x.need).phase,
                commodity: s.commodity(x.commodity).code.clone(),
                tonnes: exact(x.tonnes),
            })
            .collect(),
        shadow_prices: plan
            .shadow_prices
            .iter()
            .map(|sp| ShadowJson {
                row: sp.row.display(s).to_string(),
                description: sp.row.describe(s),
                unit: unit(&sp.row),
                limit: sp.limit,
                used: exact(sp.used),
                weighted_person_days_per_unit: sp.service_per_unit,
                person_days_measured_on: if impartial { "utilitarian_food_step" } else { "this_plan" },
                usd_saved_per_unit: sp.usd_saved_per_unit,
                measured: sp.measured.map(|m| MeasuredJson {
                    delta: m.delta,
                    weighted_person_days_per_unit: m.service_per_unit,
                    usd_saved_per_unit: m.usd_saved_per_unit,
                }),
                degenerate: sp.is_degenerate(),
                sentence: sentence_in(s, plan, sp),
                sentence_uses: stated(sp).source.as_str(),
                closed: closure(s, &sp.row).is_some(),
                closed_reason: closure(s, &sp.row).and_then(|c| c.reason),
            })
            .collect(),
        ledger: r.ledger.map(crate::ledger::json),
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .expect("plan JSON has only finite-or-null numbers and string keys");
    text.push('\n');
    text
}
