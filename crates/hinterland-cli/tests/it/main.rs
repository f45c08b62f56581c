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
/// The throwaway PostgreSQL server of the ledger's tests, shared.
#[path = "../../../hinterland-ledger/tests/it/pg_server.rs"]
mod pg_server;
mod replan;
mod serve;
mod sweeps;
mod warnings;
mod workbooks;
