use sea_orm::entity::prelude::*;

/// Help the centre gave a guardian (citizen or family) on one day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub guardian_id: Uuid,
    pub held_on: Date,
    /// A [`crate::domain::outreach::SupportTopic`] code.
    pub topic: String,
    /// A [`crate::domain::outreach::SupportMode`] code.
    pub mode: String,
    pub duration_minutes: Option<i32>,
    pub notes: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
