//! `POST /auth/sign-in` and `POST /auth/sign-out`: plain form posts, so they work the same with
//! and without wasm, and every outcome is a full page load (no private state survives a
//! sign-out in the page).
//!
//! Every refusal reads the same to the user: wrong login id, wrong password, a locked or a
//! disabled account are not told apart, so the form reveals nothing about which accounts exist.
//! The audit trail records the real reason.

use super::session_layer::SessionEnded;
use super::{LOGIN_PAGE, SECOND_FACTOR_PAGE};
use crate::locale::local_path_or_home;
use crate::startup::AppState;
use app::domain::accounts::LoginId;
use app::domain::audit::AuditAction;
use app::server::audit::AuditEvent;
use app::server::auth::{AwaitingSecondFactor, SignedIn};
use app::server::entities::user;
use app::server::request::RequestMeta;
use app::server::{passwords, sessions, two_factor, users};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use http::{HeaderMap, HeaderValue, header};
use sea_orm::EntityTrait;
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
    /// The password was right; the code from the authenticator app comes next.
    AwaitingSecondFactor(sessions::SessionToken),
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
    pending: Option<Extension<AwaitingSecondFactor>>,
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
    let previous = previous
        .map(|Extension(signed_in)| signed_in.session_id)
        .or(pending.map(|Extension(pending)| pending.session_id));
    match attempt(&state, &form, &meta, user_agent, previous.as_deref()).await {
        Ok(Outcome::SignedIn(token)) => {
            let mut response = Redirect::to(&next).into_response();
            set_cookie(&mut response, &state.auth.cookie.set(token.expose()));
            response
        }
        Ok(Outcome::AwaitingSecondFactor(token)) => {
            let mut response =
                Redirect::to(&with_next(SECOND_FACTOR_PAGE, None, &next)).into_response();
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
    previous_session: Option<&str>,
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

    let txn = app::server::begin_write(&state.db).await?;
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
    if let Some(previous) = previous_session {
        sessions::end(&txn, previous).await?;
    }
    if user.totp_enabled_at.is_some() {
        // The failure count stays until the second factor passes: guessing codes counts
        // towards the lockout as guessing passwords does.
        let kind = sessions::SessionKind::AwaitingSecondFactor;
        let token =
            sessions::start(&txn, user.id, kind, now, &state.auth.policy, meta, user_agent).await?;
        txn.commit().await?;
        return Ok(Outcome::AwaitingSecondFactor(token));
    }
    users::record_successful_sign_in(&txn, user.id).await?;
    let token = sessions::start(
        &txn,
        user.id,
        sessions::SessionKind::SignedIn,
        now,
        &state.auth.policy,
        meta,
        user_agent,
    )
    .await?;
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
    pending: Option<Extension<AwaitingSecondFactor>>,
    ended: Option<Extension<SessionEnded>>,
) -> Response {
    // Cancelling a sign-in that waits for its second factor.
    if let Some(Extension(pending)) = pending
        && let Err(error) = sessions::end(&state.db, &pending.session_id).await
    {
        tracing::error!(%error, "cannot end a half-finished sign-in");
    }
    if let Some(Extension(signed_in)) = signed_in {
        let now = state.clock.now();
        let result = async {
            let txn = app::server::begin_write(&state.db).await?;
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
    Redirect::to(&with_next(LOGIN_PAGE, Some(problem), next)).into_response()
}

/// `page?problem=…&next=…`, leaving out what is not needed.
fn with_next(page: &str, problem: Option<&str>, next: &str) -> String {
    let mut query = Vec::new();
    if let Some(problem) = problem {
        query.push(format!("problem={problem}"));
    }
    if next != "/" {
        query.push(format!("next={}", super::percent_encode(next)));
    }
    if query.is_empty() { page.to_owned() } else { format!("{page}?{}", query.join("&")) }
}

#[derive(Deserialize)]
pub struct SecondFactorForm {
    code: String,
    #[serde(default)]
    next: String,
}

enum SecondStep {
    SignedIn(sessions::SessionToken),
    Refused,
    /// Locked out meanwhile: the half-finished sign-in is over.
    Ended,
}

/// `POST /auth/two-factor`: the code from the authenticator app (or a recovery code) after the
/// password. Only a session waiting for its second factor gets here.
pub async fn second_factor(
    State(state): State<AppState>,
    Extension(meta): Extension<RequestMeta>,
    pending: Option<Extension<AwaitingSecondFactor>>,
    headers: HeaderMap,
    Form(form): Form<SecondFactorForm>,
) -> Response {
    let now = state.clock.now();
    let next = local_path_or_home(&form.next).to_owned();
    let Some(Extension(pending)) = pending else { return back_to_login("expired", &next) };
    let address = meta.client_ip.clone().unwrap_or_default();
    if state.auth.limiter.is_limited(&address, now) {
        return back_to_login("limited", &next);
    }
    let user_agent = headers.get(header::USER_AGENT).and_then(|value| value.to_str().ok());
    match finish_with_second_factor(&state, &pending, &form.code, &meta, user_agent).await {
        Ok(SecondStep::SignedIn(token)) => {
            let mut response = Redirect::to(&next).into_response();
            set_cookie(&mut response, &state.auth.cookie.set(token.expose()));
            response
        }
        Ok(SecondStep::Refused) => {
            state.auth.limiter.record_failure(&address, now);
            Redirect::to(&with_next(SECOND_FACTOR_PAGE, Some("failed"), &next)).into_response()
        }
        Ok(SecondStep::Ended) => {
            state.auth.limiter.record_failure(&address, now);
            let mut response = back_to_login("failed", &next);
            set_cookie(&mut response, &state.auth.cookie.clear());
            response
        }
        Err(error) => {
            tracing::error!(%error, "second factor failed on the server");
            Redirect::to(&with_next(SECOND_FACTOR_PAGE, Some("unavailable"), &next)).into_response()
        }
    }
}

async fn finish_with_second_factor(
    state: &AppState,
    pending: &AwaitingSecondFactor,
    code: &str,
    meta: &RequestMeta,
    user_agent: Option<&str>,
) -> anyhow::Result<SecondStep> {
    let now = state.clock.now();
    let txn = app::server::begin_write(&state.db).await?;
    let user = user::Entity::find_by_id(pending.user_id)
        .one(&txn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the pending session's user is gone"))?;
    if user.locked_until.is_some_and(|until| until > now) || !user.active {
        sessions::end(&txn, &pending.session_id).await?;
        AuditEvent::new(AuditAction::SignInWhileLocked)
            .on("user", user.id)
            .details(serde_json::json!({ "step": "second_factor" }))
            .write(&txn, now, meta)
            .await?;
        txn.commit().await?;
        return Ok(SecondStep::Ended);
    }
    let Some(method) = two_factor::check_second_factor(&txn, &user, code, now).await? else {
        AuditEvent::new(AuditAction::SecondFactorFailed)
            .on("user", user.id)
            .write(&txn, now, meta)
            .await?;
        let mut outcome = SecondStep::Refused;
        if let Some(until) = users::record_failed_sign_in(&txn, user.id, now).await? {
            AuditEvent::new(AuditAction::AccountLocked)
                .on("user", user.id)
                .details(serde_json::json!({ "locked_until": until.to_rfc3339() }))
                .write(&txn, now, meta)
                .await?;
            sessions::end(&txn, &pending.session_id).await?;
            outcome = SecondStep::Ended;
        }
        txn.commit().await?;
        return Ok(outcome);
    };
    let actor = users::actor_of(&user)
        .ok_or_else(|| anyhow::anyhow!("user {} has an unknown role {:?}", user.id, user.role))?;
    sessions::end(&txn, &pending.session_id).await?;
    users::record_successful_sign_in(&txn, user.id).await?;
    let kind = sessions::SessionKind::SignedIn;
    let token =
        sessions::start(&txn, user.id, kind, now, &state.auth.policy, meta, user_agent).await?;
    AuditEvent::new(AuditAction::SignInSucceeded)
        .by(&actor)
        .on("user", user.id)
        .details(serde_json::json!({ "second_factor": method.code() }))
        .write(&txn, now, meta)
        .await?;
    if method == two_factor::SecondFactor::RecoveryCode {
        AuditEvent::new(AuditAction::RecoveryCodeUsed)
            .by(&actor)
            .on("user", user.id)
            .write(&txn, now, meta)
            .await?;
    }
    txn.commit().await?;
    Ok(SecondStep::SignedIn(token))
}

fn set_cookie(response: &mut Response, cookie: &str) {
    match HeaderValue::from_str(cookie) {
        Ok(value) => {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        Err(error) => tracing::error!(%error, "cannot build the session cookie"),
    }
}
