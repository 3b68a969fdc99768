//! Backups: SQLite's backup command while cases are being saved, restored and compared table by
//! table, sealed with the operator's key; what a restore refuses; and PostgreSQL's own
//! `pg_dump` / `pg_restore`, restored and compared.

use crate::cases::{consultation_opening_a_case, get_case, version_of};
use crate::support::{Backend, Session, SpareDatabase, TestApp, within_limit};
use app::domain::access::Role;
use app::server::entities::{audit_entry, case};
use http::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, Statement,
};
use server::backup::{self, ServingLock, sealed::BackupKey};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Every table's rows as text, sorted: two databases hold the same when these are equal.
async fn every_table(db: &DatabaseConnection) -> BTreeMap<String, Vec<String>> {
    let backend = db.get_database_backend();
    let texts = |sql: String| async move {
        db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .expect("the query runs")
            .iter()
            .map(|row| row.try_get::<String>("", "text").expect("a text column"))
            .collect::<Vec<String>>()
    };
    let tables = texts(match backend {
        DbBackend::Sqlite => "SELECT name AS text FROM sqlite_master \
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            .to_owned(),
        _ => "SELECT CAST(table_name AS TEXT) AS text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            .to_owned(),
    })
    .await;
    let mut contents = BTreeMap::new();
    for table in tables {
        let rows_sql = match backend {
            DbBackend::Sqlite => {
                let columns =
                    texts(format!("SELECT name AS text FROM pragma_table_info('{table}')")).await;
                let quoted: Vec<String> =
                    columns.iter().map(|column| format!(r#"quote("{column}")"#)).collect();
                format!(r#"SELECT {} AS text FROM "{table}""#, quoted.join(" || '|' || "))
            }
            _ => format!(r#"SELECT CAST(t AS TEXT) AS text FROM "{table}" AS t"#),
        };
        let mut rows = texts(rows_sql).await;
        rows.sort();
        contents.insert(table, rows);
    }
    contents
}

async fn updates_recorded(db: &DatabaseConnection, id: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("case.updated"))
        .filter(audit_entry::Column::EntityId.eq(id))
        .count(db)
        .await
        .expect("the audit trail")
}

/// Saves the case's notes from `version` and returns the new version.
async fn save_notes(
    app: &TestApp,
    session: &Session,
    id: &str,
    version: &str,
    notes: &str,
) -> String {
    let version: i32 = version.parse().expect("a version");
    let response = crate::races::save_notes(app, session, id, version, notes).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.body.trim().to_owned()
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

async fn a_backup_taken_while_cases_are_saved_holds_one_moment_and_restores_every_table(
    app: TestApp,
) {
    let app = Arc::new(app);
    let coordinator = app.signed_in_as(Role::Coordinator).await;
    let id =
        consultation_opening_a_case(&app, &coordinator, "中村 六郎", "なかむら ろくろう").await;
    let (_, opened) = get_case(&app, &coordinator, &id).await;
    let first_version: i32 = version_of(&opened).parse().expect("a version");

    // A coordinator keeps saving the case while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let saves = Arc::new(AtomicU32::new(0));
    let writer = tokio::spawn({
        let (app, stop, saves, id) = (app.clone(), stop.clone(), saves.clone(), id.clone());
        async move {
            let mut version = first_version.to_string();
            while !stop.load(Ordering::SeqCst) {
                let count = saves.load(Ordering::SeqCst);
                version =
                    save_notes(&app, &coordinator, &id, &version, &format!("save {count}")).await;
                saves.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    while saves.load(Ordering::SeqCst) < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let directory = tempfile::tempdir().expect("a directory for backups");
    let key = BackupKey::generate().expect("a key");
    let sealed = directory.path().join("during-saves.backup");
    let report = backup::backup(&app.db, &app.database_url(), &sealed, Some(&key))
        .await
        .expect("a backup while the case is saved");
    assert!(report.encrypted && report.bytes > 0);
    let saved_during = saves.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("the writer stopped");
    let raw = std::fs::read(&sealed).expect("the backup");
    assert!(!raw.windows(15).any(|window| window == b"SQLite format 3"), "sealed, not plain");

    // Restored, the backup holds a moment between two saves: every save in it has its audit
    // row, and no audit row lacks its save.
    let restored = SpareDatabase::sqlite();
    backup::restore(&restored.url(), &sealed, Some(&key), false).await.expect("the restore");
    let copy = Database::connect(restored.url()).await.expect("the restored database opens");
    let case_id: uuid::Uuid = id.parse().expect("a case id");
    let copied = case::Entity::find_by_id(case_id).one(&copy).await.unwrap().expect("the case");
    let saves_in_copy = copied.version - first_version;
    assert!(saves_in_copy >= 5, "the saves before the backup are in it: {saves_in_copy}");
    assert!(saves_in_copy <= i32::try_from(saved_during).unwrap() + 1);
    assert_eq!(updates_recorded(&copy, &id).await, u64::try_from(saves_in_copy).unwrap());
    copy.close().await.ok();

    // With the writes over, a plain backup restores to every table as the database holds it.
    let plain = directory.path().join("quiet.backup");
    backup::backup(&app.db, &app.database_url(), &plain, None).await.expect("a plain backup");
    let again = SpareDatabase::sqlite();
    backup::restore(&again.url(), &plain, None, false).await.expect("the restore");
    let copy = Database::connect(again.url()).await.expect("the restored database opens");
    let (original, restored) = (every_table(&app.db).await, every_table(&copy).await);
    assert!(original.len() >= 30, "every table: {:?}", original.keys());
    assert!(original["audit_log"].len() > 5 && original["cases"].len() == 1);
    assert_eq!(original, restored);
    copy.close().await.ok();
}

async fn a_restore_refuses_a_wrong_key_a_changed_file_and_a_served_database(app: TestApp) {
    let directory = tempfile::tempdir().expect("a directory for backups");
    let key = BackupKey::generate().expect("a key");
    let sealed = directory.path().join("koken.backup");
    backup::backup(&app.db, &app.database_url(), &sealed, Some(&key)).await.expect("a backup");
    let refused = backup::backup(&app.db, &app.database_url(), &sealed, Some(&key)).await;
    assert!(refused.unwrap_err().to_string().contains("never replaces"), "no overwrite");

    let target = SpareDatabase::sqlite();
    let path = target.sqlite_path().expect("a file").to_owned();
    let refusal = |result: anyhow::Result<()>| format!("{:#}", result.expect_err("refused"));
    let other_key = BackupKey::generate().expect("a key");
    let wrong_key = refusal(backup::restore(&target.url(), &sealed, Some(&other_key), false).await);
    assert!(wrong_key.contains("another key"), "{wrong_key}");
    let no_key = refusal(backup::restore(&target.url(), &sealed, None, false).await);
    assert!(no_key.contains("--key"), "{no_key}");
    let mut bytes = std::fs::read(&sealed).expect("the backup");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let changed = directory.path().join("changed.backup");
    std::fs::write(&changed, bytes).expect("a changed copy");
    let tampered = refusal(backup::restore(&target.url(), &changed, Some(&key), false).await);
    assert!(tampered.contains("changed or cut short"), "{tampered}");
    assert!(!path.exists(), "nothing was put in the database's place");

    // While a server holds the database, nothing replaces it.
    let served = ServingLock::acquire(&path).expect("the server's lock");
    let busy = refusal(backup::restore(&target.url(), &sealed, Some(&key), true).await);
    assert!(busy.contains("stop it first"), "{busy}");
    drop(served);
    backup::restore(&target.url(), &sealed, Some(&key), false).await.expect("restored");
    let existing = refusal(backup::restore(&target.url(), &sealed, Some(&key), false).await);
    assert!(existing.contains("--replace"), "{existing}");
    backup::restore(&target.url(), &sealed, Some(&key), true).await.expect("replaced");
    let copy = Database::connect(sqlite_url(&path)).await.expect("the restored database opens");
    assert_eq!(every_table(&copy).await, every_table(&app.db).await);
    // Only their owner may read a backup or a restored database: they hold every record.
    use std::os::unix::fs::PermissionsExt;
    for file in [&sealed, &path] {
        let mode = std::fs::metadata(file).expect("the file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    copy.close().await.ok();
}

/// PostgreSQL is backed up with its own tools (README, Backups): a custom-format dump, restored
/// into an empty database, holds every table as it was.
async fn postgres_dump_and_restore_bring_back_every_table(app: TestApp) {
    let coordinator = app.signed_in_as(Role::Coordinator).await;
    let id =
        consultation_opening_a_case(&app, &coordinator, "小林 七郎", "こばやし しちろう").await;
    let (_, opened) = get_case(&app, &coordinator, &id).await;
    save_notes(&app, &coordinator, &id, &version_of(&opened), "復元の確認").await;
    let refused =
        backup::backup(&app.db, &app.database_url(), Path::new("/nonexistent"), None).await;
    assert!(refused.unwrap_err().to_string().contains("pg_dump"));

    let directory = tempfile::tempdir().expect("a directory for the dump");
    let dump = directory.path().join("koken.dump");
    let status = std::process::Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--file")
        .arg(&dump)
        .arg(app.database_url())
        .status()
        .expect("pg_dump runs");
    assert!(status.success(), "pg_dump: {status}");
    let target = SpareDatabase::postgres().await;
    let status = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname", &target.url()])
        .arg(&dump)
        .status()
        .expect("pg_restore runs");
    assert!(status.success(), "pg_restore: {status}");
    let copy = Database::connect(target.url()).await.expect("the restored database opens");
    let (original, restored) = (every_table(&app.db).await, every_table(&copy).await);
    assert!(original.len() >= 30, "every table: {:?}", original.keys());
    assert!(original["audit_log"].iter().any(|row| row.contains("case.updated")));
    assert_eq!(original, restored);
    copy.close().await.ok();
}

mod backup_during_saves {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        let app = TestApp::start(Backend::Sqlite).await.expect("SQLite is always available");
        within_limit(
            a_backup_taken_while_cases_are_saved_holds_one_moment_and_restores_every_table(app),
        )
        .await;
    }
}

#[tokio::test]
async fn a_restore_refuses_what_it_must() {
    let app = TestApp::start(Backend::Sqlite).await.expect("SQLite is always available");
    within_limit(a_restore_refuses_a_wrong_key_a_changed_file_and_a_served_database(app)).await;
}

#[tokio::test]
async fn postgres_dump_and_restore() {
    let Some(app) = TestApp::start(Backend::Postgres).await else {
        eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
        return;
    };
    within_limit(postgres_dump_and_restore_bring_back_every_table(app)).await;
}
