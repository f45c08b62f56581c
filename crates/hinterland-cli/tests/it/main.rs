//! CLI tests.

mod check;
mod compare;
mod determinism;
mod outputs;
