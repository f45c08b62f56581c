//! `hinterland sweep` and `hinterland merge`: many variants solved in parallel, one shard of
//! them if asked, warm-started from the base's basis; shard results joined in variant order.
//!
//! A sweep's variants are numbered in a fixed order (the grid's cartesian product, then the
//! variant file, then declared variants), so `--shard I/N` picks the same contiguous slice
//! on every machine and `merge` restores the order from the `index` column. Results hold no
//! timings, so a sweep's table is the same however it was split.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use hinterland_coin::Clp;
use hinterland_lp::{Algorithm, Basis, Solver as _};
use hinterland_model::{Scenario, Variant, apply};
use hinterland_plan::formulation::objective::{self, Goal};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::Exit;
use crate::compare::{EditArgs, Solved, read_base, select_variants, solve};

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
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write the results here (`.json` for JSON, otherwise CSV); stdout when omitted.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Solve every variant from scratch instead of from the base's basis.
    #[arg(long)]
    pub cold: bool,
    /// Simplex variant for the variants' solves: auto (dual when warm-started, else primal), dual, primal.
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

/// `I/N` → the 0-based range of variant indices of shard I.
fn shard_range(spec: &str, total: usize) -> Option<std::ops::Range<usize>> {
    let (i, n) = spec.split_once('/')?;
    let (i, n): (usize, usize) = (i.trim().parse().ok()?, n.trim().parse().ok()?);
    if n == 0 || i == 0 || i > n {
        return None;
    }
    Some(total * (i - 1) / n..total * i / n)
}

/// The grid's variants: the cartesian product of the axes, in axis order (last axis fastest).
fn grid_texts(axes: &[String]) -> Option<Vec<Vec<String>>> {
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for axis in axes {
        let (edit, values) = axis.rsplit_once('=')?;
        let values: Vec<&str> = values.split(',').map(str::trim).filter(|v| !v.is_empty()).collect();
        if values.is_empty() {
            return None;
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
    Some(combos)
}

fn all_variants(
    args: &SweepArgs,
    source: &hinterland_io::ScenarioSource,
    base: &Scenario,
) -> anyhow::Result<Option<Vec<Variant>>> {
    let mut out = Vec::new();
    if !args.grid.is_empty() {
        let Some(combos) = grid_texts(&args.grid) else {
            eprintln!("error: a --grid axis is `EDIT=V1,V2,...`, e.g. `scale-fund:un_food=0.5,0.75,1`");
            return Ok(None);
        };
        for texts in combos {
            let cli = EditArgs { set: texts.clone(), ..EditArgs::default() };
            let Some(edits) = cli.edits(base) else { return Ok(None) };
            out.push(Variant { name: texts.join(" "), description: String::new(), edits });
        }
    }
    let Some(listed) = select_variants(source, base, &[], &args.edits, false)? else { return Ok(None) };
    out.extend(listed);
    if args.declared {
        let (declared, _) = hinterland_io::read_variants(source, base);
        out.extend(declared);
    }
    Ok(Some(out))
}

/// The base's service-step basis, for warm starts.
fn base_basis(base: &Scenario, algorithm: Algorithm) -> Option<(Basis, hinterland_plan::Formulation)> {
    let mut f = hinterland_plan::build(base);
    objective::set(&mut f, Goal::Service);
    let algorithm = if algorithm == Algorithm::Automatic { Algorithm::PrimalSimplex } else { algorithm };
    let options = hinterland_lp::SolveOptions { algorithm, ..Default::default() };
    let sol = Clp.solve(&f.lp, &options).ok()?;
    Some((sol.basis?, f))
}

pub fn sweep(args: &SweepArgs) -> anyhow::Result<Exit> {
    let Some((source, base)) = read_base(args.scenario.as_deref())? else { return Ok(Exit::UserError) };
    let Some(variants) = all_variants(args, &source, &base)? else { return Ok(Exit::UserError) };
    if variants.is_empty() {
        eprintln!("error: nothing to sweep: give --grid, --set, --variants FILE or --declared");
        return Ok(Exit::UserError);
    }
    let range = match &args.shard {
        None => 0..variants.len(),
        Some(spec) => {
            let Some(r) = shard_range(spec, variants.len()) else {
                eprintln!("error: --shard is `I/N` with 1 ≤ I ≤ N, e.g. `2/8`; got `{spec}`");
                return Ok(Exit::UserError);
            };
            r
        }
    };
    let algorithm = match args.algorithm.as_str() {
        "auto" => Algorithm::Automatic,
        "dual" => Algorithm::DualSimplex,
        "primal" => Algorithm::PrimalSimplex,
        other => {
            eprintln!("error: unknown algorithm `{other}`; use auto, dual or primal");
            return Ok(Exit::UserError);
        }
    };
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().ok();
    }
    let started = std::time::Instant::now();
    let warm = if args.cold { None } else { base_basis(&base, algorithm) };
    let base_seconds = started.elapsed().as_secs_f64();

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
    let results: Vec<(usize, &Variant, Solved, bool)> = slice
        .par_iter()
        .map(|&(i, v)| {
            let r = match apply(&base, v) {
                Err(e) => (
                    Solved {
                        status: format!("error: {e}"),
                        figures: Vec::new(),
                        seconds: 0.0,
                        iterations: 0,
                        ..Solved::default()
                    },
                    false,
                ),
                Ok(s) => {
                    let started = std::time::Instant::now();
                    let g = hinterland_plan::build(&s);
                    let built = (g, started.elapsed().as_secs_f64());
                    // Warm start only when the variant's LP has exactly the base's rows and columns.
                    let basis = warm.as_ref().and_then(|(b, f)| {
                        let g = &built.0.lp;
                        (g.col_keys == f.lp.col_keys && g.row_keys == f.lp.row_keys).then(|| b.clone())
                    });
                    let used = basis.is_some();
                    // From a basis, dual simplex suits edits that change bounds (most do).
                    let algo = if used && algorithm == Algorithm::Automatic {
                        Algorithm::DualSimplex
                    } else {
                        algorithm
                    };
                    let r = solve(&s, Some(built), basis, algo);
                    if used && r.status != "optimal" && r.status != "infeasible" {
                        // A warm start must never cost an answer: fall back to a cold solve.
                        (solve(&s, None, None, algorithm), false)
                    } else {
                        (r, used)
                    }
                }
            };
            bar.inc(1);
            (i, v, r.0, r.1)
        })
        .collect();
    bar.finish_and_clear();
    let total = started.elapsed().as_secs_f64();
    let warmed = results.iter().filter(|r| r.3).count();
    let failed = results.iter().filter(|r| r.2.status != "optimal").count();
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
    let text = if json { render_json(&results) } else { render_csv(&results)? };
    match &args.out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write `{}`", p.display()))?,
        None => print!("{text}"),
    }
    Ok(Exit::Success)
}

/// The columns of a sweep result, after `index`, `variant`, `status`.
const FIGURES: [&str; 6] = [
    "person-days served",
    "share of need (%)",
    "weighted service",
    "cost (USD)",
    "cost per person-day (USD)",
    "money left (USD)",
];
const HEADER: [&str; 10] = [
    "index",
    "variant",
    "status",
    "person_days_served",
    "share_of_need_pct",
    "weighted_service",
    "cost_usd",
    "cost_usd_per_person_day",
    "money_left_usd",
    "edits",
];

fn figure(r: &Solved, key: &str) -> Option<f64> {
    r.figures.iter().find(|f| f.section == "headline" && f.key == key).map(|f| f.value)
}

fn edit_summary(v: &Variant) -> String {
    if v.description.is_empty() { v.name.clone() } else { v.description.clone() }
}

fn render_csv(results: &[(usize, &Variant, Solved, bool)]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for (i, v, r, _) in results {
        let mut rec = vec![i.to_string(), v.name.clone(), r.status.clone()];
        rec.extend(FIGURES.iter().map(|k| figure(r, k).map_or_else(String::new, |x| format!("{x}"))));
        rec.push(edit_summary(v));
        w.write_record(&rec)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn render_json(results: &[(usize, &Variant, Solved, bool)]) -> String {
    let rows: Vec<serde_json::Value> = results
        .iter()
        .map(|(i, v, r, _)| {
            let mut o = serde_json::Map::new();
            o.insert("index".into(), (*i).into());
            o.insert("variant".into(), v.name.clone().into());
            o.insert("status".into(), r.status.clone().into());
            for (k, h) in FIGURES.iter().zip(&HEADER[3..9]) {
                o.insert((*h).into(), figure(r, k).into());
            }
            o.insert("edits".into(), edit_summary(v).into());
            serde_json::Value::Object(o)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({"schema_version": 1, "results": rows}))
        .expect("JSON values serialise");
    text.push('\n');
    text
}

pub fn merge(args: &MergeArgs) -> anyhow::Result<Exit> {
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
    let mut header: Option<csv::StringRecord> = None;
    for path in &args.files {
        let mut r =
            csv::Reader::from_path(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let h = r.headers()?.clone();
        if h.iter().next() != Some("index") {
            eprintln!("error: `{}` is not a sweep result: its first column is not `index`", path.display());
            return Ok(Exit::UserError);
        }
        match &header {
            Some(first) if *first != h => {
                eprintln!("error: `{}` has other columns than `{}`", path.display(), args.files[0].display());
                return Ok(Exit::UserError);
            }
            _ => header = Some(h),
        }
        for rec in r.records() {
            let rec = rec?;
            let Some(i) = rec.get(0).and_then(|x| x.parse::<usize>().ok()) else {
                eprintln!("error: `{}` has a row without a whole-number `index`", path.display());
                return Ok(Exit::UserError);
            };
            rows.push((i, rec));
        }
    }
    rows.sort_by_key(|(i, _)| *i);
    for pair in rows.windows(2) {
        if pair[0].0 == pair[1].0 {
            eprintln!("error: variant #{} appears in two shards; merge each shard once", pair[0].0);
            return Ok(Exit::UserError);
        }
    }
    let missing = rows.last().map_or(0, |(i, _)| i + 1) - rows.len();
    if missing > 0 {
        eprintln!("warning: {missing} variant(s) are missing; a shard may not have run");
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    if let Some(h) = &header {
        w.write_record(h)?;
    }
    for (_, rec) in &rows {
        w.write_record(rec)?;
    }
    let text = String::from_utf8(w.into_inner()?)?;
    match &args.out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write `{}`", p.display()))?,
        None => print!("{text}"),
    }
    Ok(Exit::Success)
}
