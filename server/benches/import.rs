//! How long a 10,000-row ledger takes to import, step by step (read and store the upload, the
//! dry run, the commit), on SQLite and on PostgreSQL, and how long a reader waits meanwhile: a
//! case count runs in a loop on the same pool while the commit holds SQLite's one writer.
//! Then the same file again (every row unchanged). A figure for the README, not a test:
//!
//!   cargo bench -p server --bench import            (make bench-import)
//!   KOKEN_BENCH_ROWS=50000 cargo bench -p server --bench import

use app::domain::access::{Access, Actor, Area, Role, authorize};
use app::domain::import::fields::SheetKind;
use app::server::accounts::{AccountRequest, create_account};
use app::server::auth::Authorized;
use app::server::entities::{case, user};
use app::server::imports::{Upload, check, commit, receive};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const POSTGRES_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A ledger as centres keep them: era and western dates, aliases, several motives.
fn ledger(rows: usize) -> Vec<u8> {
    let mut text = String::from(
        "ケース番号,本人氏名,フリガナ,生年月日,性別,開始原因,類型,申立人,申立ての動機,開始日,申立日,審判日\r\n",
    );
    let types = ["後見", "保佐", "補助", "後見開始"];
    let petitioners = ["子", "市長", "本人", "兄弟姉妹"];
    for row in 0..rows {
        let born = if row % 2 == 0 {
            format!("昭和{}年{}月{}日", 5 + row % 55, 1 + row % 12, 1 + row % 28)
        } else {
            format!("{}/{}/{}", 1930 + row % 50, 1 + row % 12, 1 + row % 28)
        };
        let petition = if row % 3 == 0 {
            format!("R6.{}.{}", 1 + row % 12, 1 + row % 28)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "B-{row:06},取込　{row}号,トリコミ　{},{born},{},認知症,{},{},預貯金等の管理・解約、身上保護,2024/{}/{},{petition},\r\n",
            "ア".repeat(1 + row % 5),
            if row % 2 == 0 { "女" } else { "男性" },
            types[row % types.len()],
            petitioners[row % petitioners.len()],
            1 + row % 12,
            1 + row % 28,
        ));
    }
    text.into_bytes()
}

async fn coordinator(db: &DatabaseConnection) -> Authorized {
    app::server::offices::create(
        db,
        app::server::offices::NewOffice { code: "bench", name: "ベンチ窓口", sort_order: 1 },
    )
    .await
    .expect("an office");
    let request = AccountRequest {
        login_id: "bench-coordinator".into(),
        display_name: "ベンチ".into(),
        role: Role::Coordinator,
        office_code: Some("bench".into()),
        password: "a long bench passphrase".into(),
        must_change_password: false,
    };
    let id = create_account(db, Utc::now(), None, &Default::default(), request)
        .await
        .unwrap_or_else(|_| panic!("a coordinator"));
    let user = user::Entity::find_by_id(id).one(db).await.expect("read").expect("the user");
    let actor = Actor {
        user_id: id,
        role: Role::Coordinator,
        office_id: user.office_id,
        guardian_id: None,
    };
    let scope = authorize(Some(&actor), Area::Cases, Access::Write).expect("may write cases");
    Authorized { actor, scope }
}

/// One import of the ledger: the time of each step and the longest a reader waited.
async fn import(db: &DatabaseConnection, by: &Authorized, bytes: &[u8]) -> [Duration; 4] {
    let started = Instant::now();
    let upload =
        Upload { kind: SheetKind::Cases, file_name: "bench.csv".into(), bytes: bytes.to_vec() };
    let sheet = receive(db, Utc::now(), by, upload).await.expect("the upload reads");
    let received = started.elapsed();
    let codes: Vec<String> =
        sheet.mapping.iter().map(|code| code.clone().unwrap_or_default()).collect();
    let started = Instant::now();
    let report = check(db, Utc::now(), by, sheet.batch_id, &codes).await.expect("the check runs");
    let checked = started.elapsed();
    assert_eq!(
        report.counts.invalid,
        0,
        "the bench ledger reads clean: {:?}",
        report.lines.first()
    );

    // A reader on the same pool while the commit runs.
    let running = Arc::new(AtomicBool::new(true));
    let reader = {
        let (db, running) = (db.clone(), running.clone());
        tokio::spawn(async move {
            let mut longest = Duration::ZERO;
            while running.load(Ordering::Relaxed) {
                let asked = Instant::now();
                case::Entity::find()
                    .filter(case::Column::Stage.ne("closed"))
                    .count(&db)
                    .await
                    .expect("a count");
                longest = longest.max(asked.elapsed());
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            longest
        })
    };
    let started = Instant::now();
    commit(db, Utc::now(), by, &Default::default(), sheet.batch_id, report.version, false)
        .await
        .expect("the commit writes");
    let committed = started.elapsed();
    running.store(false, Ordering::Relaxed);
    let waited = reader.await.expect("the reader");
    [received, checked, committed, waited]
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

async fn run(name: &str, db: &DatabaseConnection, rows: usize) {
    let by = coordinator(db).await;
    let bytes = ledger(rows);
    let first = import(db, &by, &bytes).await;
    let again = import(db, &by, &bytes).await;
    let imported = case::Entity::find().count(db).await.expect("a count");
    assert_eq!(imported, rows as u64, "the second import adds nothing");
    for (label, [received, checked, committed, waited]) in [("new", first), ("again", again)] {
        let total = received + checked + committed;
        println!(
            "| {name} | {rows} rows, {label} | {} | {} | {} | {} | {} |",
            seconds(received),
            seconds(checked),
            seconds(committed),
            seconds(total),
            format_args!("{} ms", waited.as_millis()),
        );
    }
}

#[tokio::main]
async fn main() {
    let rows: usize =
        std::env::var("KOKEN_BENCH_ROWS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    println!(
        "| Database | Ledger | Upload read | Dry run | Commit | Total | Longest read meanwhile |"
    );
    println!("|---|---|---|---|---|---|---|");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}?mode=rwc", directory.path().join("bench.db").display());
    let db = server::database::connect_and_migrate(&url).await.expect("SQLite");
    run("SQLite", &db, rows).await;
    db.close().await.ok();

    let Ok(admin) = sea_orm::Database::connect(POSTGRES_ADMIN).await else {
        println!("(PostgreSQL not reachable at {POSTGRES_ADMIN}: skipped)");
        return;
    };
    let name = format!("koken_bench_import_{}", std::process::id());
    admin
        .execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#))
        .await
        .expect("create the database");
    let db = server::database::connect_and_migrate(&format!(
        "postgres://postgres@127.0.0.1:5432/{name}"
    ))
    .await
    .expect("PostgreSQL");
    run("PostgreSQL", &db, rows).await;
    db.close().await.ok();
    admin.execute_unprepared(&format!(r#"DROP DATABASE "{name}""#)).await.ok();
}
