//! Reading `scenario.toml`: serde with `deny_unknown_fields` for the shape, then checks of
//! each value at its span.
//!
//! Serde stops at the first shape error (an unknown or missing key, a wrong type), so such
//! an error is reported alone; value checks after a successful parse report every problem.

use std::ops::Range;

use chrono::NaiveDate;
use hinterland_model::{
    AdequacyCurve, Allocation, Backend, Calendar, CalendarError, Fairness, NonfoodPriority, Objective,
    ObjectiveMethod, SolverSettings, Step,
};
use serde::Deserialize;
use toml::Spanned;

use crate::codes::{self, Code};
use crate::diagnostic::Diagnostic;
use crate::magnitude::{SETTINGS_MAX, shown};
use crate::read::sink::Sink;
use crate::schema::SETTINGS_FILE;
use crate::source::ScenarioSource;
use crate::suggest::closest;

/// The settings of a scenario. `calendar` is `None` when it is invalid (already reported);
/// the tables are then read without resolving periods.
pub(crate) struct Settings {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) currency: String,
    pub(crate) calendar: Option<Calendar>,
    pub(crate) objective: Objective,
    pub(crate) allocation: Allocation,
    pub(crate) solver: SolverSettings,
    pub(crate) nonfood_weight_per_t: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    format_version: Spanned<i64>,
    name: Spanned<String>,
    description: Option<String>,
    currency: Option<Spanned<String>>,
    calendar: RawCalendar,
    objective: Option<RawObjective>,
    allocation: Option<RawAllocation>,
    solver: Option<RawSolver>,
    /// `[[variant]]` tables: read by `crate::variant`, ignored here.
    #[serde(rename = "variant")]
    _variants: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    start: Spanned<toml::Value>,
    step: Spanned<String>,
    periods: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    method: Option<Spanned<String>>,
    phase_weights: Option<Spanned<Vec<Spanned<f64>>>>,
    value_usd_per_person_day: Option<Spanned<f64>>,
    service_tolerance: Option<Spanned<f64>>,
    nonfood_weight_per_t: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllocation {
    fairness: Option<Spanned<String>>,
    adequacy_curve: Option<Spanned<Vec<(f64, f64)>>>,
    nonfood: Option<Spanned<String>>,
    max_drop: Option<Spanned<f64>>,
    max_gap: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSolver {
    backend: Option<Spanned<String>>,
    time_limit_s: Option<Spanned<f64>>,
}

const METHODS: [(&str, ObjectiveMethod); 2] =
    [("lexicographic", ObjectiveMethod::Lexicographic), ("weighted", ObjectiveMethod::Weighted)];

struct Checker<'a> {
    text: &'a str,
    sink: &'a mut Sink,
}

impl Checker<'_> {
    fn push(&mut self, code: Code, key: &str, span: Range<usize>, message: String, help: String) {
        let line = line_at(self.text, span.start);
        self.sink.push(
            Diagnostic::new(code, SETTINGS_FILE, message)
                .with_line(line)
                .with_field(key)
                .with_span(span)
                .with_help(help),
        );
    }

    fn choice<T: Copy>(&mut self, key: &str, value: &Spanned<String>, options: &[(&str, T)]) -> Option<T> {
        let raw = value.get_ref().as_str();
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == raw) {
            return Some(*v);
        }
        let names = options.iter().map(|(n, _)| *n);
        let allowed: Vec<String> = names.clone().map(|n| format!("`{n}`")).collect();
        let help = match closest(raw, names) {
            Some(guess) => format!("did you mean `{guess}`?"),
            None => "write one of the listed values exactly, in lower case".to_owned(),
        };
        self.push(
            codes::NOT_ALLOWED,
            key,
            value.span(),
            format!("`{key}` is `{raw}`, expected one of {}", allowed.join(", ")),
            help,
        );
        None
    }

    /// A finite number `≥ 0`, at most [`SETTINGS_MAX`] (all such settings are weights).
    fn non_negative(&mut self, key: &str, value: &Spanned<f64>) -> Option<f64> {
        let v = *value.get_ref();
        if v > SETTINGS_MAX.max && v.is_finite() {
            self.push(
                codes::OUT_OF_RANGE,
                key,
                value.span(),
                format!(
                    "`{key}` is `{}`, above the largest allowed, {} ({})",
                    self.text.get(value.span()).unwrap_or_default(),
                    shown(SETTINGS_MAX.max),
                    SETTINGS_MAX.why
                ),
                "weights only compare things with each other: scale them down together".to_owned(),
            );
            return None;
        }
        if v.is_finite() && v >= 0.0 {
            return Some(v);
        }
        self.push(
            codes::NEGATIVE,
            key,
            value.span(),
            format!("`{key}` is `{v}`, but must be a finite number of 0 or more"),
            "give a value of 0 or more".to_owned(),
        );
        None
    }
}

/// Reads and checks `scenario.toml`. `None` when it is missing or has the wrong shape.
pub(crate) fn read(source: &ScenarioSource, sink: &mut Sink) -> Option<Settings> {
    let Some(text) = source.file(SETTINGS_FILE) else {
        sink.push(
            Diagnostic::new(
                codes::MISSING_FILE,
                SETTINGS_FILE,
                format!("required file `{SETTINGS_FILE}` is missing"),
            )
            .with_help("add `scenario.toml` with at least `format_version`, `name` and a `[calendar]` table"),
        );
        return None;
    };
    if source.is_unreadable(SETTINGS_FILE) {
        return None;
    }
    let raw: RawSettings = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            sink.push(shape_error(text, &e));
            return None;
        }
    };
    let mut ck = Checker { text, sink };

    if *raw.format_version.get_ref() != 1 {
        ck.push(
            codes::NOT_ALLOWED,
            "format_version",
            raw.format_version.span(),
            format!(
                "`format_version` is `{}`, but this version of hinterland reads format version 1",
                raw.format_version.get_ref()
            ),
            "set `format_version = 1` and follow docs/scenario-format.md".to_owned(),
        );
    }
    if raw.name.get_ref().trim().is_empty() {
        ck.push(
            codes::MISSING_VALUE,
            "name",
            raw.name.span(),
            "`name` is empty".to_owned(),
            "give the scenario a name for reports, e.g. `name = \"Mali 2024 lean season\"`".to_owned(),
        );
    }
    let currency = match &raw.currency {
        Some(c) if c.get_ref() != "USD" => {
            ck.push(
                codes::NOT_ALLOWED,
                "currency",
                c.span(),
                format!("`currency` is `{}`, but only `USD` is supported", c.get_ref()),
                "give all money in US dollars and write `currency = \"USD\"`".to_owned(),
            );
            c.get_ref().clone()
        }
        _ => "USD".to_owned(),
    };

    let calendar = read_calendar(&mut ck, &raw.calendar);
    let (objective, nonfood_weight_per_t) = read_objective(&mut ck, raw.objective.as_ref());
    let solver = read_solver(&mut ck, raw.solver.as_ref());
    let allocation = read_allocation(&mut ck, raw.allocation.as_ref());

    Some(Settings {
        name: raw.name.into_inner(),
        description: raw.description.unwrap_or_default(),
        currency,
        calendar,
        objective,
        allocation,
        solver,
        nonfood_weight_per_t,
    })
}

fn read_calendar(ck: &mut Checker, raw: &RawCalendar) -> Option<Calendar> {
    let start_text = match raw.start.get_ref() {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) if d.date.is_some() && d.time.is_none() => Some(d.to_string()),
        _ => None,
    };
    let start = start_text.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    if start.is_none() {
        let shown = start_text.unwrap_or_else(|| raw.start.get_ref().to_string());
        ck.push(
            codes::INVALID_DATE,
            "calendar.start",
            raw.start.span(),
            format!("`calendar.start` is `{shown}`, which is not a date"),
            "write the first day of the first period as `\"YYYY-MM-DD\"`, e.g. `start = \"2024-03-01\"`"
                .to_owned(),
        );
    }
    let steps: Vec<(&str, Step)> = Step::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let step = ck.choice("calendar.step", &raw.step, &steps);
    let periods = *raw.periods.get_ref();
    let count = match u32::try_from(periods) {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            ck.push(
                codes::OUT_OF_RANGE,
                "calendar.periods",
                raw.periods.span(),
                format!("`calendar.periods` is `{periods}`, but must be at least 1"),
                "give the number of planning periods, e.g. `periods = 12`".to_owned(),
            );
            None
        }
    };
    let (start, step, count) = (start?, step?, count?);
    match Calendar::new(start, step, count) {
        Ok(calendar) => Some(calendar),
        Err(CalendarError::MonthlyStartNotFirstOfMonth(date)) => {
            let first = date.format("%Y-%m-01");
            ck.push(
                codes::INVALID_DATE,
                "calendar.start",
                raw.start.span(),
                format!("`calendar.start` is `{date}`, but a monthly calendar starts on the 1st of a month"),
                format!("write `start = \"{first}\"`"),
            );
            None
        }
        Err(CalendarError::OutOfRange | CalendarError::NoPeriods) => {
            ck.push(
                codes::OUT_OF_RANGE,
                "calendar.periods",
                raw.periods.span(),
                format!("`calendar.periods` is `{periods}`, which runs past the dates hinterland can handle"),
                "give fewer periods".to_owned(),
            );
            None
        }
    }
}

fn read_objective(ck: &mut Checker, raw: Option<&RawObjective>) -> (Objective, f64) {
    let mut objective = Objective::default();
    let Some(raw) = raw else { return (objective, 0.0) };
    if let Some(method) = raw.method.as_ref().and_then(|m| ck.choice("objective.method", m, &METHODS)) {
        objective.method = method;
    }
    if let Some(weights) = &raw.phase_weights {
        let list = weights.get_ref();
        if list.len() == 5 {
            for (i, w) in list.iter().enumerate() {
                if let Some(v) = ck.non_negative("objective.phase_weights", w) {
                    objective.phase_weights[i] = v;
                }
            }
            if list.iter().all(|w| *w.get_ref() == 0.0) {
                ck.push(
                    codes::OUT_OF_RANGE,
                    "objective.phase_weights",
                    weights.span(),
                    "`objective.phase_weights` are all 0, so serving anyone counts for nothing".to_owned(),
                    "give the phases in need a weight above 0, e.g. `phase_weights = [0.25, 0.5, 1.0, 2.0, 4.0]`"
                        .to_owned(),
                );
            }
        } else {
            ck.push(
                codes::OUT_OF_RANGE,
                "objective.phase_weights",
                weights.span(),
                format!("`objective.phase_weights` has {} weights, but needs 5 (phases 1..5)", list.len()),
                "give one weight per phase, e.g. `phase_weights = [0.25, 0.5, 1.0, 2.0, 4.0]`".to_owned(),
            );
        }
    }
    if let Some(value) = &raw.value_usd_per_person_day {
        if let Some(v) = ck.non_negative("objective.value_usd_per_person_day", value) {
            objective.value_usd_per_person_day = v;
        }
        if objective.method == ObjectiveMethod::Lexicographic {
            ck.push(
                codes::UNUSED_SETTING,
                "objective.value_usd_per_person_day",
                value.span(),
                "`objective.value_usd_per_person_day` has no effect with the `lexicographic` method"
                    .to_owned(),
                "remove it, or set `method = \"weighted\"` to trade service against cost".to_owned(),
            );
        }
    }
    if let Some(tolerance) = &raw.service_tolerance {
        let v = *tolerance.get_ref();
        if (0.0..1.0).contains(&v) {
            objective.service_tolerance = v;
        } else {
            ck.push(
                codes::OUT_OF_RANGE,
                "objective.service_tolerance",
                tolerance.span(),
                format!("`objective.service_tolerance` is `{v}`, but must be at least 0 and below 1"),
                "give a small relative slack, e.g. `1e-9`".to_owned(),
            );
        }
    }
    let nonfood =
        raw.nonfood_weight_per_t.as_ref().and_then(|w| ck.non_negative("objective.nonfood_weight_per_t", w));
    (objective, nonfood.unwrap_or(0.0))
}

fn read_allocation(ck: &mut Checker, raw: Option<&RawAllocation>) -> Allocation {
    let mut allocation = Allocation::default();
    let Some(raw) = raw else { return allocation };
    if let Some(f) = &raw.fairness {
        let options: Vec<(&str, Fairness)> = Fairness::ALL.iter().map(|f| (f.as_str(), *f)).collect();
        if let Some(f) = ck.choice("allocation.fairness", f, &options) {
            allocation.fairness = f;
        }
    }
    if let Some(n) = &raw.nonfood {
        let options: Vec<(&str, NonfoodPriority)> =
            NonfoodPriority::ALL.iter().map(|n| (n.as_str(), *n)).collect();
        if let Some(n) = ck.choice("allocation.nonfood", n, &options) {
            allocation.nonfood = n;
        }
    }
    if let Some(drop) = &raw.max_drop {
        let v = *drop.get_ref();
        if (0.0..=1.0).contains(&v) {
            allocation.max_drop = v;
        } else {
            ck.push(
                codes::FRACTION_OUT_OF_RANGE,
                "allocation.max_drop",
                drop.span(),
                format!("`allocation.max_drop` is `{v}`, but must be between 0 and 1"),
                "give the largest fall of coverage from one period to the next as a share, e.g. `max_drop = 0.1` \
                 for 10 percentage points (1 = no limit)"
                    .to_owned(),
            );
        }
    }
    if let Some(gap) = &raw.max_gap {
        let v = *gap.get_ref();
        if (0.0..=1.0).contains(&v) {
            allocation.max_gap = v;
        } else {
            ck.push(
                codes::FRACTION_OUT_OF_RANGE,
                "allocation.max_gap",
                gap.span(),
                format!("`allocation.max_gap` is `{v}`, but must be between 0 and 1"),
                "give the widest gap between the highest and the lowest coverage of a phase as a share, e.g. \
                 `max_gap = 0.05` for 5 percentage points"
                    .to_owned(),
            );
        }
    }
    if let Some(curve) = &raw.adequacy_curve {
        match AdequacyCurve::new(curve.get_ref().clone()) {
            Ok(c) => allocation.adequacy_curve = c,
            Err(e) => ck.push(
                codes::OUT_OF_RANGE,
                "allocation.adequacy_curve",
                curve.span(),
                format!("`allocation.adequacy_curve` is not a concave curve from (0, 0) to (1, 1): {e}"),
                "list points `[adequacy, value]` with rising adequacy, ending at `[1.0, 1.0]`, each segment \
                 no steeper than the one before, e.g. `adequacy_curve = [[0.5, 0.7], [1.0, 1.0]]`"
                    .to_owned(),
            ),
        }
    }
    allocation
}

fn read_solver(ck: &mut Checker, raw: Option<&RawSolver>) -> SolverSettings {
    let mut solver = SolverSettings::default();
    let Some(raw) = raw else { return solver };
    if let Some(backend) = &raw.backend {
        // `highs` is accepted here; a `hinterland` built without the HiGHS backend says so
        // when asked to use it.
        let options = Backend::ALL.map(|b| (b.as_str(), b));
        if let Some(b) = ck.choice("solver.backend", backend, &options) {
            solver.backend = b;
        }
    }
    if let Some(limit) = &raw.time_limit_s {
        let v = *limit.get_ref();
        if v.is_finite() && v > 0.0 {
            solver.time_limit_s = Some(v);
        } else {
            ck.push(
                codes::OUT_OF_RANGE,
                "solver.time_limit_s",
                limit.span(),
                format!("`solver.time_limit_s` is `{v}`, but must be more than 0"),
                "give seconds, e.g. `time_limit_s = 600`, or remove the key for no limit".to_owned(),
            );
        }
    }
    solver
}

/// Turns a serde/TOML error into a diagnostic: unknown key, missing key, wrong type or
/// syntax, located at the error's span.
fn shape_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().lines().next().unwrap_or("").trim_end_matches('.');
    let span = e.span().map(|s| s.start.min(text.len())..s.end.min(text.len()));
    let ticked = backticked(message);
    let section = span.as_ref().and_then(|s| section_at(text, s.start));
    let table = section.as_deref().map_or_else(|| "the top level".to_owned(), |s| format!("`[{s}]`"));
    let qualify = |key: &str| match &section {
        Some(s) => format!("{s}.{key}"),
        None => key.to_owned(),
    };
    let mut d = if message.starts_with("unknown field") && !ticked.is_empty() {
        let key = ticked[0];
        let expected = &ticked[1..];
        let help = match closest(key, expected.iter().copied()) {
            Some(guess) => format!("did you mean `{guess}`?"),
            None if expected.is_empty() => format!("remove `{key}`"),
            None => format!(
                "{table} has the keys {}",
                expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        Diagnostic::new(codes::TOML_UNKNOWN_KEY, SETTINGS_FILE, format!("unknown key `{key}` in {table}"))
            .with_field(qualify(key))
            .with_help(help)
    } else if message.starts_with("missing field") && !ticked.is_empty() {
        let key = ticked[0];
        // Serde reports a missing key at the table that lacks it.
        let section = span.as_ref().and_then(|s| table_header_at(text, s.start));
        let (table, field) = match &section {
            Some(s) => (format!("`[{s}]`"), format!("{s}.{key}")),
            None => ("the top level".to_owned(), key.to_owned()),
        };
        Diagnostic::new(codes::TOML_MISSING_KEY, SETTINGS_FILE, format!("{table} has no key `{key}`"))
            .with_field(field.clone())
            .with_help(format!("add `{key} = ...`; see `{field}` in docs/scenario-format.md"))
    } else if message.starts_with("invalid type") {
        let key = span.as_ref().and_then(|s| key_at(text, s.start));
        let field = key.map(|k| qualify(&k));
        let what = field.as_deref().map_or_else(String::new, |f| format!("`{f}` has "));
        let help = if message.contains("expected i64") || message.contains("expected u") {
            "write a whole number without quotes, e.g. `12`"
        } else if message.contains("expected f64") {
            "write a number without quotes, e.g. `0.5`"
        } else if message.contains("expected a string") {
            "write text in double quotes, e.g. `\"month\"`"
        } else {
            "see docs/scenario-format.md for the expected value"
        };
        let detail = message.trim_start_matches("invalid type: ");
        let (found, expected) = detail.split_once(", expected ").unwrap_or((detail, ""));
        let expected = match expected {
            "i64" | "u32" | "u64" => "a whole number",
            "f64" => "a number",
            "a sequence" => "a list",
            e if e.starts_with("struct ") => "a table",
            e => e,
        };
        let d = Diagnostic::new(
            codes::TOML_WRONG_TYPE,
            SETTINGS_FILE,
            format!("{what}the wrong type: found {found}, expected {expected}"),
        )
        .with_help(help);
        match field {
            Some(f) => d.with_field(f),
            None => d,
        }
    } else {
        Diagnostic::new(
            codes::TOML_SYNTAX,
            SETTINGS_FILE,
            format!("`scenario.toml` is not valid TOML: {message}"),
        )
        .with_help("compare with the example in docs/scenario-format.md")
    };
    if let Some(span) = span {
        d = d.with_line(line_at(text, span.start)).with_span(span);
    }
    d
}

fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn line_bounds(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

/// The `[table]` whose header is on the line at `offset`, if that line is a header.
fn table_header_at(text: &str, offset: usize) -> Option<String> {
    header_name(&text[line_bounds(text, offset)]).or_else(|| section_at(text, offset))
}

fn header_name(line: &str) -> Option<String> {
    let line = line.trim();
    let inner = line.strip_prefix('[')?.split(']').next()?;
    Some(inner.trim().to_owned())
}

/// The `[table]` that the line at `offset` belongs to; `None` at the top level.
fn section_at(text: &str, offset: usize) -> Option<String> {
    let bounds = line_bounds(text, offset);
    if let Some(name) = header_name(&text[bounds.clone()]) {
        return Some(name);
    }
    text[..bounds.start].lines().rev().find_map(header_name)
}

/// The key assigned on the line at `offset` (`periods` in `periods = "12"`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let line = &text[line_bounds(text, offset)];
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_owned())
}
