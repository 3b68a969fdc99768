//! How the app holds up under load, as its users will feel it (issue 9): a 10,000-case data set
//! from the `seed` command, the release server, wrk on loopback with 32 connections against
//! the pages people open all day, signed in as the role that opens them; a static file of the
//! same size from the same server and the dashboard's own queries run straight on the database
//! as references; 8 concurrent writers saving cases. On SQLite, then on PostgreSQL. The table
//! goes into the README's Performance section. A measurement, not a test:
//!
//!   make bench                                   (builds the release server first)
//!   KOKEN_BENCH_SECONDS=30 cargo bench -p server --bench load

mod client;
mod readme;
mod reference;
mod server;
mod timing;
mod writers;
mod wrk;

use anyhow::Context as _;
use app::server::entities::{case, user};
use client::Client;
use readme::{Budget, Report, Row};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use server::Server;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const POSTGRES_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const CONNECTIONS: u32 = 32;
const WRITERS: usize = 8;
const CASES: u32 = 10_000;
const ACTIVITIES: u32 = 100_000;
const AUDIT_ROWS: u32 = 200_000;
const DEMO_PASSWORD: &str = "koken-desk-demo";

/// The case list as a coordinator filters it: the cases under way (後見等開始後), latest change
/// first, in the coordinator's office.
const CASE_LIST: &str = "/cases?stage=supporting";
/// Answers fetched to learn a page's size (the median is taken).
const SIZE_SAMPLES: usize = 9;

fn load_seconds() -> Duration {
    let seconds = std::env::var("KOKEN_BENCH_SECONDS").ok().and_then(|s| s.parse().ok());
    Duration::from_secs(seconds.unwrap_or(10))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize()?;
    server::binary(&workspace)?;
    let scratch = tempfile::tempdir()?;
    let site = scratch.path().join("site");
    copy_tree(&workspace.join("target/site"), &site)?;

    let mut report = Report::new(&workspace)?;
    let sqlite = format!("sqlite://{}?mode=rwc", scratch.path().join("bench.db").display());
    bench_database("SQLite", &sqlite, &workspace, scratch.path(), &site, &mut report).await?;

    match sea_orm::Database::connect(POSTGRES_ADMIN).await {
        Ok(admin) => {
            let name = format!("koken_bench_load_{}", std::process::id());
            admin.execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#)).await?;
            let url = format!("postgres://postgres@127.0.0.1:5432/{name}");
            let outcome =
                bench_database("PostgreSQL", &url, &workspace, scratch.path(), &site, &mut report)
                    .await;
            admin.execute_unprepared(&format!(r#"DROP DATABASE "{name}" WITH (FORCE)"#)).await?;
            outcome?;
        }
        Err(error) => println!("(PostgreSQL not reachable at {POSTGRES_ADMIN}: {error}; skipped)"),
    }
    println!("{}", report.markdown());
    report.write_into_readme()?;
    println!("README.md: Performance section updated");
    Ok(())
}

async fn bench_database(
    database: &'static str,
    url: &str,
    workspace: &Path,
    scratch: &Path,
    site: &Path,
    report: &mut Report,
) -> anyhow::Result<()> {
    eprintln!("== {database}: seeding {CASES} cases");
    let (seed_time, seed_summary) = seed(workspace, scratch, url)?;
    report.seeded(database, seed_time, &seed_summary);

    let log = scratch.join(format!("server-{database}.log"));
    let server = Server::start(&server::binary(workspace)?, url, site, log).await?;
    let db = ::server::database::connect(url).await?;
    let mut sessions = Vec::new();
    for login in ["coordinator", "manager", "guardian"] {
        let mut client = Client::connect(server.address).await?;
        sessions.push(client.sign_in(login, DEMO_PASSWORD).await?);
    }
    let [coordinator, manager, guardian] = &sessions[..] else { unreachable!() };
    let office = office_of(&db, "coordinator").await?;
    let one_case = case::Entity::find()
        .filter(case::Column::OfficeId.eq(office))
        .filter(case::Column::Stage.eq("supporting"))
        .order_by_asc(case::Column::CaseNumber)
        .one(&db)
        .await?
        .context("a supporting case in the coordinator's office")?;
    let case_page = format!("/cases/{}", one_case.id);
    let pages: [(&str, &str, &str); 5] = [
        ("Case list (50 rows, filtered)", CASE_LIST, coordinator),
        ("Case page", &case_page, coordinator),
        ("Guardian's my cases", "/my", guardian),
        ("Manager dashboard", "/dashboard", manager),
        ("Statistics", "/statistics", manager),
    ];

    // Every page answers 200 to its user before the load starts (a redirect to the sign-in
    // page would count as a success for wrk), and is warm. A page's size is the median of
    // several answers: until the chunk preloads were turned off (app.rs), Leptos added them to
    // some renders only (README, seventh round); the median keeps any such variation from
    // sizing the reference.
    let mut sizes = Vec::new();
    for (label, path, cookie) in &pages {
        let mut client = Client::connect(server.address).await?;
        client.cookie = Some((*cookie).to_owned());
        let mut answers = Vec::new();
        for _ in 0..SIZE_SAMPLES {
            let response = client.get(path).await?;
            anyhow::ensure!(
                response.status.is_success(),
                "{label} ({path}) answered {} to its user",
                response.status
            );
            answers.push(response.body.len());
        }
        answers.sort_unstable();
        sizes.push(answers[answers.len() / 2]);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_memory = server.memory_mapping(scratch)?;
    let watch = MemoryWatch::start(server.pid(), scratch);

    let duration = load_seconds();
    let run = |path: &str, cookie: Option<&str>| {
        let load =
            wrk::Load { address: server.address, path, cookie, connections: CONNECTIONS, duration };
        // A short run first: connections open, caches warm.
        wrk::Load { duration: Duration::from_secs(2), ..load }.run(scratch)?;
        load.run(scratch)
    };
    let reference_path = "/bench-reference.html";
    std::fs::write(site.join(&reference_path[1..]), reference_page(sizes[0]))?;
    eprintln!("== {database}: static file of {} bytes", sizes[0]);
    let static_file = run(reference_path, None)?;
    let raw_dashboard = reference::dashboard(&db, CONNECTIONS as usize, duration).await?;
    for ((label, path, cookie), size) in pages.iter().zip(&sizes) {
        eprintln!("== {database}: {label}");
        let figures = run(path, Some(cookie))?;
        report.row(Row {
            database,
            page: label,
            bytes: *size,
            figures,
            static_file,
            raw_sql: (*path == "/dashboard").then_some(raw_dashboard),
        });
    }
    eprintln!("== {database}: {WRITERS} writers");
    let writes = writers::run(&db, server.address, coordinator, office, WRITERS, duration).await?;
    let (_, peak_resident) = server.memory()?;
    let peak_without_mapped_files = watch.stop();
    report.static_and_writes(database, static_file, raw_dashboard, writes);
    report.budget(Budget {
        database,
        idle_memory_mb: idle_memory.0,
        idle_mapped_mb: idle_memory.1,
        peak_memory_mb: peak_resident,
        peak_without_mapped_mb: peak_without_mapped_files,
        locked_in_log: server.locked_database_lines(),
    });
    db.close().await?;
    server.kill()?;
    Ok(())
}

/// The server's resident memory less the database file it maps, sampled four times a second
/// while the load runs: its highest reading. (The kernel's own peak, VmHWM, cannot tell the
/// two apart.)
struct MemoryWatch {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<f64>,
}

impl MemoryWatch {
    fn start(pid: u32, scratch: &Path) -> MemoryWatch {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (stopped, scratch) = (stop.clone(), scratch.to_owned());
        let thread = std::thread::spawn(move || {
            let mut highest: f64 = 0.0;
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok((resident, mapped)) = server::memory_mapping(pid, &scratch) {
                    highest = highest.max(resident - mapped);
                }
                std::thread::sleep(Duration::from_millis(250));
            }
            highest
        });
        MemoryWatch { stop, thread }
    }

    fn stop(self) -> f64 {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or(f64::NAN)
    }
}

/// Runs `koken-desk seed` on the empty database: its time and its summary.
fn seed(workspace: &Path, scratch: &Path, url: &str) -> anyhow::Result<(Duration, String)> {
    let started = Instant::now();
    let (cases, activities, audit_rows) =
        (CASES.to_string(), ACTIVITIES.to_string(), AUDIT_ROWS.to_string());
    let summary = server::seed(
        &server::binary(workspace)?,
        url,
        scratch,
        &["--cases", &cases, "--activities", &activities, "--audit-rows", &audit_rows],
    )?;
    Ok((started.elapsed(), summary))
}

async fn office_of(db: &impl ConnectionTrait, login_id: &str) -> anyhow::Result<uuid::Uuid> {
    user::Entity::find()
        .filter(user::Column::LoginId.eq(login_id))
        .one(db)
        .await?
        .and_then(|user| user.office_id)
        .with_context(|| format!("{login_id} has no office"))
}

/// An HTML page of `size` bytes, as plain as the server can send.
fn reference_page(size: usize) -> String {
    let mut page = String::from("<!DOCTYPE html><html><body><p>");
    while page.len() < size.saturating_sub(20) {
        page.push_str("参照用の静的ファイル。");
    }
    page.push_str("</p></body></html>");
    page
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("{} (make release)", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
