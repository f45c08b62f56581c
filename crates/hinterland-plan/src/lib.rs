//! Planning: scenario → linear program → solve → plan → independent verification.
//!
//! * [`formulation`] builds the LP, one module per constraint family, maths in each doc.
//! * [`run`] drives the solver: lexicographic (service, then cost) or weighted, and an
//!   elastic re-solve that explains infeasible hard commitments.
//!   [`face`] restricts the cost step to the service optimum's face; [`fair`] raises the
//!   lowest coverage first (impartial allocation); [`band`] keeps each phase's coverage in one
//!   band (bounded spread).
//! * [`plan`] is the decoded result in domain terms; [`verify`] re-checks it against the
//!   scenario without trusting the solver; [`explain`] turns shadow prices into sentences.
//!
//! This crate does no I/O and is generic over the [`hinterland_lp::Solver`].

pub mod band;
pub mod explain;
pub mod face;
pub mod fair;
pub mod formulation;
pub mod keys;
pub mod numbers;
pub mod plan;
pub mod run;
pub mod verify;

pub use formulation::{Formulation, build};
pub use keys::{ColKey, Commitment, RowKey};
pub use plan::{CostBreakdown, Plan};
pub use run::{
    Outcome, PlanError, PlanOptions, PlanRun, ResolveReport, StepBases, StepGoal, StepReport, plan,
    plan_built,
};
pub use verify::{Tolerances, VerifyReport, verify};
