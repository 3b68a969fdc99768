//! The test harness: starts the application on a fresh, isolated database and talks HTTP to it.
//!
//! Every test that touches the database is written once with [`db_test!`] and runs twice: on a
//! SQLite file of its own and on a PostgreSQL database of its own. Both are copied from a
//! template migrated once per test process, so a test pays for a file copy or a
//! `CREATE DATABASE … TEMPLATE`, not for the migrations.
//!
//! PostgreSQL is found at `KOKEN_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, an account that may create databases). The
//! PostgreSQL half fails with a clear message when it cannot connect; setting
//! `KOKEN_SKIP_POSTGRES=1` skips it explicitly (never done in CI).

use app::domain::access::Role;
use axum::Router;
use axum::body::Body;
use chrono::{DateTime, Utc};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::Config;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex as StdMutex};
use tokio::sync::{Mutex, OnceCell};
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The longest a database test may take: a hang fails with the test's name instead of
/// stalling the whole run (one was seen once on SQLite under the full parallel load).
pub const TEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(180);

pub async fn within_limit(test: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(TEST_TIME_LIMIT, test)
        .await
        .expect("the test finished within its time limit (see TEST_TIME_LIMIT)");
}

/// Declares a test that runs on both databases, as `name::on_sqlite` and `name::on_postgres`.
macro_rules! db_test {
    (async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn on_sqlite() {
                let $app = $crate::support::TestApp::start($crate::support::Backend::Sqlite)
                    .await
                    .expect("SQLite is always available");
                $crate::support::within_limit(async move { $body }).await;
            }

            #[tokio::test]
            async fn on_postgres() {
                let Some($app) =
                    $crate::support::TestApp::start($crate::support::Backend::Postgres).await
                else {
                    eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
                    return;
                };
                $crate::support::within_limit(async move { $body }).await;
            }
        }
    };
}
pub(crate) use db_test;

/// The application on a database of its own, removed when the test ends (even on failure).
pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    /// The application's clock: tests move it to prove timeouts without waiting.
    pub clock: TestClock,
    database: TestDatabase,
}

/// A clock that stands still until a test moves it.
#[derive(Clone)]
pub struct TestClock(Arc<StdMutex<DateTime<Utc>>>);

impl TestClock {
    fn new() -> TestClock {
        TestClock(Arc::new(StdMutex::new(Utc::now())))
    }

    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("the clock's lock")
    }

    pub fn advance(&self, by: chrono::Duration) {
        *self.0.lock().expect("the clock's lock") += by;
    }

    pub fn as_app_clock(&self) -> app::server::clock::Clock {
        let clock = self.clone();
        app::server::clock::Clock::from_fn(move || clock.now())
    }
}

/// The password every test account gets.
pub const TEST_PASSWORD: &str = "a long test passphrase";

/// A signed-in browser: the session cookie to send along.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a downloaded file).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `name=value` of the session cookie this response sets (not one it clears).
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|cookie| cookie.starts_with("koken_session=") && !cookie.contains("Max-Age=0"))
            .and_then(|cookie| cookie.split(';').next().map(str::to_owned))
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok().map(str::to_owned))
            .collect()
    }
}

fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

impl TestApp {
    /// `None` only for PostgreSQL when `KOKEN_SKIP_POSTGRES` is set.
    pub async fn start(backend: Backend) -> Option<TestApp> {
        TestApp::start_with(backend, |_| {}).await
    }

    /// Like [`TestApp::start`], with the configuration adjusted first.
    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let database = match backend {
            Backend::Sqlite => TestDatabase::sqlite().await,
            Backend::Postgres => {
                if skip_postgres() {
                    return None;
                }
                TestDatabase::postgres().await
            }
        };
        let mut config = Config::with_database(database.url());
        adjust(&mut config);
        let db = server::startup::open_database(&config).await.expect("the database opens");
        let clock = TestClock::new();
        let router = server::startup::router(&config, db.clone(), clock.as_app_clock());
        Some(TestApp { router, db, clock, database })
    }

    /// The database's URL, for a second connection (another server on the same database).
    pub fn database_url(&self) -> String {
        self.database.url()
    }

    /// Creates an account with [`TEST_PASSWORD`] (coordinators get an office of their own).
    pub async fn create_user(&self, login_id: &str, role: Role) -> uuid::Uuid {
        let office_code = if role == Role::Coordinator {
            let code = format!("office-{login_id}");
            app::server::offices::create(
                &self.db,
                app::server::offices::NewOffice {
                    code: &code, name: "テスト窓口", sort_order: 1
                },
            )
            .await
            .expect("an office");
            Some(code)
        } else {
            None
        };
        let request = app::server::accounts::AccountRequest {
            login_id: login_id.to_owned(),
            display_name: format!("テスト {login_id}"),
            role,
            office_code,
            password: TEST_PASSWORD.to_owned(),
            must_change_password: false,
        };
        app::server::accounts::create_account(
            &self.db,
            self.clock.now(),
            None,
            &Default::default(),
            request,
        )
        .await
        .expect("an account")
    }

    /// Posts the login form; the response says how it went.
    pub async fn submit_sign_in(
        &self,
        login_id: &str,
        password: &str,
        cookie: Option<&str>,
    ) -> TestResponse {
        let form = format!(
            "login_id={}&password={}&next=%2F",
            form_encode(login_id),
            form_encode(password)
        );
        let mut request = Request::post("/auth/sign-in")
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.send(request.body(Body::from(form)).expect("a valid request")).await
    }

    /// Signs in with the right password and returns the session.
    pub async fn sign_in(&self, login_id: &str) -> Session {
        let response = self.submit_sign_in(login_id, TEST_PASSWORD, None).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "sign-in redirects");
        let cookie = response.session_cookie().expect("a session cookie");
        Session { cookie }
    }

    /// Creates a citizen guardian's account linked to a register entry and signs it in.
    pub async fn signed_in_as_guardian(&self, login_id: &str, guardian_id: &str) -> Session {
        use app::server::entities::user;
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let id = self.create_user(login_id, Role::Guardian).await;
        let guardian_id: uuid::Uuid = guardian_id.parse().expect("a guardian id");
        user::ActiveModel {
            id: Set(id),
            guardian_id: Set(Some(guardian_id)),
            ..Default::default()
        }
        .update(&self.db)
        .await
        .expect("the account is linked");
        self.sign_in(login_id).await
    }

    /// Creates an account of the role and signs it in.
    pub async fn signed_in_as(&self, role: Role) -> Session {
        let login_id = format!("test-{}", role.as_str());
        self.create_user(&login_id, role).await;
        self.sign_in(&login_id).await
    }

    pub async fn get_as(&self, session: &Session, path: &str) -> TestResponse {
        self.get_with(path, &[("cookie", &session.cookie)]).await
    }

    /// Calls a server function by its URL, as the browser's wasm does.
    pub async fn call(&self, session: Option<&Session>, path: &str) -> TestResponse {
        self.call_with(session, path, &[]).await
    }

    /// Calls a server function with its arguments as form fields (`name`, `value` pairs;
    /// nested arguments as `query[field]`).
    pub async fn call_with(
        &self,
        session: Option<&Session>,
        path: &str,
        args: &[(&str, &str)],
    ) -> TestResponse {
        let body = args
            .iter()
            .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        if let Some(session) = session {
            request = request.header("cookie", &session.cookie);
        }
        self.send(request.body(Body::from(body)).expect("a valid request")).await
    }

    /// Calls a server function that takes a multipart form (an upload): text fields and one
    /// file field named `file` (its name and bytes), as a browser's form sends them.
    pub async fn call_multipart(
        &self,
        session: Option<&Session>,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> TestResponse {
        const BOUNDARY: &str = "----koken-desk-test-boundary";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((file_name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let mut request = Request::post(path)
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .header("accept", "application/json");
        if let Some(session) = session {
            request = request.header("cookie", &session.cookie);
        }
        self.send(request.body(Body::from(body)).expect("a valid request")).await
    }

    /// The audit trail's action codes, oldest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        use sea_orm::{EntityTrait, QueryOrder};
        app::server::entities::audit_entry::Entity::find()
            .order_by_asc(app::server::entities::audit_entry::Column::Id)
            .all(&self.db)
            .await
            .expect("the audit trail")
            .into_iter()
            .map(|entry| entry.action)
            .collect()
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).expect("a valid request")).await
    }

    pub async fn post_form(&self, path: &str, form: &str) -> TestResponse {
        let request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .expect("a valid request");
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        send(&self.router, request).await
    }
}

/// Sends one request through a router and reads the whole response.
pub async fn send(router: &Router, request: Request<Body>) -> TestResponse {
    let response = router.clone().oneshot(request).await.expect("the router always answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("a readable body").to_bytes();
    let body = String::from_utf8_lossy(&bytes).into_owned();
    TestResponse { status, headers, body, bytes: bytes.to_vec() }
}

fn skip_postgres() -> bool {
    std::env::var("KOKEN_SKIP_POSTGRES").is_ok_and(|value| !value.is_empty() && value != "0")
}

fn postgres_admin_url() -> String {
    std::env::var("KOKEN_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// An empty database of its own beside a test's application (a restore's target), removed
/// when dropped like the application's.
pub struct SpareDatabase(TestDatabase);

impl SpareDatabase {
    /// A SQLite file that does not exist yet, in a directory of its own.
    pub fn sqlite() -> SpareDatabase {
        let dir = tempfile::Builder::new()
            .prefix("koken-spare-")
            .tempdir_in(tests_dir())
            .expect("a temporary directory");
        let path = dir.path().join("koken.db");
        SpareDatabase(TestDatabase::Sqlite { _dir: dir, path })
    }

    /// An empty PostgreSQL database (no tables).
    pub async fn postgres() -> SpareDatabase {
        let name = format!("koken_s_{}_{}", std::process::id(), uuid::Uuid::new_v4().simple());
        let admin = connect_postgres_admin().await;
        admin
            .execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#))
            .await
            .expect("create a spare database");
        admin.close().await.ok();
        SpareDatabase(TestDatabase::Postgres { name })
    }

    pub fn url(&self) -> String {
        self.0.url()
    }

    /// The SQLite file (`None` on PostgreSQL).
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.0 {
            TestDatabase::Sqlite { path, .. } => Some(path),
            TestDatabase::Postgres { .. } => None,
        }
    }
}

/// A database that exists for one test.
enum TestDatabase {
    Sqlite { _dir: tempfile::TempDir, path: PathBuf },
    Postgres { name: String },
}

impl TestDatabase {
    fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { path, .. } => format!("sqlite://{}?mode=rwc", path.display()),
            TestDatabase::Postgres { name } => postgres_url_for(name),
        }
    }

    async fn sqlite() -> TestDatabase {
        let template = sqlite_template().await;
        let dir = tempfile::Builder::new()
            .prefix("koken-test-")
            .tempdir_in(tests_dir())
            .expect("a temporary directory");
        let path = dir.path().join("koken.db");
        std::fs::copy(template, &path).expect("copy the SQLite template");
        TestDatabase::Sqlite { _dir: dir, path }
    }

    async fn postgres() -> TestDatabase {
        let template = postgres_template().await;
        let name = format!("koken_t_{}_{}", std::process::id(), uuid::Uuid::new_v4().simple());
        let admin = connect_postgres_admin().await;
        // CREATE DATABASE fails if the template is in use, and concurrent copies of one
        // template count as "in use": copy one at a time.
        static COPYING: Mutex<()> = Mutex::const_new(());
        let _one_at_a_time = COPYING.lock().await;
        admin
            .execute_unprepared(&format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#))
            .await
            .expect("create the test database from the template");
        admin.close().await.ok();
        TestDatabase::Postgres { name }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // The SQLite file goes with its TempDir. A PostgreSQL database is dropped on a thread
        // of its own: Drop cannot await, and the test's runtime may already be shutting down.
        if let TestDatabase::Postgres { name } = self {
            let name = name.clone();
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                runtime.block_on(async {
                    let admin = Database::connect(postgres_admin_url()).await?;
                    admin
                        .execute_unprepared(&format!(
                            r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
                        ))
                        .await?;
                    admin.close().await
                })?;
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("could not drop a test database; the next test run removes it");
            }
        }
    }
}

/// Where test files go: under `target/`, so `cargo clean` removes any leftovers.
fn tests_dir() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

/// A SQLite file migrated once per test process, copied for every test.
async fn sqlite_template() -> &'static Path {
    static TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            remove_stale_sqlite_templates();
            let path = tests_dir().join(format!("koken-template-{}.db", std::process::id()));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            let url = format!("sqlite://{}?mode=rwc", path.display());
            let db = server::database::connect_and_migrate(&url)
                .await
                .expect("migrate the SQLite template");
            // Fold the write-ahead log into the main file, so copying that one file is enough.
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
            db.close().await.expect("close the SQLite template");
            path
        })
        .await
}

fn remove_stale_sqlite_templates() {
    let Ok(entries) = std::fs::read_dir(tests_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name.strip_prefix("koken-template-").and_then(|rest| rest.split('.').next());
        if pid.is_some_and(|pid| !process_is_alive(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_is_alive(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
}

fn postgres_url_for(database: &str) -> String {
    let admin = postgres_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{database}")
}

async fn connect_postgres_admin() -> DatabaseConnection {
    let url = postgres_admin_url();
    match Database::connect(url.as_str()).await {
        Ok(db) => db,
        Err(error) => panic!(
            "\nPostgreSQL is not reachable at {url}: {error}\n\
             Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` \
             (the README's test command does this), point KOKEN_TEST_POSTGRES_URL at another server, \
             or set KOKEN_SKIP_POSTGRES=1 to skip the PostgreSQL half of the tests.\n"
        ),
    }
}

/// A PostgreSQL database migrated once per test process, the template of every test database.
/// Databases left behind by earlier, killed test processes are removed first.
async fn postgres_template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let admin = connect_postgres_admin().await;
            remove_stale_postgres_databases(&admin).await;
            let name = format!("koken_tpl_{}", std::process::id());
            admin
                .execute_unprepared(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                .await
                .expect("drop an old template");
            admin
                .execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#))
                .await
                .expect("create the PostgreSQL template");
            admin.close().await.ok();
            let db = server::database::connect_and_migrate(&postgres_url_for(&name))
                .await
                .expect("migrate the PostgreSQL template");
            db.close().await.expect("close the PostgreSQL template");
            name
        })
        .await
}

async fn remove_stale_postgres_databases(admin: &DatabaseConnection) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'koken\\_t%'",
        ))
        .await
        .expect("list the test databases");
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else { continue };
        let pid = name
            .strip_prefix("koken_tpl_")
            .or_else(|| name.strip_prefix("koken_t_").and_then(|rest| rest.split('_').next()));
        if pid.is_some_and(|pid| !process_is_alive(pid)) {
            let _ = admin
                .execute_unprepared(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                .await;
        }
    }
}
