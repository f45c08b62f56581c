//! CLI tests.

mod compare;
mod outputs;
