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

/// How much of the SQLite file its connections read through a memory map instead of copying
/// each page into their own cache with a system call. The connections then share one copy of
/// the pages (the operating system's), and the lists that touch many rows across tables no
/// longer thrash the small per-connection caches: at 10,000 cases the deadline list went from
/// 50 to 169 requests a second (README, Soak). Mapped pages count in the process's resident
/// memory (as file pages the kernel may drop), and an I/O error on the file becomes a SIGBUS
/// instead of an error: the usual trade of SQLite's memory-mapped I/O. A file larger than this
/// is read the usual way past it.
const SQLITE_MMAP_BYTES: u64 = 1 << 30;

/// Statements slower than this are logged as warnings, on both databases.
const SLOW_STATEMENT: Duration = Duration::from_millis(250);

/// Opens a connection pool. SQLite gets the settings a multi-user server needs: WAL (readers
/// never block the writer), enforced foreign keys (off by default in SQLite), a busy timeout
/// instead of an immediate "database is locked", `synchronous=FULL` so a committed
/// transaction survives a power cut, a few connections, a larger page cache and reads through
/// a memory map.
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
                .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
        });
    if url.starts_with("sqlite:") {
        options.max_connections(SQLITE_CONNECTIONS);
    } else if let Some(port) = postgres_tcp_port(url) {
        options.map_sqlx_postgres_pool_opts(move |pool| {
            pool.after_connect(move |_, _| {
                Box::pin(async move {
                    nagle::disable_towards(port);
                    Ok(())
                })
            })
        });
    }
    Database::connect(options)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

/// The port of a PostgreSQL URL that connects over TCP (not through a Unix socket's `host=`).
fn postgres_tcp_port(url: &str) -> Option<u16> {
    use sea_orm::sqlx::postgres::PgConnectOptions;
    let options: PgConnectOptions = url.parse().ok()?;
    let over_tcp = options.get_socket().is_none() && !options.get_host().starts_with('/');
    over_tcp.then(|| options.get_port())
}

/// sqlx 0.9.0 leaves Nagle's algorithm on for its TCP connections (its 0.8 releases turned it
/// off; the fix, sqlx#4336, is merged but not released): every message that fills more than one
/// packet then waits for PostgreSQL's delayed acknowledgement, about 40 ms. The 10,000-case seed
/// took 30.3 s over TCP and 11.5 s over PostgreSQL's Unix socket. sqlx gives no access to its
/// socket, so after each new connection the process's TCP sockets to the database's port get
/// `TCP_NODELAY`. Remove this once sqlx sets it again.
mod nagle {
    use std::os::fd::{BorrowedFd, RawFd};

    /// Sets `TCP_NODELAY` on this process's TCP sockets whose peer listens on `port`; returns how
    /// many it changed.
    pub fn disable_towards(port: u16) -> usize {
        let Ok(entries) = std::fs::read_dir("/proc/self/fd") else { return 0 };
        let mut changed = 0;
        for entry in entries.flatten() {
            let is_socket = std::fs::read_link(entry.path())
                .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"));
            let Some(raw) = entry.file_name().to_str().and_then(|name| name.parse::<RawFd>().ok())
            else {
                continue;
            };
            if !is_socket {
                continue;
            }
            // SAFETY: the descriptor was open when listed. Should another thread close it and
            // the number be reused meanwhile, the calls below fail (not a socket) or set
            // TCP_NODELAY on another TCP socket, which only sends its packets sooner.
            let fd = unsafe { BorrowedFd::borrow_raw(raw) };
            let socket = socket2::SockRef::from(&fd);
            let towards_port = socket
                .peer_addr()
                .ok()
                .and_then(|address| address.as_socket())
                .is_some_and(|address| address.port() == port);
            if towards_port
                && socket.tcp_nodelay().is_ok_and(|nodelay| !nodelay)
                && socket.set_tcp_nodelay(true).is_ok()
            {
                changed += 1;
            }
        }
        changed
    }
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

/// Refreshes the table statistics the database plans its queries with.
///
/// SQLite has none until `ANALYZE` runs, and without them it guessed wrong: the guardian's
/// deadline list started from every open deadline of the centre (6,277 on the benchmark's
/// data, 10 ms per query) instead of the guardian's two appointments, so "my cases" served 48
/// requests/s. PostgreSQL's autovacuum would gather its own, but it may be off (it is on the
/// project's build machines) and lags behind a bulk seed or import: with no statistics the
/// open-deadlines list took 0.7 s a request instead of 30 ms, and the soak's reads timed out.
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, DbBackend};
    if db.get_database_backend() != DbBackend::Sqlite {
        // Samples a fixed number of rows per table: about a second on the 10,000-case set.
        db.execute_unprepared("ANALYZE").await?;
        return Ok(());
    }
    // One connection for both statements; sampling at most about 400 rows per index keeps
    // the cost to milliseconds on a prefecture's database.
    let txn = app::server::begin_write(db).await?;
    txn.execute_unprepared("PRAGMA analysis_limit = 400").await?;
    txn.execute_unprepared("ANALYZE").await?;
    txn.commit().await
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
    use super::{nagle, postgres_tcp_port, redact};

    #[test]
    fn connections_to_the_database_port_send_without_delay() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().expect("its address").port();
        let client = std::net::TcpStream::connect(("127.0.0.1", port)).expect("a connection");
        assert!(!client.nodelay().expect("readable"), "Nagle's algorithm is on by default");
        assert_eq!(nagle::disable_towards(port), 1);
        assert!(client.nodelay().expect("readable"));
        assert_eq!(nagle::disable_towards(port), 0, "already done");
    }

    #[test]
    fn only_postgres_urls_over_tcp_name_a_port() {
        assert_eq!(postgres_tcp_port("postgres://koken@db:6432/koken"), Some(6432));
        assert_eq!(postgres_tcp_port("postgres://postgres@127.0.0.1/koken"), Some(5432));
        assert_eq!(
            postgres_tcp_port("postgres://postgres@localhost/k?host=/var/run/postgresql"),
            None
        );
    }

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
