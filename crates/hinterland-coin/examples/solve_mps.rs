//! Bare Clp on an MPS file, for benchmarks: `cargo run --release -p hinterland-coin --example
//! solve_mps -- FILE.mps [auto|primal|dual|barrier]` (default `auto`, Clp's own choice;
//! `hinterland plan` uses `primal`). Prints one JSON line: the seconds to read the file
//! (Clp's reader) and to solve it (`Clp::solve`: loading the arrays into Clp, Clp's own
//! solve, and the optimality certificate), the status, objective and iterations.

use std::time::Instant;

use hinterland_coin::{Clp, read_mps};
use hinterland_lp::{Algorithm, SolveOptions, Solver};

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: solve_mps FILE.mps");
        return std::process::ExitCode::from(2);
    };
    let algorithm = match std::env::args().nth(2).as_deref() {
        None | Some("auto") => Algorithm::Automatic,
        Some("primal") => Algorithm::PrimalSimplex,
        Some("dual") => Algorithm::DualSimplex,
        Some("barrier") => Algorithm::Barrier,
        Some(other) => {
            eprintln!("error: unknown algorithm `{other}`; use auto, primal, dual or barrier");
            return std::process::ExitCode::from(2);
        }
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
    let started = Instant::now();
    let solution = match Clp.solve(&lp, &SolveOptions { algorithm, ..SolveOptions::default() }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let solve = started.elapsed().as_secs_f64();
    println!(
        "{{\"tool\": \"clp\", \"algorithm\": \"{algorithm:?}\", \"columns\": {}, \"rows\": {}, \"read_s\": {read}, \"solve_s\": {solve}, \"status\": \"{:?}\", \"objective\": {}, \"iterations\": {}}}",
        lp.ncols(),
        lp.nrows(),
        solution.status,
        solution.objective,
        solution.iterations
    );
    std::process::ExitCode::SUCCESS
}
