//! Two-factor sign-in: enrolling an authenticator app, checking its codes, one-time recovery
//! codes for a lost phone, and turning it off.

use crate::domain::access::Actor;
use crate::domain::audit::AuditAction;
use crate::server::audit::AuditEvent;
use crate::server::entities::{recovery_code, user};
use crate::server::request::RequestMeta;
use crate::server::{passwords, totp};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The name authenticator apps show next to the account.
pub const ISSUER: &str = "Kōken Desk";
/// Recovery codes handed out at a time.
pub const RECOVERY_CODE_COUNT: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum TwoFactorError {
    #[error("two-factor sign-in is already on")]
    AlreadyEnabled,
    #[error("two-factor sign-in is off")]
    NotEnabled,
    #[error("enrolment has not been started")]
    NotStarted,
    #[error("the code is wrong or expired")]
    WrongCode,
    #[error("the password is wrong")]
    WrongPassword,
    #[error("no such account")]
    NoAccount,
    #[error("no randomness or no hashing available")]
    Unavailable,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What the enrolment page shows: the secret as text and as a QR code.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret_base32: String,
    pub uri: String,
}

fn random_bytes<const N: usize>() -> Result<[u8; N], TwoFactorError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| TwoFactorError::Unavailable)?;
    Ok(bytes)
}

async fn load(db: &impl ConnectionTrait, user_id: Uuid) -> Result<user::Model, TwoFactorError> {
    user::Entity::find_by_id(user_id).one(db).await?.ok_or(TwoFactorError::NoAccount)
}

/// Turning protection off or renewing codes needs the password typed again.
async fn confirm_password(user: &user::Model, password: &str) -> Result<(), TwoFactorError> {
    let matches = passwords::verify(password, Some(&user.password_hash))
        .await
        .map_err(|_| TwoFactorError::Unavailable)?;
    if matches { Ok(()) } else { Err(TwoFactorError::WrongPassword) }
}

/// Starts (or restarts) enrolment with a new secret. Sign-in does not ask for codes until the
/// first code confirms that the app holds the secret.
pub async fn begin_enrolment(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Enrolment, TwoFactorError> {
    let user = load(db, user_id).await?;
    if user.totp_enabled_at.is_some() {
        return Err(TwoFactorError::AlreadyEnabled);
    }
    let secret_base32 = totp::base32_encode(&random_bytes::<{ totp::SECRET_BYTES }>()?);
    user::Entity::update_many()
        .col_expr(user::Column::TotpSecret, Expr::value(secret_base32.clone()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::TotpEnabledAt.is_null())
        .exec(db)
        .await?;
    Ok(Enrolment {
        uri: totp::provisioning_uri(ISSUER, &user.login_id, &secret_base32),
        secret_base32,
    })
}

/// Turns two-factor sign-in on when `code` proves the app holds the secret. Returns the
/// recovery codes, to be shown once.
pub async fn confirm_enrolment(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    meta: &RequestMeta,
    code: &str,
) -> Result<Vec<String>, TwoFactorError> {
    let user = load(db, actor.user_id).await?;
    if user.totp_enabled_at.is_some() {
        return Err(TwoFactorError::AlreadyEnabled);
    }
    let secret = user
        .totp_secret
        .as_deref()
        .and_then(totp::base32_decode)
        .ok_or(TwoFactorError::NotStarted)?;
    let step =
        totp::verify(&secret, code, now.timestamp(), None).ok_or(TwoFactorError::WrongCode)?;
    let txn = crate::server::begin_write(db).await?;
    let enabled = user::Entity::update_many()
        .col_expr(user::Column::TotpEnabledAt, Expr::value(now))
        .col_expr(user::Column::TotpLastStep, Expr::value(step))
        .filter(user::Column::Id.eq(user.id))
        .filter(user::Column::TotpEnabledAt.is_null())
        .filter(user::Column::TotpSecret.eq(user.totp_secret.clone()))
        .exec(&txn)
        .await?;
    if enabled.rows_affected != 1 {
        return Err(TwoFactorError::NotStarted);
    }
    let codes = replace_recovery_codes(&txn, user.id, now).await?;
    AuditEvent::new(AuditAction::TwoFactorEnabled)
        .by(actor)
        .on("user", user.id)
        .details(serde_json::json!({ "fields": ["totp_secret", "recovery_codes"] }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(codes)
}

/// Turns two-factor sign-in off, on proof of the password.
pub async fn disable(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    meta: &RequestMeta,
    password: &str,
) -> Result<(), TwoFactorError> {
    let user = load(db, actor.user_id).await?;
    if user.totp_enabled_at.is_none() {
        return Err(TwoFactorError::NotEnabled);
    }
    confirm_password(&user, password).await?;
    let txn = crate::server::begin_write(db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::TotpSecret, Expr::value(Option::<String>::None))
        .col_expr(user::Column::TotpEnabledAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::TotpLastStep, Expr::value(Option::<i64>::None))
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    AuditEvent::new(AuditAction::TwoFactorDisabled)
        .by(actor)
        .on("user", user.id)
        .details(serde_json::json!({ "fields": ["totp_secret", "recovery_codes"] }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// New recovery codes replace the old ones, on proof of the password.
pub async fn renew_recovery_codes(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    meta: &RequestMeta,
    password: &str,
) -> Result<Vec<String>, TwoFactorError> {
    let user = load(db, actor.user_id).await?;
    if user.totp_enabled_at.is_none() {
        return Err(TwoFactorError::NotEnabled);
    }
    confirm_password(&user, password).await?;
    let txn = crate::server::begin_write(db).await?;
    let codes = replace_recovery_codes(&txn, user.id, now).await?;
    AuditEvent::new(AuditAction::RecoveryCodesRenewed)
        .by(actor)
        .on("user", user.id)
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(codes)
}

pub async fn recovery_codes_left(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, DbErr> {
    recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await
}

/// How the second factor was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    AuthenticatorApp,
    RecoveryCode,
}

impl SecondFactor {
    pub fn code(self) -> &'static str {
        match self {
            SecondFactor::AuthenticatorApp => "totp",
            SecondFactor::RecoveryCode => "recovery_code",
        }
    }
}

/// Checks a code typed at sign-in: six digits from the app, or an unused recovery code. The
/// code is consumed in the database with a conditional update, so two requests racing with
/// the same code cannot both succeed.
pub async fn check_second_factor(
    db: &impl ConnectionTrait,
    user: &user::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<SecondFactor>, DbErr> {
    let Some(secret) = user.totp_secret.as_deref().and_then(totp::base32_decode) else {
        return Ok(None);
    };
    if user.totp_enabled_at.is_none() {
        return Ok(None);
    }
    if let Some(step) = totp::verify(&secret, code, now.timestamp(), user.totp_last_step) {
        let consumed = user::Entity::update_many()
            .col_expr(user::Column::TotpLastStep, Expr::value(step))
            .filter(user::Column::Id.eq(user.id))
            .filter(user::Column::TotpLastStep.is_null().or(user::Column::TotpLastStep.lt(step)))
            .exec(db)
            .await?;
        return Ok((consumed.rows_affected == 1).then_some(SecondFactor::AuthenticatorApp));
    }
    let normalized = normalize_recovery_code(code);
    if normalized.len() != 10 {
        return Ok(None);
    }
    let consumed = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
        .filter(recovery_code::Column::UserId.eq(user.id))
        .filter(recovery_code::Column::CodeHash.eq(hash_recovery_code(&normalized)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((consumed.rows_affected == 1).then_some(SecondFactor::RecoveryCode))
}

/// Recovery codes are written down: case, spaces and dashes do not matter.
fn normalize_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn hash_recovery_code(normalized: &str) -> String {
    Sha256::digest(normalized.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Ten characters (about 50 bits, used once, behind the password): `xxxxx-xxxxx`.
fn new_recovery_code() -> Result<String, TwoFactorError> {
    passwords::unambiguous_code(2, 5).map_err(|_| TwoFactorError::Unavailable)
}

async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<String>, TwoFactorError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let codes =
        (0..RECOVERY_CODE_COUNT).map(|_| new_recovery_code()).collect::<Result<Vec<_>, _>>()?;
    recovery_code::Entity::insert_many(codes.iter().map(|code| recovery_code::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        code_hash: Set(hash_recovery_code(&normalize_recovery_code(code))),
        created_at: Set(now),
        used_at: Set(None),
    }))
    .exec(db)
    .await?;
    Ok(codes)
}

/// The QR code of an `otpauth://` address as an SVG path (one unit per module, 4 units of
/// quiet zone) and the side of its square, for the page to draw with no script or image.
pub fn qr_svg_path(uri: &str) -> Option<(String, i32)> {
    let qr = qrcodegen::QrCode::encode_text(uri, qrcodegen::QrCodeEcc::Medium).ok()?;
    const QUIET: i32 = 4;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + QUIET, y + QUIET));
            }
        }
    }
    Some((path, qr.size() + 2 * QUIET))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_two_groups_of_five_and_forgive_how_they_are_typed() {
        let code = new_recovery_code().unwrap();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        let typed = format!(" {} ", code.to_uppercase().replace('-', " "));
        assert_eq!(normalize_recovery_code(&typed), code.replace('-', ""));
        assert_ne!(code, new_recovery_code().unwrap());
    }

    #[test]
    fn the_qr_code_is_a_square_with_a_quiet_zone() {
        let (path, side) = qr_svg_path("otpauth://totp/K:t?secret=MZXW6YTBOI").unwrap();
        assert!(side >= 21 + 8);
        assert!(path.starts_with("M4 4h1v1h-1z"), "a finder pattern's corner is dark");
    }
}
