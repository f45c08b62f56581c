//! `hinterland sweep` and `hinterland merge`: many variants solved in parallel, one shard of
//! them if asked, each step warm-started from the same step of the base's plan; shard results
//! joined in variant order.
//!
//! A sweep's variants are numbered in a fixed order (the grid's cartesian product, then the
//! variant file, then declared variants), so `--shard I/N` picks the same contiguous slice
//! on every machine and `merge` restores the order from the `index` column. Results hold no
//! timings, so a sweep's table is the same however it was split.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use std::sync::Arc;

use hinterland_lp::{Algorithm, Solver};
use hinterland_model::{Scenario, Variant, apply};
use hinterland_plan::{PlanOptions, StepBases};
use hinterland_report::compare::sweep::{Row, Sweep, header, render_csv, render_json};
use hinterland_report::compare::{Solved, Status};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::Exit;
use crate::compare::{EditArgs, read_base, select_variants, solve};
use crate::solver::{Choice, Task};

#[derive(Args, Debug)]
#[allow(clippy::struct_excessive_bools, reason = "command-line flags")]
pub struct SweepArgs {
    /// Scenario folder; the embedded Mali 2024 scenario when omitted.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// A grid axis: an edit whose value is a comma-separated list, e.g.
    /// `scale-fund:un_food=0.5,0.75,1`. Several axes give their cartesian product.
    #[arg(long, value_name = "EDIT=V1,V2,...")]
    pub grid: Vec<String>,
    /// Also sweep every variant declared in the scenario's scenario.toml.
    #[arg(long)]
    pub declared: bool,
    #[command(flatten)]
    pub edits: EditArgs,
    /// Run only the I-th of N contiguous slices of the variants (1-based), e.g. `3/10`; for
    /// Slurm job arrays or Kubernetes Indexed Jobs. Join the results with `hinterland merge`.
    #[arg(long, value_name = "I/N", allow_hyphen_values = true)]
    pub shard: Option<String>,
    /// Write the results here (`.json` for JSON, otherwise CSV); stdout when omitted.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Solve every variant from scratch instead of from the base's plan.
    #[arg(long)]
    pub cold: bool,
    /// Solver backend: clp, cbc, or highs (when built with `--features highs`); overrides
    /// scenario.toml.
    #[arg(long)]
    pub solver: Option<String>,
    /// LP algorithm for the variants' solves: auto (from the base's plan: dual simplex for
    /// the service and cost steps, primal for the others; else as for `plan`), dual, primal,
    /// or barrier (an interior point cannot use a basis: the warm-started steps run primal
    /// simplex).
    #[arg(long, default_value = "auto")]
    pub algorithm: String,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Result files of the shards (CSV written by `hinterland sweep --out`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the merged table here; stdout when omitted.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `I/N` → `(I, N)` with `1 ≤ I ≤ N`.
fn shard_of(spec: &str) -> Option<(usize, usize)> {
    let (i, n) = spec.split_once('/')?;
    let (i, n): (usize, usize) = (i.trim().parse().ok()?, n.trim().parse().ok()?);
    (n > 0 && i > 0 && i <= n).then_some((i, n))
}

/// `I/N` → the 0-based range of variant indices of shard I.
fn shard_range(spec: &str, total: usize) -> Option<std::ops::Range<usize>> {
    let (i, n) = shard_of(spec)?;
    Some(total * (i - 1) / n..total * i / n)
}

/// The grid's variants: the cartesian product of the axes, in axis order (last axis fastest).
/// An axis without `=`, with an empty value (`1,,2`) or with a value twice is refused, with
/// what is wrong.
fn grid_texts(axes: &[String]) -> Result<Vec<Vec<String>>, String> {
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for axis in axes {
        let Some((edit, values)) = axis.rsplit_once('=') else {
            return Err(format!("--grid axis `{axis}` has no `=V1,V2,...`"));
        };
        let values: Vec<&str> = values.split(',').map(str::trim).collect();
        if let Some(i) = values.iter().position(|v| v.is_empty()) {
            return Err(format!(
                "--grid axis `{axis}` has an empty value (value {} of {})",
                i + 1,
                values.len()
            ));
        }
        if let Some((i, v)) = values.iter().enumerate().find(|(i, v)| values[..*i].contains(v)) {
            return Err(format!("--grid axis `{axis}` has the value `{v}` twice (value {})", i + 1));
        }
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.push(format!("{edit}={v}"));
                    c
                })
            })
            .collect();
    }
    Ok(combos)
}

/// A sweep's fingerprint: FNV-1a (64 bits, the same on every machine and build) of the
/// scenario's files, the variants in order and the solver, as 16 hex digits. Shards of one
/// sweep share it; `merge` refuses to mix fingerprints.
fn fingerprint(source: &hinterland_io::ScenarioSource, variants: &[Variant], choice: Choice) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes.iter().chain(&[0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (name, text) in source.files() {
        eat(name.as_bytes());
        eat(text.as_bytes());
    }
    for v in variants {
        eat(v.name.as_bytes());
        eat(format!("{:?}", v.edits).as_bytes());
    }
    eat(choice.backend.as_str().as_bytes());
    eat(choice.algorithm.as_str().as_bytes());
    format!("{h:016x}")
}

fn all_variants(
    args: &SweepArgs,
    base: &Scenario,
    declared: Vec<Variant>,
) -> anyhow::Result<Option<Vec<Variant>>> {
    let mut out = Vec::new();
    if !args.grid.is_empty() {
        let combos = match grid_texts(&args.grid) {
            Ok(combos) => combos,
            Err(why) => {
                eprintln!(
                    "error: {why}; a --grid axis is `EDIT=V1,V2,...`, e.g. `scale-fund:un_food=0.5,0.75,1`"
                );
                return Ok(None);
            }
        };
        for texts in combos {
            let flagged: Vec<_> = texts.iter().map(|t| ("--grid", t.clone())).collect();
            let Some(edits) = crate::compare::checked_edits(base, &flagged) else { return Ok(None) };
            out.push(Variant { name: texts.join(" "), description: String::new(), edits });
        }
    }
    let Some(listed) = select_variants(base, Vec::new(), &[], &args.edits, false)? else { return Ok(None) };
    out.extend(listed);
    if args.declared {
        out.extend(declared);
    }
    Ok(Some(out))
}

/// The bases of every step of the base's plan (its levels, without confirmations), for warm
/// starts; `None` when the base has no plan.
fn base_bases<S: Solver + Sync>(base: &Scenario, solver: &S, algorithm: Algorithm) -> Option<Arc<StepBases>> {
    let mut options = PlanOptions { confirm_limits: 0, keep_bases: true, ..PlanOptions::default() };
    options.solve.algorithm = algorithm;
    options.solve.time_limit_s = base.solver.time_limit_s;
    hinterland_plan::plan(base, solver, &options).ok()?.take_bases().map(Arc::new)
}

/// `sweep`'s solves: the base's plan's bases unless `cold`, then the variants in parallel, each
/// with whether it was warm-started.
struct SweepTask<'a> {
    base: &'a Scenario,
    slice: &'a [(usize, &'a Variant)],
    cold: bool,
    choice: Choice,
    bar: &'a ProgressBar,
}

impl<'a> Task for SweepTask<'a> {
    /// Each variant's result, and the seconds the base's solve took.
    type Output = (Vec<(usize, &'a Variant, Solved, bool)>, f64);

    fn run<S: Solver + Sync>(self, solver: &S) -> Self::Output {
        let SweepTask { base, slice, cold, choice, bar } = self;
        let started = std::time::Instant::now();
        let warm = if cold { None } else { base_bases(base, solver, choice.cold()) };
        let base_seconds = started.elapsed().as_secs_f64();
        let results = slice
            .par_iter()
            .map(|&(i, v)| {
                let r = match apply(base, v) {
                    Err(e) => (Solved::failed(e.to_string()), false),
                    Ok(s) => variant(&s, solver, warm.as_ref(), choice),
                };
                bar.inc(1);
                (i, v, r.0, r.1)
            })
            .collect();
        (results, base_seconds)
    }
}

/// Plans the variant `s`, each step from the same step of the base's plan (`warm`, see
/// `hinterland_plan::run::bases`); with whether it was warm-started.
fn variant<S: Solver + Sync>(
    s: &Scenario,
    solver: &S,
    warm: Option<&Arc<StepBases>>,
    choice: Choice,
) -> (Solved, bool) {
    let used = warm.is_some();
    let r = solve(s, solver, warm.cloned(), choice.cold());
    if used && !matches!(r.status, Status::Optimal | Status::MissedCommitments | Status::Infeasible) {
        // A warm start must never cost an answer: fall back to a cold solve.
        (solve(s, solver, None, choice.cold()), false)
    } else {
        (r, used)
    }
}

pub fn sweep(args: &SweepArgs) -> anyhow::Result<Exit> {
    let Some((source, base, declared)) = read_base(args.scenario.as_deref(), "swept")? else {
        return Ok(Exit::UserError);
    };
    let Some(variants) = all_variants(args, &base, declared)? else { return Ok(Exit::UserError) };
    if variants.is_empty() {
        eprintln!("error: nothing to sweep: give --grid, --set, --variants FILE or --declared");
        return Ok(Exit::UserError);
    }
    let (range, shard) = match &args.shard {
        None => (0..variants.len(), (1, 1)),
        Some(spec) => {
            let Some(r) =
                shard_of(spec).and_then(|(i, n)| Some((shard_range(spec, variants.len())?, (i, n))))
            else {
                eprintln!("error: --shard is `I/N` with 1 ≤ I ≤ N, e.g. `2/8`; got `{spec}`");
                return Ok(Exit::UserError);
            };
            r
        }
    };
    let Some(choice) = Choice::parse(args.solver.as_deref(), &args.algorithm, &base) else {
        return Ok(Exit::UserError);
    };
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().ok();
    }
    let started = std::time::Instant::now();
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(range.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} variants, eta {eta}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let slice: Vec<(usize, &Variant)> = range.clone().map(|i| (i, &variants[i])).collect();
    // A basis is no start for an interior point.
    let cold = args.cold || choice.algorithm == Algorithm::Barrier;
    let task = SweepTask { base: &base, slice: &slice, cold, choice, bar: &bar };
    let Some((results, base_seconds)) = choice.run(task) else {
        return Ok(Exit::UserError);
    };
    bar.finish_and_clear();
    let total = started.elapsed().as_secs_f64();
    let warmed = results.iter().filter(|r| r.3).count();
    let failed = results.iter().filter(|r| !r.2.status.planned()).count();
    let iterations: u64 = results.iter().map(|r| r.2.iterations).sum();
    let cpu: f64 = results.iter().map(|r| r.2.seconds).sum();
    if !args.quiet {
        eprintln!(
            "swept {} variant(s) (#{}..#{} of {}) in {total:.2} s on {} thread(s): {warmed} warm-started (base solve {base_seconds:.2} s), {failed} without a plan, {iterations} simplex iterations, {cpu:.2} s in planning",
            results.len(),
            range.start + 1,
            range.end,
            variants.len(),
            rayon::current_num_threads()
        );
    }
    let json = args.out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e == "json"));
    let summaries: Vec<String> = results.iter().map(|(_, v, _, _)| edit_summary(v)).collect();
    let rows: Vec<Row<'_>> = results
        .iter()
        .zip(&summaries)
        .map(|((i, v, r, _), edits)| Row { index: *i, variant: &v.name, edits, solved: r })
        .collect();
    let print = fingerprint(&source, &variants, choice);
    let about = Sweep { fingerprint: &print, variants: variants.len(), shard };
    let text = if json { render_json(&rows, &about) } else { render_csv(&rows, &about) };
    match &args.out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write `{}`", p.display()))?,
        None => print!("{text}"),
    }
    Ok(Exit::Success)
}

/// A variant's edits in words: its description, or its name (a grid variant's edits).
fn edit_summary(v: &Variant) -> String {
    if v.description.is_empty() { v.name.clone() } else { v.description.clone() }
}

/// The sweep a shard file's rows say they are from.
struct ShardFile {
    fingerprint: String,
    variants: usize,
}

/// Joins shard files: all of one sweep (same fingerprint and number of variants), each
/// variant once, none missing; else exit 1 naming the file or the missing shards. The
/// merged table is the whole sweep's: its `shard` column says `1/1`.
pub fn merge(args: &MergeArgs) -> anyhow::Result<Exit> {
    let expected: csv::StringRecord = header().into_iter().collect();
    let col = |name: &str| header().iter().position(|h| *h == name).expect("the header has the column");
    let (c_sweep, c_variants, c_shard) = (col("sweep"), col("variants"), col("shard"));
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
    let mut first: Option<(ShardFile, &PathBuf)> = None;
    let mut shard_counts = Vec::new();
    for path in &args.files {
        let mut r =
            csv::Reader::from_path(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let h = r.headers().with_context(|| format!("cannot read `{}`", path.display()))?.clone();
        if h.iter().next() != Some("index") {
            eprintln!("error: `{}` is not a sweep result: its first column is not `index`", path.display());
            return Ok(Exit::UserError);
        }
        if !h.iter().any(|c| c == "sweep") {
            eprintln!(
                "error: `{}` does not say which sweep it is from (no `sweep` column: an older hinterland wrote it); run its shard again",
                path.display()
            );
            return Ok(Exit::UserError);
        }
        if h != expected {
            eprintln!(
                "error: `{}` has other columns than this hinterland writes; run its shard again",
                path.display()
            );
            return Ok(Exit::UserError);
        }
        for rec in r.records() {
            let rec = rec.with_context(|| format!("cannot read `{}`", path.display()))?;
            let index = rec.get(0).and_then(|x| x.parse::<usize>().ok());
            let variants = rec.get(c_variants).and_then(|x| x.parse::<usize>().ok());
            let shard = rec.get(c_shard).and_then(shard_of);
            let (Some(index), Some(variants), Some((_, shards))) = (index, variants, shard) else {
                eprintln!(
                    "error: `{}` has a row without a whole-number `index` and `variants`, or a `shard` that is not `I/N`",
                    path.display()
                );
                return Ok(Exit::UserError);
            };
            let file = ShardFile { fingerprint: rec.get(c_sweep).unwrap_or_default().to_owned(), variants };
            match &first {
                None => first = Some((file, path)),
                Some((f, first_path)) if f.fingerprint != file.fingerprint || f.variants != file.variants => {
                    eprintln!(
                        "error: `{}` is from another sweep than `{}` (sweep `{}` of {} variants, not `{}` of {}); merge the shards of one sweep",
                        path.display(),
                        first_path.display(),
                        file.fingerprint,
                        file.variants,
                        f.fingerprint,
                        f.variants
                    );
                    return Ok(Exit::UserError);
                }
                Some(_) => {}
            }
            if index >= variants {
                eprintln!("error: `{}` has variant #{} of a sweep of {variants}", path.display(), index + 1);
                return Ok(Exit::UserError);
            }
            if !shard_counts.contains(&shards) {
                shard_counts.push(shards);
            }
            rows.push((index, rec));
        }
    }
    rows.sort_by_key(|(i, _)| *i);
    for pair in rows.windows(2) {
        if pair[0].0 == pair[1].0 {
            eprintln!("error: variant #{} appears in two shards; merge each shard once", pair[0].0 + 1);
            return Ok(Exit::UserError);
        }
    }
    let total = first.as_ref().map_or(0, |(f, _)| f.variants);
    if rows.len() < total {
        eprintln!("error: {}; run them and merge again", missing(&rows, total, &shard_counts));
        return Ok(Exit::UserError);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&expected)?;
    for (_, rec) in &rows {
        let mut rec: Vec<&str> = rec.iter().collect();
        rec[c_shard] = "1/1";
        w.write_record(&rec)?;
    }
    let text = String::from_utf8(w.into_inner()?)?;
    match &args.out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write `{}`", p.display()))?,
        None => print!("{text}"),
    }
    Ok(Exit::Success)
}

/// What is missing from a sweep of `total` variants of which `rows` are here: the shards
/// (when all files were cut into the same number `N`), else the variants.
fn missing(rows: &[(usize, csv::StringRecord)], total: usize, shard_counts: &[usize]) -> String {
    let here: std::collections::BTreeSet<usize> = rows.iter().map(|(i, _)| *i).collect();
    if let [n] = shard_counts {
        let shards: Vec<String> = (1..=*n)
            .filter_map(|i| {
                let range = total * (i - 1) / n..total * i / n;
                (!range.is_empty() && range.clone().any(|v| !here.contains(&v)))
                    .then(|| format!("shard {i}/{n} (variants #{}..#{})", range.start + 1, range.end))
            })
            .collect();
        return format!("{} of {total} variants are missing: {}", total - here.len(), shards.join(", "));
    }
    let absent: Vec<String> =
        (0..total).filter(|v| !here.contains(v)).map(|v| format!("#{}", v + 1)).collect();
    format!("{} of {total} variants are missing: {}", absent.len(), absent.join(", "))
}
