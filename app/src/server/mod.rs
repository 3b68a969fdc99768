//! Server-only code (feature `ssr`): entities, repositories and services. Never compiled to wasm.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod entities;
pub mod offices;
pub mod passwords;
pub mod request;
pub mod sessions;
pub mod users;

use crate::api::AppError;
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;

/// The database connection the server provides to every request's reactive context.
pub fn database() -> Result<DatabaseConnection, AppError> {
    use_context::<DatabaseConnection>().ok_or_else(|| {
        tracing::error!("no database connection in the request context");
        AppError::Internal
    })
}
