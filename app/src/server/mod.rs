//! Server-only code (feature `ssr`): entities, repositories and services. Never compiled to wasm.

pub mod accounts;
pub mod activities;
pub mod administration;
pub mod after_death;
pub mod appointments;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod case_files;
pub mod case_list;
pub mod case_scope;
pub mod clock;
pub mod dashboard;
pub mod data_version;
pub mod deadlines;
pub mod documents;
pub mod entities;
pub mod export_tables;
pub mod exports;
pub mod forms;
pub mod guardians;
pub mod import_files;
pub mod import_progress;
pub mod import_writes;
pub mod imports;
pub mod inbox;
pub mod intake;
pub mod kept;
pub mod master_data;
pub mod matching;
pub mod offices;
pub mod outreach;
pub mod own_cases;
pub mod passwords;
pub mod persons;
pub mod portal;
pub mod read_cache;
pub mod relays;
pub mod request;
pub mod security;
pub mod sessions;
pub mod settings;
pub mod statistics;
pub mod support;
pub mod timeline;
pub mod totp;
pub mod two_factor;
pub mod users;
pub mod writes;

pub use writes::{WriteTransaction, begin_write};

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

/// Sets the response's status for a server function's error and returns the error, so that
/// proxies, logs and tests see a 404 or a 409 rather than a generic 500.
pub fn reject(error: AppError) -> AppError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(status);
    }
    error
}
