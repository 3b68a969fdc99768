//! `GET /documents/{id}`: a document's file, after the same access check as the case page and
//! an audit row for the download. Never a static file: without the check there is no file.
//! The answer forbids a browser from reading it as anything but what the content says it is.

use crate::startup::AppState;
use app::api::AppError;
use app::domain::access::{Access, Area};
use app::server::auth::{SignedIn, authorize_request};
use app::server::request::RequestMeta;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use uuid::Uuid;

pub async fn download(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    meta: Option<Extension<RequestMeta>>,
    Path(id): Path<String>,
) -> Response {
    let meta = meta.map(|Extension(meta)| meta).unwrap_or_default();
    let now = state.clock.now();
    let signed_in = signed_in.map(|Extension(signed_in)| signed_in);
    let authorized = match authorize_request(
        &state.db,
        now,
        signed_in.as_ref(),
        &meta,
        Area::Cases,
        Access::Read,
    )
    .await
    {
        Ok(authorized) => authorized,
        Err(error) => return refusal(&error),
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return refusal(&AppError::NotFound);
    };
    match app::server::documents::download(&state.db, now, &authorized, &meta, id).await {
        Ok(file) => {
            let disposition = format!(
                "attachment; filename=\"document.{}\"; filename*=UTF-8''{}",
                file.file_name.rsplit('.').next().unwrap_or("bin"),
                percent_encode(&file.file_name)
            );
            let mut response = file.bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.media_type));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            // Opened in the browser's viewer at most, never as a page of this site.
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            );
            response
        }
        Err(error) => refusal(&error),
    }
}

fn refusal(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::NOT_FOUND);
    let text = match status {
        StatusCode::UNAUTHORIZED => "ログインしてください。 / Please sign in.",
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN => {
            "書類が見つかりません。 / Document not found."
        }
        _ => "一時的に利用できません。 / Temporarily unavailable.",
    };
    (status, text).into_response()
}

/// RFC 5987 encoding of a file name for `filename*`: everything but unreserved characters as
/// %XX of its UTF-8 bytes.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_percent_encoded_as_utf8() {
        assert_eq!(percent_encode("審判書.pdf"), "%E5%AF%A9%E5%88%A4%E6%9B%B8.pdf");
        assert_eq!(percent_encode("a b\"c.png"), "a%20b%22c.png");
    }
}
