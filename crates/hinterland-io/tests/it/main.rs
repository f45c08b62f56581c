//! Integration tests of hinterland-io: the tiny fixture, broken variants of it with
//! snapshots of their rendered diagnostics, the docs kept in step with the code, and
//! property tests that no input makes the reader panic.

mod broken;
mod csv_layer;
mod docs;
mod fixture;
mod no_effect;
mod no_panic;
mod shipped;
mod timing;
mod tiny;
mod unused;
mod variants;
mod workbook;
