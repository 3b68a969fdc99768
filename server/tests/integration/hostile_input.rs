//! Hostile arguments to every server function: each row of the authorization matrix (every
//! registered function with arguments that decode) called again and again with a field
//! dropped, doubled, added or given a hostile value, by a coordinator and by an administrator.
//! Whatever arrives, the answer is never a server error: bad input is the caller's problem,
//! told as such (400, 404, 409, 422), never a 500.
//!
//! Arguments that do not decode (a missing, doubled or unknown field, a value of the wrong
//! type) are answered 400 `"Malformed"`, which the page shows as "reload and try again". Until
//! that error existed they answered 500 with an empty validation error: this test's first run
//! found 1,462 of them on each database.

use crate::authorization::matrix;
use crate::support::{TEST_PASSWORD, TestApp, db_test};
use app::domain::access::Role;
use http::StatusCode;
use sea_orm::EntityTrait;

/// Values that have broken parsers, queries and renderers elsewhere.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "-1",
    "0",
    "2147483648",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "true",
    "0000-00-00",
    "2026-02-30",
    "9999-12-31",
    "-0001-01-01",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\"; DROP TABLE cases; --",
    "\u{0}",
    "\r\nSet-Cookie: x=y",
    "\u{202e}右から左",
    "𠮷野家",
    "=cmd|' /C calc'!A0",
    "[]",
    "{}",
];

/// A small deterministic generator (SplitMix64), so a failure names a seed that repeats it.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

fn hostile_value(draw: &mut Draw) -> String {
    match draw.below(6) {
        0 => "a".repeat(1 + draw.below(20_000)),
        1 => "９".repeat(1 + draw.below(50)),
        _ => HOSTILE[draw.below(HOSTILE.len())].to_owned(),
    }
}

/// The valid arguments with one or two things made wrong.
fn mutated(args: &[(&str, &str)], draw: &mut Draw) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> =
        args.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
    for _ in 0..1 + draw.below(2) {
        match (draw.below(5), fields.len()) {
            (0, n) if n > 0 => {
                fields.remove(draw.below(n));
            }
            (1, n) if n > 0 => {
                let doubled = fields[draw.below(n)].0.clone();
                fields.push((doubled, hostile_value(draw)));
            }
            (2, _) => fields.push(("unexpected".to_owned(), hostile_value(draw))),
            (_, n) if n > 0 => {
                let index = draw.below(n);
                fields[index].1 = hostile_value(draw);
            }
            _ => fields.push(("unexpected".to_owned(), hostile_value(draw))),
        }
    }
    fields
}

/// Calls per function and caller, and the generator's seed: fixed in `make test`, raised and
/// drawn anew by `make fuzz` (`KOKEN_HOSTILE_ROUNDS`, `KOKEN_HOSTILE_SEED`).
fn rounds_per_function() -> usize {
    std::env::var("KOKEN_HOSTILE_ROUNDS").ok().and_then(|rounds| rounds.parse().ok()).unwrap_or(12)
}

fn seed() -> u64 {
    std::env::var("KOKEN_HOSTILE_SEED").ok().and_then(|seed| seed.parse().ok()).unwrap_or(20261128)
}

async fn no_argument_makes_a_server_function_fail_with_a_server_error(app: TestApp) {
    let callers = [app.signed_in_as(Role::Coordinator).await, app.signed_in_as(Role::Admin).await];
    let (rounds, seed) = (rounds_per_function(), seed());
    eprintln!("hostile input: {rounds} calls per function and caller, seed {seed}");
    let mut draw = Draw(seed);
    let mut failures = Vec::new();
    for (path, args, _) in matrix() {
        for session in &callers {
            for _ in 0..rounds {
                let fields = mutated(&args, &mut draw);
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
                let response = app.call_with(Some(session), path, &pairs).await;
                if response.status.is_server_error() {
                    let shown: Vec<(&str, String)> = pairs
                        .iter()
                        .map(|(name, value)| (*name, value.chars().take(40).collect()))
                        .collect();
                    failures
                        .push(format!("{path} {shown:?} → {} {}", response.status, response.body));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} server errors (seed {seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

mod no_argument_makes_a_server_function_fail_with_a_server_error {
    use crate::support::{Backend, TestApp};

    /// Some 3,600 calls in `make test`: more than the usual limit allows under the full
    /// parallel suite; `make fuzz` makes more, and gets longer.
    fn limit() -> std::time::Duration {
        std::time::Duration::from_secs(50 * super::rounds_per_function() as u64)
    }

    #[tokio::test]
    async fn on_sqlite() {
        let app = TestApp::start(Backend::Sqlite).await.expect("SQLite is always available");
        let test = super::no_argument_makes_a_server_function_fail_with_a_server_error(app);
        tokio::time::timeout(limit(), test).await.expect("the test finished within its limit");
    }

    #[tokio::test]
    async fn on_postgres() {
        let Some(app) = TestApp::start(Backend::Postgres).await else {
            eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
            return;
        };
        let test = super::no_argument_makes_a_server_function_fail_with_a_server_error(app);
        tokio::time::timeout(limit(), test).await.expect("the test finished within its limit");
    }
}

db_test! {
    async fn an_argument_that_does_not_decode_is_answered_400_and_changes_nothing(app) {
        let user_id = app.create_user("tanaka", Role::Coordinator).await;
        let session = app.sign_in("tanaka").await;
        let before = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap();
        let audit_before = app.audit_actions().await;

        for args in [
            // The new password's confirmation is missing.
            vec![("current_password", TEST_PASSWORD), ("new_password", "a new and long passphrase")],
            // A field given twice.
            vec![
                ("current_password", TEST_PASSWORD),
                ("new_password", "a new and long passphrase"),
                ("new_password", "another new passphrase"),
                ("confirmation", "a new and long passphrase"),
            ],
        ] {
            let response = app.call_with(Some(&session), "/api/account/change_password", &args).await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{args:?}: {}", response.body);
            assert_eq!(response.body, "\"Malformed\"", "the page shows the error's message");
        }

        let after = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap();
        assert_eq!(before, after, "the password is unchanged");
        assert_eq!(app.audit_actions().await, audit_before);
        assert!(app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().is_some());
    }
}
