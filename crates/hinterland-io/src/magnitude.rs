//! The largest value each kind of number in a scenario may have.
//!
//! A value far beyond any real scenario is a typo (an extra digit, a unit mistake, `1e15`
//! people) and would reach the solver as numbers it cannot handle: Clp treats costs and
//! bounds above about 1e20 as infinite, and products of huge values overflow. The reader
//! rejects such values at their cell (`H0213`), by the column's unit, so a new column of a
//! listed unit is covered without being named. The limits are generous: each is far above
//! what a country-sized plan needs. `docs/scenario-format.md` lists them.

use std::fmt::Write as _;

use hinterland_model::Scenario;

/// The largest value of numbers in one unit, and why it is enough.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Magnitude {
    /// A unit as the schema writes it (`t`, `USD/t`, ...).
    pub unit: &'static str,
    pub max: f64,
    /// Why nothing real is larger, for the docs and the help line.
    pub why: &'static str,
}

/// The limits by unit. Fractions, coordinates and counts of periods have their own checks.
pub const MAGNITUDES: &[Magnitude] = &[
    Magnitude { unit: "persons", max: 1e10, why: "more than the world's population" },
    Magnitude { unit: "t", max: 1e9, why: "a billion tonnes, a third of the world's yearly cereal harvest" },
    Magnitude { unit: "t/period", max: 1e9, why: "a billion tonnes in one period" },
    Magnitude { unit: "USD/t", max: 1e9, why: "a billion US dollars a tonne, ten times the price of gold" },
    Magnitude { unit: "USD/(t·period)", max: 1e9, why: "a billion US dollars a tonne and period" },
    Magnitude { unit: "USD", max: 1e14, why: "a hundred trillion US dollars, the world's yearly product" },
    Magnitude { unit: "km", max: 1e5, why: "more than twice around the Earth" },
    Magnitude { unit: "days", max: 3650.0, why: "ten years in transit" },
    Magnitude { unit: "t/m³", max: 1e3, why: "far denser than any material" },
    Magnitude { unit: "nutrient unit", max: 1e6, why: "a million units of a nutrient in 100 g" },
    Magnitude {
        unit: "nutrient unit, or g",
        max: 1e6,
        why: "a million units of a nutrient, or a tonne of a food, per person and day",
    },
    Magnitude { unit: "weight per t", max: 1e6, why: "weights compare rows; a million to one is plenty" },
    Magnitude { unit: "", max: 1e6, why: "weights compare rows; a million to one is plenty" },
];

/// The limit for numbers of `unit`; a unit not listed gets the largest tonnage's.
pub fn max_for(unit: &str) -> &'static Magnitude {
    const OTHER: Magnitude = Magnitude { unit: "other", max: 1e9, why: "far beyond any real scenario" };
    MAGNITUDES.iter().find(|m| m.unit == unit).unwrap_or(&OTHER)
}

/// Weights and values in `scenario.toml` (`phase_weights`, `nonfood_weight_per_t`,
/// `value_usd_per_person_day`).
pub const SETTINGS_MAX: Magnitude = Magnitude {
    unit: "weights in `scenario.toml`",
    max: 1e6,
    why: "weights compare rows; a million to one is plenty",
};

/// A value that an edit took beyond its unit's limit (or to infinity or NaN): what it is, the
/// value, and the limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    /// What holds the value, e.g. "the amount of fund `un_food`".
    pub what: String,
    pub value: f64,
    pub limit: &'static Magnitude,
}

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = self.limit.unit;
        write!(
            f,
            "it makes {} `{}` {unit}, above the largest value in {unit}, {} ({})",
            self.what,
            number(self.value),
            shown(self.limit.max),
            self.limit.why
        )
    }
}

/// The first value that differs between `before` and `after` (a scenario and the same after
/// an edit, so of the same shape) and lies beyond the limit of its unit, or became infinite
/// or NaN from a finite value: what a `--set`, `--grid` or `[[variant]]` edit can scale
/// (lane capacities and costs, funds, prices, market capacities, people, donations) gets the
/// limits of the scenario's files. An unlimited capacity or fund stays unlimited.
pub fn edit_overflow(before: &Scenario, after: &Scenario) -> Option<Overflow> {
    let out = |what: String, value: f64, unit: &str| Some(Overflow { what, value, limit: max_for(unit) });
    let beyond = |old: f64, new: f64, unit: &str| {
        old != new && !(old.is_infinite() && new.is_infinite()) && (new.is_nan() || new > max_for(unit).max)
    };
    for (l, (a, b)) in before.lanes.iter().zip(&after.lanes).enumerate() {
        for t in 0..before.lane_factor[l].len().min(after.lane_factor[l].len()) {
            let (old, new) = (
                a.capacity_t_per_period * before.lane_factor[l][t],
                b.capacity_t_per_period * after.lane_factor[l][t],
            );
            let new = if after.lane_factor[l][t] == 0.0 { 0.0 } else { new };
            if beyond(old, new, "t/period") {
                let period = after.calendar.label(hinterland_model::Period(t as u32));
                return out(format!("the capacity of lane `{}` in `{period}`", b.code), new, "t/period");
            }
        }
        if beyond(a.cost_usd_per_t, b.cost_usd_per_t, "USD/t") {
            return out(format!("the cost of lane `{}`", b.code), b.cost_usd_per_t, "USD/t");
        }
    }
    for (a, b) in before.funds.iter().zip(&after.funds) {
        if beyond(a.amount_usd, b.amount_usd, "USD") {
            return out(format!("the amount of fund `{}`", b.code), b.amount_usd, "USD");
        }
    }
    for (i, (a, b)) in before.markets.iter().zip(&after.markets).enumerate() {
        let offer = || {
            format!(
                "market offer {} (`{}`)",
                i + 1,
                after.commodities.get(b.commodity.index()).map_or("", |c| c.code.as_str())
            )
        };
        if beyond(a.price_usd_per_t, b.price_usd_per_t, "USD/t") {
            return out(format!("the price of {}", offer()), b.price_usd_per_t, "USD/t");
        }
        if beyond(a.capacity_t, b.capacity_t, "t") {
            return out(format!("the capacity of {}", offer()), b.capacity_t, "t");
        }
    }
    for (i, (a, b)) in before.needs.iter().zip(&after.needs).enumerate() {
        if beyond(a.people, b.people, "persons") {
            let district = after.nodes.get(b.district.index()).map_or("", |n| n.code.as_str());
            return out(format!("need row {} (`{district}`)", i + 1), b.people, "persons");
        }
    }
    for (a, b) in before.supplies.iter().zip(&after.supplies) {
        if beyond(a.quantity_t, b.quantity_t, "t") {
            return out(format!("donation `{}`", b.code), b.quantity_t, "t");
        }
    }
    None
}

/// A value for a message: as written up to 1e15, in exponent form above (`1.2e308`, not 309
/// digits).
fn number(x: f64) -> String {
    if x.is_finite() && x.abs() < 1e15 { format!("{x}") } else { format!("{x:e}") }
}

/// `1e10`-style text for messages and docs.
pub fn shown(x: f64) -> String {
    let exponent = x.log10().round();
    if (10f64.powf(exponent) - x).abs() <= f64::EPSILON * x {
        format!("1e{exponent}")
    } else {
        format!("{x}")
    }
}

/// The limits as the Markdown table of `docs/scenario-format.md`.
pub fn markdown_table() -> String {
    let mut out = String::from("| unit | largest value | why |\n|---|---|---|\n");
    for m in MAGNITUDES {
        let unit = if m.unit.is_empty() { "none (`value_weight`)".to_owned() } else { m.unit.to_owned() };
        let _ = writeln!(out, "| {unit} | {} | {} |", shown(m.max), m.why);
    }
    let m = SETTINGS_MAX;
    let _ = writeln!(out, "| {} | {} | {} |", m.unit, shown(m.max), m.why);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_shown_as_powers_of_ten() {
        assert_eq!(shown(1e10), "1e10");
        assert_eq!(shown(1e6), "1e6");
        assert_eq!(shown(2500.0), "2500");
        assert_eq!(max_for("t").max, 1e9);
        assert_eq!(max_for("no such unit").unit, "other");
    }
}
