//! Scenarios: list, upload, open, tables and their edits, variants, edits in the variant
//! grammar with completion, validation, download.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hinterland_io::{ScenarioSource, parse_edit, schema};
use hinterland_model::apply_edit;
use serde::{Deserialize, Serialize};

use super::{JsonBody, body_bytes, file_response};
use crate::diag::{Located, locate};
use crate::store::{AddError, Workspace, lock, valid_id};
use crate::table::{self, TableError};
use crate::upload::{UploadError, check_workbook, read_zip, write_zip};
use crate::{ApiError, AppState, Limits};

/// The scenario with id `id`: 400 for a string that is not an id, 404 for an unknown one.
pub(crate) fn workspace(state: &AppState, id: &str) -> Result<Arc<Mutex<Workspace>>, ApiError> {
    if !valid_id(id) {
        return Err(ApiError::bad_request("invalid_id", format!("`{id}` is not a scenario id"))
            .with_help("ids are letters, digits and `-`, as `GET /api/v1/scenarios` lists them"));
    }
    state.store.get(id).ok_or_else(|| ApiError::not_found("scenario", id))
}

/// A scenario's validation: its revision, its counts and every diagnostic, located.
#[derive(Serialize)]
pub struct Validation {
    pub revision: u64,
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<Located>,
}

fn validation(w: &Workspace) -> Validation {
    let errors = w.checked.errors();
    Validation {
        revision: w.revision,
        valid: errors == 0 && w.checked.scenario.is_some(),
        errors,
        warnings: w.checked.diagnostics.len() - errors,
        diagnostics: locate(&w.checked.diagnostics, &w.source),
    }
}

#[derive(Serialize)]
pub struct Listed {
    id: String,
    name: String,
    origin: String,
    revision: u64,
    valid: bool,
    errors: usize,
}

pub async fn list(State(state): State<Arc<AppState>>) -> Json<Vec<Listed>> {
    let all = state.store.all();
    Json(
        all.iter()
            .map(|w| {
                let w = lock(w);
                let errors = w.checked.errors();
                Listed {
                    id: w.id.clone(),
                    name: w.name(),
                    origin: w.source.origin().to_owned(),
                    revision: w.revision,
                    valid: errors == 0 && w.checked.scenario.is_some(),
                    errors,
                }
            })
            .collect(),
    )
}

#[derive(Deserialize, Default)]
pub struct UploadQuery {
    name: Option<String>,
}

/// Reads an uploaded scenario: a folder ZIP, or a workbook (`.xlsx`, by its name); the
/// scenario and the files skipped.
pub fn scenario_from_upload(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(ScenarioSource, Vec<String>), ApiError> {
    let origin = format!("<upload:{name}>");
    if std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        check_workbook(bytes, limits).map_err(|e| upload_error(&e))?;
        let source = hinterland_io::read_workbook(bytes, &origin).map_err(|e| {
            let why = std::error::Error::source(&e).map(ToString::to_string).unwrap_or_default();
            ApiError::bad_request("bad_upload", format!("{e}: {why}")).with_help(
                "upload a workbook written by `hinterland init --xlsx` or saved from one, or a folder ZIP",
            )
        })?;
        return Ok((source, Vec::new()));
    }
    let unpacked = read_zip(bytes, limits).map_err(|e| upload_error(&e))?;
    let skipped = unpacked.skipped.clone();
    Ok((unpacked.into_source(&origin), skipped))
}

fn upload_error(e: &UploadError) -> ApiError {
    let status = match e {
        UploadError::TooManyEntries { .. } | UploadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    let code = match e {
        UploadError::UnsafePath { .. } => "unsafe_path",
        UploadError::TooManyEntries { .. } | UploadError::TooLarge { .. } => "too_large",
        _ => "bad_upload",
    };
    ApiError::new(status, code, e.to_string()).with_help(e.help())
}

#[derive(Serialize)]
struct Uploaded {
    id: String,
    skipped: Vec<String>,
    #[serde(flatten)]
    validation: Validation,
}

/// `POST /api/v1/scenarios?name=NAME.zip`: the body is the archive.
pub async fn upload(
    State(state): State<Arc<AppState>>,
    Query(q): Query<UploadQuery>,
    request: Request,
) -> Result<Response, ApiError> {
    let bytes = body_bytes(request, &()).await?;
    let name = q.name.unwrap_or_else(|| "scenario.zip".to_owned());
    let (source, skipped) = scenario_from_upload(&name, &bytes, &state.limits)?;
    let w = state.store.add_upload(source).map_err(|e| match e {
        AddError::Full { .. } => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "full", e.to_string())
            .with_help("restart the server to clear its uploads"),
        AddError::Write(ref io) => ApiError::internal(format!("cannot write the scenario: {io}")),
    })?;
    let w = lock(&w);
    let body = Uploaded { id: w.id.clone(), skipped, validation: validation(&w) };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Serialize)]
struct TableInfo {
    name: String,
    file: String,
    rows: usize,
}

#[derive(Serialize)]
struct Shown {
    id: String,
    name: String,
    origin: String,
    tables: Vec<TableInfo>,
    settings: String,
    variants: Vec<VariantInfo>,
    edits: Vec<String>,
    #[serde(flatten)]
    validation: Validation,
}

pub async fn show(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let w = lock(&w);
    let tables = schema::schema()
        .iter()
        .filter_map(|t| {
            let text = w.source.file(t.name)?;
            let rows = table::parse(text).map_or(0, |p| p.records.len());
            let name = t.name.strip_suffix(".csv").unwrap_or(t.name).to_owned();
            Some(TableInfo { name, file: t.name.to_owned(), rows })
        })
        .collect();
    Ok(Json(Shown {
        id: w.id.clone(),
        name: w.name(),
        origin: w.source.origin().to_owned(),
        tables,
        settings: w.source.file(schema::SETTINGS_FILE).unwrap_or_default().to_owned(),
        variants: variant_infos(&w),
        edits: w.edits.clone(),
        validation: validation(&w),
    })
    .into_response())
}

pub async fn validate(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let w = lock(&w);
    Ok(Json(validation(&w)).into_response())
}

/// The CSV file of table `name` (`lanes`), if the format has it.
fn table_file(name: &str) -> Result<&'static str, ApiError> {
    schema::schema().iter().map(|t| t.name).find(|f| f.strip_suffix(".csv") == Some(name)).ok_or_else(|| {
        ApiError::not_found("table", name).with_help("tables are listed by `GET /api/v1/scenarios/{id}`")
    })
}

fn table_error(file: &str, e: &TableError) -> ApiError {
    let status = match e {
        TableError::NoRow { .. } | TableError::NoColumn { .. } => StatusCode::NOT_FOUND,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::new(status, "bad_table", format!("`{file}`: {e}"))
}

#[derive(Deserialize, Default)]
pub struct Settings {
    text: String,
}

/// `PUT .../settings` with `{"text"}`: replaces `scenario.toml` (settings and variants).
pub async fn set_settings(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    JsonBody(settings): JsonBody<Settings>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let mut w = lock(&w);
    w.set_file(schema::SETTINGS_FILE, settings.text)
        .map_err(|e| ApiError::internal(format!("cannot write `{}`: {e}", schema::SETTINGS_FILE)))?;
    Ok(Json(validation(&w)).into_response())
}

#[derive(Serialize)]
struct ColumnInfo {
    name: String,
    unit: &'static str,
    required: bool,
    default: &'static str,
    meaning: &'static str,
    /// Whether the column is one of the format's (an unknown column is reported).
    known: bool,
}

#[derive(Serialize)]
struct TableView {
    name: String,
    file: &'static str,
    revision: u64,
    columns: Vec<ColumnInfo>,
    rows: Vec<Vec<String>>,
    /// Diagnostics of this file.
    diagnostics: Vec<Located>,
}

pub async fn table(
    State(state): State<Arc<AppState>>,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let file = table_file(&name)?;
    let w = lock(&w);
    let text = w.source.file(file).ok_or_else(|| ApiError::not_found("table", &name))?;
    let parsed = table::parse(text).map_err(|e| table_error(file, &e))?;
    let spec = schema::schema().iter().find(|t| t.name == file);
    let columns = parsed
        .header
        .iter()
        .map(|h| {
            let c = spec.and_then(|s| s.column(h));
            ColumnInfo {
                name: h.clone(),
                unit: c.map_or("", |c| c.unit),
                required: c.is_some_and(|c| c.required),
                default: c.map_or("", |c| c.default),
                meaning: c.map_or("", |c| c.meaning),
                known: c.is_some(),
            }
        })
        .collect();
    let diagnostics =
        locate(&w.checked.diagnostics, &w.source).into_iter().filter(|d| d.file == file).collect();
    Ok(Json(TableView {
        name,
        file,
        revision: w.revision,
        columns,
        rows: parsed.records.into_iter().map(|r| r.cells).collect(),
        diagnostics,
    })
    .into_response())
}

/// Applies `edit` to the file's text and stores it; the new validation.
fn edit_table(
    state: &AppState,
    id: &str,
    name: &str,
    edit: impl FnOnce(&str) -> Result<String, TableError>,
) -> Result<Response, ApiError> {
    let w = workspace(state, id)?;
    let file = table_file(name)?;
    let mut w = lock(&w);
    let text = w.source.file(file).ok_or_else(|| ApiError::not_found("table", name))?;
    let new = edit(text).map_err(|e| table_error(file, &e))?;
    w.set_file(file, new).map_err(|e| ApiError::internal(format!("cannot write `{file}`: {e}")))?;
    Ok(Json(validation(&w)).into_response())
}

#[derive(Deserialize, Default)]
pub struct CellEdit {
    row: usize,
    column: String,
    value: String,
}

/// `PATCH .../tables/{table}` with `{"row", "column", "value"}`: sets one cell.
pub async fn set_cell(
    State(state): State<Arc<AppState>>,
    Path((id, name)): Path<(String, String)>,
    JsonBody(e): JsonBody<CellEdit>,
) -> Result<Response, ApiError> {
    edit_table(&state, &id, &name, |text| table::set_cell(text, e.row, &e.column, &e.value))
}

#[derive(Deserialize, Default)]
pub struct NewRow {
    /// Insert before this row (at the end when absent).
    at: Option<usize>,
    values: Option<Vec<String>>,
}

pub async fn add_row(
    State(state): State<Arc<AppState>>,
    Path((id, name)): Path<(String, String)>,
    JsonBody(r): JsonBody<NewRow>,
) -> Result<Response, ApiError> {
    edit_table(&state, &id, &name, |text| table::insert_row(text, r.at, r.values.as_deref()))
}

pub async fn remove_row(
    State(state): State<Arc<AppState>>,
    Path((id, name, row)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let row: usize =
        row.parse().map_err(|_| ApiError::bad_request("bad_row", format!("`{row}` is not a row number")))?;
    edit_table(&state, &id, &name, |text| table::remove_row(text, row))
}

#[derive(Serialize)]
pub struct VariantInfo {
    name: String,
    description: String,
    edits: usize,
    enabled: bool,
}

fn variant_infos(w: &Workspace) -> Vec<VariantInfo> {
    w.checked
        .variants
        .iter()
        .map(|v| VariantInfo {
            name: v.name.clone(),
            description: v.description.clone(),
            edits: v.edits.len(),
            enabled: w.enabled.contains(&v.name),
        })
        .collect()
}

pub async fn variants(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let w = lock(&w);
    Ok(Json(variant_infos(&w)).into_response())
}

#[derive(Deserialize, Default)]
pub struct Toggle {
    enabled: bool,
}

pub async fn toggle_variant(
    State(state): State<Arc<AppState>>,
    Path((id, name)): Path<(String, String)>,
    JsonBody(t): JsonBody<Toggle>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let mut w = lock(&w);
    if !w.checked.variants.iter().any(|v| v.name == name) {
        return Err(ApiError::not_found("variant", &name).with_help("variants are declared in scenario.toml"));
    }
    if t.enabled {
        w.enabled.insert(name);
    } else {
        w.enabled.remove(&name);
    }
    w.touch();
    Ok(Json(variant_infos(&w)).into_response())
}

pub async fn edits(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let w = lock(&w);
    Ok(Json(&w.edits).into_response())
}

#[derive(Deserialize, Default)]
pub struct NewEdit {
    edit: String,
}

/// Checks one edit against the base as `compare --set` does: its grammar, its ids, its
/// values and their magnitude. The error names the part of the edit at fault.
pub(crate) fn check_edit(
    base: &hinterland_model::Scenario,
    text: &str,
) -> Result<hinterland_model::Edit, ApiError> {
    let edit = parse_edit(text).map_err(|e| {
        ApiError::bad_request(
            "bad_edit",
            format!("edit `{text}`: {e} (at bytes {}..{})", e.at.start, e.at.end),
        )
        .with_help(e.help.clone())
    })?;
    let mut scratch = base.clone();
    if let Err(e) = apply_edit(&mut scratch, &edit) {
        let d = hinterland_io::variant_error("edit", text, &e, base);
        let err = ApiError::bad_request("bad_edit", format!("edit `{text}`: {e}"));
        return Err(match d.help {
            Some(h) => err.with_help(h),
            None => err,
        });
    }
    if let Some(over) = hinterland_io::magnitude::edit_overflow(base, &scratch) {
        return Err(ApiError::bad_request("bad_edit", format!("edit `{text}` is out of range: {over}"))
            .with_help(hinterland_io::magnitude_help(&over)));
    }
    Ok(edit)
}

fn base_of(w: &Workspace) -> Result<&hinterland_model::Scenario, ApiError> {
    w.checked.scenario.as_ref().ok_or_else(|| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_scenario", "the scenario has errors")
            .with_help("fix the problems listed, then try again")
            .with_diagnostics(locate(&w.checked.diagnostics, &w.source))
    })
}

pub async fn add_edit(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    JsonBody(e): JsonBody<NewEdit>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let mut w = lock(&w);
    check_edit(base_of(&w)?, e.edit.trim())?;
    w.edits.push(e.edit.trim().to_owned());
    w.touch();
    Ok((StatusCode::CREATED, Json(&w.edits)).into_response())
}

pub async fn remove_edit(
    State(state): State<Arc<AppState>>,
    Path((id, index)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let mut w = lock(&w);
    let i: usize = index
        .parse()
        .ok()
        .filter(|i| *i < w.edits.len())
        .ok_or_else(|| ApiError::not_found("edit", &index))?;
    w.edits.remove(i);
    w.touch();
    Ok(Json(&w.edits).into_response())
}

#[derive(Deserialize, Default)]
pub struct CompleteQuery {
    #[serde(default)]
    text: String,
}

pub async fn completion(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<CompleteQuery>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let w = lock(&w);
    Ok(Json(super::complete(&q.text, base_of(&w)?)).into_response())
}

/// The edited scenario in a download format: `scenario.zip` (a folder ZIP) or
/// `scenario.xlsx` (a workbook, as `hinterland init --xlsx` writes).
pub fn scenario_download(file: &str, folder: &str, source: &ScenarioSource) -> Result<Vec<u8>, ApiError> {
    match file {
        "scenario.zip" => {
            write_zip(folder, source).map_err(|e| ApiError::internal(format!("cannot write the ZIP: {e}")))
        }
        "scenario.xlsx" => hinterland_io::write_workbook(source).map_err(|e| {
            let why = std::error::Error::source(&e).map(ToString::to_string).unwrap_or_default();
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_table", format!("{e}: {why}"))
                .with_help("fix the table, then download again")
        }),
        _ => Err(ApiError::not_found("download", file)
            .with_help("the scenario downloads as `scenario.zip` or `scenario.xlsx`")),
    }
}

pub async fn download(
    State(state): State<Arc<AppState>>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let w = workspace(&state, &id)?;
    let (bytes, name) = {
        let w = lock(&w);
        let extension = file.rsplit_once('.').map_or("", |(_, e)| e);
        (scenario_download(&file, &w.id, &w.source)?, format!("{}.{extension}", w.id))
    };
    Ok(file_response(&name, bytes))
}
