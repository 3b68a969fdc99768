use sea_orm::entity::prelude::*;

/// One version of a document on a case; its bytes are in `document_contents`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    /// The first version's id, shared by every version of the document.
    pub series_id: Uuid,
    pub version_number: i32,
    /// A [`crate::domain::documents::DocumentKind`] code.
    pub kind: String,
    pub title: String,
    /// The name it was uploaded under (shown, never trusted).
    pub file_name: String,
    /// Read from the content: a [`crate::domain::documents::FileType`] media type.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub guardian_id: Option<Uuid>,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
