//! CLI tests.

mod bench;
mod check;
mod compare;
mod determinism;
mod every_code;
mod exit_codes;
mod ledger;
mod magnitudes;
mod out_folder;
mod outputs;
mod sweeps;
mod warnings;
