use sea_orm::entity::prelude::*;

/// An intake consultation (相談受付), possibly anonymous.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consultations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub person_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub received_at: DateTimeUtc,
    /// Codes of [`crate::domain::categories`]: ConsultationChannel, Consultant, Urgency,
    /// ConsultationOutcome.
    pub channel: String,
    pub consultant: String,
    pub summary: String,
    pub urgency: String,
    pub flag_abuse: bool,
    pub flag_consumer_fraud: bool,
    pub flag_self_neglect: bool,
    pub flag_other: bool,
    pub abuse_reported: bool,
    pub abuse_reported_on: Option<Date>,
    pub abuse_response: String,
    pub outcome: String,
    pub recorded_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
