//! The coordinator's inbox on the home page: what needs doing across the cases in reach, each
//! item linking to where it is done.

use crate::api::AppError;
use crate::api::deadlines::OpenDeadlines;
use crate::api::support::SupportRow;
use crate::domain::relays::RelayStatus;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A case whose guardian has logged no contact for longer than the centre's interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietCase {
    pub case_id: Uuid,
    pub case_number: String,
    pub person_name: String,
    pub guardian: String,
    /// The guardian's last logged contact; none yet.
    pub last_contact: Option<NaiveDate>,
    pub appointed_on: NaiveDate,
}

/// A relay plan near (or past) its target date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayDue {
    pub case_id: Uuid,
    pub case_number: String,
    pub person_name: String,
    pub status: Option<RelayStatus>,
    pub target_date: NaiveDate,
}

/// A signed voluntary contract not yet in effect, due for a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInDue {
    pub case_id: Uuid,
    pub case_number: String,
    pub person_name: String,
    pub contract_date: NaiveDate,
    pub last_check_in: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    /// Overdue and due within 30 days.
    pub deadlines: OpenDeadlines,
    /// Open support requests, those waiting for the centre's answer first.
    pub support: Vec<SupportRow>,
    pub quiet_cases: Vec<QuietCase>,
    pub relays: Vec<RelayDue>,
    pub check_ins: Vec<CheckInDue>,
    /// The thresholds the lists were drawn with, to say so on the page.
    pub contact_days: u32,
    pub check_in_months: u32,
}

/// The inbox of the signed-in centre user (coordinators: their office's cases).
#[server(endpoint = "inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, inbox, reject};
    let authorized = auth::require(Area::Deadlines, Access::Read).await?;
    let db = database()?;
    inbox::for_user(&db, clock().now(), &authorized).await.map_err(reject)
}
