//! Work the server does on its own, a few times a day: periodic-report deadlines generated as
//! the horizon moves on (a case nobody touches still shows its next report), expired sessions
//! deleted, uploads nobody imported within a week discarded, and SQLite's query-planner
//! statistics refreshed. Every step is idempotent, so several server processes on one database
//! may each run it.

use app::server::clock::Clock;
use app::server::{deadlines, imports, sessions};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How often the work runs: often enough that a new Japanese day is picked up within hours.
const EVERY: Duration = Duration::from_secs(6 * 60 * 60);

/// Runs the work now and then every few hours, for as long as the server runs.
pub fn spawn(db: DatabaseConnection, clock: Clock) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        loop {
            ticks.tick().await;
            run_once(&db, &clock).await;
        }
    });
}

/// One round; a failure is logged and the next round tries again.
pub async fn run_once(db: &DatabaseConnection, clock: &Clock) {
    match deadlines::extend_horizons(db, clock.now()).await {
        Ok(0) => {}
        Ok(cases) => tracing::info!(cases, "periodic reports generated up to the new horizon"),
        Err(error) => tracing::warn!(?error, "generating periodic reports failed"),
    }
    match sessions::delete_expired(db, clock.now()).await {
        Ok(0) => {}
        Ok(sessions) => tracing::info!(sessions, "expired sessions deleted"),
        Err(error) => tracing::warn!(%error, "deleting expired sessions failed"),
    }
    match imports::discard_stale(db, clock.now()).await {
        Ok(0) => {}
        Ok(batches) => tracing::info!(batches, "uploads never imported discarded"),
        Err(error) => tracing::warn!(?error, "discarding old uploads failed"),
    }
    if let Err(error) = crate::database::refresh_statistics(db).await {
        tracing::warn!(?error, "refreshing the query planner's statistics failed");
    }
}
