use sea_orm::entity::prelude::*;

/// A relation between a guardian and a person that matters for choosing the guardian (a
/// lawsuit, a debt, the person's facility …).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "guardian_conflicts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub guardian_id: Uuid,
    pub person_id: Uuid,
    /// A [`crate::domain::matching::ConflictKind`] code.
    pub kind: String,
    pub note: String,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: Option<Uuid>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
