//! The scale check before a solve, shared with `hinterland serve`: it lives in
//! `hinterland_plan::numbers`.

pub use hinterland_plan::numbers::problem;
