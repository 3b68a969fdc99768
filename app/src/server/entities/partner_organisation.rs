use sea_orm::entity::prelude::*;

/// A partner organisation of the local network (地域連携ネットワーク): the directory that
/// contacts point to, so the team around each person is visible.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// An [`crate::domain::categories::OrganisationKind`] code.
    pub kind: String,
    pub name: String,
    /// The name folded for search.
    pub name_search: String,
    pub phone: String,
    pub address: String,
    pub notes: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
