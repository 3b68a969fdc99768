//! The most a server function may be sent. Leptos reads a server function's whole body into
//! memory before the function (and so its permission check) runs, and nothing on that path
//! bounds the read: without this layer one anonymous request could make the process buffer
//! gigabytes. Uploads have routes and limits of their own (documents, imports) and forms
//! outside `/api/` go through axum's extractors, which keep to their default limit.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// Far above any form of the application (the longest are notes of a few thousand characters).
pub const MAX_SERVER_FUNCTION_BYTES: usize = 1024 * 1024;

pub async fn limit_server_function_bodies(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    // A declared length over the limit is refused before a byte of the body is read.
    if declared_length.is_some_and(|length| length > MAX_SERVER_FUNCTION_BYTES as u64) {
        return too_large();
    }
    // Without a length (chunked), the body is read up to the limit and no further.
    let (parts, body) = request.into_parts();
    match Limited::new(body, MAX_SERVER_FUNCTION_BYTES).collect().await {
        Ok(collected) => {
            next.run(Request::from_parts(parts, Body::from(collected.to_bytes()))).await
        }
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => too_large(),
        Err(_) => (
            StatusCode::BAD_REQUEST,
            "送信された内容を読み取れませんでした。 / The request body could not be read.",
        )
            .into_response(),
    }
}

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        "送信された内容が大きすぎます（上限 1 MB）。 / The request is too large (limit 1 MB).",
    )
        .into_response()
}
