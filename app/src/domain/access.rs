//! The one permission policy: who may do what, over which records.
//!
//! Every server function asks [`authorize`] first. The answer is not a plain yes: it is the
//! [`Scope`] of records the actor may reach, and the query filters by it, so a record the actor
//! may not see is never fetched and checked afterwards.
//!
//! The rules, from the centre's way of working (see DOMAIN.md):
//! - administrators run users, offices and the audit trail, and see no case data;
//! - managers read everything about the centre's work and change nothing;
//! - coordinators work on their own office's records; the guardian bank is the centre's;
//! - citizen guardians read only the records of their own appointments, and write only what is
//!   theirs to write there: the work they do (activity log, after-death affairs, reports), their
//!   deadlines and their support requests;
//! - everyone signed in manages their own account (password, two-factor, sessions) and sees
//!   the centre's offices (its public contact points).

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What a user account is for. Stored as its [`Role::as_str`] code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Manager,
    Coordinator,
    Guardian,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Coordinator, Role::Guardian];

    /// The code stored in the database and written to the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Coordinator => "coordinator",
            Role::Guardian => "guardian",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == code)
    }

    /// Centre staff, as opposed to the citizen guardians the centre supports. Staff can be
    /// required to use two-factor sign-in.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Guardian)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The signed-in user as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Uuid,
    pub role: Role,
    /// The office a coordinator works for.
    pub office_id: Option<Uuid>,
    /// The guardian-register entry of a citizen guardian's account.
    pub guardian_id: Option<Uuid>,
}

/// The parts of the application permissions are granted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// The user's own account: password, two-factor sign-in, sessions.
    OwnAccount,
    Users,
    Offices,
    AuditLog,
    Cases,
    /// The work done on a case, which the case's guardian records as well as the centre: the
    /// activity log (visits, meetings, decisions), the after-death affairs, documents filed
    /// (reports). The case file itself (stage, petition, appointments, people) is [`Area::Cases`].
    CaseWork,
    Guardians,
    Deadlines,
    Dashboard,
    Statistics,
    /// Support requests (相談) guardians send the centre, and their threads.
    Support,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Read,
    Write,
}

/// The records an actor may reach in an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every record of the area.
    All,
    /// Records of one office.
    Office(Uuid),
    /// Records of a guardian's own work: their appointments and their support requests.
    OwnAppointments(Uuid),
    /// Only the actor's own account.
    OwnAccount(Uuid),
}

/// Why a request was refused; the HTTP layer answers 401 and 403 for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    /// Nobody is signed in.
    SignInRequired,
    /// The signed-in user lacks the right.
    Forbidden,
}

/// Decides whether `actor` may have `access` to `area`, and over which records.
pub fn authorize(actor: Option<&Actor>, area: Area, access: Access) -> Result<Scope, Denial> {
    let actor = actor.ok_or(Denial::SignInRequired)?;
    match (area, access) {
        (Area::OwnAccount, _) => return Ok(Scope::OwnAccount(actor.user_id)),
        (Area::Offices, Access::Read) => return Ok(Scope::All),
        _ => {}
    }
    match actor.role {
        Role::Admin => match (area, access) {
            (Area::Users | Area::Offices, _) => Ok(Scope::All),
            // The audit trail is evidence: nobody writes to it but the application itself.
            (Area::AuditLog, Access::Read) => Ok(Scope::All),
            _ => Err(Denial::Forbidden),
        },
        Role::Manager => match (area, access) {
            (
                Area::Cases
                | Area::CaseWork
                | Area::Guardians
                | Area::Deadlines
                | Area::Dashboard
                | Area::Statistics
                | Area::Support,
                Access::Read,
            ) => Ok(Scope::All),
            _ => Err(Denial::Forbidden),
        },
        Role::Coordinator => match (area, access) {
            (Area::Cases | Area::CaseWork | Area::Deadlines | Area::Dashboard, _) => {
                actor.office_id.map(Scope::Office).ok_or(Denial::Forbidden)
            }
            (Area::Statistics, Access::Read) => {
                actor.office_id.map(Scope::Office).ok_or(Denial::Forbidden)
            }
            // The guardian bank and its support are the centre's, not one office's.
            (Area::Guardians | Area::Support, _) => Ok(Scope::All),
            _ => Err(Denial::Forbidden),
        },
        // The case file itself (its stage, petition, appointments, relays, people) is the
        // centre's to change: a guardian reads it, and writes only their own work and deadlines.
        Role::Guardian => match (area, access) {
            (Area::Cases, Access::Read) | (Area::CaseWork | Area::Deadlines | Area::Support, _) => {
                actor.guardian_id.map(Scope::OwnAppointments).ok_or(Denial::Forbidden)
            }
            _ => Err(Denial::Forbidden),
        },
    }
}

/// Whether the actor may open an area at all (for showing it in the navigation).
pub fn can_read(actor: Option<&Actor>, area: Area) -> bool {
    authorize(actor, area, Access::Read).is_ok()
}

/// Whether a user may be put in charge of a case of `case_office`: an active coordinator of
/// that office. A case follows its office, so leave cover from another office means moving the
/// case, not lending it; managers oversee and lead no cases.
pub fn may_lead_case(
    role: Role,
    active: bool,
    user_office: Option<Uuid>,
    case_office: Uuid,
) -> bool {
    role == Role::Coordinator && active && user_office == Some(case_office)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREAS: [Area; 11] = [
        Area::OwnAccount,
        Area::Users,
        Area::Offices,
        Area::AuditLog,
        Area::Cases,
        Area::CaseWork,
        Area::Guardians,
        Area::Deadlines,
        Area::Dashboard,
        Area::Statistics,
        Area::Support,
    ];

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: Uuid::from_u128(1),
            role,
            office_id: Some(Uuid::from_u128(2)),
            guardian_id: Some(Uuid::from_u128(3)),
        }
    }

    #[test]
    fn nobody_signed_in_may_do_anything() {
        for area in AREAS {
            for access in [Access::Read, Access::Write] {
                assert_eq!(authorize(None, area, access), Err(Denial::SignInRequired));
            }
        }
    }

    #[test]
    fn everyone_signed_in_manages_only_their_own_account() {
        for role in Role::ALL {
            let actor = actor(role);
            assert_eq!(
                authorize(Some(&actor), Area::OwnAccount, Access::Write),
                Ok(Scope::OwnAccount(actor.user_id))
            );
        }
    }

    #[test]
    fn everyone_signed_in_sees_the_offices_and_only_administrators_change_them() {
        for role in Role::ALL {
            assert_eq!(authorize(Some(&actor(role)), Area::Offices, Access::Read), Ok(Scope::All));
            let write = authorize(Some(&actor(role)), Area::Offices, Access::Write);
            assert_eq!(write.is_ok(), role == Role::Admin, "{role}");
        }
    }

    #[test]
    fn administrators_run_the_system_but_see_no_case_data() {
        let admin = actor(Role::Admin);
        assert_eq!(authorize(Some(&admin), Area::Users, Access::Write), Ok(Scope::All));
        assert_eq!(authorize(Some(&admin), Area::Offices, Access::Write), Ok(Scope::All));
        assert_eq!(authorize(Some(&admin), Area::AuditLog, Access::Read), Ok(Scope::All));
        for area in [Area::Cases, Area::Guardians, Area::Deadlines, Area::Statistics] {
            assert_eq!(authorize(Some(&admin), area, Access::Read), Err(Denial::Forbidden));
        }
    }

    #[test]
    fn nobody_may_write_the_audit_trail() {
        for role in Role::ALL {
            assert_eq!(
                authorize(Some(&actor(role)), Area::AuditLog, Access::Write),
                Err(Denial::Forbidden)
            );
        }
    }

    #[test]
    fn managers_read_the_centres_work_and_change_nothing() {
        let manager = actor(Role::Manager);
        for area in [
            Area::Cases,
            Area::CaseWork,
            Area::Guardians,
            Area::Deadlines,
            Area::Dashboard,
            Area::Statistics,
            Area::Support,
        ] {
            assert_eq!(authorize(Some(&manager), area, Access::Read), Ok(Scope::All));
            assert_eq!(authorize(Some(&manager), area, Access::Write), Err(Denial::Forbidden));
        }
        assert_eq!(authorize(Some(&manager), Area::Users, Access::Read), Err(Denial::Forbidden));
    }

    #[test]
    fn coordinators_work_on_their_own_offices_records() {
        let coordinator = actor(Role::Coordinator);
        let office = Scope::Office(Uuid::from_u128(2));
        assert_eq!(authorize(Some(&coordinator), Area::Cases, Access::Write), Ok(office));
        assert_eq!(authorize(Some(&coordinator), Area::CaseWork, Access::Write), Ok(office));
        assert_eq!(authorize(Some(&coordinator), Area::Deadlines, Access::Read), Ok(office));
        assert_eq!(authorize(Some(&coordinator), Area::Guardians, Access::Write), Ok(Scope::All));
        assert_eq!(authorize(Some(&coordinator), Area::Support, Access::Write), Ok(Scope::All));
        assert_eq!(
            authorize(Some(&coordinator), Area::Users, Access::Read),
            Err(Denial::Forbidden)
        );
    }

    #[test]
    fn a_coordinator_without_an_office_reaches_no_case() {
        let coordinator = Actor { office_id: None, ..actor(Role::Coordinator) };
        assert_eq!(
            authorize(Some(&coordinator), Area::Cases, Access::Read),
            Err(Denial::Forbidden)
        );
    }

    #[test]
    fn guardians_reach_only_their_own_appointments() {
        let guardian = actor(Role::Guardian);
        let own = Scope::OwnAppointments(Uuid::from_u128(3));
        assert_eq!(authorize(Some(&guardian), Area::Cases, Access::Read), Ok(own));
        assert_eq!(authorize(Some(&guardian), Area::CaseWork, Access::Write), Ok(own));
        assert_eq!(authorize(Some(&guardian), Area::Deadlines, Access::Write), Ok(own));
        assert_eq!(authorize(Some(&guardian), Area::Support, Access::Write), Ok(own));
        // Appointing, relays, petitions, people: the centre's, even on the guardian's own case.
        assert_eq!(authorize(Some(&guardian), Area::Cases, Access::Write), Err(Denial::Forbidden));
        for area in [Area::Guardians, Area::Dashboard, Area::Statistics, Area::Users] {
            assert_eq!(authorize(Some(&guardian), area, Access::Read), Err(Denial::Forbidden));
        }
        let unlinked = Actor { guardian_id: None, ..guardian };
        assert_eq!(authorize(Some(&unlinked), Area::Cases, Access::Read), Err(Denial::Forbidden));
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_an_active_coordinator_of_the_case_office_leads_it() {
        let office = Uuid::from_u128(10);
        let other = Uuid::from_u128(11);
        assert!(may_lead_case(Role::Coordinator, true, Some(office), office));
        assert!(!may_lead_case(Role::Coordinator, false, Some(office), office));
        assert!(!may_lead_case(Role::Coordinator, true, Some(other), office));
        assert!(!may_lead_case(Role::Coordinator, true, None, office));
        for role in [Role::Admin, Role::Manager, Role::Guardian] {
            assert!(!may_lead_case(role, true, Some(office), office), "{role}");
        }
    }
}
