//! Importing a ledger, in three steps. `receive` reads the uploaded file into a batch (its cells
//! as text, the mapping remembered or suggested). `check` maps the columns and runs the dry
//! run: every row read (`domain::import::rows`) and matched (`domain::import::plan`) against
//! the records as they are, the report and counts stored, nothing else written. `commit`
//! decides again from the stored cells, refuses if anything the check saw has changed since,
//! and writes every row in one short transaction (`import_writes`), audited as one import.
//! The reading and matching happen outside the transaction, so SQLite's one writer is held
//! only for the writes.

use crate::api::AppError;
use crate::api::imports::{
    BatchProgress, ImportReport, ImportSheet, ImportSummary, MatchLine, REPORT_LINES_SHOWN,
    ReportLine,
};
use crate::domain::access::{Access, Area, authorize};
use crate::domain::audit::AuditAction;
use crate::domain::dates::japan_date;
use crate::domain::import::fields::{Field, SheetKind, read_mapping, suggest_mapping};
use crate::domain::import::labels::comparable;
use crate::domain::import::plan::{Counts, Decision, Entry, Planned};
use crate::domain::import::rows::{FindingKind, MasterData};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{district, import_batch, import_mapping};
use crate::server::import_files::{FileProblem, RawCell, RawSheet, read_csv, read_xlsx};
use crate::server::import_progress::{self, Tracker};
use crate::server::import_writes::{self, DryRun, Writer};
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A ledger file as uploaded.
pub struct Upload {
    pub kind: SheetKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The most rows one import reads.
pub const MAX_IMPORT_ROWS: usize = 50_000;

const UPLOADED: &str = "uploaded";
const CHECKED: &str = "checked";
const COMMITTED: &str = "committed";

/// Whose records a sheet of this kind changes: the guardian register is the centre's; cases
/// are an office's.
pub fn area_of(kind: SheetKind) -> Area {
    match kind {
        SheetKind::Guardians => Area::Guardians,
        SheetKind::Cases | SheetKind::Appointments => Area::Cases,
    }
}

/// The office whose cases the import changes (none for the register); refused for whoever may
/// not write them (a guardian writes on their own cases, never imports).
pub async fn office_for(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    kind: SheetKind,
) -> Result<Option<Uuid>, AppError> {
    match kind {
        SheetKind::Guardians => {
            authorize(Some(&authorized.actor), Area::Guardians, Access::Write)
                .map_err(|_| AppError::Forbidden)?;
            Ok(None)
        }
        SheetKind::Cases | SheetKind::Appointments => {
            match CaseScope::of(db, authorized, Access::Write).await? {
                CaseScope::Office(office) => Ok(Some(office)),
                CaseScope::All | CaseScope::Nothing => Err(AppError::Forbidden),
            }
        }
    }
}

/// The batch's report as stored: what the page shows, and the versions of the records the
/// check matched, which the commit must find unchanged.
#[derive(Serialize, Deserialize)]
struct StoredReport {
    report: ImportReport,
    versions: Vec<(Uuid, i32)>,
}

/// Reads the file into a new batch.
pub async fn receive(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    upload: Upload,
) -> Result<ImportSheet, AppError> {
    let kind = upload.kind;
    let office = office_for(db, authorized, kind).await?;
    let file_name: String = upload.file_name.trim().chars().take(255).collect();
    let lower = file_name.to_lowercase();
    // Reading a workbook is CPU work: off the threads that answer requests.
    let sheet = tokio::task::spawn_blocking(move || read_sheet(&upload.bytes, &lower, kind))
        .await
        .map_err(|_| AppError::Internal)??;
    let ledger = Ledger::of(&sheet).ok_or_else(|| AppError::field("file", "import_empty"))?;
    if ledger.rows.len() > MAX_IMPORT_ROWS {
        return Err(AppError::field("file", "import_too_many_rows"));
    }
    let (mapping, remembered) = match remembered_mapping(db, kind, &ledger.headings).await? {
        Some(mapping) => (mapping, true),
        None => (suggest_mapping(kind, &ledger.headings), false),
    };
    let id = Uuid::now_v7();
    import_batch::Entity::insert(import_batch::ActiveModel {
        id: Set(id),
        kind: Set(kind.code().to_owned()),
        file_name: Set(file_name.clone()),
        office_id: Set(office),
        sheet_name: Set(sheet.name.chars().take(64).collect()),
        headings: Set(to_json(&ledger.headings)?),
        cells: Set(to_json(&ledger.rows)?),
        row_count: Set(i32::try_from(ledger.rows.len()).map_err(|_| AppError::Internal)?),
        mapping: Set(None),
        report: Set(None),
        status: Set(UPLOADED.to_owned()),
        new_count: Set(0),
        updated_count: Set(0),
        unchanged_count: Set(0),
        error_count: Set(0),
        match_count: Set(0),
        created_by: Set(authorized.actor.user_id),
        created_at: Set(now),
        committed_at: Set(None),
        version: Set(1),
    })
    .exec(db)
    .await?;
    Ok(ImportSheet {
        batch_id: id,
        version: 1,
        kind: kind.code().to_owned(),
        file_name,
        sheet_name: sheet.name,
        mapping: mapping.iter().map(|field| field.map(|field| field.code().to_owned())).collect(),
        remembered,
        sample: ledger.rows.iter().take(3).map(|(_, cells)| cells.clone()).collect(),
        row_count: ledger.rows.len(),
        headings: ledger.headings,
    })
}

/// What a batch stores, as JSON (a failure is the server's, not the user's).
fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Internal)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|_| AppError::Internal)
}

/// The sheet an import reads: a CSV, or the workbook's sheet named for the kind (as the
/// template names it), else its first sheet with anything in it.
fn read_sheet(bytes: &[u8], file_name: &str, kind: SheetKind) -> Result<RawSheet, AppError> {
    let problem = |problem: FileProblem| {
        AppError::field(
            "file",
            match problem {
                FileProblem::Encoding => "import_encoding",
                FileProblem::UnclosedQuote(_) => "import_unclosed_quote",
                FileProblem::Workbook => "import_workbook",
                FileProblem::TooLarge => "import_too_large_sheet",
            },
        )
    };
    // A workbook is a zip archive whatever its name says.
    if bytes.starts_with(b"PK\x03\x04") {
        let sheets = read_xlsx(bytes).map_err(problem)?;
        let filled = |sheet: &&RawSheet| sheet.rows.iter().any(|(_, cells)| !blank(cells));
        let chosen = sheets
            .iter()
            .find(|sheet| sheet.name.trim() == kind.sheet_name())
            .or_else(|| sheets.iter().find(filled))
            .cloned();
        return chosen.ok_or_else(|| AppError::field("file", "import_empty"));
    }
    if file_name.ends_with(".xlsx") || file_name.ends_with(".xls") || file_name.ends_with(".xlsm") {
        return Err(problem(FileProblem::Workbook));
    }
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    read_csv(bytes, stem).map(|(sheet, _)| sheet).map_err(problem)
}

fn blank(cells: &[RawCell]) -> bool {
    cells.iter().all(|cell| cell.text().trim().is_empty())
}

/// A sheet as the import reads it: the first row with anything in it holds the headings, the
/// rows after it the records (empty rows skipped, their numbers kept for the report).
struct Ledger {
    headings: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Ledger {
    fn of(sheet: &RawSheet) -> Option<Ledger> {
        let mut rows =
            sheet.rows.iter().filter(|(_, cells)| !blank(cells)).map(|(number, cells)| {
                (*number, cells.iter().map(RawCell::text).collect::<Vec<String>>())
            });
        let (_, mut headings) = rows.next()?;
        let rows: Vec<(usize, Vec<String>)> = rows.collect();
        // A column with values under no heading still gets a column to map.
        let width = rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0);
        if headings.len() < width {
            headings.resize(width, String::new());
        }
        let headings = headings.iter().map(|heading| heading.trim().to_owned()).collect();
        Some(Ledger { headings, rows })
    }
}

/// The headings as a mapping remembers them: width and spacing folded, in order.
fn signature(kind: SheetKind, headings: &[String]) -> String {
    let mut digest = Sha256::new();
    digest.update(kind.code());
    for heading in headings {
        digest.update([0x1f]);
        digest.update(comparable(heading));
    }
    digest.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn remembered_mapping(
    db: &impl ConnectionTrait,
    kind: SheetKind,
    headings: &[String],
) -> Result<Option<Vec<Option<Field>>>, AppError> {
    let stored = import_mapping::Entity::find()
        .filter(import_mapping::Column::Kind.eq(kind.code()))
        .filter(import_mapping::Column::Signature.eq(signature(kind, headings)))
        .one(db)
        .await?;
    let Some(stored) = stored else { return Ok(None) };
    let codes: Vec<String> = from_json(&stored.mapping)?;
    // A mapping stored before a field changed is offered no more.
    Ok(read_mapping(kind, &codes, headings.len()).ok())
}

async fn remember_mapping(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    kind: SheetKind,
    headings: &[String],
    codes: &[String],
) -> Result<(), AppError> {
    import_mapping::Entity::insert(import_mapping::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind.code().to_owned()),
        signature: Set(signature(kind, headings)),
        mapping: Set(to_json(codes)?),
        updated_by: Set(authorized.actor.user_id),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([import_mapping::Column::Kind, import_mapping::Column::Signature])
            .update_columns([
                import_mapping::Column::Mapping,
                import_mapping::Column::UpdatedBy,
                import_mapping::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// A batch of the caller's own: nobody else works on another's upload.
async fn own_batch(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    id: Uuid,
) -> Result<import_batch::Model, AppError> {
    import_batch::Entity::find_by_id(id)
        .filter(import_batch::Column::CreatedBy.eq(authorized.actor.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The batch's sheet, kind, office and chosen mapping, decided again against the records.
async fn decide(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    batch: &import_batch::Model,
    codes: &[String],
    tracker: &Tracker,
) -> Result<(SheetKind, Vec<String>, DryRun), AppError> {
    let kind = SheetKind::parse(&batch.kind).ok_or(AppError::Internal)?;
    let office = office_for(db, authorized, kind).await?;
    // A coordinator who moved office since the upload imports into neither office unasked.
    if office != batch.office_id {
        return Err(AppError::Forbidden);
    }
    let headings: Vec<String> = from_json(&batch.headings)?;
    let mapping = read_mapping(kind, codes, headings.len())
        .map_err(|problem| AppError::field("mapping", problem.code()))?;
    let rows: Vec<(usize, Vec<String>)> = from_json(&batch.cells)?;
    tracker.advance("matching", 0, rows.len());
    let master = MasterData {
        districts: district::Entity::find()
            .filter(district::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|district| (district.name, district.id))
            .collect(),
    };
    let today = japan_date(now);
    let dry_run = match (kind, office) {
        (SheetKind::Cases, Some(office)) => {
            import_writes::plan_cases(db, office, &rows, &mapping, &master, today).await?
        }
        (SheetKind::Guardians, _) => {
            import_writes::plan_guardians(db, &rows, &mapping, &master).await?
        }
        (SheetKind::Appointments, Some(office)) => {
            import_writes::plan_appointments(db, office, &rows, &mapping, today).await?
        }
        _ => return Err(AppError::field("kind", "invalid")),
    };
    Ok((kind, headings, dry_run))
}

/// Maps the columns and runs the dry run: the report and counts are stored on the batch.
pub async fn check(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    batch_id: Uuid,
    codes: &[String],
) -> Result<ImportReport, AppError> {
    let batch = own_batch(db, authorized, batch_id).await?;
    if batch.status == COMMITTED {
        return Err(AppError::field("batch", "import_committed"));
    }
    let tracker =
        Tracker::start(batch.id, "reading", usize::try_from(batch.row_count).unwrap_or(0));
    let (kind, headings, dry_run) = decide(db, now, authorized, &batch, codes, &tracker).await?;
    remember_mapping(db, now, authorized, kind, &headings, codes).await?;
    let version = batch.version + 1;
    let report = dry_run.report(batch_id, version);
    let counts = report.counts;
    let stored = StoredReport { report: report.clone(), versions: dry_run.versions() };
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let updated = import_batch::Entity::update_many()
        .col_expr(import_batch::Column::Mapping, Expr::value(to_json(codes)?))
        .col_expr(import_batch::Column::Report, Expr::value(to_json(&stored)?))
        .col_expr(import_batch::Column::Status, Expr::value(CHECKED))
        .col_expr(import_batch::Column::NewCount, Expr::value(count(counts.new)))
        .col_expr(import_batch::Column::UpdatedCount, Expr::value(count(counts.updated)))
        .col_expr(import_batch::Column::UnchangedCount, Expr::value(count(counts.unchanged)))
        .col_expr(import_batch::Column::ErrorCount, Expr::value(count(counts.invalid)))
        .col_expr(import_batch::Column::MatchCount, Expr::value(count(counts.matched)))
        .col_expr(import_batch::Column::Version, Expr::value(version))
        .filter(import_batch::Column::Id.eq(batch.id))
        .filter(import_batch::Column::Version.eq(batch.version))
        .filter(import_batch::Column::Status.ne(COMMITTED))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(report)
}

/// Writes the checked batch in one transaction, or nothing.
pub async fn commit(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    batch_id: Uuid,
    version: i32,
    confirm_matches: bool,
) -> Result<ImportSummary, AppError> {
    let batch = own_batch(db, authorized, batch_id).await?;
    match batch.status.as_str() {
        COMMITTED => return Err(AppError::field("batch", "import_committed")),
        CHECKED => {}
        _ => return Err(AppError::field("batch", "import_not_checked")),
    }
    if batch.version != version {
        return Err(AppError::Conflict);
    }
    if batch.error_count > 0 {
        return Err(AppError::field("batch", "import_has_errors"));
    }
    let stored: StoredReport = from_json(batch.report.as_deref().unwrap_or("null"))?;
    let codes: Vec<String> = from_json(batch.mapping.as_deref().unwrap_or("null"))?;
    // Decided again: a record edited since the check (its version moved) or a record that
    // appeared since (a count moved) means the coordinator confirmed something else.
    let tracker =
        Tracker::start(batch.id, "reading", usize::try_from(batch.row_count).unwrap_or(0));
    let (kind, _, dry_run) = decide(db, now, authorized, &batch, &codes, &tracker).await?;
    let counts = dry_run.counts();
    if counts != stored.report.counts || dry_run.versions() != stored.versions {
        return Err(AppError::Conflict);
    }
    let txn = crate::server::begin_write(db).await?;
    let by = Writer { txn: &txn, now, authorized, file_name: &batch.file_name, tracker: &tracker };
    dry_run.write(&by, batch.office_id, confirm_matches).await?;
    let committed = import_batch::Entity::update_many()
        .col_expr(import_batch::Column::Status, Expr::value(COMMITTED))
        .col_expr(import_batch::Column::Cells, Expr::value("[]"))
        // The report quotes cells (names): the records hold them now, the batch its counts.
        .col_expr(import_batch::Column::Report, Expr::value(Option::<String>::None))
        .col_expr(import_batch::Column::CommittedAt, Expr::value(now))
        .col_expr(import_batch::Column::Version, Expr::value(version + 1))
        .filter(import_batch::Column::Id.eq(batch.id))
        .filter(import_batch::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if committed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    let skipped = if confirm_matches { 0 } else { counts.matched };
    AuditEvent::new(AuditAction::ImportCommitted)
        .by(&authorized.actor)
        .on("import_batch", batch.id)
        .details(serde_json::json!({
            "kind": kind.code(),
            "file_name": batch.file_name,
            "rows": counts.rows,
            "new": counts.new,
            "updated": counts.updated + if confirm_matches { counts.matched } else { 0 },
            "unchanged": counts.unchanged,
            "skipped": skipped,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    if kind == SheetKind::Appointments {
        // The new appointments' deadlines, generated case by case in short transactions of
        // their own (the maintenance round would, later): the import does not wait for them.
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(error) = crate::server::deadlines::extend_horizons(&db, now).await {
                tracing::warn!(?error, "deadlines of imported appointments");
            }
        });
    }
    Ok(ImportSummary {
        batch_id: batch.id,
        kind: batch.kind,
        file_name: batch.file_name,
        status: COMMITTED.to_owned(),
        counts,
        created_at: batch.created_at,
        committed_at: Some(now),
    })
}

/// The progress of a batch of the caller's own, while its work runs here.
pub async fn progress(
    db: &DatabaseConnection,
    authorized: &Authorized,
    batch_id: Uuid,
) -> Result<Option<BatchProgress>, AppError> {
    own_batch(db, authorized, batch_id).await?;
    Ok(import_progress::of(batch_id))
}

/// How long an upload that was never committed keeps its cells: a week to come back to it.
pub const UNCOMMITTED_KEPT_DAYS: i64 = 7;

/// Deletes the batches nobody committed within [`UNCOMMITTED_KEPT_DAYS`]: their cells are
/// personal data that no record took over. Committed batches keep only their counts.
pub async fn discard_stale(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let before = now - chrono::Duration::days(UNCOMMITTED_KEPT_DAYS);
    let deleted = import_batch::Entity::delete_many()
        .filter(import_batch::Column::Status.ne(COMMITTED))
        .filter(import_batch::Column::CreatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

/// The caller's twenty latest imports.
pub async fn recent(
    db: &DatabaseConnection,
    authorized: &Authorized,
) -> Result<Vec<ImportSummary>, AppError> {
    let batches = import_batch::Entity::find()
        .filter(import_batch::Column::CreatedBy.eq(authorized.actor.user_id))
        .order_by_desc(import_batch::Column::CreatedAt)
        .limit(20)
        .all(db)
        .await?;
    let count = |n: i32| usize::try_from(n).unwrap_or(0);
    Ok(batches
        .into_iter()
        .map(|batch| ImportSummary {
            batch_id: batch.id,
            counts: Counts {
                rows: count(batch.row_count),
                new: count(batch.new_count),
                updated: count(batch.updated_count),
                unchanged: count(batch.unchanged_count),
                matched: count(batch.match_count),
                invalid: count(batch.error_count),
            },
            kind: batch.kind,
            file_name: batch.file_name,
            status: batch.status,
            created_at: batch.created_at,
            committed_at: batch.committed_at,
        })
        .collect())
}

/// The report of a dry run: counts, the findings (errors first), the matches to confirm and
/// the updates. `name` labels a row, `label` a record.
pub fn report_of<R: Entry>(
    planned: &[Planned<R>],
    batch_id: Uuid,
    version: i32,
    name: impl Fn(&R) -> String,
    label: impl Fn(&R::Record) -> String,
) -> ImportReport {
    let mut lines: Vec<ReportLine> = planned
        .iter()
        .flat_map(|row| {
            row.findings.iter().map(|finding| ReportLine {
                row: row.row_number,
                column: finding.column.map(|column| column + 1),
                field: finding.field.code().to_owned(),
                value: finding.value.clone(),
                code: finding.kind.code().to_owned(),
                detail: match &finding.kind {
                    FindingKind::NearMiss(label)
                    | FindingKind::Alias(label)
                    | FindingKind::Defaulted(label) => (*label).to_owned(),
                    FindingKind::DuplicateInFile(row) => row.to_string(),
                    _ => String::new(),
                },
                error: finding.kind.is_error(),
            })
        })
        .collect();
    // Errors first (they stop the import), each group in row order.
    lines.sort_by_key(|line| (!line.error, line.row));
    let lines_omitted = lines.len().saturating_sub(REPORT_LINES_SHOWN);
    lines.truncate(REPORT_LINES_SHOWN);
    let line = |row: &Planned<R>, changes: &[Field]| MatchLine {
        row: row.row_number,
        name: row.row.as_ref().map(&name).unwrap_or_default(),
        record: row.matched.as_ref().map(|(before, _)| label(before)).unwrap_or_default(),
        changes: changes.iter().map(|field| field.code().to_owned()).collect(),
    };
    let mut matches = Vec::new();
    let mut updates = Vec::new();
    for row in planned {
        match &row.decision {
            Decision::NameMatch(changes) => matches.push(line(row, changes)),
            Decision::Update(changes) => updates.push(line(row, changes)),
            _ => {}
        }
    }
    matches.truncate(REPORT_LINES_SHOWN);
    updates.truncate(REPORT_LINES_SHOWN);
    ImportReport {
        batch_id,
        version,
        counts: Counts::of(planned),
        lines,
        lines_omitted,
        matches,
        updates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cells: &[&str]) -> Vec<RawCell> {
        cells
            .iter()
            .map(
                |cell| if cell.is_empty() { RawCell::Empty } else { RawCell::Text((*cell).into()) },
            )
            .collect()
    }

    #[test]
    fn a_ledger_starts_at_its_first_filled_row_and_skips_empty_ones() {
        let sheet = RawSheet {
            name: "台帳".into(),
            rows: vec![
                (1, text(&["", ""])),
                (2, text(&[" ケース番号 ", "氏名"])),
                (3, text(&["A-1", "山田　花子", "メモ"])),
                (4, text(&["", "", ""])),
                (5, text(&["A-2", "佐藤　一"])),
            ],
        };
        let ledger = Ledger::of(&sheet).expect("a ledger");
        assert_eq!(ledger.headings, vec!["ケース番号", "氏名", ""]);
        let numbers: Vec<usize> = ledger.rows.iter().map(|(number, _)| *number).collect();
        assert_eq!(numbers, vec![3, 5]);
        assert!(Ledger::of(&RawSheet { name: "x".into(), rows: vec![(1, text(&[""]))] }).is_none());
    }

    #[test]
    fn a_mappings_signature_ignores_width_and_spacing_but_not_order() {
        let headings = |list: &[&str]| list.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>();
        let one = signature(SheetKind::Cases, &headings(&["ケース No", "氏名"]));
        assert_eq!(one, signature(SheetKind::Cases, &headings(&["ケースＮｏ", " 氏名 "])));
        assert_ne!(one, signature(SheetKind::Cases, &headings(&["氏名", "ケース No"])));
        assert_ne!(one, signature(SheetKind::Guardians, &headings(&["ケース No", "氏名"])));
    }

    #[test]
    fn a_workbook_is_told_by_its_content_and_a_misnamed_file_is_refused() {
        let refused = read_sheet(b"not a workbook", "ledger.xlsx", SheetKind::Cases);
        assert_eq!(refused.unwrap_err().code_for("file"), Some("import_workbook"));
        let csv =
            read_sheet("番号,氏名\r\nA-1,山田\r\n".as_bytes(), "ledger.csv", SheetKind::Cases)
                .expect("a CSV");
        assert_eq!(csv.rows.len(), 2);
    }
}
