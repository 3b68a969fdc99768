//! Lost updates: two writers save the same case from the same version at the same moment, a
//! thousand times on each database. Exactly one save wins every round, the other is told of the
//! conflict, and the case and its audit trail hold the winner's change and nothing of the loser's.

use crate::cases::{consultation_opening_a_case, get_case, json, version_of};
use crate::support::{Backend, Session, TestApp, TestResponse, within_limit};
use app::domain::access::Role;
use app::server::entities::{audit_entry, case};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::Arc;

const ROUNDS: u32 = 1_000;

/// The case form with only the notes changing, from the version the writer read.
pub(crate) async fn save_notes(
    app: &TestApp,
    session: &Session,
    id: &str,
    version: i32,
    notes: &str,
) -> TestResponse {
    let version = version.to_string();
    app.call_with(Some(session), "/api/cases/update", &notes_form(id, &version, notes)).await
}

/// The case form of a guardianship case in consultation (the mayor petitioning, no dates yet)
/// with `notes`: a save that changes only the notes of such a case.
pub(crate) fn notes_form<'a>(
    id: &'a str,
    version: &'a str,
    notes: &'a str,
) -> [(&'static str, &'a str); 10] {
    [
        ("id", id),
        ("version", version),
        ("case_type", "guardianship"),
        ("coordinator_id", ""),
        ("petitioner", "mayor"),
        ("family_court_id", ""),
        ("petition_date", ""),
        ("decision_date", ""),
        ("final_date", ""),
        ("notes", notes),
    ]
}

async fn updates_recorded(app: &TestApp, id: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("case.updated"))
        .filter(audit_entry::Column::EntityId.eq(id))
        .count(&app.db)
        .await
        .expect("the audit trail")
}

async fn two_writers_on_one_version_never_both_win(app: TestApp) {
    let app = Arc::new(app);
    let coordinator = app.signed_in_as(Role::Coordinator).await;
    let id = consultation_opening_a_case(&app, &coordinator, "山本 五郎", "やまもと ごろう").await;
    let (_, opened) = get_case(&app, &coordinator, &id).await;
    let case_id: uuid::Uuid = id.parse().expect("a case id");
    let mut version: i32 = version_of(&opened).parse().expect("a version");
    let updates_before = updates_recorded(&app, &id).await;

    for round in 0..ROUNDS {
        // Each writer is a task of its own, so on the multi-threaded runtime the two saves run
        // in parallel, not merely interleaved.
        let writers = ["A", "B"].map(|writer| {
            let app = Arc::clone(&app);
            let coordinator = coordinator.clone();
            let id = id.clone();
            let notes = format!("round {round}, writer {writer}");
            tokio::spawn(async move {
                let response = save_notes(&app, &coordinator, &id, version, &notes).await;
                (notes, response)
            })
        });
        let mut winners = Vec::new();
        let mut conflicts = 0;
        for writer in writers {
            let (notes, response) = writer.await.expect("the writer finished");
            match response.status {
                StatusCode::OK => winners.push((notes, response.body.trim().to_owned())),
                StatusCode::CONFLICT => {
                    assert_eq!(json(&response.body), serde_json::json!("Conflict"));
                    conflicts += 1;
                }
                other => panic!("round {round}: {other} {}", response.body),
            }
        }
        assert_eq!((winners.len(), conflicts), (1, 1), "round {round}: one winner, one conflict");
        let (winning_notes, new_version) = winners.pop().expect("the winner");
        assert_eq!(
            new_version,
            (version + 1).to_string(),
            "round {round}: the winner's new version"
        );

        let stored = case::Entity::find_by_id(case_id)
            .one(&app.db)
            .await
            .expect("the case reads")
            .expect("the case exists");
        assert_eq!(stored.version, version + 1, "round {round}");
        assert_eq!(stored.notes, winning_notes, "round {round}: the winner's change, whole");
        version += 1;
    }

    assert_eq!(
        updates_recorded(&app, &id).await - updates_before,
        u64::from(ROUNDS),
        "one audit row per winning save, none for a refused one"
    );
}

mod two_writers_on_one_version {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        let app = TestApp::start(Backend::Sqlite).await.expect("SQLite is always available");
        within_limit(two_writers_on_one_version_never_both_win(app)).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        let Some(app) = TestApp::start(Backend::Postgres).await else {
            eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
            return;
        };
        within_limit(two_writers_on_one_version_never_both_win(app)).await;
    }
}
