//! Configuration: every setting is a command-line flag with an environment variable behind it,
//! so the same binary runs from a terminal, a systemd unit or a container. Defaults suit a
//! single machine: SQLite under `data/`, listening on loopback only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "koken-desk",
    version,
    about = "Kōken Desk: case coordination for an adult-guardianship centre"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the application (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demonstration data into an empty database and exit.
    SeedDemo,
    /// Generate realistic sample case files (persons, cases, consultations, timelines) and
    /// exit. The same seed and count on an empty database give the same data.
    Seed(SeedArgs),
    /// Create a user account. The password is read from KOKEN_NEW_USER_PASSWORD or asked for
    /// (never echoed, never logged).
    AddUser(AddUserArgs),
    /// Write a consistent backup of the SQLite database, also while the server runs; sealed with
    /// the operator's key when --key names one. PostgreSQL: pg_dump (README, Backups).
    Backup(BackupArgs),
    /// Put a backup in the place of the SQLite database. The server must be stopped.
    Restore(RestoreArgs),
    /// Create a key file for encrypted backups (readable by its owner only; never replaced).
    BackupKey(BackupKeyArgs),
}

#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The backup file to write (it must not exist).
    pub output: PathBuf,
    /// The key file that seals the backup (made by `backup-key`).
    #[arg(long, env = "KOKEN_BACKUP_KEY_FILE")]
    pub key: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    pub input: PathBuf,
    /// The key file the backup was sealed with.
    #[arg(long, env = "KOKEN_BACKUP_KEY_FILE")]
    pub key: Option<PathBuf>,
    /// Replace the database if it exists.
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Clone, Args)]
pub struct BackupKeyArgs {
    /// Where to write the new key.
    pub output: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct AddUserArgs {
    /// The login id: 3–64 lower-case letters, digits, `.`, `_`, `-`.
    #[arg(long)]
    pub login_id: String,
    /// The name shown in the application.
    #[arg(long)]
    pub name: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The office's code (required for coordinators).
    #[arg(long)]
    pub office: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// How many persons to generate, each with a case (about 5% also get an older, closed
    /// case).
    #[arg(long, value_parser =
          clap::value_parser!(u32).range(1..=i64::from(crate::sample_data::MAX_PERSONS)))]
    pub cases: u32,
    /// The seed of the generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add to a database that already holds cases: numbering continues after each year's
    /// highest number (the data is then not reproducible).
    #[arg(long)]
    pub append: bool,
    /// Activity records to log on the cases with a guardian (for load tests).
    #[arg(long, default_value_t = 0)]
    pub activities: u32,
    /// Audit trail entries to write, spread over the last year (for load tests).
    #[arg(long, default_value_t = 0)]
    pub audit_rows: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Admin,
    Manager,
    Coordinator,
    Guardian,
}

impl From<RoleArg> for app::domain::access::Role {
    fn from(role: RoleArg) -> Self {
        use app::domain::access::Role;
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::Manager => Role::Manager,
            RoleArg::Coordinator => Role::Coordinator,
            RoleArg::Guardian => Role::Guardian,
        }
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// Load the demonstration data at start if the database is empty.
    #[arg(long, env = "KOKEN_DEMO_DATA")]
    pub demo_data: bool,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on. Keep it on loopback behind a reverse proxy.
    #[arg(long, env = "KOKEN_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://path/file.db?mode=rwc` or `postgres://user@host:5432/name`.
    /// Without it, a SQLite file `koken.db` in the data directory is used (created if missing).
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for local data (the default SQLite database). Created if missing.
    #[arg(long, env = "KOKEN_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Which log lines to write, in tracing's filter syntax (`info`, `debug,sqlx=warn` …).
    #[arg(long = "log", env = "KOKEN_LOG", default_value = "info,sqlx=warn")]
    pub log_filter: String,

    /// Log line format: `text` for people, `json` for a log collector.
    #[arg(long, env = "KOKEN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// The site built by cargo-leptos (JS, wasm, CSS and assets under `pkg/`).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// The address users open, e.g. `https://koken.example.lg.jp`. With `https` the session
    /// cookie is `Secure` with the `__Host-` prefix.
    #[arg(long, env = "KOKEN_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Minutes without a request after which a session ends.
    #[arg(long, env = "KOKEN_SESSION_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub session_idle_minutes: u32,

    /// Hours after sign-in at which a session ends, however active it is.
    #[arg(long, env = "KOKEN_SESSION_MAX_HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(1..=168))]
    pub session_max_hours: u32,

    /// Reverse proxies (comma-separated addresses) whose `X-Forwarded-For` names the client.
    /// Without them the peer's address is the client's.
    #[arg(long, env = "KOKEN_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// The database to use: `DATABASE_URL` if given, else the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("koken.db").display()),
        }
    }

    /// Whether the database is the default SQLite file, whose directory we must create.
    pub fn uses_default_database(&self) -> bool {
        self.database_url.is_none()
    }

    /// Whether users reach the site over HTTPS (then cookies are `Secure`).
    pub fn serves_https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    pub fn session_policy(&self) -> app::domain::accounts::SessionPolicy {
        app::domain::accounts::SessionPolicy {
            idle: chrono::Duration::minutes(i64::from(self.session_idle_minutes)),
            absolute: chrono::Duration::hours(i64::from(self.session_max_hours)),
        }
    }

    /// A configuration for tests and tools: the environment's settings (or the defaults), with
    /// this database.
    pub fn with_database(database_url: impl Into<String>) -> Config {
        let cli = Cli::parse_from(["koken-desk"]);
        Config { database_url: Some(database_url.into()), ..cli.config }
    }
}
