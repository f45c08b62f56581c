//! Shadow prices in plain words: which limits bind and what one more unit is worth.

use std::fmt::Write as _;

use hinterland_lp::Solution;
use hinterland_model::Scenario;

use crate::formulation::Formulation;
use crate::keys::RowKey;
use crate::plan::{Measured, ShadowPrice, effect};

/// Duals smaller than this are treated as zero.
const DUAL_ZERO: f64 = 1e-9;

/// A row with a non-zero dual.
#[derive(Clone, Debug, PartialEq)]
pub struct Limit {
    pub row: RowKey,
    pub dual: f64,
    pub activity: f64,
    pub bound: f64,
}

/// Whether a row is a limit a planner can act on (capacity, money, goods on offer).
pub fn is_actionable(row: &RowKey) -> bool {
    matches!(
        row,
        RowKey::LaneCapacity { .. }
            | RowKey::StorageCapacity { .. }
            | RowKey::MarketCapacity { .. }
            | RowKey::SupplyLimit { .. }
            | RowKey::ShipmentLimit { .. }
            | RowKey::Budget { .. }
            | RowKey::CommitmentFloor { .. }
    )
}

/// The unit of a limit row, singular.
pub fn unit(row: &RowKey) -> &'static str {
    match row {
        RowKey::Budget { .. } | RowKey::LogisticsPayment => "US dollar",
        RowKey::RationMin { .. }
        | RowKey::RationMax { .. }
        | RowKey::Adequacy { .. }
        | RowKey::AdequacyStep { .. }
        | RowKey::Fair { .. }
        | RowKey::Continuity { .. }
        | RowKey::CoverageFloor { .. }
        | RowKey::CommitmentFloor { .. } => "person-day",
        RowKey::ServiceFloor => "weighted person-day",
        RowKey::LevelFloor { .. } => "weighted tonne",
        RowKey::CommitmentMiss | RowKey::WorstMiss { .. } => "share of a commitment",
        _ => "tonne",
    }
}

/// Actionable rows whose dual is non-zero, largest first.
pub fn binding_limits(f: &Formulation, dual: &[f64], activity: &[f64]) -> Vec<Limit> {
    let mut out: Vec<Limit> =
        f.lp.row_keys
            .iter()
            .enumerate()
            .filter(|(i, key)| is_actionable(key) && dual[*i].abs() > DUAL_ZERO)
            .map(|(i, key)| Limit {
                row: *key,
                dual: dual[i],
                activity: activity[i],
                bound: if f.lp.row_hi[i].is_finite() { f.lp.row_hi[i] } else { f.lp.row_lo[i] },
            })
            .collect();
    out.sort_by(|a, b| b.dual.abs().total_cmp(&a.dual.abs()).then_with(|| a.row_order(b)));
    out
}

impl Limit {
    fn row_order(&self, other: &Limit) -> std::cmp::Ordering {
        format!("{:?}", self.row).cmp(&format!("{:?}", other.row))
    }
}

/// Shadow prices on actionable rows from the service step (`service_dual`, weighted
/// person-days per unit) and the cost step (`cost_dual`, d cost / d bound; saving = −dual).
/// Rows where both are zero are left out. Sorted by service value, then by saving.
pub fn shadow_prices(
    f: &Formulation,
    final_solution: &Solution,
    service_dual: Option<&[f64]>,
    cost_dual: Option<&[f64]>,
) -> Vec<ShadowPrice> {
    let mut out = Vec::new();
    for (i, key) in f.lp.row_keys.iter().enumerate() {
        if !is_actionable(key) {
            continue;
        }
        let sv = service_dual.map(|d| d[i]).filter(|v| v.abs() > DUAL_ZERO);
        let usd = cost_dual.map(|d| -d[i]).filter(|v| v.abs() > DUAL_ZERO);
        if sv.is_none() && usd.is_none() {
            continue;
        }
        out.push(ShadowPrice {
            row: *key,
            row_index: i,
            measured: None,
            service_per_unit: sv,
            usd_saved_per_unit: usd,
            limit: if f.lp.row_hi[i].is_finite() { f.lp.row_hi[i] } else { f.lp.row_lo[i] },
            used: final_solution.row_activity[i],
        });
    }
    out.sort_by(|a, b| {
        let key = |p: &ShadowPrice| {
            (p.service_per_unit.unwrap_or(0.0).abs(), p.usd_saved_per_unit.unwrap_or(0.0).abs())
        };
        let (a1, a2) = key(a);
        let (b1, b2) = key(b);
        b1.total_cmp(&a1).then(b2.total_cmp(&a2))
    });
    out
}

/// A difference for people, as [`human`] with a `+` on gains; differences that round to
/// nothing print `0`.
pub fn human_signed(v: f64) -> String {
    if v.abs() < 5e-3 {
        "0".to_owned()
    } else if v > 0.0 {
        format!("+{}", human(v))
    } else {
        human(v)
    }
}

/// Formats a number for people: thousands separators, sensible decimals.
pub fn human(v: f64) -> String {
    let a = v.abs();
    if a < 5e-5 {
        return "0".to_owned();
    }
    let decimals = if a >= 100.0 {
        0
    } else if a >= 1.0 {
        2
    } else {
        4
    };
    let s = format!("{a:.decimals$}");
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Formats a count with thousands separators.
pub fn count(n: usize) -> String {
    human(n as f64).split('.').next().unwrap_or_default().to_owned()
}

/// Where the numbers of a shadow price's sentence come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Measured by re-solving with the limit raised ([`ShadowPrice::measured`]).
    Measured,
    /// The LP's duals, not confirmed by a re-solve. The LPs are degenerate, so a dual may
    /// promise a gain that a re-solve would not find.
    Dual,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Measured => "measured",
            Source::Dual => "dual",
        }
    }
}

/// The numbers a shadow price's sentence states, per unit, and where they come from: the
/// measured values when the limit was confirmed, else the duals. A value smaller than
/// [`crate::plan::NO_EFFECT_PER_UNIT`] (or not measured) is `None`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stated {
    pub service_per_unit: Option<f64>,
    pub usd_saved_per_unit: Option<f64>,
    pub source: Source,
}

/// The numbers [`sentence_in`] states for `p`.
pub fn stated(p: &ShadowPrice) -> Stated {
    match p.measured {
        Some(m) => Stated {
            service_per_unit: effect(m.service_per_unit),
            usd_saved_per_unit: effect(m.usd_saved_per_unit),
            source: Source::Measured,
        },
        None => Stated {
            service_per_unit: p.service_per_unit,
            usd_saved_per_unit: p.usd_saved_per_unit,
            source: Source::Dual,
        },
    }
}

/// A limit that cannot be raised as it stands: a lane closed in the period (availability
/// factor 0). Its value is the value of reopening it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closure {
    /// The reason `lane_availability.csv` gives, if any.
    pub reason: Option<String>,
}

/// Whether `row` is a closed lane's capacity, and why.
pub fn closure(s: &Scenario, row: &RowKey) -> Option<Closure> {
    match *row {
        RowKey::LaneCapacity { lane, period } if s.lane_closed(lane, period) => {
            Some(Closure { reason: s.lane_reason(lane, period) })
        }
        _ => None,
    }
}

/// One sentence for a shadow price of `plan`, e.g. "1 more tonne of capacity of lane X in
/// 2024-07 would serve 1,234 more weighted person-days, or keep the same service for US$ 3.10
/// less". In an impartial plan the person-days gained are measured on the utilitarian food
/// step (the only food level with one objective to differentiate), not on the plan itself,
/// and the sentence says so: "In a plan that maximised total food service, 1 more tonne ...
/// would serve 1,234 more weighted person-days; in this plan it would keep the same service
/// for US$ 3.10 less". A closed lane's capacity is worded as reopening it ("Reopening 1
/// tonne of capacity of lane X in 2024-08 (closed: freight stopped May 2018) would save
/// ..."), and numbers that are unconfirmed duals say so. The numbers are [`stated`]'s.
pub fn sentence_in(s: &Scenario, plan: &crate::Plan, p: &ShadowPrice) -> String {
    if plan.price_of_fairness.is_some() { phrase(s, p, Basis::Utilitarian) } else { sentence(s, p) }
}

/// Which plan a shadow price's person-days belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// The plan the price is reported with.
    ThisPlan,
    /// The utilitarian food step's optimum, while the plan is impartial.
    Utilitarian,
}

/// One sentence for a shadow price whose person-days and dollars are both the plan's own
/// (a utilitarian or weighted plan); [`sentence_in`] words it for any plan.
pub fn sentence(s: &Scenario, p: &ShadowPrice) -> String {
    phrase(s, p, Basis::ThisPlan)
}

fn phrase(s: &Scenario, p: &ShadowPrice, basis: Basis) -> String {
    let u = unit(&p.row);
    let closed = closure(s, &p.row);
    let what = match &closed {
        Some(Closure { reason: Some(r) }) => format!("{} (closed: {r})", p.row.describe(s)),
        Some(Closure { reason: None }) => format!("{} (closed)", p.row.describe(s)),
        None => p.row.describe(s),
    };
    // "1 more tonne of capacity of lane X" or, closed, "reopening 1 tonne of ...".
    let one_more =
        if closed.is_some() { format!("reopening 1 {u} of {what}") } else { format!("1 more {u} of {what}") };
    let st = stated(p);
    // A value that rounds to 0 in words is 0 in words: a re-solve's noise (−1e-9 dollars) must
    // not read as "would cost US$ 0 more".
    let words = |v: Option<f64>| v.map(|v| if human(v.abs()) == "0" { 0.0 } else { v });
    let (service, usd) = (words(st.service_per_unit), words(st.usd_saved_per_unit));
    // A confirmation whose re-solve did not end optimal measured nothing: say so rather than
    // let the missing value read as "no effect". An unconfirmed dual says what it is.
    let note = match p.measured {
        Some(Measured { service_per_unit: None, usd_saved_per_unit: None, .. }) => {
            " (not measured: the re-solves did not end optimal)"
        }
        Some(Measured { service_per_unit: None, .. }) => " (the service re-solve did not end optimal)",
        Some(Measured { usd_saved_per_unit: None, .. }) => " (the cost re-solve did not end optimal)",
        Some(_) => "",
        None => " (the LP's dual, not confirmed by a re-solve: duals of a degenerate LP can overstate)",
    };
    if service.is_none() && usd.is_none() {
        if p.measured.is_some_and(|m| !m.complete()) {
            return capitalise(&format!("{one_more}: effect unknown{note}"));
        }
        return capitalise(&format!("{one_more} would change nothing (a degenerate dual)"));
    }
    let mut parts = Vec::new();
    if let Some(v) = service {
        if v >= 0.0 {
            parts.push(format!("serve {} more weighted person-days", human(v)));
        } else {
            parts.push(format!("serve {} fewer weighted person-days", human(-v)));
        }
    }
    if basis == Basis::Utilitarian && !parts.is_empty() {
        let mut out = format!("In a plan that maximised total food service, {one_more} would {}", parts[0]);
        if let Some(v) = usd {
            let more_or_less = if v >= 0.0 { "less" } else { "more" };
            let _ = write!(
                out,
                "; in this plan it would keep the same service for US$ {} {more_or_less}",
                human(v.abs())
            );
        }
        out.push_str(note);
        return out;
    }
    if let Some(v) = usd {
        let lead = if parts.is_empty() { "" } else { "keep the same service for " };
        if v >= 0.0 {
            if lead.is_empty() {
                parts.push(format!("save US$ {}", human(v)));
            } else {
                parts.push(format!("{lead}US$ {} less", human(v)));
            }
        } else if lead.is_empty() {
            parts.push(format!("cost US$ {} more", human(-v)));
        } else {
            parts.push(format!("{lead}US$ {} more", human(-v)));
        }
    }
    capitalise(&format!("{one_more} would {}{note}", parts.join(", or ")))
}

/// `text` with its first letter upper-case (sentences start with "1 more" or "Reopening").
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn human_numbers() {
        assert_eq!(human(1_234_567.8), "1,234,568");
        assert_eq!(human(12.345), "12.35");
        assert_eq!(human(-0.5), "-0.5000");
        assert_eq!(human(999.0), "999");
        assert_eq!(human(0.0), "0");
        assert_eq!(human(-1e-9), "0");
    }
}
