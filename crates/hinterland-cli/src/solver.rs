//! The solver a command uses: `--solver` and `--algorithm`, parsed in one place for `plan`,
//! `compare` and `sweep`, and a [`Task`] run on the chosen backend.

use hinterland_coin::{Cbc, Clp};
use hinterland_lp::{Algorithm, Solver};
use hinterland_model::{Backend, Scenario};

/// The solver backends this build includes; `validate` refuses a scenario asking for another.
#[cfg(feature = "highs")]
pub const BACKENDS: &[Backend] = &[Backend::Clp, Backend::Cbc, Backend::Highs];
/// The solver backends this build includes; `validate` refuses a scenario asking for another.
#[cfg(not(feature = "highs"))]
pub const BACKENDS: &[Backend] = &[Backend::Clp, Backend::Cbc];

/// A solver backend and an algorithm, as asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub backend: Backend,
    pub algorithm: Algorithm,
}

impl Choice {
    /// `--solver` (else the scenario's `solver.backend`) and `--algorithm`; `None` after
    /// saying what is wrong.
    pub fn parse(solver: Option<&str>, algorithm: &str, scenario: &Scenario) -> Option<Choice> {
        let Some(algorithm) = Algorithm::from_name(algorithm) else {
            let names = Algorithm::ALL.map(Algorithm::as_str);
            eprintln!("error: unknown algorithm `{algorithm}`; use one of {}", names.join(", "));
            return None;
        };
        let backend = match solver {
            None => scenario.solver.backend,
            Some(name) => {
                let Some(backend) = Backend::from_name(name) else {
                    eprintln!("error: unknown solver `{name}`; use `clp`, `cbc` or `highs`");
                    return None;
                };
                backend
            }
        };
        Some(Choice { backend, algorithm })
    }

    /// The algorithm of a solve from nothing: the one asked for, but `auto` with HiGHS is
    /// its interior point, its fastest method on large LPs (docs/performance.md); later
    /// steps warm-start from its basis with primal simplex.
    pub fn cold(self) -> Algorithm {
        if self.backend == Backend::Highs && self.algorithm == Algorithm::Automatic {
            Algorithm::Barrier
        } else {
            self.algorithm
        }
    }

    /// Runs `task` on the backend's solver; `None` after saying how to get HiGHS in a build
    /// without it.
    pub fn run<T: Task>(self, task: T) -> Option<T::Output> {
        match self.backend {
            Backend::Clp => Some(task.run(&Clp)),
            Backend::Cbc => Some(task.run(&Cbc)),
            #[cfg(feature = "highs")]
            Backend::Highs => Some(task.run(&hinterland_coin::Highs)),
            #[cfg(not(feature = "highs"))]
            Backend::Highs => {
                eprintln!(
                    "error: this `hinterland` was built without the HiGHS backend; rebuild it with \
                     `cargo build --release --features highs` (needs CMake and libclang), or use \
                     `--solver clp`"
                );
                drop(task);
                None
            }
        }
    }
}

/// Work generic over the solver, for [`Choice::run`].
pub trait Task {
    type Output;
    fn run<S: Solver + Sync>(self, solver: &S) -> Self::Output;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(backend: Backend) -> Scenario {
        let mut s = hinterland_io::read_scenario(&crate::embedded::source()).0.expect("Mali is valid");
        s.solver.backend = backend;
        s
    }

    #[test]
    fn the_command_line_overrides_the_scenario() {
        let s = scenario(Backend::Cbc);
        let from_scenario = Choice::parse(None, "auto", &s);
        assert_eq!(from_scenario, Some(Choice { backend: Backend::Cbc, algorithm: Algorithm::Automatic }));
        let given = Choice::parse(Some("highs"), "dual", &s);
        assert_eq!(given, Some(Choice { backend: Backend::Highs, algorithm: Algorithm::DualSimplex }));
        assert_eq!(Choice::parse(Some("glpk"), "auto", &s), None);
        assert_eq!(Choice::parse(None, "simplex", &s), None);
        for algorithm in Algorithm::ALL {
            assert_eq!(Choice::parse(None, algorithm.as_str(), &s).map(|c| c.algorithm), Some(algorithm));
        }
    }

    /// Only `auto` with HiGHS changes: to its interior point.
    #[test]
    fn auto_with_highs_starts_with_the_interior_point() {
        let highs = Choice { backend: Backend::Highs, algorithm: Algorithm::Automatic };
        assert_eq!(highs.cold(), Algorithm::Barrier);
        let clp = Choice { backend: Backend::Clp, ..highs };
        assert_eq!(clp.cold(), Algorithm::Automatic);
        let dual = Choice { algorithm: Algorithm::DualSimplex, ..highs };
        assert_eq!(dual.cold(), Algorithm::DualSimplex);
    }
}
