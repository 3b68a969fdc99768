//! The dashboard's figures kept between requests, per scope and day, for as long as the
//! database has not changed ([`DataVersion`]): at 10,000 cases they cost some 15 aggregate
//! queries, and managers and coordinators reload the page all day. Any committed write, by this
//! server or another on the same database, makes the next request count again, so the figures
//! are never older than the data. A user's scope is checked before the cache is asked, and the
//! key holds the scope, so nobody sees figures beyond their reach.
//!
//! One cache per application (the router makes it), never a process-wide one: tests run many
//! applications in one process.

use crate::api::AppError;
use crate::api::dashboard::Dashboard;
use crate::domain::dates::japan_date;
use crate::server::case_scope::CaseScope;
use crate::server::dashboard;
use crate::server::data_version::DataVersion;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct DashboardCache(Arc<Inner>);

#[derive(Default)]
struct Inner {
    version: DataVersion,
    kept: Mutex<HashMap<(CaseScope, NaiveDate), Kept>>,
    /// One computation at a time: when the data changes under 32 waiting requests, the first
    /// counts and the others take its figures instead of counting 31 more times.
    computing: tokio::sync::Mutex<()>,
    /// How many times the figures were counted (rather than taken from the cache).
    computations: AtomicU64,
}

struct Kept {
    version: String,
    figures: Dashboard,
}

/// The application's cache from the request's context; without one (a bare test context), an
/// empty cache that counts every time.
pub fn dashboard_cache() -> DashboardCache {
    leptos::prelude::use_context::<DashboardCache>().unwrap_or_default()
}

impl DashboardCache {
    /// The figures for `scope` as of `now`: kept ones while the data is unchanged, else counted.
    pub async fn dashboard(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        now: DateTime<Utc>,
    ) -> Result<Dashboard, AppError> {
        let key = (scope, japan_date(now));
        if let Some(figures) = self.kept(key, &self.0.version.current(db).await?) {
            return Ok(figures);
        }
        let _turn = self.0.computing.lock().await;
        // Read before counting: a write committed meanwhile changes the version again, so the
        // figures are never kept under a version newer than the data they saw.
        let version = self.0.version.current(db).await?;
        if let Some(figures) = self.kept(key, &version) {
            return Ok(figures);
        }
        let figures = dashboard::dashboard(db, scope, now).await?;
        self.0.computations.fetch_add(1, Ordering::Relaxed);
        self.keep(key, version, figures.clone());
        Ok(figures)
    }

    /// How many times the figures were counted since the cache was made.
    pub fn computations(&self) -> u64 {
        self.0.computations.load(Ordering::Relaxed)
    }

    fn kept(&self, key: (CaseScope, NaiveDate), version: &str) -> Option<Dashboard> {
        let kept = self.0.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.get(&key).filter(|kept| kept.version == version).map(|kept| kept.figures.clone())
    }

    fn keep(&self, key: (CaseScope, NaiveDate), version: String, figures: Dashboard) {
        let mut kept = self.0.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Yesterday's figures are never asked for again.
        kept.retain(|(_, day), _| *day == key.1);
        kept.insert(key, Kept { version, figures });
    }
}
