use sea_orm::entity::prelude::*;

/// Someone around a person: a relative, the care manager, a facility, a doctor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    /// A [`crate::domain::categories::ContactKind`] code.
    pub kind: String,
    pub name: String,
    /// A relative's relation to the person (長女, 弟 …).
    pub relation: String,
    pub organisation_id: Option<Uuid>,
    pub phone: String,
    pub notes: String,
    pub created_at: DateTimeUtc,
    /// Removed from the team: kept as history, shown no more.
    pub removed_at: Option<DateTimeUtc>,
    pub removed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
