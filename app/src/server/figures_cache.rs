//! Figures kept between requests for as long as the database has not changed ([`DataVersion`]):
//! the manager dashboard's (about 15 aggregate queries at 10,000 cases) and the statistics
//! page's two tables (a year's court categories and the centre's own counts), which managers
//! and coordinators reload all day. Any committed write, by this server or another on the same
//! database, makes the next request count again, so the figures are never older than the data.
//! A user's scope is checked before the cache is asked, and every key holds the scope, so
//! nobody sees figures beyond their reach.
//!
//! One cache per application (the router makes it), never a process-wide one: tests run many
//! applications in one process.

use crate::api::AppError;
use crate::api::dashboard::Dashboard;
use crate::api::statistics::{CentreFigures, CourtStatistics};
use crate::domain::dates::japan_date;
use crate::domain::statistics::StatisticsPeriod;
use crate::server::case_scope::CaseScope;
use crate::server::data_version::DataVersion;
use crate::server::{dashboard, statistics};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct FiguresCache(Arc<Inner>);

#[derive(Default)]
struct Inner {
    version: DataVersion,
    /// Per scope and day: overdue deadlines and the trends move with the date.
    dashboards: Kept<(CaseScope, NaiveDate), Dashboard>,
    court: Kept<(CaseScope, StatisticsPeriod), CourtStatistics>,
    centre: Kept<(CaseScope, StatisticsPeriod), CentreFigures>,
    /// How many times figures were counted (rather than taken from the cache).
    computations: AtomicU64,
}

/// One kind of figures, all of one data version: a newer version empties the table, since
/// none of them can be served again.
struct Kept<K, V> {
    table: Mutex<(String, HashMap<K, V>)>,
    /// One computation at a time: when the data changes under 32 waiting requests, the first
    /// counts and the others take its figures instead of counting 31 more times.
    computing: tokio::sync::Mutex<()>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept { table: Mutex::new((String::new(), HashMap::new())), computing: Default::default() }
    }
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    fn get(&self, key: &K, version: &str) -> Option<V> {
        let table = self.table.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if table.0 == version { table.1.get(key).cloned() } else { None }
    }

    fn keep(&self, key: K, version: String, figures: V) {
        let mut table = self.table.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if table.0 != version {
            *table = (version, HashMap::new());
        }
        table.1.insert(key, figures);
    }
}

/// The application's cache from the request's context; without one (a bare test context), an
/// empty cache that counts every time.
pub fn figures_cache() -> FiguresCache {
    leptos::prelude::use_context::<FiguresCache>().unwrap_or_default()
}

impl FiguresCache {
    /// The dashboard's figures for `scope` as of `now`.
    pub async fn dashboard(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        now: DateTime<Utc>,
    ) -> Result<Dashboard, AppError> {
        let key = (scope, japan_date(now));
        self.through(db, &self.0.dashboards, key, || dashboard::dashboard(db, scope, now)).await
    }

    /// The court report's categories for `scope` over `period`.
    pub async fn court(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        period: StatisticsPeriod,
    ) -> Result<CourtStatistics, AppError> {
        self.through(db, &self.0.court, (scope, period), || statistics::court(db, scope, period))
            .await
    }

    /// The centre's own figures for `scope` over `period`.
    pub async fn centre(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        period: StatisticsPeriod,
    ) -> Result<CentreFigures, AppError> {
        self.through(db, &self.0.centre, (scope, period), || statistics::centre(db, scope, period))
            .await
    }

    /// How many times figures were counted since the cache was made.
    pub fn computations(&self) -> u64 {
        self.0.computations.load(Ordering::Relaxed)
    }

    /// Kept figures while the data is unchanged, else `count`ed and kept.
    async fn through<K, V, Counted>(
        &self,
        db: &DatabaseConnection,
        kept: &Kept<K, V>,
        key: K,
        count: impl FnOnce() -> Counted,
    ) -> Result<V, AppError>
    where
        K: Eq + Hash,
        V: Clone,
        Counted: Future<Output = Result<V, AppError>>,
    {
        if let Some(figures) = kept.get(&key, &self.0.version.current(db).await?) {
            return Ok(figures);
        }
        let _turn = kept.computing.lock().await;
        // Read before counting: a write committed meanwhile changes the version again, so the
        // figures are never kept under a version newer than the data they saw.
        let version = self.0.version.current(db).await?;
        if let Some(figures) = kept.get(&key, &version) {
            return Ok(figures);
        }
        let figures = count().await?;
        self.0.computations.fetch_add(1, Ordering::Relaxed);
        kept.keep(key, version, figures.clone());
        Ok(figures)
    }
}
