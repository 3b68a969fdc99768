use sea_orm::entity::prelude::*;

/// One item of a relay plan's readiness and handover checklist.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relay_checklist")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub relay_plan_id: Uuid,
    /// A [`crate::domain::relays::ChecklistItem`] code, or none for an item of the plan's own.
    pub item: Option<String>,
    pub label: String,
    pub done_on: Option<Date>,
    pub done_by: Option<Uuid>,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
