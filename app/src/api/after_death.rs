//! After-death affairs (死後事務) on a case: the list, and recording one.

use crate::api::AppError;
use crate::domain::after_death::AfterDeathAffair;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffairRow {
    pub id: Uuid,
    pub affair: Option<AfterDeathAffair>,
    pub done_on: NaiveDate,
    pub court_permission_on: Option<NaiveDate>,
    pub notes: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffairList {
    /// None while the case records no death: then there is nothing to show.
    pub died_on: Option<NaiveDate>,
    /// In the order they were done.
    pub rows: Vec<AffairRow>,
    pub can_record: bool,
}

#[server(endpoint = "after_death/case")]
pub async fn get_after_death_affairs(case_id: Uuid) -> Result<AffairList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{after_death, auth, database, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    after_death::for_case(&db, &authorized, case_id).await.map_err(reject)
}

#[server(endpoint = "after_death/record")]
pub async fn record_after_death_affair(
    case_id: Uuid,
    affair: String,
    done_on: String,
    #[server(default)] court_permission_on: String,
    #[server(default)] notes: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::after_death::AffairDraft;
    use crate::server::forms::{self, Problems};
    use crate::server::{after_death, auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::CaseWork, Access::Write).await?;
    let mut problems = Problems::default();
    let draft = AffairDraft {
        affair: problems.take(forms::optional_category("affair", &affair), None),
        done_on: problems.take(forms::optional_date("done_on", &done_on), None),
        court_permission_on: problems
            .take(forms::optional_date("court_permission_on", &court_permission_on), None),
        notes,
    };
    problems.into_result().map_err(reject)?;
    let db = database()?;
    after_death::record(&db, clock().now(), &authorized, &request_meta(), case_id, draft)
        .await
        .map_err(reject)
}
