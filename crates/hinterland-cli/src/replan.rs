//! `plan --ledger DB --as-of DATE`: plan the rest of the season from what the ledger records
//! (hinterland-ledger's `replan`), and compare an earlier plan with what happened (the
//! variance report, hinterland-report's `variance`).

use std::path::PathBuf;

use clap::Args;
use hinterland_ledger::replan::ReplanError;
use hinterland_ledger::{Catalog, example, replan, status};
use hinterland_model::Scenario;
use hinterland_plan::{Outcome, PlanOptions, Tolerances, verify};
use hinterland_report::ledger::FromLedger;
use hinterland_report::variance::{Baseline, variance};
use hinterland_report::{Report, json};

use crate::Exit;
use crate::commands::PlanTask;
use crate::ledger::{ExampleArg, date_arg, load_entries};
use crate::solver::Choice;

#[derive(Args, Debug, Default)]
pub struct ReplanArgs {
    /// Re-plan from this ledger (a SQLite file or `postgres://USER@HOST/DB`) as of `--as-of`:
    /// its stocks, shipments in transit, money spent, donations handed over and people served
    /// replace the scenario's past (docs/ledger.md, "Re-planning from the ledger").
    #[arg(long, value_name = "DB")]
    pub ledger: Option<PathBuf>,
    /// Re-plan from a built-in example ledger instead (`mali`: the Mali 2024 season to July).
    #[arg(long, value_name = "NAME", conflicts_with = "ledger")]
    pub ledger_example: Option<ExampleArg>,
    /// The re-plan starts the day after this one (YYYY-MM-DD; with `--ledger-example mali`,
    /// 2024-07-31 by default).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// The earlier plan for the variance report (its plan.json); by default the scenario is
    /// also planned from its start and compared.
    #[arg(long, value_name = "PLAN.json")]
    pub against: Option<PathBuf>,
}

impl ReplanArgs {
    pub fn active(&self) -> bool {
        self.ledger.is_some() || self.ledger_example.is_some()
    }
}

/// The scenario re-planned from the ledger and what the outputs say about it (`None` when no
/// ledger is asked for); `Err(exit)` after the problem was shown.
pub fn prepare(
    args: &ReplanArgs,
    full: &Scenario,
    choice: Choice,
    options: &PlanOptions,
) -> anyhow::Result<Result<Option<(Scenario, FromLedger)>, Exit>> {
    if !args.active() {
        if args.as_of.is_some() || args.against.is_some() {
            eprintln!("error: `--as-of` and `--against` re-plan from a ledger\n  help: add `--ledger DB`");
            return Ok(Err(Exit::UserError));
        }
        return Ok(Ok(None));
    }
    let as_of = match (&args.as_of, args.ledger_example) {
        (None, Some(_)) => example::mali_as_of(),
        (None, None) => {
            eprintln!(
                "error: `--ledger` needs `--as-of`\n  help: give the last day the ledger is complete for, e.g. `--as-of 2024-07-31`"
            );
            return Ok(Err(Exit::UserError));
        }
        (Some(text), _) => match date_arg("--as-of", Some(text), example::mali_as_of()) {
            Some(d) => d,
            None => return Ok(Err(Exit::UserError)),
        },
    };
    let catalog = Catalog::from_scenario(full);
    // The example is recorded against the embedded Mali scenario, whatever is planned.
    let example = match args.ledger_example {
        None => None,
        Some(_) => match crate::ledger::catalog(None)? {
            Some(c) => Some(c),
            None => return Ok(Err(Exit::Internal)),
        },
    };
    let db = args.ledger.as_ref().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let entries = match load_entries(&db, example.as_ref()) {
        Ok(e) => e,
        Err(exit) => return Ok(Err(exit)),
    };
    let re = match replan::replan(full, &entries, as_of) {
        Ok(r) => r,
        Err(e) => {
            refused(&e);
            return Ok(Err(Exit::UserError));
        }
    };
    for n in &re.replanned.notes {
        eprintln!("warning: {n}");
    }
    let baseline = match baseline(args, full, choice, options)? {
        Ok(b) => b,
        Err(exit) => return Ok(Err(exit)),
    };
    let planned = baseline.as_ref().map(|b| b.consumption.as_slice());
    let st = status::status(&entries, as_of, planned.map(|p| (p, &catalog)));
    let var = baseline.map(|b| variance(&b, full, &entries, &st, as_of));
    Ok(Ok(Some((re.scenario, FromLedger { replanned: re.replanned, status: st, variance: var }))))
}

/// Says why the ledger cannot be re-planned from, entry by entry.
fn refused(e: &ReplanError) {
    match e {
        ReplanError::OutsideHorizon { .. } => {}
        ReplanError::Unknown(problems) => {
            for (id, p) in problems {
                match p.field {
                    Some(f) => eprintln!("error: ledger entry `#{id}`, `{}`: {}", f.column(), p.what),
                    None => eprintln!("error: ledger entry `#{id}`: {}", p.what),
                }
            }
        }
        ReplanError::Violations(v) => {
            for x in v {
                eprintln!("error: violation: {x}");
            }
        }
    }
    eprintln!("error: {e}; nothing was planned\n  help: {}", e.help());
}

/// The earlier plan: `--against`, or the scenario planned from its start (`None`, with a
/// warning, when that has no plan).
fn baseline(
    args: &ReplanArgs,
    full: &Scenario,
    choice: Choice,
    options: &PlanOptions,
) -> anyhow::Result<Result<Option<Baseline>, Exit>> {
    if let Some(path) = &args.against {
        let name = path.display().to_string();
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{name}`: {e}"))
            .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("`{name}` is not JSON: {e}")))
            .and_then(|v| Baseline::from_plan_json(&name, &v).map_err(|e| e.to_string()));
        return Ok(match parsed {
            Ok(b) => Ok(Some(b)),
            Err(why) => {
                eprintln!("error: `--against`: {why}");
                Err(Exit::UserError)
            }
        });
    }
    // The same solver and options, without confirming shadow prices: only flows and people count.
    let mut quiet = options.clone();
    quiet.confirm_limits = 0;
    quiet.solve.progress = None;
    quiet.solve.verbose = false;
    let build_started = std::time::Instant::now();
    let f = hinterland_plan::build(full);
    let build_seconds = build_started.elapsed().as_secs_f64();
    let Some(Ok(run)) = choice.run(PlanTask { s: full, f, build_seconds, options: &quiet }) else {
        eprintln!("warning: the scenario planned from its start has no plan; no variance report");
        return Ok(Ok(None));
    };
    let Outcome::Planned(plan) = &run.outcome else {
        eprintln!("warning: the scenario planned from its start has no plan; no variance report");
        return Ok(Ok(None));
    };
    let checked = verify(full, plan, Tolerances::default());
    if !checked.ok() {
        eprintln!("warning: the plan of the scenario from its start fails verification; no variance report");
        return Ok(Ok(None));
    }
    let origin = "the scenario planned from its start";
    let r = Report { scenario: full, origin, run: &run, plan, verify: &checked, ledger: None };
    let value: serde_json::Value = serde_json::from_str(&json::render(&r))?;
    Ok(Ok(Some(Baseline::from_plan_json(origin, &value)?)))
}
