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
    /// The TOTP secret (base32) while enrolling and once enabled; never leaves the server
    /// except once, as the enrolment QR code.
    pub totp_secret: Option<String>,
    /// Set when the first code confirmed the enrolment: two-factor sign-in is on from then.
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last accepted 30-second step; a code is never accepted twice.
    pub totp_last_step: Option<i64>,
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
