//! `POST /imports/upload`: a ledger file (.xlsx or .csv) and the kind of sheet it holds, read
//! into an import batch (`app::server::imports::receive`). The answer is the sheet to map, as
//! JSON; the mapping, dry run and commit are server functions. The body is read up to the
//! size limit and no further; a larger file is refused with 413 and a message.

use crate::caller::Caller;
use crate::multipart::{json_refusal, read_form};
use app::api::AppError;
use app::api::imports::MAX_IMPORT_BYTES;
use app::domain::access::Access;
use app::domain::import::fields::SheetKind;
use app::server::imports::{Upload, area_of, receive};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::response::{IntoResponse, Response};

/// The body limit of the upload route: the largest file and room for the form's fields.
pub fn upload_body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)
}

pub async fn upload(caller: Caller, form: Result<Multipart, MultipartRejection>) -> Response {
    // Who may write cases or the register at all, before a byte of the file is read.
    let authorized = match caller.authorize(area_of(SheetKind::Cases), Access::Write).await {
        Ok(authorized) => authorized,
        Err(error) => return json_refusal(&error),
    };
    let Ok(form) = form else {
        return json_refusal(&AppError::field("file", "invalid"));
    };
    let form = match read_form(form, MAX_IMPORT_BYTES).await {
        Ok(form) => form,
        // The limit's own message: the documents' limit is another.
        Err(error) if error.code_for("file") == Some("file_too_large") => {
            return json_refusal(&AppError::field("file", "import_file_too_large"));
        }
        Err(error) => return json_refusal(&error),
    };
    let Some(kind) = SheetKind::parse(form.field("kind").trim()) else {
        return json_refusal(&AppError::field("kind", "invalid"));
    };
    if form.bytes.is_empty() {
        return json_refusal(&AppError::field("file", "required"));
    }
    // The register is its own area: a coordinator keeps it, and the policy decides again.
    let authorized = if area_of(kind) == area_of(SheetKind::Cases) {
        authorized
    } else {
        match caller.authorize(area_of(kind), Access::Write).await {
            Ok(authorized) => authorized,
            Err(error) => return json_refusal(&error),
        }
    };
    let upload = Upload { kind, file_name: form.file_name, bytes: form.bytes };
    match receive(&caller.db, caller.now, &authorized, upload).await {
        Ok(sheet) => Json(sheet).into_response(),
        Err(AppError::Forbidden) => {
            json_refusal(&caller.refuse(&authorized, area_of(kind), Access::Write).await)
        }
        Err(error) => json_refusal(&error),
    }
}
