//! Matching (受任者調整): which guardians the centre could propose for a case, in what order and
//! why. The ranking only advises: the conference (受任者調整会議) decides and records its reason.
//!
//! Excluded are those the Civil Code disqualifies (民法847条) as far as the records show, and
//! those who cannot take a case now (not registered, no free capacity, a relative of someone
//! else). Conflicts the centre should weigh are flagged and cost points, never excluded.

use crate::domain::cases::CaseType;
use crate::domain::categories::{Category, category};
use crate::domain::guardians::{
    GuardianKind, KindGroup, Registration, free_capacity, may_take_new_case,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

category! {
    /// A guardian's relation to a particular person that matters for choosing them.
    ConflictKind {
        LawsuitParty => "lawsuit_party", "本人に対して訴訟をした者・している者", "Has sued or is suing the person";
        LawsuitPartyFamily => "lawsuit_party_family", "本人に対して訴訟をした者の配偶者・直系血族", "Spouse or lineal relative of someone suing the person";
        Creditor => "creditor", "本人の債権者", "Creditor of the person";
        Debtor => "debtor", "本人の債務者", "Debtor of the person";
        FacilityOperator => "facility_operator", "本人が利用する施設・事業所の運営者", "Operates the person's facility or service";
        FamilyDispute => "family_dispute", "親族間の紛争の当事者", "Party to a family dispute";
        Other => "other", "その他の利害関係", "Other conflict of interest";
    }
}

impl ConflictKind {
    /// Whether the Civil Code disqualifies the guardian for this person (民法847条4号).
    pub fn disqualifies(self) -> bool {
        matches!(self, ConflictKind::LawsuitParty | ConflictKind::LawsuitPartyFamily)
    }
}

category! {
    /// A disqualification of the guardian whoever the person is (民法847条1・2・3・5号).
    Disqualification {
        Minor => "minor", "未成年者", "A minor";
        Dismissed => "dismissed", "家庭裁判所で免ぜられた法定代理人・保佐人・補助人", "Dismissed by a family court as a legal representative";
        Bankrupt => "bankrupt", "破産者", "Bankrupt";
        WhereaboutsUnknown => "whereabouts_unknown", "行方の知れない者", "Whereabouts unknown";
    }
}

impl Disqualification {
    /// The item of 民法847条 that names it.
    pub fn article_item(self) -> u8 {
        match self {
            Disqualification::Minor => 1,
            Disqualification::Dismissed => 2,
            Disqualification::Bankrupt => 3,
            Disqualification::WhereaboutsUnknown => 5,
        }
    }
}

/// The case a guardian is sought for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseNeeds {
    pub person: Uuid,
    pub case_type: CaseType,
    pub district: Option<Uuid>,
}

/// What the register and the records say about one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub guardian: Uuid,
    pub kind: GuardianKind,
    pub registration: Option<Registration>,
    pub registration_expires_on: Option<NaiveDate>,
    pub district: Option<Uuid>,
    pub capacity: Option<u32>,
    pub active_appointments: u32,
    /// Appointments (past and present) on cases of the sought type.
    pub experience: u32,
    /// The person a relative guardian is the relative of.
    pub related_person: Option<Uuid>,
    pub disqualification: Option<Disqualification>,
    /// Conflicts recorded between this guardian and the sought case's person.
    pub conflicts: Vec<ConflictKind>,
}

/// Why a candidate cannot be proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exclusion {
    /// 民法847条: disqualified whoever the person is.
    Disqualified(Disqualification),
    /// 民法847条4号: party to a lawsuit against this person, or family of one.
    Conflict(ConflictKind),
    /// A citizen guardian not (or no longer) registered.
    NotRegistered,
    NoFreeCapacity,
    /// A relative guardian is proposed only for their own relative.
    RelativeOfAnother,
}

impl Exclusion {
    /// Exclusions the law makes, which the page lists by name; the others only count.
    pub fn is_legal(self) -> bool {
        matches!(self, Exclusion::Disqualified(_) | Exclusion::Conflict(_))
    }
}

/// One line of a score's explanation, with the points it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoreReason {
    SameDistrict {
        points: i32,
    },
    FreeCapacity {
        free: u32,
        points: i32,
    },
    NoCapacityLimit {
        points: i32,
    },
    Experience {
        cases: u32,
        points: i32,
    },
    RelativeOfPerson {
        points: i32,
    },
    /// A conflict to weigh (not a disqualification).
    ConflictToWeigh {
        conflict: ConflictKind,
        points: i32,
    },
}

impl ScoreReason {
    pub fn points(self) -> i32 {
        match self {
            ScoreReason::SameDistrict { points }
            | ScoreReason::FreeCapacity { points, .. }
            | ScoreReason::NoCapacityLimit { points }
            | ScoreReason::Experience { points, .. }
            | ScoreReason::RelativeOfPerson { points }
            | ScoreReason::ConflictToWeigh { points, .. } => points,
        }
    }
}

const SAME_DISTRICT: i32 = 30;
const PER_FREE_SLOT: i32 = 10;
const FREE_SLOTS_COUNTED: u32 = 2;
const NO_LIMIT: i32 = 10;
const PER_CASE_OF_TYPE: i32 = 5;
const CASES_OF_TYPE_COUNTED: u32 = 5;
const RELATIVE: i32 = 15;
const PER_CONFLICT: i32 = -20;

/// A candidate as the matching panel shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub guardian: Uuid,
    pub score: i32,
    pub reasons: Vec<ScoreReason>,
    /// Conflicts to weigh (also in `reasons`, with their points).
    pub flags: Vec<ConflictKind>,
    pub exclusion: Option<Exclusion>,
}

fn exclusion(needs: &CaseNeeds, candidate: &Candidate, today: NaiveDate) -> Option<Exclusion> {
    if let Some(disqualification) = candidate.disqualification {
        return Some(Exclusion::Disqualified(disqualification));
    }
    if let Some(conflict) = candidate.conflicts.iter().copied().find(|c| c.disqualifies()) {
        return Some(Exclusion::Conflict(conflict));
    }
    if candidate.kind.group() == KindGroup::Relative
        && candidate.related_person != Some(needs.person)
    {
        return Some(Exclusion::RelativeOfAnother);
    }
    if !may_take_new_case(
        candidate.kind,
        candidate.registration,
        candidate.registration_expires_on,
        today,
    ) {
        return Some(Exclusion::NotRegistered);
    }
    if free_capacity(candidate.capacity, candidate.active_appointments) == Some(0) {
        return Some(Exclusion::NoFreeCapacity);
    }
    None
}

fn reasons(needs: &CaseNeeds, candidate: &Candidate) -> Vec<ScoreReason> {
    let mut reasons = Vec::new();
    if needs.district.is_some() && candidate.district == needs.district {
        reasons.push(ScoreReason::SameDistrict { points: SAME_DISTRICT });
    }
    match free_capacity(candidate.capacity, candidate.active_appointments) {
        Some(free) if free > 0 => {
            let counted = free.min(FREE_SLOTS_COUNTED) as i32;
            reasons.push(ScoreReason::FreeCapacity { free, points: counted * PER_FREE_SLOT });
        }
        Some(_) => {}
        None => reasons.push(ScoreReason::NoCapacityLimit { points: NO_LIMIT }),
    }
    if candidate.experience > 0 {
        let counted = candidate.experience.min(CASES_OF_TYPE_COUNTED) as i32;
        reasons.push(ScoreReason::Experience {
            cases: candidate.experience,
            points: counted * PER_CASE_OF_TYPE,
        });
    }
    if candidate.related_person == Some(needs.person) {
        reasons.push(ScoreReason::RelativeOfPerson { points: RELATIVE });
    }
    for conflict in candidate.conflicts.iter().copied().filter(|c| !c.disqualifies()) {
        reasons.push(ScoreReason::ConflictToWeigh { conflict, points: PER_CONFLICT });
    }
    reasons
}

/// Every candidate judged for the case: those who can be proposed first, best score first
/// (ties keep the order given, e.g. by kana), then the excluded with the reason.
pub fn suggest(needs: &CaseNeeds, candidates: &[Candidate], today: NaiveDate) -> Vec<Suggestion> {
    let mut suggestions: Vec<Suggestion> = candidates
        .iter()
        .map(|candidate| {
            let reasons = reasons(needs, candidate);
            Suggestion {
                guardian: candidate.guardian,
                score: reasons.iter().map(|reason| reason.points()).sum(),
                flags: candidate.conflicts.iter().copied().filter(|c| !c.disqualifies()).collect(),
                reasons,
                exclusion: exclusion(needs, candidate, today),
            }
        })
        .collect();
    // Stable: equal scores, and the excluded among themselves, keep the order given.
    suggestions.sort_by_key(|s| match s.exclusion {
        None => (false, std::cmp::Reverse(s.score)),
        Some(_) => (true, std::cmp::Reverse(0)),
    });
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    const PERSON: Uuid = Uuid::from_u128(100);
    const MIDORI: Uuid = Uuid::from_u128(200);
    const CHUO: Uuid = Uuid::from_u128(201);

    fn needs() -> CaseNeeds {
        CaseNeeds { person: PERSON, case_type: CaseType::Guardianship, district: Some(MIDORI) }
    }

    fn citizen(n: u128) -> Candidate {
        Candidate {
            guardian: Uuid::from_u128(n),
            kind: GuardianKind::Citizen,
            registration: Some(Registration::Registered),
            registration_expires_on: Some(day("2028-03-31")),
            district: Some(MIDORI),
            capacity: Some(1),
            active_appointments: 0,
            experience: 0,
            related_person: None,
            disqualification: None,
            conflicts: Vec::new(),
        }
    }

    #[test]
    fn someone_suing_the_person_is_excluded_with_the_article() {
        let mut suing = citizen(1);
        suing.conflicts = vec![ConflictKind::LawsuitParty];
        let ranked = suggest(&needs(), &[suing, citizen(2)], day("2026-11-27"));
        assert_eq!(ranked[0].guardian, Uuid::from_u128(2));
        assert_eq!(ranked[1].exclusion, Some(Exclusion::Conflict(ConflictKind::LawsuitParty)));
        assert!(ranked[1].exclusion.unwrap().is_legal());
        let mut family = citizen(3);
        family.conflicts = vec![ConflictKind::LawsuitPartyFamily];
        let ranked = suggest(&needs(), &[family], day("2026-11-27"));
        assert_eq!(
            ranked[0].exclusion,
            Some(Exclusion::Conflict(ConflictKind::LawsuitPartyFamily))
        );
        let mut bankrupt = citizen(4);
        bankrupt.disqualification = Some(Disqualification::Bankrupt);
        let ranked = suggest(&needs(), &[bankrupt], day("2026-11-27"));
        assert_eq!(ranked[0].exclusion, Some(Exclusion::Disqualified(Disqualification::Bankrupt)));
        assert_eq!(Disqualification::Bankrupt.article_item(), 3);
    }

    #[test]
    fn conflicts_to_weigh_are_flagged_and_cost_points_but_do_not_exclude() {
        let mut creditor = citizen(1);
        creditor.conflicts = vec![ConflictKind::Creditor];
        let ranked = suggest(&needs(), &[creditor, citizen(2)], day("2026-11-27"));
        assert_eq!(ranked[0].guardian, Uuid::from_u128(2));
        assert_eq!(ranked[1].exclusion, None);
        assert_eq!(ranked[1].flags, vec![ConflictKind::Creditor]);
        assert_eq!(ranked[0].score - ranked[1].score, 20);
    }

    #[test]
    fn relatives_are_proposed_for_their_own_relative_only() {
        let mut daughter = citizen(1);
        daughter.kind = GuardianKind::Child;
        daughter.registration = None;
        daughter.capacity = None;
        daughter.related_person = Some(PERSON);
        let ranked = suggest(&needs(), std::slice::from_ref(&daughter), day("2026-11-27"));
        assert_eq!(ranked[0].exclusion, None);
        assert!(ranked[0].reasons.contains(&ScoreReason::RelativeOfPerson { points: 15 }));
        daughter.related_person = Some(Uuid::from_u128(999));
        let ranked = suggest(&needs(), &[daughter], day("2026-11-27"));
        assert_eq!(ranked[0].exclusion, Some(Exclusion::RelativeOfAnother));
    }

    #[test]
    fn the_score_explains_itself_point_by_point() {
        let mut experienced = citizen(1);
        experienced.capacity = Some(3);
        experienced.active_appointments = 1;
        experienced.experience = 7;
        let ranked = suggest(&needs(), &[experienced], day("2026-11-27"));
        assert_eq!(
            ranked[0].reasons,
            vec![
                ScoreReason::SameDistrict { points: 30 },
                ScoreReason::FreeCapacity { free: 2, points: 20 },
                ScoreReason::Experience { cases: 7, points: 25 },
            ]
        );
        assert_eq!(ranked[0].score, 75);
        let mut lawyer = citizen(2);
        lawyer.kind = GuardianKind::Lawyer;
        lawyer.registration = None;
        lawyer.capacity = None;
        lawyer.district = Some(CHUO);
        let ranked = suggest(&needs(), &[lawyer], day("2026-11-27"));
        assert_eq!(ranked[0].reasons, vec![ScoreReason::NoCapacityLimit { points: 10 }]);
    }

    #[test]
    fn a_full_or_unregistered_citizen_guardian_is_not_proposed() {
        let mut full = citizen(1);
        full.active_appointments = 1;
        let mut expired = citizen(2);
        expired.registration_expires_on = Some(day("2026-11-26"));
        let mut training = citizen(3);
        training.registration = Some(Registration::InTraining);
        let ranked = suggest(&needs(), &[full, expired, training], day("2026-11-27"));
        assert_eq!(ranked[0].exclusion, Some(Exclusion::NoFreeCapacity));
        assert_eq!(ranked[1].exclusion, Some(Exclusion::NotRegistered));
        assert_eq!(ranked[2].exclusion, Some(Exclusion::NotRegistered));
        assert!(ranked.iter().all(|s| !s.exclusion.unwrap().is_legal()));
    }

    fn candidate() -> impl Strategy<Value = Candidate> {
        (
            0usize..15,
            proptest::option::of(0usize..4),
            proptest::option::of(0u32..4),
            0u32..5,
            0u32..10,
            any::<bool>(),
            proptest::option::of(0usize..4),
            proptest::collection::vec(0usize..7, 0..3),
        )
            .prop_map(
                |(kind, registration, capacity, active, experience, related, disq, conflicts)| {
                    Candidate {
                        guardian: Uuid::new_v4(),
                        kind: GuardianKind::ALL[kind],
                        registration: registration.map(|r| Registration::ALL[r]),
                        registration_expires_on: None,
                        district: if related { Some(MIDORI) } else { Some(CHUO) },
                        capacity,
                        active_appointments: active,
                        experience,
                        related_person: related.then_some(PERSON),
                        disqualification: disq.map(|d| Disqualification::ALL[d]),
                        conflicts: conflicts.into_iter().map(|c| ConflictKind::ALL[c]).collect(),
                    }
                },
            )
    }

    proptest! {
        /// Nobody the records disqualify is ever proposed, every proposal can take the case,
        /// every score is the sum of its explained points, and proposals come first, best first.
        #[test]
        fn no_disqualified_candidate_is_ever_proposed(candidates in proptest::collection::vec(candidate(), 0..30)) {
            let today = day("2026-11-27");
            let ranked = suggest(&needs(), &candidates, today);
            prop_assert_eq!(ranked.len(), candidates.len());
            let mut seen_excluded = false;
            let mut last_score = i32::MAX;
            for suggestion in &ranked {
                let candidate = candidates.iter().find(|c| c.guardian == suggestion.guardian).unwrap();
                prop_assert_eq!(suggestion.score, suggestion.reasons.iter().map(|r| r.points()).sum::<i32>());
                if suggestion.exclusion.is_none() {
                    prop_assert!(!seen_excluded);
                    prop_assert!(suggestion.score <= last_score);
                    last_score = suggestion.score;
                    prop_assert!(candidate.disqualification.is_none());
                    prop_assert!(!candidate.conflicts.iter().any(|c| c.disqualifies()));
                    prop_assert!(free_capacity(candidate.capacity, candidate.active_appointments) != Some(0));
                    prop_assert!(!candidate.kind.is_relative() || candidate.related_person == Some(PERSON));
                } else {
                    seen_excluded = true;
                }
            }
        }
    }
}
