//! `hinterland compare`: the base scenario and its what-if variants, solved in parallel and
//! shown side by side with their differences from the base.
//!
//! Every figure comes from `hinterland_report::tables`, so a comparison never disagrees with
//! the plan reports. Output order follows the command line (or the scenario's declaration
//! order), never thread timing.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use hinterland_coin::Clp;
use hinterland_io::{ScenarioSource, parse_edit, read_variant_text, read_variants, render_diagnostics};
use hinterland_lp::Basis;
use hinterland_model::{Edit, Scenario, Variant, apply};
use hinterland_plan::explain::{human, human_signed};
use hinterland_plan::{Outcome, PlanOptions, Tolerances, verify};
use hinterland_report::tables;
use rayon::prelude::*;

use crate::Exit;
use crate::progress::color;

/// Edits given on the command line, shared by `compare`, `sweep` and `plan --variant`.
#[derive(Args, Debug, Default, Clone)]
pub struct EditArgs {
    /// An edit `VERB:TARGET[@PERIODS][=VALUE]`, e.g. `derate-lane:mode:river@2024-08=0.5`
    /// (see docs/scenario-format.md, "Variants"). Repeatable; all together form one variant.
    #[arg(long = "set", value_name = "EDIT")]
    pub set: Vec<String>,
    /// Close a lane, `corridor:NAME` or `mode:MODE`, optionally in periods: `dakar_kidira:2024-01..2024-07`
    /// or `corridor:dakar@2024-03..2024-07`.
    #[arg(long, value_name = "LANES[:FROM..TO]")]
    pub close_lane: Vec<String>,
    /// Scale a fund: `un_food=0.5`.
    #[arg(long, value_name = "FUND=FACTOR")]
    pub scale_fund: Vec<String>,
    /// Read `[[variant]]` tables from this TOML file too.
    #[arg(long, value_name = "FILE")]
    pub variants: Option<PathBuf>,
}

impl EditArgs {
    /// The edit strings, in the grammar of `parse_edit`.
    pub fn edit_texts(&self) -> Vec<String> {
        let mut out = self.set.clone();
        for c in &self.close_lane {
            // `LANES:FROM..TO` or `LANES:LABEL`: the last `:` part is periods if it starts with a digit.
            let text = match c.rsplit_once(':') {
                Some((lanes, p)) if !c.contains('@') && p.starts_with(|ch: char| ch.is_ascii_digit()) => {
                    format!("close-lane:{lanes}@{p}")
                }
                _ => format!("close-lane:{c}"),
            };
            out.push(text);
        }
        out.extend(self.scale_fund.iter().map(|f| format!("scale-fund:{f}")));
        out
    }

    /// Parses and checks the command-line edits against the base; prints problems.
    pub fn edits(&self, base: &Scenario) -> Option<Vec<Edit>> {
        let mut edits = Vec::new();
        let mut ok = true;
        for text in self.edit_texts() {
            match parse_edit(&text).map_err(|e| format!("{e}; {}", e.help)) {
                Ok(edit) => {
                    let probe =
                        Variant { name: String::new(), description: String::new(), edits: vec![edit] };
                    match apply(base, &probe) {
                        Ok(_) => edits.extend(probe.edits),
                        Err(e) => {
                            let d = hinterland_io::variant_error("command line", "--set", &e, base);
                            eprintln!("error[{}]: edit `{text}`: {}", d.code, d.message);
                            if let Some(help) = d.help {
                                eprintln!("  help: {help}");
                            }
                            ok = false;
                        }
                    }
                }
                Err(e) => {
                    eprintln!("error[H0603]: edit `{text}`: {e}");
                    ok = false;
                }
            }
        }
        ok.then_some(edits)
    }

    /// Variants from `--variants FILE`; `None` after printing diagnostics when it has errors.
    pub fn file_variants(&self, base: &Scenario) -> anyhow::Result<Option<Vec<Variant>>> {
        let Some(path) = &self.variants else { return Ok(Some(Vec::new())) };
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", path.display()))?;
        let name = path.display().to_string();
        let (variants, diags) = read_variant_text(&name, &text, base);
        Ok(print_diags(&diags, &ScenarioSource::from_files("<variants>", [(name.as_str(), text.as_str())]))
            .then_some(variants))
    }
}

/// Renders diagnostics to stderr; `true` when none is an error.
pub fn print_diags(diags: &[hinterland_io::Diagnostic], source: &ScenarioSource) -> bool {
    if !diags.is_empty() {
        eprint!("{}", render_diagnostics(diags, source, color()));
    }
    !diags.iter().any(hinterland_io::Diagnostic::is_error)
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// `[BASE] [VARIANT...]`: a scenario folder (the embedded Mali 2024 scenario when the first
    /// argument is not a folder), then names of variants declared in its scenario.toml. With
    /// no variant and no edits, every declared variant is compared.
    pub args: Vec<String>,
    #[command(flatten)]
    pub edits: EditArgs,
    /// Print the comparison as JSON (schema_version 1) instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also write the comparison as one self-contained HTML page to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// One headline figure of a plan: a section, a key inside it, a value and its unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub section: &'static str,
    pub key: String,
    pub value: f64,
}

/// What solving one scenario gave.
#[derive(Clone, Debug, Default)]
pub struct Solved {
    /// `optimal`, `infeasible`, `unbounded`, `stopped` or `error`.
    pub status: String,
    pub figures: Vec<Figure>,
    pub seconds: f64,
    pub iterations: u64,
    /// Share of need served (0 to 1) by district display name, for a plan.
    pub districts: Vec<(String, f64)>,
    /// For an infeasible scenario: the missed commitments, in plain words with by how much.
    pub missed: Vec<String>,
    /// For an infeasible scenario: the limits that stand in the way, in plain words.
    pub limits: Vec<String>,
}

/// The headline figures of a plan, from the report tables.
pub fn figures(s: &Scenario, plan: &hinterland_plan::Plan) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut push = |section: &'static str, key: String, value: f64| out.push(Figure { section, key, value });
    let periods = tables::by_period(s, plan);
    let served: f64 = periods.iter().map(|r| r.person_days_served).sum();
    let need: f64 = periods.iter().map(|r| r.person_days_in_need).sum();
    let cost = plan.costs.total();
    let funds = tables::by_fund(s, plan);
    let left: f64 = funds.iter().map(tables::FundRow::left_usd).filter(|v| v.is_finite()).sum();
    push("headline", "person-days served".into(), served);
    push("headline", "share of need (%)".into(), if need > 0.0 { 100.0 * served / need } else { 0.0 });
    push("headline", "weighted service".into(), plan.weighted_service(s));
    push("headline", "cost (USD)".into(), cost);
    push("headline", "cost per person-day (USD)".into(), if served > 0.0 { cost / served } else { 0.0 });
    push("headline", "money left (USD)".into(), left);
    for d in tables::by_district(s, plan) {
        push(
            "shortfall by district (person-days)",
            d.district.clone(),
            d.person_days_in_need - d.person_days_served,
        );
    }
    for c in tables::by_corridor(s, plan) {
        push("tonnes by corridor", format!("{} ({})", c.corridor, c.mode.as_str()), c.tonnes);
    }
    for m in tables::by_mode(s, plan) {
        push("tonnes by mode", m.mode.as_str().to_owned(), m.tonnes);
    }
    for f in funds.iter().filter(|f| f.amount_usd.is_finite()) {
        push("money left by fund (USD)", f.fund.clone(), f.left_usd());
    }
    out
}

/// Plans `s` with Clp (no limit confirmation: comparisons need no shadow prices) and
/// verifies the plan. `built` is its LP when the caller has built it already, with the
/// seconds that took.
pub fn solve(
    s: &Scenario,
    built: Option<(hinterland_plan::Formulation, f64)>,
    warm_start: Option<Basis>,
    algorithm: hinterland_lp::Algorithm,
) -> Solved {
    let mut options = PlanOptions { confirm_limits: 0, ..PlanOptions::default() };
    options.solve.warm_start = warm_start;
    options.solve.algorithm = algorithm;
    options.solve.time_limit_s = s.solver.time_limit_s;
    let started = std::time::Instant::now();
    let (result, build_seconds) = match built {
        Some((f, t)) => (hinterland_plan::plan_built(s, f, t, &Clp, &options), t),
        None => (hinterland_plan::plan(s, &Clp, &options), 0.0),
    };
    let seconds = build_seconds + started.elapsed().as_secs_f64();
    let (mut districts, mut missed, mut limits) = (Vec::new(), Vec::new(), Vec::new());
    let (status, figures, iterations) = match result {
        Err(e) => (format!("error: {e}"), Vec::new(), 0),
        Ok(run) => {
            let iterations = run.steps.iter().map(|x| x.iterations).sum();
            match &run.outcome {
                Outcome::Planned(plan) => {
                    if verify(s, plan, Tolerances::default()).ok() {
                        districts = tables::by_district(s, plan)
                            .iter()
                            .map(|d| (d.name.clone(), d.share()))
                            .collect();
                        ("optimal".to_owned(), figures(s, plan), iterations)
                    } else {
                        ("error: fails verification".to_owned(), Vec::new(), iterations)
                    }
                }
                Outcome::Infeasible { missed: m, limits: l } => {
                    missed = m.iter().map(|m| missed_text(s, m)).collect();
                    limits = l
                        .iter()
                        .take(8)
                        .map(|l| {
                            format!(
                                "{} ({} of {} used)",
                                l.row.describe(s),
                                human(l.activity),
                                human(l.bound)
                            )
                        })
                        .collect();
                    ("infeasible".to_owned(), Vec::new(), iterations)
                }
                Outcome::Unbounded => ("unbounded".to_owned(), Vec::new(), iterations),
                Outcome::Stopped { .. } => ("stopped".to_owned(), Vec::new(), iterations),
            }
        }
    };
    Solved { status, figures, seconds, iterations, districts, missed, limits }
}

/// A missed commitment in the words of `plan`'s infeasibility report.
fn missed_text(s: &Scenario, m: &hinterland_plan::run::MissedCommitment) -> String {
    format!(
        "{}: committed {}, at most {} reachable while missing the others as little as possible",
        hinterland_plan::keys::commitment_name(s, m.commitment),
        human(m.committed),
        human(m.reachable)
    )
}

/// Reads the base scenario (`None` after printing diagnostics when it is invalid).
pub fn read_base(path: Option<&std::path::Path>) -> anyhow::Result<Option<(ScenarioSource, Scenario)>> {
    let source = match path {
        None => crate::embedded::source(),
        Some(p) => ScenarioSource::from_dir(p)?,
    };
    let (scenario, diags) = hinterland_io::read_scenario(&source);
    if !print_diags(&diags, &source) {
        eprintln!("error: `{}` is invalid; nothing was compared", source.origin());
        return Ok(None);
    }
    Ok(scenario.map(|s| (source, s)))
}

/// The variants a command asks for: named declared ones (all when none is named and no edit
/// is given), those of `--variants FILE`, and one `cli` variant made of the edit flags.
pub fn select_variants(
    source: &ScenarioSource,
    base: &Scenario,
    names: &[String],
    edits: &EditArgs,
    all_when_none: bool,
) -> anyhow::Result<Option<Vec<Variant>>> {
    let (declared, diags) = read_variants(source, base);
    if !print_diags(&diags, source) {
        return Ok(None);
    }
    let Some(from_file) = edits.file_variants(base)? else { return Ok(None) };
    let Some(cli_edits) = edits.edits(base) else { return Ok(None) };
    let mut out = Vec::new();
    for name in names {
        if let Some(v) = declared.iter().chain(&from_file).find(|v| v.name == *name) {
            out.push(v.clone());
        } else {
            let known: Vec<&str> = declared.iter().chain(&from_file).map(|v| v.name.as_str()).collect();
            eprintln!(
                "error: no variant `{name}`; the scenario declares {}",
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            );
            return Ok(None);
        }
    }
    if names.is_empty() {
        out.extend(from_file);
    }
    if !cli_edits.is_empty() {
        let texts = edits.edit_texts();
        out.push(Variant { name: "cli".into(), description: texts.join("; "), edits: cli_edits });
    }
    if out.is_empty() && all_when_none {
        out = declared;
    }
    Ok(Some(out))
}

pub fn compare(args: &CompareArgs) -> anyhow::Result<Exit> {
    let (base_dir, names) = match args.args.first() {
        Some(first) if std::path::Path::new(first).is_dir() => (Some(PathBuf::from(first)), &args.args[1..]),
        _ => (None, &args.args[..]),
    };
    let Some((source, base)) = read_base(base_dir.as_deref())? else { return Ok(Exit::UserError) };
    let Some(variants) = select_variants(&source, &base, names, &args.edits, true)? else {
        return Ok(Exit::UserError);
    };
    if variants.is_empty() {
        eprintln!("error: nothing to compare: the scenario declares no variant; give edits with --set");
        return Ok(Exit::UserError);
    }
    let mut scenarios = vec![("base".to_owned(), String::new(), base.clone())];
    for v in &variants {
        let s = apply(&base, v).map_err(|e| anyhow::anyhow!("variant `{}`: {e}", v.name))?;
        scenarios.push((v.name.clone(), v.description.clone(), s));
    }
    if !args.json && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "solving the base and {} variant(s) on {} thread(s)",
            variants.len(),
            rayon::current_num_threads()
        );
    }
    let solved: Vec<Solved> = scenarios
        .par_iter()
        .map(|(_, _, s)| solve(s, None, None, hinterland_lp::Algorithm::Automatic))
        .collect();
    let columns: Vec<(&str, &str, &Solved)> =
        scenarios.iter().zip(&solved).map(|((n, d, _), r)| (n.as_str(), d.as_str(), r)).collect();
    if let Some(path) = &args.report {
        let page =
            hinterland_report::html::compare::render(&comparison(&base.name, source.origin(), &columns));
        std::fs::write(path, page).map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
    }
    if args.json {
        print!("{}", render_json(&columns));
    } else {
        print!("{}", render_table(&columns));
    }
    Ok(if solved[0].status == "optimal" { Exit::Success } else { Exit::UserError })
}

/// The data of the HTML comparison page.
pub fn comparison(
    title: &str,
    origin: &str,
    columns: &[(&str, &str, &Solved)],
) -> hinterland_report::html::compare::Comparison {
    use hinterland_report::html::compare::{CompareColumn, Comparison};
    let columns = columns
        .iter()
        .map(|(name, description, r)| {
            let share = value(r, "headline", "share of need (%)").map(|v| v / 100.0);
            CompareColumn {
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                status: r.status.clone(),
                figures: r.figures.iter().map(|f| (f.section.to_owned(), f.key.clone(), f.value)).collect(),
                share_served: share,
                districts: r.districts.clone(),
                missed: r.missed.clone(),
                limits: r.limits.clone(),
            }
        })
        .collect();
    Comparison { title: title.to_owned(), origin: origin.to_owned(), columns }
}

/// Sections and keys in first-seen order over all columns (base first).
fn rows(columns: &[(&str, &str, &Solved)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (_, _, r) in columns {
        for f in &r.figures {
            if !out.iter().any(|(s, k)| *s == f.section && *k == f.key) {
                out.push((f.section, f.key.clone()));
            }
        }
    }
    // Keep sections together, in the order they first appear.
    let mut sections: Vec<&'static str> = Vec::new();
    for (s, _) in &out {
        if !sections.contains(s) {
            sections.push(s);
        }
    }
    let mut sorted = Vec::new();
    for s in sections {
        sorted.extend(out.iter().filter(|(x, _)| *x == s).cloned());
    }
    sorted
}

fn value(r: &Solved, section: &str, key: &str) -> Option<f64> {
    if r.status != "optimal" {
        return None;
    }
    // A figure missing from an optimal plan (no tonnes on a corridor) is 0.
    Some(r.figures.iter().find(|f| f.section == section && f.key == key).map_or(0.0, |f| f.value))
}

/// The aligned table: one value column per scenario and a difference column per variant.
pub fn render_table(columns: &[(&str, &str, &Solved)]) -> String {
    let mut header = vec![String::new(), columns[0].0.to_owned()];
    for (name, _, _) in &columns[1..] {
        header.push((*name).to_owned());
        header.push("Δ".to_owned());
    }
    let mut lines: Vec<Vec<String>> = vec![header];
    let mut status = vec!["status".to_owned(), columns[0].2.status.clone()];
    for (_, _, r) in &columns[1..] {
        status.push(r.status.clone());
        status.push(String::new());
    }
    lines.push(status);
    let mut current = "";
    for (section, key) in rows(columns) {
        if section != current {
            current = section;
            let mut l = vec![format!("{section}:")];
            l.resize(lines[0].len(), String::new());
            lines.push(l);
        }
        let base = value(columns[0].2, section, &key);
        let mut l = vec![format!("  {key}"), base.map_or_else(|| "-".to_owned(), human)];
        for (_, _, r) in &columns[1..] {
            let v = value(r, section, &key);
            l.push(v.map_or_else(|| "-".to_owned(), human));
            l.push(match (base, v) {
                (Some(b), Some(v)) => human_signed(v - b),
                _ => String::new(),
            });
        }
        lines.push(l);
    }
    let widths: Vec<usize> =
        (0..lines[0].len()).map(|i| lines.iter().map(|l| l[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for l in &lines {
        let mut row = String::new();
        for (i, cell) in l.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                row.push_str(cell);
                row.push_str(&" ".repeat(pad));
            } else {
                row.push_str("  ");
                row.push_str(&" ".repeat(pad));
                row.push_str(cell);
            }
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    let described: Vec<String> = columns[1..]
        .iter()
        .filter(|(_, d, _)| !d.is_empty())
        .map(|(n, d, _)| format!("  {n}: {d}"))
        .collect();
    if !described.is_empty() {
        out.push_str("\nvariants:\n");
        out.push_str(&described.join("\n"));
        out.push('\n');
    }
    for (name, _, r) in columns.iter().filter(|(_, _, r)| r.status == "infeasible") {
        let _ = write!(out, "\n{name} is infeasible: no plan keeps every hard commitment (`min_share`)\n");
        if r.missed.is_empty() {
            out.push_str("  the solver proved the LP infeasible, but relaxing the commitments did not locate the conflict\n");
        }
        for m in &r.missed {
            let _ = writeln!(out, "  - {m}");
        }
        if !r.limits.is_empty() {
            out.push_str("  limits that stand in the way:\n");
            for l in &r.limits {
                let _ = writeln!(out, "  - {l}");
            }
        }
    }
    out
}

/// `{"schema_version": 1, "scenarios": [{"name", "description", "status", "figures": [{"section", "key", "value", "difference"}], "missed", "limits"}]}`;
/// `missed` and `limits` explain an infeasible scenario in plain words (empty otherwise), as
/// the text table does. No timings: the output is deterministic.
pub fn render_json(columns: &[(&str, &str, &Solved)]) -> String {
    let keys = rows(columns);
    let scenarios: Vec<serde_json::Value> = columns
        .iter()
        .map(|(name, description, r)| {
            let figures: Vec<serde_json::Value> = keys
                .iter()
                .filter_map(|(section, key)| {
                    let v = value(r, section, key)?;
                    let diff = value(columns[0].2, section, key).map(|b| v - b);
                    Some(serde_json::json!({"section": section, "key": key, "value": v, "difference": diff}))
                })
                .collect();
            serde_json::json!({
                "name": name,
                "description": description,
                "status": r.status,
                "figures": figures,
                "missed": r.missed,
                "limits": r.limits,
            })
        })
        .collect();
    let doc = serde_json::json!({"schema_version": 1, "scenarios": scenarios});
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    text.push('\n');
    text
}
