use sea_orm::entity::prelude::*;

/// A person who signs in. The password hash never leaves the server: pages get DTOs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub login_id: String,
    pub display_name: String,
    /// A [`crate::domain::access::Role`] code.
    pub role: String,
    pub office_id: Option<Uuid>,
    pub guardian_id: Option<Uuid>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub failed_sign_ins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub password_changed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::office::Entity",
        from = "Column::OfficeId",
        to = "super::office::Column::Id"
    )]
    Office,
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<super::office::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Office.def()
    }
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
