//! The workload dashboard: who carries how much, where cases wait, how the guardian bank is
//! used, and the trends by month and by fiscal year.

use crate::api::AppError;
use crate::domain::cases::Stage;
use crate::domain::relays::RelayStatus;
use crate::domain::workload::Month;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The stages of open cases, in the order of the work.
pub const OPEN_STAGES: [Stage; 6] = [
    Stage::Consultation,
    Stage::Assessment,
    Stage::Matching,
    Stage::PetitionSupport,
    Stage::AwaitingDecision,
    Stage::Supporting,
];

/// One coordinator's load (or, without a coordinator, the cases nobody leads yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinatorLoad {
    /// None: the cases without a coordinator.
    pub coordinator: Option<Uuid>,
    pub name: String,
    /// Open cases per stage, in the order of [`OPEN_STAGES`].
    pub open_by_stage: Vec<u64>,
    /// Open deadlines past their (extended) due date on the coordinator's cases.
    pub overdue_deadlines: u64,
    /// Activities the coordinator recorded in the last 30 days.
    pub recent_activities: u64,
}

impl CoordinatorLoad {
    pub fn open_cases(&self) -> u64 {
        self.open_by_stage.iter().sum()
    }
}

/// The citizen guardians of one district (None: no district recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictBank {
    pub district: Option<String>,
    /// Citizen guardians on the register (registered, not suspended or removed).
    pub registered: u64,
    /// Of them, those with at least one active appointment.
    pub active: u64,
    /// The cases they can take, by their recorded capacity.
    pub capacity: u64,
    /// Their active appointments.
    pub used: u64,
}

/// Counts of one series by month or fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint<P> {
    pub period: P,
    /// Case files opened.
    pub opened: u64,
    /// Petitions filed (申立日).
    pub petitioned: u64,
    /// Decisions made (審判日).
    pub decided: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Whether the figures cover the whole centre (managers) or one office.
    pub whole_centre: bool,
    pub coordinators: Vec<CoordinatorLoad>,
    /// Open cases per stage, in the order of [`OPEN_STAGES`].
    pub stages: Vec<u64>,
    /// Median days from opening the case file to the petition, over the petitions of the last
    /// 365 days; None without any.
    pub median_days_to_petition: Option<u32>,
    /// Median days from the petition to the decision, over the decisions of the last 365 days.
    pub median_days_to_decision: Option<u32>,
    pub relays: Vec<(RelayStatus, u64)>,
    /// The guardian bank is the centre's: every district, whoever asks.
    pub bank: Vec<DistrictBank>,
    pub months: Vec<TrendPoint<Month>>,
    /// Fiscal years by the year they start in.
    pub fiscal_years: Vec<TrendPoint<i32>>,
}

/// The dashboard over the cases in the user's reach: managers the whole centre, coordinators
/// their office.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::domain::access::Area;
    use crate::server::{clock::clock, database, read_cache::read_cache, statistics};
    let (scope, _) = statistics::request_scope(Area::Dashboard, "").await?;
    read_cache().dashboard(&database()?, scope, clock().now()).await
}
