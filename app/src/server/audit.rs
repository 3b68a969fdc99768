//! Writing the audit trail. A change and its audit row are written in the same transaction:
//! pass the transaction as `db`. Details name the fields that changed; values only where they
//! are not sensitive (a stage, a date), never health details, passwords or secrets.

use crate::domain::access::Actor;
use crate::domain::audit::AuditAction;
use crate::server::entities::audit_entry;
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use uuid::Uuid;

/// An event to record, built up and then written with [`AuditEvent::write`].
#[derive(Debug, Clone)]
pub struct AuditEvent {
    action: AuditAction,
    actor_user_id: Option<Uuid>,
    actor_role: Option<&'static str>,
    entity: Option<(&'static str, String)>,
    details: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn new(action: AuditAction) -> AuditEvent {
        AuditEvent { action, actor_user_id: None, actor_role: None, entity: None, details: None }
    }

    /// Who did it (nobody for the system itself or a failed sign-in).
    pub fn by(mut self, actor: &Actor) -> AuditEvent {
        self.actor_user_id = Some(actor.user_id);
        self.actor_role = Some(actor.role.as_str());
        self
    }

    /// What it was done to: a table's name and the record's id.
    pub fn on(mut self, entity_type: &'static str, entity_id: impl ToString) -> AuditEvent {
        self.entity = Some((entity_type, entity_id.to_string()));
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> AuditEvent {
        self.details = Some(details);
        self
    }

    pub async fn write(
        self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        meta: &RequestMeta,
    ) -> Result<(), DbErr> {
        let (entity_type, entity_id) = match self.entity {
            Some((kind, id)) => (Some(kind.to_owned()), Some(id)),
            None => (None, None),
        };
        audit_entry::Entity::insert(audit_entry::ActiveModel {
            id: Set(Uuid::now_v7()),
            occurred_at: Set(now),
            actor_user_id: Set(self.actor_user_id),
            actor_role: Set(self.actor_role.map(str::to_owned)),
            action: Set(self.action.code().to_owned()),
            entity_type: Set(entity_type),
            entity_id: Set(entity_id),
            details: Set(self.details.map(|details| details.to_string())),
            request_id: Set(meta.request_id.clone()),
            client_ip: Set(meta.client_ip.clone()),
        })
        .exec(db)
        .await?;
        Ok(())
    }
}

/// Records that `actor` opened the case file of a person. Every page and export that shows a
/// person's case file calls this, so the trail answers "who looked at this person's record".
/// It is the one write of many page views, so it queues like every other writer
/// ([`crate::server::writes`]) rather than waiting for SQLite's lock on a connection.
pub async fn record_case_file_read(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    meta: &RequestMeta,
    person_id: Uuid,
    what: &'static str,
) -> Result<(), DbErr> {
    let txn = crate::server::begin_write(db).await?;
    AuditEvent::new(AuditAction::CaseFileRead)
        .by(actor)
        .on("person", person_id)
        .details(serde_json::json!({ "view": what }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await
}

/// What the audit page filters by; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_user_id: Option<Uuid>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// From this instant (inclusive) to that one (exclusive).
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// One page of the trail, newest first, and how many rows match in all.
pub async fn search(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: u64,
    page_size: u64,
) -> Result<(Vec<audit_entry::Model>, u64), DbErr> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder};
    let mut query = audit_entry::Entity::find();
    if let Some(actor) = filter.actor_user_id {
        query = query.filter(audit_entry::Column::ActorUserId.eq(actor));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_entry::Column::Action.eq(action.as_str()));
    }
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_entry::Column::EntityType.eq(entity_type.as_str()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_entry::Column::EntityId.eq(entity_id.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_entry::Column::OccurredAt.gte(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_entry::Column::OccurredAt.lt(until));
    }
    let paginator = query
        .order_by_desc(audit_entry::Column::OccurredAt)
        .order_by_desc(audit_entry::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page).await?;
    Ok((rows, total))
}
