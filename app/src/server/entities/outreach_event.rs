use sea_orm::entity::prelude::*;

/// A training, seminar, briefing or outreach lecture the centre held.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outreach_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A [`crate::domain::outreach::EventKind`] code.
    pub kind: String,
    pub title: String,
    pub held_on: Date,
    pub venue: String,
    pub audience: String,
    pub participants: Option<i32>,
    pub notes: String,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
