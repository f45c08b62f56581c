//! The HTTP API, JSON under `/api/v1/`, and the page. Every error is JSON
//! ([`crate::ApiError`]); every path parameter that names something is an id checked by
//! [`crate::store::valid_id`] or a name looked up in a fixed list, never a path.

mod complete;
mod plans;
mod scenarios;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde::de::DeserializeOwned;

pub use complete::{Completion, complete};

use crate::{ApiError, AppState, auth, openapi, page};

/// The version in the API's paths (`/api/v1/`) and in `openapi.json`'s `info.version`: the
/// major part changes with any incompatible change, as `plan.json`'s `schema_version` does.
pub const VERSION: &str = "1.0.0";

/// Every route: (method, path) as the router and `openapi.json` name them.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/status"),
    ("get", "/api/v1/scenarios"),
    ("post", "/api/v1/scenarios"),
    ("get", "/api/v1/scenarios/{id}"),
    ("get", "/api/v1/scenarios/{id}/validate"),
    ("put", "/api/v1/scenarios/{id}/settings"),
    ("get", "/api/v1/scenarios/{id}/tables/{table}"),
    ("patch", "/api/v1/scenarios/{id}/tables/{table}"),
    ("post", "/api/v1/scenarios/{id}/tables/{table}/rows"),
    ("delete", "/api/v1/scenarios/{id}/tables/{table}/rows/{row}"),
    ("get", "/api/v1/scenarios/{id}/variants"),
    ("put", "/api/v1/scenarios/{id}/variants/{name}"),
    ("get", "/api/v1/scenarios/{id}/edits"),
    ("post", "/api/v1/scenarios/{id}/edits"),
    ("delete", "/api/v1/scenarios/{id}/edits/{index}"),
    ("get", "/api/v1/scenarios/{id}/complete"),
    ("get", "/api/v1/scenarios/{id}/download/{file}"),
    ("post", "/api/v1/scenarios/{id}/plan"),
    ("post", "/api/v1/scenarios/{id}/jobs"),
    ("post", "/api/v1/scenarios/{id}/compare"),
    ("get", "/api/v1/jobs/{job}"),
    ("delete", "/api/v1/jobs/{job}"),
    ("get", "/api/v1/jobs/{job}/events"),
    ("get", "/api/v1/plans/{plan}"),
    ("get", "/api/v1/plans/{plan}/{file}"),
];

/// The app: the page, the API, the token guard and the body limits.
pub fn router(state: Arc<AppState>) -> Router {
    let upload_limit = DefaultBodyLimit::max(state.limits.upload_bytes);
    let json_limit = DefaultBodyLimit::max(state.limits.json_bytes);
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/status", get(status))
        .route("/api/v1/scenarios", get(scenarios::list).post(scenarios::upload).layer(upload_limit))
        .route("/api/v1/scenarios/{id}", get(scenarios::show))
        .route("/api/v1/scenarios/{id}/validate", get(scenarios::validate))
        .route("/api/v1/scenarios/{id}/settings", put(scenarios::set_settings))
        .route("/api/v1/scenarios/{id}/tables/{table}", get(scenarios::table).patch(scenarios::set_cell))
        .route("/api/v1/scenarios/{id}/tables/{table}/rows", post(scenarios::add_row))
        .route("/api/v1/scenarios/{id}/tables/{table}/rows/{row}", delete(scenarios::remove_row))
        .route("/api/v1/scenarios/{id}/variants", get(scenarios::variants))
        .route("/api/v1/scenarios/{id}/variants/{name}", put(scenarios::toggle_variant))
        .route("/api/v1/scenarios/{id}/edits", get(scenarios::edits).post(scenarios::add_edit))
        .route("/api/v1/scenarios/{id}/edits/{index}", delete(scenarios::remove_edit))
        .route("/api/v1/scenarios/{id}/complete", get(scenarios::completion))
        .route("/api/v1/scenarios/{id}/download/{file}", get(scenarios::download))
        .route("/api/v1/scenarios/{id}/plan", post(plans::plan))
        .route("/api/v1/scenarios/{id}/jobs", post(plans::start))
        .route("/api/v1/scenarios/{id}/compare", post(plans::compare))
        .route("/api/v1/jobs/{job}", get(plans::job).delete(plans::cancel))
        .route("/api/v1/jobs/{job}/events", get(plans::events))
        .route("/api/v1/plans/{plan}", get(plans::show))
        .route("/api/v1/plans/{plan}/{file}", get(plans::file))
        .fallback(no_route)
        .layer(json_limit)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), auth::guard))
        .with_state(state)
}

async fn no_route(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_route",
        format!("no route `{} {}`", request.method(), request.uri().path()),
    )
    .with_help("the API is described at `/api/v1/openapi.json`")
}

async fn status(State(state): State<Arc<AppState>>) -> Response {
    axum::Json(serde_json::json!({
        "api_version": VERSION,
        "pool": state.pool.status(),
        "limits": {
            "json_bytes": state.limits.json_bytes,
            "upload_bytes": state.limits.upload_bytes,
            "zip_entries": state.limits.zip_entries,
            "zip_unpacked_bytes": state.limits.zip_unpacked_bytes,
            "solve_seconds": state.limits.solve_seconds,
        },
    }))
    .into_response()
}

/// A JSON request body, with JSON errors: 413 beyond the body limit, 400 with the line and
/// column of malformed JSON. An empty body reads as `T::default()`.
pub struct JsonBody<T>(pub T);

/// The body's bytes, or the API's error for a body that is too large or unreadable.
pub(crate) async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is larger than the server accepts",
            )
            .with_help("see the limits at `/api/v1/status`")
        } else {
            ApiError::bad_request("bad_body", format!("cannot read the request body: {e}"))
        }
    })
}

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(T::default()));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            ApiError::bad_request("bad_json", format!("the request body is not the JSON expected: {e}"))
                .with_help("see the request schema at `/api/v1/openapi.json`")
        })
    }
}

/// A file download.
pub(crate) fn file_response(name: &str, bytes: Vec<u8>) -> Response {
    let kind = match name.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("geojson") => "application/geo+json",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("zip") => "application/zip",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
    let disposition = if kind.starts_with("text/html") {
        format!("inline; filename=\"{name}\"")
    } else {
        format!("attachment; filename=\"{name}\"")
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, kind.to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response()
}
