use sea_orm::entity::prelude::*;

/// A case (事件): the centre's work for one person towards and under one guardianship.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub case_number: String,
    pub person_id: Uuid,
    pub office_id: Uuid,
    pub coordinator_id: Option<Uuid>,
    /// Codes of [`crate::domain::cases`]: CaseType, Stage, TerminationReason.
    pub case_type: String,
    pub stage: String,
    pub opened_on: Date,
    /// A [`crate::domain::categories::Petitioner`] code.
    pub petitioner: Option<String>,
    /// [`crate::domain::categories::Motive`] codes separated by commas.
    pub motives: String,
    pub family_court_id: Option<Uuid>,
    pub petition_date: Option<Date>,
    pub decision_date: Option<Date>,
    pub final_date: Option<Date>,
    pub termination_reason: Option<String>,
    pub termination_date: Option<Date>,
    pub contract_date: Option<Date>,
    pub notary_office: String,
    pub mandatary_name: String,
    pub check_in_interval_months: Option<i32>,
    pub last_check_in_on: Option<Date>,
    pub supervisor_appointed_on: Option<Date>,
    pub notes: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
