//! CLI tests.

mod bench;
mod check;
mod compare;
mod determinism;
mod outputs;
mod warnings;
