//! The deadlines of a case: what its guardians owe the court and when, marked done, extended by
//! the court, or reopened.

use crate::api::AppError;
use crate::domain::deadlines::{DeadlineKind, DeadlineStatus};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRow {
    pub id: Uuid,
    pub version: i32,
    pub kind: Option<DeadlineKind>,
    /// The number of a periodic report (1 for the first).
    pub sequence: u32,
    pub guardian: String,
    pub due_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub done_note: String,
    pub status: DeadlineStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineList {
    pub rows: Vec<DeadlineRow>,
    /// Mark open ones done (a guardian: their own).
    pub can_mark_done: bool,
    /// Record the court's extensions and reopen one done in error (the centre).
    pub can_extend: bool,
}

#[server(endpoint = "deadlines/case")]
pub async fn get_case_deadlines(case_id: Uuid) -> Result<DeadlineList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, deadlines, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    deadlines::for_case(&db, clock().now(), &authorized, case_id).await.map_err(reject)
}

/// Marks a deadline done (`done_on`), records the court's extension (`extended_to`), or
/// reopens one marked done in error (`reopen`).
#[server(endpoint = "deadlines/update")]
pub async fn update_deadline(
    id: Uuid,
    version: i32,
    #[server(default)] done_on: String,
    #[server(default)] done_note: String,
    #[server(default)] extended_to: String,
    #[server(default)] reopen: Option<String>,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::deadlines::{self, DeadlineChange};
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Deadlines, Access::Write).await?;
    let done_on = forms::optional_date("done_on", &done_on).map_err(reject)?;
    let extended_to = forms::optional_date("extended_to", &extended_to).map_err(reject)?;
    let change = match (reopen.is_some(), done_on, extended_to) {
        (true, _, _) => DeadlineChange::Reopened,
        (false, Some(on), _) => DeadlineChange::Done { on, note: done_note },
        (false, None, Some(to)) => DeadlineChange::Extended { to },
        (false, None, None) => return Err(reject(AppError::field("done_on", "required"))),
    };
    let db = database()?;
    deadlines::change(&db, clock().now(), &authorized, &request_meta(), id, version, change)
        .await
        .map_err(reject)
}

/// One open deadline on the list across cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDeadline {
    pub kind: Option<DeadlineKind>,
    pub sequence: u32,
    /// The date it is due (the court's extension where there is one).
    pub due_on: NaiveDate,
    pub status: DeadlineStatus,
    pub case_id: Uuid,
    pub case_number: String,
    pub person_name: String,
    pub guardian: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDeadlines {
    pub rows: Vec<OpenDeadline>,
    /// All the window holds; `rows` is one page of them
    /// ([`crate::domain::deadlines::LIST_PAGE_SIZE`]).
    pub total: u64,
}

/// A page of the open deadlines of the cases the user works on, soonest first; `query` is the
/// list's URL query string (`due=overdue|soon|90|all&page=n`).
#[server(endpoint = "deadlines/list")]
pub async fn list_deadlines(query: String) -> Result<OpenDeadlines, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::deadlines::DeadlineListQuery;
    use crate::server::{auth, clock::clock, database, deadlines};
    let authorized = auth::require(Area::Deadlines, Access::Read).await?;
    let pairs = crate::api::cases::url_pairs(&query);
    let query = DeadlineListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let db = database()?;
    deadlines::open_list(&db, clock().now(), &authorized, query).await
}
