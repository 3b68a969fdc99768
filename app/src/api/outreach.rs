//! Guardian support sessions (on a guardian's page) and the centre's events with their
//! attendance (`/events`). Coordinators record them; managers read them; they belong to the
//! centre's guardian bank, not to one office.

// The forms' fields are the server functions' arguments (they work as plain HTML posts).
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::domain::outreach::{EventKind, SupportMode, SupportTopic};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSessionRow {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub topic: Option<SupportTopic>,
    pub mode: Option<SupportMode>,
    pub duration_minutes: Option<u32>,
    pub notes: String,
    pub recorded_by: String,
}

/// An event a guardian attended, for their page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendedEvent {
    pub id: Uuid,
    pub kind: Option<EventKind>,
    pub title: String,
    pub held_on: NaiveDate,
}

/// A guardian's support history: sessions newest first, and the events they attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportHistory {
    pub sessions: Vec<SupportSessionRow>,
    pub events: Vec<AttendedEvent>,
    pub can_record: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: Uuid,
    pub kind: Option<EventKind>,
    pub title: String,
    pub held_on: NaiveDate,
    pub venue: String,
    pub audience: String,
    pub participants: Option<u32>,
    pub attendees: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventList {
    /// Newest first.
    pub rows: Vec<EventRow>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub guardian_id: Uuid,
    pub name: String,
    pub kind: Option<crate::domain::guardians::GuardianKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetail {
    pub row: EventRow,
    pub notes: String,
    pub version: i32,
    pub attendees: Vec<Attendee>,
    pub takes_attendance: bool,
    pub can_edit: bool,
}

#[server(endpoint = "guardians/support")]
pub async fn get_support_history(guardian_id: Uuid) -> Result<SupportHistory, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, outreach, reject};
    let authorized = auth::require(Area::Guardians, Access::Read).await?;
    let db = database()?;
    outreach::history(&db, &authorized, guardian_id).await.map_err(reject)
}

#[server(endpoint = "guardians/support/record")]
pub async fn record_support_session(
    guardian_id: Uuid,
    held_on: String,
    topic: String,
    mode: String,
    #[server(default)] duration_minutes: String,
    #[server(default)] notes: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::outreach::SessionDraft;
    use crate::server::forms::{self, Problems};
    use crate::server::{auth, clock::clock, database, outreach, reject, request::request_meta};
    let authorized = auth::require(Area::Guardians, Access::Write).await?;
    let mut problems = Problems::default();
    let draft = SessionDraft {
        held_on: problems.take(forms::optional_date("held_on", &held_on), None),
        topic: problems.take(forms::optional_category("topic", &topic), None),
        mode: problems.take(forms::optional_category("mode", &mode), None),
        duration_minutes: problems
            .take(forms::optional_minutes("duration_minutes", &duration_minutes), None),
        notes,
    };
    problems.into_result().map_err(reject)?;
    let db = database()?;
    outreach::record_session(&db, clock().now(), &authorized, &request_meta(), guardian_id, draft)
        .await
        .map_err(reject)
}

/// Events, newest first; `fiscal_year` (the 年度's first year) narrows them, empty for all.
#[server(endpoint = "events/list")]
pub async fn list_events(#[server(default)] fiscal_year: String) -> Result<EventList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, outreach, reject};
    let authorized = auth::require(Area::Guardians, Access::Read).await?;
    let year = match fiscal_year.trim() {
        "" => None,
        text => Some(text.parse::<i32>().map_err(|_| AppError::field("fiscal_year", "invalid"))?),
    };
    let db = database()?;
    outreach::list_events(&db, &authorized, year).await.map_err(reject)
}

#[server(endpoint = "events/get")]
pub async fn get_event(id: Uuid) -> Result<EventDetail, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, outreach, reject};
    let authorized = auth::require(Area::Guardians, Access::Read).await?;
    let db = database()?;
    outreach::event(&db, &authorized, id).await.map_err(reject)
}

/// Records a new event (empty `id`) or changes one (with the version read).
#[server(endpoint = "events/save")]
pub async fn save_event(
    #[server(default)] id: String,
    #[server(default)] version: i32,
    kind: String,
    title: String,
    held_on: String,
    #[server(default)] venue: String,
    #[server(default)] audience: String,
    #[server(default)] participants: String,
    #[server(default)] notes: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::outreach::EventDraft;
    use crate::server::forms::{self, Problems};
    use crate::server::{auth, clock::clock, database, outreach, reject, request::request_meta};
    let authorized = auth::require(Area::Guardians, Access::Write).await?;
    let mut problems = Problems::default();
    let id = problems.take(forms::optional_uuid("id", &id), None);
    let draft = EventDraft {
        kind: problems.take(forms::optional_category("kind", &kind), None),
        title,
        held_on: problems.take(forms::optional_date("held_on", &held_on), None),
        venue,
        audience,
        participants: problems.take(
            match participants.trim() {
                "" => Ok(None),
                text => text
                    .parse::<u32>()
                    .map(Some)
                    .map_err(|_| AppError::field("participants", "participants_range")),
            },
            None,
        ),
        notes,
    };
    problems.into_result().map_err(reject)?;
    let db = database()?;
    outreach::save_event(&db, clock().now(), &authorized, &request_meta(), id, version, draft)
        .await
        .map_err(reject)
}

/// Marks a register entry as attending an event, or (`attended` empty) no longer.
#[server(endpoint = "events/attendance")]
pub async fn set_attendance(
    event_id: Uuid,
    guardian_id: Uuid,
    #[server(default)] attended: String,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, outreach, reject, request::request_meta};
    let authorized = auth::require(Area::Guardians, Access::Write).await?;
    let db = database()?;
    let attended = !attended.trim().is_empty();
    outreach::set_attendance(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        event_id,
        guardian_id,
        attended,
    )
    .await
    .map_err(reject)
}
