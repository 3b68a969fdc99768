//! `GET /healthz` for load balancers and monitoring: 200 when the database answers, 503 when
//! it does not. It reveals nothing but the two words.

use axum::Json;
use axum::extract::State;
use http::StatusCode;
use sea_orm::DatabaseConnection;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub database: &'static str,
}

pub async fn healthz(State(db): State<DatabaseConnection>) -> (StatusCode, Json<Health>) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok", database: "ok" })),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health { status: "unavailable", database: "unreachable" }),
            )
        }
    }
}
