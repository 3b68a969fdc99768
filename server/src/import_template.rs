//! `GET /imports/template.xlsx`: the workbook a centre fills in to import its ledgers. One sheet
//! per kind (cases, guardians, appointments), the headings the import maps without asking
//! (`domain::import::fields`) and a row of examples that imports clean. For whoever may write
//! case files: it is the first step of an import.

use crate::attachment::attachment;
use crate::caller::Caller;
use crate::{locale, xlsx};
use app::api::AppError;
use app::components::form::error_message;
use app::domain::access::{Access, Area};
use app::domain::export::{Cell, ExportFormat, Table};
use app::domain::import::fields::SheetKind;
use app::server::case_scope::CaseScope;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};

pub async fn template(caller: Caller, headers: HeaderMap) -> Response {
    let locale = locale::from_cookie(&headers);
    let refusal = |error: AppError| {
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
        (status, error_message(&error, locale)).into_response()
    };
    let authorized = match caller.authorize(Area::Cases, Access::Write).await {
        Ok(authorized) => authorized,
        Err(error) => return refusal(error),
    };
    // The Cases policy lets a guardian write on their own cases; an import is not that.
    match CaseScope::of(&caller.db, &authorized, Access::Write).await {
        Ok(CaseScope::Nothing) => {
            return refusal(caller.refuse(&authorized, Area::Cases, Access::Write).await);
        }
        Ok(_) => {}
        Err(error) => return refusal(error),
    }
    match xlsx::workbook(&template_tables(), false) {
        Ok(bytes) => attachment(
            bytes,
            ExportFormat::Xlsx.media_type(),
            "koken-import-template.xlsx",
            "koken-import-template.xlsx",
        ),
        Err(error) => {
            tracing::error!(%error, "cannot write the import template");
            refusal(AppError::Internal)
        }
    }
}

/// A sheet per kind: its fields' headings and their examples.
fn template_tables() -> Vec<Table> {
    SheetKind::ALL
        .into_iter()
        .map(|kind| Table {
            title: kind.sheet_name().to_owned(),
            headings: kind.fields().iter().map(|field| field.heading().to_owned()).collect(),
            rows: vec![kind.fields().iter().map(|field| Cell::text(field.example())).collect()],
            widths: kind
                .fields()
                .iter()
                .map(|field| {
                    let longest =
                        field.heading().chars().count().max(field.example().chars().count());
                    u16::try_from(longest * 2 + 2).unwrap_or(u16::MAX)
                })
                .collect(),
        })
        .collect()
}
