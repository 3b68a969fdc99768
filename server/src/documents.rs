//! Documents on a case through the server's own routes (a file is not a server function's
//! argument or answer): `POST /documents/upload` reads a multipart form up to the size limit
//! and no further; `GET /documents/{id}` sends a document's file after the same access check as
//! the case page and an audit row for the download. Never a static file: without the check
//! there is no file. It goes out as an `attachment` (never cached, never run as a page).

use crate::attachment::attachment;
use crate::caller::Caller;
use crate::multipart::{json_refusal, read_form};
use app::api::AppError;
use app::domain::access::{Access, Area};
use app::domain::documents::{DocumentKind, MAX_DOCUMENT_BYTES};
use app::server::documents::Upload;
use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use uuid::Uuid;

pub async fn download(caller: Caller, Path(id): Path<String>) -> Response {
    let authorized = match caller.authorize(Area::Cases, Access::Read).await {
        Ok(authorized) => authorized,
        Err(error) => return refusal(&error),
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return refusal(&AppError::NotFound);
    };
    match app::server::documents::download(&caller.db, caller.now, &authorized, &caller.meta, id)
        .await
    {
        Ok(file) => {
            let extension = file.file_name.rsplit('.').next().unwrap_or("bin");
            attachment(
                file.bytes,
                file.media_type,
                &format!("document.{extension}"),
                &file.file_name,
            )
        }
        Err(error) => refusal(&error),
    }
}

/// The body limit of the upload route: the largest file and room for its form fields. A
/// larger body is cut off while it is read, and refused as too large.
pub fn upload_body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_DOCUMENT_BYTES + 64 * 1024)
}

pub async fn upload(
    caller: Caller,
    headers: http::HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    let authorized = match caller.authorize(Area::CaseWork, Access::Write).await {
        Ok(authorized) => authorized,
        Err(error) => return json_refusal(&error),
    };
    let Ok(multipart) = multipart else {
        return json_refusal(&AppError::field("file", "invalid"));
    };
    let result = match read_upload(multipart).await {
        Ok(upload) => {
            app::server::documents::upload(
                &caller.db,
                caller.now,
                &authorized,
                &caller.meta,
                upload,
            )
            .await
        }
        Err(error) => Err(error),
    };
    match result {
        // A form posted without the page's script: back to where it came from.
        Ok(_) if !wants_json => back_to_referrer(&headers),
        Ok(id) => (StatusCode::OK, axum::Json(id)).into_response(),
        Err(error) => json_refusal(&error),
    }
}

/// Reads the form into the upload the case's documents take.
async fn read_upload(form: Multipart) -> Result<Upload, AppError> {
    let form = read_form(form, MAX_DOCUMENT_BYTES).await?;
    let uuid = |name: &str| -> Result<Option<Uuid>, AppError> {
        match form.field(name).trim() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| AppError::field(name, "invalid")),
        }
    };
    let case_id = uuid("case_id")?.ok_or(AppError::NotFound)?;
    let replaces = uuid("replaces")?;
    let kind = match form.field("kind").trim() {
        "" => None,
        code => Some(DocumentKind::parse(code).ok_or_else(|| AppError::field("kind", "invalid"))?),
    };
    let title = form.field("title").to_owned();
    Ok(Upload { case_id, kind, title, replaces, file_name: form.file_name, bytes: form.bytes })
}

/// A 303 to the page the form was on (same site only), or home.
fn back_to_referrer(headers: &http::HeaderMap) -> Response {
    let target = headers
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok())
        .and_then(|referer| referer.parse::<http::Uri>().ok())
        .map(|uri| uri.path().to_owned())
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    axum::response::Redirect::to(&target).into_response()
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
