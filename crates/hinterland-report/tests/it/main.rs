//! Integration tests of the report crate's outputs on the shipped scenarios.

mod agree;
mod allocation;
mod browser;
mod docs;
mod geojson;
mod html;
mod issue30;
mod kill;
mod precision;
mod summary;
mod support;
mod variance;
mod xlsx;
