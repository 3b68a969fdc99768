//! Transactions that write, and the queue SQLite's writers wait in.
//!
//! SQLite lets one writer in at a time. The others wait in its busy handler, which polls the
//! lock in sleeps of up to 100 ms, each holding one of the pool's few connections: under the
//! soak's load the waiting writers held the connections the reads needed, and the lock stood
//! idle between a commit and the next writer's wake-up. So this process's writers queue here,
//! in order and without a connection, and only the one at the head takes a connection and the
//! lock. The busy timeout still covers other processes on the same file (a backup, the CLI).

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, Statement, TransactionTrait,
};
use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a writer waits for its turn before it gives up, as SQLite's busy timeout would.
const TURN_TIMEOUT: Duration = Duration::from_secs(5);

/// One queue per database file, so that tests with databases of their own do not wait on
/// each other.
static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<Semaphore>>>> = LazyLock::new(Default::default);

/// A transaction that writes; on SQLite it holds the file's turn until it ends.
pub struct WriteTransaction {
    transaction: DatabaseTransaction,
    _turn: Option<OwnedSemaphorePermit>,
}

/// Begins a transaction that writes. On SQLite it waits for its turn and then takes the write
/// lock at once (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later
/// fails with "database is locked" (SQLITE_BUSY_SNAPSHOT) when another writer committed in
/// between, and the busy timeout cannot wait that out. PostgreSQL begins as usual.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTransaction, DbErr> {
    let turn = match db.get_database_backend() {
        DbBackend::Sqlite => Some(wait_for_turn(db).await?),
        _ => None,
    };
    let transaction = db
        .begin_with_options(sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTransaction { transaction, _turn: turn })
}

async fn wait_for_turn(db: &DatabaseConnection) -> Result<OwnedSemaphorePermit, DbErr> {
    let file = db.get_sqlite_connection_pool().connect_options().get_filename().to_owned();
    let queue = {
        let mut queues = QUEUES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        queues.entry(file).or_insert_with(|| Arc::new(Semaphore::new(1))).clone()
    };
    match tokio::time::timeout(TURN_TIMEOUT, queue.acquire_owned()).await {
        Ok(Ok(turn)) => Ok(turn),
        // The message SQLite itself gives, so that callers and logs treat both alike.
        _ => Err(DbErr::Custom("database is locked (waited too long for the write turn)".into())),
    }
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.transaction.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.transaction.rollback().await
    }
}

impl Deref for WriteTransaction {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.transaction
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTransaction {
    fn get_database_backend(&self) -> DbBackend {
        self.transaction.get_database_backend()
    }

    async fn execute_raw(&self, statement: Statement) -> Result<ExecResult, DbErr> {
        self.transaction.execute_raw(statement).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.transaction.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, statement: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.transaction.query_one_raw(statement).await
    }

    async fn query_all_raw(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.transaction.query_all_raw(statement).await
    }

    fn support_returning(&self) -> bool {
        self.transaction.support_returning()
    }
}
