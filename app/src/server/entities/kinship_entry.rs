use sea_orm::entity::prelude::*;

/// A relative found by the kinship survey (親族調査) of a mayor's petition, and their answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kinship_survey")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub name: String,
    pub relation: String,
    pub contacted_on: Option<Date>,
    /// A [`crate::domain::categories::KinshipAnswer`] code.
    pub answer: String,
    pub note: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
