//! The authorization matrix: every registered server function, called by nobody and by each
//! role, answers as the permission policy says. A new server function without a row here
//! fails the test, so no function ships without a decision on who may call it.

use crate::support::{Session, TestApp, db_test};
use app::domain::access::Role;
use http::StatusCode;

/// What a caller gets from a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Past the permission check: any answer but 401, 403 or a server error.
    Allowed,
    /// 401: nobody is signed in.
    SignIn,
    /// 403: signed in without the right.
    Forbidden,
}
use Outcome::{Allowed as A, Forbidden as F, SignIn as S};

const NO_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Callers in this order: anonymous, admin, manager, coordinator, guardian.
type Expected = [Outcome; 5];
const OWN_ACCOUNT: Expected = [S, A, A, A, A];
const ADMIN_ONLY: Expected = [S, A, F, F, F];
const SIGNED_IN: Expected = [S, A, A, A, A];
/// Case files: managers and coordinators read; a guardian without appointments reads nothing.
const CASES_READ: Expected = [S, F, A, A, F];
pub(crate) const CASES_WRITE: Expected = [S, F, F, A, F];
/// The guardian register is the centre's: coordinators keep it, managers read it.
const GUARDIANS_READ: Expected = [S, F, A, A, F];
const GUARDIANS_WRITE: Expected = [S, F, F, A, F];
/// A guardian's own pages: only an account linked to a register entry (the test's guardian
/// is not; the portal tests cover the linked one).
const GUARDIAN_OWN: Expected = [S, F, F, F, F];
/// Support requests: the centre reads them all and coordinators answer; a guardian reaches
/// their own (the matrix guardian has none: no register entry).
const SUPPORT_READ: Expected = [S, F, A, A, F];
const SUPPORT_ANSWER: Expected = [S, F, F, A, F];
/// Managers count the centre, coordinators their office; guardians and administrators nothing.
const STATISTICS: Expected = [S, F, A, A, F];
/// The workload dashboard: managers (the centre), coordinators (their office).
const DASHBOARD: Expected = [S, F, A, A, F];

/// A server function's path, arguments that pass decoding, and what each caller gets.
pub(crate) type Row = (&'static str, Vec<(&'static str, &'static str)>, Expected);

/// Every server function with arguments that pass decoding (and change nothing, as they name
/// no existing record or carry a wrong password) and the expected outcome per caller.
pub(crate) fn matrix() -> Vec<Row> {
    vec![
        ("/api/home_overview", vec![], SIGNED_IN),
        ("/api/session/keep_alive", vec![], SIGNED_IN),
        ("/api/account/overview", vec![], OWN_ACCOUNT),
        (
            "/api/account/change_password",
            vec![
                ("current_password", "not the password"),
                ("new_password", "another long passphrase"),
                ("confirmation", "another long passphrase"),
            ],
            OWN_ACCOUNT,
        ),
        ("/api/account/end_other_sessions", vec![], OWN_ACCOUNT),
        ("/api/account/calendar", vec![], OWN_ACCOUNT),
        ("/api/account/calendar/renew", vec![], OWN_ACCOUNT),
        ("/api/account/calendar/revoke", vec![], OWN_ACCOUNT),
        ("/api/account/two_factor/start", vec![], OWN_ACCOUNT),
        ("/api/account/two_factor/confirm", vec![("code", "000000")], OWN_ACCOUNT),
        ("/api/account/two_factor/disable", vec![("password", "wrong")], OWN_ACCOUNT),
        ("/api/account/two_factor/recovery_codes", vec![("password", "wrong")], OWN_ACCOUNT),
        ("/api/admin/users", vec![], ADMIN_ONLY),
        ("/api/admin/user", vec![("id", NO_ID)], ADMIN_ONLY),
        (
            "/api/admin/users/create",
            vec![
                ("login_id", "x"),
                ("display_name", ""),
                ("role", "guardian"),
                ("office_code", ""),
            ],
            ADMIN_ONLY,
        ),
        (
            "/api/admin/users/update",
            vec![
                ("id", NO_ID),
                ("version", "1"),
                ("display_name", "名前"),
                ("role", "guardian"),
                ("office_code", ""),
            ],
            ADMIN_ONLY,
        ),
        (
            "/api/admin/users/set_active",
            vec![("id", NO_ID), ("version", "1"), ("active", "false")],
            ADMIN_ONLY,
        ),
        ("/api/admin/users/reset_password", vec![("id", NO_ID), ("version", "1")], ADMIN_ONLY),
        ("/api/admin/users/end_sessions", vec![("id", NO_ID)], ADMIN_ONLY),
        ("/api/admin/offices", vec![], ADMIN_ONLY),
        (
            "/api/admin/offices/create",
            vec![("code", "!"), ("name", ""), ("sort_order", "1")],
            ADMIN_ONLY,
        ),
        (
            "/api/admin/offices/update",
            vec![
                ("id", NO_ID),
                ("version", "1"),
                ("name", "窓口"),
                ("sort_order", "1"),
                ("active", "true"),
            ],
            ADMIN_ONLY,
        ),
        ("/api/admin/settings", vec![], ADMIN_ONLY),
        ("/api/admin/settings/case_visibility", vec![], ADMIN_ONLY),
        ("/api/admin/settings/inbox", vec![], ADMIN_ONLY),
        (
            "/api/admin/settings/inbox/set",
            vec![
                ("contact_days", "30"),
                ("contact_days_version", "999"),
                ("check_in_months", "6"),
                ("check_in_months_version", "999"),
            ],
            ADMIN_ONLY,
        ),
        (
            "/api/admin/settings/case_visibility/set",
            vec![("enabled", "false"), ("version", "999")],
            ADMIN_ONLY,
        ),
        (
            "/api/admin/settings/two_factor",
            vec![("enabled", "false"), ("version", "999")],
            ADMIN_ONLY,
        ),
        ("/api/cases/list", vec![("query", "stage=assessment")], CASES_READ),
        ("/api/cases/get", vec![("id", NO_ID)], CASES_READ),
        (
            "/api/cases/update",
            vec![
                ("id", NO_ID),
                ("version", "1"),
                ("case_type", "guardianship"),
                ("coordinator_id", ""),
                ("petitioner", ""),
                ("family_court_id", ""),
                ("petition_date", ""),
                ("decision_date", ""),
                ("final_date", ""),
            ],
            CASES_WRITE,
        ),
        (
            "/api/cases/move",
            vec![("id", NO_ID), ("version", "1"), ("to", "assessment")],
            CASES_WRITE,
        ),
        ("/api/cases/reassign", vec![("case_ids[]", NO_ID), ("coordinator_id", "")], CASES_WRITE),
        (
            "/api/cases/documents/save",
            vec![
                ("case_id", NO_ID),
                ("document", "petition"),
                ("version", "0"),
                ("status", "ready"),
            ],
            CASES_WRITE,
        ),
        (
            "/api/cases/kinship/add",
            vec![("case_id", NO_ID), ("name", "名"), ("relation", "甥"), ("answer", "no_answer")],
            CASES_WRITE,
        ),
        ("/api/intake/options", vec![], CASES_WRITE),
        (
            "/api/intake/record",
            vec![
                ("received_at", "2026-01-05T10:00"),
                ("channel", "phone"),
                ("consultant", "relative"),
                ("summary", ""),
                ("urgency", "low"),
                ("outcome", "information_only"),
                ("person_mode", "anonymous"),
            ],
            CASES_WRITE,
        ),
        ("/api/intake/log", vec![("page", "1"), ("flag", "")], CASES_READ),
        ("/api/intake/get", vec![("id", NO_ID)], CASES_READ),
        (
            "/api/intake/update",
            vec![
                ("id", NO_ID),
                ("version", "1"),
                ("received_at", "2026-01-05T10:00"),
                ("channel", "phone"),
                ("consultant", "relative"),
                ("summary", "相談"),
                ("urgency", "low"),
            ],
            CASES_WRITE,
        ),
        ("/api/persons/search", vec![("text", "やまだ")], CASES_WRITE),
        ("/api/persons/get", vec![("id", NO_ID)], CASES_READ),
        (
            "/api/persons/update",
            vec![("id", NO_ID), ("version", "1"), ("name", ""), ("name_kana", "")],
            CASES_WRITE,
        ),
        (
            "/api/persons/contacts/add",
            vec![("person_id", NO_ID), ("kind", "relative"), ("name", "名")],
            CASES_WRITE,
        ),
        ("/api/persons/contacts/remove", vec![("id", NO_ID)], CASES_WRITE),
        ("/api/persons/merge", vec![("duplicate_id", NO_ID), ("keep_id", NO_ID)], CASES_WRITE),
        ("/api/master/districts", vec![], SIGNED_IN),
        (
            "/api/master/districts/create",
            vec![("code", "!"), ("name", ""), ("sort_order", "1")],
            ADMIN_ONLY,
        ),
        (
            "/api/master/districts/update",
            vec![
                ("id", NO_ID),
                ("version", "1"),
                ("name", "区"),
                ("sort_order", "1"),
                ("active", "true"),
            ],
            ADMIN_ONLY,
        ),
        ("/api/master/courts", vec![], SIGNED_IN),
        ("/api/master/courts/save", vec![("name", ""), ("sort_order", "1")], ADMIN_ONLY),
        ("/api/master/organisations", vec![], SIGNED_IN),
        ("/api/master/organisations/save", vec![("kind", "hospital"), ("name", "")], ADMIN_ONLY),
        ("/api/guardians/list", vec![("query", "")], GUARDIANS_READ),
        ("/api/guardians/get", vec![("id", NO_ID)], GUARDIANS_READ),
        ("/api/guardians/form", vec![], GUARDIANS_WRITE),
        (
            "/api/guardians/save",
            vec![("kind", ""), ("name", ""), ("name_kana", "")],
            GUARDIANS_WRITE,
        ),
        ("/api/guardians/search", vec![("text", "")], GUARDIANS_READ),
        (
            "/api/guardians/conflicts/add",
            vec![("guardian_id", NO_ID), ("person_id", NO_ID), ("kind", "")],
            CASES_WRITE,
        ),
        ("/api/guardians/conflicts/withdraw", vec![("id", NO_ID)], CASES_WRITE),
        ("/api/appointments/get", vec![("case_id", NO_ID)], CASES_READ),
        (
            "/api/appointments/appoint",
            vec![
                ("case_id", NO_ID),
                ("version", "1"),
                ("mode", ""),
                ("decided_on", ""),
                ("effective_on", ""),
                ("guardian_1", ""),
                ("role_1", ""),
            ],
            CASES_WRITE,
        ),
        (
            "/api/appointments/end",
            vec![
                ("case_id", NO_ID),
                ("version", "1"),
                ("appointment_id", NO_ID),
                ("ended_on", ""),
                ("end_reason", ""),
            ],
            CASES_WRITE,
        ),
        (
            "/api/relays/plan",
            vec![("predecessor_id", NO_ID), ("successor_id", ""), ("target_date", "")],
            CASES_WRITE,
        ),
        ("/api/relays/item", vec![("item_id", NO_ID), ("version", "1")], CASES_WRITE),
        (
            "/api/relays/add_item",
            vec![("plan_id", NO_ID), ("version", "1"), ("label", "")],
            CASES_WRITE,
        ),
        ("/api/relays/move", vec![("plan_id", NO_ID), ("version", "1"), ("to", "")], CASES_WRITE),
        (
            "/api/relays/decide",
            vec![("plan_id", NO_ID), ("version", "1"), ("resignation_on", "")],
            CASES_WRITE,
        ),
        ("/api/matching/get", vec![("case_id", NO_ID)], CASES_READ),
        ("/api/deadlines/case", vec![("case_id", NO_ID)], CASES_READ),
        ("/api/activities/case", vec![("case_id", NO_ID)], CASES_READ),
        ("/api/documents/case", vec![("case_id", NO_ID)], CASES_READ),
        ("/api/imports/check", vec![("batch_id", NO_ID), ("mapping[]", "")], CASES_WRITE),
        (
            "/api/imports/commit",
            vec![("batch_id", NO_ID), ("version", "1"), ("confirm_matches", "false")],
            CASES_WRITE,
        ),
        ("/api/imports/recent", vec![], CASES_WRITE),
        ("/api/imports/progress", vec![("batch_id", NO_ID)], CASES_WRITE),
        ("/api/after_death/case", vec![("case_id", NO_ID)], CASES_READ),
        (
            "/api/after_death/record",
            vec![("case_id", NO_ID), ("affair", "debts"), ("done_on", "2026-01-01")],
            CASES_WRITE,
        ),
        // Guardian support and events belong to the guardian bank.
        ("/api/guardians/support", vec![("guardian_id", NO_ID)], GUARDIANS_READ),
        (
            "/api/guardians/support/record",
            vec![("guardian_id", NO_ID), ("held_on", ""), ("topic", ""), ("mode", "")],
            GUARDIANS_WRITE,
        ),
        ("/api/events/list", vec![], GUARDIANS_READ),
        ("/api/events/get", vec![("id", NO_ID)], GUARDIANS_READ),
        ("/api/events/save", vec![("kind", ""), ("title", ""), ("held_on", "")], GUARDIANS_WRITE),
        (
            "/api/events/attendance",
            vec![("event_id", NO_ID), ("guardian_id", NO_ID)],
            GUARDIANS_WRITE,
        ),
        ("/api/my/overview", vec![], GUARDIAN_OWN),
        ("/api/inbox", vec![], CASES_READ),
        ("/api/master/courts/rule", vec![("id", NO_ID), ("version", "1")], ADMIN_ONLY),
        ("/api/my/case", vec![("case_id", NO_ID)], GUARDIAN_OWN),
        ("/api/support/list", vec![], SUPPORT_READ),
        ("/api/support/thread", vec![("id", NO_ID)], SUPPORT_READ),
        // Only a guardian asks; the centre records its own help as support sessions.
        ("/api/support/ask", vec![("subject", ""), ("body", "")], GUARDIAN_OWN),
        ("/api/support/reply", vec![("id", NO_ID), ("body", "")], SUPPORT_ANSWER),
        ("/api/support/close", vec![("id", NO_ID), ("version", "1")], SUPPORT_ANSWER),
        (
            "/api/activities/log",
            vec![("case_id", NO_ID), ("kind", "visit"), ("occurred_on", "2026-01-01")],
            CASES_WRITE,
        ),
        // Deadlines: managers and coordinators; a guardian without a register entry none.
        ("/api/deadlines/list", vec![("query", "")], CASES_READ),
        ("/api/statistics/court", vec![("period", "fy2024")], STATISTICS),
        ("/api/statistics/centre", vec![("period", "fy2024")], STATISTICS),
        ("/api/dashboard", vec![], DASHBOARD),
        (
            "/api/appointments/reporting",
            vec![("appointment_id", NO_ID), ("version", "1")],
            CASES_WRITE,
        ),
        ("/api/deadlines/update", vec![("id", NO_ID), ("version", "1")], CASES_WRITE),
        (
            "/api/matching/record",
            vec![("case_id", NO_ID), ("meeting_on", ""), ("reason", "")],
            CASES_WRITE,
        ),
        (
            "/api/admin/audit",
            vec![
                ("query[actor]", ""),
                ("query[action]", ""),
                ("query[entity_type]", ""),
                ("query[entity_id]", ""),
                ("query[page]", "0"),
            ],
            ADMIN_ONLY,
        ),
    ]
}

#[test]
fn every_registered_server_function_has_a_row() {
    let registered: std::collections::BTreeSet<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect();
    let listed: std::collections::BTreeSet<String> =
        matrix().into_iter().map(|(path, ..)| path.to_owned()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions without a row in the matrix: {missing:?}");
    assert!(stale.is_empty(), "rows for functions that no longer exist: {stale:?}");
}

async fn caller(app: &TestApp, role: Role) -> Session {
    app.signed_in_as(role).await
}

fn outcome_of(status: StatusCode) -> Option<Outcome> {
    match status {
        StatusCode::UNAUTHORIZED => Some(Outcome::SignIn),
        StatusCode::FORBIDDEN => Some(Outcome::Forbidden),
        status if status.is_server_error() => None,
        _ => Some(Outcome::Allowed),
    }
}

db_test! {
    async fn every_caller_gets_what_the_policy_says(app) {
        let mut callers: Vec<(&str, Option<Session>)> = vec![("anonymous", None)];
        for role in [Role::Admin, Role::Manager, Role::Coordinator, Role::Guardian] {
            callers.push((role.as_str(), Some(caller(&app, role).await)));
        }
        let mut wrong = Vec::new();
        for (path, args, expected) in matrix() {
            for ((name, session), expected) in callers.iter().zip(expected) {
                let response = app.call_with(session.as_ref(), path, &args).await;
                let outcome = outcome_of(response.status);
                if outcome != Some(expected) {
                    wrong.push(format!(
                        "{path} as {name}: expected {expected:?}, got {} {}",
                        response.status, response.body
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "outcomes differ from the matrix:\n{}", wrong.join("\n"));
    }
}
