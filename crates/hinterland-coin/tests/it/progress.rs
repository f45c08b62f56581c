//! Progress reports while Clp runs: the hook is called from Clp's event handler (our C++ file,
//! also through the models Clp's presolve makes), with monotone iteration counts that end at
//! or below the solve's total, and a panicking hook does not take the solve down. The
//! `infeasible` flag is tested on a generated scenario (`hinterland-generate`'s tests).

use std::sync::{Arc, Mutex};

use hinterland_coin::{Clp, read_mps};
use hinterland_lp::{Algorithm, ProgressHook, SolveOptions, Solver, SolverProgress};

use crate::{assert_clean, assert_rel, netlib_dir};

fn recording() -> (ProgressHook, Arc<Mutex<Vec<SolverProgress>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let hook = ProgressHook::new(move |p| sink.lock().unwrap().push(*p));
    (hook, seen)
}

#[test]
fn every_algorithm_reports_iterations_while_it_runs() {
    let lp = read_mps(netlib_dir().join("SHARE2B.SIF")).unwrap();
    for algorithm in [Algorithm::Automatic, Algorithm::PrimalSimplex, Algorithm::DualSimplex] {
        let (hook, seen) = recording();
        let opts =
            SolveOptions { algorithm, progress: Some(hook.labelled("service")), ..SolveOptions::default() };
        let sol = Clp.solve(&lp, &opts).unwrap();
        assert_clean(&lp, &sol);
        let seen = seen.lock().unwrap();
        // The first iteration always reports; SHARE2B takes well under the report interval.
        assert!(!seen.is_empty(), "{algorithm:?}: no progress reported in {} iterations", sol.iterations);
        assert!(seen.iter().all(|p| p.label == "service"), "{algorithm:?}: {seen:?}");
        assert!(seen[0].iterations >= 1, "{algorithm:?}: {seen:?}");
        assert!(seen.windows(2).all(|w| w[0].iterations <= w[1].iterations), "{algorithm:?}: {seen:?}");
        let last = seen.last().unwrap().iterations;
        assert!(last <= sol.iterations, "{algorithm:?}: reported {last} of {} iterations", sol.iterations);
    }
}

#[test]
fn a_panicking_hook_loses_its_reports_not_the_solve() {
    let lp = read_mps(netlib_dir().join("ADLITTLE.SIF")).unwrap();
    let plain = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    let hook = ProgressHook::new(|_| panic!("a hook that panics"));
    let sol = Clp.solve(&lp, &SolveOptions { progress: Some(hook), ..SolveOptions::default() }).unwrap();
    assert_clean(&lp, &sol);
    assert_rel(sol.objective, plain.objective, 1e-9, "ADLITTLE with a panicking hook");
}

/// A hook whose stop flag is set stops the run: `Stopped(Interrupted)`, after one iteration.
#[test]
fn a_stopped_hook_interrupts_the_run() {
    use std::sync::atomic::AtomicBool;
    let lp = read_mps(netlib_dir().join("SHARE2B.SIF")).unwrap();
    let plain = Clp.solve(&lp, &SolveOptions::default()).unwrap();
    assert!(plain.iterations > 1);
    for algorithm in [Algorithm::PrimalSimplex, Algorithm::DualSimplex] {
        let stop = Arc::new(AtomicBool::new(true));
        let hook = ProgressHook::new(|_| {}).with_stop(Arc::clone(&stop)).labelled("service");
        assert!(hook.stopped(), "the label keeps the flag");
        let opts = SolveOptions { algorithm, progress: Some(hook), ..SolveOptions::default() };
        let sol = Clp.solve(&lp, &opts).unwrap();
        assert_eq!(
            sol.status,
            hinterland_lp::Status::Stopped(hinterland_lp::StopReason::Interrupted),
            "{algorithm:?}"
        );
        assert!(sol.iterations < plain.iterations, "{algorithm:?}: {} iterations", sol.iterations);
        // Unset, the same hook lets the solve finish.
        stop.store(false, std::sync::atomic::Ordering::Relaxed);
        let opts = SolveOptions {
            algorithm,
            progress: Some(ProgressHook::new(|_| {}).with_stop(stop)),
            ..SolveOptions::default()
        };
        assert_rel(Clp.solve(&lp, &opts).unwrap().objective, plain.objective, 1e-9, "SHARE2B");
    }
}
