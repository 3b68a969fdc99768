//! Importing a ledger: the upload (`POST /imports/upload`, a multipart form: a file is not a
//! server function's argument), then the mapping and the dry run (`check_import`), then the
//! commit (`commit_import`). Each step answers with what the page shows next.

use crate::api::AppError;
use crate::domain::import::plan::Counts;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where the upload form posts: fields `kind` (cases, guardians) and `file` (.xlsx or .csv).
/// The answer is the [`ImportSheet`] as JSON, or an [`AppError`] as JSON with its status.
pub const UPLOAD_PATH: &str = "/imports/upload";

/// The largest ledger file accepted: 10,000 rows of a wide sheet fit in a few megabytes.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// An uploaded sheet, ready to be mapped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSheet {
    pub batch_id: Uuid,
    pub version: i32,
    /// `SheetKind::code`.
    pub kind: String,
    pub file_name: String,
    pub sheet_name: String,
    pub headings: Vec<String>,
    /// A field code per column (none: not imported): the remembered mapping for these
    /// headings, or the one suggested from them.
    pub mapping: Vec<Option<String>>,
    pub remembered: bool,
    /// The first rows, so the coordinator sees what each column holds.
    pub sample: Vec<Vec<String>>,
    pub row_count: usize,
}

/// The dry run's report: counts, and the findings row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub batch_id: Uuid,
    pub version: i32,
    pub counts: Counts,
    pub lines: Vec<ReportLine>,
    /// Lines not shown (the report shows the first [`REPORT_LINES_SHOWN`]).
    pub lines_omitted: usize,
    /// Rows found by name (and date of birth) only, to confirm.
    pub matches: Vec<MatchLine>,
    /// Rows that change a record, with the fields they change.
    pub updates: Vec<MatchLine>,
}

pub const REPORT_LINES_SHOWN: usize = 500;

/// One finding: where, what the cell said, and what of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub row: usize,
    /// Counted from 1, as a spreadsheet's user counts; none when the sheet lacks the field.
    pub column: Option<usize>,
    /// The field's code (its label is the page's).
    pub field: String,
    pub value: String,
    /// The message's code (`import_problems.*`).
    pub code: String,
    /// What the message names: the suggested label, the category read, a row number.
    pub detail: String,
    pub error: bool,
}

/// A row and the record it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchLine {
    pub row: usize,
    /// The row's name (or number) as the sheet gives it.
    pub name: String,
    /// The record's number, or its name when it has none.
    pub record: String,
    /// Field codes the row changes.
    pub changes: Vec<String>,
}

/// A finished import, as the list of imports shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub batch_id: Uuid,
    pub kind: String,
    pub file_name: String,
    pub status: String,
    pub counts: Counts,
    pub created_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
}

/// How far the batch's running dry run or commit has got: a step (`reading`, `matching`,
/// `writing`) and rows done of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchProgress {
    pub step: String,
    pub done: usize,
    pub total: usize,
}

/// The batch's progress while its check or commit runs in this server process; none otherwise.
#[server(endpoint = "imports/progress")]
pub async fn import_progress(batch_id: Uuid) -> Result<Option<BatchProgress>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, imports, reject};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    imports::progress(&db, &authorized, batch_id).await.map_err(reject)
}

/// Maps the columns (a field code per column, "" for none) and runs the dry run: nothing is
/// written but the batch's report.
#[server(endpoint = "imports/check")]
pub async fn check_import(batch_id: Uuid, mapping: Vec<String>) -> Result<ImportReport, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, imports, reject};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    imports::check(&db, clock().now(), &authorized, batch_id, &mapping).await.map_err(reject)
}

/// Writes the checked rows in one transaction. `confirm_matches`: rows found by name and date
/// of birth update those records; left false, they are left out.
#[server(endpoint = "imports/commit")]
pub async fn commit_import(
    batch_id: Uuid,
    version: i32,
    confirm_matches: bool,
) -> Result<ImportSummary, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::request::request_meta;
    use crate::server::{auth, clock::clock, database, imports, reject};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    let meta = request_meta();
    imports::commit(&db, clock().now(), &authorized, &meta, batch_id, version, confirm_matches)
        .await
        .map_err(reject)
}

/// The caller's recent imports, newest first.
#[server(endpoint = "imports/recent")]
pub async fn recent_imports() -> Result<Vec<ImportSummary>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, imports, reject};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    imports::recent(&db, &authorized).await.map_err(reject)
}
