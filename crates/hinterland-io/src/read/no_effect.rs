//! Rows that can never influence the plan (`H0510`).
//!
//! Such a row is well formed, so the scenario is valid, but the plan would be the same
//! without it: in the base and in every what-if variant, since no edit can give it an
//! effect. The plan does not mention what it ignores, so the reader warns, at the row.
//!
//! Each kind of row is one variant of [`NoEffect`] with its message and help; a new kind is a
//! new variant and a line in `docs/diagnostics.md`. Rows whose own amount is 0 (a need of 0
//! people, an offer, donation or lane of 0 t, a fund of US$ 0) are not reported: the plan
//! does what they say, complete tables have them, and a fund can be set by an edit.

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::read::table::Loc;

/// Where a non-food good comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Goods {
    /// A row of `markets.csv`.
    Offer,
    /// A row of `supply.csv`.
    Donation,
}

/// A row that can never influence the plan, and why.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NoEffect<'a> {
    /// A demand row with tonnes but neither a value (`weight_per_t` 0) nor a commitment
    /// (`min_share` 0): delivering gains nothing, so no plan delivers, and no edit changes a
    /// demand's weight or share. `defaulted` when the weight is `objective.nonfood_weight_per_t`.
    UnvaluedDemand { tonnes: &'a str, commodity: &'a str, node: &'a str, defaulted: bool },
    /// A ration limit with neither a floor nor a cap: it makes no LP row.
    UnboundedRationLimit { item: &'a str },
    /// Goods that are not food (they feed no one) of a commodity that no row of
    /// `demand.csv` asks for: nothing can ever use them.
    UnwantedGoods { goods: Goods, commodity: &'a str, group: &'static str },
}

impl NoEffect<'_> {
    /// The warning, at `loc`.
    pub(crate) fn at(&self, loc: &Loc) -> Diagnostic {
        loc.diag(codes::NO_EFFECT, self.message()).with_help(self.help())
    }

    fn message(&self) -> String {
        match self {
            NoEffect::UnvaluedDemand { tonnes, commodity, node, defaulted: false } => format!(
                "demand for `{tonnes}` t of `{commodity}` at `{node}` has `weight_per_t` `0` and no `min_share`, so the plan never delivers it"
            ),
            NoEffect::UnvaluedDemand { tonnes, commodity, node, defaulted: true } => format!(
                "demand for `{tonnes}` t of `{commodity}` at `{node}` has no `weight_per_t` and no `min_share`, and the default weight `objective.nonfood_weight_per_t` is `0`, so the plan never delivers it"
            ),
            NoEffect::UnboundedRationLimit { item } => {
                format!("ration limit on `{item}` has neither a minimum nor a maximum, so it limits nothing")
            }
            NoEffect::UnwantedGoods { goods, commodity, group } => {
                let what = match goods {
                    Goods::Offer => "this offer is never bought",
                    Goods::Donation => "this donation is never used",
                };
                format!(
                    "`{commodity}` is `{group}`, not food, and no row of `demand.csv` asks for it, so {what}"
                )
            }
        }
    }

    fn help(&self) -> String {
        match self {
            NoEffect::UnvaluedDemand { defaulted: false, .. } => {
                "give a `weight_per_t` above 0 (weighted person-days per tonne delivered) or a `min_share` (the share that must be delivered), or remove the row".to_owned()
            }
            NoEffect::UnvaluedDemand { defaulted: true, .. } => {
                "give the row a `weight_per_t` or a `min_share`, or set `nonfood_weight_per_t` under `[objective]` in `scenario.toml`".to_owned()
            }
            NoEffect::UnboundedRationLimit { .. } => {
                "give a `min_per_person_day`, a `max_per_person_day` or both, or remove the row".to_owned()
            }
            NoEffect::UnwantedGoods { commodity, .. } => {
                format!("add a row for `{commodity}` to `demand.csv`, or remove this row")
            }
        }
    }
}
