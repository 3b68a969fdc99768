use super::names::{FEMALE_ELDER, FEMALE_YOUNG, MALE_ELDER, MALE_YOUNG, Name};
use super::rng::Rng;
use anyhow::anyhow;
use app::domain::cases::{CaseDates, CaseType};
use app::domain::categories::{Condition, LivingSituation, Petitioner};
use app::domain::persons::tidy_name;
use chrono::NaiveDate;
use uuid::Uuid;

/// The person a case belongs to, as its details need them.
pub(super) struct PersonFacts {
    pub(super) id: Uuid,
    pub(super) office_id: Uuid,
    pub(super) coordinator: Option<Uuid>,
    pub(super) young: bool,
    pub(super) male: bool,
    pub(super) condition: Condition,
    pub(super) living: LivingSituation,
    pub(super) family: Name,
}

/// Signs of a rights violation in the first consultation.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Signals {
    pub(super) abuse: bool,
    pub(super) fraud: bool,
    pub(super) neglect: bool,
    pub(super) other: bool,
}

impl Signals {
    pub(super) fn draw(rng: &mut Rng) -> Signals {
        if !rng.percent(10) {
            return Signals::default();
        }
        match rng.weighted(&[(0, 40), (1, 30), (2, 25), (3, 5)]) {
            0 => Signals { abuse: true, ..Signals::default() },
            1 => Signals { fraud: true, ..Signals::default() },
            2 => Signals { neglect: true, ..Signals::default() },
            _ => Signals { other: true, ..Signals::default() },
        }
    }
}

pub(super) fn given_name(rng: &mut Rng, male: bool, elder: bool) -> Name {
    match (male, elder) {
        (true, true) => rng.pick(&MALE_ELDER),
        (false, true) => rng.pick(&FEMALE_ELDER),
        (true, false) => rng.pick(&MALE_YOUNG),
        (false, false) => rng.pick(&FEMALE_YOUNG),
    }
}

/// A name as stored: 姓　名.
pub(super) fn written_name(family: Name, given: Name) -> anyhow::Result<String> {
    tidy_name(&format!("{} {}", family.0, given.0))
        .map_err(|problem| anyhow!("sample name {}{}: {}", family.0, given.0, problem.code()))
}

pub(super) fn mobile_phone(rng: &mut Rng) -> String {
    format!("0{}0-{:04}-{:04}", rng.pick(&[7, 8, 9]), rng.below(10_000), rng.below(10_000))
}

/// Who files the petition, given the person and the case.
pub(super) fn draw_petitioner(
    rng: &mut Rng,
    case_type: CaseType,
    young: bool,
    abuse: bool,
) -> Petitioner {
    use Petitioner::*;
    if case_type == CaseType::Voluntary {
        return rng.weighted(&[(VoluntaryGuardian, 70), (Person, 20), (Child, 10)]);
    }
    if abuse {
        return rng.weighted(&[(Mayor, 80), (Child, 10), (OtherRelative, 10)]);
    }
    if young {
        return rng.weighted(&[
            (Parent, 40),
            (Sibling, 20),
            (Mayor, 20),
            (Person, 15),
            (OtherRelative, 5),
        ]);
    }
    // The person's own petition is more common where some capacity remains (保佐, 補助).
    let person = if case_type == CaseType::Guardianship { 14 } else { 45 };
    rng.weighted(&[
        (Mayor, 25),
        (Child, 28),
        (Person, person),
        (Spouse, 7),
        (Sibling, 8),
        (OtherRelative, 9),
        (Prosecutor, 1),
    ])
}

pub(super) fn known_on(dates: &CaseDates, day: NaiveDate) -> CaseDates {
    let keep = |date: Option<NaiveDate>| date.filter(|date| *date <= day);
    CaseDates {
        petition: keep(dates.petition),
        decision: keep(dates.decision),
        final_date: keep(dates.final_date),
        termination: keep(dates.termination),
    }
}

pub(super) fn concern(rng: &mut Rng, condition: Condition) -> &'static str {
    match condition {
        Condition::Dementia => rng.pick(&[
            "認知症が進み、預貯金の管理が難しくなっている。",
            "施設入所の契約を進めたいが、本人の判断が難しい。",
            "自宅の売却を考えているが、本人の意思確認ができない。",
            "年金の受け取りと支払いの管理をする人がいない。",
            "入院費の支払いが滞っている。身寄りが遠方にしかいない。",
        ]),
        Condition::IntellectualDisability => rng.pick(&[
            "親が高齢となり、親亡き後の財産管理と生活が心配。",
            "グループホームへの入居にあたり、契約と金銭管理の支援が必要。",
            "障害年金の管理と日常の支払いを手伝う人がいなくなる。",
        ]),
        Condition::Schizophrenia => rng.pick(&[
            "長期入院からの退院を控え、退院後の生活と金銭管理に支援が必要。",
            "金銭管理が難しく、家賃の滞納が続いている。",
        ]),
        Condition::BrainInjury => rng.pick(&[
            "事故の後遺症で契約や金銭の管理が難しい。保険金の受け取りがある。",
            "脳出血の後、手続きや支払いを一人で進められない。",
        ]),
        Condition::PersistentVegetativeState => {
            "意識の回復が見込めず、入院費の支払いと保険の手続きが必要。"
        }
        Condition::Other => "判断能力の低下があり、財産管理と生活の支援が必要。",
    }
}

pub(super) fn signal_text(signals: Signals) -> &'static str {
    if signals.abuse {
        "同居の親族による年金の使い込みが疑われる。"
    } else if signals.fraud {
        "高額な訪問販売の契約が複数見つかった。"
    } else if signals.neglect {
        "ごみが片付けられず、食事も十分にとれていない様子。"
    } else if signals.other {
        "近隣とのトラブルが続いている。"
    } else {
        ""
    }
}
