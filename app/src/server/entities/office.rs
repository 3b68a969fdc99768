use sea_orm::entity::prelude::*;

/// An office (窓口) of the centre. Coordinators belong to one; cases are handled by one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A short stable code for imports and exports, e.g. `minami`.
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Position in lists; offices are shown in the order the centre chooses.
    pub sort_order: i32,
    /// Closed offices stay for the history of the cases they handled.
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Optimistic locking: every update checks and increments it.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
