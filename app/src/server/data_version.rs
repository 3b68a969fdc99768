//! Whether anything in the database has changed since a moment: the cheap question a cache of
//! computed figures asks before it answers from memory. Exact on both databases, and across
//! server processes sharing one database, so a cache that asks it never serves figures older
//! than the last committed write.
//!
//! - PostgreSQL: the current snapshot (`pg_current_snapshot()`), whose bounds move whenever a
//!   transaction that wrote anything commits or aborts. Transaction ids are the cluster's, so a
//!   write to another database of the same cluster changes it too: a busy neighbour makes the
//!   cache count more often, never answer with older figures.
//! - SQLite: `PRAGMA data_version`, which changes when *another* connection commits. It is read
//!   on a connection of its own that never writes, so every commit is another connection's.

use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::sqlx::{Connection, SqliteConnection};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use tokio::sync::{Mutex, OnceCell};

pub struct DataVersion {
    /// SQLite: the pool's options, for the watching connection.
    sqlite: Option<SqliteConnectOptions>,
    /// SQLite's watching connection, opened on first use.
    watcher: OnceCell<Mutex<SqliteConnection>>,
}

impl DataVersion {
    /// Watches the database `db` connects to.
    pub fn new(db: &DatabaseConnection) -> DataVersion {
        let sqlite = (db.get_database_backend() == DbBackend::Sqlite)
            .then(|| db.get_sqlite_connection_pool().connect_options().as_ref().clone());
        DataVersion { sqlite, watcher: OnceCell::new() }
    }

    /// A token that is equal to an earlier one only if no write was committed in between.
    /// On PostgreSQL it is asked through `db` (the caller's connection or transaction: no
    /// second connection is taken from the pool); on SQLite through the watching connection.
    pub async fn current(&self, db: &impl ConnectionTrait) -> Result<String, DbErr> {
        match &self.sqlite {
            Some(options) => self.sqlite(options).await,
            None => {
                let statement = Statement::from_string(
                    db.get_database_backend(),
                    "SELECT CAST(pg_current_snapshot() AS TEXT) AS version",
                );
                let row = db
                    .query_one_raw(statement)
                    .await?
                    .ok_or_else(|| DbErr::RecordNotFound("pg_current_snapshot".into()))?;
                row.try_get::<String>("", "version")
            }
        }
    }

    async fn sqlite(&self, options: &SqliteConnectOptions) -> Result<String, DbErr> {
        let watcher = self
            .watcher
            .get_or_try_init(|| async {
                let connection =
                    SqliteConnection::connect_with(options).await.map_err(sqlx_error)?;
                Ok::<_, DbErr>(Mutex::new(connection))
            })
            .await?;
        let mut connection = watcher.lock().await;
        let version: i64 = sea_orm::sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut *connection)
            .await
            .map_err(sqlx_error)?;
        Ok(version.to_string())
    }
}

fn sqlx_error(error: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Conn(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(error)))
}
