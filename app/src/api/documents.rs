//! Documents on a case: the list. Uploads (`POST /documents/upload`, a multipart form) and
//! downloads (`GET /documents/{id}`) are the server's own routes: a file is not a server
//! function's argument or answer.

use crate::api::AppError;
use crate::domain::documents::{DocumentKind, FileType};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
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

/// Where the upload form posts: fields `case_id`, `kind`, `title`, optional `replaces`, and
/// `file`. The answer is the new document's id as JSON, or an [`AppError`] as JSON with its
/// status, like a server function's.
pub const UPLOAD_PATH: &str = "/documents/upload";

#[server(endpoint = "documents/case")]
pub async fn get_case_documents(case_id: Uuid) -> Result<DocumentList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, documents, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    documents::list(&db, &authorized, case_id).await.map_err(reject)
}
