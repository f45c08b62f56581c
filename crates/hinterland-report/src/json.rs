//! `plan.json`, the machine-readable plan. Its wire format is documented in
//! `docs/plan-json.md`; bump [`SCHEMA_VERSION`] on any incompatible change.

use serde::Serialize;

use hinterland_plan::explain::{sentence, unit};

use crate::{Report, tables};

pub const SCHEMA_VERSION: u32 = 1;

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
            weighted_person_days: exact(plan.weighted_service(s)),
            person_days_served: exact(plan.person_days_served()),
            person_days_in_need: exact(in_need),
        },
        costs_usd: CostsJson {
            purchase: exact(c.purchase),
            transport: exact(c.transport),
            handling: exact(c.handling),
            storage: exact(c.storage),
            total: exact(c.total()),
        },
        marginal_cost_usd_per_weighted_person_day: plan.marginal_cost_usd_per_weighted_person_day,
        marginal_cost_measured: plan.marginal_cost_measured,
        periods: periods
            .into_iter()
            .map(|x| PeriodJson {
                period: x.period,
                days: x.days,
                people_in_need: exact(x.people_in_need),
                people_served: exact(x.people_served),
                person_days_in_need: exact(x.person_days_in_need),
                person_days_served: exact(x.person_days_served),
            })
            .collect(),
        districts: tables::by_district(s, plan)
            .into_iter()
            .map(|d| DistrictJson {
                share_served: exact(d.share()),
                district: d.district,
                name: d.name,
                phase: d.phase,
                person_days_in_need: exact(d.person_days_in_need),
                person_days_served: exact(d.person_days_served),
                food_t: exact(d.tonnes_food),
            })
            .collect(),
        corridors: tables::by_corridor(s, plan)
            .into_iter()
            .map(|c| CorridorJson { corridor: c.corridor, mode: c.mode.as_str(), tonnes: exact(c.tonnes) })
            .collect(),
        modes: tables::by_mode(s, plan)
            .into_iter()
            .map(|m| ModeJson { mode: m.mode.as_str(), tonnes: exact(m.tonnes), tonne_km: exact(m.tonne_km) })
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
            .map(|d| DonationJson {
                donation: d.supply,
                commodity: d.commodity,
                node: d.node,
                quantity_t: d.quantity_t,
                used_t: exact(d.used_t),
            })
            .collect(),
        nonfood: tables::demands(s, plan)
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
                    period: p(m.period),
                    channel: m.channel.clone(),
                    fund: s.fund(x.fund).code.clone(),
                    tonnes: exact(x.tonnes),
                    price_usd_per_t: m.price_usd_per_t,
                    cost_usd: exact(x.tonnes * m.price_usd_per_t),
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
                    tonnes: exact(f.tonnes),
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
                tonnes: exact(x.tonnes),
            })
            .collect(),
        consumption: plan
            .consumption
            .iter()
            .map(|x| ConsumptionJson {
                district: s.node(x.district).code.clone(),
                commodity: s.commodity(x.commodity).code.clone(),
                period: p(x.period),
                tonnes: exact(x.tonnes),
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
                    person_days_in_need: exact(pd),
                    person_days_served: exact(v),
                    share_served: if pd > 0.0 { exact(v / pd) } else { 0.0 },
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
                used: exact(sp.used),
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
