//! CLI tests.

mod outputs;
