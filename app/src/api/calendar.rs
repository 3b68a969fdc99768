//! The signed-in user's calendar feed: whether it runs, issuing a new secret address (the old
//! one stops), and stopping it.

use crate::api::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeedStatus {
    pub active: bool,
    pub include_names: bool,
    pub created_at: Option<DateTime<Utc>>,
    pub last_fetched_at: Option<DateTime<Utc>>,
}

#[server(endpoint = "account/calendar")]
pub async fn get_calendar_feed() -> Result<CalendarFeedStatus, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, calendar, database, reject};
    let authorized = auth::require(Area::OwnAccount, Access::Read).await?;
    let db = database()?;
    calendar::status(&db, &authorized).await.map_err(reject)
}

/// Issues a new secret address and returns its path: it is shown this once. `include_names`
/// is a checkbox (`on` when ticked).
#[server(endpoint = "account/calendar/renew")]
pub async fn renew_calendar_feed(
    #[server(default)] include_names: String,
) -> Result<String, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, calendar, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let include_names = matches!(include_names.as_str(), "on" | "true");
    let db = database()?;
    calendar::renew(&db, clock().now(), &authorized, &request_meta(), include_names)
        .await
        .map_err(reject)
}

#[server(endpoint = "account/calendar/revoke")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, calendar, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let db = database()?;
    calendar::revoke(&db, clock().now(), &authorized, &request_meta()).await.map_err(reject)
}
