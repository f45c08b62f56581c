//! The subcommands.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use hinterland_io::{ScenarioSource, Severity, Validated, render_diagnostics, validate};
use hinterland_lp::Solver;
use hinterland_model::{Scenario, Variant};
use hinterland_plan::explain::count;
use hinterland_plan::formulation::objective::Goal;
use hinterland_plan::run::MissedCommitment;
use hinterland_plan::{Outcome, PlanError, PlanOptions, PlanRun, Tolerances, verify};
use hinterland_report::compare::{limit_text, missed_in_plan_text, missed_text};
use hinterland_report::{
    OutputError, Report, StagedFile, Timings, check_out_dir, check_out_file, csv_tables, json, summary,
    write_outputs,
};

use crate::progress::{Progress, color};
use crate::solver::{Choice, Task};
use crate::{Exit, embedded, numbers, outputs};

#[derive(Args, Debug)]
#[allow(clippy::struct_excessive_bools, reason = "command-line flags")]
pub struct PlanArgs {
    /// Scenario folder; the embedded Mali 2024 scenario when omitted.
    pub scenario: Option<PathBuf>,
    /// Output folder for report.html, plan.json, plan.xlsx, plan.geojson and the CSV tables
    /// (replaced whole on success).
    #[arg(long, short, default_value = "hinterland-out")]
    pub out: PathBuf,
    /// Write no output folder.
    #[arg(long, conflicts_with = "out")]
    pub no_out: bool,
    /// Replace the output folder even if hinterland did not write it, or it holds files
    /// hinterland did not write (they are deleted with it).
    #[arg(long, conflicts_with = "no_out")]
    pub force: bool,
    /// Also write the HTML report to this file (it is always in the output folder as report.html).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print plan.json to stdout instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Also write the LP (its first solve: the service step, or the weighted LP) in free MPS
    /// format to this file (replaced whole when done), or stream it into a pipe or device
    /// such as `/dev/stdout`.
    #[arg(long, value_name = "FILE")]
    pub write_mps: Option<PathBuf>,
    /// Stop after writing the LP (`--write-mps`): no solve, no output folder. For handing the
    /// LP to another solver or a benchmark.
    #[arg(long, requires = "write_mps")]
    pub no_solve: bool,
    /// Solver backend: clp (LP), cbc, or highs (when built with `--features highs`); overrides
    /// scenario.toml.
    #[arg(long)]
    pub solver: Option<String>,
    /// Stop the solver after this many seconds; overrides scenario.toml.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// LP algorithm: auto (with clp primal simplex, and dual simplex for the cost step on the
    /// optimal face; interior point with highs), dual, primal (simplex), or barrier (interior
    /// point with crossover to a vertex). The shadow-price confirmations always re-solve by
    /// dual simplex from the optimal basis.
    #[arg(long, default_value = "auto")]
    pub algorithm: String,
    /// How many of the largest shadow prices to confirm by re-solving with the limit raised
    /// (0 = report raw duals, which can be misleading on degenerate LPs). Each takes two warm
    /// re-solves: milliseconds on a national model, tens of seconds at a million columns.
    #[arg(long, default_value_t = hinterland_plan::PlanOptions::DEFAULT_CONFIRM_LIMITS, value_name = "N")]
    pub confirm_limits: usize,
    /// Threads (default: all cores; `plan` uses at most 2). With 2, the confirmations' two
    /// series of re-solves (service gained, cost saved) run side by side, which needs a
    /// second solver model and a copy of the LP in memory: at a million columns about a
    /// gigabyte more with HiGHS. `-j 1` for the least memory; the plan is the same.
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// How many binding limits the summary lists.
    #[arg(long, default_value_t = 12)]
    pub limits: usize,
    /// No progress lines on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Show the solver's log.
    #[arg(long)]
    pub verbose: bool,
    /// Plan this variant declared in the scenario's scenario.toml instead of the base.
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Write the time of each stage (read, validate, build, solve, verify, write) as JSON
    /// to this file, for benchmarks.
    #[arg(long, value_name = "FILE")]
    pub timings: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Scenario folder or workbook (`.xlsx`); the embedded Mali 2024 scenario when omitted.
    pub scenario: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to create; it must not exist yet.
    #[arg(required_unless_present = "xlsx")]
    pub dir: Option<PathBuf>,
    /// Write the scenario as one workbook (a sheet per table, a `settings` sheet, lists to
    /// pick ids from) to this `.xlsx` file instead of a folder; it must not exist yet.
    #[arg(long, value_name = "FILE", conflicts_with = "dir")]
    pub xlsx: Option<PathBuf>,
    /// The scenario to copy: a folder or a workbook (`.xlsx`); the embedded Mali 2024
    /// scenario when omitted.
    #[arg(long, value_name = "PATH")]
    pub from: Option<PathBuf>,
}

/// Whether a scenario path names a workbook rather than a folder.
fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) && !path.is_dir()
}

/// Whether an argument names an existing scenario: a folder, or a workbook file.
pub fn is_scenario_path(path: &Path) -> bool {
    path.is_dir() || (is_workbook(path) && path.is_file())
}

/// The scenario at `path`: a folder, or a workbook (`.xlsx`); the embedded Mali 2024
/// scenario when `None`. `None` after saying why when the file is not a workbook.
pub fn load_source(path: Option<&Path>) -> anyhow::Result<Option<ScenarioSource>> {
    match path {
        None => Ok(Some(embedded::source())),
        Some(p) if is_workbook(p) => match hinterland_io::read_workbook_path(p) {
            Ok(source) => Ok(Some(source)),
            Err(e @ hinterland_io::WorkbookError::ReadFile { .. }) => Err(e.into()),
            Err(e) => {
                eprintln!("error: {:#}", anyhow::Error::from(e));
                eprintln!(
                    "  help: save the scenario as an Excel workbook (.xlsx), e.g. from `hinterland init --xlsx FILE`"
                );
                Ok(None)
            }
        },
        Some(p) => Ok(Some(ScenarioSource::from_dir(p)?)),
    }
}

/// Validates the scenario and its variants as every command does; prints the diagnostics.
/// The base and its declared variants, or `None` after saying that nothing was `done`.
pub fn read(source: &ScenarioSource, done: &str) -> Option<(Scenario, Vec<Variant>)> {
    let Validated { scenario, variants, diagnostics: diags } = validate(source, crate::solver::BACKENDS);
    if !diags.is_empty() {
        eprint!("{}", render_diagnostics(&diags, source, color()));
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        eprintln!("error: `{}` has {errors} problem(s); nothing was {done}", source.origin());
        return None;
    }
    scenario.map(|s| (s, variants))
}

pub fn check(args: &CheckArgs) -> anyhow::Result<Exit> {
    let Some(source) = load_source(args.scenario.as_deref())? else {
        return Ok(Exit::UserError);
    };
    let Validated { scenario, variants, diagnostics: diags } = validate(&source, crate::solver::BACKENDS);
    if !diags.is_empty() {
        eprint!("{}", render_diagnostics(&diags, &source, color()));
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    match scenario {
        Some(s) if errors == 0 => {
            println!(
                "`{}` is valid: {} nodes, {} lanes, {} commodities, {} periods, {} need rows, {} variant(s) ({warnings} warning(s))",
                source.origin(),
                s.nodes.len(),
                s.lanes.len(),
                s.commodities.len(),
                s.calendar.len(),
                s.needs.len(),
                variants.len()
            );
            Ok(Exit::Success)
        }
        _ => {
            eprintln!("`{}` is invalid: {errors} error(s), {warnings} warning(s)", source.origin());
            Ok(Exit::UserError)
        }
    }
}

pub fn init(args: &InitArgs) -> anyhow::Result<Exit> {
    let Some(source) = load_source(args.from.as_deref())? else {
        return Ok(Exit::UserError);
    };
    let what = match &args.from {
        None => "the Mali 2024 scenario".to_owned(),
        Some(_) => format!("`{}`", source.origin()),
    };
    let target = match (&args.xlsx, &args.dir) {
        (Some(file), _) => {
            if file.exists() {
                eprintln!("error: `{}` already exists; choose a new file name", file.display());
                return Ok(Exit::UserError);
            }
            let bytes = match hinterland_io::write_workbook(&source) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("error: {:#}", anyhow::Error::from(e));
                    return Ok(Exit::UserError);
                }
            };
            // Written to a temporary file beside it and renamed: never half a workbook.
            if let Err(e) = StagedFile::create(file).and_then(|f| f.commit(&bytes)) {
                return output_error(e);
            }
            file
        }
        (None, dir) => {
            let Some(dir) = dir else {
                eprintln!("error: give a folder to create, or `--xlsx FILE`");
                return Ok(Exit::UserError);
            };
            if dir.exists() {
                eprintln!("error: `{}` already exists; choose a new folder name", dir.display());
                return Ok(Exit::UserError);
            }
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
            for (name, text) in source.files().chain(source.documents()) {
                let path = dir.join(name);
                std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
            }
            dir
        }
    };
    println!(
        "wrote {what} to `{}`; edit it, then run `hinterland plan {}`",
        target.display(),
        target.display()
    );
    Ok(Exit::Success)
}

pub fn plan(args: &PlanArgs) -> anyhow::Result<Exit> {
    let mut progress = Progress::new(args.quiet || args.json);
    let started = std::time::Instant::now();
    let mut timings = Timings::default();

    // Every output path is checked before any work, and again before anything is replaced.
    if let Err(e) = check_outputs(args) {
        return output_error(e);
    }

    progress.start("read");
    let Some(source) = load_source(args.scenario.as_deref())? else {
        return Ok(Exit::UserError);
    };
    timings.read = progress.done(source.origin());

    progress.start("validate");
    let Some((scenario, declared)) = read(&source, "planned") else {
        return Ok(Exit::UserError);
    };
    let scenario = match &args.variant {
        None => scenario,
        Some(name) => {
            let none = crate::compare::EditArgs::default();
            let names = std::slice::from_ref(name);
            match crate::compare::select_variants(&scenario, declared, names, &none, false)?.as_deref() {
                Some([v]) => {
                    let mut s = hinterland_model::apply(&scenario, v)?;
                    s.name = format!("{} (variant {})", s.name, v.name);
                    s
                }
                _ => return Ok(Exit::UserError),
            }
        }
    };
    timings.validate = progress.done(&format!(
        "{} nodes, {} lanes, {} commodities, {} periods",
        scenario.nodes.len(),
        scenario.lanes.len(),
        scenario.commodities.len(),
        scenario.calendar.len()
    ));

    let Some(choice) = Choice::parse(args.solver.as_deref(), &args.algorithm, &scenario) else {
        return Ok(Exit::UserError);
    };
    let mut options = PlanOptions::default();
    options.solve.algorithm = choice.cold();
    options.solve.time_limit_s = args.time_limit.or(scenario.solver.time_limit_s);
    options.solve.verbose = args.verbose;
    options.confirm_limits = args.confirm_limits;
    options.threads = threads(args);

    if let Some(path) = &args.write_mps {
        let mps_started = std::time::Instant::now();
        let mut f = hinterland_plan::build(&scenario);
        // The first LP `plan` solves: the service step, or the one weighted LP.
        hinterland_plan::formulation::objective::set(&mut f, Goal::first(&scenario));
        write_mps(&scenario, &f, path)?;
        if args.no_solve {
            progress.record(
                "write-mps",
                mps_started.elapsed().as_secs_f64(),
                &format!(
                    "wrote `{}`: {} columns, {} rows",
                    path.display(),
                    count(f.lp.ncols()),
                    count(f.lp.nrows())
                ),
            );
            return Ok(Exit::Success);
        }
    }

    progress.start("build+solve");
    let build_started = std::time::Instant::now();
    let f = hinterland_plan::build(&scenario);
    let build_seconds = build_started.elapsed().as_secs_f64();
    if let Some(why) = numbers::problem(&scenario, &f) {
        eprintln!("error: {why}");
        return Ok(Exit::UserError);
    }
    options.solve.progress = progress.solver_hook();
    let Some(run) = choice.run(PlanTask { s: &scenario, f, build_seconds, options: &options }) else {
        return Ok(Exit::UserError);
    };
    let run = match run {
        Ok(run) => run,
        Err(PlanError::RationWithoutFloor) => {
            eprintln!("error: {}", PlanError::RationWithoutFloor);
            return Ok(Exit::UserError);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::Internal);
        }
    };
    timings.build = run.build_seconds;
    timings.solve = run.steps.iter().map(|s| s.seconds).sum();
    let lp = &run.formulation.lp;
    progress.record(
        "build",
        timings.build,
        &format!(
            "{} columns, {} rows, {} non-zeros",
            count(lp.ncols()),
            count(lp.nrows()),
            count(lp.matrix.nnz())
        ),
    );
    progress.record("solve", timings.solve, &run.steps.iter().map(step_text).collect::<Vec<_>>().join(", "));

    if !matches!(run.outcome, Outcome::Planned(_)) {
        // No plan, but the stage times so far still tell a benchmark where the time went.
        timings.total = started.elapsed().as_secs_f64();
        write_timings(args, &scenario, &timings, &run)?;
    }
    let plan = match &run.outcome {
        Outcome::Planned(plan) => plan,
        Outcome::Infeasible { missed, limits } => {
            report_infeasible(&scenario, missed, limits);
            return Ok(Exit::UserError);
        }
        Outcome::Unbounded => {
            eprintln!(
                "error: the LP is unbounded: some quantity can grow without limit; check for lanes or markets with `inf` capacity and negative costs"
            );
            return Ok(Exit::UserError);
        }
        Outcome::Stopped { status } => {
            // `time limit`, `numerical trouble`, ... or what a step ended with instead.
            let why = match status {
                hinterland_lp::Status::Stopped(reason) => reason.to_string(),
                other => other.to_string(),
            };
            eprintln!(
                "error: the solver stopped before proving a plan optimal ({why}); no plan was written. Raise --time-limit or simplify the scenario"
            );
            return Ok(Exit::UserError);
        }
    };

    if !plan.missed.is_empty() {
        eprintln!(
            "warning: no plan keeps every hard commitment (`min_share`); this is the best plan that misses them as little as possible (exit code 3)"
        );
        report_missed(&scenario, &plan.missed, &plan.commitment_limits, missed_in_plan_text);
    }

    progress.start("verify");
    let report = verify(&scenario, plan, Tolerances::default());
    timings.verify = progress.done(&format!("{} checks", report.checked));
    if !report.ok() {
        eprintln!(
            "error: the solver's plan fails independent verification ({} violation(s)); it is not reported:",
            report.violations.len()
        );
        for v in report.violations.iter().take(20) {
            eprintln!("  {}: {} (off by {:e})", v.check, v.subject, v.amount);
        }
        return Ok(Exit::Internal);
    }

    let write_started = std::time::Instant::now();
    let r = Report { scenario: &scenario, origin: source.origin(), run: &run, plan, verify: &report };
    let plan_json = json::render(&r);
    let report_html =
        (!args.no_out || args.report.is_some()).then(|| outputs::html(&r, &outputs::documents(&source)));
    // Staging the single files checks their paths before the folder is replaced.
    let staged = (|| {
        let report = args.report.as_deref().map(StagedFile::create).transpose()?;
        let timings = args.timings.as_deref().map(StagedFile::create).transpose()?;
        Ok::<_, OutputError>((report, timings))
    })();
    let (report_file, timings_file) = match staged {
        Ok(files) => files,
        Err(e) => return output_error(e),
    };
    if !args.no_out {
        progress.start("write");
        let mut files: Vec<(String, Vec<u8>)> =
            vec![("plan.json".to_owned(), plan_json.clone().into_bytes())];
        files.extend(csv_tables::render(&r).into_iter().map(|t| (t.file.to_owned(), t.text.into_bytes())));
        files.push(("summary.txt".to_owned(), summary::render(&r, usize::MAX).into_bytes()));
        files.extend(outputs::files(&r, report_html.as_deref().unwrap_or_default())?);
        if let Err(e) = write_outputs(&args.out, &files, args.force) {
            return output_error(e);
        }
        progress.done(&args.out.display().to_string());
    }
    if let (Some(file), Some(text)) = (report_file, &report_html) {
        file.commit(text.as_bytes())?;
    }
    if args.json {
        print!("{plan_json}");
    } else {
        print!("{}", summary::render(&r, args.limits));
        if !args.no_out {
            println!(
                "\nWrote report.html, plan.json, plan.xlsx, plan.geojson, CSV tables and summary.txt to `{}`",
                args.out.display()
            );
        }
    }
    timings.write = write_started.elapsed().as_secs_f64();
    timings.total = started.elapsed().as_secs_f64();
    if let Some(file) = timings_file {
        file.commit(timings.render_json(&scenario, &run, threads(args), peak_rss_kb()).as_bytes())?;
    }
    Ok(if plan.missed.is_empty() { Exit::Success } else { Exit::MissedCommitments })
}

/// The process's peak resident memory so far (`VmHWM`), where the kernel reports it (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()
}

/// The threads `plan` may use: `--jobs`, or every core.
fn threads(args: &PlanArgs) -> usize {
    args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

/// Writes `--timings`, with `t` the stage times so far.
fn write_timings(args: &PlanArgs, s: &Scenario, t: &Timings, run: &PlanRun) -> anyhow::Result<()> {
    if let Some(path) = &args.timings {
        let text = t.render_json(s, run, threads(args), peak_rss_kb());
        StagedFile::create(path)?.commit(text.as_bytes())?;
    }
    Ok(())
}

/// Checks the output folder and files of `plan` before any work: each can be written, and
/// the folder is one hinterland may replace (or `--force`).
fn check_outputs(args: &PlanArgs) -> Result<(), OutputError> {
    if !args.no_out {
        check_out_dir(&args.out, args.force)?;
    }
    for path in args.report.iter().chain(&args.timings) {
        check_out_file(path)?;
    }
    Ok(())
}

/// How an output that cannot be written ends: a user error (exit 1) when the command line
/// asked for something that cannot be done, an I/O failure (exit 2) otherwise.
fn output_error(e: OutputError) -> anyhow::Result<Exit> {
    if e.is_user_error() {
        eprintln!("error: {e}");
        Ok(Exit::UserError)
    } else {
        Err(e.into())
    }
}

/// A step for the progress line: `service optimal`, `confirm 24 re-solves`.
fn step_text(step: &hinterland_plan::StepReport) -> String {
    match step.status {
        Some(status) => format!("{} {status}", step.goal.as_str()),
        None => format!("{} {} re-solves", step.goal.as_str(), step.resolves.len()),
    }
}

/// `plan`'s solve of the LP `f` built from `s`, on the chosen solver.
struct PlanTask<'a> {
    s: &'a Scenario,
    f: hinterland_plan::Formulation,
    build_seconds: f64,
    options: &'a PlanOptions,
}

impl Task for PlanTask<'_> {
    type Output = Result<PlanRun, PlanError>;
    fn run<S: Solver + Sync>(self, solver: &S) -> Self::Output {
        hinterland_plan::plan_built(self.s, self.f, self.build_seconds, solver, self.options)
    }
}

/// Writes the LP to `path` through a `.partial` file renamed at the end, so a failed write
/// never leaves a truncated MPS file behind.
fn write_mps(s: &Scenario, f: &hinterland_plan::Formulation, path: &Path) -> anyhow::Result<()> {
    let cols =
        unique_names(f.lp.col_keys.iter().map(|k| k.display(s).to_string().into_boxed_str()).collect());
    let rows =
        unique_names(f.lp.row_keys.iter().map(|k| k.display(s).to_string().into_boxed_str()).collect());
    // A pipe or device (`/dev/stdout`, a FIFO) is written as a stream: renaming a finished
    // file onto it would replace the device node itself (`/dev/null` became a plain file).
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open `{}`", path.display()))?;
        return hinterland_lp::write_mps_named(&f.lp, &s.name, &cols, &rows, &file)
            .with_context(|| format!("cannot write `{}`", path.display()));
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file =
        std::fs::File::create(&partial).with_context(|| format!("cannot create `{}`", partial.display()))?;
    let written = hinterland_lp::write_mps_named(&f.lp, &s.name, &cols, &rows, &file)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&partial, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(anyhow::Error::new(e).context(format!("cannot write `{}`", path.display())));
    }
    Ok(())
}

/// MPS names must be unique, but keys are not always: two `needs.csv` rows for the same
/// district, period and phase give two `served[...]` columns with one name (likewise two
/// offers or two demands that differ only in price or quantity). Repeats get `#2`, `#3`, ...
/// The names are boxed (no spare capacity) and counted by reference: at a million columns
/// they are most of `--write-mps`'s memory.
fn unique_names(mut names: Vec<Box<str>>) -> Vec<Box<str>> {
    let mut repeats = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let n = seen.entry(&**name).or_insert(0);
        *n += 1;
        if *n > 1 {
            repeats.push((i, format!("{name}#{n}").into_boxed_str()));
        }
    }
    drop(seen);
    for (i, name) in repeats {
        names[i] = name;
    }
    names
}

fn report_infeasible(s: &Scenario, missed: &[MissedCommitment], limits: &[hinterland_plan::explain::Limit]) {
    eprintln!("error: no plan keeps every hard commitment (`min_share`), and no best-effort plan was found");
    report_missed(s, missed, limits, missed_text);
}

/// The commitments that are missed (each in words by `text`), and the limits in the way.
fn report_missed(
    s: &Scenario,
    missed: &[MissedCommitment],
    limits: &[hinterland_plan::explain::Limit],
    text: fn(&Scenario, &MissedCommitment) -> String,
) {
    if missed.is_empty() {
        eprintln!(
            "  the solver proved the LP infeasible, but relaxing the commitments did not locate the conflict"
        );
    }
    for m in missed {
        eprintln!("  - {}", text(s, m));
    }
    if !limits.is_empty() {
        eprintln!("  limits that stand in the way:");
        for l in limits.iter().take(8) {
            eprintln!("  - {}", limit_text(s, l));
        }
    }
    eprintln!(
        "  help: lower the `min_share` of these rows in needs.csv / demand.csv, or add capacity or money"
    );
}
