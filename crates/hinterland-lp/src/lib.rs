//! Solver-neutral linear programs.
//!
//! An [`Lp`] is the boxed form `min/max cᵀx  s.t.  row_lo ≤ A x ≤ row_hi,  col_lo ≤ x ≤ col_hi`
//! with `A` stored column-wise ([`CscMatrix`]) after being assembled from triplets. Every
//! column and row carries a key of the caller's type, so a solution can be mapped back to
//! what it means; this crate knows nothing of food or trucks.
//!
//! Solvers implement [`Solver`]; their outcome is data ([`Status`]), not an error. A
//! [`Solution`] is never trusted: [`residuals`] re-checks it against the LP.

mod builder;
mod matrix;
mod mps;
mod residual;
mod scale;
mod solve;

pub use builder::{Col, Lp, LpBuilder, Row, Sense};
pub use matrix::CscMatrix;
pub use mps::{write_mps, write_mps_named};
pub use residual::{Residuals, Violation, ViolationKind, residuals};
pub use scale::{Extreme, LARGEST, Place, SPREAD, ScaleProblem, check_costs, check_scale};
pub use solve::{
    Algorithm, Basis, BasisStatus, IterationKind, ProgressHook, Reload, Resolver, Solution, SolveOptions,
    Solver, SolverError, SolverProgress, Status, StopReason,
};

/// Numbers at or beyond this magnitude are treated as infinite bounds.
pub const INF: f64 = f64::INFINITY;
