//! Crash safety (issue 10): the server runs as a child process while coordinators save cases,
//! and is killed with SIGKILL at a random moment, round after round. After every kill, before
//! the next start: SQLite's integrity check passes, every save the server acknowledged is
//! stored, a save whose answer was lost is stored whole or not at all, and every stored change
//! has its audit row. Then the server starts again on the same database (on SQLite it takes the
//! serving lock the killed process held) and the next round goes on from the stored versions.
//!
//! 20 rounds per database in the test command; `make crash-soak` runs 200
//! (`KOKEN_CRASH_ROUNDS`). The server is `KOKEN_SERVER_BINARY` (the test command points it at
//! the release build), else this profile's build of the same binary.

use crate::child_server::{self, Server};
use crate::client::Client;
use crate::races::notes_form;
use crate::support::SpareDatabase;
use app::server::entities::{audit_entry, case, user};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use std::path::PathBuf;
use std::time::Duration;
use uuid::Uuid;

const WRITERS: usize = 4;
const DEFAULT_ROUNDS: usize = 20;
const DEMO_PASSWORD: &str = "koken-desk-demo";

fn rounds() -> usize {
    std::env::var("KOKEN_CRASH_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(DEFAULT_ROUNDS)
}

/// The server the harnesses start: `KOKEN_SERVER_BINARY`, else this profile's build.
pub(crate) fn server_binary() -> PathBuf {
    std::env::var_os("KOKEN_SERVER_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_koken-desk")))
}

/// One coordinator's view of one case: what the server last acknowledged, and the save it was
/// waiting for when the server died.
#[derive(Debug, Clone)]
struct Writer {
    case_id: Uuid,
    /// The version the server last answered with (or the seeded one).
    version: i32,
    /// The notes of that version.
    notes: Option<String>,
    /// A save sent whose answer never came: it may or may not have been committed.
    in_flight: Option<String>,
    acknowledged: u64,
}

/// Saves the writer's case again and again until the connection fails (the server was killed).
async fn write_until_killed(
    address: std::net::SocketAddr,
    cookie: String,
    mut writer: Writer,
    round: usize,
    index: usize,
) -> Result<Writer, String> {
    let Ok(mut client) = Client::connect(address).await else { return Ok(writer) };
    client.cookie = Some(cookie);
    for save in 0.. {
        let notes = format!("crash round {round} writer {index} save {save}");
        let version = writer.version.to_string();
        let id = writer.case_id.to_string();
        let fields = notes_form(&id, &version, &notes);
        writer.in_flight = Some(notes.clone());
        let answer = tokio::time::timeout(
            Duration::from_secs(30),
            client.post_form("/api/cases/update", &fields),
        )
        .await;
        match answer {
            Ok(Ok(response)) if response.status.is_success() => {
                let stored: i32 = serde_json::from_slice(&response.body)
                    .map_err(|error| format!("the new version: {error}"))?;
                if stored != writer.version + 1 {
                    return Err(format!(
                        "saved from version {} as version {stored}",
                        writer.version
                    ));
                }
                writer.version = stored;
                writer.notes = Some(notes);
                writer.in_flight = None;
                writer.acknowledged += 1;
            }
            Ok(Ok(response)) => {
                return Err(format!(
                    "a save was refused while the server ran: {} {}",
                    response.status,
                    String::from_utf8_lossy(&response.body)
                ));
            }
            // The connection broke: the server is gone.
            Ok(Err(_)) => return Ok(writer),
            Err(_) => return Err("a save took more than 30 s".to_owned()),
        }
    }
    Ok(writer)
}

/// SQLite's own check of every page, index and constraint of the file.
async fn integrity(db: &DatabaseConnection) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "PRAGMA integrity_check"))
        .await
        .expect("PRAGMA integrity_check")
        .expect("a verdict");
    row.try_get_by_index::<String>(0).expect("the verdict as text")
}

/// PostgreSQL carries on with what a killed server had already sent it: a COMMIT waiting in a
/// connection's socket commits after the server is gone. Waits until the dead server's
/// connections have ended, so the check sees every transaction that will ever commit.
async fn until_the_dead_servers_connections_end(db: &DatabaseConnection) {
    let others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                  AND backend_type = 'client backend' AND pid <> pg_backend_pid()";
    for _ in 0..300 {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), others))
            .await
            .expect("pg_stat_activity")
            .expect("a count");
        if row.try_get_by_index::<i64>(0).expect("the count") == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the killed server's connections to PostgreSQL did not end within 30 s");
}

/// What the database holds for `writer` agrees with what its client was told.
async fn check_after_kill(
    db: &DatabaseConnection,
    writer: &mut Writer,
    seeded_version: i32,
) -> Result<(), String> {
    let stored = case::Entity::find_by_id(writer.case_id)
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the case is gone")?;
    if stored.version == writer.version {
        if writer.notes.as_ref().is_some_and(|notes| *notes != stored.notes) {
            return Err(format!(
                "version {} holds {:?}, acknowledged {:?}",
                stored.version, stored.notes, writer.notes
            ));
        }
    } else if stored.version == writer.version + 1 && writer.in_flight.is_some() {
        // Committed, but the answer was lost with the server: it must be the whole save.
        if writer.in_flight.as_ref() != Some(&stored.notes) {
            return Err(format!(
                "version {} holds {:?}, the unanswered save sent {:?}",
                stored.version, stored.notes, writer.in_flight
            ));
        }
        writer.version = stored.version;
        writer.notes = Some(stored.notes);
    } else {
        return Err(format!(
            "stored version {} after an acknowledged version {} (a save in flight: {})",
            stored.version,
            writer.version,
            writer.in_flight.is_some()
        ));
    }
    writer.in_flight = None;
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("case.updated"))
        .filter(audit_entry::Column::EntityId.eq(writer.case_id.to_string()))
        .count(db)
        .await
        .map_err(|e| e.to_string())?;
    let changes = (stored.version - seeded_version) as u64;
    if audited != changes {
        return Err(format!("{changes} changes of the case, {audited} audit rows"));
    }
    Ok(())
}

/// A SplitMix64 step: the kill moments differ run to run, and the seed is printed to repeat one.
fn next_random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

async fn sign_in(address: std::net::SocketAddr) -> String {
    let mut client = Client::connect(address).await.expect("connect");
    client.sign_in("coordinator", DEMO_PASSWORD).await.expect("the coordinator signs in")
}

/// The first `count` cases in consultation of the seeded coordinator's office, by case number
/// (of `case_type` when given): cases a harness may change, and the seed holds plenty.
pub(crate) async fn seeded_consultations(
    db: &DatabaseConnection,
    count: usize,
    case_type: Option<&str>,
) -> Vec<case::Model> {
    let coordinator = user::Entity::find()
        .filter(user::Column::LoginId.eq("coordinator"))
        .one(db)
        .await
        .expect("users")
        .expect("the seeded coordinator");
    let mut query = case::Entity::find()
        .filter(case::Column::OfficeId.eq(coordinator.office_id.expect("an office")))
        .filter(case::Column::Stage.eq("consultation"));
    if let Some(case_type) = case_type {
        query = query.filter(case::Column::CaseType.eq(case_type));
    }
    let cases = query
        .order_by_asc(case::Column::CaseNumber)
        .limit(count as u64)
        .all(db)
        .await
        .expect("cases");
    assert_eq!(cases.len(), count, "consultation cases in the coordinator's office");
    cases
}

async fn writers_of(db: &DatabaseConnection) -> Vec<Writer> {
    seeded_consultations(db, WRITERS, None)
        .await
        .into_iter()
        .map(|case| Writer {
            case_id: case.id,
            version: case.version,
            notes: None,
            in_flight: None,
            acknowledged: 0,
        })
        .collect()
}

async fn acknowledged_saves_survive_every_kill(spare: SpareDatabase) {
    let binary = server_binary();
    let url = spare.url();
    let scratch = tempfile::tempdir().expect("a scratch directory");
    child_server::seed(&binary, &url, scratch.path(), &["--cases", "300"]).expect("the seed");
    let mut random = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|t| t.as_nanos() as u64)
        .unwrap_or(1);
    eprintln!(
        "crash harness: {} rounds, {} as the server, random seed {random}",
        rounds(),
        binary.display()
    );

    let db = ::server::database::connect(&url).await.expect("connect");
    let mut writers = writers_of(&db).await;
    let seeded: Vec<i32> = writers.iter().map(|writer| writer.version).collect();
    db.close().await.expect("close");

    let mut in_flight_committed = 0;
    let mut in_flight_lost = 0;
    for round in 0..rounds() {
        let log = scratch.path().join(format!("server-{round}.log"));
        let server = Server::start(&binary, &url, scratch.path(), log)
            .await
            .expect("the server starts again");
        let cookie = sign_in(server.address).await;
        let tasks: Vec<_> = writers
            .iter()
            .cloned()
            .enumerate()
            .map(|(index, writer)| {
                tokio::spawn(write_until_killed(
                    server.address,
                    cookie.clone(),
                    writer,
                    round,
                    index,
                ))
            })
            .collect();
        let moment = Duration::from_millis(50 + next_random(&mut random) % 1_000);
        tokio::time::sleep(moment).await;
        server.kill().expect("SIGKILL");

        let db =
            ::server::database::connect(&url).await.expect("the database opens after the kill");
        if spare.sqlite_path().is_some() {
            assert_eq!(integrity(&db).await, "ok", "round {round}: SQLite's integrity check");
        } else {
            until_the_dead_servers_connections_end(&db).await;
        }
        for (index, task) in tasks.into_iter().enumerate() {
            let mut writer = task
                .await
                .expect("the writer's task")
                .unwrap_or_else(|problem| panic!("round {round}, writer {index}: {problem}"));
            let was_in_flight = writer.in_flight.is_some();
            let before = writer.version;
            check_after_kill(&db, &mut writer, seeded[index]).await.unwrap_or_else(|problem| {
                panic!("round {round} (killed after {moment:?}), writer {index}: {problem}")
            });
            if was_in_flight {
                if writer.version > before { in_flight_committed += 1 } else { in_flight_lost += 1 }
            }
            writers[index] = writer;
        }
        db.close().await.expect("close");
    }
    let acknowledged: u64 = writers.iter().map(|writer| writer.acknowledged).sum();
    eprintln!(
        "crash harness: {} rounds, {acknowledged} acknowledged saves all stored; unanswered saves: {in_flight_committed} committed whole, {in_flight_lost} not at all",
        rounds()
    );
    assert!(
        acknowledged >= (WRITERS * rounds()) as u64,
        "the writers saved too little to prove anything ({acknowledged})"
    );
}

mod acknowledged_saves_survive_every_kill {
    use crate::support::SpareDatabase;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        super::acknowledged_saves_survive_every_kill(SpareDatabase::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        if std::env::var_os("KOKEN_SKIP_POSTGRES").is_some() {
            eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
            return;
        }
        super::acknowledged_saves_survive_every_kill(SpareDatabase::postgres().await).await;
    }
}
