//! Documents on a case: uploaded by the case's coordinators and its guardians, stored in the
//! database (every server process sees them, every backup holds them), served only through
//! an access check that is audited, and never replaced: a new version is added beside the old.
//! The rules (types, limit, what a guardian opens) are `domain::documents`.

use crate::api::AppError;
use crate::api::documents::{DocumentList, DocumentRow, DocumentSeries};
use crate::domain::access::Access;
use crate::domain::audit::AuditAction;
use crate::domain::documents::{
    DocumentKind, FileType, download_name, guardian_may_open, sniff, upload_problems,
};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files::{self, user_names};
use crate::server::case_scope::CaseScope;
use crate::server::entities::{case_document, document_content};
use crate::server::forms::Problems;
use crate::server::own_cases::{self, guardian_of};
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// An upload as the form sent it.
pub struct Upload {
    pub case_id: Uuid,
    pub kind: Option<DocumentKind>,
    pub title: String,
    /// The document this is a new version of.
    pub replaces: Option<Uuid>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file to send to the browser.
pub struct Download {
    pub file_name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Whether this user may open a document: staff whose read scope covers the case; a
/// guardian appointed to the case, for the kinds `guardian_may_open` allows.
async fn may_open(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    document: &case_document::Model,
) -> Result<bool, AppError> {
    match guardian_of(authorized) {
        Some(guardian) => {
            if own_cases::appointment_on(db, guardian, document.case_id).await.is_err() {
                return Ok(false);
            }
            let kind = DocumentKind::parse(&document.kind).unwrap_or(DocumentKind::Other);
            Ok(guardian_may_open(kind, document.guardian_id == Some(guardian)))
        }
        None => {
            let scope = CaseScope::of(db, authorized, Access::Read).await?;
            Ok(case_files::find_in_scope(db, scope, document.case_id).await.is_ok())
        }
    }
}

pub async fn upload(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    upload: Upload,
) -> Result<Uuid, AppError> {
    let case = case_files::case_for_records(db, authorized, upload.case_id).await?;
    let sniffed = sniff(&upload.bytes);
    let mut problems =
        Problems::from_pairs(upload_problems(&upload.title, upload.bytes.len(), sniffed));
    if upload.kind.is_none() {
        problems.add("kind", "required");
    }
    // A new version follows the document it replaces: same case, one the uploader can open.
    let previous = match upload.replaces {
        Some(id) => {
            let previous = case_document::Entity::find_by_id(id)
                .filter(case_document::Column::CaseId.eq(case.id))
                .one(db)
                .await?;
            match previous {
                Some(previous) if may_open(db, authorized, &previous).await? => Some(previous),
                _ => return Err(AppError::NotFound),
            }
        }
        None => None,
    };
    problems.into_result()?;
    let (Some(kind), Some(file_type)) = (upload.kind, sniffed) else {
        return Err(AppError::Internal);
    };
    let id = Uuid::now_v7();
    let digest: String =
        Sha256::digest(&upload.bytes).iter().map(|byte| format!("{byte:02x}")).collect();
    let size_bytes = i64::try_from(upload.bytes.len()).map_err(|_| AppError::Internal)?;
    let txn = crate::server::begin_write(db).await?;
    let (series_id, version_number) = match &previous {
        Some(previous) => {
            let latest = case_document::Entity::find()
                .filter(case_document::Column::SeriesId.eq(previous.series_id))
                .order_by_desc(case_document::Column::VersionNumber)
                .limit(1)
                .one(&txn)
                .await?
                .map_or(previous.version_number, |latest| latest.version_number);
            (previous.series_id, latest + 1)
        }
        None => (id, 1),
    };
    let inserted = case_document::Entity::insert(case_document::ActiveModel {
        id: Set(id),
        case_id: Set(case.id),
        series_id: Set(series_id),
        version_number: Set(version_number),
        kind: Set(kind.code().to_owned()),
        title: Set(upload.title.trim().to_owned()),
        file_name: Set(upload.file_name.chars().take(255).collect()),
        content_type: Set(file_type.media_type().to_owned()),
        size_bytes: Set(size_bytes),
        sha256: Set(digest.clone()),
        guardian_id: Set(guardian_of(authorized)),
        uploaded_by: Set(authorized.actor.user_id),
        uploaded_at: Set(now),
    })
    .exec(&txn)
    .await;
    // Another upload took this version number first (the unique index): say so, keep nothing.
    if let Err(error) = inserted {
        return Err(match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
            _ => error.into(),
        });
    }
    document_content::Entity::insert(document_content::ActiveModel {
        document_id: Set(id),
        bytes: Set(upload.bytes),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::DocumentUploaded)
        .by(&authorized.actor)
        .on("case", case.id)
        .details(serde_json::json!({
            "document": id,
            "kind": kind.code(),
            "version": version_number,
            "bytes": size_bytes,
            "sha256": digest,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

/// A case's documents as this user may see them: each document's newest version with the
/// older ones, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<DocumentList, AppError> {
    let guardian = guardian_of(authorized);
    let can_upload = match guardian {
        Some(guardian) => {
            own_cases::appointment_on(db, guardian, case_id).await?;
            true
        }
        None => {
            let scope = CaseScope::of(db, authorized, Access::Read).await?;
            case_files::find_in_scope(db, scope, case_id).await?;
            case_files::case_for_records(db, authorized, case_id).await.is_ok()
        }
    };
    let versions: Vec<case_document::Model> = case_document::Entity::find()
        .filter(case_document::Column::CaseId.eq(case_id))
        .order_by_desc(case_document::Column::UploadedAt)
        .order_by_desc(case_document::Column::VersionNumber)
        .all(db)
        .await?
        .into_iter()
        .filter(|document| match guardian {
            Some(guardian) => guardian_may_open(
                DocumentKind::parse(&document.kind).unwrap_or(DocumentKind::Other),
                document.guardian_id == Some(guardian),
            ),
            None => true,
        })
        .collect();
    let names = user_names(db, versions.iter().map(|d| Some(d.uploaded_by))).await?;
    // Group by series, keeping the order of each series' newest version.
    let mut order: Vec<Uuid> = Vec::new();
    let mut series: HashMap<Uuid, Vec<DocumentRow>> = HashMap::new();
    for document in versions {
        let key = document.series_id;
        if !series.contains_key(&key) {
            order.push(key);
        }
        series.entry(key).or_default().push(row_of(document, &names));
    }
    let documents = order
        .into_iter()
        .filter_map(|key| {
            let mut versions = series.remove(&key)?;
            versions.sort_by_key(|row| std::cmp::Reverse(row.version_number));
            let latest = versions.remove(0);
            Some(DocumentSeries { latest, older: versions })
        })
        .collect();
    Ok(DocumentList { documents, can_upload })
}

fn row_of(document: case_document::Model, names: &HashMap<Uuid, String>) -> DocumentRow {
    DocumentRow {
        id: document.id,
        version_number: u32::try_from(document.version_number).unwrap_or(1),
        kind: DocumentKind::parse(&document.kind),
        title: document.title,
        file_name: document.file_name,
        file_type: FileType::from_media_type(&document.content_type),
        size_bytes: u64::try_from(document.size_bytes).unwrap_or(0),
        uploaded_by: names.get(&document.uploaded_by).cloned().unwrap_or_default(),
        uploaded_at: document.uploaded_at,
        by_guardian: document.guardian_id.is_some(),
    }
}

/// A document's file for a user allowed to open it; the download is audited before it is
/// sent. Anything else is "not found", whether the document exists or not.
pub async fn download(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
) -> Result<Download, AppError> {
    let document =
        case_document::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if !may_open(db, authorized, &document).await? {
        return Err(AppError::NotFound);
    }
    let file_type = FileType::from_media_type(&document.content_type).ok_or(AppError::Internal)?;
    let content =
        document_content::Entity::find_by_id(id).one(db).await?.ok_or(AppError::Internal)?;
    AuditEvent::new(AuditAction::DocumentDownloaded)
        .by(&authorized.actor)
        .on("case", document.case_id)
        .details(serde_json::json!({ "document": id, "version": document.version_number }))
        .write(db, now, meta)
        .await?;
    Ok(Download {
        file_name: download_name(&document.title, file_type),
        media_type: file_type.media_type(),
        bytes: content.bytes,
    })
}
