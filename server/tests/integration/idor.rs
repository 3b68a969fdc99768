//! Insecure direct object references (issue 10): a citizen guardian who sends another
//! guardian's ids to every server function that takes one, and opens the pages that show a
//! record by id. Each answer is a refusal with nothing in it (not a name, not a count), and
//! each refusal leaves an audit row: `permission.denied` for a function the guardian may not
//! call at all, `record.denied` with the ids asked for when the record is out of their reach.

use crate::authorization::{CASES_WRITE, matrix};
use crate::cases::{consultation_opening_a_case, json};
use crate::guardians::{appoint_alone, citizen, panel};
use crate::support::{Session, TestApp, db_test};
use app::server::entities::{audit_entry, deadline, user};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// One guardian's records, by the kind of id that names them.
struct Records {
    case: String,
    guardian: String,
    appointment: String,
    deadline: String,
    support_request: String,
}

impl Records {
    /// The id to send as `field` to the function at `path`, if the field names one of these
    /// records.
    fn id_for(&self, path: &str, field: &str) -> Option<&str> {
        let field = field.trim_start_matches("query[").trim_end_matches(']');
        let kind = match field {
            "case_id" => &self.case,
            "guardian_id" | "successor_id" | "guardian_1" => &self.guardian,
            "appointment_id" | "predecessor_id" => &self.appointment,
            "id" if path.starts_with("/api/cases/") || path.starts_with("/api/my/") => &self.case,
            "id" if path.starts_with("/api/guardians/") => &self.guardian,
            "id" if path.starts_with("/api/appointments/") => &self.appointment,
            "id" if path.starts_with("/api/deadlines/") => &self.deadline,
            "id" if path.starts_with("/api/support/") => &self.support_request,
            _ => return None,
        };
        Some(kind.as_str())
    }
}

/// Values that make a function's form valid where the matrix leaves it blank: a guardian past
/// the permission check (case writes are theirs within their own appointments) must be
/// refused for the record, not for a missing date.
fn completed(path: &str, field: &str) -> Option<&'static str> {
    Some(match (path, field) {
        ("/api/guardians/conflicts/add", "kind") => "lawsuit_party",
        ("/api/appointments/appoint", "mode") => "sole",
        ("/api/appointments/appoint", "role_1") => "guardian",
        (_, "decided_on" | "effective_on" | "ended_on" | "done_on" | "meeting_on") => "2026-05-01",
        (_, "target_date") => "2027-03-31",
        (_, "end_reason") => "resignation",
        ("/api/matching/record", "reason") => "面談の記録",
        _ => return None,
    })
}

/// The audit rows after the first `before`.
async fn new_audit_rows(app: &TestApp, before: usize) -> Vec<audit_entry::Model> {
    let rows = audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db)
        .await
        .expect("the audit trail");
    rows.into_iter().skip(before).collect()
}

async fn user_id(app: &TestApp, login_id: &str) -> uuid::Uuid {
    user::Entity::find()
        .filter(user::Column::LoginId.eq(login_id))
        .one(&app.db)
        .await
        .expect("users")
        .expect("the account")
        .id
}

async fn audit_count(app: &TestApp) -> usize {
    app.audit_actions().await.len()
}

/// A citizen guardian appointed alone to a new case, signed in, who has asked the centre a
/// question about it: one record of every kind the tests send ids of.
struct GuardianWithACase {
    session: Session,
    records: Records,
    deadline: deadline::Model,
}

async fn guardian_with_a_case(
    app: &TestApp,
    coordinator: &Session,
    login_id: &str,
    (name, kana): (&str, &str),
    (person, person_kana): (&str, &str),
) -> GuardianWithACase {
    let guardian = citizen(app, coordinator, name, kana).await;
    let case = consultation_opening_a_case(app, coordinator, person, person_kana).await;
    let appointed = appoint_alone(app, coordinator, &case, &guardian, "").await;
    assert_eq!(appointed.status, StatusCode::OK, "{}", appointed.body);
    let appointment = panel(app, coordinator, &case).await["active"][0]["id"]
        .as_str()
        .expect("the guardian's appointment")
        .to_owned();
    let deadline = deadline::Entity::find()
        .filter(deadline::Column::CaseId.eq(case.parse::<uuid::Uuid>().expect("a case id")))
        .one(&app.db)
        .await
        .expect("deadlines")
        .expect("a deadline of the case");
    let session = app.signed_in_as_guardian(login_id, &guardian).await;
    let asked = app
        .call_with(
            Some(&session),
            "/api/support/ask",
            &[("case_id", &case), ("subject", "質問"), ("body", "本文")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let support_request = json(&asked.body).as_str().expect("the request's id").to_owned();
    let records =
        Records { case, guardian, appointment, deadline: deadline.id.to_string(), support_request };
    GuardianWithACase { session, records, deadline }
}

/// One refusal: nothing in the answer but the kind of refusal, and its audit row.
async fn assert_refused(
    app: &TestApp,
    guardian: uuid::Uuid,
    what: &str,
    status: StatusCode,
    body: &str,
    before: usize,
    asked_for: &str,
) -> Result<(), String> {
    let expected_body = match status {
        StatusCode::NOT_FOUND => "\"NotFound\"",
        StatusCode::FORBIDDEN => "\"Forbidden\"",
        _ => return Err(format!("{what}: {status} {body}")),
    };
    // Pages answer their "not found" page; server functions the bare error.
    if what.starts_with("/api/") && body != expected_body {
        return Err(format!("{what}: {status} with {body}"));
    }
    for secret in ["他人", "別件", "次郎"] {
        if body.contains(secret) {
            return Err(format!("{what}: the refusal names {secret}"));
        }
    }
    let rows = new_audit_rows(app, before).await;
    let expected_action =
        if status == StatusCode::NOT_FOUND { "record.denied" } else { "permission.denied" };
    let recorded = rows.iter().any(|row| {
        row.action == expected_action
            && row.actor_user_id == Some(guardian)
            && (expected_action == "permission.denied"
                || row.details.as_deref().is_some_and(|details| details.contains(asked_for)))
    });
    if !recorded {
        let actions: Vec<_> = rows.iter().map(|row| (&row.action, &row.details)).collect();
        return Err(format!("{what}: no {expected_action} row naming {asked_for}: {actions:?}"));
    }
    Ok(())
}

db_test! {
    async fn a_guardian_gets_nothing_of_another_guardians_records_and_each_try_is_audited(app) {
        let coordinator = app.signed_in_as(app::domain::access::Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "自分 守", "じぶん まもる").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "担当 花子", "たんとう はなこ").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        let GuardianWithACase { session: other, records: theirs, .. } =
            guardian_with_a_case(&app, &coordinator, "tanin", ("他人 守", "たにん まもる"), ("別件 次郎", "べっけん じろう")).await;
        let (other_case, stranger) = (theirs.case.clone(), theirs.guardian.clone());
        let overview = json(&app.call_with(Some(&other), "/api/my/overview", &[]).await.body);

        let guardian = app.signed_in_as_guardian("jibun", &volunteer).await;
        let guardian_user = user_id(&app, "jibun").await;
        let mut tried = 0;
        let mut problems = Vec::new();
        for (path, args, _) in matrix() {
            let mut asked_for = None;
            let mut fields: Vec<(&str, &str)> = args
                .iter()
                .map(|(name, value)| match theirs.id_for(path, name) {
                    Some(id) => {
                        asked_for = asked_for.or(Some(id));
                        (*name, id)
                    }
                    None => (*name, completed(path, name).unwrap_or(value)),
                })
                .collect();
            let Some(asked_for) = asked_for else { continue };
            if path == "/api/deadlines/update" {
                fields.push(("done_on", "2026-05-01"));
            }
            tried += 1;
            let before = audit_count(&app).await;
            let response = app.call_with(Some(&guardian), path, &fields).await;
            if let Err(problem) =
                assert_refused(&app, guardian_user, path, response.status, &response.body, before, asked_for).await
            {
                problems.push(problem);
            }
        }
        // What the matrix's arguments cannot express: a support request about their case.
        let before = audit_count(&app).await;
        let response = app
            .call_with(Some(&guardian), "/api/support/ask", &[("case_id", &other_case), ("subject", "質問"), ("body", "本文")])
            .await;
        if let Err(problem) =
            assert_refused(&app, guardian_user, "/api/support/ask", response.status, &response.body, before, &other_case).await
        {
            problems.push(problem);
        }
        // The pages that show a record by its id.
        for page in [format!("/my/cases/{other_case}"), format!("/cases/{other_case}"), format!("/guardians/{stranger}")] {
            let before = audit_count(&app).await;
            let response = app.get_as(&guardian, &page).await;
            if let Err(problem) =
                assert_refused(&app, guardian_user, &page, response.status, &response.body, before, &page).await
            {
                problems.push(problem);
            }
        }
        assert!(tried >= 20, "the matrix holds functions that take ids ({tried})");
        assert!(problems.is_empty(), "{} of {tried} functions:\n{}", problems.len(), problems.join("\n"));

        // Their own case stays theirs, and nothing was changed for the other guardian.
        let mine = app.call_with(Some(&guardian), "/api/my/case", &[("case_id", &own_case)]).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
        let theirs_now = json(&app.call_with(Some(&other), "/api/my/overview", &[]).await.body);
        assert_eq!(theirs_now, overview, "the other guardian's view is unchanged");
    }
}

/// What a linked guardian writes on their own case: the work they do (activity log, after-death
/// affairs; reports are uploaded outside the server functions), their deadlines and their
/// support threads (the matrix files a reply to a support request with the case writes: the
/// same callers may). Every other case-writing function is the centre's, and the permission
/// policy refuses it to a guardian before any record is looked up.
const GUARDIAN_WRITES: [&str; 4] = [
    "/api/activities/log",
    "/api/after_death/record",
    "/api/deadlines/update",
    "/api/support/reply",
];

db_test! {
    async fn a_guardian_may_not_change_their_own_case_file_but_logs_activities_and_deadlines(app) {
        let coordinator = app.signed_in_as(app::domain::access::Role::Coordinator).await;
        let GuardianWithACase { session: guardian, records: own, deadline: owed } =
            guardian_with_a_case(&app, &coordinator, "jibun", ("自分 守", "じぶん まもる"), ("担当 花子", "たんとう はなこ")).await;
        let (own_case, deadline) = (own.case.clone(), own.deadline.clone());
        let case_before = panel(&app, &coordinator, &own_case).await;

        let before = audit_count(&app).await;
        let mut tried = 0;
        let mut problems = Vec::new();
        for (path, args, expected) in matrix() {
            if expected != CASES_WRITE || GUARDIAN_WRITES.contains(&path) {
                continue;
            }
            let fields: Vec<(&str, &str)> = args
                .iter()
                .map(|(name, value)| {
                    (*name, own.id_for(path, name).or(completed(path, name)).unwrap_or(value))
                })
                .collect();
            tried += 1;
            let response = app.call_with(Some(&guardian), path, &fields).await;
            if (response.status, response.body.as_str()) != (StatusCode::FORBIDDEN, "\"Forbidden\"") {
                problems.push(format!("{path}: {} {}", response.status, response.body));
            }
        }
        assert!(tried >= 25, "the matrix holds the case-writing functions ({tried})");
        assert!(problems.is_empty(), "{} of {tried} functions:\n{}", problems.len(), problems.join("\n"));
        // Refused by the policy, each audited, and nothing changed (every change writes an
        // audit row, and only the refusals were written).
        let actions: Vec<_> = new_audit_rows(&app, before).await.into_iter().map(|row| row.action).collect();
        assert_eq!(actions, vec!["permission.denied"; tried], "the guardian's audit trail");
        assert_eq!(panel(&app, &coordinator, &own_case).await, case_before);

        // What is theirs to write still works on the same case.
        let logged = app
            .call_with(Some(&guardian), "/api/activities/log", &[("case_id", &own_case), ("kind", "visit"), ("occurred_on", "2026-05-01"), ("notes", "訪問")])
            .await;
        assert_eq!(logged.status, StatusCode::OK, "{}", logged.body);
        let version = owed.version.to_string();
        let sent = app
            .call_with(Some(&guardian), "/api/deadlines/update", &[("id", &deadline), ("version", &version), ("done_on", "2026-05-01")])
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
}
