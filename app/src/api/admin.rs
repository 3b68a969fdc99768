//! Administration: accounts, offices and the security settings. Administrators only; every
//! function asks the permission policy first.

use crate::api::AppError;
use crate::api::account::SessionRow;
use crate::domain::access::Role;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One account in the administrator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: Uuid,
    pub login_id: String,
    pub display_name: String,
    pub role: Role,
    pub office_name: Option<String>,
    pub active: bool,
    pub locked: bool,
    pub must_change_password: bool,
    pub two_factor_enabled: bool,
    pub active_sessions: usize,
}

/// An office to choose on an account's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeChoice {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<UserRow>,
    pub offices: Vec<OfficeChoice>,
}

/// One account with what its page shows and the version its forms send back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetail {
    pub id: Uuid,
    pub login_id: String,
    pub display_name: String,
    pub role: Role,
    pub office_code: Option<String>,
    /// For a guardian account: the register number of the guardian it belongs to.
    pub guardian_number: Option<String>,
    pub active: bool,
    pub locked_until: Option<DateTime<Utc>>,
    pub must_change_password: bool,
    pub two_factor_enabled: bool,
    pub created_at: DateTime<Utc>,
    pub version: i32,
    /// Whether this is the administrator's own account (no role change, no disabling).
    pub is_self: bool,
    pub sessions: Vec<SessionRow>,
    pub offices: Vec<OfficeChoice>,
}

/// A new account and the one-time password to hand over (shown once, never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    pub id: Uuid,
    pub login_id: String,
    pub one_time_password: String,
}

#[server(endpoint = "admin/users")]
pub async fn list_users() -> Result<UserList, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{administration, auth, clock::clock, database, offices};
    auth::require(Area::Users, Access::Read).await?;
    let db = database()?;
    let now = clock().now();
    let users = administration::list_users(&db).await?;
    Ok(UserList {
        users: users
            .into_iter()
            .filter_map(|listing| {
                Some(UserRow {
                    role: Role::parse(&listing.user.role)?,
                    id: listing.user.id,
                    login_id: listing.user.login_id,
                    display_name: listing.user.display_name,
                    office_name: listing.office_name,
                    active: listing.user.active,
                    locked: listing.user.locked_until.is_some_and(|until| until > now),
                    must_change_password: listing.user.must_change_password,
                    two_factor_enabled: listing.user.totp_enabled_at.is_some(),
                    active_sessions: listing.active_sessions,
                })
            })
            .collect(),
        offices: office_choices(offices::list_active(&db).await?),
    })
}

#[server(endpoint = "admin/user")]
pub async fn get_user(id: Uuid) -> Result<UserDetail, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::entities::office;
    use crate::server::{administration, auth, database, offices, reject, sessions};
    use sea_orm::EntityTrait;
    let authorized = auth::require(Area::Users, Access::Read).await?;
    let db = database()?;
    let user = administration::find_user(&db, id).await.map_err(|_| reject(AppError::NotFound))?;
    let office_code = match user.office_id {
        Some(office_id) => office::Entity::find_by_id(office_id).one(&db).await?.map(|o| o.code),
        None => None,
    };
    let guardian_number = match user.guardian_id {
        Some(guardian) => crate::server::entities::guardian::Entity::find_by_id(guardian)
            .one(&db)
            .await?
            .and_then(|entry| entry.registration_number),
        None => None,
    };
    let sessions = sessions::list_for_user(&db, user.id).await?;
    let current_session = auth::signed_in().map(|signed_in| signed_in.session_id);
    Ok(UserDetail {
        role: Role::parse(&user.role).ok_or(AppError::Internal)?,
        is_self: user.id == authorized.actor.user_id,
        id: user.id,
        login_id: user.login_id,
        display_name: user.display_name,
        office_code,
        guardian_number,
        active: user.active,
        locked_until: user.locked_until,
        must_change_password: user.must_change_password,
        two_factor_enabled: user.totp_enabled_at.is_some(),
        created_at: user.created_at,
        version: user.version,
        sessions: sessions
            .into_iter()
            .map(|session| SessionRow::of(session, current_session.as_deref()))
            .collect(),
        offices: office_choices(offices::list_active(&db).await?),
    })
}

/// Creates an account with a one-time password the user replaces at the first sign-in.
#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    login_id: String,
    display_name: String,
    role: String,
    office_code: String,
) -> Result<NewAccount, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::accounts::{AccountRequest, create_account};
    use crate::server::{auth, clock::clock, database, passwords, reject, request::request_meta};
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let role = Role::parse(&role).ok_or_else(|| reject(AppError::field("role", "required")))?;
    let db = database()?;
    let folded_login_id =
        crate::domain::accounts::LoginId::parse(&login_id).map_err(|problem| {
            reject(AppError::field("login_id", crate::api::login_id_problem_code(problem)))
        })?;
    let password = passwords::one_time_password_for(&folded_login_id)?;
    let request = AccountRequest {
        login_id,
        display_name,
        role,
        office_code: Some(office_code),
        password: password.clone(),
        must_change_password: true,
    };
    let id = create_account(&db, clock().now(), Some(&authorized.actor), &request_meta(), request)
        .await
        .map_err(|error| reject(account_error(error)))?;
    Ok(NewAccount {
        id,
        login_id: folded_login_id.as_str().to_owned(),
        one_time_password: password,
    })
}

#[server(endpoint = "admin/users/update")]
pub async fn update_user(
    id: Uuid,
    version: i32,
    display_name: String,
    role: String,
    office_code: String,
    #[server(default)] guardian_number: String,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::administration::{self, AccountChanges};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let role = Role::parse(&role).ok_or_else(|| reject(AppError::field("role", "required")))?;
    let db = database()?;
    let changes =
        AccountChanges { display_name, role, office_code: Some(office_code), guardian_number };
    administration::update_user(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        id,
        version,
        changes,
    )
    .await
    .map_err(|error| reject(admin_error(error)))
}

/// Disables (`active` false) or enables an account; disabling ends its sessions.
#[server(endpoint = "admin/users/set_active")]
pub async fn set_user_active(id: Uuid, version: i32, active: bool) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        administration, auth, clock::clock, database, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let db = database()?;
    administration::set_active(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        id,
        version,
        active,
    )
    .await
    .map_err(|error| reject(admin_error(error)))
}

/// Sets a one-time password, returned once to hand over.
#[server(endpoint = "admin/users/reset_password")]
pub async fn reset_user_password(id: Uuid, version: i32) -> Result<String, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        administration, auth, clock::clock, database, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let db = database()?;
    administration::reset_password(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        id,
        version,
    )
    .await
    .map_err(|error| reject(admin_error(error)))
}

#[server(endpoint = "admin/users/end_sessions")]
pub async fn end_user_sessions(id: Uuid) -> Result<u64, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        administration, auth, clock::clock, database, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let db = database()?;
    administration::end_sessions(&db, clock().now(), &authorized.actor, &request_meta(), id)
        .await
        .map_err(|error| reject(admin_error(error)))
}

/// An office as the administrator edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub sort_order: i32,
    pub active: bool,
    pub version: i32,
}

/// Every office, closed ones included.
#[server(endpoint = "admin/offices")]
pub async fn list_all_offices() -> Result<Vec<OfficeRow>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, offices};
    auth::require(Area::Offices, Access::Write).await?;
    let db = database()?;
    Ok(offices::list_all(&db)
        .await?
        .into_iter()
        .map(|office| OfficeRow {
            id: office.id,
            code: office.code,
            name: office.name,
            sort_order: office.sort_order,
            active: office.active,
            version: office.version,
        })
        .collect())
}

#[server(endpoint = "admin/offices/create")]
pub async fn create_office(code: String, name: String, sort_order: i32) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, offices, reject, request::request_meta};
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let db = database()?;
    offices::register(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        &code,
        &name,
        sort_order,
    )
    .await
    .map_err(|error| reject(office_error(error)))
}

#[server(endpoint = "admin/offices/update")]
pub async fn update_office(
    id: Uuid,
    version: i32,
    name: String,
    sort_order: i32,
    active: bool,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::offices::OfficeChanges;
    use crate::server::{auth, clock::clock, database, offices, reject, request::request_meta};
    let authorized = auth::require(Area::Offices, Access::Write).await?;
    let db = database()?;
    let changes = OfficeChanges { name, sort_order, active };
    offices::update(&db, clock().now(), &authorized.actor, &request_meta(), id, version, changes)
        .await
        .map_err(|error| reject(office_error(error)))
}

/// Whether coordinators read every office's case files (they change only their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseVisibilitySetting {
    pub coordinators_read_all_offices: bool,
    pub version: i32,
}

#[server(endpoint = "admin/settings/case_visibility")]
pub async fn get_case_visibility() -> Result<CaseVisibilitySetting, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::case_scope::COORDINATORS_READ_ALL_OFFICES;
    use crate::server::{auth, database, settings};
    auth::require(Area::Users, Access::Read).await?;
    let db = database()?;
    let flag = settings::flag(&db, COORDINATORS_READ_ALL_OFFICES).await?;
    Ok(CaseVisibilitySetting { coordinators_read_all_offices: flag.enabled, version: flag.version })
}

#[server(endpoint = "admin/settings/case_visibility/set")]
pub async fn set_case_visibility(enabled: bool, version: i32) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::case_scope::COORDINATORS_READ_ALL_OFFICES;
    use crate::server::settings::set_flag;
    use crate::server::{auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let db = database()?;
    let meta = request_meta();
    set_flag(
        &db,
        clock().now(),
        &authorized.actor,
        &meta,
        COORDINATORS_READ_ALL_OFFICES,
        enabled,
        version,
    )
    .await
    .map_err(|error| reject(error.into()))
}

/// The inbox's thresholds (cases without contact, voluntary contracts due for a check-in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxThresholdSettings {
    pub contact_days: u32,
    pub contact_days_version: i32,
    pub check_in_months: u32,
    pub check_in_months_version: i32,
}

/// The inbox thresholds as posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxThresholdForm {
    pub contact_days: String,
    pub contact_days_version: i32,
    pub check_in_months: String,
    pub check_in_months_version: i32,
}

#[server(endpoint = "admin/settings/inbox")]
pub async fn get_inbox_thresholds() -> Result<InboxThresholdSettings, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, inbox};
    auth::require(Area::Users, Access::Read).await?;
    let db = database()?;
    inbox::threshold_settings(&db).await
}

#[server(endpoint = "admin/settings/inbox/set")]
pub async fn set_inbox_thresholds(
    contact_days: String,
    contact_days_version: i32,
    check_in_months: String,
    check_in_months_version: i32,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, inbox, reject, request::request_meta};
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let db = database()?;
    let form = InboxThresholdForm {
        contact_days,
        contact_days_version,
        check_in_months,
        check_in_months_version,
    };
    inbox::set_thresholds(&db, clock().now(), &authorized, &request_meta(), &form)
        .await
        .map_err(reject)
}

/// The sign-in settings for the whole centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySettings {
    pub two_factor_required_for_staff: bool,
    pub version: i32,
}

#[server(endpoint = "admin/settings")]
pub async fn get_security_settings() -> Result<SecuritySettings, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, settings};
    auth::require(Area::Users, Access::Read).await?;
    let db = database()?;
    let flag = settings::flag(&db, settings::TWO_FACTOR_REQUIRED_FOR_STAFF).await?;
    Ok(SecuritySettings { two_factor_required_for_staff: flag.enabled, version: flag.version })
}

/// Turns the two-factor requirement for administrators, managers and coordinators on or off.
#[server(endpoint = "admin/settings/two_factor")]
pub async fn set_two_factor_required(enabled: bool, version: i32) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::settings::{TWO_FACTOR_REQUIRED_FOR_STAFF, set_flag};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Users, Access::Write).await?;
    let db = database()?;
    // The administrator turning it on would be sent to enrol at the next click: enrol first.
    if enabled {
        let own = crate::server::administration::find_user(&db, authorized.actor.user_id)
            .await
            .map_err(|_| reject(AppError::NotFound))?;
        if own.totp_enabled_at.is_none() {
            return Err(reject(AppError::field("enabled", "enrol_first")));
        }
    }
    let meta = request_meta();
    set_flag(
        &db,
        clock().now(),
        &authorized.actor,
        &meta,
        TWO_FACTOR_REQUIRED_FOR_STAFF,
        enabled,
        version,
    )
    .await
    .map_err(|error| reject(error.into()))
}

#[cfg(feature = "ssr")]
fn office_choices(offices: Vec<crate::server::entities::office::Model>) -> Vec<OfficeChoice> {
    offices
        .into_iter()
        .map(|office| OfficeChoice { code: office.code, name: office.name })
        .collect()
}

#[cfg(feature = "ssr")]
fn account_error(error: crate::server::accounts::AccountError) -> AppError {
    use crate::server::accounts::AccountError;
    match error {
        AccountError::LoginId(problem) => {
            AppError::field("login_id", crate::api::login_id_problem_code(problem))
        }
        AccountError::Password(problem) => {
            AppError::field("password", crate::api::password_problem_code(problem))
        }
        AccountError::DisplayName => AppError::field("display_name", "display_name"),
        AccountError::OfficeRequired => AppError::field("office_code", "office_required"),
        AccountError::UnknownOffice(_) => AppError::field("office_code", "unknown_office"),
        AccountError::LoginIdTaken => AppError::field("login_id", "login_id_taken"),
        AccountError::Hashing => AppError::Internal,
        AccountError::Database(error) => AppError::from(error),
    }
}

#[cfg(feature = "ssr")]
fn admin_error(error: crate::server::administration::AdminError) -> AppError {
    use crate::server::administration::AdminError;
    match error {
        AdminError::NotFound => AppError::NotFound,
        AdminError::Conflict => AppError::Conflict,
        AdminError::OwnAccount => AppError::field("role", "own_account"),
        AdminError::UnknownGuardianNumber => {
            AppError::field("guardian_number", "unknown_guardian_number")
        }
        AdminError::GuardianNumberTaken => {
            AppError::field("guardian_number", "guardian_number_taken")
        }
        AdminError::Account(error) => account_error(error),
        AdminError::Database(error) => AppError::from(error),
    }
}

#[cfg(feature = "ssr")]
fn office_error(error: crate::server::offices::OfficeError) -> AppError {
    use crate::server::offices::OfficeError;
    match error {
        OfficeError::Code => AppError::field("code", "office_code"),
        OfficeError::CodeTaken => AppError::field("code", "office_code_taken"),
        OfficeError::Name => AppError::field("name", "office_name"),
        OfficeError::NotFound => AppError::NotFound,
        OfficeError::Conflict => AppError::Conflict,
        OfficeError::Database(error) => AppError::from(error),
    }
}
