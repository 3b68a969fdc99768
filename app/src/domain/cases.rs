//! The case workflow (事件の進行): the stages a case moves through, which move may follow which,
//! and what each stage requires. Pure rules: the server checks every move with [`check_move`]
//! before it writes, and the pages show the refusal's reason.
//!
//! 相談 → アセスメント → 受任調整 → 申立支援 → 審判待ち → 支援中 → 終了
//!
//! - A case moves one stage forward, or from assessment straight to petition support when the
//!   candidate is already known (a relative, or the mandatary of a 任意後見 contract).
//! - Until the decision it may step one stage back (a petition withdrawn to be redone, a stage
//!   set by mistake); once 支援中 the appointment exists and only dates are corrected.
//! - Any open case may end (終了) with a reason and a date; an ended case stays ended (a new
//!   episode is a new case, so the history of the first stays as it was).
//! - 審判待ち needs the petition date; 支援中 the decision (開始審判) and final (確定) dates;
//!   終了 a reason and a date; dates never run backwards and never lie in the future.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of guardianship a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseType {
    /// 後見
    Guardianship,
    /// 保佐
    Curatorship,
    /// 補助
    Assistance,
    /// 任意後見
    Voluntary,
}

impl CaseType {
    pub const ALL: [CaseType; 4] =
        [CaseType::Guardianship, CaseType::Curatorship, CaseType::Assistance, CaseType::Voluntary];

    pub fn code(self) -> &'static str {
        match self {
            CaseType::Guardianship => "guardianship",
            CaseType::Curatorship => "curatorship",
            CaseType::Assistance => "assistance",
            CaseType::Voluntary => "voluntary",
        }
    }

    pub fn parse(code: &str) -> Option<CaseType> {
        CaseType::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            CaseType::Guardianship => "後見",
            CaseType::Curatorship => "保佐",
            CaseType::Assistance => "補助",
            CaseType::Voluntary => "任意後見",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CaseType::Guardianship => "Guardianship",
            CaseType::Curatorship => "Curatorship",
            CaseType::Assistance => "Assistance",
            CaseType::Voluntary => "Voluntary guardianship",
        }
    }
}

/// Where a case stands, in the order of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// 相談
    Consultation,
    /// アセスメント
    Assessment,
    /// 受任調整
    Matching,
    /// 申立支援
    PetitionSupport,
    /// 審判待ち
    AwaitingDecision,
    /// 支援中
    Supporting,
    /// 終了
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Consultation,
        Stage::Assessment,
        Stage::Matching,
        Stage::PetitionSupport,
        Stage::AwaitingDecision,
        Stage::Supporting,
        Stage::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Consultation => "consultation",
            Stage::Assessment => "assessment",
            Stage::Matching => "matching",
            Stage::PetitionSupport => "petition_support",
            Stage::AwaitingDecision => "awaiting_decision",
            Stage::Supporting => "supporting",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Stage::Consultation => "相談",
            Stage::Assessment => "アセスメント",
            Stage::Matching => "受任調整",
            Stage::PetitionSupport => "申立支援",
            Stage::AwaitingDecision => "審判待ち",
            Stage::Supporting => "支援中",
            Stage::Closed => "終了",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Stage::Consultation => "Consultation",
            Stage::Assessment => "Assessment",
            Stage::Matching => "Matching",
            Stage::PetitionSupport => "Petition support",
            Stage::AwaitingDecision => "Awaiting decision",
            Stage::Supporting => "Supporting",
            Stage::Closed => "Closed",
        }
    }

    fn next(self) -> Option<Stage> {
        Stage::ALL
            .iter()
            .position(|stage| *stage == self)
            .and_then(|i| Stage::ALL.get(i + 1))
            .copied()
    }

    fn previous(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|stage| *stage == self)?;
        i.checked_sub(1).map(|i| Stage::ALL[i])
    }
}

/// Why a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TerminationReason {
    /// 相談のみで終了
    ConsultationOnly,
    /// 他の支援へ移行（日常生活自立支援事業など）
    OtherSupport,
    /// 申立取下げ
    PetitionWithdrawn,
    /// 申立却下
    PetitionDismissed,
    /// 本人死亡
    PersonDied,
    /// 審判取消（能力の回復など）
    DecisionRevoked,
    /// 他地域へ移管
    Transferred,
    /// その他
    Other,
}

impl TerminationReason {
    pub const ALL: [TerminationReason; 8] = [
        TerminationReason::ConsultationOnly,
        TerminationReason::OtherSupport,
        TerminationReason::PetitionWithdrawn,
        TerminationReason::PetitionDismissed,
        TerminationReason::PersonDied,
        TerminationReason::DecisionRevoked,
        TerminationReason::Transferred,
        TerminationReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TerminationReason::ConsultationOnly => "consultation_only",
            TerminationReason::OtherSupport => "other_support",
            TerminationReason::PetitionWithdrawn => "petition_withdrawn",
            TerminationReason::PetitionDismissed => "petition_dismissed",
            TerminationReason::PersonDied => "person_died",
            TerminationReason::DecisionRevoked => "decision_revoked",
            TerminationReason::Transferred => "transferred",
            TerminationReason::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<TerminationReason> {
        TerminationReason::ALL.into_iter().find(|reason| reason.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            TerminationReason::ConsultationOnly => "相談のみで終了",
            TerminationReason::OtherSupport => "他の支援へ移行",
            TerminationReason::PetitionWithdrawn => "申立取下げ",
            TerminationReason::PetitionDismissed => "申立却下",
            TerminationReason::PersonDied => "本人死亡",
            TerminationReason::DecisionRevoked => "審判取消",
            TerminationReason::Transferred => "他地域へ移管",
            TerminationReason::Other => "その他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TerminationReason::ConsultationOnly => "Consultation only",
            TerminationReason::OtherSupport => "Moved to other support",
            TerminationReason::PetitionWithdrawn => "Petition withdrawn",
            TerminationReason::PetitionDismissed => "Petition dismissed",
            TerminationReason::PersonDied => "The person died",
            TerminationReason::DecisionRevoked => "Decision revoked",
            TerminationReason::Transferred => "Transferred to another area",
            TerminationReason::Other => "Other",
        }
    }

    /// Whether the reason can be true of a case with these dates: a petition is withdrawn or
    /// dismissed only once filed and before a final decision; a decision is revoked only once
    /// final.
    fn fits(self, dates: &CaseDates) -> bool {
        match self {
            TerminationReason::PetitionWithdrawn | TerminationReason::PetitionDismissed => {
                dates.petition.is_some() && dates.final_date.is_none()
            }
            TerminationReason::DecisionRevoked => dates.final_date.is_some(),
            _ => true,
        }
    }
}

/// The dates the workflow rules look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDates {
    /// 申立日
    pub petition: Option<NaiveDate>,
    /// 審判日 (of the decision to start guardianship, 開始審判)
    pub decision: Option<NaiveDate>,
    /// 確定日
    pub final_date: Option<NaiveDate>,
    /// 終了日
    pub termination: Option<NaiveDate>,
}

/// A case as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    pub stage: Stage,
    pub dates: CaseDates,
    pub termination_reason: Option<TerminationReason>,
}

/// Why a move or a set of dates was refused. Each has a stable code the pages translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The case is already at that stage.
    NoChange,
    /// That stage does not follow this one.
    NotAllowed {
        from: Stage,
        to: Stage,
    },
    /// An ended case stays ended.
    AlreadyClosed,
    PetitionDateRequired,
    DecisionDateRequired,
    FinalDateRequired,
    TerminationReasonRequired,
    TerminationDateRequired,
    /// The reason cannot be true of this case (see [`TerminationReason`]).
    ReasonDoesNotFit,
    /// A later step dated before an earlier one.
    DatesOutOfOrder,
    /// A date after today.
    FutureDate,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoChange => "stage_unchanged",
            Refusal::NotAllowed { .. } => "stage_not_allowed",
            Refusal::AlreadyClosed => "case_closed",
            Refusal::PetitionDateRequired => "petition_date_required",
            Refusal::DecisionDateRequired => "decision_date_required",
            Refusal::FinalDateRequired => "final_date_required",
            Refusal::TerminationReasonRequired => "termination_reason_required",
            Refusal::TerminationDateRequired => "termination_date_required",
            Refusal::ReasonDoesNotFit => "termination_reason_does_not_fit",
            Refusal::DatesOutOfOrder => "dates_out_of_order",
            Refusal::FutureDate => "date_in_future",
        }
    }
}

/// The stages a case may move to from `stage`, in the order of the work.
pub fn allowed_moves(stage: Stage) -> Vec<Stage> {
    if stage == Stage::Closed {
        return Vec::new();
    }
    let mut moves = Vec::new();
    if stage <= Stage::AwaitingDecision
        && let Some(previous) = stage.previous()
    {
        moves.push(previous);
    }
    if let Some(next) = stage.next() {
        moves.push(next);
    }
    if stage == Stage::Assessment {
        moves.push(Stage::PetitionSupport);
    }
    if !moves.contains(&Stage::Closed) {
        moves.push(Stage::Closed);
    }
    moves.sort();
    moves
}

/// Checks that the dates run in order (申立 ≤ 審判 ≤ 確定 ≤ 終了) and none is after `today`.
pub fn check_dates(dates: &CaseDates, today: NaiveDate) -> Result<(), Refusal> {
    let in_sequence = [dates.petition, dates.decision, dates.final_date, dates.termination];
    let known: Vec<NaiveDate> = in_sequence.into_iter().flatten().collect();
    if known.iter().any(|date| *date > today) {
        return Err(Refusal::FutureDate);
    }
    if known.windows(2).any(|pair| pair[0] > pair[1]) {
        return Err(Refusal::DatesOutOfOrder);
    }
    // A decision without a petition, or a final date without a decision, is a typing error.
    if (dates.decision.is_some() && dates.petition.is_none())
        || (dates.final_date.is_some() && dates.decision.is_none())
    {
        return Err(Refusal::DatesOutOfOrder);
    }
    Ok(())
}

/// What a stage requires of the case.
fn check_requirements(state: &CaseState) -> Result<(), Refusal> {
    let dates = &state.dates;
    if state.stage >= Stage::AwaitingDecision && state.stage != Stage::Closed {
        dates.petition.ok_or(Refusal::PetitionDateRequired)?;
    }
    if state.stage == Stage::Supporting {
        dates.decision.ok_or(Refusal::DecisionDateRequired)?;
        dates.final_date.ok_or(Refusal::FinalDateRequired)?;
    }
    if state.stage == Stage::Closed {
        let reason = state.termination_reason.ok_or(Refusal::TerminationReasonRequired)?;
        dates.termination.ok_or(Refusal::TerminationDateRequired)?;
        if !reason.fits(dates) {
            return Err(Refusal::ReasonDoesNotFit);
        }
    }
    Ok(())
}

/// Whether a case in `state` may move to `to`, with the facts it will have after the move
/// (`after`: the dates and reason entered together with the move). `today` is Japan's.
pub fn check_move(
    state: &CaseState,
    to: Stage,
    after: &CaseState,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if state.stage == Stage::Closed {
        return Err(Refusal::AlreadyClosed);
    }
    if to == state.stage {
        return Err(Refusal::NoChange);
    }
    if !allowed_moves(state.stage).contains(&to) {
        return Err(Refusal::NotAllowed { from: state.stage, to });
    }
    let moved = CaseState { stage: to, ..*after };
    check_requirements(&moved)?;
    check_dates(&moved.dates, today)
}

/// Whether a case's recorded facts are consistent with its stage (for edits that do not move
/// the stage, and for checking stored data).
pub fn check_state(state: &CaseState, today: NaiveDate) -> Result<(), Refusal> {
    check_requirements(state)?;
    check_dates(&state.dates, today)
}

/// The dates of a voluntary guardianship contract (任意後見契約).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContractDates {
    pub contract: Option<NaiveDate>,
    /// The supervisor's appointment: the day the contract takes effect.
    pub supervisor_appointed: Option<NaiveDate>,
    pub last_check_in: Option<NaiveDate>,
}

/// Which contract date is wrong, by its form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractDateProblem {
    InFuture(&'static str),
    BeforeContract(&'static str),
}

impl ContractDateProblem {
    pub fn field(self) -> &'static str {
        match self {
            ContractDateProblem::InFuture(field) | ContractDateProblem::BeforeContract(field) => {
                field
            }
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ContractDateProblem::InFuture(_) => Refusal::FutureDate.code(),
            ContractDateProblem::BeforeContract(_) => "before_contract",
        }
    }
}

/// Checks a contract's dates: all of them past, and nothing happens under a contract before it
/// is signed. A signed contract may wait years for its supervisor; a check-in can come before
/// the contract takes effect (the centre watches over the person meanwhile).
pub fn check_contract_dates(dates: &ContractDates, today: NaiveDate) -> Vec<ContractDateProblem> {
    let fields = [
        ("contract_date", dates.contract),
        ("supervisor_appointed_on", dates.supervisor_appointed),
        ("last_check_in_on", dates.last_check_in),
    ];
    let mut problems = Vec::new();
    for (field, date) in fields {
        let Some(date) = date else { continue };
        if date > today {
            problems.push(ContractDateProblem::InFuture(field));
        } else if dates.contract.is_some_and(|signed| date < signed) {
            problems.push(ContractDateProblem::BeforeContract(field));
        }
    }
    problems
}

/// The number the centre knows a case by: the year it was opened and its place in that year,
/// e.g. `2026-0042`.
pub fn case_number(year: i32, sequence: u32) -> String {
    format!("{year}-{sequence:04}")
}

/// The place in its year of a number made by [`case_number`], for the next one.
pub fn case_number_sequence(number: &str, year: i32) -> Option<u32> {
    let (number_year, sequence) = number.split_once('-')?;
    (number_year.parse::<i32>().ok()? == year).then(|| sequence.parse().ok()).flatten()
}

/// Motives as stored: codes separated by commas, each once, in the category's order.
pub fn motives_to_text(motives: &[crate::domain::categories::Motive]) -> String {
    use crate::domain::categories::Motive;
    Motive::ALL
        .iter()
        .filter(|motive| motives.contains(motive))
        .map(|motive| motive.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Motives from their stored text; unknown codes are skipped.
pub fn motives_from_text(text: &str) -> Vec<crate::domain::categories::Motive> {
    use crate::domain::categories::Motive;
    let codes: Vec<&str> = text.split(',').map(str::trim).collect();
    Motive::ALL.iter().copied().filter(|motive| codes.contains(&motive.code())).collect()
}

/// The case's own categories take part in forms and filters like the others.
macro_rules! as_category {
    ($($name:ident),+) => {$(
        impl crate::domain::categories::Category for $name {
            fn all() -> &'static [Self] {
                &$name::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label(self, japanese: bool) -> &'static str {
                if japanese { self.label_ja() } else { self.label_en() }
            }
        }
    )+};
}

as_category!(CaseType, Stage, TerminationReason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_dates_are_past_and_not_before_the_contract() {
        let today = day("2026-11-27");
        let signed = ContractDates {
            contract: Some(day("2024-04-01")),
            supervisor_appointed: Some(day("2026-10-01")),
            last_check_in: Some(day("2026-11-27")),
        };
        assert_eq!(check_contract_dates(&signed, today), vec![]);
        assert_eq!(check_contract_dates(&ContractDates::default(), today), vec![]);
        let muddled = ContractDates {
            contract: Some(day("2024-04-01")),
            supervisor_appointed: Some(day("2024-03-31")),
            last_check_in: Some(day("2026-11-28")),
        };
        let problems = check_contract_dates(&muddled, today);
        assert_eq!(
            problems,
            vec![
                ContractDateProblem::BeforeContract("supervisor_appointed_on"),
                ContractDateProblem::InFuture("last_check_in_on"),
            ]
        );
        assert_eq!(problems[0].code(), "before_contract");
        assert_eq!(problems[1].code(), "date_in_future");
        let future_contract =
            ContractDates { contract: Some(day("2027-01-01")), ..Default::default() };
        assert_eq!(
            check_contract_dates(&future_contract, today),
            vec![ContractDateProblem::InFuture("contract_date")]
        );
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn today() -> NaiveDate {
        day("2026-11-26")
    }

    fn at(stage: Stage) -> CaseState {
        CaseState { stage, dates: CaseDates::default(), termination_reason: None }
    }

    fn with_dates(stage: Stage, petition: &str, decision: &str, final_date: &str) -> CaseState {
        let parse = |text: &str| (!text.is_empty()).then(|| day(text));
        CaseState {
            stage,
            dates: CaseDates {
                petition: parse(petition),
                decision: parse(decision),
                final_date: parse(final_date),
                termination: None,
            },
            termination_reason: None,
        }
    }

    #[test]
    fn each_stage_allows_exactly_these_moves() {
        use Stage::*;
        let expected: [(Stage, &[Stage]); 7] = [
            (Consultation, &[Assessment, Closed]),
            (Assessment, &[Consultation, Matching, PetitionSupport, Closed]),
            (Matching, &[Assessment, PetitionSupport, Closed]),
            (PetitionSupport, &[Matching, AwaitingDecision, Closed]),
            (AwaitingDecision, &[PetitionSupport, Supporting, Closed]),
            (Supporting, &[Closed]),
            (Closed, &[]),
        ];
        for (from, moves) in expected {
            assert_eq!(allowed_moves(from), moves, "from {from:?}");
        }
    }

    #[test]
    fn every_refused_pair_of_stages_says_why() {
        for from in Stage::ALL {
            for to in Stage::ALL {
                let state = at(from);
                let refusal = check_move(&state, to, &state, today()).err();
                if from == Stage::Closed {
                    assert_eq!(refusal, Some(Refusal::AlreadyClosed));
                } else if from == to {
                    assert_eq!(refusal, Some(Refusal::NoChange));
                } else if !allowed_moves(from).contains(&to) {
                    assert_eq!(refusal, Some(Refusal::NotAllowed { from, to }));
                }
            }
        }
    }

    #[test]
    fn awaiting_the_decision_needs_the_petition_date() {
        let state = at(Stage::PetitionSupport);
        assert_eq!(
            check_move(&state, Stage::AwaitingDecision, &state, today()),
            Err(Refusal::PetitionDateRequired)
        );
        let filed = with_dates(Stage::PetitionSupport, "2026-10-01", "", "");
        assert_eq!(check_move(&state, Stage::AwaitingDecision, &filed, today()), Ok(()));
    }

    #[test]
    fn support_starts_only_with_decision_and_final_dates_in_order() {
        let state = with_dates(Stage::AwaitingDecision, "2026-06-01", "", "");
        let move_with = |after: CaseState| check_move(&state, Stage::Supporting, &after, today());
        assert_eq!(
            move_with(with_dates(Stage::AwaitingDecision, "2026-06-01", "", "")),
            Err(Refusal::DecisionDateRequired)
        );
        assert_eq!(
            move_with(with_dates(Stage::AwaitingDecision, "2026-06-01", "2026-08-01", "")),
            Err(Refusal::FinalDateRequired)
        );
        assert_eq!(
            move_with(with_dates(
                Stage::AwaitingDecision,
                "2026-06-01",
                "2026-08-20",
                "2026-08-10"
            )),
            Err(Refusal::DatesOutOfOrder)
        );
        assert_eq!(
            move_with(with_dates(
                Stage::AwaitingDecision,
                "2026-06-01",
                "2026-11-20",
                "2026-12-04"
            )),
            Err(Refusal::FutureDate)
        );
        assert_eq!(
            move_with(with_dates(
                Stage::AwaitingDecision,
                "2026-06-01",
                "2026-08-01",
                "2026-08-16"
            )),
            Ok(())
        );
    }

    #[test]
    fn a_case_ends_with_a_reason_that_fits_and_a_date() {
        let open = with_dates(Stage::AwaitingDecision, "2026-06-01", "", "");
        let ending = |reason: Option<TerminationReason>, date: Option<&str>| CaseState {
            termination_reason: reason,
            dates: CaseDates { termination: date.map(day), ..open.dates },
            ..open
        };
        let close = |after: CaseState| check_move(&open, Stage::Closed, &after, today());
        assert_eq!(
            close(ending(None, Some("2026-09-01"))),
            Err(Refusal::TerminationReasonRequired)
        );
        assert_eq!(
            close(ending(Some(TerminationReason::PetitionWithdrawn), None)),
            Err(Refusal::TerminationDateRequired)
        );
        assert_eq!(
            close(ending(Some(TerminationReason::DecisionRevoked), Some("2026-09-01"))),
            Err(Refusal::ReasonDoesNotFit),
            "nothing to revoke before a final decision"
        );
        assert_eq!(
            close(ending(Some(TerminationReason::PetitionWithdrawn), Some("2026-05-01"))),
            Err(Refusal::DatesOutOfOrder),
            "withdrawn before it was filed"
        );
        assert_eq!(
            close(ending(Some(TerminationReason::PetitionWithdrawn), Some("2026-09-01"))),
            Ok(())
        );
    }

    #[test]
    fn a_decision_without_a_petition_is_refused() {
        let dates = CaseDates { decision: Some(day("2026-01-01")), ..CaseDates::default() };
        assert_eq!(check_dates(&dates, today()), Err(Refusal::DatesOutOfOrder));
    }

    #[test]
    fn codes_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.code()), Some(stage));
        }
        for kind in CaseType::ALL {
            assert_eq!(CaseType::parse(kind.code()), Some(kind));
        }
        for reason in TerminationReason::ALL {
            assert_eq!(TerminationReason::parse(reason.code()), Some(reason));
        }
    }

    /// A small deterministic generator, so the walk below is the same on every run.
    struct XorShift(u64);

    impl XorShift {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn no_sequence_of_accepted_moves_reaches_a_state_that_breaks_the_rules() {
        let dates = [
            None,
            Some(day("2025-04-01")),
            Some(day("2025-06-15")),
            Some(day("2025-07-01")),
            Some(day("2026-01-10")),
            Some(day("2027-01-01")),
        ];
        let mut random = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        let mut reached = std::collections::HashSet::new();
        for _case in 0..2_000 {
            let mut state = at(Stage::Consultation);
            for _step in 0..30 {
                let to = Stage::ALL[random.below(Stage::ALL.len())];
                // Like a coordinator: usually one date or the reason changes along with a move.
                let mut after = state;
                let date = dates[random.below(dates.len())];
                match random.below(6) {
                    0 => after.dates.petition = date,
                    1 => after.dates.decision = date,
                    2 => after.dates.final_date = date,
                    3 => after.dates.termination = date,
                    4 => {
                        after.termination_reason = Some(
                            TerminationReason::ALL[random.below(TerminationReason::ALL.len())],
                        );
                    }
                    _ => {}
                }
                if check_move(&state, to, &after, today()).is_ok() {
                    accepted += 1;
                    state = CaseState { stage: to, ..after };
                    reached.insert(state.stage);
                    assert_eq!(check_state(&state, today()), Ok(()), "{state:?}");
                    if state.stage == Stage::Supporting {
                        assert!(state.dates.decision.is_some() && state.dates.final_date.is_some());
                    }
                }
            }
        }
        assert!(accepted > 5_000, "the walk must exercise the rules: {accepted} moves accepted");
        assert_eq!(reached.len(), Stage::ALL.len(), "every stage is reached: {reached:?}");
    }

    #[test]
    fn case_numbers_count_within_their_year() {
        assert_eq!(case_number(2026, 42), "2026-0042");
        assert_eq!(case_number_sequence("2026-0042", 2026), Some(42));
        assert_eq!(case_number_sequence("2025-0042", 2026), None);
        assert_eq!(case_number_sequence("imported-7", 2026), None);
        assert_eq!(case_number(2026, 12345), "2026-12345");
    }

    #[test]
    fn motives_are_stored_once_each_in_a_stable_order() {
        use crate::domain::categories::Motive;
        let text =
            motives_to_text(&[Motive::Inheritance, Motive::SavingsManagement, Motive::Inheritance]);
        assert_eq!(text, "savings_management,inheritance");
        assert_eq!(motives_from_text(&text), vec![Motive::SavingsManagement, Motive::Inheritance]);
        assert_eq!(motives_from_text("nonsense, inheritance"), vec![Motive::Inheritance]);
        assert!(motives_from_text("").is_empty());
    }
}
