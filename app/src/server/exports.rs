//! What an export holds: the tables of the statistics page, the dashboard's workload or the case
//! list, gathered under the asker's scope exactly as their page gathers them, and the audit row
//! of the download (kind, format, period or filters, rows), written once the file is ready to
//! leave. Writing the file is the server's export route; the tables are `export_tables`.

use crate::api::AppError;
use crate::domain::access::Access;
use crate::domain::audit::AuditAction;
use crate::domain::case_list::CaseListQuery;
use crate::domain::dates::japan_date;
use crate::domain::export::{ExportFormat, ExportKind, MAX_EXPORT_ROWS, Table};
use crate::i18n::Locale;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::request::RequestMeta;
use crate::server::{auth, case_list, dashboard, export_tables, statistics};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde_json::json;

/// The tables of one export, the name its file goes by (without the extension), and what its
/// audit row will say.
#[derive(Debug)]
pub struct Export {
    pub tables: Vec<Table>,
    pub file_stem: String,
    details: serde_json::Value,
}

/// What to export: the kind and format the address names, and its query string (`period=` for
/// the statistics, the list's own filters for the cases).
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    pub kind: ExportKind,
    pub format: ExportFormat,
    pub query: &'a str,
    pub locale: Locale,
}

pub async fn export(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    request: ExportRequest<'_>,
) -> Result<Export, AppError> {
    let pairs = crate::api::cases::url_pairs(request.query);
    let param = |name: &str| {
        pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str()).unwrap_or("")
    };
    let today = japan_date(now);
    // A refusal here (a scope the policy gives but the figures cannot count) is audited like
    // the policy's own refusals.
    let counting_scope = || async {
        let scope = statistics::counting_scope(authorized);
        if scope.is_err() {
            auth::record_denial(
                db,
                now,
                meta,
                Some(&authorized.actor),
                request.kind.area(),
                Access::Read,
            )
            .await;
        }
        scope
    };
    let (tables, file_stem, details) = match request.kind {
        ExportKind::Statistics => {
            let scope = counting_scope().await?;
            let period = statistics::period_of(param("period"), now)?;
            let court = statistics::court(db, scope, period).await?;
            let centre = statistics::centre(db, scope, period).await?;
            let tables = export_tables::statistics_tables(&court, &centre, request.locale);
            (tables, format!("statistics-{}", period.code()), json!({ "period": period.code() }))
        }
        ExportKind::Workload => {
            let scope = counting_scope().await?;
            let figures = dashboard::dashboard(db, scope, now).await?;
            let tables = vec![export_tables::workload_table(&figures, request.locale)];
            (tables, format!("workload-{today}"), json!({}))
        }
        ExportKind::Cases => {
            let scope = CaseScope::of(db, authorized, Access::Read).await?;
            // A guardian reads their own cases on their portal, never as a list.
            if scope == CaseScope::Nothing {
                let area = request.kind.area();
                auth::record_denial(db, now, meta, Some(&authorized.actor), area, Access::Read)
                    .await;
                return Err(AppError::Forbidden);
            }
            // Every page: the page number is the screen's, not the file's.
            let query = CaseListQuery::from_pairs(
                pairs.iter().map(|(key, value)| (key.as_str(), value.as_str())),
            )
            .on_page(0);
            if case_list::count(db, scope, &query).await? > MAX_EXPORT_ROWS {
                return Err(AppError::field("filters", "too_many_rows"));
            }
            let entries = case_list::all(db, scope, &query).await?;
            let tables = vec![export_tables::case_table(&entries, request.locale)];
            let filters: serde_json::Map<String, serde_json::Value> = query
                .to_pairs()
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value.into()))
                .collect();
            (tables, format!("cases-{today}"), json!({ "filters": filters }))
        }
    };
    let rows: usize = tables.iter().map(|table| table.rows.len()).sum();
    let mut details = details;
    details["kind"] = request.kind.code().into();
    details["format"] = request.format.extension().into();
    details["rows"] = rows.into();
    Ok(Export { tables, file_stem, details })
}

/// The audit row of a download, written when its file is ready (a file that could not be
/// written was not taken away). The case list's filters are recorded as given, search text
/// included: the audit trail is where who looked for whom belongs.
pub async fn record_download(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    export: &Export,
) -> Result<(), AppError> {
    AuditEvent::new(AuditAction::ExportDownloaded)
        .by(&authorized.actor)
        .details(export.details.clone())
        .write(db, now, meta)
        .await?;
    Ok(())
}
