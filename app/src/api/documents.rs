//! Documents on a case: the list, and the upload (a multipart form: a file and its fields).
//! Downloads are plain links (`GET /documents/{id}`), served by the server's own route.

use crate::api::AppError;
use crate::domain::documents::{DocumentKind, FileType};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: Uuid,
    pub version_number: u32,
    pub kind: Option<DocumentKind>,
    pub title: String,
    pub file_name: String,
    pub file_type: Option<FileType>,
    pub size_bytes: u64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub by_guardian: bool,
}

/// One document: its newest version and the ones it replaced, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSeries {
    pub latest: DocumentRow,
    pub older: Vec<DocumentRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentList {
    pub documents: Vec<DocumentSeries>,
    pub can_upload: bool,
}

/// Where a document is downloaded.
pub fn download_path(id: Uuid) -> String {
    format!("/documents/{id}")
}

#[server(endpoint = "documents/case")]
pub async fn get_case_documents(case_id: Uuid) -> Result<DocumentList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, documents, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    documents::list(&db, &authorized, case_id).await.map_err(reject)
}

/// Uploads a document (fields `case_id`, `kind`, `title`, optional `replaces`, and `file`).
/// The file is read up to the size limit and no further.
#[server(input = MultipartFormData, endpoint = "documents/upload")]
pub async fn upload_document(data: MultipartData) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, documents, forms, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let read = documents::read_upload(&mut form).await.map_err(reject)?;
    let mut problems = forms::Problems::default();
    let case_id = problems.take(forms::optional_uuid("case_id", &read.field("case_id")), None);
    let kind = problems.take(forms::optional_category("kind", &read.field("kind")), None);
    let replaces = problems.take(forms::optional_uuid("replaces", &read.field("replaces")), None);
    problems.into_result().map_err(reject)?;
    let case_id = case_id.ok_or_else(|| reject(AppError::NotFound))?;
    let upload = documents::Upload {
        case_id,
        kind,
        title: read.field("title"),
        replaces,
        file_name: read.file_name,
        bytes: read.bytes,
        truncated: read.truncated,
    };
    let db = database()?;
    documents::upload(&db, clock().now(), &authorized, &request_meta(), upload)
        .await
        .map_err(reject)
}
