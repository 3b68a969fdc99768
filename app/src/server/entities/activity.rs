use sea_orm::entity::prelude::*;

/// Something done for the person on a case: a visit, a call, a meeting, decision support.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    /// An [`crate::domain::activities::ActivityKind`] code.
    pub kind: String,
    pub occurred_on: Date,
    pub duration_minutes: Option<i32>,
    pub participants: String,
    pub notes: String,
    pub wishes: String,
    pub options: String,
    pub decided: String,
    /// A [`crate::domain::categories::RightsViolation`] code.
    pub violation: Option<String>,
    /// The guardian who logged it, when a guardian did.
    pub guardian_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
