//! The figures a comparison shows of each plan, keyed by what they measure; their labels
//! (`person-days reached`, `dakar (road)`) are for display only.

use std::borrow::Cow;

use hinterland_model::{Mode, Scenario};
use hinterland_plan::Plan;

use crate::tables;

/// A headline figure of a plan, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Headline {
    /// Person-days reached (people given a ration, full or reduced).
    PersonDaysServed,
    /// Person-days reached ÷ person-days in need, in percent.
    ShareOfNeedPct,
    /// Person-days of full ration ÷ person-days in need, in percent: a reduced ration counts
    /// by its nutrient adequacy.
    CoveragePct,
    /// Phase-weighted person-days of full ration (food only: non-food is its own level).
    WeightedService,
    CostUsd,
    CostUsdPerPersonDay,
    /// Left in the funds with a finite amount.
    MoneyLeftUsd,
}

impl Headline {
    pub const ALL: [Headline; 7] = [
        Headline::PersonDaysServed,
        Headline::ShareOfNeedPct,
        Headline::CoveragePct,
        Headline::WeightedService,
        Headline::CostUsd,
        Headline::CostUsdPerPersonDay,
        Headline::MoneyLeftUsd,
    ];

    /// In words, as the comparison shows it.
    pub fn label(self) -> &'static str {
        match self {
            Headline::PersonDaysServed => "person-days reached",
            Headline::ShareOfNeedPct => "share of need reached (%)",
            Headline::CoveragePct => "coverage (%)",
            Headline::WeightedService => "weighted person-days of full ration",
            Headline::CostUsd => "cost (USD)",
            Headline::CostUsdPerPersonDay => "cost per person-day reached (USD)",
            Headline::MoneyLeftUsd => "money left (USD)",
        }
    }

    /// The stable field name of a sweep's CSV column and JSON key.
    pub fn field(self) -> &'static str {
        match self {
            Headline::PersonDaysServed => "person_days_served",
            Headline::ShareOfNeedPct => "share_of_need_pct",
            Headline::CoveragePct => "coverage_pct",
            Headline::WeightedService => "weighted_service",
            Headline::CostUsd => "cost_usd",
            Headline::CostUsdPerPersonDay => "cost_usd_per_person_day",
            Headline::MoneyLeftUsd => "money_left_usd",
        }
    }
}

/// A group of figures, shown under one heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Headline,
    ShortfallByDistrict,
    TonnesByCorridor,
    TonnesByMode,
    MoneyLeftByFund,
}

impl Section {
    /// The heading, as the table and the JSON's `section` show it.
    pub fn label(self) -> &'static str {
        match self {
            Section::Headline => "headline",
            Section::ShortfallByDistrict => "shortfall by district (person-days not reached)",
            Section::TonnesByCorridor => "tonnes by corridor",
            Section::TonnesByMode => "tonnes by mode",
            Section::MoneyLeftByFund => "money left by fund (USD)",
        }
    }
}

/// What a figure measures.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FigureKey {
    Headline(Headline),
    /// Person-days in need not served in a district (its code).
    Shortfall(String),
    /// Tonnes entering the planned country on a corridor (its label) by a mode.
    Corridor(String, Mode),
    /// Tonnes moved by a mode on all lanes.
    Mode(Mode),
    /// Money left in a fund (its code) with a finite amount.
    FundLeft(String),
}

impl FigureKey {
    pub fn section(&self) -> Section {
        match self {
            FigureKey::Headline(_) => Section::Headline,
            FigureKey::Shortfall(_) => Section::ShortfallByDistrict,
            FigureKey::Corridor(..) => Section::TonnesByCorridor,
            FigureKey::Mode(_) => Section::TonnesByMode,
            FigureKey::FundLeft(_) => Section::MoneyLeftByFund,
        }
    }

    /// The row's label within its section, as the table and the JSON's `key` show it.
    pub fn label(&self) -> Cow<'_, str> {
        match self {
            FigureKey::Headline(h) => Cow::Borrowed(h.label()),
            FigureKey::Shortfall(name) | FigureKey::FundLeft(name) => Cow::Borrowed(name),
            FigureKey::Corridor(corridor, mode) => Cow::Owned(format!("{corridor} ({})", mode.as_str())),
            FigureKey::Mode(mode) => Cow::Borrowed(mode.as_str()),
        }
    }
}

/// One figure of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub key: FigureKey,
    pub value: f64,
}

impl Figure {
    pub fn new(key: FigureKey, value: f64) -> Self {
        Figure { key, value }
    }
}

/// The figures of a plan, from the report tables: the headline, then the shortfall by
/// district, tonnes by corridor and by mode, and money left by fund.
pub fn figures(s: &Scenario, plan: &Plan) -> Vec<Figure> {
    let periods = tables::by_period(s, plan);
    let served: f64 = periods.iter().map(|r| r.person_days_served).sum();
    let need: f64 = periods.iter().map(|r| r.person_days_in_need).sum();
    let value: f64 = plan.value_person_days.iter().sum();
    let cost = plan.costs.total();
    let funds = tables::by_fund(s, plan);
    let left: f64 = funds.iter().map(tables::FundRow::left_usd).filter(|v| v.is_finite()).sum();
    let headline = |h: Headline| match h {
        Headline::PersonDaysServed => served,
        Headline::ShareOfNeedPct => {
            if need > 0.0 {
                100.0 * served / need
            } else {
                0.0
            }
        }
        Headline::CoveragePct => {
            if need > 0.0 {
                100.0 * value / need
            } else {
                0.0
            }
        }
        Headline::WeightedService => plan.weighted_service(s),
        Headline::CostUsd => cost,
        Headline::CostUsdPerPersonDay => {
            if served > 0.0 {
                cost / served
            } else {
                0.0
            }
        }
        Headline::MoneyLeftUsd => left,
    };
    let mut out: Vec<Figure> =
        Headline::ALL.iter().map(|&h| Figure::new(FigureKey::Headline(h), headline(h))).collect();
    for d in tables::by_district(s, plan) {
        out.push(Figure::new(FigureKey::Shortfall(d.district), d.person_days_in_need - d.person_days_served));
    }
    for c in tables::by_corridor(s, plan) {
        out.push(Figure::new(FigureKey::Corridor(c.corridor, c.mode), c.tonnes));
    }
    for m in tables::by_mode(s, plan) {
        out.push(Figure::new(FigureKey::Mode(m.mode), m.tonnes));
    }
    for f in funds.iter().filter(|f| f.amount_usd.is_finite()) {
        out.push(Figure::new(FigureKey::FundLeft(f.fund.clone()), f.left_usd()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_for_display_and_fields_are_stable() {
        let labels = Headline::ALL.map(Headline::label);
        assert_eq!(labels[0], "person-days reached");
        assert_eq!(labels[6], "money left (USD)");
        let fields = Headline::ALL.map(Headline::field);
        assert_eq!(
            fields,
            [
                "person_days_served",
                "share_of_need_pct",
                "coverage_pct",
                "weighted_service",
                "cost_usd",
                "cost_usd_per_person_day",
                "money_left_usd"
            ]
        );
        assert_eq!(FigureKey::Corridor("dakar".into(), Mode::Road).label(), "dakar (road)");
        assert_eq!(FigureKey::Corridor("dakar".into(), Mode::Road).section().label(), "tonnes by corridor");
        assert_eq!(FigureKey::Mode(Mode::River).label(), "river");
    }
}
