//! COIN-OR Clp (LP, with duals and bases) and Cbc (MIP) behind [`hinterland_lp::Solver`],
//! compiled from source by the `clp-src` and `cbc-src` crates (no system libraries, no
//! bindgen), plus [`read_mps`] for public test instances. With the `highs` feature, also
//! `Highs` (HiGHS 1.16 through the `highs-sys` crate, which builds it with CMake and
//! generates its bindings with libclang): the same contract, certificate included.
//!
//! # Safety story
//! This is the only crate in the workspace allowed to contain `unsafe`. All of it sits in
//! these places:
//! * `ffi`: hand-written `extern "C"` declarations, checked against `Clp_C_Interface.h`
//!   (Clp 1.17) and `Cbc_C_Interface.h` (Cbc 2.10); `CoinBigIndex` is `int`.
//! * `ClpModel` and `CbcModel` (crate-private): each owns one C model and deletes it on drop.
//!   Their methods are safe: arrays are checked against the model's row and column counts
//!   before a pointer is passed (an inconsistent [`Lp`](hinterland_lp::Lp) is an error, never
//!   undefined behaviour), and arrays read back are copied out of slices that borrow the
//!   model, so none outlives it. Every `unsafe` block carries a `// SAFETY:` comment.
//! * `read_mps` hands Clp a file path (via a cleaned temporary copy when the file has lines
//!   Clp's reader mishandles).
//! * `highs_model` (feature `highs`): `HighsModel` owns one `Highs` instance the same way; the
//!   declarations are `highs-sys`'s, generated from `highs_c_api.h`, and every call that can
//!   throw goes through its guard in `cpp/highs_guard.cpp`.
//! * Cbc 2.10's driver (`CbcMain0/1`) keeps global state, so a process-wide lock is held for
//!   the whole life of a Cbc model; Clp models are independent and run concurrently.
//!
//! # Sense and sign convention
//! COIN always minimises here. For [`Sense::Maximize`](hinterland_lp::Sense) the costs are
//! negated on the way in, and the objective, row duals and reduced costs negated on the way
//! out. Clp's row price `y` and reduced cost `d = c - Aᵀy` are the derivatives of the minimum
//! with respect to the active row and column bounds, so after the flip the
//! [`Solution`](hinterland_lp::Solution) holds, whatever the sense:
//! `row_dual[i] = ∂ objective / ∂ (active bound of row i)` and likewise `col_reduced[j]`. A
//! binding `≤` capacity row of a maximisation has `row_dual ≥ 0`; of a minimisation, `≤ 0`.
//! Strong duality then reads `objective = offset + Σ row_dual·row bound + Σ col_reduced·col
//! bound` over the active bounds (tested on hand-solved LPs and random ones).
//!
//! # Status mapping (never `Optimal` unless proven)
//! Clp (`Clp_status`, secondary status):
//! * 0 and `Clp_isProvenOptimal` → `Optimal`, unless the secondary status says the unscaled
//!   problem is infeasible (2-4): then one unscaled primal clean-up is run, and if that does
//!   not prove optimality → `Stopped(NumericalTrouble)`;
//! * 1 → `Infeasible` (secondary 1, "could not prove it", → `Stopped(NumericalTrouble)`);
//! * 2 (dual infeasible) → `Unbounded`;
//! * 3 → `Stopped(TimeLimit)` if the secondary status is 9 or the limit has passed, else
//!   `Stopped(IterationLimit)`;
//! * 4 → `Stopped(NumericalTrouble)`; 5 → `Stopped(Interrupted)`; anything else →
//!   `Stopped(Unknown)`.
//!
//! Clp's word is not the last one: before `Optimal` leaves the crate, the point and the row
//! duals are checked against the LP by code that does not trust Clp (`certify`): primal
//! feasibility with `A x` recomputed, and dual feasibility and complementary slackness with the
//! reduced costs recomputed as `c - Aᵀy`, to `1e-6` relative. This is not hypothetical: Clp's
//! barrier with crossover calls an unbounded LP "optimal" at a point near `1e20`. When the
//! check fails, one primal simplex pass from Clp's final basis is run (it then proves
//! unboundedness) and the check repeated; a second failure gives `Stopped(NumericalTrouble)`.
//! HiGHS first factorises its final basis afresh (its values after a simplex run carry the
//! rounding of the basis updates, enough on a 36k-column generated LP for the check to reject
//! a point HiGHS called optimal), then runs that primal pass.
//!
//! Cbc: continuous relaxation unbounded → `Unbounded` if an integer point was found, else
//! `InfeasibleOrUnbounded`; proven optimal with a solution → `Optimal`; proven infeasible →
//! `Infeasible`; seconds limit → `Stopped(TimeLimit)`; node or iteration limit →
//! `Stopped(IterationLimit)`; abandoned → `Stopped(NumericalTrouble)`; user stop →
//! `Stopped(Interrupted)`; else `Stopped(Unknown)`.
//!
//! # Resolvers
//! [`Solver::resolver`](hinterland_lp::Solver::resolver) gives a model that stays loaded
//! across a series of LPs with one matrix (the confirmation re-solves of shadow prices). Each
//! solve compares the LP's bounds and costs with what was loaded (`load::Loaded`, which keeps
//! them and a fingerprint of the matrix instead of a copy of it) and hands over what changed:
//! HiGHS takes the changed entries (`Highs_change*BySet`) and keeps its scaling, matrix copies
//! and, unless a basis is given, its basis and factorisation; Clp takes whole arrays
//! (`Clp_chg*`, which makes it redo its scaling) and keeps its status array. An LP with
//! another matrix is loaded afresh. Cbc's resolver is the generic `Reload`.
//!
//! # Options
//! [`SolveOptions::algorithm`](hinterland_lp::SolveOptions): `Automatic` → `Clp_initialSolve`
//! (presolve, Clp's choice), `DualSimplex` / `PrimalSimplex` → `Clp_initialDualSolve` /
//! `Clp_initialPrimalSolve`, `Barrier` → `Clp_initialBarrierSolve` (with crossover). With a
//! warm-start basis the simplex runs without presolve from that basis (`Clp_dual`, or
//! `Clp_primal` for `PrimalSimplex`); `Barrier` ignores the basis. The time limit is Clp's CPU
//! seconds (`Clp_setMaximumSeconds`) and Cbc's `sec` parameter. The iteration limit is each
//! simplex run's (`Clp_setMaximumIterations`, HiGHS's `simplex_iteration_limit`; both count a
//! run's iterations from zero); Cbc ignores it. `verbose` sets log level 1.

mod cbc;
mod certify;
mod clp;
mod ffi;
#[cfg(feature = "highs")]
mod highs;
#[cfg(feature = "highs")]
mod highs_model;
mod load;
mod mps;
mod throttle;

pub use cbc::Cbc;
pub use certify::{TOLERANCE as OPTIMALITY_TOLERANCE, optimality_violation};
pub use clp::Clp;
#[cfg(feature = "highs")]
pub use highs::Highs;
pub use mps::{ReadMpsError, read_mps};
