//! The API's errors: a status and a JSON body `{"error": {"code", "message", "help",
//! "diagnostics"}}`, the diagnostics located as [`crate::Located`].

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::diag::Located;

/// An API error: what went wrong, in words, with a stable code for programs.
#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    /// Stable, snake case: `invalid_id`, `not_found`, `too_large`, `bad_json`, ...
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Located>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), help: None, diagnostics: Vec::new() }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> ApiError {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_diagnostics(mut self, diagnostics: Vec<Located>) -> ApiError {
        self.diagnostics = diagnostics;
        self
    }

    pub fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no {what} `{id}`"))
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a ApiError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(Body { error: &self })).into_response()
    }
}
