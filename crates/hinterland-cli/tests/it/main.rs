//! CLI tests.

mod check;
mod compare;
mod outputs;
