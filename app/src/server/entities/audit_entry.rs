use sea_orm::entity::prelude::*;

/// One row of the append-only audit trail (the database refuses UPDATE and DELETE on it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_role: Option<String>,
    /// An [`crate::domain::audit::AuditAction`] code.
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// JSON: the names of changed fields, values only where they are not sensitive.
    pub details: Option<String>,
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
