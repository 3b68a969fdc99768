//! What the audit trail records. Every event has a stable code, stored in the `action` column
//! and used to filter the trail; the codes never change meaning once written.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    SignInSucceeded,
    /// Wrong login id or password, or a disabled account (the user is told the same).
    SignInFailed,
    /// A sign-in refused because the account is locked after failed attempts.
    SignInWhileLocked,
    /// The account was locked by this failure.
    AccountLocked,
    /// Too many attempts from one address.
    SignInRateLimited,
    SignedOut,
    /// A request refused by the permission policy.
    PermissionDenied,
    UserCreated,
}

impl AuditAction {
    pub const ALL: [AuditAction; 8] = [
        AuditAction::SignInSucceeded,
        AuditAction::SignInFailed,
        AuditAction::SignInWhileLocked,
        AuditAction::AccountLocked,
        AuditAction::SignInRateLimited,
        AuditAction::SignedOut,
        AuditAction::PermissionDenied,
        AuditAction::UserCreated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignInSucceeded => "sign_in.succeeded",
            AuditAction::SignInFailed => "sign_in.failed",
            AuditAction::SignInWhileLocked => "sign_in.locked",
            AuditAction::AccountLocked => "account.locked",
            AuditAction::SignInRateLimited => "sign_in.rate_limited",
            AuditAction::SignedOut => "sign_out",
            AuditAction::PermissionDenied => "permission.denied",
            AuditAction::UserCreated => "user.created",
        }
    }

    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|action| action.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut codes: Vec<_> = AuditAction::ALL.iter().map(|action| action.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.code()), Some(action));
        }
    }
}
