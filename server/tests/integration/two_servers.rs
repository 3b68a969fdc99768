//! Several servers, one database (issue 10): two server processes on one PostgreSQL database,
//! as behind a load balancer. A session made on one is valid on the other and ends on both;
//! writes sent through both at the same moment keep the rules that span rows: a guardian's
//! capacity (a row lock on the guardian, taken in the appointment's transaction), a case's
//! roster and duties (分掌: decided under the case's version) and one open relay per
//! predecessor (a partial unique index). SQLite is one process's database: a second
//! server on the same file refuses to start.

use crate::child_server::{self, Server};
use crate::client::Client;
use crate::crashes::{seeded_consultations, server_binary};
use crate::guardians::citizen_form;
use crate::support::SpareDatabase;
use app::server::entities::{appointment, case};
use http::StatusCode;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use std::net::SocketAddr;
use uuid::Uuid;

const DEMO_PASSWORD: &str = "koken-desk-demo";
const ROUNDS: usize = 6;

async fn client(address: SocketAddr, cookie: &str) -> Client {
    let mut client = Client::connect(address).await.expect("connect");
    client.cookie = Some(cookie.to_owned());
    client
}

/// Posts a server function's form through a new connection to `address`.
async fn call(
    address: SocketAddr,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = client(address, cookie).await.post_form(path, fields).await.expect("an answer");
    (response.status, String::from_utf8_lossy(&response.body).into_owned())
}

/// A citizen guardian with room for one case, registered through `address`.
async fn citizen(address: SocketAddr, cookie: &str, name: &str) -> String {
    let form = citizen_form(name, "にじゅう ぎょうむ");
    let (status, body) = call(address, cookie, "/api/guardians/save", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("the guardian's id")
}

async fn appoint(
    address: SocketAddr,
    cookie: &str,
    case: &case::Model,
    guardian: &str,
) -> (StatusCode, String) {
    let (id, version) = (case.id.to_string(), case.version.to_string());
    call(
        address,
        cookie,
        "/api/appointments/appoint",
        &[
            ("case_id", &id),
            ("version", &version),
            ("mode", "sole"),
            ("decided_on", "2026-03-02"),
            ("effective_on", "2026-03-20"),
            ("guardian_1", guardian),
            ("role_1", "guardian"),
            ("capacity_override_reason", ""),
        ],
    )
    .await
}

/// Guardianship cases still in consultation in the coordinator's office, oldest first.
async fn open_cases(db: &DatabaseConnection, count: usize) -> Vec<case::Model> {
    seeded_consultations(db, count, Some("guardianship")).await
}

async fn active_appointments(db: &DatabaseConnection, guardian: &str) -> u64 {
    let guardian: Uuid = guardian.parse().expect("a guardian id");
    appointment::Entity::find()
        .filter(appointment::Column::GuardianId.eq(guardian))
        .filter(appointment::Column::EndedOn.is_null())
        .count(db)
        .await
        .expect("appointments")
}

mod two_servers_on_one_postgres_share_sessions_and_keep_every_rule {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        if std::env::var_os("KOKEN_SKIP_POSTGRES").is_some() {
            eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
            return;
        }
        let spare = SpareDatabase::postgres().await;
        let (binary, url) = (server_binary(), spare.url());
        let scratch = tempfile::tempdir().expect("a scratch directory");
        child_server::seed(&binary, &url, scratch.path(), &["--cases", "600"]).expect("the seed");
        let first = Server::start(&binary, &url, scratch.path(), scratch.path().join("first.log"))
            .await
            .expect("the first server");
        let second =
            Server::start(&binary, &url, scratch.path(), scratch.path().join("second.log"))
                .await
                .expect("the second server");
        let (a, b) = (first.address, second.address);
        let db = ::server::database::connect(&url).await.expect("connect");

        // A session made on one server is valid on the other, and ends on both.
        let cookie = Client::connect(a)
            .await
            .expect("connect")
            .sign_in("coordinator", DEMO_PASSWORD)
            .await
            .expect("sign in");
        assert_eq!(
            call(b, &cookie, "/api/session/keep_alive", &[]).await.0,
            StatusCode::OK,
            "the second server knows the session"
        );
        let elsewhere = Client::connect(b)
            .await
            .expect("connect")
            .sign_in("manager", DEMO_PASSWORD)
            .await
            .expect("sign in");
        assert_eq!(
            call(b, &elsewhere, "/api/session/keep_alive", &[]).await.0,
            StatusCode::OK,
            "known on the second server before it ends on the first"
        );
        let mut signing_out = client(a, &elsewhere).await;
        let signed_out = signing_out.post_form("/auth/sign-out", &[]).await.expect("an answer");
        assert!(signed_out.status.is_redirection(), "{}", signed_out.status);
        assert_eq!(
            call(b, &elsewhere, "/api/session/keep_alive", &[]).await.0,
            StatusCode::UNAUTHORIZED,
            "ended on both"
        );

        // A guardian's last place, taken from two cases at once through the two servers.
        let cases = open_cases(&db, ROUNDS * 2 + 1).await;
        let (cases, shared_case) = cases.split_at(ROUNDS * 2);
        for round in 0..ROUNDS {
            let guardian = citizen(a, &cookie, &format!("二重 {round}")).await;
            let (one, other) = (&cases[round * 2], &cases[round * 2 + 1]);
            let (through_first, through_second) = tokio::join!(
                appoint(a, &cookie, one, &guardian),
                appoint(b, &cookie, other, &guardian)
            );
            let mut statuses = [through_first.0, through_second.0];
            statuses.sort();
            assert_eq!(
                statuses,
                [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY],
                "round {round}: {through_first:?} / {through_second:?}"
            );
            let refused = if through_first.0 == StatusCode::OK {
                &through_second.1
            } else {
                &through_first.1
            };
            assert!(refused.contains("capacity_exceeded"), "round {round}: {refused}");
            assert_eq!(
                active_appointments(&db, &guardian).await,
                1,
                "round {round}: one appointment stored"
            );
        }

        // One case's roster (who holds which duties, 分掌) is decided under the case's version:
        // two decisions from the same version through the two servers, one wins.
        let rivals = [citizen(a, &cookie, "分掌 甲").await, citizen(a, &cookie, "分掌 乙").await];
        let (through_first, through_second) = tokio::join!(
            appoint(a, &cookie, &shared_case[0], &rivals[0]),
            appoint(b, &cookie, &shared_case[0], &rivals[1])
        );
        let mut statuses = [through_first.0, through_second.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{through_first:?} / {through_second:?}"
        );
        let on_the_case = appointment::Entity::find()
            .filter(appointment::Column::CaseId.eq(shared_case[0].id))
            .count(&db)
            .await
            .expect("appointments");
        assert_eq!(on_the_case, 1, "only the winner's decision is stored");

        // One open relay per predecessor, planned through both servers at once.
        let appointed = appointment::Entity::find()
            .filter(appointment::Column::CaseId.is_in(cases.iter().map(|case| case.id)))
            .filter(appointment::Column::EndedOn.is_null())
            .all(&db)
            .await
            .expect("appointments");
        assert_eq!(appointed.len(), ROUNDS);
        for (round, predecessor) in appointed.iter().enumerate() {
            let successors = [
                citizen(a, &cookie, &format!("後任 甲{round}")).await,
                citizen(a, &cookie, &format!("後任 乙{round}")).await,
            ];
            let predecessor = predecessor.id.to_string();
            let plan = |address, successor: &str| {
                let (cookie, predecessor, successor) =
                    (cookie.clone(), predecessor.clone(), successor.to_owned());
                async move {
                    call(
                        address,
                        &cookie,
                        "/api/relays/plan",
                        &[
                            ("predecessor_id", &predecessor),
                            ("successor_id", &successor),
                            ("target_date", "2027-03-31"),
                        ],
                    )
                    .await
                }
            };
            let (through_first, through_second) =
                tokio::join!(plan(a, &successors[0]), plan(b, &successors[1]));
            let won = [&through_first, &through_second]
                .iter()
                .filter(|answer| answer.0 == StatusCode::OK)
                .count();
            assert_eq!(won, 1, "round {round}: {through_first:?} / {through_second:?}");
            let lost =
                if through_first.0 == StatusCode::OK { &through_second } else { &through_first };
            assert_eq!(lost.0, StatusCode::UNPROCESSABLE_ENTITY, "round {round}: {lost:?}");
        }
        let locked: usize =
            [&first, &second].iter().map(|server| server.locked_database_lines()).sum();
        assert_eq!(locked, 0);
        db.close().await.ok();
        drop((first, second));
    }
}

mod a_second_server_on_one_sqlite_file_refuses_to_start {
    use super::*;

    #[tokio::test]
    async fn on_sqlite() {
        let spare = SpareDatabase::sqlite();
        let (binary, url) = (server_binary(), spare.url());
        let scratch = tempfile::tempdir().expect("a scratch directory");
        let _serving =
            Server::start(&binary, &url, scratch.path(), scratch.path().join("first.log"))
                .await
                .expect("the first server");
        let log = scratch.path().join("second.log");
        let second = Server::start(&binary, &url, scratch.path(), log.clone()).await;
        assert!(second.is_err(), "a second server started on the same SQLite file");
        let said = std::fs::read_to_string(&log).expect("the second server's log");
        assert!(said.contains("server is using"), "{said}");
    }
}
