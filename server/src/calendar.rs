//! `GET /calendar/{secret}.ics`: a user's deadlines for their calendar application, which
//! cannot sign in; the secret in the address is the credential (see `app::server::calendar`).
//! An unknown, renewed or revoked secret gets the same plain 404.

use crate::startup::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};

pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app::server::calendar::feed(&state.db, state.clock.now(), secret).await {
        Ok(Some(calendar)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                // Personal data behind a secret: no shared cache keeps it.
                (header::CACHE_CONTROL, "private, no-store"),
                (header::REFERRER_POLICY, "no-referrer"),
            ],
            calendar,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(?error, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The request path as the log records it: a feed's secret stays out of the logs.
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with(app::server::calendar::FEED_PREFIX) { "/calendar/…" } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_secret_never_reaches_the_log() {
        assert_eq!(loggable_path("/calendar/abcdef.ics"), "/calendar/…");
        assert_eq!(loggable_path("/cases/1"), "/cases/1");
    }
}
