//! `GET /exports/{statistics|dashboard|cases}.{csv|xlsx}`: a page's tables as a file. The same
//! permission check as the page (and an audit row for a refusal), the tables gathered by
//! `app::server::exports`, written as CSV (`domain::export`) or as an Excel workbook (`xlsx`),
//! and the download audited once the file is ready. Headed in the user's language; sent as an
//! attachment (`attachment`: never cached, never run as a page).

use crate::attachment::attachment;
use crate::caller::Caller;
use crate::{locale, xlsx};
use app::api::AppError;
use app::components::form::{error_message, problem_message};
use app::domain::access::Access;
use app::domain::export::{ExportFormat, parse_file_name, to_csv};
use app::i18n::Locale;
use app::server::exports::{ExportRequest, export, record_download};
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};

pub async fn download(
    caller: Caller,
    headers: HeaderMap,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let locale = locale::from_cookie(&headers);
    let Some((kind, format)) = parse_file_name(&file) else {
        return refusal(&AppError::NotFound, locale);
    };
    let authorized = match caller.authorize(kind.area(), Access::Read).await {
        Ok(authorized) => authorized,
        Err(error) => return refusal(&error, locale),
    };
    let Caller { db, now, meta, .. } = &caller;
    let request = ExportRequest { kind, format, query: query.as_deref().unwrap_or(""), locale };
    let export = match export(db, *now, &authorized, meta, request).await {
        Ok(export) => export,
        Err(error) => return refusal(&error, locale),
    };
    let bytes = match format {
        ExportFormat::Csv => to_csv(&export.tables),
        ExportFormat::Xlsx => match xlsx::workbook(&export.tables, export.tables.len() > 1) {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::error!(%error, "cannot write a workbook");
                return refusal(&AppError::Internal, locale);
            }
        },
    };
    if let Err(error) = record_download(db, *now, &authorized, meta, &export).await {
        return refusal(&error, locale);
    }
    let file_name = format!("koken-{}.{}", export.file_stem, format.extension());
    attachment(bytes, format.media_type(), &file_name, &file_name)
}

/// A refusal as plain text in the user's language: the problem of a refused query (a period
/// that is none, a list too long), or what the status means.
fn refusal(error: &AppError, locale: Locale) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = match error {
        AppError::Validation(problems) => problems.first().map_or_else(
            || error_message(error, locale),
            |problem| problem_message(&problem.code, locale),
        ),
        _ => error_message(error, locale),
    };
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
