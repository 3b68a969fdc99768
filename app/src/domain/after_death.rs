//! After-death affairs (死後事務): what a guardian may still do once the person has died, and
//! records on the case. A guardianship ends with the death, but the Civil Code (民法873条の2)
//! lets the 成年後見人 preserve the estate, pay debts that are due (hospital and care bills)
//! and, with the family court's permission, contract for the cremation or burial, until the
//! heirs can take over; the estate is then handed over to them.

use crate::domain::categories::{Category, category};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

category! {
    /// One after-death affair.
    AfterDeathAffair {
        DeathNotice => "death_notice", "死亡届の提出", "Death registration";
        Funeral => "funeral", "火葬・埋葬に関する契約", "Contract for cremation or burial";
        Debts => "debts", "債務の弁済（医療費・施設利用料など）", "Paying debts due (hospital, care home)";
        Preservation => "preservation", "相続財産の保存", "Preserving the estate";
        Handover => "handover", "相続人への財産の引渡し", "Handing the estate to the heirs";
        Other => "other", "その他", "Other";
    }
}

/// Whether the affair needs the family court's permission first: the contract for the
/// cremation or burial does (民法873条の2第3号); preserving the estate and paying debts due
/// do not (第1号・第2号).
pub fn needs_court_permission(affair: AfterDeathAffair) -> bool {
    matches!(affair, AfterDeathAffair::Funeral)
}

/// The date of the person's death as the case knows it: an appointment ended by the death, or
/// the case closed for it; the earliest when they differ.
pub fn date_of_death(
    case_closed_for_death_on: Option<NaiveDate>,
    appointments_ended_by_death_on: impl IntoIterator<Item = NaiveDate>,
) -> Option<NaiveDate> {
    appointments_ended_by_death_on.into_iter().chain(case_closed_for_death_on).min()
}

/// An after-death affair as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffairDraft {
    pub affair: Option<AfterDeathAffair>,
    pub done_on: Option<NaiveDate>,
    pub court_permission_on: Option<NaiveDate>,
    pub notes: String,
}

/// The problems of a record, as (form field, message code) pairs. `died_on` is none while the
/// case records no death: then nothing is an after-death affair yet.
pub fn affair_problems(
    draft: &AffairDraft,
    died_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<(&'static str, &'static str)> {
    let Some(died_on) = died_on else {
        return vec![("affair", "person_not_deceased")];
    };
    let mut problems = Vec::new();
    if draft.affair.is_none() {
        problems.push(("affair", "required"));
    }
    match draft.done_on {
        None => problems.push(("done_on", "required")),
        Some(on) if on > today => problems.push(("done_on", "date_in_future")),
        Some(on) if on < died_on => problems.push(("done_on", "before_death")),
        Some(_) => {}
    }
    match (draft.affair.is_some_and(needs_court_permission), draft.court_permission_on) {
        (true, None) => problems.push(("court_permission_on", "court_permission_required")),
        (_, Some(permitted)) if permitted < died_on => {
            problems.push(("court_permission_on", "before_death"));
        }
        (_, Some(permitted)) if draft.done_on.is_some_and(|done| done < permitted) => {
            problems.push(("court_permission_on", "permission_after_act"));
        }
        _ => {}
    }
    if draft.notes.trim().chars().count() > crate::domain::TEXT_MAX_CHARS {
        problems.push(("notes", "too_long"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn draft(affair: AfterDeathAffair, done: &str, permission: Option<&str>) -> AffairDraft {
        AffairDraft {
            affair: Some(affair),
            done_on: Some(day(done)),
            court_permission_on: permission.map(day),
            notes: String::new(),
        }
    }

    const TODAY: &str = "2026-11-27";

    #[test]
    fn the_death_is_the_earliest_date_the_case_records_for_it() {
        assert_eq!(date_of_death(None, []), None);
        assert_eq!(date_of_death(Some(day("2026-05-10")), []), Some(day("2026-05-10")));
        assert_eq!(
            date_of_death(Some(day("2026-05-12")), [day("2026-05-10"), day("2026-05-11")]),
            Some(day("2026-05-10"))
        );
    }

    #[test]
    fn nothing_is_an_after_death_affair_before_the_death_is_recorded() {
        let record = draft(AfterDeathAffair::Debts, "2026-06-01", None);
        assert_eq!(
            affair_problems(&record, None, day(TODAY)),
            vec![("affair", "person_not_deceased")]
        );
    }

    #[test]
    fn debts_and_preservation_need_no_permission_a_funeral_contract_does() {
        let died = Some(day("2026-05-10"));
        let today = day(TODAY);
        for affair in
            [AfterDeathAffair::Debts, AfterDeathAffair::Preservation, AfterDeathAffair::DeathNotice]
        {
            assert!(
                affair_problems(&draft(affair, "2026-05-20", None), died, today).is_empty(),
                "{affair:?}"
            );
        }
        assert_eq!(
            affair_problems(&draft(AfterDeathAffair::Funeral, "2026-05-14", None), died, today),
            vec![("court_permission_on", "court_permission_required")]
        );
        assert!(
            affair_problems(
                &draft(AfterDeathAffair::Funeral, "2026-05-14", Some("2026-05-13")),
                died,
                today
            )
            .is_empty()
        );
        // The same day as the permission is fine; before it is not.
        assert!(
            affair_problems(
                &draft(AfterDeathAffair::Funeral, "2026-05-13", Some("2026-05-13")),
                died,
                today
            )
            .is_empty()
        );
        assert_eq!(
            affair_problems(
                &draft(AfterDeathAffair::Funeral, "2026-05-12", Some("2026-05-13")),
                died,
                today
            ),
            vec![("court_permission_on", "permission_after_act")]
        );
    }

    #[test]
    fn an_affair_falls_between_the_death_and_today() {
        let died = Some(day("2026-05-10"));
        let today = day(TODAY);
        assert!(
            affair_problems(&draft(AfterDeathAffair::DeathNotice, "2026-05-10", None), died, today)
                .is_empty()
        );
        assert_eq!(
            affair_problems(&draft(AfterDeathAffair::DeathNotice, "2026-05-09", None), died, today),
            vec![("done_on", "before_death")]
        );
        assert_eq!(
            affair_problems(&draft(AfterDeathAffair::Handover, "2026-11-28", None), died, today),
            vec![("done_on", "date_in_future")]
        );
        assert_eq!(
            affair_problems(
                &draft(AfterDeathAffair::Funeral, "2026-05-14", Some("2026-05-01")),
                died,
                today
            ),
            vec![("court_permission_on", "before_death")]
        );
        let blank = AffairDraft {
            affair: None,
            done_on: None,
            court_permission_on: None,
            notes: String::new(),
        };
        assert_eq!(
            affair_problems(&blank, died, today),
            vec![("affair", "required"), ("done_on", "required")]
        );
    }
}
