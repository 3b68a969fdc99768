use sea_orm::entity::prelude::*;

/// An after-death affair (死後事務) done on a case.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "after_death_affairs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    /// A [`crate::domain::after_death::AfterDeathAffair`] code.
    pub affair: String,
    pub done_on: Date,
    pub court_permission_on: Option<Date>,
    pub notes: String,
    /// The guardian who recorded it, when a guardian did.
    pub guardian_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
