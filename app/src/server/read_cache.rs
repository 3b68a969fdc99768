//! What requests read again and again, kept between requests for as long as the database has
//! not changed ([`DataVersion`]):
//!
//! - the manager dashboard's figures (about 15 aggregate queries at 10,000 cases) and the
//!   statistics page's two tables, which managers and coordinators reload all day;
//! - the case list's pages (a count, a page of rows and the filter choices), the most
//!   requested page of the app;
//! - the session behind a session cookie and the settings every request consults.
//!
//! Any committed write, by this server or another on the same database, makes the next request
//! read again, so nothing served from here is older than the data: a request served from the
//! cache asks the database one cheap question (its version) instead of reading. A user's scope
//! is checked before the cache is asked, and every key holds the scope, so nobody sees records
//! beyond their reach. Sessions are kept by their id (the token's hash, never the token) and
//! without the user's secrets.
//!
//! One cache per application (the router makes it), never a process-wide one: tests run many
//! applications in one process.

use crate::api::AppError;
use crate::api::cases::CaseListPage;
use crate::api::dashboard::Dashboard;
use crate::api::statistics::{CentreFigures, CourtStatistics};
use crate::domain::case_list::CaseListQuery;
use crate::domain::dates::japan_date;
use crate::domain::statistics::StatisticsPeriod;
use crate::server::case_scope::CaseScope;
use crate::server::data_version::DataVersion;
use crate::server::kept::{Computing, Kept};
use crate::server::sessions::{self, OpenSession};
use crate::server::settings::{self, Flag};
use crate::server::{dashboard, statistics};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::hash::Hash;
use std::sync::Arc;

/// The application's read cache, or (made by [`ReadCache::pass_through`]) none: every read
/// goes to the database.
#[derive(Clone)]
pub struct ReadCache(Option<Arc<Inner>>);

struct Inner {
    version: DataVersion,
    /// Per scope and day: overdue deadlines and the trends move with the date.
    dashboards: Kept<(CaseScope, NaiveDate), Dashboard>,
    court: Kept<(CaseScope, StatisticsPeriod), CourtStatistics>,
    centre: Kept<(CaseScope, StatisticsPeriod), CentreFigures>,
    /// Per read scope, write scope (which rows may be handed over) and filters.
    case_lists: Kept<(CaseScope, CaseScope, CaseListQuery), CaseListPage>,
    /// Per session id. A session that does not exist is not kept: made-up tokens would fill it.
    sessions: Kept<String, OpenSession>,
    flags: Kept<&'static str, Flag>,
}

/// The application's cache from the request's context; without one (a bare test context),
/// none.
pub fn read_cache() -> ReadCache {
    leptos::prelude::use_context::<ReadCache>().unwrap_or_else(ReadCache::pass_through)
}

/// A data version read once for a whole page view. The session layer reads it when it checks
/// the session and leaves it in the request's extensions; the page's reads through the cache
/// are then all as of that moment: one question to the database per page instead of one per
/// read. Only page views (GET) use it: a page view writes nothing that a kept value depends on
/// (opening a case file writes its audit row, which nothing kept counts), whereas a server
/// function that writes and then reads must see its own write, so it asks again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSeen(String);

/// The version the session layer saw for this request, if it is a page view.
fn seen_by_this_page() -> Option<VersionSeen> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    if parts.method != http::Method::GET {
        return None;
    }
    parts.extensions.get::<VersionSeen>().cloned()
}

impl ReadCache {
    /// A cache of what is read from `db`.
    pub fn new(db: &DatabaseConnection) -> ReadCache {
        ReadCache(Some(Arc::new(Inner {
            version: DataVersion::new(db),
            dashboards: Kept::default(),
            court: Kept::default(),
            centre: Kept::default(),
            // A page is about 25 KB, and up to 70 KB more with its texts written (the rows' HTML
            // in two languages, the hydration data: api/prerendered.rs): at most 20 MB.
            case_lists: Kept::holding_at_most(200),
            sessions: Kept::default(),
            flags: Kept::default(),
        })))
    }

    /// No cache: every read goes to the database.
    pub fn pass_through() -> ReadCache {
        ReadCache(None)
    }

    /// The data version now, for a page view's reads to share (none without a cache).
    pub async fn see_version(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<Option<VersionSeen>, DbErr> {
        match &self.0 {
            Some(inner) => Ok(Some(VersionSeen(inner.version.current(db).await?))),
            None => Ok(None),
        }
    }

    /// The dashboard's figures for `scope` as of `now`.
    pub async fn dashboard(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        now: DateTime<Utc>,
    ) -> Result<Dashboard, AppError> {
        let key = (scope, japan_date(now));
        let count = || dashboard::dashboard(db, scope, now);
        let seen = seen_by_this_page();
        self.through(db, seen, |inner| &inner.dashboards, Computing::OneAtATime, key, count).await
    }

    /// The court report's categories for `scope` over `period`.
    pub async fn court(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        period: StatisticsPeriod,
    ) -> Result<CourtStatistics, AppError> {
        let count = || statistics::court(db, scope, period);
        let key = (scope, period);
        let seen = seen_by_this_page();
        self.through(db, seen, |inner| &inner.court, Computing::OneAtATime, key, count).await
    }

    /// The centre's own figures for `scope` over `period`.
    pub async fn centre(
        &self,
        db: &DatabaseConnection,
        scope: CaseScope,
        period: StatisticsPeriod,
    ) -> Result<CentreFigures, AppError> {
        let count = || statistics::centre(db, scope, period);
        let key = (scope, period);
        let seen = seen_by_this_page();
        self.through(db, seen, |inner| &inner.centre, Computing::OneAtATime, key, count).await
    }

    /// A page of the case list as `read` (within `read_scope`) makes it, for a user who may
    /// change the cases of `write_scope`.
    pub async fn case_list<Read>(
        &self,
        db: &DatabaseConnection,
        read_scope: CaseScope,
        write_scope: CaseScope,
        query: &CaseListQuery,
        read: impl FnOnce() -> Read,
    ) -> Result<CaseListPage, AppError>
    where
        Read: Future<Output = Result<CaseListPage, AppError>>,
    {
        let key = (read_scope, write_scope, query.clone());
        let seen = seen_by_this_page();
        self.through(db, seen, |inner| &inner.case_lists, Computing::Concurrently, key, read).await
    }

    /// The session with the id `id`, with what the request needs of its user, as of the
    /// version `seen` (read now if none).
    pub async fn session(
        &self,
        db: &DatabaseConnection,
        id: &str,
        seen: Option<&VersionSeen>,
    ) -> Result<Option<OpenSession>, DbErr> {
        let read = || async { sessions::find(db, id).await?.ok_or(Absent) };
        match self
            .through(
                db,
                seen.cloned(),
                |inner| &inner.sessions,
                Computing::Concurrently,
                id.to_owned(),
                read,
            )
            .await
        {
            Ok(session) => Ok(Some(session)),
            Err(Absent) => Ok(None),
            Err(Failed(error)) => Err(error),
        }
    }

    /// A boolean setting. `db` may be a transaction: settings are written only by their own
    /// functions, which never read through the cache, so no transaction's own change is kept.
    pub async fn flag(&self, db: &impl ConnectionTrait, key: &'static str) -> Result<Flag, DbErr> {
        self.flag_as_of(db, key, seen_by_this_page().as_ref()).await
    }

    /// A boolean setting as of the version `seen` (read now if none).
    pub async fn flag_as_of(
        &self,
        db: &impl ConnectionTrait,
        key: &'static str,
        seen: Option<&VersionSeen>,
    ) -> Result<Flag, DbErr> {
        let read = || settings::flag(db, key);
        self.through(db, seen.cloned(), |inner| &inner.flags, Computing::Concurrently, key, read)
            .await
    }

    /// How many times figures (dashboards, statistics) were counted since the cache was made.
    pub fn computations(&self) -> u64 {
        self.0.as_ref().map_or(0, |inner| {
            inner.dashboards.computed() + inner.court.computed() + inner.centre.computed()
        })
    }

    /// How many times a case list page was read from the database since the cache was made.
    pub fn case_list_reads(&self) -> u64 {
        self.0.as_ref().map_or(0, |inner| inner.case_lists.computed())
    }

    async fn through<K, V, E, Computed>(
        &self,
        db: &impl ConnectionTrait,
        seen: Option<VersionSeen>,
        table: impl FnOnce(&Inner) -> &Kept<K, V>,
        computing: Computing,
        key: K,
        compute: impl FnOnce() -> Computed,
    ) -> Result<V, E>
    where
        K: Eq + Hash,
        V: Clone,
        E: From<DbErr>,
        Computed: Future<Output = Result<V, E>>,
    {
        let Some(inner) = &self.0 else {
            return compute().await;
        };
        let version = || {
            let seen = seen.clone();
            async move {
                match seen {
                    Some(VersionSeen(version)) => Ok(version),
                    None => inner.version.current(db).await,
                }
            }
        };
        table(inner).through(version, computing, key, compute).await
    }
}

/// Why a session was not read: it does not exist, or the database failed.
enum SessionMiss {
    Absent,
    Failed(DbErr),
}
use SessionMiss::{Absent, Failed};

impl From<DbErr> for SessionMiss {
    fn from(error: DbErr) -> Self {
        Failed(error)
    }
}
