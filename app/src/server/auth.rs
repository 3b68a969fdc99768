//! Who is asking, and may they: the first line of every server function.

use crate::api::AppError;
use crate::api::session::CurrentUser;
use crate::domain::access::{Access, Actor, Area, Denial, Scope, authorize};
use crate::domain::accounts::RequiredStep;
use crate::domain::audit::AuditAction;
use crate::server::audit::AuditEvent;
use crate::server::clock::clock;
use crate::server::request::{RequestMeta, request_meta};
use chrono::{DateTime, Utc};
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;

/// The signed-in user of a request. The server's session layer puts it into the request's
/// extensions after checking the session cookie, the timeouts and the account.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub display_name: String,
    /// The session's id (the token's hash), to end this session or to keep it.
    pub session_id: String,
    /// Until it is taken, the user may use nothing but their own account.
    pub required_step: Option<RequiredStep>,
    /// The idle timeout, for the page's warning before it strikes.
    pub idle_timeout_seconds: i64,
}

/// A session whose password step passed and whose second factor is still to come. It signs
/// nobody in; only the two-factor form accepts it.
#[derive(Debug, Clone)]
pub struct AwaitingSecondFactor {
    pub session_id: String,
    pub user_id: uuid::Uuid,
}

/// The signed-in user of the current request, if any.
pub fn signed_in() -> Option<SignedIn> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
}

/// What the browser may know about the signed-in user.
pub fn current_user() -> Option<CurrentUser> {
    signed_in().map(|signed_in| CurrentUser {
        display_name: signed_in.display_name,
        actor: signed_in.actor,
        required_step: signed_in.required_step,
        idle_timeout_seconds: signed_in.idle_timeout_seconds,
    })
}

/// Permission to act, with the scope of records the queries must keep to.
#[derive(Debug, Clone)]
pub struct Authorized {
    pub actor: Actor,
    pub scope: Scope,
}

/// Marks a response whose refusal the permission policy has written to the audit trail, so
/// that the server's layer for refusals (`server/src/auth/denied_records.rs`) does not write
/// it again; the layer removes it before the response leaves.
pub const AUDITED_DENIAL: http::HeaderName =
    http::HeaderName::from_static("x-koken-denial-audited");

/// Applies the permission policy to the current request. A refusal answers 401 (nobody signed
/// in) or 403, and is written to the audit trail.
pub async fn require(area: Area, access: Access) -> Result<Authorized, AppError> {
    let db = crate::server::database()?;
    let decision =
        authorize_request(&db, clock().now(), signed_in().as_ref(), &request_meta(), area, access)
            .await;
    if let Err(error) = &decision {
        let status = match error {
            AppError::SignInRequired => http::StatusCode::UNAUTHORIZED,
            _ => http::StatusCode::FORBIDDEN,
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
            response.insert_header(AUDITED_DENIAL, http::HeaderValue::from_static("1"));
        }
    }
    decision
}

/// The policy for a request the server's own routes handle (a document download): the same
/// decision and the same audit row for a refusal as [`require`], from what the session layer
/// found.
pub async fn authorize_request(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    signed_in: Option<&SignedIn>,
    meta: &RequestMeta,
    area: Area,
    access: Access,
) -> Result<Authorized, AppError> {
    let pending_step = signed_in.and_then(|signed_in| signed_in.required_step);
    let actor = signed_in.map(|signed_in| signed_in.actor.clone());
    let decision = authorize(actor.as_ref(), area, access).and_then(|scope| {
        if pending_step.is_some() && area != Area::OwnAccount {
            Err(Denial::Forbidden)
        } else {
            Ok(scope)
        }
    });
    match decision {
        Ok(scope) => Ok(Authorized { actor: actor.ok_or(AppError::Internal)?, scope }),
        Err(denial) => {
            record_denial(db, now, meta, actor.as_ref(), area, access).await;
            Err(match denial {
                Denial::SignInRequired => AppError::SignInRequired,
                Denial::Forbidden => AppError::Forbidden,
            })
        }
    }
}

/// Writes the audit row of a refusal (a failure to write it is logged, not the user's problem).
pub async fn record_denial(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    area: Area,
    access: Access,
) {
    let mut event = AuditEvent::new(AuditAction::PermissionDenied).details(
        serde_json::json!({ "area": format!("{area:?}"), "access": format!("{access:?}") }),
    );
    if let Some(actor) = actor {
        event = event.by(actor);
    }
    if let Err(error) = event.write(db, now, meta).await {
        tracing::error!(%error, "cannot record a permission denial");
    }
}
