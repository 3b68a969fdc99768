//! The audit trail, for administrators to browse and filter.

use crate::api::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the audit page asks for. Blank strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// The actor's login id.
    pub actor: String,
    /// An action code such as `sign_in.failed`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// Days in Japan, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Zero-based.
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub occurred_at: DateTime<Utc>,
    pub actor_login_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub details: Option<String>,
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

pub const AUDIT_PAGE_SIZE: u64 = 50;

#[server(endpoint = "admin/audit")]
pub async fn search_audit(query: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::accounts::LoginId;
    use crate::domain::dates::japan_day_start;
    use crate::server::audit::{AuditFilter, search};
    use crate::server::entities::user;
    use crate::server::{auth, database, reject, users};
    use sea_orm::EntityTrait;
    use std::collections::HashMap;

    auth::require(Area::AuditLog, Access::Read).await?;
    let db = database()?;
    let text = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
    let actor_user_id = match text(&query.actor) {
        Some(login_id) => {
            let login_id = LoginId::parse(&login_id)
                .map_err(|_| reject(AppError::field("actor", "unknown_login_id")))?;
            let user = users::find_by_login_id(&db, &login_id)
                .await?
                .ok_or_else(|| reject(AppError::field("actor", "unknown_login_id")))?;
            Some(user.id)
        }
        None => None,
    };
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(reject(AppError::field("to", "date_range")));
    }
    let filter = AuditFilter {
        actor_user_id,
        action: text(&query.action),
        entity_type: text(&query.entity_type),
        entity_id: text(&query.entity_id),
        from: query.from.map(japan_day_start),
        until: query.to.and_then(|to| to.succ_opt()).map(japan_day_start),
    };
    let (rows, total) = search(&db, &filter, query.page, AUDIT_PAGE_SIZE).await?;
    // The actors' login ids, in one query for the page.
    let actor_ids: Vec<uuid::Uuid> = rows.iter().filter_map(|row| row.actor_user_id).collect();
    let login_ids: HashMap<uuid::Uuid, String> = if actor_ids.is_empty() {
        HashMap::new()
    } else {
        use sea_orm::{ColumnTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Id.is_in(actor_ids))
            .all(&db)
            .await?
            .into_iter()
            .map(|user| (user.id, user.login_id))
            .collect()
    };
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|row| AuditRow {
                actor_login_id: row.actor_user_id.and_then(|id| login_ids.get(&id).cloned()),
                occurred_at: row.occurred_at,
                actor_role: row.actor_role,
                action: row.action,
                entity_type: row.entity_type,
                entity_id: row.entity_id,
                details: row.details,
                request_id: row.request_id,
                client_ip: row.client_ip,
            })
            .collect(),
        total,
        page: query.page,
        page_size: AUDIT_PAGE_SIZE,
    })
}
