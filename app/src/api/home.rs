//! The home page's data: today's date as the server sees it in Japan, and the centre's offices.

use crate::api::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An office (窓口) of the centre, as listed to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSummary {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeOverview {
    /// Today in Japan by the server's clock, so every screen agrees on what "today" is.
    pub today: NaiveDate,
    pub offices: Vec<OfficeSummary>,
}

/// The home page's overview, for anyone signed in.
#[server(endpoint = "home_overview")]
pub async fn get_home_overview() -> Result<HomeOverview, AppError> {
    use crate::domain::access::{Access, Area};
    crate::server::auth::require(Area::Offices, Access::Read).await?;
    let db = crate::server::database()?;
    let offices = crate::server::offices::list_active(&db).await?;
    Ok(HomeOverview {
        today: crate::domain::dates::japan_today(),
        offices: offices.into_iter().map(OfficeSummary::from).collect(),
    })
}
