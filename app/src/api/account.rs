//! The signed-in user's own account: password, sessions, two-factor sign-in.

use crate::api::AppError;
use crate::domain::access::Role;
use crate::domain::accounts::RequiredStep;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A signed-in browser, as its user or an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub started_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this page is shown in.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub login_id: String,
    pub display_name: String,
    pub role: Role,
    pub required_step: Option<RequiredStep>,
    pub password_changed_at: DateTime<Utc>,
    pub two_factor_enabled: bool,
    pub recovery_codes_left: u64,
    pub sessions: Vec<SessionRow>,
}

/// Where the browser goes after a password change.
pub const PASSWORD_CHANGED_PAGE: &str = "/login?problem=password_changed";

#[server(endpoint = "account/overview")]
pub async fn get_account_overview() -> Result<AccountOverview, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, reject, sessions, two_factor};
    let authorized = auth::require(Area::OwnAccount, Access::Read).await?;
    let signed_in = auth::signed_in().ok_or(AppError::SignInRequired)?;
    let db = database()?;
    let user = crate::server::administration::find_user(&db, authorized.actor.user_id)
        .await
        .map_err(|_| reject(AppError::NotFound))?;
    let sessions = sessions::list_for_user(&db, user.id).await?;
    Ok(AccountOverview {
        login_id: user.login_id,
        display_name: user.display_name,
        role: authorized.actor.role,
        required_step: signed_in.required_step,
        password_changed_at: user.password_changed_at,
        two_factor_enabled: user.totp_enabled_at.is_some(),
        recovery_codes_left: two_factor::recovery_codes_left(&db, user.id).await?,
        sessions: sessions
            .into_iter()
            .map(|session| SessionRow::of(session, Some(&signed_in.session_id)))
            .collect(),
    })
}

/// Replaces the user's password. Every session of the user ends, this one included: the page
/// then loads [`PASSWORD_CHANGED_PAGE`], where the new password signs in.
#[server(endpoint = "account/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirmation: String,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::accounts::{PasswordChangeError, change_own_password};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let db = database()?;
    let result = change_own_password(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        &current_password,
        &new_password,
        &confirmation,
    )
    .await;
    match result {
        // The page then loads the login page afresh (nothing of this session stays in it).
        Ok(()) => Ok(()),
        Err(error) => Err(reject(match error {
            PasswordChangeError::WrongCurrentPassword => {
                AppError::field("current_password", "wrong_password")
            }
            PasswordChangeError::Password(problem) => {
                AppError::field("new_password", crate::api::password_problem_code(problem))
            }
            PasswordChangeError::ConfirmationDiffers => {
                AppError::field("confirmation", "confirmation_differs")
            }
            PasswordChangeError::Unchanged => AppError::field("new_password", "unchanged"),
            PasswordChangeError::Conflict => AppError::Conflict,
            PasswordChangeError::NoAccount => AppError::NotFound,
            PasswordChangeError::Hashing => AppError::Internal,
            PasswordChangeError::Database(error) => AppError::from(error),
        })),
    }
}

/// Ends the user's other sessions (a PC left signed in elsewhere); this one stays.
#[server(endpoint = "account/end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, request::request_meta, sessions};
    auth::require(Area::OwnAccount, Access::Write).await?;
    let signed_in = auth::signed_in().ok_or(AppError::SignInRequired)?;
    let db = database()?;
    Ok(sessions::end_others_for_user(
        &db,
        clock().now(),
        &signed_in.actor,
        &request_meta(),
        &signed_in.session_id,
    )
    .await?)
}

#[cfg(feature = "ssr")]
impl SessionRow {
    pub fn of(
        session: crate::server::entities::session::Model,
        current_session: Option<&str>,
    ) -> SessionRow {
        SessionRow {
            current: current_session == Some(session.id.as_str()),
            started_at: session.created_at,
            last_seen_at: session.last_seen_at,
            client_ip: session.client_ip,
            user_agent: session.user_agent,
        }
    }
}
