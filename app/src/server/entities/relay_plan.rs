use sea_orm::entity::prelude::*;

/// A relay plan (リレー受任): from one guardian's appointment to a successor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relay_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub predecessor_appointment_id: Uuid,
    pub successor_guardian_id: Uuid,
    pub successor_appointment_id: Option<Uuid>,
    pub planned_on: Date,
    pub target_date: Date,
    /// A [`crate::domain::relays::RelayStatus`] code.
    pub status: String,
    pub petitioned_on: Option<Date>,
    pub decided_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub cancel_reason: String,
    pub notes: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
