//! `hinterland compare`: the base scenario and its what-if variants, solved in parallel and
//! shown side by side with their differences from the base.
//!
//! The figures, the table, the JSON and the page are `hinterland_report::compare`'s, so a
//! comparison never disagrees with the plan reports. Output order follows the command line
//! (or the scenario's declaration order), never thread timing.

use std::path::PathBuf;

use clap::Args;
use hinterland_io::{ScenarioSource, parse_edit, read_variant_text, render_diagnostics};
use hinterland_lp::{Algorithm, Solver};
use hinterland_model::{Edit, Scenario, Variant, apply, apply_edit};
use hinterland_plan::{PlanOptions, StepBases};
use hinterland_report::compare::{Column, Comparison, Solved, render_json, render_table};
use rayon::prelude::*;

use crate::Exit;
use crate::progress::color;
use crate::solver::{Choice, Task};

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
        self.flagged_texts().into_iter().map(|(_, text)| text).collect()
    }

    /// The edit strings, each with the flag that gave it.
    fn flagged_texts(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<_> = self.set.iter().map(|t| ("--set", t.clone())).collect();
        for c in &self.close_lane {
            // `LANES:FROM..TO` or `LANES:LABEL`: the last `:` part is periods if it starts with a digit.
            let text = match c.rsplit_once(':') {
                Some((lanes, p)) if !c.contains('@') && p.starts_with(|ch: char| ch.is_ascii_digit()) => {
                    format!("close-lane:{lanes}@{p}")
                }
                _ => format!("close-lane:{c}"),
            };
            out.push(("--close-lane", text));
        }
        out.extend(self.scale_fund.iter().map(|f| ("--scale-fund", format!("scale-fund:{f}"))));
        out
    }

    /// Parses and checks the command-line edits against the base; prints problems.
    pub fn edits(&self, base: &Scenario) -> Option<Vec<Edit>> {
        checked_edits(base, &self.flagged_texts())
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

/// Parses `texts` (each with the flag that gave it, e.g. `--set`) and applies them to the base
/// in turn, as one variant; prints each problem with its flag and edit. An edit must name ids
/// of the base, have values in range, and leave every value it scales within the limits of
/// the scenario files (`hinterland_io::magnitude`): `scale-fund:un_food=1e300` is refused
/// here, with exit 1, rather than reaching the solver.
pub fn checked_edits(base: &Scenario, texts: &[(&str, String)]) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    let mut ok = true;
    let mut scratch = base.clone();
    for (flag, text) in texts {
        let edit = match parse_edit(text) {
            Ok(edit) => edit,
            Err(e) => {
                eprintln!("error[H0603]: {flag} `{text}`: {e}\n  help: {}", e.help);
                ok = false;
                continue;
            }
        };
        let before = scratch.clone();
        if let Err(e) = apply_edit(&mut scratch, &edit) {
            let d = hinterland_io::variant_error("command line", flag, &e, base);
            eprintln!("error[{}]: {flag} `{text}`: {}", d.code, d.message);
            if let Some(help) = d.help {
                eprintln!("  help: {help}");
            }
            scratch = before;
            ok = false;
            continue;
        }
        if let Some(over) = hinterland_io::magnitude::edit_overflow(&before, &scratch) {
            eprintln!("error[H0605]: {flag} `{text}` is out of range: {over}");
            eprintln!("  help: {}", hinterland_io::magnitude_help(&over));
            scratch = before;
            ok = false;
            continue;
        }
        edits.push(edit);
    }
    ok.then_some(edits)
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
    /// `[BASE] [VARIANT...]`: a scenario folder or workbook (the embedded Mali 2024 scenario
    /// when the first argument is neither), then names of variants declared in its scenario.toml. With
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
    /// Solver backend: clp, cbc, or highs (when built with `--features highs`); overrides
    /// scenario.toml.
    #[arg(long)]
    pub solver: Option<String>,
    /// LP algorithm, as for `plan`: auto, dual, primal or barrier.
    #[arg(long, default_value = "auto")]
    pub algorithm: String,
}

/// Plans `s` on `solver` (no limit confirmation: comparisons need no shadow prices), each
/// step from the same step of an earlier plan when `warm_from` gives one, and verifies the
/// plan.
pub fn solve<S: Solver + Sync>(
    s: &Scenario,
    solver: &S,
    warm_from: Option<std::sync::Arc<StepBases>>,
    algorithm: Algorithm,
) -> Solved {
    let mut options = PlanOptions { confirm_limits: 0, warm_from, ..PlanOptions::default() };
    options.solve.algorithm = algorithm;
    options.solve.time_limit_s = s.solver.time_limit_s;
    let started = std::time::Instant::now();
    let f = hinterland_plan::build(s);
    let build_seconds = started.elapsed().as_secs_f64();
    if let Some(why) = crate::numbers::problem(s, &f) {
        return Solved::failed(why);
    }
    let started = std::time::Instant::now();
    let result = hinterland_plan::plan_built(s, f, build_seconds, solver, &options);
    Solved::from_run(s, result, build_seconds + started.elapsed().as_secs_f64())
}

/// `compare`'s solves: each scenario on its own, in parallel.
struct CompareTask<'a> {
    scenarios: &'a [(String, String, Scenario)],
    algorithm: Algorithm,
}

impl Task for CompareTask<'_> {
    type Output = Vec<Solved>;
    fn run<S: Solver + Sync>(self, solver: &S) -> Vec<Solved> {
        self.scenarios.par_iter().map(|(_, _, s)| solve(s, solver, None, self.algorithm)).collect()
    }
}

/// The base scenario and its declared variants, validated as by `check` (`None` after
/// printing diagnostics when it is invalid); `done` says what was not done then.
pub fn read_base(
    path: Option<&std::path::Path>,
    done: &str,
) -> anyhow::Result<Option<(ScenarioSource, Scenario, Vec<Variant>)>> {
    let Some(source) = crate::commands::load_source(path)? else {
        return Ok(None);
    };
    Ok(crate::commands::read(&source, done).map(|(s, declared)| (source, s, declared)))
}

/// The variants a command asks for: named declared ones (all when none is named and no edit
/// is given), those of `--variants FILE`, and one `cli` variant made of the edit flags.
pub fn select_variants(
    base: &Scenario,
    declared: Vec<Variant>,
    names: &[String],
    edits: &EditArgs,
    all_when_none: bool,
) -> anyhow::Result<Option<Vec<Variant>>> {
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
        Some(first) if crate::commands::is_scenario_path(std::path::Path::new(first)) => {
            (Some(PathBuf::from(first)), &args.args[1..])
        }
        _ => (None, &args.args[..]),
    };
    let Some((source, base, declared)) = read_base(base_dir.as_deref(), "compared")? else {
        return Ok(Exit::UserError);
    };
    let Some(variants) = select_variants(&base, declared, names, &args.edits, true)? else {
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
    let Some(choice) = Choice::parse(args.solver.as_deref(), &args.algorithm, &base) else {
        return Ok(Exit::UserError);
    };
    if !args.json && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "solving the base and {} variant(s) on {} thread(s)",
            variants.len(),
            rayon::current_num_threads()
        );
    }
    let Some(solved) = choice.run(CompareTask { scenarios: &scenarios, algorithm: choice.cold() }) else {
        return Ok(Exit::UserError);
    };
    let base_planned = solved.first().is_some_and(|b| b.status.planned());
    let columns = scenarios
        .into_iter()
        .zip(solved)
        .map(|((name, description, _), solved)| Column { name, description, solved })
        .collect();
    let comparison = Comparison { title: base.name.clone(), origin: source.origin().to_owned(), columns };
    if let Some(path) = &args.report {
        let page = hinterland_report::html::compare::render(&comparison);
        std::fs::write(path, page).map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
    }
    if args.json {
        print!("{}", render_json(&comparison));
    } else {
        print!("{}", render_table(&comparison));
    }
    Ok(if base_planned { Exit::Success } else { Exit::UserError })
}
