//! The second reference: the dashboard's own queries (`app::server::dashboard::dashboard`, the
//! function its server function calls) run straight on a pool like the server's, at the same
//! concurrency as the load: what the page costs without HTTP, the session, the authorization
//! and the rendering.

use super::timing::Timings;
use app::server::case_scope::CaseScope;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use std::time::{Duration, Instant};

pub async fn dashboard(
    db: &DatabaseConnection,
    concurrency: usize,
    duration: Duration,
) -> anyhow::Result<Timings> {
    // Warm, as the server is when wrk starts.
    app::server::dashboard::dashboard(db, CaseScope::All, Utc::now()).await?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while started.elapsed() < duration {
                let asked = Instant::now();
                app::server::dashboard::dashboard(&db, CaseScope::All, Utc::now()).await?;
                latencies.push(asked.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    Ok(Timings::of(latencies, started.elapsed(), 0))
}
