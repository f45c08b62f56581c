//! Period labels, ranges `FROM..TO` and `*`, resolved against the calendar.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use hinterland_model::{Calendar, Period, Step};

use crate::codes::{self, Code};

/// Label → period lookup, built once per scenario.
pub(crate) struct Periods<'c> {
    calendar: &'c Calendar,
    by_label: HashMap<&'c str, u32>,
}

/// Why a period cell could not be resolved.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PeriodProblem<'r> {
    /// Not shaped like a label of this calendar.
    Malformed(&'r str),
    /// Shaped like a label, but not one of the calendar's periods.
    Unknown(&'r str),
    Reversed {
        from: &'r str,
        to: &'r str,
    },
    /// A range or `*` where one label is required.
    RangeNotAllowed,
}

impl<'c> Periods<'c> {
    pub(crate) fn calendar(&self) -> &'c Calendar {
        self.calendar
    }

    pub(crate) fn new(calendar: &'c Calendar) -> Periods<'c> {
        let by_label = calendar.periods().map(|p| (calendar.label(p), p.0)).collect();
        Periods { calendar, by_label }
    }

    fn lookup<'r>(&self, label: &'r str) -> Result<u32, PeriodProblem<'r>> {
        if let Some(&p) = self.by_label.get(label) {
            return Ok(p);
        }
        // A month named by its first day (`Calendar::find`).
        if let Some(p) = self.calendar.find(label) {
            return Ok(p.0);
        }
        if self.is_well_formed(label) {
            Err(PeriodProblem::Unknown(label))
        } else {
            Err(PeriodProblem::Malformed(label))
        }
    }

    fn is_well_formed(&self, label: &str) -> bool {
        match self.calendar.step() {
            Step::Month => {
                let month =
                    if label.len() == 10 { label.strip_suffix("-01").unwrap_or(label) } else { label };
                month.len() == 7 && NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_ok()
            }
            Step::Week | Step::Day => {
                label.len() == 10 && NaiveDate::parse_from_str(label, "%Y-%m-%d").is_ok()
            }
        }
    }

    /// One label.
    pub(crate) fn parse_label<'r>(&self, raw: &'r str) -> Result<u32, PeriodProblem<'r>> {
        if raw == "*" || raw.contains("..") {
            return Err(PeriodProblem::RangeNotAllowed);
        }
        self.lookup(raw)
    }

    /// A label, an inclusive range `FROM..TO`, or `*`, as a half-open range of indices.
    pub(crate) fn parse_set<'r>(&self, raw: &'r str) -> Result<Range<u32>, PeriodProblem<'r>> {
        if raw == "*" {
            return Ok(0..self.calendar.len() as u32);
        }
        if let Some((from, to)) = raw.split_once("..") {
            let a = self.lookup(from)?;
            let b = self.lookup(to)?;
            if a > b {
                return Err(PeriodProblem::Reversed { from, to });
            }
            return Ok(a..b + 1);
        }
        let p = self.lookup(raw)?;
        Ok(p..p + 1)
    }

    fn span_text(&self) -> String {
        let n = self.calendar.len();
        let step = match self.calendar.step() {
            Step::Month => "monthly",
            Step::Week => "weekly",
            Step::Day => "daily",
        };
        let first = self.calendar.label(Period(0));
        let last = self.calendar.label(Period(n as u32 - 1));
        let noun = if n == 1 { "period" } else { "periods" };
        format!("the calendar has {n} {step} {noun}, `{first}` to `{last}`")
    }

    fn label_shape(&self) -> &'static str {
        match self.calendar.step() {
            Step::Month => "`YYYY-MM` (or its first day, `YYYY-MM-01`)",
            Step::Week | Step::Day => "its first day `YYYY-MM-DD`",
        }
    }

    /// Code, message and help for a problem with the cell `raw` of column `column`.
    pub(crate) fn describe(
        &self,
        column: &str,
        raw: &str,
        problem: &PeriodProblem,
    ) -> (Code, String, String) {
        match problem {
            PeriodProblem::Unknown(label) => {
                let mut help = self.span_text();
                if self.calendar.step() == Step::Week {
                    help.push_str("; weekly periods are named by their first day");
                }
                (
                    codes::UNKNOWN_PERIOD,
                    format!("period `{label}` in `{column}` is not in the calendar"),
                    help,
                )
            }
            PeriodProblem::Malformed(label) => {
                let message = if *label == raw {
                    format!("`{column}` is `{raw}`, which is not a period")
                } else {
                    format!("`{label}` in `{column}` is not a period")
                };
                let help = format!(
                    "name a period by {}, a range by `FROM..TO`, or all periods by `*`; {}",
                    self.label_shape(),
                    self.span_text()
                );
                (codes::MALFORMED_PERIOD, message, help)
            }
            PeriodProblem::Reversed { from, to } => (
                codes::REVERSED_RANGE,
                format!("period range `{raw}` in `{column}` runs backwards"),
                format!("write the earlier period first: `{to}..{from}`"),
            ),
            PeriodProblem::RangeNotAllowed => (
                codes::MALFORMED_PERIOD,
                format!("`{column}` is `{raw}`, but takes a single period"),
                format!("name one period by {}", self.label_shape()),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monthly() -> Calendar {
        Calendar::new(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(), Step::Month, 3).unwrap()
    }

    #[test]
    fn ranges_are_inclusive() {
        let cal = monthly();
        let p = Periods::new(&cal);
        assert_eq!(p.parse_set("2024-04..2024-05"), Ok(1..3));
        assert_eq!(p.parse_set("*"), Ok(0..3));
        assert_eq!(p.parse_set("2024-03"), Ok(0..1));
        assert_eq!(
            p.parse_set("2024-05..2024-04"),
            Err(PeriodProblem::Reversed { from: "2024-05", to: "2024-04" })
        );
        assert_eq!(p.parse_set("2024-06"), Err(PeriodProblem::Unknown("2024-06")));
        assert_eq!(p.parse_set("2024-13"), Err(PeriodProblem::Malformed("2024-13")));
        assert_eq!(p.parse_label("*"), Err(PeriodProblem::RangeNotAllowed));
    }

    /// A month named by its first day (a spreadsheet's date) is the month; any other day is
    /// not a month's name.
    #[test]
    fn a_month_is_also_its_first_day() {
        let cal = monthly();
        let p = Periods::new(&cal);
        assert_eq!(p.parse_label("2024-04-01"), Ok(1));
        assert_eq!(p.parse_set("2024-03-01..2024-05-01"), Ok(0..3));
        assert_eq!(p.parse_label("2024-04-15"), Err(PeriodProblem::Malformed("2024-04-15")));
        assert_eq!(p.parse_label("2024-09-01"), Err(PeriodProblem::Unknown("2024-09-01")));
        assert_eq!(p.parse_label("2024-13-01"), Err(PeriodProblem::Malformed("2024-13-01")));
        let weekly = Calendar::new(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(), Step::Week, 2).unwrap();
        assert_eq!(Periods::new(&weekly).parse_label("2024-03-11"), Ok(1));
    }
}
