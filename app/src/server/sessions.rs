//! Sessions in the database, through the application's own connection (two server processes
//! behind a load balancer share them). The browser holds a random token; the table holds only
//! its SHA-256, so a copy of the table opens no session.

use crate::domain::access::Actor;
use crate::domain::accounts::SessionPolicy;
use crate::server::entities::{session, user};
use crate::server::request::RequestMeta;
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The secret a browser presents: 256 random bits, URL-safe base64.
pub struct SessionToken(String);

/// 256 random bits as URL-safe base64: a secret for a cookie or an address.
pub fn random_secret() -> Result<String, DbErr> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|error| DbErr::Custom(format!("no randomness for a secret: {error}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

impl SessionToken {
    fn generate() -> Result<SessionToken, DbErr> {
        random_secret().map(SessionToken)
    }

    /// The cookie's value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The session's id in the table: the token's SHA-256, hex. Other secrets (calendar feed
/// addresses) are kept the same way.
pub fn session_id(token: &str) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

/// What a new session lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    SignedIn,
    /// Only finish the sign-in with a second factor, within a few minutes.
    AwaitingSecondFactor,
}

/// Starts a session for the user and returns the token for the cookie.
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: SessionKind,
    now: DateTime<Utc>,
    policy: &SessionPolicy,
    meta: &RequestMeta,
    user_agent: Option<&str>,
) -> Result<SessionToken, DbErr> {
    let token = SessionToken::generate()?;
    let expires_at = match kind {
        SessionKind::SignedIn => policy.expires_at(now),
        SessionKind::AwaitingSecondFactor => policy.second_factor_expires_at(now),
    };
    session::Entity::insert(session::ActiveModel {
        id: Set(session_id(token.expose())),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
        client_ip: Set(meta.client_ip.clone()),
        user_agent: Set(user_agent.map(|agent| agent.chars().take(300).collect())),
        awaiting_second_factor: Set(kind == SessionKind::AwaitingSecondFactor),
    })
    .exec(db)
    .await?;
    Ok(token)
}

/// What a request needs to know of its session and of the session's user. It holds none of the
/// user's secrets (password hash, TOTP secret), so it may be kept between requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSession {
    /// The session's id: the token's hash.
    pub id: String,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub awaiting_second_factor: bool,
    pub user_id: Uuid,
    /// `None` when the user's role is not one the app knows.
    pub actor: Option<Actor>,
    pub user_active: bool,
    pub display_name: String,
    pub must_change_password: bool,
    pub has_two_factor: bool,
}

/// The session with the id `id` (a token's hash), with its user, if it exists (timeouts are
/// the caller's check).
pub async fn find(db: &impl ConnectionTrait, id: &str) -> Result<Option<OpenSession>, DbErr> {
    let found =
        session::Entity::find_by_id(id.to_owned()).find_also_related(user::Entity).one(db).await?;
    Ok(found.and_then(|(session, user)| {
        let user = user?;
        Some(OpenSession {
            id: session.id,
            last_seen_at: session.last_seen_at,
            expires_at: session.expires_at,
            awaiting_second_factor: session.awaiting_second_factor,
            user_id: user.id,
            actor: crate::server::users::actor_of(&user),
            user_active: user.active,
            display_name: user.display_name,
            must_change_password: user.must_change_password,
            has_two_factor: user.totp_enabled_at.is_some(),
        })
    }))
}

/// Records activity on the session, for the idle timeout.
pub async fn touch(db: &impl ConnectionTrait, id: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, sea_orm::sea_query::Expr::value(now))
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn end(db: &impl ConnectionTrait, id: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(id.to_owned()).exec(db).await?;
    Ok(())
}

/// Deletes the sessions past their absolute expiry (a timed-out session is already refused;
/// this keeps the table from growing). Returns how many went.
pub async fn delete_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let result =
        session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(now)).exec(db).await?;
    Ok(result.rows_affected)
}

/// A user's signed-in sessions, newest first (for their account page and the administrator).
pub async fn list_for_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<session::Model>, DbErr> {
    use sea_orm::QueryOrder;
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::AwaitingSecondFactor.eq(false))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await
}

/// Ends every session of a user (sign-out everywhere, disablement, password change).
pub async fn end_all_for_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, DbErr> {
    let result =
        session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(result.rows_affected)
}

/// Ends the user's sessions but the one they are using, with the audit row.
pub async fn end_others_for_user(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
    actor: &crate::domain::access::Actor,
    meta: &RequestMeta,
    keep: &str,
) -> Result<u64, DbErr> {
    let txn = crate::server::begin_write(db).await?;
    let ended = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::Id.ne(keep))
        .exec(&txn)
        .await?
        .rows_affected;
    crate::server::audit::AuditEvent::new(crate::domain::audit::AuditAction::SessionsEnded)
        .by(actor)
        .on("user", actor.user_id)
        .details(serde_json::json!({ "sessions_ended": ended, "kept_current": true }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_keeps_a_hash_of_the_token_not_the_token() {
        let token = SessionToken::generate().unwrap();
        let id = session_id(token.expose());
        assert_eq!(id.len(), 64);
        assert_ne!(id, token.expose());
        assert_eq!(id, session_id(token.expose()));
        assert_eq!(token.expose().len(), 43, "32 bytes in unpadded base64");
    }

    #[test]
    fn tokens_do_not_repeat() {
        let a = SessionToken::generate().unwrap();
        let b = SessionToken::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
    }
}
