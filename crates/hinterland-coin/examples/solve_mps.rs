//! Bare Clp on an MPS file, for benchmarks: `cargo run --release -p hinterland-coin --example
//! solve_mps -- FILE.mps [auto|primal|dual|barrier] [clp|highs]` (default `auto`, Clp's own
//! choice; `hinterland plan` uses `primal`). Prints one JSON line: the seconds to read the
//! file (Clp's reader) and to solve it (`Clp::solve`: loading the arrays into Clp, Clp's own
//! solve, and the optimality certificate), the status, objective and iterations.
//!
//! With `highs` (needs `--features highs`) the LP Clp read goes to the HiGHS backend as
//! `hinterland plan --solver highs` hands it over, for telling the backend's own cost from
//! HiGHS's (against `bench/solve_highs.py`, which has HiGHS read the file itself).

use std::time::Instant;

use hinterland_coin::{Clp, read_mps};
use hinterland_lp::{Algorithm, Lp, Solution, SolveOptions, Solver, SolverError};

fn solve(solver: &str, lp: &Lp<String, String>, options: &SolveOptions) -> Result<Solution, SolverError> {
    match solver {
        #[cfg(feature = "highs")]
        "highs" => hinterland_coin::Highs.solve(lp, options),
        _ => Clp.solve(lp, options),
    }
}

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: solve_mps FILE.mps");
        return std::process::ExitCode::from(2);
    };
    let name = std::env::args().nth(2).unwrap_or_else(|| "auto".to_owned());
    let Some(algorithm) = Algorithm::from_name(&name) else {
        eprintln!("error: unknown algorithm `{name}`; use auto, primal, dual or barrier");
        return std::process::ExitCode::from(2);
    };
    let started = Instant::now();
    let lp = match read_mps(&path) {
        Ok(lp) => lp,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let read = started.elapsed().as_secs_f64();
    let solver = std::env::args().nth(3).unwrap_or_else(|| "clp".to_owned());
    if solver != "clp" && (solver != "highs" || cfg!(not(feature = "highs"))) {
        eprintln!("error: unknown solver `{solver}`; use clp, or highs in a build with `--features highs`");
        return std::process::ExitCode::from(2);
    }
    let started = Instant::now();
    let solution = match solve(&solver, &lp, &SolveOptions { algorithm, ..SolveOptions::default() }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let solve = started.elapsed().as_secs_f64();
    println!(
        "{{\"tool\": \"{solver}\", \"algorithm\": \"{}\", \"columns\": {}, \"rows\": {}, \"read_s\": {read}, \"solve_s\": {solve}, \"status\": \"{}\", \"objective\": {}, \"iterations\": {}}}",
        algorithm.as_str(),
        lp.ncols(),
        lp.nrows(),
        solution.status.as_str(),
        solution.objective,
        solution.iterations
    );
    std::process::ExitCode::SUCCESS
}
