//! `POST /auth/sign-in` and `POST /auth/sign-out`: plain form posts, so they work the same with
//! and without wasm, and every outcome is a full page load (no private state survives a
//! sign-out in the page).
//!
//! Every refusal reads the same to the user: wrong login id, wrong password, a locked or a
//! disabled account are not told apart, so the form reveals nothing about which accounts exist.
//! The audit trail records the real reason.

use super::LOGIN_PAGE;
use super::session_layer::SessionEnded;
use crate::locale::local_path_or_home;
use crate::startup::AppState;
use app::domain::accounts::LoginId;
use app::domain::audit::AuditAction;
use app::server::audit::AuditEvent;
use app::server::auth::SignedIn;
use app::server::request::RequestMeta;
use app::server::{passwords, sessions, users};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use http::{HeaderMap, HeaderValue, header};
use sea_orm::TransactionTrait;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SignInForm {
    login_id: String,
    password: String,
    #[serde(default)]
    next: String,
}

impl std::fmt::Debug for SignInForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInForm").field("next", &self.next).finish_non_exhaustive()
    }
}

enum Outcome {
    SignedIn(sessions::SessionToken),
    Refused,
}

/// Why a known account was refused: the audit trail's reason, never the user's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Locked,
    Disabled,
    WrongPassword,
}

impl Refusal {
    fn action(self) -> AuditAction {
        match self {
            Refusal::Locked => AuditAction::SignInWhileLocked,
            Refusal::Disabled | Refusal::WrongPassword => AuditAction::SignInFailed,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Refusal::Locked => "locked",
            Refusal::Disabled => "disabled",
            Refusal::WrongPassword => "wrong_password",
        }
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    Extension(meta): Extension<RequestMeta>,
    previous: Option<Extension<SignedIn>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let now = state.clock.now();
    let next = local_path_or_home(&form.next).to_owned();
    let address = meta.client_ip.clone().unwrap_or_default();

    if state.auth.limiter.is_limited(&address, now) {
        let event = AuditEvent::new(AuditAction::SignInRateLimited);
        if let Err(error) = event.write(&state.db, now, &meta).await {
            tracing::error!(%error, "cannot audit a rate-limited sign-in");
        }
        return back_to_login("limited", &next);
    }

    let user_agent = headers.get(header::USER_AGENT).and_then(|value| value.to_str().ok());
    let previous = previous.map(|Extension(signed_in)| signed_in);
    match attempt(&state, &form, &meta, user_agent, previous.as_ref()).await {
        Ok(Outcome::SignedIn(token)) => {
            let mut response = Redirect::to(&next).into_response();
            set_cookie(&mut response, &state.auth.cookie.set(token.expose()));
            response
        }
        Ok(Outcome::Refused) => {
            state.auth.limiter.record_failure(&address, now);
            back_to_login("failed", &next)
        }
        Err(error) => {
            tracing::error!(%error, "sign-in failed on the server");
            back_to_login("unavailable", &next)
        }
    }
}

async fn attempt(
    state: &AppState,
    form: &SignInForm,
    meta: &RequestMeta,
    user_agent: Option<&str>,
    previous: Option<&SignedIn>,
) -> anyhow::Result<Outcome> {
    let now = state.clock.now();
    let login_id = LoginId::parse(&form.login_id).ok();
    let user = match &login_id {
        Some(login_id) => users::find_by_login_id(&state.db, login_id).await?,
        None => None,
    };
    // Verified even for an unknown account (against a dummy hash), so that the answer takes as
    // long whether or not the account exists.
    let password_matches =
        passwords::verify(&form.password, user.as_ref().map(|user| user.password_hash.as_str()))
            .await
            .map_err(|error| anyhow::anyhow!("password verification: {error}"))?;

    let Some(user) = user else {
        AuditEvent::new(AuditAction::SignInFailed)
            .details(serde_json::json!({ "reason": "unknown_account" }))
            .write(&state.db, now, meta)
            .await?;
        return Ok(Outcome::Refused);
    };

    let txn = state.db.begin().await?;
    let refusal = if user.locked_until.is_some_and(|until| until > now) {
        Some(Refusal::Locked)
    } else if !user.active {
        Some(Refusal::Disabled)
    } else if !password_matches {
        Some(Refusal::WrongPassword)
    } else {
        None
    };
    if let Some(refusal) = refusal {
        AuditEvent::new(refusal.action())
            .on("user", user.id)
            .details(serde_json::json!({ "reason": refusal.reason() }))
            .write(&txn, now, meta)
            .await?;
        // Only a wrong password counts towards the lockout: attempts while locked do not
        // extend it, so an attacker cannot keep a colleague locked out forever.
        if refusal == Refusal::WrongPassword
            && let Some(until) = users::record_failed_sign_in(&txn, user.id, now).await?
        {
            AuditEvent::new(AuditAction::AccountLocked)
                .on("user", user.id)
                .details(serde_json::json!({ "locked_until": until.to_rfc3339() }))
                .write(&txn, now, meta)
                .await?;
        }
        txn.commit().await?;
        return Ok(Outcome::Refused);
    }

    let actor = users::actor_of(&user)
        .ok_or_else(|| anyhow::anyhow!("user {} has an unknown role {:?}", user.id, user.role))?;
    // A new session id at every sign-in: a session fixed before sign-in is never promoted.
    if let Some(previous) = previous {
        sessions::end(&txn, &previous.session_id).await?;
    }
    users::record_successful_sign_in(&txn, user.id).await?;
    let token = sessions::start(&txn, user.id, now, &state.auth.policy, meta, user_agent).await?;
    AuditEvent::new(AuditAction::SignInSucceeded)
        .by(&actor)
        .on("user", user.id)
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(Outcome::SignedIn(token))
}

pub async fn sign_out(
    State(state): State<AppState>,
    Extension(meta): Extension<RequestMeta>,
    signed_in: Option<Extension<SignedIn>>,
    ended: Option<Extension<SessionEnded>>,
) -> Response {
    if let Some(Extension(signed_in)) = signed_in {
        let now = state.clock.now();
        let result = async {
            let txn = state.db.begin().await?;
            sessions::end(&txn, &signed_in.session_id).await?;
            AuditEvent::new(AuditAction::SignedOut)
                .by(&signed_in.actor)
                .on("user", signed_in.actor.user_id)
                .write(&txn, now, &meta)
                .await?;
            txn.commit().await
        }
        .await;
        if let Err(error) = result {
            tracing::error!(%error, "sign-out failed");
        }
    }
    let problem = if ended.is_some() { "expired" } else { "signed_out" };
    let mut response = Redirect::to(&format!("{LOGIN_PAGE}?problem={problem}")).into_response();
    set_cookie(&mut response, &state.auth.cookie.clear());
    response
}

fn back_to_login(problem: &str, next: &str) -> Response {
    let mut target = format!("{LOGIN_PAGE}?problem={problem}");
    if next != "/" {
        target.push_str("&next=");
        target.push_str(&super::percent_encode(next));
    }
    Redirect::to(&target).into_response()
}

fn set_cookie(response: &mut Response, cookie: &str) {
    match HeaderValue::from_str(cookie) {
        Ok(value) => {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        Err(error) => tracing::error!(%error, "cannot build the session cookie"),
    }
}
