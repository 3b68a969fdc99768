use crate::support::{Backend, db_test};
use sea_orm::{ConnectionTrait, Statement};
use server::Config;

async fn pragma(db: &sea_orm::DatabaseConnection, name: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), format!("PRAGMA {name}")))
        .await
        .expect("a pragma query")
        .expect("one row");
    row.try_get_by_index::<i64>(0)
        .map(|number| number.to_string())
        .or_else(|_| row.try_get_by_index::<String>(0))
        .expect("a value")
}

#[tokio::test]
async fn sqlite_runs_with_wal_foreign_keys_full_sync_a_busy_timeout_and_a_memory_map() {
    let app = crate::support::TestApp::start(Backend::Sqlite).await.expect("SQLite");
    assert_eq!(pragma(&app.db, "journal_mode").await, "wal");
    assert_eq!(pragma(&app.db, "foreign_keys").await, "1");
    assert_eq!(pragma(&app.db, "synchronous").await, "2", "2 is FULL");
    assert_eq!(pragma(&app.db, "busy_timeout").await, "5000");
    assert_eq!(pragma(&app.db, "mmap_size").await, (1u64 << 30).to_string());
}

/// SQLite lets one writer in at a time; the others queue in the process without holding a
/// connection. With one writer holding the lock and eight more waiting, a read still gets one of
/// the pool's connections at once (waiting in SQLite's busy handler instead, the writers took
/// them all and the read waited for their busy timeout).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_writers_queue_for_the_lock_without_taking_the_connections_reads_need() {
    use app::server::begin_write;
    use std::time::Duration;
    let app = crate::support::TestApp::start(Backend::Sqlite).await.expect("SQLite");
    let first = begin_write(&app.db).await.expect("the first writer holds the lock");
    let waiting: Vec<_> = (0..8)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move { begin_write(&db).await?.commit().await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let read = Statement::from_string(app.db.get_database_backend(), "SELECT count(*) FROM users");
    let answered = tokio::time::timeout(Duration::from_secs(3), app.db.query_one_raw(read)).await;
    assert!(matches!(answered, Ok(Ok(Some(_)))), "the read got a connection: {answered:?}");
    first.commit().await.expect("the first writer commits");
    for writer in waiting {
        writer.await.expect("the writer's task").expect("each waiting writer had its turn");
    }
}

#[tokio::test]
async fn the_default_sqlite_file_is_created_under_the_data_directory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = dir.path().join("data");
    let mut config = Config::with_database("unused");
    config.database_url = None;
    config.data_dir = data_dir.clone();

    let app = server::build_app(&config).await.expect("the application starts");
    let response = crate::support::send(
        &app.router,
        http::Request::get("/healthz").body(axum::body::Body::empty()).expect("a request"),
    )
    .await;

    assert_eq!(response.status, http::StatusCode::OK);
    assert!(data_dir.join("koken.db").is_file(), "data/koken.db exists");
}

db_test! {
    async fn migrations_applied_at_start_are_not_applied_twice(app) {
        // The app already migrated its database; migrating again must change nothing.
        server::database::migrate(&app.db).await.expect("a second migration run");
        let count = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM seaql_migrations",
            ))
            .await
            .expect("a query")
            .expect("a row")
            .try_get::<i64>("", "n")
            .expect("a count");
        assert_eq!(count, i64::try_from(<migrations::Migrator as migrations::MigratorTrait>::migrations().len()).expect("fits"));
    }
}

db_test! {
    async fn office_codes_are_unique(app) {
        use app::server::offices::{self, NewOffice};
        offices::create(&app.db, NewOffice { code: "midori", name: "緑区", sort_order: 1 })
            .await
            .expect("the first office");
        let duplicate = offices::create(&app.db, NewOffice { code: "midori", name: "緑区 2", sort_order: 2 }).await;
        assert!(duplicate.is_err(), "a second office with the same code is refused");
    }
}

db_test! {
    async fn demo_data_is_loaded_once(app) {
        assert!(server::seed::load_demo_data(&app.db).await.expect("seed"));
        assert!(!server::seed::load_demo_data(&app.db).await.expect("seed again"));
        let offices = app::server::offices::list_active(&app.db).await.expect("offices");
        assert_eq!(offices.len(), 3);
        for login_id in ["admin", "manager", "coordinator", "guardian"] {
            let response = app.submit_sign_in(login_id, server::seed::DEMO_PASSWORD, None).await;
            assert!(response.session_cookie().is_some(), "{login_id} signs in");
        }
    }
}
