//! Who is asking, for the server's own routes (files going out and coming in): the session
//! layer's findings taken from the request once, and the same permission check as a server
//! function's, its refusals audited the same way.

use crate::startup::AppState;
use app::api::AppError;
use app::domain::access::{Access, Area};
use app::server::auth::{Authorized, SignedIn, authorize_request, record_denial};
use app::server::request::RequestMeta;
use axum::extract::FromRequestParts;
use chrono::{DateTime, Utc};
use http::request::Parts;
use sea_orm::DatabaseConnection;
use std::convert::Infallible;

pub struct Caller {
    pub db: DatabaseConnection,
    /// The request's moment, by the server's clock (a test's fixed one in tests).
    pub now: DateTime<Utc>,
    pub meta: RequestMeta,
    signed_in: Option<SignedIn>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Caller {
            db: state.db.clone(),
            now: state.clock.now(),
            meta: parts.extensions.get::<RequestMeta>().cloned().unwrap_or_default(),
            signed_in: parts.extensions.get::<SignedIn>().cloned(),
        })
    }
}

impl Caller {
    /// The caller's permission for `access` to `area`; a refusal is audited.
    pub async fn authorize(&self, area: Area, access: Access) -> Result<Authorized, AppError> {
        authorize_request(&self.db, self.now, self.signed_in.as_ref(), &self.meta, area, access)
            .await
    }

    /// Refuses a caller the policy let through but the case at hand does not (a guardian may
    /// write on their own cases, not import a ledger): audited like any refusal.
    pub async fn refuse(&self, authorized: &Authorized, area: Area, access: Access) -> AppError {
        record_denial(&self.db, self.now, &self.meta, Some(&authorized.actor), area, access).await;
        AppError::Forbidden
    }
}
