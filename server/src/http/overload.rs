//! Bounds on what one server takes on: the size of a request body, and how
//! many requests it works on at once. Past the second, a request is
//! answered 503 at once (with `Retry-After`), instead of queueing until
//! every answer comes too late: a phone retries in a moment, and nothing
//! it was not told was done is lost.

use axum::BoxError;
use axum::body::Body;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use app::error::AppError;

/// The largest request body accepted: forms are a few kilobytes (a
/// description is at most 5,000 characters).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The answer to a request shed because the server is at its limit: for
/// server functions the JSON of [`AppError::Busy`], which pages translate.
pub async fn overloaded(uri: Uri, error: BoxError) -> Response {
    tracing::warn!(%error, path = uri.path(), "request shed: server at its limit");
    let body = if uri.path().starts_with("/api/") {
        serde_json::to_string(&AppError::Busy).unwrap_or_else(|_| "\"Busy\"".to_owned())
    } else {
        "The server is very busy; please try again in a moment.\n".to_owned()
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        Body::from(body),
    )
        .into_response()
}
