//! Master data on the administration pages: districts, family courts and their branches,
//! partner organisations. Everyone signed in reads them (they are the centre's public
//! directory); administrators change them.

// A server function takes its form's fields as arguments, so that the form works as a plain
// HTML post before the wasm loads; long forms make long argument lists.
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::domain::categories::OrganisationKind;
use crate::domain::deadlines::ReportReference;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub sort_order: i32,
    pub active: bool,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtRow {
    pub id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub sort_order: i32,
    pub active: bool,
    pub version: i32,
    /// The periodic-report rule; no reference: the centre's default.
    pub report_reference: Option<ReportReference>,
    pub report_fixed_month: Option<u32>,
    pub report_interval_months: Option<u32>,
    pub report_offset_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRow {
    pub id: Uuid,
    pub kind: Option<OrganisationKind>,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub notes: String,
    pub active: bool,
    pub version: i32,
}

#[server(endpoint = "master/districts")]
pub async fn list_districts() -> Result<Vec<DistrictRow>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, master_data};
    auth::require(Area::Offices, Access::Read).await?;
    let db = database()?;
    Ok(master_data::districts(&db)
        .await?
        .into_iter()
        .map(|d| DistrictRow {
            id: d.id,
            code: d.code,
            name: d.name,
            sort_order: d.sort_order,
            active: d.active,
            version: d.version,
        })
        .collect())
}

#[server(endpoint = "master/districts/create")]
pub async fn create_district(
    code: String,
    name: String,
    sort_order: i32,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, master_data, reject, request::request_meta};
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let db = database()?;
    let meta = request_meta();
    master_data::create_district(
        &db,
        clock().now(),
        &authorized.actor,
        &meta,
        &code,
        &name,
        sort_order,
    )
    .await
    .map_err(reject)
}

#[server(endpoint = "master/districts/update")]
pub async fn update_district(
    id: Uuid,
    version: i32,
    name: String,
    sort_order: i32,
    active: bool,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, master_data, reject, request::request_meta};
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let db = database()?;
    let meta = request_meta();
    master_data::update_district(
        &db,
        clock().now(),
        &authorized.actor,
        &meta,
        id,
        version,
        &name,
        sort_order,
        active,
    )
    .await
    .map_err(reject)
}

#[server(endpoint = "master/courts")]
pub async fn list_courts() -> Result<Vec<CourtRow>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, master_data};
    auth::require(Area::Offices, Access::Read).await?;
    let db = database()?;
    Ok(master_data::courts(&db)
        .await?
        .into_iter()
        .map(|c| CourtRow {
            id: c.id,
            name: c.name,
            parent_id: c.parent_id,
            sort_order: c.sort_order,
            active: c.active,
            version: c.version,
            report_reference: c.report_reference.as_deref().and_then(ReportReference::parse),
            report_fixed_month: c.report_fixed_month.and_then(|m| u32::try_from(m).ok()),
            report_interval_months: c.report_interval_months.and_then(|m| u32::try_from(m).ok()),
            report_offset_months: c.report_offset_months.and_then(|m| u32::try_from(m).ok()),
        })
        .collect())
}

/// Registers a court (no `id`) or saves one (`id` and `version`).
#[server(endpoint = "master/courts/save")]
pub async fn save_court(
    #[server(default)] id: String,
    #[server(default)] version: i32,
    name: String,
    #[server(default)] parent_id: String,
    sort_order: i32,
    #[server(default)] active: Option<bool>,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, forms, master_data, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let existing = forms::optional_uuid("id", &id).map_err(reject)?.map(|id| (id, version));
    let parent = forms::optional_uuid("parent_id", &parent_id).map_err(reject)?;
    let db = database()?;
    let meta = request_meta();
    master_data::save_court(
        &db,
        clock().now(),
        &authorized.actor,
        &meta,
        existing,
        &name,
        parent,
        sort_order,
        active.unwrap_or(true),
    )
    .await
    .map_err(reject)
}

/// Sets a court's rule for periodic reports (定期報告); an empty reference returns the court
/// to the centre's default. The deadlines of the open cases it governs follow at once.
#[server(endpoint = "master/courts/rule")]
pub async fn save_court_rule(
    id: Uuid,
    version: i32,
    #[server(default)] report_reference: String,
    #[server(default)] report_fixed_month: String,
    #[server(default)] report_interval_months: String,
    #[server(default)] report_offset_months: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::deadlines::{RuleForm, rule_from_form};
    use crate::server::forms::{self, Problems};
    use crate::server::{auth, clock::clock, database, master_data, reject, request::request_meta};
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let mut problems = Problems::default();
    let number = |field: &'static str, text: &str, code: &'static str| match text.trim() {
        "" => Ok(None),
        text => text.parse::<u32>().map(Some).map_err(|_| AppError::field(field, code)),
    };
    let form = RuleForm {
        reference: problems
            .take(forms::optional_category("report_reference", &report_reference), None),
        fixed_month: problems
            .take(number("report_fixed_month", &report_fixed_month, "month_of_year"), None),
        interval_months: problems
            .take(number("report_interval_months", &report_interval_months, "months_range"), None),
        offset_months: problems
            .take(number("report_offset_months", &report_offset_months, "offset_range"), None),
    };
    problems.into_result().map_err(reject)?;
    let rule = rule_from_form(form)
        .or_else(|refused| Problems::from_pairs(refused).into_result().map(|()| None))
        .map_err(reject)?;
    let db = database()?;
    master_data::save_court_rule(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        id,
        version,
        rule,
    )
    .await
    .map_err(reject)
}

#[server(endpoint = "master/organisations")]
pub async fn list_organisations() -> Result<Vec<OrganisationRow>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, master_data};
    auth::require(Area::Offices, Access::Read).await?;
    let db = database()?;
    Ok(master_data::organisations(&db)
        .await?
        .into_iter()
        .map(|o| OrganisationRow {
            id: o.id,
            kind: OrganisationKind::parse(&o.kind),
            name: o.name,
            phone: o.phone,
            address: o.address,
            notes: o.notes,
            active: o.active,
            version: o.version,
        })
        .collect())
}

/// Registers a partner organisation (no `id`) or saves one (`id` and `version`).
#[server(endpoint = "master/organisations/save")]
pub async fn save_organisation(
    #[server(default)] id: String,
    #[server(default)] version: i32,
    kind: String,
    name: String,
    #[server(default)] phone: String,
    #[server(default)] address: String,
    #[server(default)] notes: String,
    #[server(default)] active: Option<bool>,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::master_data::{self, OrganisationFields};
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let existing = forms::optional_uuid("id", &id).map_err(reject)?.map(|id| (id, version));
    let kind = forms::required_category("kind", &kind).map_err(reject)?;
    let fields =
        OrganisationFields { kind, name, phone, address, notes, active: active.unwrap_or(true) };
    let db = database()?;
    let meta = request_meta();
    master_data::save_organisation(&db, clock().now(), &authorized.actor, &meta, existing, fields)
        .await
        .map_err(reject)
}
