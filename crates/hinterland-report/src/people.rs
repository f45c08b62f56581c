//! What the plan gives people, per need row (the people in need of one district, period and
//! phase): how many it reaches, with what ration (grams of each food, each ration limit's
//! amount), how adequate that ration is against each floor, its coverage, and, for rows
//! below the best coverage of their phase, the limits that held them there.
//!
//! Words: people are *reached* when they get a ration (at least each floor's `floor_share`);
//! the *value* of their rations is in person-days of full ration; *coverage* is value over
//! person-days in need (1 when everyone in need gets a full ration). With only full rations
//! (`floor_share = 1` everywhere) reached and value are the same.

use hinterland_model::{CommodityId, NeedId, NodeId, Period, RationItem, Scenario};
use hinterland_plan::{Plan, RowKey};

/// Coverage this far below the best of its phase counts as below it: half of the 0.1
/// percentage point the summary shows, so that a row listed as held is visibly lower.
pub const BELOW_BEST: f64 = 5e-4;

/// One need row and what the plan gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct NeedRow {
    pub need: NeedId,
    pub node: NodeId,
    /// District code and name.
    pub district: String,
    pub name: String,
    pub period: Period,
    pub phase: u8,
    pub people_in_need: f64,
    pub person_days_in_need: f64,
    /// Person-days reached (people who get a ration).
    pub person_days_reached: f64,
    /// Average people reached over the period: person-days reached ÷ days.
    pub people_reached: f64,
    /// Person-days of full ration: the value of the rations.
    pub value_person_days: f64,
    /// Value over person-days in need (0 where nobody is in need).
    pub coverage: f64,
    /// Per ration limit (`ration.csv` order): its amount per person reached per day, in the
    /// limit's unit; 0 where nobody is reached.
    pub ration: Vec<f64>,
    /// Per commodity (scenario order): grams eaten per person reached per day.
    pub grams: Vec<f64>,
    /// Food eaten, t.
    pub food_t: f64,
    /// Coverage more than [`BELOW_BEST`] below the best of the row's phase.
    pub below_best: bool,
    /// For a row below its phase's best: the limits of the max–min step that fixed its
    /// coverage (impartial plans), largest first; empty otherwise.
    pub held_by: Vec<RowKey>,
}

impl NeedRow {
    /// Grams of food per person reached per day, all commodities.
    pub fn grams_total(&self) -> f64 {
        self.grams.iter().sum()
    }

    /// Share of need reached (person-days reached over in need).
    pub fn share_reached(&self) -> f64 {
        if self.person_days_in_need > 0.0 { self.person_days_reached / self.person_days_in_need } else { 0.0 }
    }

    /// The ration's amount of limit `i` as a share of its floor (1 = the whole floor; may
    /// exceed 1); `None` for a limit without a floor.
    pub fn share_of_floor(&self, s: &Scenario, i: usize) -> Option<f64> {
        let lo = s.ration.limits[i].bounds.min;
        (lo > 0.0).then(|| self.ration[i] / lo)
    }
}

/// Every need row, in `needs.csv` order.
pub fn need_rows(s: &Scenario, plan: &Plan) -> Vec<NeedRow> {
    let rations = plan.rations(s);
    let mut grams = vec![vec![0.0; s.commodities.len()]; s.needs.len()];
    let mut food_t = vec![0.0; s.needs.len()];
    for c in &plan.consumption {
        grams[c.need.index()][c.commodity.index()] += c.tonnes * 1e6;
        food_t[c.need.index()] += c.tonnes;
    }
    let spread = plan.spread(s);
    s.need_ids()
        .map(|k| {
            let n = s.need(k);
            let node = s.node(n.district);
            let pd = s.need_person_days(k);
            let reached = plan.served_person_days[k.index()];
            let coverage = plan.coverage(s, k);
            let best = spread.iter().find(|p| p.phase == n.phase).map(|p| p.max_coverage);
            let below_best = pd > 0.0 && best.is_some_and(|b| coverage < b - BELOW_BEST);
            let per_person = |v: f64| if reached > 0.0 { v / reached } else { 0.0 };
            NeedRow {
                need: k,
                node: n.district,
                district: node.code.clone(),
                name: node.name.clone(),
                period: n.period,
                phase: n.phase,
                people_in_need: n.people,
                person_days_in_need: pd,
                person_days_reached: reached,
                people_reached: reached / s.calendar.days(n.period),
                value_person_days: plan.value_person_days[k.index()],
                coverage,
                ration: rations[k.index()].clone(),
                grams: grams[k.index()].iter().map(|g| per_person(*g)).collect(),
                food_t: food_t[k.index()],
                below_best,
                held_by: if below_best {
                    plan.held_by.get(k.index()).cloned().unwrap_or_default()
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// Food commodities anyone eats, in scenario order: the columns of a ration table.
pub fn foods_eaten(s: &Scenario, plan: &Plan) -> Vec<CommodityId> {
    let mut eaten = vec![false; s.commodities.len()];
    for c in &plan.consumption {
        if c.tonnes > 0.0 {
            eaten[c.commodity.index()] = true;
        }
    }
    s.commodity_ids().filter(|c| eaten[c.index()]).collect()
}

/// The ration limits with a floor, in `ration.csv` order: the adequacy columns.
pub fn floors(s: &Scenario) -> Vec<usize> {
    (0..s.ration.limits.len()).filter(|&i| s.ration.limits[i].has_floor()).collect()
}

/// A ration limit's item id (`energy`, `wheat`, `cereal`).
pub fn limit_item(s: &Scenario, i: usize) -> &str {
    match &s.ration.limits[i].item {
        RationItem::Nutrient(q) => &s.nutrient(*q).code,
        RationItem::Commodity(c) => &s.commodity(*c).code,
        RationItem::Group(g) => g,
    }
}

/// A ration limit's item for people: the nutrient's or commodity's name, or "salt (group)"
/// for a ration group (`ration_group` of commodities.csv).
pub fn limit_name(s: &Scenario, i: usize) -> String {
    match &s.ration.limits[i].item {
        RationItem::Nutrient(q) => s.nutrient(*q).name.clone(),
        RationItem::Commodity(c) => s.commodity(*c).name.clone(),
        RationItem::Group(g) => format!("{g} (group)"),
    }
}

/// A ration limit's kind as in `ration.csv`: `nutrient`, `commodity`, `group`.
pub fn limit_kind(s: &Scenario, i: usize) -> &'static str {
    match &s.ration.limits[i].item {
        RationItem::Nutrient(_) => "nutrient",
        RationItem::Commodity(_) => "commodity",
        RationItem::Group(_) => "group",
    }
}

/// An amount from the scenario for people: thousands separators from 1,000 on, else as
/// written (`0.9`, `52.5`).
pub fn amount(v: f64) -> String {
    if v.abs() >= 1000.0 { hinterland_plan::explain::human(v) } else { format!("{v}") }
}

/// A ration limit's unit per person per day: the nutrient's, or `g`.
pub fn limit_unit(s: &Scenario, i: usize) -> &str {
    match &s.ration.limits[i].item {
        RationItem::Nutrient(q) => &s.nutrient(*q).unit,
        RationItem::Commodity(_) | RationItem::Group(_) => "g",
    }
}

/// Rows for people to read: `cells` of each need row with people in need, prefixed by the
/// district's name, its periods and its phase, in node, phase (most severe first) and period
/// order; need rows of one district and phase in consecutive periods whose cells are the
/// same make one row, with their periods as a range (`2024-06..2024-08`).
pub fn runs(s: &Scenario, needs: &[NeedRow], cells: impl Fn(&NeedRow) -> Vec<String>) -> Vec<Vec<String>> {
    let mut sorted: Vec<&NeedRow> = needs.iter().filter(|n| n.person_days_in_need > 0.0).collect();
    sorted.sort_by_key(|n| (n.node, std::cmp::Reverse(n.phase), n.period));
    let mut out: Vec<(&NeedRow, Period, Vec<String>)> = Vec::new();
    for n in sorted {
        let c = cells(n);
        if let Some((first, last, prev)) = out.last_mut()
            && (first.node, first.phase) == (n.node, n.phase)
            && last.0 + 1 == n.period.0
            && *prev == c
        {
            *last = n.period;
            continue;
        }
        out.push((n, n.period, c));
    }
    out.into_iter()
        .map(|(n, last, c)| {
            let mut row = vec![n.name.clone(), period_range(s, n.period, last), n.phase.to_string()];
            row.extend(c);
            row
        })
        .collect()
}

pub fn period_range(s: &Scenario, first: Period, last: Period) -> String {
    if first == last {
        s.calendar.label(first).to_owned()
    } else {
        format!("{}..{}", s.calendar.label(first), s.calendar.label(last))
    }
}
