//! The middleware that establishes who is asking.

use super::{LOGIN_PAGE, PUBLIC_PAGES, percent_encode};
use crate::startup::AppState;
use app::domain::accounts::SessionStatus;
use app::server::auth::SignedIn;
use app::server::request::RequestMeta;
use app::server::{sessions, users};
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
        match signed_in_by(&state, &token).await {
            Ok(Some(signed_in)) => {
                request.extensions_mut().insert(signed_in);
            }
            Ok(None) => {
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

/// The signed-in user for a session token, or `None` if the session has ended, in which case
/// its row is removed.
async fn signed_in_by(state: &AppState, token: &str) -> Result<Option<SignedIn>, sea_orm::DbErr> {
    let Some((session, user)) = sessions::find(&state.db, token).await? else { return Ok(None) };
    let now = state.clock.now();
    let status = state.auth.policy.status(now, session.last_seen_at, session.expires_at);
    let actor = users::actor_of(&user);
    match (status, actor) {
        (SessionStatus::Active, Some(actor)) if user.active => {
            if state.auth.policy.should_touch(now, session.last_seen_at) {
                sessions::touch(&state.db, &session.id, now).await?;
            }
            Ok(Some(SignedIn { actor, display_name: user.display_name, session_id: session.id }))
        }
        _ => {
            sessions::end(&state.db, &session.id).await?;
            Ok(None)
        }
    }
}

/// Sends signed-out users from any page to the login page (and signed-in users from the login
/// page home). Server functions and forms answer for themselves.
pub async fn require_sign_in_for_pages(request: Request, next: Next) -> Response {
    let is_page_view = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path();
    let signed_in = request.extensions().get::<SignedIn>().is_some();
    if is_page_view && path == LOGIN_PAGE && signed_in {
        return Redirect::to("/").into_response();
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
