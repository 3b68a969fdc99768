use sea_orm::entity::prelude::*;

/// A person the centre supports (本人). Health details and notes are 要配慮個人情報.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "persons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The office that registered the person.
    pub office_id: Uuid,
    pub name: String,
    pub name_kana: String,
    /// Name and kana folded by [`crate::domain::search::normalize_for_search`].
    pub search_text: String,
    pub date_of_birth: Option<Date>,
    /// Codes of [`crate::domain::categories`]: Sex, LivingSituation, Condition.
    pub sex: Option<String>,
    pub district_id: Option<Uuid>,
    pub living_situation: Option<String>,
    pub condition: Option<String>,
    pub notes: String,
    /// Set when this record was a duplicate and merged into another.
    pub merged_into: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
