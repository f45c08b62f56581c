//! The planning calendar: consecutive periods of a month, a week or a day.

use chrono::{Datelike, Duration, Months, NaiveDate};

/// An index into the calendar's periods, from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period(pub u32);

impl Period {
    #[inline]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The length of one planning period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Month,
    Week,
    Day,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Month, Step::Week, Step::Day];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Month => "month",
            Step::Week => "week",
            Step::Day => "day",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_str() == s)
    }
}

/// Why a calendar could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    NoPeriods,
    MonthlyStartNotFirstOfMonth(NaiveDate),
    OutOfRange,
}

/// Consecutive periods starting at `start`.
///
/// Periods are labelled `YYYY-MM` for monthly calendars and by their first day
/// (`YYYY-MM-DD`) for weekly and daily ones; scenario tables refer to periods by label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    start: NaiveDate,
    step: Step,
    starts: Vec<NaiveDate>,
    /// `starts.len() == count + 1`: the last entry is the end of the horizon.
    labels: Vec<String>,
}

impl Calendar {
    pub fn new(start: NaiveDate, step: Step, count: u32) -> Result<Calendar, CalendarError> {
        if count == 0 {
            return Err(CalendarError::NoPeriods);
        }
        if step == Step::Month && start.day() != 1 {
            return Err(CalendarError::MonthlyStartNotFirstOfMonth(start));
        }
        let mut starts = Vec::with_capacity(count as usize + 1);
        for i in 0..=count {
            let date = match step {
                Step::Month => start.checked_add_months(Months::new(i)),
                Step::Week => start.checked_add_signed(Duration::days(7 * i64::from(i))),
                Step::Day => start.checked_add_signed(Duration::days(i64::from(i))),
            }
            .ok_or(CalendarError::OutOfRange)?;
            starts.push(date);
        }
        let labels = starts[..count as usize]
            .iter()
            .map(|d| match step {
                Step::Month => d.format("%Y-%m").to_string(),
                Step::Week | Step::Day => d.format("%Y-%m-%d").to_string(),
            })
            .collect();
        Ok(Calendar { start, step, starts, labels })
    }

    pub fn start(&self) -> NaiveDate {
        self.start
    }

    pub fn step(&self) -> Step {
        self.step
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn periods(&self) -> impl ExactSizeIterator<Item = Period> + use<> {
        (0..self.labels.len() as u32).map(Period)
    }

    pub fn label(&self, p: Period) -> &str {
        &self.labels[p.index()]
    }

    /// Looks a period up by its label. A month may also be named by its first day
    /// (`2024-06-01` for `2024-06`), as weeks and days are: a spreadsheet turns a typed
    /// `2024-06` into that date.
    pub fn find(&self, label: &str) -> Option<Period> {
        let exact = |label: &str| self.labels.iter().position(|l| l == label).map(|i| Period(i as u32));
        exact(label).or_else(|| match (self.step, label.strip_suffix("-01")) {
            (Step::Month, Some(month)) if label.len() == 10 => exact(month),
            _ => None,
        })
    }

    pub fn first_day(&self, p: Period) -> NaiveDate {
        self.starts[p.index()]
    }

    /// The last day of the period (inclusive).
    pub fn last_day(&self, p: Period) -> NaiveDate {
        self.starts[p.index() + 1].pred_opt().expect("period end follows its start")
    }

    /// The label a period `offset` periods from the first would have, also before or after
    /// the horizon (`2024-01` for `-2` in a monthly calendar starting in March 2024); `None`
    /// outside the dates chrono can hold.
    pub fn label_at(&self, offset: i64) -> Option<String> {
        if let Some(label) = usize::try_from(offset).ok().and_then(|t| self.labels.get(t)) {
            return Some(label.clone());
        }
        let date = match self.step {
            Step::Month => {
                let months = Months::new(u32::try_from(offset.unsigned_abs()).ok()?);
                if offset < 0 {
                    self.start.checked_sub_months(months)
                } else {
                    self.start.checked_add_months(months)
                }
            }
            Step::Week => self.start.checked_add_signed(Duration::try_days(offset.checked_mul(7)?)?),
            Step::Day => self.start.checked_add_signed(Duration::try_days(offset)?),
        }?;
        Some(match self.step {
            Step::Month => date.format("%Y-%m").to_string(),
            Step::Week | Step::Day => date.format("%Y-%m-%d").to_string(),
        })
    }

    /// Calendar days in the period: 28–31 for months, 7 for weeks, 1 for days.
    pub fn days(&self, p: Period) -> f64 {
        (self.starts[p.index() + 1] - self.starts[p.index()]).num_days() as f64
    }

    /// Total days in the horizon.
    pub fn total_days(&self) -> f64 {
        (self.starts[self.len()] - self.start).num_days() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_calendar_has_real_month_lengths() {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let cal = Calendar::new(start, Step::Month, 14).unwrap();
        assert_eq!(cal.label(Period(1)), "2024-02");
        assert_eq!(cal.days(Period(1)), 29.0, "2024 is a leap year");
        assert_eq!(cal.days(Period(13)), 28.0, "February 2025");
        assert_eq!(cal.find("2025-02"), Some(Period(13)));
        assert_eq!(cal.total_days(), 366.0 + 31.0 + 28.0);
        assert_eq!(cal.last_day(Period(0)), NaiveDate::from_ymd_opt(2024, 1, 31).unwrap());
    }

    #[test]
    fn labels_reach_before_and_after_the_horizon() {
        let start = NaiveDate::from_ymd_opt(2024, 3, 1).expect("a date");
        let cal = Calendar::new(start, Step::Month, 12).expect("a calendar");
        assert_eq!(cal.label_at(-2).as_deref(), Some("2024-01"));
        assert_eq!(cal.label_at(-3).as_deref(), Some("2023-12"));
        assert_eq!(cal.label_at(3).as_deref(), Some("2024-06"));
        assert_eq!(cal.label_at(12).as_deref(), Some("2025-03"));
        let weeks = Calendar::new(start, Step::Week, 4).expect("a calendar");
        assert_eq!(weeks.label_at(-1).as_deref(), Some("2024-02-23"));
    }

    #[test]
    fn weekly_labels_are_first_days() {
        let start = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
        let cal = Calendar::new(start, Step::Week, 3).unwrap();
        assert_eq!(cal.label(Period(2)), "2024-03-18");
        assert_eq!(cal.days(Period(2)), 7.0);
    }

    #[test]
    fn a_month_is_found_by_its_label_or_its_first_day() {
        let cal = Calendar::new(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(), Step::Month, 3).unwrap();
        assert_eq!(cal.find("2024-04"), Some(Period(1)));
        assert_eq!(cal.find("2024-04-01"), Some(Period(1)));
        assert_eq!(cal.find("2024-04-02"), None);
        assert_eq!(cal.find("2024-06-01"), None);
        // Weeks are named by their first day only.
        let weeks = Calendar::new(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(), Step::Week, 2).unwrap();
        assert_eq!(weeks.find("2024-03-11"), Some(Period(1)));
        assert_eq!(weeks.find("2024-03"), None);
    }

    #[test]
    fn monthly_start_must_be_first_day() {
        let start = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
        assert_eq!(
            Calendar::new(start, Step::Month, 3),
            Err(CalendarError::MonthlyStartNotFirstOfMonth(start))
        );
        assert_eq!(Calendar::new(start, Step::Day, 0), Err(CalendarError::NoPeriods));
    }
}
