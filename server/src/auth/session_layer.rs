//! The middleware that establishes who is asking.

use super::{ACCOUNT_PAGE, LOGIN_PAGE, PUBLIC_PAGES, percent_encode};
use crate::startup::AppState;
use app::domain::accounts::{SessionStatus, required_step};
use app::server::auth::{AwaitingSecondFactor, SignedIn};
use app::server::read_cache::VersionSeen;
use app::server::request::RequestMeta;
use app::server::{sessions, settings};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderValue, Method, StatusCode, header};
use std::net::SocketAddr;

/// Marks a request whose session cookie named a session that has ended (timed out, signed out
/// elsewhere, account disabled): the login page then says why the user must sign in again.
#[derive(Debug, Clone, Copy)]
pub struct SessionEnded;

pub async fn session_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
    let meta = RequestMeta {
        request_id: request
            .headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        client_ip: state
            .auth
            .trusted_proxies
            .client_ip(peer, request.headers())
            .map(|ip| ip.to_string()),
    };
    request.extensions_mut().insert(meta);

    let token = state.auth.cookie.read(request.headers()).map(str::to_owned);
    let mut clear_cookie = false;
    if let Some(token) = token {
        let checked = match state.read_cache.see_version(&state.db).await {
            Ok(seen) => {
                // A page view's reads through the cache share this look at the data version.
                if request.method() == Method::GET
                    && let Some(seen) = &seen
                {
                    request.extensions_mut().insert(seen.clone());
                }
                session_state(&state, &token, seen.as_ref()).await
            }
            Err(error) => Err(error),
        };
        match checked {
            Ok(SessionState::SignedIn(signed_in)) => {
                request.extensions_mut().insert(signed_in);
            }
            Ok(SessionState::AwaitingSecondFactor(awaiting)) => {
                request.extensions_mut().insert(awaiting);
            }
            Ok(SessionState::Ended) => {
                clear_cookie = true;
                request.extensions_mut().insert(SessionEnded);
            }
            Err(error) => {
                // Fail closed: without the database nobody can be let in, and nothing else works.
                tracing::error!(%error, "cannot read the session");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "一時的に利用できません。 / Temporarily unavailable.",
                )
                    .into_response();
            }
        }
    }

    let mut response = next.run(request).await;
    if clear_cookie && let Ok(value) = HeaderValue::from_str(&state.auth.cookie.clear()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

enum SessionState {
    SignedIn(SignedIn),
    AwaitingSecondFactor(AwaitingSecondFactor),
    /// Timed out, signed out elsewhere, or the account is disabled; its row is removed.
    Ended,
}

/// What a session token stands for now. The session and the setting are read through the
/// read cache: while nothing was written since, a request costs one question to the database
/// (its data version). Ending a session, signing out, disabling an account or changing a role
/// is a write, so the next request reads them again.
async fn session_state(
    state: &AppState,
    token: &str,
    seen: Option<&VersionSeen>,
) -> Result<SessionState, sea_orm::DbErr> {
    let id = sessions::session_id(token);
    let Some(session) = state.read_cache.session(&state.db, &id, seen).await? else {
        return Ok(SessionState::Ended);
    };
    let now = state.clock.now();
    let status = state.auth.policy.status(now, session.last_seen_at, session.expires_at);
    let Some(actor) =
        session.actor.filter(|_| status == SessionStatus::Active && session.user_active)
    else {
        sessions::end(&state.db, &session.id).await?;
        return Ok(SessionState::Ended);
    };
    if session.awaiting_second_factor {
        return Ok(SessionState::AwaitingSecondFactor(AwaitingSecondFactor {
            session_id: session.id,
            user_id: session.user_id,
        }));
    }
    if state.auth.policy.should_touch(now, session.last_seen_at) {
        sessions::touch(&state.db, &session.id, now).await?;
    }
    // The setting is read only for the few who could be affected by it.
    let two_factor_required = actor.role.is_staff()
        && !session.has_two_factor
        && state
            .read_cache
            .flag_as_of(&state.db, settings::TWO_FACTOR_REQUIRED_FOR_STAFF, seen)
            .await?
            .enabled;
    Ok(SessionState::SignedIn(SignedIn {
        required_step: required_step(
            actor.role,
            session.must_change_password,
            session.has_two_factor,
            two_factor_required,
        ),
        actor,
        display_name: session.display_name,
        session_id: session.id,
        idle_timeout_seconds: state.auth.policy.idle.num_seconds(),
    }))
}

/// Sends signed-out users from any page to the login page (and signed-in users from the login
/// page home). Server functions and forms answer for themselves.
pub async fn require_sign_in_for_pages(request: Request, next: Next) -> Response {
    let is_page_view = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path();
    let signed_in = request.extensions().get::<SignedIn>();
    let pending_step = signed_in.and_then(|signed_in| signed_in.required_step).is_some();
    let signed_in = signed_in.is_some();
    if is_page_view && path == LOGIN_PAGE && signed_in {
        return Redirect::to("/").into_response();
    }
    // A password to replace or a second factor to enrol comes before any other page.
    if is_page_view && pending_step && !path.starts_with(ACCOUNT_PAGE) && !path.starts_with("/api/")
    {
        return Redirect::to(ACCOUNT_PAGE).into_response();
    }
    if is_page_view && !signed_in && !PUBLIC_PAGES.contains(&path) && !path.starts_with("/api/") {
        let wanted = request.uri().path_and_query().map_or("/", |target| target.as_str());
        let mut login = format!("{LOGIN_PAGE}?next={}", percent_encode(wanted));
        if request.extensions().get::<SessionEnded>().is_some() {
            login.push_str("&problem=expired");
        }
        return Redirect::to(&login).into_response();
    }
    next.run(request).await
}
