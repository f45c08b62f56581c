//! The API's OpenAPI description, `/api/v1/openapi.json`: written by hand in `openapi.json`
//! and held to the router by a test (every route described, every description routed).

use axum::http::header;
use axum::response::IntoResponse;

/// The description as served.
pub const TEXT: &str = include_str!("openapi.json");

pub async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], TEXT)
}
