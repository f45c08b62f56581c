//! Scenario input and output for hinterland.
//!
//! Reading keeps positions: [`read_scenario`] turns a [`ScenarioSource`] (a folder, or files
//! embedded in the binary) into a validated [`hinterland_model::Scenario`] and a list of
//! [`Diagnostic`]s, each with a stable code, the file, line, column name and byte span of
//! the problem. [`render_diagnostics`] shows them with source snippets. The [`schema`] table
//! of CSV columns is the single source of truth for the file format and its documentation
//! (`docs/scenario-format.md`); the diagnostic codes are catalogued in [`codes`] and
//! `docs/diagnostics.md`.

pub mod codes;
mod diagnostic;
pub mod magnitude;
mod read;
mod render;
pub mod schema;
mod source;
mod suggest;
mod validate;
mod variant;
pub mod workbook;

pub use diagnostic::{Diagnostic, Severity, SheetCell, column_letters};
pub use read::read_scenario;
pub use render::render_diagnostics;
pub use schema::{Column, FileSchema, schema};
pub use source::{DOCUMENTS, ScenarioSource, SourceError};
pub use validate::{Validated, validate};
pub use variant::{
    EditSyntaxError, VERBS, magnitude_help, parse_edit, read_variant_text, read_variants, variant_error,
};
pub use workbook::{WorkbookError, read_workbook, read_workbook_path, write_workbook};
