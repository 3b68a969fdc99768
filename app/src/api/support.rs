//! Support requests (相談): a guardian asks the centre for help and the centre answers in a
//! thread. Guardians reach their own requests; coordinators answer and close any request (the
//! guardian bank is the centre's); managers read them.

use crate::api::AppError;
use crate::domain::support::{Side, SupportStatus, Turn};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportRow {
    pub id: Uuid,
    pub subject: String,
    pub status: SupportStatus,
    pub turn: Turn,
    pub guardian_id: Uuid,
    pub guardian_name: String,
    pub case_number: Option<String>,
    /// Where the case opens for this user; none when it is outside their reach.
    pub case_link: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A case a guardian may ask about: one of their appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskableCase {
    pub case_id: Uuid,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportList {
    /// Open requests first (the centre's turn first), then the most recently active.
    pub rows: Vec<SupportRow>,
    /// Whether this user may ask a new question (a guardian with a register entry).
    pub can_ask: bool,
    pub cases: Vec<AskableCase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportMessageRow {
    pub author: String,
    pub side: Side,
    pub body: String,
    pub written_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportThread {
    pub request: SupportRow,
    pub messages: Vec<SupportMessageRow>,
    /// The request's version, for closing it without overlooking a reply that just arrived.
    pub version: i32,
    pub can_reply: bool,
    pub can_close: bool,
}

/// The requests this user reaches. `status`: `open`, `closed` or empty for both.
#[server(endpoint = "support/list")]
pub async fn get_support_requests(
    #[server(default)] status: String,
) -> Result<SupportList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, reject, support};
    let authorized = auth::require(Area::Support, Access::Read).await?;
    let status = match status.trim() {
        "" => None,
        code => {
            Some(SupportStatus::parse(code).ok_or_else(|| AppError::field("status", "invalid"))?)
        }
    };
    let db = database()?;
    support::list(&db, &authorized, status).await.map_err(reject)
}

/// A guardian asks the centre for help; `case_id` is one of their cases or empty.
#[server(endpoint = "support/ask")]
pub async fn ask_for_support(
    #[server(default)] case_id: String,
    subject: String,
    body: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::support;
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Support, Access::Write).await?;
    let case_id = forms::optional_uuid("case_id", &case_id).map_err(reject)?;
    let db = database()?;
    support::ask(&db, clock().now(), &authorized, &request_meta(), case_id, &subject, &body)
        .await
        .map_err(reject)
}

/// One request with its messages, oldest first.
#[server(endpoint = "support/thread")]
pub async fn get_support_thread(id: Uuid) -> Result<SupportThread, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, reject, support};
    let authorized = auth::require(Area::Support, Access::Read).await?;
    let db = database()?;
    support::thread(&db, &authorized, id).await.map_err(reject)
}

/// Adds a message to an open request's thread.
#[server(endpoint = "support/reply")]
pub async fn reply_to_support(id: Uuid, body: String) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta, support};
    let authorized = auth::require(Area::Support, Access::Write).await?;
    let db = database()?;
    support::reply(&db, clock().now(), &authorized, &request_meta(), id, &body)
        .await
        .map_err(reject)
}

/// A coordinator closes a request: the question is settled.
#[server(endpoint = "support/close")]
pub async fn close_support_request(id: Uuid, version: i32) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta, support};
    let authorized = auth::require(Area::Support, Access::Write).await?;
    let db = database()?;
    support::close(&db, clock().now(), &authorized, &request_meta(), id, version)
        .await
        .map_err(reject)
}
