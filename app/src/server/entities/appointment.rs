use sea_orm::entity::prelude::*;

/// A guardian's appointment to a case. Inserted, and ended once; never deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub guardian_id: Uuid,
    /// Codes of [`crate::domain::appointments`]: AppointmentRole, ExerciseMode, EndReason.
    pub role: String,
    pub mode: String,
    pub duty_property: bool,
    pub duty_personal: bool,
    pub duty_described: String,
    pub decided_on: Date,
    pub effective_on: Date,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    pub end_note: String,
    pub capacity_override_reason: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<Uuid>,
    /// What the deadline rules take from the decision (see `domain::deadlines`).
    pub property_powers: bool,
    pub first_report_on: Option<Date>,
    pub fee_petitions: bool,
    /// The due date of the first periodic report not yet generated (before moving past the
    /// court's closed days); none when no more are owed. See `server::deadlines`.
    pub next_report_on: Option<Date>,
    pub version: i32,
    /// The first day whose deadlines are kept here: the import day for an appointment brought
    /// in from a ledger (what fell due before was the ledger's), none otherwise.
    pub tracked_from: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
