//! The ids a ledger may use, taken from a scenario: places (nodes), districts, commodities,
//! funds and periods. Entries are checked against it before they are recorded.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use hinterland_model::{Calendar, NodeKind, Scenario};

use crate::entry::Entry;
use crate::field::{Field, Kind};
use crate::problem::{Problem, What};

/// The scenario's ids, and its calendar (to name the period of a date).
#[derive(Clone, Debug)]
pub struct Catalog {
    places: BTreeSet<String>,
    districts: BTreeSet<String>,
    commodities: BTreeSet<String>,
    funds: BTreeSet<String>,
    calendar: Calendar,
}

impl Catalog {
    pub fn from_scenario(s: &Scenario) -> Catalog {
        Catalog {
            places: s.nodes.iter().map(|n| n.code.clone()).collect(),
            districts: s
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::District)
                .map(|n| n.code.clone())
                .collect(),
            commodities: s.commodities.iter().map(|c| c.code.clone()).collect(),
            funds: s.funds.iter().map(|f| f.code.clone()).collect(),
            calendar: s.calendar.clone(),
        }
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn is_district(&self, place: &str) -> bool {
        self.districts.contains(place)
    }

    /// The label of the period that holds `date`, or `None` outside the calendar.
    pub fn period_of(&self, date: NaiveDate) -> Option<&str> {
        let cal = &self.calendar;
        cal.periods().find(|&p| cal.first_day(p) <= date && date <= cal.last_day(p)).map(|p| cal.label(p))
    }

    /// Ids of the entry that the scenario does not know.
    pub fn problems(&self, e: &Entry) -> Vec<Problem> {
        let mut out = Vec::new();
        for (field, value) in [(Field::From, &e.from), (Field::To, &e.to)] {
            if let Some(v) = value {
                if !self.places.contains(v) {
                    out.push(Problem::new(field, What::UnknownPlace(v.clone())));
                } else if field == Field::To && e.kind == Kind::Distribution && !self.districts.contains(v) {
                    out.push(Problem::new(field, What::NotADistrict(v.clone())));
                }
            }
        }
        if let Some(c) = &e.commodity
            && !self.commodities.contains(c)
        {
            out.push(Problem::new(Field::Commodity, What::UnknownCommodity(c.clone())));
        }
        if let Some(f) = &e.fund
            && !self.funds.contains(f)
        {
            out.push(Problem::new(Field::Fund, What::UnknownFund(f.clone())));
        }
        if let Some(p) = &e.period
            && self.calendar.find(p).is_none()
        {
            out.push(Problem::new(Field::Period, What::UnknownPeriod(p.clone())));
        }
        out
    }
}
