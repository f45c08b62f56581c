//! Independent verification of a plan against its scenario.
//!
//! Nothing here reads the LP or the solver's answer: it takes the decoded [`Plan`] and
//! recomputes every balance, capacity, budget and ration limit from the scenario's own
//! tables. A plan that fails here is wrong, whatever the solver said.

use hinterland_model::{NeedId, PORTIONS_OF_100G_PER_T, RationItem, Scenario, T_PER_G};

use crate::formulation::ration::amount_per_t;
use crate::keys::Commitment;
use crate::plan::Plan;

/// Tolerances: a limit `b` is violated when missed by more than `absolute + relative · |b|`.
#[derive(Clone, Copy, Debug)]
pub struct Tolerances {
    pub absolute: f64,
    pub relative: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances { absolute: 1e-5, relative: 1e-6 }
    }
}

impl Tolerances {
    fn allowed(&self, scale: f64) -> f64 {
        self.absolute + self.relative * scale.abs()
    }
}

/// One failed check.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Which family of checks, e.g. `flow balance`, `lane capacity`.
    pub check: &'static str,
    /// What it is about, in words.
    pub subject: String,
    /// By how much the limit is missed, in the check's unit.
    pub amount: f64,
}

/// The outcome of [`verify`].
#[derive(Clone, Debug, Default)]
pub struct VerifyReport {
    /// How many individual conditions were checked.
    pub checked: usize,
    pub violations: Vec<Violation>,
    pub tolerances: Option<Tolerances>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
    }
}

struct Checker<'a> {
    s: &'a Scenario,
    tol: Tolerances,
    report: VerifyReport,
}

impl Checker<'_> {
    /// Checks `value ≤ limit` (scaled by `scale`).
    fn le(
        &mut self,
        check: &'static str,
        value: f64,
        limit: f64,
        scale: f64,
        subject: impl FnOnce() -> String,
    ) {
        self.report.checked += 1;
        if !value.is_finite() || value > limit + self.tol.allowed(scale) {
            self.report.violations.push(Violation { check, subject: subject(), amount: value - limit });
        }
    }

    fn ge(
        &mut self,
        check: &'static str,
        value: f64,
        limit: f64,
        scale: f64,
        subject: impl FnOnce() -> String,
    ) {
        self.report.checked += 1;
        if !value.is_finite() || value < limit - self.tol.allowed(scale) {
            self.report.violations.push(Violation { check, subject: subject(), amount: limit - value });
        }
    }

    fn period(&self, t: hinterland_model::Period) -> &str {
        self.s.calendar.label(t)
    }
}

/// Checks `plan` against every rule of scenario `s`.
pub fn verify(s: &Scenario, plan: &Plan, tol: Tolerances) -> VerifyReport {
    let mut ck =
        Checker { s, tol, report: VerifyReport { tolerances: Some(tol), ..VerifyReport::default() } };
    let t_count = s.calendar.len();
    let c_count = s.commodities.len();
    let nct = |n: usize, c: usize, t: usize| (n * c_count + c) * t_count + t;
    let mut net = vec![0.0f64; s.nodes.len() * c_count * t_count];
    let mut through = vec![0.0f64; net.len()];

    // Opening stock is on hand at the start of the first period.
    if t_count > 0 {
        for o in &s.opening {
            let i = nct(o.node.index(), o.commodity.index(), 0);
            net[i] += o.quantity_t;
            through[i] += o.quantity_t.abs();
        }
    }

    // Purchases: market capacity, channel eligibility, lead time (goods are available in
    // their order period plus the offer's lead time, never before, and within the horizon).
    let mut bought = vec![0.0; s.markets.len()];
    for p in &plan.purchases {
        let m = s.market(p.market);
        ck.ge("non-negative", p.tonnes, 0.0, 0.0, || "purchase".into());
        bought[p.market.index()] += p.tonnes;
        let due = m.period.index() + m.lead_periods as usize;
        ck.report.checked += 1;
        if p.arrival.index() != due || due >= t_count {
            ck.report.violations.push(Violation {
                check: "lead time",
                subject: format!(
                    "`{}` ordered at `{}` in {} with a lead of {} periods is booked as arriving in {}",
                    s.commodity(m.commodity).code,
                    s.node(m.node).code,
                    s.calendar.label(m.period),
                    m.lead_periods,
                    if p.arrival.index() < t_count { s.calendar.label(p.arrival) } else { "no period" },
                ),
                amount: p.tonnes,
            });
        }
        let arrival = p.arrival.index().min(t_count.saturating_sub(1));
        let i = nct(m.node.index(), m.commodity.index(), arrival);
        net[i] += p.tonnes;
        through[i] += p.tonnes.abs();
        ck.report.checked += 1;
        if !s.fund(p.fund).may_buy_through(&m.channel) {
            ck.report.violations.push(Violation {
                check: "fund channel",
                subject: format!("fund `{}` bought through channel `{}`", s.fund(p.fund).code, m.channel),
                amount: p.tonnes,
            });
        }
    }
    for k in s.market_ids() {
        let m = s.market(k);
        ck.le("market capacity", bought[k.index()], m.capacity_t, m.capacity_t, || {
            format!(
                "{} at {} in {}",
                s.commodity(m.commodity).code,
                s.node(m.node).code,
                s.calendar.label(m.period)
            )
        });
    }

    // Donations.
    let mut drawn = vec![0.0; s.supplies.len()];
    for d in &plan.draws {
        let sup = s.supply(d.supply);
        ck.ge("non-negative", d.tonnes, 0.0, 0.0, || "donation draw".into());
        ck.ge("donation timing", f64::from(d.period.0), f64::from(sup.available_from.0), 0.0, || {
            format!("donation `{}` used before it is available", sup.code)
        });
        drawn[d.supply.index()] += d.tonnes;
        let i = nct(sup.node.index(), sup.commodity.index(), d.period.index());
        net[i] += d.tonnes;
        through[i] += d.tonnes.abs();
    }
    for k in s.supply_ids() {
        let sup = s.supply(k);
        ck.le("donation quantity", drawn[k.index()], sup.quantity_t, sup.quantity_t, || {
            format!("donation `{}`", sup.code)
        });
    }

    // Pipeline shipments: called forward at or after their arrival, at most what they carry.
    let mut received = vec![0.0; s.pipeline.len()];
    for r in &plan.receipts {
        let x = s.shipment(r.shipment);
        ck.ge("non-negative", r.tonnes, 0.0, 0.0, || "pipeline receipt".into());
        ck.ge("pipeline timing", f64::from(r.period.0), f64::from(x.arrival.0), 0.0, || {
            format!("shipment `{}` used before it arrives", x.code)
        });
        received[r.shipment.index()] += r.tonnes;
        let i = nct(x.node.index(), x.commodity.index(), r.period.index());
        net[i] += r.tonnes;
        through[i] += r.tonnes.abs();
    }
    for k in s.shipment_ids() {
        let x = s.shipment(k);
        ck.le("pipeline quantity", received[k.index()], x.quantity_t, x.quantity_t, || {
            format!("shipment `{}`", x.code)
        });
    }

    // Flows: horizon, blockades and lane capacity; each arrives in its transit's periods,
    // in its shares (`Scenario::arrivals`).
    let mut lane_use = vec![0.0; s.lanes.len() * t_count];
    for f in &plan.flows {
        let l = s.lane(f.lane);
        ck.ge("non-negative", f.tonnes, 0.0, 0.0, || format!("flow on `{}`", l.code));
        if s.is_banned(f.lane, f.commodity, f.period) {
            ck.le("lane ban", f.tonnes, 0.0, 0.0, || {
                format!(
                    "`{}` moved on `{}` in {}, which the variant bans",
                    s.commodity(f.commodity).code,
                    l.code,
                    s.calendar.label(f.period)
                )
            });
        }
        let arrivals = s.arrivals(f.lane, f.period);
        ck.report.checked += 1;
        if arrivals.shares.is_empty() {
            ck.report.violations.push(Violation {
                check: "horizon",
                subject: format!("flow on `{}` in {} arrives after the horizon", l.code, ck.period(f.period)),
                amount: f.tonnes,
            });
            continue;
        }
        lane_use[f.lane.index() * t_count + f.period.index()] += f.tonnes;
        let out = nct(l.from.index(), f.commodity.index(), f.period.index());
        net[out] -= f.tonnes;
        through[out] += f.tonnes.abs();
        for &(arrival, share) in &arrivals.shares {
            let inn = nct(l.to.index(), f.commodity.index(), arrival.index());
            net[inn] += share * f.tonnes;
            through[inn] += (share * f.tonnes).abs();
        }
    }
    for lane in s.lane_ids() {
        for t in s.calendar.periods() {
            let cap = s.lane_capacity(lane, t);
            let used = lane_use[lane.index() * t_count + t.index()];
            ck.le("lane capacity", used, cap, cap, || {
                format!("lane `{}` in {}", s.lane(lane).code, s.calendar.label(t))
            });
        }
    }

    // Stocks: storage capacity, losses.
    let mut stored = vec![0.0; s.nodes.len() * t_count];
    for st in &plan.stocks {
        let node = s.node(st.node);
        ck.ge("non-negative", st.tonnes, 0.0, 0.0, || format!("stock at `{}`", node.code));
        stored[st.node.index() * t_count + st.period.index()] += st.tonnes;
        let i = nct(st.node.index(), st.commodity.index(), st.period.index());
        net[i] -= st.tonnes;
        through[i] += st.tonnes.abs();
        if st.period.index() + 1 < t_count {
            let j = nct(st.node.index(), st.commodity.index(), st.period.index() + 1);
            let loss = s.storage_terms(st.node, st.commodity).1;
            net[j] += (1.0 - loss) * st.tonnes;
            through[j] += st.tonnes.abs();
        }
    }
    for n in s.node_ids() {
        let cap = s.node(n).storage_capacity_t;
        for t in s.calendar.periods() {
            ck.le("storage capacity", stored[n.index() * t_count + t.index()], cap, cap, || {
                format!("`{}` at the end of {}", s.node(n).code, s.calendar.label(t))
            });
        }
    }

    // Surplus: only the late share of a trip in days, at a node that cannot hold it.
    for x in &plan.surplus {
        ck.ge("non-negative", x.tonnes, 0.0, 0.0, || "surplus".into());
        ck.report.checked += 1;
        let allowed = crate::formulation::transport::surplus_at(s, x.node, x.commodity, x.period);
        if !allowed {
            ck.report.violations.push(Violation {
                check: "surplus",
                subject: format!(
                    "`{}` left unused at `{}` in {}",
                    s.commodity(x.commodity).code,
                    s.node(x.node).code,
                    s.calendar.label(x.period)
                ),
                amount: x.tonnes,
            });
        }
        let i = nct(x.node.index(), x.commodity.index(), x.period.index());
        net[i] -= x.tonnes;
        through[i] += x.tonnes.abs();
    }

    // Consumption and demand leave the balance.
    for c in &plan.consumption {
        ck.ge("non-negative", c.tonnes, 0.0, 0.0, || "consumption".into());
        ck.report.checked += 1;
        if s.node(c.district).kind != hinterland_model::NodeKind::District
            || !s.commodity(c.commodity).is_food()
        {
            ck.report.violations.push(Violation {
                check: "consumption",
                subject: format!(
                    "`{}` eaten at `{}`",
                    s.commodity(c.commodity).code,
                    s.node(c.district).code
                ),
                amount: c.tonnes,
            });
        }
        let i = nct(c.district.index(), c.commodity.index(), c.period.index());
        net[i] -= c.tonnes;
        through[i] += c.tonnes.abs();
    }
    for k in s.demand_ids() {
        let d = s.demand(k);
        let v = plan.delivered_t[k.index()];
        let subject = || {
            format!(
                "`{}` to `{}` in {}",
                s.commodity(d.commodity).code,
                s.node(d.node).code,
                s.calendar.label(d.period)
            )
        };
        ck.le("demand", v, d.quantity_t, d.quantity_t, subject);
        let committed = d.min_share * d.quantity_t;
        ck.ge(
            "demand commitment",
            v,
            commitment_floor(plan, Commitment::Demand(k), committed),
            d.quantity_t,
            subject,
        );
        let i = nct(d.node.index(), d.commodity.index(), d.period.index());
        net[i] -= v;
        through[i] += v.abs();
    }

    for n in s.node_ids() {
        for c in s.commodity_ids() {
            for t in s.calendar.periods() {
                let i = nct(n.index(), c.index(), t.index());
                ck.le("flow balance", net[i].abs(), 0.0, through[i], || {
                    format!(
                        "`{}` at `{}` in {}: in − out = {:e} t",
                        s.commodity(c).code,
                        s.node(n).code,
                        s.calendar.label(t),
                        net[i]
                    )
                });
            }
        }
    }

    // People reached, their rations and what those are worth.
    for k in s.need_ids() {
        let need = s.need(k);
        let v = plan.served_person_days[k.index()];
        let pd = s.need_person_days(k);
        let subject = || crate::keys::need_name(s, k);
        ck.ge("non-negative", v, 0.0, 0.0, subject);
        ck.le("people in need", v, pd, pd, subject);
        let committed = need.min_share * pd;
        ck.ge("need commitment", v, commitment_floor(plan, Commitment::Need(k), committed), pd, subject);
    }
    let mut eaten = vec![vec![0.0; s.ration.limits.len()]; s.needs.len()];
    for c in &plan.consumption {
        let need = s.need(c.need);
        ck.report.checked += 1;
        if (need.district, need.period) != (c.district, c.period) {
            ck.report.violations.push(Violation {
                check: "consumption",
                subject: format!(
                    "food of {} booked at `{}`",
                    crate::keys::need_name(s, c.need),
                    s.node(c.district).code
                ),
                amount: c.tonnes,
            });
        }
        for (i, limit) in s.ration.limits.iter().enumerate() {
            eaten[c.need.index()][i] += amount_of(s, &limit.item, c.commodity) * c.tonnes;
        }
    }
    let weights = crate::formulation::ration::value_weights(s);
    let curve = &s.allocation.adequacy_curve;
    let mut values = vec![0.0; s.needs.len()];
    for k in s.need_ids() {
        let served = plan.served_person_days[k.index()];
        let got = &eaten[k.index()];
        // Compared in person-days: the nutrient in the food covers `got / floor` person-days,
        // which must reach the floor's share of the person-days reached (and, for caps, not
        // exceed them). The tolerance is then in person-days, whatever the unit.
        let mut value = 0.0;
        for (i, limit) in s.ration.limits.iter().enumerate() {
            let name = || crate::keys::ration_item_name(s, i as u32);
            let subject =
                || format!("{} for {:.1} person-days of {}", name(), served, crate::keys::need_name(s, k));
            if limit.has_floor() {
                let covered = got[i] / limit.bounds.min;
                let floor = limit.floor_share * served;
                ck.ge("ration floor", covered, floor, served, subject);
                value += weights[i] * served * curve.value(if served > 0.0 { covered / served } else { 0.0 });
            }
            if limit.bounds.max.is_finite() {
                if limit.bounds.max > 0.0 {
                    ck.le("ration cap", got[i] / limit.bounds.max, served, served, subject);
                } else {
                    ck.le("ration cap", got[i], 0.0, 0.0, subject);
                }
            }
        }
        values[k.index()] = value;
        // The value reported is the value of the food eaten, recomputed here.
        let reported = plan.value_person_days[k.index()];
        let scale = s.need_person_days(k);
        ck.le("ration value", (reported - value).abs(), 0.0, scale, || {
            format!(
                "value of the rations of {}: reported {reported}, food gives {value}",
                crate::keys::need_name(s, k)
            )
        });
        // The coverage the allocation promised this need row (impartial steps' levels).
        if let Some(&level) = plan.coverage_floors.get(k.index()) {
            ck.ge("fair coverage", value, level * scale, scale, || {
                format!("coverage of {} below its fair level {level}", crate::keys::need_name(s, k))
            });
        }
    }

    // Continuity: coverage falls by at most `max_drop` from one period to the next, compared
    // in person-days as the LP does.
    if s.allocation.max_drop < 1.0 {
        for (from, to) in crate::formulation::continuity::consecutive(s) {
            let (pd_from, pd_to) = (s.need_person_days(from), s.need_person_days(to));
            let scale = f64::midpoint(pd_from, pd_to);
            let (before, after) = (values[from.index()] / pd_from, values[to.index()] / pd_to);
            ck.ge("continuity", after * scale, (before - s.allocation.max_drop) * scale, scale, || {
                format!(
                    "coverage of {} falls from {before} to {after}, more than `max_drop` {}",
                    crate::keys::need_name(s, to),
                    s.allocation.max_drop
                )
            });
        }
    }

    // Bounded spread: within each phase, every reachable need row's coverage lies within
    // `max_gap` of the lowest, compared in person-days as the LP does.
    if let Some(band) = plan.band.as_ref().filter(|b| b.held) {
        let mut phases: Vec<u8> = s.needs.iter().map(|n| n.phase).collect();
        phases.sort_unstable();
        phases.dedup();
        for phase in phases {
            let rows: Vec<NeedId> = s
                .need_ids()
                .filter(|&k| {
                    s.need(k).phase == phase && s.need_person_days(k) > 0.0 && !band.unreachable.contains(&k)
                })
                .collect();
            let lowest =
                rows.iter().map(|&k| values[k.index()] / s.need_person_days(k)).fold(f64::INFINITY, f64::min);
            for &k in &rows {
                let pd = s.need_person_days(k);
                let coverage = values[k.index()] / pd;
                ck.le("bounded spread", values[k.index()], (lowest + s.allocation.max_gap) * pd, pd, || {
                    format!(
                        "coverage of {} is {coverage}, more than `max_gap` {} above its phase's lowest {lowest}",
                        crate::keys::need_name(s, k),
                        s.allocation.max_gap
                    )
                });
            }
        }
    }

    // A best-effort plan's missed commitments: each names a real commitment, is missed, and
    // the scenario's commitment is what it says.
    for m in &plan.missed {
        let (committed, subject) = match m.commitment {
            Commitment::Need(k) => {
                (s.need(k).min_share * s.need_person_days(k), crate::keys::commitment_name(s, m.commitment))
            }
            Commitment::Demand(k) => (
                s.demand(k).min_share * s.demand(k).quantity_t,
                crate::keys::commitment_name(s, m.commitment),
            ),
        };
        ck.le("missed commitment", (m.committed - committed).abs(), 0.0, committed, || {
            format!("{subject}: listed as {}", m.committed)
        });
        ck.le("missed commitment", m.reachable, committed, committed, || {
            format!("{subject}: reachable above what was committed")
        });
    }

    // Costs: the plan's cost breakdown against the scenario's prices, recomputed here
    // (transport at each commodity's lane cost, handling where goods enter a node, storage
    // at each commodity's storage cost).
    check_costs(&mut ck, plan);

    // Money.
    let spent = plan.fund_spending(s);
    for f in s.fund_ids() {
        let fund = s.fund(f);
        ck.le("budget", spent[f.index()], fund.amount_usd, fund.amount_usd, || {
            format!("fund `{}`", fund.code)
        });
        ck.report.checked += 1;
        if !fund.pays_logistics && plan.logistics_paid_usd[f.index()] > tol.absolute {
            ck.report.violations.push(Violation {
                check: "logistics payment",
                subject: format!("fund `{}` pays logistics but may not", fund.code),
                amount: plan.logistics_paid_usd[f.index()],
            });
        }
    }
    if s.funds.iter().any(|f| f.pays_logistics) {
        let logistics = plan.cost_breakdown(s).logistics();
        let paid: f64 = plan.logistics_paid_usd.iter().sum();
        ck.ge("logistics payment", paid, logistics, logistics, || {
            "logistics costs paid by the funds allowed to".into()
        });
    }
    ck.report
}

/// Recomputes the cost of every quantity in `plan` and compares it with `plan.costs`.
fn check_costs(ck: &mut Checker<'_>, plan: &Plan) {
    let s = ck.s;
    let (mut purchase, mut transport, mut handling, mut storage) = (0.0, 0.0, 0.0, 0.0);
    for p in &plan.purchases {
        let m = s.market(p.market);
        purchase += m.price_usd_per_t * p.tonnes;
        handling += s.node(m.node).handling_cost_usd_per_t * p.tonnes;
    }
    for d in &plan.draws {
        let sup = s.supply(d.supply);
        handling += (s.node(sup.node).handling_cost_usd_per_t + sup.handover_cost_usd_per_t) * d.tonnes;
    }
    for r in &plan.receipts {
        handling += s.node(s.shipment(r.shipment).node).handling_cost_usd_per_t * r.tonnes;
    }
    for f in &plan.flows {
        let l = s.lane(f.lane);
        let own = s.lane_costs.iter().find(|c| c.lane == f.lane && c.commodity == f.commodity);
        transport += own.map_or(l.cost_usd_per_t, |c| c.cost_usd_per_t) * f.tonnes;
        handling += s.node(l.to).handling_cost_usd_per_t * f.tonnes;
    }
    for st in &plan.stocks {
        let own = s.storage_costs.iter().find(|c| c.node == st.node && c.commodity == st.commodity);
        storage += own.map_or(s.node(st.node).storage_cost_usd_per_t_period, |c| c.cost_usd_per_t_period)
            * st.tonnes;
    }
    let c = plan.costs;
    for (name, reported, recomputed) in [
        ("purchases", c.purchase, purchase),
        ("transport", c.transport, transport),
        ("handling", c.handling, handling),
        ("storage", c.storage, storage),
    ] {
        ck.le("cost", (reported - recomputed).abs(), 0.0, recomputed, || {
            format!("{name} cost: reported {reported}, the plan's quantities cost {recomputed}")
        });
    }
}

/// What a plan must reach of a hard commitment of `committed`: all of it, or, in a
/// best-effort plan that lists it as missed, what the plan says is reachable (and a list
/// that calls a commitment missed while reaching all of it is itself wrong, see `verify`).
fn commitment_floor(plan: &Plan, commitment: Commitment, committed: f64) -> f64 {
    plan.missed.iter().find(|m| m.commitment == commitment).map_or(committed, |m| m.reachable.min(committed))
}

/// What one tonne of `c` gives of a ration item, recomputed here rather than shared with the
/// formulation's scaled coefficients.
fn amount_of(s: &Scenario, item: &RationItem, c: hinterland_model::CommodityId) -> f64 {
    let direct = match item {
        RationItem::Nutrient(q) if s.commodity(c).is_food() => {
            s.content_per_100g[c.index()][q.index()] * PORTIONS_OF_100G_PER_T
        }
        RationItem::Commodity(x) if *x == c && s.commodity(c).is_food() => 1.0 / T_PER_G,
        RationItem::Group(g) if s.commodity(c).is_food() && s.commodity(c).ration_group == *g => {
            1.0 / T_PER_G
        }
        _ => 0.0,
    };
    debug_assert_eq!(direct, amount_per_t(s, item, c));
    direct
}
