//! Integration tests of the report crate's outputs on the shipped scenarios.

mod browser;
mod geojson;
mod html;
mod kill;
mod precision;
mod summary;
mod support;
mod xlsx;
