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

use axum::Router;
use axum::body::Body;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::Config;
use std::path::{Path, PathBuf};
use tokio::sync::{Mutex, OnceCell};
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
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
                $body
            }

            #[tokio::test]
            async fn on_postgres() {
                let Some($app) =
                    $crate::support::TestApp::start($crate::support::Backend::Postgres).await
                else {
                    eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
                    return;
                };
                $body
            }
        }
    };
}
pub(crate) use db_test;

/// The application on a database of its own, removed when the test ends (even on failure).
pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    _database: TestDatabase,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

impl TestApp {
    /// `None` only for PostgreSQL when `KOKEN_SKIP_POSTGRES` is set.
    pub async fn start(backend: Backend) -> Option<TestApp> {
        let database = match backend {
            Backend::Sqlite => TestDatabase::sqlite().await,
            Backend::Postgres => {
                if skip_postgres() {
                    return None;
                }
                TestDatabase::postgres().await
            }
        };
        let config = Config::with_database(database.url());
        let app = server::build_app(&config).await.expect("the application starts");
        Some(TestApp { router: app.router, db: app.db, _database: database })
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
    TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

fn skip_postgres() -> bool {
    std::env::var("KOKEN_SKIP_POSTGRES").is_ok_and(|value| !value.is_empty() && value != "0")
}

fn postgres_admin_url() -> String {
    std::env::var("KOKEN_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
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
