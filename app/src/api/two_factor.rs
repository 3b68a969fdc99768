//! Two-factor sign-in on the user's own account page.

use crate::api::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the enrolment step shows: the QR code to scan, and the secret to type in instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// The secret in groups of four, for typing into an app by hand.
    pub secret: String,
    pub qr_path: String,
    pub qr_side: i32,
}

#[cfg(feature = "ssr")]
fn two_factor_error(error: crate::server::two_factor::TwoFactorError) -> AppError {
    use crate::server::two_factor::TwoFactorError;
    crate::server::reject(match error {
        TwoFactorError::AlreadyEnabled | TwoFactorError::NotEnabled => AppError::Conflict,
        TwoFactorError::NotStarted => AppError::field("code", "enrolment_not_started"),
        TwoFactorError::WrongCode => AppError::field("code", "wrong_code"),
        TwoFactorError::WrongPassword => AppError::field("password", "wrong_password"),
        TwoFactorError::NoAccount => AppError::NotFound,
        TwoFactorError::Unavailable => AppError::Internal,
        TwoFactorError::Database(error) => AppError::from(error),
    })
}

/// Starts enrolment with a new secret (a second start replaces the first).
#[server(endpoint = "account/two_factor/start")]
pub async fn start_two_factor() -> Result<EnrolmentView, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, two_factor};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let db = database()?;
    let enrolment = two_factor::begin_enrolment(&db, authorized.actor.user_id)
        .await
        .map_err(two_factor_error)?;
    let (qr_path, qr_side) = two_factor::qr_svg_path(&enrolment.uri).ok_or(AppError::Internal)?;
    let secret = enrolment
        .secret_base32
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(EnrolmentView { secret, qr_path, qr_side })
}

/// Confirms enrolment with a code from the app; returns the recovery codes, shown once.
#[server(endpoint = "account/two_factor/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, request::request_meta, two_factor};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let db = database()?;
    two_factor::confirm_enrolment(&db, clock().now(), &authorized.actor, &request_meta(), &code)
        .await
        .map_err(two_factor_error)
}

#[server(endpoint = "account/two_factor/disable")]
pub async fn disable_two_factor(password: String) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, request::request_meta, two_factor};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let db = database()?;
    two_factor::disable(&db, clock().now(), &authorized.actor, &request_meta(), &password)
        .await
        .map_err(two_factor_error)
}

#[server(endpoint = "account/two_factor/recovery_codes")]
pub async fn renew_recovery_codes(password: String) -> Result<Vec<String>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, request::request_meta, two_factor};
    let authorized = auth::require(Area::OwnAccount, Access::Write).await?;
    let db = database()?;
    two_factor::renew_recovery_codes(
        &db,
        clock().now(),
        &authorized.actor,
        &request_meta(),
        &password,
    )
    .await
    .map_err(two_factor_error)
}
