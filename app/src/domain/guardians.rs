//! The guardian register (後見人バンク): who the centre can call on, what they may take on, and
//! where each stands. A guardian's kind is also their relation in the court's statistics.

use crate::domain::categories::{Category, category};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

category! {
    /// The kind of guardian. Each is one category of the Supreme Court's statistics on the
    /// guardian's relation to the person (後見人等と本人との関係), so statistics count by kind.
    GuardianKind {
        Citizen => "citizen", "市民後見人", "Citizen guardian";
        Lawyer => "lawyer", "弁護士", "Lawyer";
        JudicialScrivener => "judicial_scrivener", "司法書士", "Judicial scrivener";
        SocialWorker => "social_worker", "社会福祉士", "Certified social worker";
        TaxAccountant => "tax_accountant", "税理士", "Tax accountant";
        AdministrativeScrivener => "administrative_scrivener", "行政書士", "Administrative scrivener";
        PsychiatricSocialWorker => "psychiatric_social_worker", "精神保健福祉士", "Psychiatric social worker";
        OtherIndividual => "other_individual", "その他個人", "Other individual";
        SocialWelfareCouncil => "social_welfare_council", "社会福祉協議会", "Social welfare council";
        OtherEntity => "other_entity", "その他法人", "Other legal entity";
        Spouse => "spouse", "配偶者", "Spouse";
        Parent => "parent", "親", "Parent";
        Child => "child", "子", "Child";
        Sibling => "sibling", "兄弟姉妹", "Sibling";
        OtherRelative => "other_relative", "その他親族", "Other relative";
    }
}

/// The groups the register is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KindGroup {
    /// 市民後見人: trained and registered by the centre.
    Citizen,
    /// 専門職
    Professional,
    /// 法人
    Entity,
    /// 親族: a relative of one particular person.
    Relative,
}

impl GuardianKind {
    pub fn group(self) -> KindGroup {
        use GuardianKind::*;
        match self {
            Citizen => KindGroup::Citizen,
            Lawyer
            | JudicialScrivener
            | SocialWorker
            | TaxAccountant
            | AdministrativeScrivener
            | PsychiatricSocialWorker
            | OtherIndividual => KindGroup::Professional,
            SocialWelfareCouncil | OtherEntity => KindGroup::Entity,
            Spouse | Parent | Child | Sibling | OtherRelative => KindGroup::Relative,
        }
    }

    /// Whether the court's statistics count this kind as a relative (親族) or not (親族以外).
    pub fn is_relative(self) -> bool {
        self.group() == KindGroup::Relative
    }

    /// How many cases a new register entry of this kind may carry at once: one for a citizen
    /// guardian (the usual rule of a centre's bank), no limit recorded for the others.
    pub fn default_capacity(self) -> Option<u32> {
        match self.group() {
            KindGroup::Citizen => Some(1),
            _ => None,
        }
    }
}

category! {
    /// 登録状況 of a citizen guardian, as the centre records it. Whether they are 受任中 is not
    /// recorded: it follows from their active appointments (see [`status`]).
    Registration {
        InTraining => "in_training", "研修中", "In training";
        Registered => "registered", "登録", "Registered";
        Suspended => "suspended", "休止", "Suspended";
        Removed => "removed", "登録抹消", "Removed from the register";
    }
}

/// Where a guardian stands, as the register shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GuardianStatus {
    InTraining,
    Registered,
    /// 受任中: registered (or not a citizen guardian) with at least one active appointment.
    Appointed,
    Suspended,
    Removed,
    /// Professionals, legal entities and relatives without an active appointment.
    Available,
}

impl GuardianStatus {
    pub fn code(self) -> &'static str {
        match self {
            GuardianStatus::InTraining => "in_training",
            GuardianStatus::Registered => "registered",
            GuardianStatus::Appointed => "appointed",
            GuardianStatus::Suspended => "suspended",
            GuardianStatus::Removed => "removed",
            GuardianStatus::Available => "available",
        }
    }

    pub fn parse(code: &str) -> Option<GuardianStatus> {
        [
            GuardianStatus::InTraining,
            GuardianStatus::Registered,
            GuardianStatus::Appointed,
            GuardianStatus::Suspended,
            GuardianStatus::Removed,
            GuardianStatus::Available,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

/// The status the register shows: a suspended or removed citizen guardian keeps that status
/// even while an appointment made earlier runs on (the centre sees both: the status and the
/// count), otherwise an active appointment makes them 受任中.
pub fn status(
    kind: GuardianKind,
    registration: Option<Registration>,
    active_appointments: u32,
) -> GuardianStatus {
    match (kind.group(), registration) {
        (KindGroup::Citizen, Some(Registration::Suspended)) => GuardianStatus::Suspended,
        (KindGroup::Citizen, Some(Registration::Removed)) => GuardianStatus::Removed,
        _ if active_appointments > 0 => GuardianStatus::Appointed,
        (KindGroup::Citizen, Some(Registration::InTraining)) => GuardianStatus::InTraining,
        (KindGroup::Citizen, _) => GuardianStatus::Registered,
        _ => GuardianStatus::Available,
    }
}

/// Whether the centre may propose this guardian for a new case: a citizen guardian only while
/// registered (not in training, suspended or removed, and not past the registration's expiry).
pub fn may_take_new_case(
    kind: GuardianKind,
    registration: Option<Registration>,
    expires_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match kind.group() {
        KindGroup::Citizen => {
            registration == Some(Registration::Registered)
                && expires_on.is_none_or(|expiry| expiry >= today)
        }
        _ => true,
    }
}

/// Cases a guardian may still take on: `None` when no limit is recorded.
pub fn free_capacity(capacity: Option<u32>, active_appointments: u32) -> Option<u32> {
    capacity.map(|capacity| capacity.saturating_sub(active_appointments))
}

/// How a new appointment sits with the guardian's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CapacityCheck {
    Fits,
    /// One more would carry `active + 1` cases against a capacity of `capacity`: allowed only
    /// when a coordinator writes down why.
    Exceeds {
        capacity: u32,
        active: u32,
    },
}

pub fn check_capacity(capacity: Option<u32>, active_appointments: u32) -> CapacityCheck {
    match capacity {
        Some(capacity) if active_appointments >= capacity => {
            CapacityCheck::Exceeds { capacity, active: active_appointments }
        }
        _ => CapacityCheck::Fits,
    }
}

/// How far ahead the register warns that a registration runs out.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// A registration that needs renewing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpiryWarning {
    Expired,
    ExpiresSoon { days_left: i64 },
}

pub fn expiry_warning(expires_on: Option<NaiveDate>, today: NaiveDate) -> Option<ExpiryWarning> {
    let days_left = (expires_on? - today).num_days();
    if days_left < 0 {
        Some(ExpiryWarning::Expired)
    } else if days_left <= EXPIRY_WARNING_DAYS {
        Some(ExpiryWarning::ExpiresSoon { days_left })
    } else {
        None
    }
}

/// The expiry a registration made (or renewed) on `registered_on` gets when the centre renews
/// registrations every `years` years: the day before the anniversary, so three years from
/// 2024-04-01 run to 2027-03-31.
pub fn registration_expiry(registered_on: NaiveDate, years: u32) -> Option<NaiveDate> {
    registered_on.checked_add_months(Months::new(years * 12))?.pred_opt()
}

/// What a register entry must satisfy, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardianProblem {
    /// Only citizen guardians have a registration status, training and registration dates.
    NotACitizenField(&'static str),
    RegistrationRequired,
    /// A relative is the relative of someone: the person must be named.
    RelatedPersonRequired,
    RelatedPersonNotRelative,
    CapacityOutOfRange,
    DateInFuture(&'static str),
    /// Registration before the training was completed, or expiry before registration.
    DatesOutOfOrder(&'static str),
}

impl GuardianProblem {
    pub fn field(self) -> &'static str {
        match self {
            GuardianProblem::NotACitizenField(field)
            | GuardianProblem::DateInFuture(field)
            | GuardianProblem::DatesOutOfOrder(field) => field,
            GuardianProblem::RegistrationRequired => "registration",
            GuardianProblem::RelatedPersonRequired | GuardianProblem::RelatedPersonNotRelative => {
                "related_person_id"
            }
            GuardianProblem::CapacityOutOfRange => "capacity",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            GuardianProblem::NotACitizenField(_) => "citizen_only",
            GuardianProblem::RegistrationRequired | GuardianProblem::RelatedPersonRequired => {
                "required"
            }
            GuardianProblem::RelatedPersonNotRelative => "relatives_only",
            GuardianProblem::CapacityOutOfRange => "capacity_range",
            GuardianProblem::DateInFuture(_) => "date_in_future",
            GuardianProblem::DatesOutOfOrder(_) => "dates_out_of_order",
        }
    }
}

/// Most cases one register entry may be set to carry (a legal entity carries many).
pub const CAPACITY_MAX: u32 = 500;

/// The facts of a register entry the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegisterFacts {
    pub registration: Option<Registration>,
    pub related_person: bool,
    pub capacity: Option<u32>,
    pub training_completed_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub registration_expires_on: Option<NaiveDate>,
}

/// Every problem of a register entry of `kind` on `today`.
pub fn register_problems(
    kind: GuardianKind,
    facts: &RegisterFacts,
    today: NaiveDate,
) -> Vec<GuardianProblem> {
    let mut problems = Vec::new();
    let citizen = kind.group() == KindGroup::Citizen;
    if citizen && facts.registration.is_none() {
        problems.push(GuardianProblem::RegistrationRequired);
    }
    if !citizen {
        let citizen_fields = [
            ("registration", facts.registration.is_some()),
            ("training_completed_on", facts.training_completed_on.is_some()),
            ("registered_on", facts.registered_on.is_some()),
            ("registration_expires_on", facts.registration_expires_on.is_some()),
        ];
        for (field, given) in citizen_fields {
            if given {
                problems.push(GuardianProblem::NotACitizenField(field));
            }
        }
    }
    match (kind.is_relative(), facts.related_person) {
        (true, false) => problems.push(GuardianProblem::RelatedPersonRequired),
        (false, true) => problems.push(GuardianProblem::RelatedPersonNotRelative),
        _ => {}
    }
    if facts.capacity.is_some_and(|capacity| capacity == 0 || capacity > CAPACITY_MAX) {
        problems.push(GuardianProblem::CapacityOutOfRange);
    }
    for (field, date) in [
        ("training_completed_on", facts.training_completed_on),
        ("registered_on", facts.registered_on),
    ] {
        if date.is_some_and(|date| date > today) {
            problems.push(GuardianProblem::DateInFuture(field));
        }
    }
    if let (Some(completed), Some(registered)) = (facts.training_completed_on, facts.registered_on)
        && registered < completed
    {
        problems.push(GuardianProblem::DatesOutOfOrder("registered_on"));
    }
    if let (Some(registered), Some(expires)) = (facts.registered_on, facts.registration_expires_on)
        && expires <= registered
    {
        problems.push(GuardianProblem::DatesOutOfOrder("registration_expires_on"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn each_kind_is_one_category_of_the_court_statistics() {
        let labels: std::collections::HashSet<&str> =
            GuardianKind::ALL.iter().map(|kind| kind.label_ja()).collect();
        assert_eq!(labels.len(), 15, "one kind per relation category");
        let relatives: Vec<_> = GuardianKind::ALL
            .iter()
            .filter(|kind| kind.is_relative())
            .map(|k| k.label_ja())
            .collect();
        assert_eq!(relatives, ["配偶者", "親", "子", "兄弟姉妹", "その他親族"]);
        assert_eq!(GuardianKind::SocialWelfareCouncil.group(), KindGroup::Entity);
        assert_eq!(GuardianKind::Citizen.default_capacity(), Some(1));
        assert_eq!(GuardianKind::Lawyer.default_capacity(), None);
    }

    #[test]
    fn appointed_follows_from_active_appointments_never_from_a_stored_flag() {
        let registered = Some(Registration::Registered);
        assert_eq!(status(GuardianKind::Citizen, registered, 0), GuardianStatus::Registered);
        assert_eq!(status(GuardianKind::Citizen, registered, 1), GuardianStatus::Appointed);
        assert_eq!(
            status(GuardianKind::Citizen, Some(Registration::Suspended), 1),
            GuardianStatus::Suspended
        );
        assert_eq!(
            status(GuardianKind::Citizen, Some(Registration::InTraining), 0),
            GuardianStatus::InTraining
        );
        assert_eq!(status(GuardianKind::Lawyer, None, 0), GuardianStatus::Available);
        assert_eq!(status(GuardianKind::Lawyer, None, 3), GuardianStatus::Appointed);
        assert_eq!(status(GuardianKind::Child, None, 1), GuardianStatus::Appointed);
        for code in ["in_training", "registered", "appointed", "suspended", "removed", "available"]
        {
            assert_eq!(GuardianStatus::parse(code).map(GuardianStatus::code), Some(code));
        }
    }

    #[test]
    fn only_a_registered_citizen_guardian_within_the_registration_is_proposed() {
        let today = day("2026-11-27");
        let citizen = GuardianKind::Citizen;
        let registered = Some(Registration::Registered);
        assert!(may_take_new_case(citizen, registered, Some(day("2026-11-27")), today));
        assert!(!may_take_new_case(citizen, registered, Some(day("2026-11-26")), today));
        assert!(may_take_new_case(citizen, registered, None, today));
        for other in [Registration::InTraining, Registration::Suspended, Registration::Removed] {
            assert!(!may_take_new_case(citizen, Some(other), None, today));
        }
        assert!(may_take_new_case(GuardianKind::Lawyer, None, None, today));
    }

    #[test]
    fn capacity_counts_active_appointments() {
        assert_eq!(free_capacity(Some(2), 1), Some(1));
        assert_eq!(free_capacity(Some(1), 3), Some(0), "an override past capacity is not negative");
        assert_eq!(free_capacity(None, 40), None);
        assert_eq!(check_capacity(Some(1), 0), CapacityCheck::Fits);
        assert_eq!(check_capacity(Some(1), 1), CapacityCheck::Exceeds { capacity: 1, active: 1 });
        assert_eq!(check_capacity(None, 99), CapacityCheck::Fits);
    }

    #[test]
    fn registrations_warn_ninety_days_ahead_and_expire_the_day_before_the_anniversary() {
        let today = day("2026-11-27");
        assert_eq!(expiry_warning(None, today), None);
        assert_eq!(
            expiry_warning(Some(day("2027-02-25")), today),
            Some(ExpiryWarning::ExpiresSoon { days_left: 90 })
        );
        assert_eq!(expiry_warning(Some(day("2027-02-26")), today), None);
        assert_eq!(
            expiry_warning(Some(today), today),
            Some(ExpiryWarning::ExpiresSoon { days_left: 0 })
        );
        assert_eq!(expiry_warning(Some(day("2026-11-26")), today), Some(ExpiryWarning::Expired));
        assert_eq!(registration_expiry(day("2024-04-01"), 3), Some(day("2027-03-31")));
        // Registered on a leap day: the anniversary falls on 28 February.
        assert_eq!(registration_expiry(day("2024-02-29"), 1), Some(day("2025-02-27")));
    }

    #[test]
    fn a_register_entry_holds_the_fields_of_its_kind() {
        let today = day("2026-11-27");
        let citizen = RegisterFacts {
            registration: Some(Registration::Registered),
            capacity: Some(1),
            training_completed_on: Some(day("2025-03-15")),
            registered_on: Some(day("2025-04-01")),
            registration_expires_on: Some(day("2028-03-31")),
            ..Default::default()
        };
        assert_eq!(register_problems(GuardianKind::Citizen, &citizen, today), vec![]);
        assert_eq!(
            register_problems(GuardianKind::Lawyer, &citizen, today)
                .iter()
                .map(|p| p.field())
                .collect::<Vec<_>>(),
            ["registration", "training_completed_on", "registered_on", "registration_expires_on"]
        );
        let unregistered = RegisterFacts { registration: None, ..citizen };
        assert_eq!(
            register_problems(GuardianKind::Citizen, &unregistered, today),
            vec![GuardianProblem::RegistrationRequired]
        );
        let relative = RegisterFacts::default();
        assert_eq!(
            register_problems(GuardianKind::Child, &relative, today),
            vec![GuardianProblem::RelatedPersonRequired]
        );
        let related = RegisterFacts { related_person: true, ..Default::default() };
        assert_eq!(register_problems(GuardianKind::Child, &related, today), vec![]);
        assert_eq!(
            register_problems(GuardianKind::Lawyer, &related, today),
            vec![GuardianProblem::RelatedPersonNotRelative]
        );
        let out_of_order = RegisterFacts {
            registered_on: Some(day("2025-03-01")),
            registration_expires_on: Some(day("2025-03-01")),
            capacity: Some(0),
            ..citizen
        };
        assert_eq!(
            register_problems(GuardianKind::Citizen, &out_of_order, today),
            vec![
                GuardianProblem::CapacityOutOfRange,
                GuardianProblem::DatesOutOfOrder("registered_on"),
                GuardianProblem::DatesOutOfOrder("registration_expires_on"),
            ]
        );
        let future = RegisterFacts {
            registered_on: Some(day("2026-11-28")),
            registration_expires_on: None,
            ..citizen
        };
        assert_eq!(
            register_problems(GuardianKind::Citizen, &future, today),
            vec![GuardianProblem::DateInFuture("registered_on")]
        );
    }
}
