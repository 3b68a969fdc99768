use super::rng::Rng;
use super::tables::{CASE_TYPES, CLOSING_REASONS, OLDER_CASE_REASONS, STAGES};
use super::{HISTORY_DAYS, STREAM_PLAN};
use anyhow::anyhow;
use app::domain::cases::{CaseDates, CaseState, CaseType, Stage, TerminationReason, case_number};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Timelines: stage and dates of each case, drawn first so that numbers follow opening dates

/// A case's course before its details are drawn.
#[derive(Debug, Clone, Copy)]
struct Shape {
    case_type: CaseType,
    stage: Stage,
    /// The last open stage the case reached (the stage itself unless closed).
    reached: Stage,
    reason: Option<TerminationReason>,
    /// Days from the last step to the end, for closed cases.
    tail: (i64, i64),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Timeline {
    pub(super) case_type: CaseType,
    pub(super) stage: Stage,
    pub(super) reached: Stage,
    pub(super) reason: Option<TerminationReason>,
    pub(super) opened: NaiveDate,
    pub(super) dates: CaseDates,
}

impl Timeline {
    pub(super) fn state(&self) -> CaseState {
        CaseState { stage: self.stage, dates: self.dates, termination_reason: self.reason }
    }

    /// The last day the work before the petition can fall on.
    pub(super) fn pre_petition_end(&self, last: NaiveDate) -> NaiveDate {
        self.dates.petition.or(self.dates.termination).unwrap_or(last)
    }
}

fn main_shape(rng: &mut Rng) -> Shape {
    let case_type = rng.weighted(&CASE_TYPES);
    let stage = rng.weighted(&STAGES);
    let (reached, reason, tail) = if stage == Stage::Closed {
        let reason = rng.weighted(&CLOSING_REASONS);
        let (reached, tail) = closed_course(rng, reason, false);
        (reached, Some(reason), tail)
    } else {
        (stage, None, (0, 0))
    };
    voluntary_skips_matching(Shape { case_type, stage, reached, reason, tail })
}

fn older_shape(rng: &mut Rng, case_type: CaseType) -> Shape {
    let reason = rng.weighted(&OLDER_CASE_REASONS);
    let (reached, tail) = closed_course(rng, reason, true);
    voluntary_skips_matching(Shape {
        case_type,
        stage: Stage::Closed,
        reached,
        reason: Some(reason),
        tail,
    })
}

/// A 任意後見 case has its candidate (the mandatary): it goes from assessment to the petition.
fn voluntary_skips_matching(mut shape: Shape) -> Shape {
    if shape.case_type == CaseType::Voluntary {
        if shape.stage == Stage::Matching {
            shape.stage = Stage::PetitionSupport;
        }
        if shape.reached == Stage::Matching {
            shape.reached = Stage::PetitionSupport;
        }
    }
    shape
}

/// How far a closed case got, and how long after its last step it ended.
fn closed_course(rng: &mut Rng, reason: TerminationReason, older: bool) -> (Stage, (i64, i64)) {
    use Stage::*;
    match reason {
        TerminationReason::ConsultationOnly => {
            (rng.weighted(&[(Consultation, 70), (Assessment, 30)]), (3, 60))
        }
        TerminationReason::OtherSupport => {
            (rng.weighted(&[(Assessment, 60), (Matching, 40)]), (30, 240))
        }
        TerminationReason::Transferred => {
            if older || rng.percent(50) {
                (Assessment, (14, 180))
            } else {
                (Supporting, (60, 1200))
            }
        }
        TerminationReason::Other => (rng.pick(&[Assessment, Matching, PetitionSupport]), (14, 300)),
        TerminationReason::PetitionWithdrawn => (AwaitingDecision, (10, 80)),
        TerminationReason::PetitionDismissed => (AwaitingDecision, (30, 120)),
        TerminationReason::PersonDied => match rng.below(100) {
            0..75 => (Supporting, (30, 1800)),
            75..90 => (rng.pick(&[Consultation, Assessment, Matching, PetitionSupport]), (5, 200)),
            _ => (AwaitingDecision, (5, 60)),
        },
        TerminationReason::DecisionRevoked => (Supporting, (180, 1500)),
    }
}

/// Draws the dates of a case. `horizon`: how many days before `last` the case must have ended
/// (for an older case, before the person's later case opened). `None` if it does not fit.
fn lay_out(rng: &mut Rng, shape: Shape, horizon: i64, last: NaiveDate) -> Option<Timeline> {
    let mut petition = None;
    let mut decision = None;
    let mut final_date = None;
    let mut fixed = 0;
    if shape.reached >= Stage::AwaitingDecision {
        let p = rng.range(30, 120);
        petition = Some(p);
        fixed = p;
        if shape.reached == Stage::Supporting {
            let d = p + rng.range(30, 90);
            // A decision to start guardianship becomes final two weeks after notice; the
            // appointment of a voluntary guardian's supervisor takes effect on notice.
            let f = d + if shape.case_type == CaseType::Voluntary {
                rng.range(1, 5)
            } else {
                rng.range(14, 20)
            };
            decision = Some(d);
            final_date = Some(f);
            fixed = f;
        }
    }
    let (low, high) = match shape.stage {
        Stage::Consultation => (0, 45),
        Stage::Assessment => (5, 150),
        Stage::Matching => (20, 240),
        Stage::PetitionSupport => (30, 365),
        Stage::AwaitingDecision => (fixed, fixed + 90),
        Stage::Supporting => (fixed, HISTORY_DAYS),
        Stage::Closed => (horizon + fixed + shape.tail.0, HISTORY_DAYS),
    };
    if low > high {
        return None;
    }
    let age = rng.range(low, high);
    let termination = (shape.stage == Stage::Closed).then(|| {
        let room = age - horizon - fixed;
        fixed + rng.range(shape.tail.0, shape.tail.1.min(room))
    });
    let opened = last - Duration::days(age);
    let at = |offset: Option<i64>| offset.map(|days| opened + Duration::days(days));
    Some(Timeline {
        case_type: shape.case_type,
        stage: shape.stage,
        reached: shape.reached,
        reason: shape.reason,
        opened,
        dates: CaseDates {
            petition: at(petition),
            decision: at(decision),
            final_date: at(final_date),
            termination: at(termination),
        },
    })
}

/// One person's cases, numbered.
#[derive(Debug, Clone)]
pub(super) struct PersonPlan {
    pub(super) main: Timeline,
    pub(super) main_number: String,
    pub(super) older: Option<(Timeline, String)>,
}

/// Draws every case's course and numbers the cases in the order they were opened.
pub(super) fn plan(
    seed: u64,
    persons: u32,
    today: NaiveDate,
    mut next_sequence: BTreeMap<i32, u32>,
) -> anyhow::Result<Vec<PersonPlan>> {
    let last = today - Duration::days(1);
    let mut timelines: Vec<(Timeline, Option<Timeline>)> = Vec::with_capacity(persons as usize);
    for index in 0..persons {
        let mut rng = Rng::stream(seed, STREAM_PLAN, u64::from(index));
        let shape = main_shape(&mut rng);
        let main = lay_out(&mut rng, shape, 0, last)
            .ok_or_else(|| anyhow!("sample case {index}: no dates fit its stage"))?;
        let older = if rng.percent(5) {
            let shape = older_shape(&mut rng, main.case_type);
            let main_age = (last - main.opened).num_days();
            lay_out(&mut rng, shape, main_age + 30, last)
        } else {
            None
        };
        timelines.push((main, older));
    }

    // (opened, person, 0 for the older case, 1 for the main one)
    let mut order: Vec<(NaiveDate, usize, u8)> = Vec::with_capacity(timelines.len() * 21 / 20);
    for (index, (main, older)) in timelines.iter().enumerate() {
        order.push((main.opened, index, 1));
        if let Some(older) = older {
            order.push((older.opened, index, 0));
        }
    }
    order.sort_unstable();
    let mut numbers: Vec<[Option<String>; 2]> = vec![[None, None]; timelines.len()];
    for (opened, index, which) in order {
        let sequence = next_sequence.entry(opened.year()).or_insert(0);
        *sequence += 1;
        numbers[index][usize::from(which)] = Some(case_number(opened.year(), *sequence));
    }

    timelines
        .into_iter()
        .zip(numbers)
        .map(|((main, older), [older_number, main_number])| {
            Ok(PersonPlan {
                main,
                main_number: main_number.ok_or_else(|| anyhow!("a case without a number"))?,
                older: match (older, older_number) {
                    (Some(older), Some(number)) => Some((older, number)),
                    _ => None,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::cases::check_state;
    use std::collections::HashSet;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn every_planned_timeline_satisfies_the_workflow_rules() {
        let today = day("2026-11-26");
        let plans = plan(11, 5000, today, BTreeMap::new()).unwrap();
        let mut numbers = HashSet::new();
        for plan in &plans {
            for (timeline, number) in std::iter::once((&plan.main, &plan.main_number))
                .chain(plan.older.iter().map(|(t, n)| (t, n)))
            {
                assert_eq!(check_state(&timeline.state(), today), Ok(()), "{timeline:?}");
                assert!(timeline.opened < today);
                assert!(timeline.opened >= today - Duration::days(HISTORY_DAYS + 1));
                assert!(numbers.insert(number.clone()), "{number} is unique");
                assert!(number.starts_with(&timeline.opened.year().to_string()));
            }
            if let Some((older, _)) = &plan.older {
                assert!(older.dates.termination.unwrap() < plan.main.opened);
            }
        }
    }
}
