use sea_orm::entity::prelude::*;

/// Something a guardian owes the court by a date, generated from an appointment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deadlines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub appointment_id: Uuid,
    /// A [`crate::domain::deadlines::DeadlineKind`] code.
    pub kind: String,
    pub sequence: i32,
    pub due_on: Date,
    pub extended_to: Option<Date>,
    pub done_on: Option<Date>,
    pub done_note: String,
    pub done_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
