//! Activity records on a case: visits, calls, case meetings, decision-making support and
//! responses to rights violations.

// The log form's fields are the server function's arguments (it works as a plain HTML post).
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::domain::activities::ActivityKind;
use crate::domain::categories::RightsViolation;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: Uuid,
    pub kind: Option<ActivityKind>,
    pub occurred_on: NaiveDate,
    pub duration_minutes: Option<u32>,
    pub participants: String,
    pub notes: String,
    pub wishes: String,
    pub options: String,
    pub decided: String,
    pub violation: Option<RightsViolation>,
    pub recorded_by: String,
    /// Logged by a guardian (not by centre staff).
    pub by_guardian: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityList {
    pub rows: Vec<ActivityRow>,
    /// Whether this user may log a new one.
    pub can_log: bool,
}

/// A case's activities, newest first (a guardian sees those they logged).
#[server(endpoint = "activities/case")]
pub async fn get_case_activities(case_id: Uuid) -> Result<ActivityList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{activities, auth, database, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    activities::for_case(&db, &authorized, case_id).await.map_err(reject)
}

/// Logs an activity on a case. Empty texts and numbers are none.
#[server(endpoint = "activities/log")]
pub async fn log_activity(
    case_id: Uuid,
    kind: String,
    occurred_on: String,
    #[server(default)] duration_minutes: String,
    #[server(default)] participants: String,
    #[server(default)] notes: String,
    #[server(default)] wishes: String,
    #[server(default)] options: String,
    #[server(default)] decided: String,
    #[server(default)] violation: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::activities::ActivityDraft;
    use crate::server::forms::{self, Problems};
    use crate::server::{activities, auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::CaseWork, Access::Write).await?;
    let mut problems = Problems::default();
    let draft = ActivityDraft {
        kind: problems.take(forms::required_category("kind", &kind).map(Some), None),
        occurred_on: problems
            .take(forms::required_date("occurred_on", &occurred_on).map(Some), None),
        duration_minutes: problems.take(
            match duration_minutes.trim() {
                "" => Ok(None),
                text => text
                    .parse::<u32>()
                    .map(Some)
                    .map_err(|_| AppError::field("duration_minutes", "duration_out_of_range")),
            },
            None,
        ),
        participants,
        notes,
        wishes,
        options,
        decided,
        violation: problems.take(forms::optional_category("violation", &violation), None),
    };
    problems.into_result().map_err(reject)?;
    let db = database()?;
    activities::log(&db, clock().now(), &authorized, &request_meta(), case_id, draft)
        .await
        .map_err(reject)
}
