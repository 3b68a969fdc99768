use sea_orm::entity::prelude::*;

/// An uploaded ledger on its way in: cells, mapping, dry-run report, counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub file_name: String,
    pub office_id: Option<Uuid>,
    pub sheet_name: String,
    /// JSON array of the headings.
    pub headings: String,
    /// JSON array of [row number, [cell text]]; emptied by the commit.
    pub cells: String,
    pub row_count: i32,
    /// JSON array of field codes (or null), one per column.
    pub mapping: Option<String>,
    /// JSON of the dry run's `ImportReport`.
    pub report: Option<String>,
    pub status: String,
    pub new_count: i32,
    pub updated_count: i32,
    pub unchanged_count: i32,
    pub error_count: i32,
    pub match_count: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub committed_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
