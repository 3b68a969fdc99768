use sea_orm::entity::prelude::*;

/// One document of a petition's checklist, who prepares it and how far it is.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petition_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    /// Codes of [`crate::domain::categories`]: PetitionDocument, DocumentStatus.
    pub document: String,
    pub prepared_by: String,
    pub status: String,
    pub note: String,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
