//! Backups of a SQLite database while the server runs, and restoring one. PostgreSQL has its
//! own tools for both (`pg_dump -Fc`, `pg_restore`; README, Backups).
//!
//! A backup is `VACUUM INTO` a fresh file: SQLite writes it inside one read transaction, so it
//! holds exactly the writes committed before it began, while the server goes on reading and
//! writing. It is checked (`PRAGMA integrity_check`) and, with the operator's key, sealed
//! (`sealed.rs`). The unsealed copy only ever lies beside the database itself, where the same
//! protection applies, never beside the backup.
//!
//! A restore replaces the database file, so it refuses while a server holds the database (the
//! serving lock below), checks the copy before it takes its place, and removes the old
//! database's write-ahead log, which would otherwise be replayed into the restored file.

pub mod sealed;

use anyhow::{Context, bail};
use sea_orm::sqlx::{Connection, SqliteConnection, sqlite::SqliteConnectOptions};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use sealed::BackupKey;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The file of a SQLite database URL (`sqlite://data/koken.db?mode=rwc`), or `None` for
/// another database.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Held by a serving process for as long as it runs (an advisory lock on `<database>.lock`,
/// released by the kernel however the process ends), so a restore cannot pull the database
/// from under it.
pub struct ServingLock {
    _file: File,
}

impl ServingLock {
    pub fn acquire(database: &Path) -> anyhow::Result<ServingLock> {
        let path = lock_path(database);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(ServingLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => {
                bail!("a Kōken Desk server is using {} (stop it first)", database.display())
            }
            Err(std::fs::TryLockError::Error(error)) => {
                Err(error).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}

fn lock_path(database: &Path) -> PathBuf {
    sibling(database, "lock")
}

fn sibling(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    database.with_file_name(name)
}

/// A scratch file beside the database, removed when dropped unless it was kept.
struct Scratch(Option<PathBuf>);

impl Scratch {
    fn beside(database: &Path, purpose: &str) -> Scratch {
        Scratch(Some(sibling(database, &format!("{purpose}-{}", uuid::Uuid::new_v4()))))
    }

    fn path(&self) -> &Path {
        self.0.as_deref().expect("a scratch file not yet kept")
    }

    fn keep(mut self) -> PathBuf {
        self.0.take().expect("a scratch file not yet kept")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(path) = &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// What a backup wrote.
#[derive(Debug)]
pub struct BackupReport {
    pub bytes: u64,
    pub encrypted: bool,
}

/// Writes a consistent backup of the running database to `output` (which must not exist yet),
/// sealed with `key` if one is given.
pub async fn backup(
    db: &DatabaseConnection,
    database_url: &str,
    output: &Path,
    key: Option<&BackupKey>,
) -> anyhow::Result<BackupReport> {
    let Some(database) = sqlite_file(database_url) else {
        bail!("this is a PostgreSQL database: back it up with pg_dump -Fc (README, Backups)");
    };
    if output.exists() {
        bail!("{} exists already: a backup never replaces a file", output.display());
    }
    let copy = Scratch::beside(&database, "backup");
    let copy_name = copy.path().to_str().context("the database's path is not UTF-8")?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [copy_name.into()],
    ))
    .await
    .context("the database could not be copied")?;
    check(copy.path()).await?;

    let partial = Scratch::beside(output, "partial");
    let mut written = create_private(partial.path())?;
    let mut plain = File::open(copy.path())?;
    match key {
        Some(key) => sealed::seal(key, plain, &mut written)?,
        None => {
            std::io::copy(&mut plain, &mut written)?;
        }
    }
    written.sync_all()?;
    let partial = partial.keep();
    std::fs::rename(&partial, output)
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(BackupReport { bytes: std::fs::metadata(output)?.len(), encrypted: key.is_some() })
}

/// Puts the backup in `input` in the place of the database (opened with `key` if sealed). The
/// database must not be served meanwhile, and an existing database is replaced only when
/// `replace` says so.
pub async fn restore(
    database_url: &str,
    input: &Path,
    key: Option<&BackupKey>,
    replace: bool,
) -> anyhow::Result<()> {
    let Some(database) = sqlite_file(database_url) else {
        bail!("this is a PostgreSQL database: restore it with pg_restore (README, Backups)");
    };
    let _lock = ServingLock::acquire(&database)?;
    if database.exists() && !replace {
        bail!("{} exists: add --replace to put the backup in its place", database.display());
    }
    let copy = Scratch::beside(&database, "restore");
    let mut source =
        File::open(input).with_context(|| format!("cannot read {}", input.display()))?;
    let mut plain = create_private(copy.path())?;
    match key {
        Some(key) => sealed::open(key, source, &mut plain)?,
        None => {
            let mut first = [0u8; 16];
            std::io::Read::read_exact(&mut &source, &mut first).ok();
            if first.starts_with(b"KOKEN-BACKUP-1") {
                bail!("this backup is encrypted: give its key with --key");
            }
            std::io::Seek::rewind(&mut source)?;
            std::io::copy(&mut source, &mut plain)?;
        }
    }
    plain.sync_all()?;
    check(copy.path()).await?;
    for journal in ["wal", "shm"] {
        match std::fs::remove_file(sibling(&database, journal)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
    }
    std::fs::rename(copy.keep(), &database)
        .with_context(|| format!("cannot replace {}", database.display()))?;
    if let Some(directory) = database.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        File::open(directory)?.sync_all()?;
    }
    Ok(())
}

/// A new file only its owner may read: backups and restored databases hold every record.
fn create_private(path: &Path) -> anyhow::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    File::options()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// A copy is usable: SQLite finds nothing wrong in it, and it is a Kōken Desk database.
async fn check(path: &Path) -> anyhow::Result<()> {
    use sea_orm::sqlx::ConnectOptions;
    // A check of a large copy takes seconds: that is expected, not a slow statement to report.
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .log_slow_statements(log::LevelFilter::Off, std::time::Duration::ZERO);
    let mut connection =
        SqliteConnection::connect_with(&options).await.context("the copy does not open")?;
    let verdict: String = sea_orm::sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut connection)
        .await
        .context("the copy is not a SQLite database")?;
    if verdict != "ok" {
        bail!("the copy failed SQLite's integrity check: {verdict}");
    }
    let migrations: i64 = sea_orm::sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
    )
    .fetch_one(&mut connection)
    .await?;
    if migrations == 0 {
        bail!("the copy is not a Kōken Desk database");
    }
    connection.close().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(sqlite_file("sqlite://data/koken.db?mode=rwc"), Some("data/koken.db".into()));
        assert_eq!(sqlite_file("sqlite:///tmp/a.db"), Some("/tmp/a.db".into()));
        assert_eq!(sqlite_file("sqlite:b.db"), Some("b.db".into()));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://postgres@127.0.0.1/koken"), None);
    }

    #[test]
    fn a_second_server_on_one_database_is_refused_until_the_first_stops() {
        let directory = tempfile::tempdir().unwrap();
        let database = directory.path().join("koken.db");
        let first = ServingLock::acquire(&database).unwrap();
        let refused = ServingLock::acquire(&database).err().expect("refused").to_string();
        assert!(refused.contains("stop it first"), "{refused}");
        drop(first);
        ServingLock::acquire(&database).expect("free again");
    }
}
