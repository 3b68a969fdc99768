//! Documents on a case through the server's own routes (a file is not a server function's
//! argument or answer): `POST /documents/upload` reads a multipart form up to the size limit
//! and no further; `GET /documents/{id}` sends a document's file after the same access check as
//! the case page and an audit row for the download. Never a static file: without the check
//! there is no file. It goes out as an `attachment` (never cached, never run as a page).

use crate::attachment::attachment;
use crate::startup::AppState;
use app::api::AppError;
use app::domain::access::{Access, Area};
use app::domain::documents::{DocumentKind, MAX_DOCUMENT_BYTES};
use app::server::auth::{SignedIn, authorize_request};
use app::server::documents::Upload;
use app::server::request::RequestMeta;
use axum::Extension;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use std::collections::HashMap;
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

/// Longest text field read from an upload form, in bytes (a title is at most 200 characters).
const FIELD_MAX_BYTES: usize = 4 * 1024;

pub async fn upload(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    meta: Option<Extension<RequestMeta>>,
    headers: http::HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let meta = meta.map(|Extension(meta)| meta).unwrap_or_default();
    let now = state.clock.now();
    let signed_in = signed_in.map(|Extension(signed_in)| signed_in);
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    let authorized = match authorize_request(
        &state.db,
        now,
        signed_in.as_ref(),
        &meta,
        Area::Cases,
        Access::Write,
    )
    .await
    {
        Ok(authorized) => authorized,
        Err(error) => return json_refusal(&error),
    };
    let Ok(multipart) = multipart else {
        return json_refusal(&AppError::field("file", "invalid"));
    };
    let result = match read_upload(multipart).await {
        Ok(upload) => {
            app::server::documents::upload(&state.db, now, &authorized, &meta, upload).await
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

/// Reads the form. The file stops being read one byte past the limit (and the body limit cuts
/// off anything larger), so an oversized upload costs no more than the limit.
async fn read_upload(mut form: Multipart) -> Result<Upload, AppError> {
    let mut fields: HashMap<String, String> = HashMap::new();
    let (mut file_name, mut bytes, mut truncated) = (String::new(), Vec::new(), false);
    let too_large = |error: &axum::extract::multipart::MultipartError| {
        error.status() == StatusCode::PAYLOAD_TOO_LARGE
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if too_large(&error) => {
                truncated = true;
                break;
            }
            Err(_) => return Err(AppError::field("file", "invalid")),
        };
        let mut field = field;
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file_name = field.file_name().unwrap_or_default().to_owned();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                            truncated = true;
                            break;
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(error) if too_large(&error) => {
                        truncated = true;
                        break;
                    }
                    Err(_) => return Err(AppError::field("file", "invalid")),
                }
            }
            if truncated {
                break;
            }
        } else {
            let mut value = Vec::new();
            while let Some(chunk) =
                field.chunk().await.map_err(|_| AppError::field(&name, "invalid"))?
            {
                if value.len() + chunk.len() > FIELD_MAX_BYTES {
                    return Err(AppError::field(&name, "too_long"));
                }
                value.extend_from_slice(&chunk);
            }
            fields.insert(name, String::from_utf8_lossy(&value).into_owned());
        }
    }
    // Past the limit the form may not have been read at all (the body limit answers before the
    // first field when the length says so): the size is all there is to say.
    if truncated {
        return Err(AppError::field("file", "file_too_large"));
    }
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let uuid = |name: &str| -> Result<Option<Uuid>, AppError> {
        match field(name).trim() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| AppError::field(name, "invalid")),
        }
    };
    let case_id = uuid("case_id")?.ok_or(AppError::NotFound)?;
    let replaces = uuid("replaces")?;
    let kind = match field("kind").trim() {
        "" => None,
        code => Some(DocumentKind::parse(code).ok_or_else(|| AppError::field("kind", "invalid"))?),
    };
    Ok(Upload { case_id, kind, title: field("title").to_owned(), replaces, file_name, bytes })
}

/// A refusal as a server function answers it: the status and the error as JSON.
fn json_refusal(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(error)).into_response()
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
