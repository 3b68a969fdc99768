//! Rules for user accounts and sign-in: login ids, passwords, lockout after failed attempts,
//! and when a session ends.

use crate::domain::access::Role;
use crate::domain::text::fold_full_width;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A login id: 3 to 64 characters of lower-case ASCII letters, digits, `.`, `_` and `-`.
/// Full-width input (ａｄｍｉｎ, typed with the Japanese IME on) and capitals are folded, so the
/// same person always reaches the same account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LoginId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginIdProblem {
    Length,
    Characters,
}

impl LoginId {
    pub const MIN_CHARS: usize = 3;
    pub const MAX_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<LoginId, LoginIdProblem> {
        let folded: String = input.trim().chars().map(fold_full_width).collect::<String>();
        let folded = folded.to_ascii_lowercase();
        let length = folded.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&length) {
            return Err(LoginIdProblem::Length);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !folded.chars().all(allowed) {
            return Err(LoginIdProblem::Characters);
        }
        Ok(LoginId(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LoginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown for an account: 1 to 100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Option<DisplayName> {
        let trimmed = input.trim();
        let length = trimmed.chars().count();
        (1..=Self::MAX_CHARS).contains(&length).then(|| DisplayName(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Coordinators work for an office, so their account needs one; the other roles may have one.
pub fn office_is_required(role: crate::domain::access::Role) -> bool {
    role == crate::domain::access::Role::Coordinator
}

/// A password someone chose, checked against the policy (OWASP ASVS 5.0, V6): long enough,
/// not absurdly long (Argon2 runs on it), and not the login id. No composition rules: length
/// protects better and people remember passphrases.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    SameAsLoginId,
    Repetitive,
}

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(candidate: &str, login_id: &LoginId) -> Result<NewPassword, PasswordProblem> {
        let length = candidate.chars().count();
        if length < Self::MIN_CHARS {
            return Err(PasswordProblem::TooShort);
        }
        if length > Self::MAX_CHARS {
            return Err(PasswordProblem::TooLong);
        }
        if candidate.to_lowercase().contains(login_id.as_str()) {
            return Err(PasswordProblem::SameAsLoginId);
        }
        let mut distinct: Vec<char> = candidate.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 4 {
            return Err(PasswordProblem::Repetitive);
        }
        Ok(NewPassword(candidate.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// What a signed-in user must do before they may use anything but their own account page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequiredStep {
    /// The password was set by someone else (a new account, a reset): replace it.
    ChangePassword,
    /// Two-factor sign-in is required for staff and this account has none yet.
    EnrollTwoFactor,
}

/// The step a user must take first, if any. The password comes first: enrolling a second
/// factor on an account whose password an administrator still knows protects nothing.
pub fn required_step(
    role: Role,
    must_change_password: bool,
    has_two_factor: bool,
    two_factor_required_for_staff: bool,
) -> Option<RequiredStep> {
    if must_change_password {
        Some(RequiredStep::ChangePassword)
    } else if two_factor_required_for_staff && role.is_staff() && !has_two_factor {
        Some(RequiredStep::EnrollTwoFactor)
    } else {
        None
    }
}

/// Failed sign-ins in a row before an account is locked.
pub const FAILURES_BEFORE_LOCKOUT: u32 = 5;
const FIRST_LOCKOUT_MINUTES: i64 = 1;
const LONGEST_LOCKOUT_MINUTES: i64 = 60;

/// How long the account stays locked after `consecutive_failures` failed sign-ins: nothing
/// before the fifth, then 1 minute, doubling with every further failure up to an hour. Slow
/// enough to stop guessing, short enough that a locked-out coordinator is not stuck for a day.
pub fn lockout_after(consecutive_failures: u32) -> Option<Duration> {
    let beyond = consecutive_failures.checked_sub(FAILURES_BEFORE_LOCKOUT)?;
    let minutes = FIRST_LOCKOUT_MINUTES
        .checked_shl(beyond.min(16))
        .unwrap_or(LONGEST_LOCKOUT_MINUTES)
        .min(LONGEST_LOCKOUT_MINUTES);
    Some(Duration::minutes(minutes))
}

/// How long sessions last: ended after `idle` without a request, and after `absolute` in any
/// case (a stolen cookie is useful for a bounded time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle: Duration::minutes(30), absolute: Duration::hours(12) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Active,
    IdleTimedOut,
    AbsoluteTimedOut,
}

/// Recording every request's time would make every page view a database write; a session's
/// last activity is refreshed at most this often, which costs the idle timeout a minute of
/// precision at most.
const TOUCH_INTERVAL_SECONDS: i64 = 60;
/// Time to type the code from the authenticator app after the password.
const SECOND_FACTOR_MINUTES: i64 = 5;

impl SessionPolicy {
    /// When a session started now must end at the latest.
    pub fn expires_at(&self, started: DateTime<Utc>) -> DateTime<Utc> {
        started + self.absolute
    }

    pub fn status(
        &self,
        now: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> SessionStatus {
        if now >= expires_at {
            SessionStatus::AbsoluteTimedOut
        } else if now - last_seen >= self.idle {
            SessionStatus::IdleTimedOut
        } else {
            SessionStatus::Active
        }
    }

    /// When a session that waits for the second factor ends: the code is at hand or the user
    /// starts again.
    pub fn second_factor_expires_at(&self, password_checked: DateTime<Utc>) -> DateTime<Utc> {
        password_checked + Duration::minutes(SECOND_FACTOR_MINUTES)
    }

    /// Whether this request should refresh the session's last activity.
    pub fn should_touch(&self, now: DateTime<Utc>, last_seen: DateTime<Utc>) -> bool {
        now - last_seen >= Duration::seconds(TOUCH_INTERVAL_SECONDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(id: &str) -> LoginId {
        LoginId::parse(id).unwrap()
    }

    #[test]
    fn login_ids_are_folded_to_lower_case_ascii() {
        assert_eq!(login("Tanaka.Hanako").as_str(), "tanaka.hanako");
        assert_eq!(login("  ｔａｎａｋａ＿０１ ").as_str(), "tanaka_01");
    }

    #[test]
    fn login_ids_refuse_other_characters_and_lengths() {
        assert_eq!(LoginId::parse("田中太郎"), Err(LoginIdProblem::Characters));
        assert_eq!(LoginId::parse("a b c"), Err(LoginIdProblem::Characters));
        assert_eq!(LoginId::parse("ab"), Err(LoginIdProblem::Length));
        assert_eq!(LoginId::parse(&"a".repeat(65)), Err(LoginIdProblem::Length));
        assert!(LoginId::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  田中 花子 ").unwrap().as_str(), "田中 花子");
        assert_eq!(DisplayName::parse("   "), None);
        assert_eq!(DisplayName::parse(&"名".repeat(101)), None);
    }

    #[test]
    fn passwords_need_length_not_composition() {
        let id = login("tanaka");
        assert!(NewPassword::parse("correct horse battery", &id).is_ok());
        assert!(NewPassword::parse("すずしいかぜがふくあきのよる", &id).is_ok());
        assert_eq!(NewPassword::parse("Sh0rt!pass", &id), Err(PasswordProblem::TooShort));
        assert_eq!(NewPassword::parse(&"ab1".repeat(43), &id), Err(PasswordProblem::TooLong));
        assert_eq!(
            NewPassword::parse("my name is Tanaka!", &id),
            Err(PasswordProblem::SameAsLoginId)
        );
        assert_eq!(NewPassword::parse("aaaaaaaaaaaaaaa", &id), Err(PasswordProblem::Repetitive));
    }

    #[test]
    fn a_password_set_by_someone_else_is_replaced_before_anything_else() {
        assert_eq!(
            required_step(Role::Guardian, true, false, true),
            Some(RequiredStep::ChangePassword)
        );
        assert_eq!(
            required_step(Role::Admin, true, false, true),
            Some(RequiredStep::ChangePassword)
        );
        assert_eq!(required_step(Role::Admin, false, false, false), None);
    }

    #[test]
    fn staff_enrol_a_second_factor_when_the_centre_requires_it() {
        for role in [Role::Admin, Role::Manager, Role::Coordinator] {
            assert_eq!(
                required_step(role, false, false, true),
                Some(RequiredStep::EnrollTwoFactor)
            );
            assert_eq!(required_step(role, false, true, true), None);
        }
        // Citizen guardians are volunteers on their own phones: optional for them.
        assert_eq!(required_step(Role::Guardian, false, false, true), None);
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = NewPassword::parse("correct horse battery", &login("tanaka")).unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
    }

    #[test]
    fn lockout_starts_at_the_fifth_failure_and_doubles_up_to_an_hour() {
        assert_eq!(lockout_after(4), None);
        assert_eq!(lockout_after(5), Some(Duration::minutes(1)));
        assert_eq!(lockout_after(6), Some(Duration::minutes(2)));
        assert_eq!(lockout_after(9), Some(Duration::minutes(16)));
        assert_eq!(lockout_after(11), Some(Duration::minutes(60)));
        assert_eq!(lockout_after(u32::MAX), Some(Duration::minutes(60)));
    }

    #[test]
    fn sessions_end_after_idle_time_or_at_their_absolute_limit() {
        let policy = SessionPolicy::default();
        let start: DateTime<Utc> = "2026-04-01T00:00:00Z".parse().unwrap();
        let expires = policy.expires_at(start);
        assert_eq!(expires, start + Duration::hours(12));

        let at = |minutes| start + Duration::minutes(minutes);
        assert_eq!(policy.status(at(29), start, expires), SessionStatus::Active);
        assert_eq!(policy.status(at(30), start, expires), SessionStatus::IdleTimedOut);
        // Active all day long still ends at the absolute limit.
        assert_eq!(policy.status(at(720), at(719), expires), SessionStatus::AbsoluteTimedOut);
    }

    #[test]
    fn activity_is_recorded_at_most_once_a_minute() {
        let policy = SessionPolicy::default();
        let seen: DateTime<Utc> = "2026-04-01T00:00:00Z".parse().unwrap();
        assert!(!policy.should_touch(seen + Duration::seconds(59), seen));
        assert!(policy.should_touch(seen + Duration::seconds(60), seen));
    }
}
