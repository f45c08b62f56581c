//! `plan.json`, the machine-readable plan. Its wire format is documented in
//! `docs/plan-json.md`; bump [`SCHEMA_VERSION`] on any incompatible change.

use serde::Serialize;

use hinterland_plan::explain::{sentence, unit};

use crate::{Report, tables};

pub const SCHEMA_VERSION: u32 = 1;

/// Rounds a quantity to 6 decimals so outputs do not carry solver noise.
pub fn r6(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
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
    costs_usd: CostsJson,
    marginal_cost_usd_per_weighted_person_day: Option<f64>,
    marginal_cost_measured: bool,
    periods: Vec<PeriodJson>,
    districts: Vec<DistrictJson>,
    corridors: Vec<CorridorJson>,
    modes: Vec<ModeJson>,
    funds: Vec<FundJson>,
    donations: Vec<DonationJson>,
    nonfood: Vec<NonfoodJson>,
    purchases: Vec<PurchaseJson>,
    flows: Vec<FlowJson>,
    stocks: Vec<StockJson>,
    consumption: Vec<ConsumptionJson>,
    served: Vec<ServedJson>,
    shadow_prices: Vec<ShadowJson>,
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
    person_days_served: f64,
    person_days_in_need: f64,
}

#[derive(Serialize)]
struct CostsJson {
    purchase: f64,
    transport: f64,
    handling: f64,
    storage: f64,
    total: f64,
}

#[derive(Serialize)]
struct PeriodJson {
    period: String,
    days: f64,
    people_in_need: f64,
    people_served: f64,
    person_days_in_need: f64,
    person_days_served: f64,
}

#[derive(Serialize)]
struct DistrictJson {
    district: String,
    name: String,
    phase: u8,
    person_days_in_need: f64,
    person_days_served: f64,
    share_served: f64,
    food_t: f64,
}

#[derive(Serialize)]
struct CorridorJson {
    corridor: String,
    mode: &'static str,
    tonnes: f64,
}

#[derive(Serialize)]
struct ModeJson {
    mode: &'static str,
    tonnes: f64,
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
    node: String,
    quantity_t: f64,
    used_t: f64,
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
    period: String,
    channel: String,
    fund: String,
    tonnes: f64,
    price_usd_per_t: f64,
    cost_usd: f64,
}

#[derive(Serialize)]
struct FlowJson {
    lane: String,
    from: String,
    to: String,
    mode: &'static str,
    commodity: String,
    period: String,
    arrival_period: String,
    tonnes: f64,
}

#[derive(Serialize)]
struct StockJson {
    node: String,
    commodity: String,
    period: String,
    tonnes: f64,
}

#[derive(Serialize)]
struct ConsumptionJson {
    district: String,
    commodity: String,
    period: String,
    tonnes: f64,
}

#[derive(Serialize)]
struct ServedJson {
    district: String,
    period: String,
    phase: u8,
    people_in_need: f64,
    person_days_in_need: f64,
    person_days_served: f64,
    share_served: f64,
}

#[derive(Serialize)]
struct ShadowJson {
    row: String,
    description: String,
    unit: &'static str,
    limit: f64,
    used: f64,
    weighted_person_days_per_unit: Option<f64>,
    usd_saved_per_unit: Option<f64>,
    measured: Option<MeasuredJson>,
    degenerate: bool,
    sentence: String,
}

#[derive(Serialize)]
struct MeasuredJson {
    delta: f64,
    weighted_person_days_per_unit: Option<f64>,
    usd_saved_per_unit: Option<f64>,
}

/// The plan as pretty-printed JSON (deterministic for a given plan).
pub fn render(r: &Report<'_>) -> String {
    let s = r.scenario;
    let plan = r.plan;
    let p = |t: hinterland_model::Period| s.calendar.label(t).to_owned();
    let periods = tables::by_period(s, plan);
    let in_need: f64 = periods.iter().map(|x| x.person_days_in_need).sum();
    let tol = r.verify.tolerances.unwrap_or_default();
    let c = plan.costs;
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
            weighted_person_days: r6(plan.weighted_service(s)),
            person_days_served: r6(plan.person_days_served()),
            person_days_in_need: r6(in_need),
        },
        costs_usd: CostsJson {
            purchase: r6(c.purchase),
            transport: r6(c.transport),
            handling: r6(c.handling),
            storage: r6(c.storage),
            total: r6(c.total()),
        },
        marginal_cost_usd_per_weighted_person_day: plan.marginal_cost_usd_per_weighted_person_day,
        marginal_cost_measured: plan.marginal_cost_measured,
        periods: periods
            .into_iter()
            .map(|x| PeriodJson {
                period: x.period,
                days: x.days,
                people_in_need: r6(x.people_in_need),
                people_served: r6(x.people_served),
                person_days_in_need: r6(x.person_days_in_need),
                person_days_served: r6(x.person_days_served),
            })
            .collect(),
        districts: tables::by_district(s, plan)
            .into_iter()
            .map(|d| DistrictJson {
                share_served: r6(d.share()),
                district: d.district,
                name: d.name,
                phase: d.phase,
                person_days_in_need: r6(d.person_days_in_need),
                person_days_served: r6(d.person_days_served),
                food_t: r6(d.tonnes_food),
            })
            .collect(),
        corridors: tables::by_corridor(s, plan)
            .into_iter()
            .map(|c| CorridorJson { corridor: c.corridor, mode: c.mode.as_str(), tonnes: r6(c.tonnes) })
            .collect(),
        modes: tables::by_mode(s, plan)
            .into_iter()
            .map(|m| ModeJson { mode: m.mode.as_str(), tonnes: r6(m.tonnes), tonne_km: r6(m.tonne_km) })
            .collect(),
        funds: tables::by_fund(s, plan)
            .into_iter()
            .map(|f| FundJson {
                left_usd: r6(f.left_usd()),
                fund: f.fund,
                name: f.name,
                amount_usd: f.amount_usd,
                purchases_usd: r6(f.purchases_usd),
                logistics_usd: r6(f.logistics_usd),
            })
            .collect(),
        donations: tables::supplies(s, plan)
            .into_iter()
            .map(|d| DonationJson {
                donation: d.supply,
                commodity: d.commodity,
                node: d.node,
                quantity_t: d.quantity_t,
                used_t: r6(d.used_t),
            })
            .collect(),
        nonfood: tables::demands(s, plan)
            .into_iter()
            .map(|d| NonfoodJson {
                short_t: r6(d.quantity_t - d.delivered_t),
                node: d.node,
                commodity: d.commodity,
                period: d.period,
                quantity_t: d.quantity_t,
                delivered_t: r6(d.delivered_t),
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
                    period: p(m.period),
                    channel: m.channel.clone(),
                    fund: s.fund(x.fund).code.clone(),
                    tonnes: r6(x.tonnes),
                    price_usd_per_t: m.price_usd_per_t,
                    cost_usd: r6(x.tonnes * m.price_usd_per_t),
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
                    period: p(f.period),
                    arrival_period: p(hinterland_model::Period(f.period.0 + l.transit_periods)),
                    tonnes: r6(f.tonnes),
                }
            })
            .collect(),
        stocks: plan
            .stocks
            .iter()
            .map(|x| StockJson {
                node: s.node(x.node).code.clone(),
                commodity: s.commodity(x.commodity).code.clone(),
                period: p(x.period),
                tonnes: r6(x.tonnes),
            })
            .collect(),
        consumption: plan
            .consumption
            .iter()
            .map(|x| ConsumptionJson {
                district: s.node(x.district).code.clone(),
                commodity: s.commodity(x.commodity).code.clone(),
                period: p(x.period),
                tonnes: r6(x.tonnes),
            })
            .collect(),
        served: s
            .need_ids()
            .map(|k| {
                let n = s.need(k);
                let pd = s.need_person_days(k);
                let v = plan.served_person_days[k.index()];
                ServedJson {
                    district: s.node(n.district).code.clone(),
                    period: p(n.period),
                    phase: n.phase,
                    people_in_need: n.people,
                    person_days_in_need: r6(pd),
                    person_days_served: r6(v),
                    share_served: if pd > 0.0 { r6(v / pd) } else { 0.0 },
                }
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
                used: r6(sp.used),
                weighted_person_days_per_unit: sp.service_per_unit,
                usd_saved_per_unit: sp.usd_saved_per_unit,
                measured: sp.measured.map(|m| MeasuredJson {
                    delta: m.delta,
                    weighted_person_days_per_unit: m.service_per_unit,
                    usd_saved_per_unit: m.usd_saved_per_unit,
                }),
                degenerate: sp.is_degenerate(),
                sentence: sentence(s, sp),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .expect("plan JSON has only finite-or-null numbers and string keys");
    text.push('\n');
    text
}
