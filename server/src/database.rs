//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

/// How long a SQLite writer waits for another writer's lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite connections in the pool. sea-orm opens one unless told otherwise, which queues every
/// query of every request behind the one before; in WAL mode readers do not block each other
/// or the writer, and writers take turns on the write lock (`BEGIN IMMEDIATE` and the busy
/// timeout), so a few connections let concurrent requests read side by side.
const SQLITE_CONNECTIONS: u32 = 4;

/// SQLite's page cache per connection, in KiB (SQLite's default is 2,000): the indexes the
/// lists and figures read stay in memory. Measured at 10,000 cases, 16 MB per connection took
/// the server to 121 MB resident when idle (budget 60 MB).
const SQLITE_CACHE_KIB: u32 = 4 * 1024;

/// Statements slower than this are logged as warnings, on both databases.
const SLOW_STATEMENT: Duration = Duration::from_millis(250);

/// Opens a connection pool. SQLite gets the settings a multi-user server needs: WAL (readers
/// never block the writer), enforced foreign keys (off by default in SQLite), a busy timeout
/// instead of an immediate "database is locked", `synchronous=FULL` so a committed
/// transaction survives a power cut, a few connections and a larger page cache.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, SLOW_STATEMENT)
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .synchronous(SqliteSynchronous::Full)
                .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"))
        });
    if url.starts_with("sqlite:") {
        options.max_connections(SQLITE_CONNECTIONS);
    }
    Database::connect(options)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

/// Opens the database and applies every pending migration.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<DatabaseConnection> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("cannot migrate the database")
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://koken:s3cret@db:5432/koken"),
            "postgres://koken:***@db:5432/koken"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/koken"),
            "postgres://postgres@127.0.0.1/koken"
        );
        assert_eq!(redact("sqlite://data/koken.db?mode=rwc"), "sqlite://data/koken.db?mode=rwc");
    }
}
