//! Matching (受任者調整) on a case: the ranked candidates with their reasons and flags, those the
//! law excludes, and the conference's decisions.

use crate::api::AppError;
use crate::domain::guardians::GuardianKind;
use crate::domain::matching::{ConflictKind, Exclusion, ScoreReason};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionRow {
    pub guardian_id: Uuid,
    pub name: String,
    pub kind: GuardianKind,
    pub district_name: Option<String>,
    /// Free places; `None` when no limit is recorded.
    pub free: Option<u32>,
    pub score: i32,
    pub reasons: Vec<ScoreReason>,
    pub flags: Vec<ConflictKind>,
    pub exclusion: Option<Exclusion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingDecisionRow {
    pub meeting_on: NaiveDate,
    pub considered: Vec<String>,
    pub chosen: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingPanel {
    /// Who could be proposed, best first.
    pub proposals: Vec<SuggestionRow>,
    /// Those the Civil Code disqualifies as far as the records show, with the reason.
    pub excluded: Vec<SuggestionRow>,
    /// Those who cannot take the case now (full, not registered, another person's relative).
    pub other_excluded: u32,
    pub decisions: Vec<MatchingDecisionRow>,
    pub can_edit: bool,
}

#[server(endpoint = "matching/get")]
pub async fn get_matching(case_id: Uuid) -> Result<MatchingPanel, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, matching, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    matching::panel(&db, clock().now(), &authorized, case_id).await.map_err(reject)
}

/// Records a matching conference's decision (受任者調整会議).
#[server(endpoint = "matching/record")]
pub async fn record_matching(
    case_id: Uuid,
    meeting_on: String,
    #[server(default)] considered: Vec<String>,
    #[server(default)] chosen_id: String,
    reason: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, forms, matching, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let meeting_on = forms::required_date("meeting_on", &meeting_on).map_err(reject)?;
    let considered = considered
        .iter()
        .map(|id| forms::optional_uuid("considered", id))
        .collect::<Result<Vec<_>, _>>()
        .map_err(reject)?
        .into_iter()
        .flatten()
        .collect();
    let chosen = forms::optional_uuid("chosen_id", &chosen_id).map_err(reject)?;
    let db = database()?;
    let decision = matching::ConferenceDecision { meeting_on, considered, chosen, reason };
    matching::record_decision(&db, clock().now(), &authorized, &request_meta(), case_id, decision)
        .await
        .map_err(reject)
}
