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
    /// A record asked for by id that the user may not see, or that does not exist: they are
    /// told the same (404), the trail keeps what was asked for.
    RecordDenied,
    UserCreated,
    /// A user replaced their own password (all their sessions end).
    PasswordChanged,
    /// A password change refused because the current password was wrong.
    PasswordChangeFailed,
    /// An administrator set a one-time password.
    PasswordReset,
    UserUpdated,
    UserDisabled,
    UserEnabled,
    /// Sessions ended by their user or an administrator.
    SessionsEnded,
    OfficeCreated,
    OfficeUpdated,
    SettingChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
    /// A wrong code from the authenticator app or a wrong recovery code.
    SecondFactorFailed,
    RecoveryCodeUsed,
    RecoveryCodesRenewed,
    /// Someone opened a person's case file (要配慮個人情報).
    CaseFileRead,
    PersonRegistered,
    PersonUpdated,
    /// A duplicate person record merged into another.
    PersonsMerged,
    ContactAdded,
    ContactRemoved,
    ConsultationRecorded,
    ConsultationUpdated,
    CaseOpened,
    CaseUpdated,
    CaseStageMoved,
    /// Cases handed to another coordinator (one or many at once).
    CasesReassigned,
    PetitionDocumentUpdated,
    KinshipEntryAdded,
    /// A district, family court or partner organisation registered or changed.
    MasterDataCreated,
    MasterDataUpdated,
    /// A guardian-register entry made or changed.
    GuardianRegistered,
    GuardianUpdated,
    /// A conflict between a guardian and a person recorded or withdrawn.
    ConflictRecorded,
    ConflictWithdrawn,
    /// A court decision recorded: appointments made and/or ended.
    AppointmentsRecorded,
    AppointmentEnded,
    /// What an appointment owes the court changed (powers over property, the first report's
    /// date, fee petitions).
    AppointmentReportingChanged,
    /// An appointment past the guardian's capacity, with the coordinator's reason.
    CapacityOverridden,
    RelayPlanned,
    RelayMoved,
    /// The court's decisions on a relay: the predecessor ended, the successor started.
    RelayDecided,
    RelayChecklistUpdated,
    /// A matching conference's decision (受任者調整会議).
    MatchingDecided,
    /// A deadline marked done, extended by the court, or reopened.
    DeadlineUpdated,
    /// A visit, call, meeting or decision-support record logged on a case.
    ActivityLogged,
    /// A guardian asked the centre for help, or someone answered or closed the request.
    SupportRequested,
    SupportReplied,
    SupportClosed,
    /// A user issued (or reissued) the secret address of their calendar feed, or stopped it.
    CalendarFeedRenewed,
    CalendarFeedRevoked,
    /// A paper added to a case, and every download of one.
    DocumentUploaded,
    DocumentDownloaded,
    /// Help given to a guardian one by one; an event recorded or changed; its attendance.
    SupportSessionRecorded,
    EventSaved,
    AttendanceChanged,
    /// An after-death affair (死後事務) recorded on a case.
    AfterDeathAffairRecorded,
    /// A table taken away as a file (statistics, workload, the case list): which, in which
    /// format, for which period or filters, and how many rows.
    ExportDownloaded,
    /// A ledger imported: its file, kind and counts (one row for the whole import).
    ImportCommitted,
}

impl AuditAction {
    pub const ALL: [AuditAction; 68] = [
        AuditAction::SignInSucceeded,
        AuditAction::SignInFailed,
        AuditAction::SignInWhileLocked,
        AuditAction::AccountLocked,
        AuditAction::SignInRateLimited,
        AuditAction::SignedOut,
        AuditAction::PermissionDenied,
        AuditAction::RecordDenied,
        AuditAction::UserCreated,
        AuditAction::PasswordChanged,
        AuditAction::PasswordChangeFailed,
        AuditAction::PasswordReset,
        AuditAction::UserUpdated,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::SessionsEnded,
        AuditAction::OfficeCreated,
        AuditAction::OfficeUpdated,
        AuditAction::SettingChanged,
        AuditAction::TwoFactorEnabled,
        AuditAction::TwoFactorDisabled,
        AuditAction::SecondFactorFailed,
        AuditAction::RecoveryCodeUsed,
        AuditAction::RecoveryCodesRenewed,
        AuditAction::CaseFileRead,
        AuditAction::PersonRegistered,
        AuditAction::PersonUpdated,
        AuditAction::PersonsMerged,
        AuditAction::ContactAdded,
        AuditAction::ContactRemoved,
        AuditAction::ConsultationRecorded,
        AuditAction::ConsultationUpdated,
        AuditAction::CaseOpened,
        AuditAction::CaseUpdated,
        AuditAction::CaseStageMoved,
        AuditAction::CasesReassigned,
        AuditAction::PetitionDocumentUpdated,
        AuditAction::KinshipEntryAdded,
        AuditAction::MasterDataCreated,
        AuditAction::MasterDataUpdated,
        AuditAction::GuardianRegistered,
        AuditAction::GuardianUpdated,
        AuditAction::ConflictRecorded,
        AuditAction::ConflictWithdrawn,
        AuditAction::AppointmentsRecorded,
        AuditAction::AppointmentEnded,
        AuditAction::AppointmentReportingChanged,
        AuditAction::CapacityOverridden,
        AuditAction::RelayPlanned,
        AuditAction::RelayMoved,
        AuditAction::RelayDecided,
        AuditAction::RelayChecklistUpdated,
        AuditAction::MatchingDecided,
        AuditAction::DeadlineUpdated,
        AuditAction::ActivityLogged,
        AuditAction::SupportRequested,
        AuditAction::SupportReplied,
        AuditAction::SupportClosed,
        AuditAction::CalendarFeedRenewed,
        AuditAction::CalendarFeedRevoked,
        AuditAction::DocumentUploaded,
        AuditAction::DocumentDownloaded,
        AuditAction::SupportSessionRecorded,
        AuditAction::EventSaved,
        AuditAction::AttendanceChanged,
        AuditAction::AfterDeathAffairRecorded,
        AuditAction::ExportDownloaded,
        AuditAction::ImportCommitted,
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
            AuditAction::RecordDenied => "record.denied",
            AuditAction::UserCreated => "user.created",
            AuditAction::PasswordChanged => "password.changed",
            AuditAction::PasswordChangeFailed => "password.change_failed",
            AuditAction::PasswordReset => "password.reset",
            AuditAction::UserUpdated => "user.updated",
            AuditAction::UserDisabled => "user.disabled",
            AuditAction::UserEnabled => "user.enabled",
            AuditAction::SessionsEnded => "sessions.ended",
            AuditAction::OfficeCreated => "office.created",
            AuditAction::OfficeUpdated => "office.updated",
            AuditAction::SettingChanged => "setting.changed",
            AuditAction::TwoFactorEnabled => "two_factor.enabled",
            AuditAction::TwoFactorDisabled => "two_factor.disabled",
            AuditAction::SecondFactorFailed => "sign_in.second_factor_failed",
            AuditAction::RecoveryCodeUsed => "sign_in.recovery_code_used",
            AuditAction::RecoveryCodesRenewed => "two_factor.recovery_codes_renewed",
            AuditAction::CaseFileRead => "case_file.read",
            AuditAction::PersonRegistered => "person.registered",
            AuditAction::PersonUpdated => "person.updated",
            AuditAction::PersonsMerged => "person.merged",
            AuditAction::ContactAdded => "contact.added",
            AuditAction::ContactRemoved => "contact.removed",
            AuditAction::ConsultationRecorded => "consultation.recorded",
            AuditAction::ConsultationUpdated => "consultation.updated",
            AuditAction::CaseOpened => "case.opened",
            AuditAction::CaseUpdated => "case.updated",
            AuditAction::CaseStageMoved => "case.stage_moved",
            AuditAction::CasesReassigned => "case.reassigned",
            AuditAction::PetitionDocumentUpdated => "petition_document.updated",
            AuditAction::KinshipEntryAdded => "kinship_survey.added",
            AuditAction::MasterDataCreated => "master_data.created",
            AuditAction::MasterDataUpdated => "master_data.updated",
            AuditAction::GuardianRegistered => "guardian.registered",
            AuditAction::GuardianUpdated => "guardian.updated",
            AuditAction::ConflictRecorded => "guardian_conflict.recorded",
            AuditAction::ConflictWithdrawn => "guardian_conflict.withdrawn",
            AuditAction::AppointmentsRecorded => "appointment.recorded",
            AuditAction::AppointmentEnded => "appointment.ended",
            AuditAction::AppointmentReportingChanged => "appointment.reporting_changed",
            AuditAction::CapacityOverridden => "appointment.capacity_overridden",
            AuditAction::RelayPlanned => "relay.planned",
            AuditAction::RelayMoved => "relay.moved",
            AuditAction::RelayDecided => "relay.decided",
            AuditAction::RelayChecklistUpdated => "relay.checklist_updated",
            AuditAction::MatchingDecided => "matching.decided",
            AuditAction::DeadlineUpdated => "deadline.updated",
            AuditAction::ActivityLogged => "activity.logged",
            AuditAction::SupportRequested => "support.requested",
            AuditAction::SupportReplied => "support.replied",
            AuditAction::SupportClosed => "support.closed",
            AuditAction::CalendarFeedRenewed => "calendar_feed.renewed",
            AuditAction::CalendarFeedRevoked => "calendar_feed.revoked",
            AuditAction::DocumentUploaded => "document.uploaded",
            AuditAction::DocumentDownloaded => "document.downloaded",
            AuditAction::SupportSessionRecorded => "guardian_support.recorded",
            AuditAction::EventSaved => "event.saved",
            AuditAction::AttendanceChanged => "event.attendance_changed",
            AuditAction::AfterDeathAffairRecorded => "after_death.recorded",
            AuditAction::ExportDownloaded => "export.downloaded",
            AuditAction::ImportCommitted => "import.committed",
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
