use sea_orm::entity::prelude::*;

/// An entry of the guardian register (後見人バンク): a citizen guardian, a professional, a legal
/// entity or a relative of one person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "guardians")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A [`crate::domain::guardians::GuardianKind`] code.
    pub kind: String,
    pub name: String,
    pub name_kana: String,
    pub search_text: String,
    #[sea_orm(unique)]
    pub registration_number: Option<String>,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub district_id: Option<Uuid>,
    pub related_person_id: Option<Uuid>,
    pub relation: String,
    pub organisation: String,
    pub association: String,
    pub training_year: Option<i32>,
    pub training_completed_on: Option<Date>,
    pub registered_on: Option<Date>,
    pub registration_expires_on: Option<Date>,
    /// A [`crate::domain::guardians::Registration`] code (citizen guardians only).
    pub registration: Option<String>,
    pub capacity: Option<i32>,
    /// A [`crate::domain::matching::Disqualification`] code.
    pub disqualification: Option<String>,
    pub skills: String,
    pub notes: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
