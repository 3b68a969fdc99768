//! Sample case data: realistic, reproducible Japanese case files for demonstrations, manual
//! testing and load tests (`koken-desk seed --cases N [--seed S]`).
//!
//! The same seed and count on an empty database give the same persons, case numbers, dates and
//! row ids: a small PRNG of our own (SplitMix64) draws everything, one stream per person, so
//! neither the chunking nor the database changes the result. Dates are anchored on Japan's
//! today (the last generated day is yesterday, so no timestamp lies in the future).
//!
//! Every case is checked against the workflow rules while it is generated: its final state with
//! [`check_state`] and every stage move of its timeline with [`check_move`], so a rule the
//! generator gets wrong fails loudly instead of filling a database with impossible cases.

use anyhow::{Context as _, anyhow, bail, ensure};
use app::domain::cases::{
    CaseDates, CaseState, CaseType, Stage, TerminationReason, case_number, case_number_sequence,
    check_move, check_state, motives_to_text,
};
use app::domain::categories::{
    Condition, Consultant, ConsultationChannel, ConsultationOutcome, ContactKind, DocumentStatus,
    KinshipAnswer, LivingSituation, Motive, OrganisationKind, PetitionDocument, Petitioner, Sex,
    Urgency,
};
use app::domain::dates::{japan_day_start, japan_today};
use app::domain::persons::{search_text, tidy_kana, tidy_name};
use app::domain::search::normalize_for_search;
use app::server::entities::{
    case, case_event, consultation, district, family_court, kinship_entry, office,
    partner_organisation, person, person_contact, petition_document, user,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Iterable, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;
use uuid::Uuid;

/// The most persons one run generates.
pub const MAX_PERSONS: u32 = 100_000;

/// How far back cases were opened: a centre with about six years of history.
const HISTORY_DAYS: i64 = 6 * 365;

/// Persons generated, inserted and committed together (one transaction per group).
const PERSONS_PER_TRANSACTION: usize = 1000;

/// Bind parameters per statement, below SQLite's limit (32766) and PostgreSQL's (65535).
const MAX_PARAMETERS: usize = 30_000;
const MAX_ROWS_PER_STATEMENT: usize = 500;

/// PRNG streams: each purpose draws from its own, so adding draws to one leaves the others as
/// they were.
const STREAM_MASTER: u64 = 1;
const STREAM_PLAN: u64 = 2;
const STREAM_DETAILS: u64 = 3;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Persons to generate, each with one case; about 5% also get an older, closed case.
    pub persons: u32,
    pub seed: u64,
    /// Add to a database that already holds cases: numbering continues after each year's
    /// highest number, and the ids are no longer reproducible.
    pub append: bool,
    /// Print progress (every 10%) on stderr.
    pub progress: bool,
}

impl SampleOptions {
    pub fn new(persons: u32, seed: u64) -> SampleOptions {
        SampleOptions { persons, seed, append: false, progress: false }
    }
}

/// What a run created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleSummary {
    pub seed: u64,
    /// Whether the demonstration offices and accounts had to be loaded first (no office).
    pub demo_accounts_loaded: bool,
    /// Whether districts, family courts or partner organisations were created.
    pub master_data_created: bool,
    pub persons: u64,
    pub contacts: u64,
    pub cases: u64,
    /// Of `cases`, the older closed cases of persons who came back.
    pub older_cases: u64,
    pub consultations: u64,
    pub case_events: u64,
    pub petition_documents: u64,
    pub kinship_entries: u64,
    pub elapsed_ms: u128,
}

impl fmt::Display for SampleSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sample data generated (seed {}):", self.seed)?;
        writeln!(f, "  persons             {:>8}", self.persons)?;
        writeln!(f, "  contacts            {:>8}", self.contacts)?;
        writeln!(
            f,
            "  cases               {:>8}  ({} of them older, closed cases)",
            self.cases, self.older_cases
        )?;
        writeln!(f, "  consultations       {:>8}", self.consultations)?;
        writeln!(f, "  case events         {:>8}", self.case_events)?;
        writeln!(f, "  petition documents  {:>8}", self.petition_documents)?;
        writeln!(f, "  kinship survey      {:>8}", self.kinship_entries)?;
        if self.master_data_created {
            writeln!(f, "  (districts, family courts and partner organisations created)")?;
        }
        if self.demo_accounts_loaded {
            writeln!(f, "  (demonstration offices and accounts loaded first)")?;
        }
        #[allow(clippy::cast_precision_loss)]
        let seconds = self.elapsed_ms as f64 / 1000.0;
        write!(f, "  elapsed             {seconds:>8.1} s")
    }
}

/// Generates `options.persons` persons with their cases, consultations, timelines, petition
/// documents and kinship surveys. Master data is created where its table is empty; without an
/// office the demonstration offices and accounts are loaded first. Refuses a database that
/// already holds cases unless `append` is set.
pub async fn generate(
    db: &DatabaseConnection,
    options: SampleOptions,
) -> anyhow::Result<SampleSummary> {
    let started = Instant::now();
    ensure!(
        (1..=MAX_PERSONS).contains(&options.persons),
        "the number of cases must be between 1 and {MAX_PERSONS}"
    );
    let existing_cases = case::Entity::find().count(db).await?;
    if existing_cases > 0 && !options.append {
        bail!(
            "the database already holds {existing_cases} cases: sample data is generated into a \
             database without cases (use --append to add more; numbering then continues after \
             each year's highest number, and the data is not reproducible)"
        );
    }

    let mut summary = SampleSummary { seed: options.seed, ..SampleSummary::default() };
    if office::Entity::find().count(db).await? == 0 {
        summary.demo_accounts_loaded = crate::seed::load_demo_accounts(db).await?;
    }
    summary.master_data_created = ensure_master_data(db).await?;

    // Appending to generated data with the same seed would draw the same ids again.
    let seed = if existing_cases > 0 {
        options.seed ^ (Uuid::new_v4().as_u128() as u64)
    } else {
        options.seed
    };
    let today = japan_today();
    let context = Context::load(db, seed, today).await?;
    let next_sequence = next_sequences(db, existing_cases).await?;
    let plans = plan(seed, options.persons, today, next_sequence)?;

    let total = plans.len();
    let mut reported_tenths = 0;
    let mut done = 0;
    for (chunk_index, chunk) in plans.chunks(PERSONS_PER_TRANSACTION).enumerate() {
        let mut rows = Rows::default();
        for (offset, plan) in chunk.iter().enumerate() {
            context.person(chunk_index * PERSONS_PER_TRANSACTION + offset, plan, &mut rows)?;
        }
        let txn = db.begin().await?;
        rows.insert(&txn).await.with_context(|| {
            format!("cannot insert sample data ({done} of {total} persons were committed)")
        })?;
        txn.commit().await?;
        rows.count_into(&mut summary);
        done += chunk.len();
        let tenths = done * 10 / total;
        if options.progress && tenths > reported_tenths {
            reported_tenths = tenths;
            eprintln!("seed: {:>3}%  {done} of {total} persons", tenths * 10);
        }
    }
    summary.elapsed_ms = started.elapsed().as_millis();
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------
// The PRNG

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
struct Rng {
    state: u64,
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream for one purpose and one item (a person's index), from the run's seed.
    fn stream(seed: u64, purpose: u64, index: u64) -> Rng {
        let key = mix(seed.wrapping_add(0x9E37_79B9_7F4A_7C15))
            ^ mix(purpose.wrapping_mul(0xD1B5_4A32_D192_ED03))
            ^ mix(index.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7).wrapping_add(purpose));
        Rng { state: key }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high, "{low}..={high}");
        let width = high.saturating_sub(low).max(0) as u64 + 1;
        low + self.below(width) as i64
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, weight)| u64::from(*weight)).sum();
        let mut ticket = self.below(total);
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if ticket < weight {
                return *item;
            }
            ticket -= weight;
        }
        items[items.len() - 1].0
    }

    /// A random (version 4) UUID from the stream: reproducible, unlike `Uuid::new_v4`.
    fn uuid(&mut self) -> Uuid {
        let bytes = (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    fn date_between(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        if last <= first {
            return first;
        }
        first + Duration::days(self.range(0, (last - first).num_days()))
    }

    /// An instant on that day in Japan during office hours (9:00–17:00).
    fn office_hours(&mut self, date: NaiveDate) -> DateTime<Utc> {
        japan_day_start(date) + Duration::minutes(self.range(9 * 60, 17 * 60))
    }
}

// ---------------------------------------------------------------------------------------------
// Names and other tables

/// Kanji and reading (hiragana; stored as katakana through `tidy_kana`).
type Name = (&'static str, &'static str);

const FAMILY_NAMES: [Name; 64] = [
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("斎藤", "さいとう"),
    ("清水", "しみず"),
    ("山崎", "やまざき"),
    ("森", "もり"),
    ("池田", "いけだ"),
    ("橋本", "はしもと"),
    ("阿部", "あべ"),
    ("石川", "いしかわ"),
    ("山下", "やました"),
    ("中島", "なかじま"),
    ("石井", "いしい"),
    ("小川", "おがわ"),
    ("前田", "まえだ"),
    ("岡田", "おかだ"),
    ("長谷川", "はせがわ"),
    ("藤田", "ふじた"),
    ("後藤", "ごとう"),
    ("近藤", "こんどう"),
    ("村上", "むらかみ"),
    ("遠藤", "えんどう"),
    ("青木", "あおき"),
    ("坂本", "さかもと"),
    ("福田", "ふくだ"),
    ("太田", "おおた"),
    ("西村", "にしむら"),
    ("藤井", "ふじい"),
    ("金子", "かねこ"),
    ("岡本", "おかもと"),
    ("藤原", "ふじわら"),
    ("中野", "なかの"),
    ("三浦", "みうら"),
    ("原田", "はらだ"),
    ("中川", "なかがわ"),
    ("松田", "まつだ"),
    ("竹内", "たけうち"),
    ("小野", "おの"),
    ("田村", "たむら"),
    ("中山", "なかやま"),
    ("和田", "わだ"),
    ("石田", "いしだ"),
    ("森田", "もりた"),
    ("上田", "うえだ"),
    ("柴田", "しばた"),
    ("酒井", "さかい"),
    ("工藤", "くどう"),
    ("横山", "よこやま"),
];

/// Given names of the generation born before the late 1950s.
const MALE_ELDER: [Name; 22] = [
    ("茂", "しげる"),
    ("勇", "いさむ"),
    ("清", "きよし"),
    ("博", "ひろし"),
    ("武", "たけし"),
    ("実", "みのる"),
    ("正雄", "まさお"),
    ("和夫", "かずお"),
    ("昭", "あきら"),
    ("修", "おさむ"),
    ("進", "すすむ"),
    ("勝", "まさる"),
    ("豊", "ゆたか"),
    ("隆", "たかし"),
    ("三郎", "さぶろう"),
    ("一郎", "いちろう"),
    ("義男", "よしお"),
    ("正", "ただし"),
    ("幸雄", "ゆきお"),
    ("秀夫", "ひでお"),
    ("敏夫", "としお"),
    ("弘", "ひろし"),
];

const FEMALE_ELDER: [Name; 22] = [
    ("和子", "かずこ"),
    ("幸子", "さちこ"),
    ("節子", "せつこ"),
    ("洋子", "ようこ"),
    ("弘子", "ひろこ"),
    ("美智子", "みちこ"),
    ("久子", "ひさこ"),
    ("恵子", "けいこ"),
    ("京子", "きょうこ"),
    ("文子", "ふみこ"),
    ("悦子", "えつこ"),
    ("敏子", "としこ"),
    ("静子", "しずこ"),
    ("千代子", "ちよこ"),
    ("光子", "みつこ"),
    ("富子", "とみこ"),
    ("信子", "のぶこ"),
    ("照子", "てるこ"),
    ("君子", "きみこ"),
    ("ハル", "はる"),
    ("キヨ", "きよ"),
    ("澄子", "すみこ"),
];

/// Given names of the generations born from the 1960s.
const MALE_YOUNG: [Name; 12] = [
    ("誠", "まこと"),
    ("浩", "ひろし"),
    ("健一", "けんいち"),
    ("達也", "たつや"),
    ("大輔", "だいすけ"),
    ("直樹", "なおき"),
    ("剛", "つよし"),
    ("拓也", "たくや"),
    ("和也", "かずや"),
    ("聡", "さとし"),
    ("哲也", "てつや"),
    ("慎一", "しんいち"),
];

const FEMALE_YOUNG: [Name; 12] = [
    ("由美", "ゆみ"),
    ("直美", "なおみ"),
    ("裕子", "ゆうこ"),
    ("智子", "ともこ"),
    ("明美", "あけみ"),
    ("真由美", "まゆみ"),
    ("恵美", "えみ"),
    ("美穂", "みほ"),
    ("香織", "かおり"),
    ("綾", "あや"),
    ("陽子", "ようこ"),
    ("純子", "じゅんこ"),
];

/// Sagamihara's wards, with weights close to their populations.
const DISTRICTS: [(&str, &str, u32); 3] =
    [("midori", "緑区", 24), ("chuo", "中央区", 37), ("minami", "南区", 39)];

const MAIN_COURT: &str = "横浜家庭裁判所";
const BRANCH_COURTS: [&str; 2] = ["横浜家庭裁判所相模原支部", "横浜家庭裁判所小田原支部"];

/// The partner directory: kind, name, phone, address. Fictional names and numbers, except the
/// public bodies (whose contact details are left blank).
const ORGANISATIONS: [(OrganisationKind, &str, &str, &str); 23] = [
    (
        OrganisationKind::CommunityCentre,
        "橋本地域包括支援センター",
        "042-700-0101",
        "相模原市緑区橋本3-1-1",
    ),
    (
        OrganisationKind::CommunityCentre,
        "津久井地域包括支援センター",
        "042-700-0102",
        "相模原市緑区中野2-2-2",
    ),
    (
        OrganisationKind::CommunityCentre,
        "中央地域包括支援センター",
        "042-700-0103",
        "相模原市中央区中央4-3-3",
    ),
    (
        OrganisationKind::CommunityCentre,
        "上溝地域包括支援センター",
        "042-700-0104",
        "相模原市中央区上溝5-4-4",
    ),
    (
        OrganisationKind::CommunityCentre,
        "相模大野地域包括支援センター",
        "042-700-0105",
        "相模原市南区相模大野6-5-5",
    ),
    (
        OrganisationKind::CommunityCentre,
        "相武台地域包括支援センター",
        "042-700-0106",
        "相模原市南区相武台1-6-6",
    ),
    (
        OrganisationKind::CareAgency,
        "ケアプランセンターみどり",
        "042-700-0201",
        "相模原市緑区西橋本1-2-3",
    ),
    (
        OrganisationKind::CareAgency,
        "居宅介護支援事業所さくら",
        "042-700-0202",
        "相模原市中央区相模原2-3-4",
    ),
    (
        OrganisationKind::CareAgency,
        "ひまわりケアプランサービス",
        "042-700-0203",
        "相模原市南区古淵3-4-5",
    ),
    (
        OrganisationKind::CareAgency,
        "居宅介護支援事業所おおのだい",
        "042-700-0204",
        "相模原市南区大野台4-5-6",
    ),
    (OrganisationKind::Hospital, "さがみ中央総合病院", "042-700-0301", "相模原市中央区富士見5-6-7"),
    (OrganisationKind::Hospital, "南大野記念病院", "042-700-0302", "相模原市南区上鶴間6-7-8"),
    (OrganisationKind::Hospital, "緑ヶ丘こころの病院", "042-700-0303", "相模原市緑区大島7-8-9"),
    (
        OrganisationKind::Facility,
        "特別養護老人ホーム 相模の里",
        "042-700-0401",
        "相模原市緑区久保沢1-1-10",
    ),
    (
        OrganisationKind::Facility,
        "介護老人保健施設 すずらん",
        "042-700-0402",
        "相模原市中央区淵野辺2-2-11",
    ),
    (
        OrganisationKind::Facility,
        "有料老人ホーム ひだまり南",
        "042-700-0403",
        "相模原市南区東林間3-3-12",
    ),
    (
        OrganisationKind::Facility,
        "障害者支援施設 さがみ学園",
        "042-700-0404",
        "相模原市緑区根小屋4-4-13",
    ),
    (
        OrganisationKind::Facility,
        "障害者グループホーム つばさ",
        "042-700-0405",
        "相模原市中央区横山5-5-14",
    ),
    (OrganisationKind::WelfareCouncil, "相模原市社会福祉協議会", "", ""),
    (OrganisationKind::ProfessionalAssociation, "神奈川県弁護士会", "", ""),
    (OrganisationKind::ProfessionalAssociation, "神奈川県司法書士会", "", ""),
    (OrganisationKind::ProfessionalAssociation, "神奈川県社会福祉士会", "", ""),
    (OrganisationKind::Municipality, "相模原市 高齢・障害者相談課", "", ""),
];

const NOTARY_OFFICES: [(&str, u32); 4] =
    [("相模原公証役場", 70), ("町田公証役場", 12), ("厚木公証役場", 10), ("横浜駅西口公証役場", 8)];

const CASE_TYPES: [(CaseType, u32); 4] = [
    (CaseType::Guardianship, 70),
    (CaseType::Curatorship, 18),
    (CaseType::Assistance, 7),
    (CaseType::Voluntary, 5),
];

const STAGES: [(Stage, u32); 7] = [
    (Stage::Consultation, 8),
    (Stage::Assessment, 10),
    (Stage::Matching, 8),
    (Stage::PetitionSupport, 10),
    (Stage::AwaitingDecision, 7),
    (Stage::Supporting, 45),
    (Stage::Closed, 12),
];

const CLOSING_REASONS: [(TerminationReason, u32); 8] = [
    (TerminationReason::PersonDied, 45),
    (TerminationReason::ConsultationOnly, 15),
    (TerminationReason::OtherSupport, 15),
    (TerminationReason::Transferred, 8),
    (TerminationReason::Other, 7),
    (TerminationReason::PetitionWithdrawn, 6),
    (TerminationReason::PetitionDismissed, 2),
    (TerminationReason::DecisionRevoked, 2),
];

/// Why an earlier case of a person who came back ended: the person was alive, and no
/// guardianship had begun.
const OLDER_CASE_REASONS: [(TerminationReason, u32); 5] = [
    (TerminationReason::ConsultationOnly, 35),
    (TerminationReason::OtherSupport, 35),
    (TerminationReason::PetitionWithdrawn, 10),
    (TerminationReason::Transferred, 10),
    (TerminationReason::Other, 10),
];

const MOTIVES: [(Motive, u32); 8] = [
    (Motive::SavingsManagement, 40),
    (Motive::PersonalWelfare, 25),
    (Motive::CareInsuranceContract, 12),
    (Motive::RealEstateDisposal, 8),
    (Motive::Inheritance, 8),
    (Motive::InsuranceClaim, 3),
    (Motive::Litigation, 2),
    (Motive::Other, 2),
];

// ---------------------------------------------------------------------------------------------
// Master data

/// Creates districts, family courts and partner organisations where their table is empty;
/// returns whether it created any.
async fn ensure_master_data(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let now = Utc::now();
    // Master data ids do not depend on the seed: every sample database has the same ones.
    let mut rng = Rng::stream(0, STREAM_MASTER, 0);
    let mut created = false;
    let txn = db.begin().await?;
    if district::Entity::find().count(&txn).await? == 0 {
        let rows: Vec<district::Model> = DISTRICTS
            .iter()
            .zip(1..)
            .map(|((code, name, _), sort_order)| district::Model {
                id: rng.uuid(),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                sort_order,
                active: true,
                created_at: now,
                updated_at: now,
                version: 1,
            })
            .collect();
        insert_rows::<district::ActiveModel, _>(&txn, &rows).await?;
        created = true;
    }
    if family_court::Entity::find().count(&txn).await? == 0 {
        let main_id = rng.uuid();
        let court = |id, parent_id, name: &str, sort_order| family_court::Model {
            id,
            parent_id,
            name: name.to_owned(),
            sort_order,
            active: true,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        // The main court first: its branches refer to it.
        insert_rows::<family_court::ActiveModel, _>(&txn, &[court(main_id, None, MAIN_COURT, 1)])
            .await?;
        let branches: Vec<family_court::Model> = BRANCH_COURTS
            .iter()
            .zip(2..)
            .map(|(name, sort_order)| court(rng.uuid(), Some(main_id), name, sort_order))
            .collect();
        insert_rows::<family_court::ActiveModel, _>(&txn, &branches).await?;
        created = true;
    }
    if partner_organisation::Entity::find().count(&txn).await? == 0 {
        let rows: Vec<partner_organisation::Model> = ORGANISATIONS
            .iter()
            .map(|(kind, name, phone, address)| partner_organisation::Model {
                id: rng.uuid(),
                kind: kind.code().to_owned(),
                name: (*name).to_owned(),
                name_search: normalize_for_search(name),
                phone: (*phone).to_owned(),
                address: (*address).to_owned(),
                notes: String::new(),
                active: true,
                created_at: now,
                updated_at: now,
                version: 1,
            })
            .collect();
        insert_rows::<partner_organisation::ActiveModel, _>(&txn, &rows).await?;
        created = true;
    }
    txn.commit().await?;
    Ok(created)
}

/// The next free sequence number per year, after the numbers already taken.
async fn next_sequences(
    db: &DatabaseConnection,
    existing_cases: u64,
) -> anyhow::Result<BTreeMap<i32, u32>> {
    let mut highest = BTreeMap::new();
    if existing_cases == 0 {
        return Ok(highest);
    }
    let numbers: Vec<String> = case::Entity::find()
        .select_only()
        .column(case::Column::CaseNumber)
        .into_tuple()
        .all(db)
        .await?;
    for number in numbers {
        let Some(year) = number.split_once('-').and_then(|(year, _)| year.parse::<i32>().ok())
        else {
            continue;
        };
        if let Some(sequence) = case_number_sequence(&number, year) {
            let entry = highest.entry(year).or_insert(0);
            *entry = (*entry).max(sequence);
        }
    }
    Ok(highest)
}

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
struct Timeline {
    case_type: CaseType,
    stage: Stage,
    reached: Stage,
    reason: Option<TerminationReason>,
    opened: NaiveDate,
    dates: CaseDates,
}

impl Timeline {
    fn state(&self) -> CaseState {
        CaseState { stage: self.stage, dates: self.dates, termination_reason: self.reason }
    }

    /// The last day the work before the petition can fall on.
    fn pre_petition_end(&self, last: NaiveDate) -> NaiveDate {
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
struct PersonPlan {
    main: Timeline,
    main_number: String,
    older: Option<(Timeline, String)>,
}

/// Draws every case's course and numbers the cases in the order they were opened.
fn plan(
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

// ---------------------------------------------------------------------------------------------
// Details: persons, contacts, cases and their work

struct OfficeStaff {
    id: Uuid,
    coordinators: Vec<Uuid>,
}

/// What the generator reads from the database once.
struct Context {
    seed: u64,
    today: NaiveDate,
    last: NaiveDate,
    offices: Vec<OfficeStaff>,
    /// Id, ward name, weight.
    districts: Vec<(Uuid, String, u32)>,
    courts: Vec<(Uuid, u32)>,
    organisations: Vec<partner_organisation::Model>,
}

/// Rows generated for a group of persons, inserted together.
#[derive(Default)]
struct Rows {
    persons: Vec<person::Model>,
    contacts: Vec<person_contact::Model>,
    cases: Vec<case::Model>,
    older_cases: u64,
    consultations: Vec<consultation::Model>,
    events: Vec<case_event::Model>,
    documents: Vec<petition_document::Model>,
    kinship: Vec<kinship_entry::Model>,
}

impl Rows {
    /// Inserts in the order of the foreign keys.
    async fn insert(&self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        insert_rows::<person::ActiveModel, _>(db, &self.persons).await?;
        insert_rows::<person_contact::ActiveModel, _>(db, &self.contacts).await?;
        insert_rows::<case::ActiveModel, _>(db, &self.cases).await?;
        insert_rows::<consultation::ActiveModel, _>(db, &self.consultations).await?;
        insert_rows::<case_event::ActiveModel, _>(db, &self.events).await?;
        insert_rows::<petition_document::ActiveModel, _>(db, &self.documents).await?;
        insert_rows::<kinship_entry::ActiveModel, _>(db, &self.kinship).await?;
        Ok(())
    }

    fn count_into(&self, summary: &mut SampleSummary) {
        let count = |rows: usize| rows as u64;
        summary.persons += count(self.persons.len());
        summary.contacts += count(self.contacts.len());
        summary.cases += count(self.cases.len());
        summary.older_cases += self.older_cases;
        summary.consultations += count(self.consultations.len());
        summary.case_events += count(self.events.len());
        summary.petition_documents += count(self.documents.len());
        summary.kinship_entries += count(self.kinship.len());
    }
}

/// Inserts rows with multi-row statements, as many rows per statement as the bind-parameter
/// limits allow.
async fn insert_rows<A, M>(db: &impl ConnectionTrait, rows: &[M]) -> Result<(), sea_orm::DbErr>
where
    A: ActiveModelTrait,
    M: IntoActiveModel<A> + Clone,
{
    let columns = <<A::Entity as EntityTrait>::Column as Iterable>::iter().count().max(1);
    let per_statement = (MAX_PARAMETERS / columns).clamp(1, MAX_ROWS_PER_STATEMENT);
    for batch in rows.chunks(per_statement) {
        sea_orm::InsertMany::<A>::many(batch.iter().cloned()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The person a case belongs to, as its details need them.
struct PersonFacts {
    id: Uuid,
    office_id: Uuid,
    coordinator: Option<Uuid>,
    young: bool,
    male: bool,
    condition: Condition,
    living: LivingSituation,
    family: Name,
}

/// A relative: relation, sex, whether of the elder generation, chance (%) of sharing the
/// person's family name.
type Relative = (&'static str, bool, bool, u64);

const CHILDREN: [Relative; 4] = [
    ("長男", true, false, 100),
    ("長女", false, false, 40),
    ("次男", true, false, 100),
    ("次女", false, false, 40),
];
const SIBLINGS_OF_ELDER: [Relative; 4] = [
    ("兄", true, true, 100),
    ("姉", false, true, 30),
    ("弟", true, true, 100),
    ("妹", false, true, 30),
];
const SIBLINGS_OF_YOUNG: [Relative; 4] = [
    ("兄", true, false, 100),
    ("姉", false, false, 50),
    ("弟", true, false, 100),
    ("妹", false, false, 50),
];
const NEPHEWS: [Relative; 2] = [("甥", true, false, 40), ("姪", false, false, 30)];
const PARENTS: [Relative; 2] = [("母", false, true, 100), ("父", true, true, 100)];

/// Signs of a rights violation in the first consultation.
#[derive(Debug, Clone, Copy, Default)]
struct Signals {
    abuse: bool,
    fraud: bool,
    neglect: bool,
    other: bool,
}

impl Signals {
    fn draw(rng: &mut Rng) -> Signals {
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

fn given_name(rng: &mut Rng, male: bool, elder: bool) -> Name {
    match (male, elder) {
        (true, true) => rng.pick(&MALE_ELDER),
        (false, true) => rng.pick(&FEMALE_ELDER),
        (true, false) => rng.pick(&MALE_YOUNG),
        (false, false) => rng.pick(&FEMALE_YOUNG),
    }
}

/// A name as stored: 姓　名.
fn written_name(family: Name, given: Name) -> anyhow::Result<String> {
    tidy_name(&format!("{} {}", family.0, given.0))
        .map_err(|problem| anyhow!("sample name {}{}: {}", family.0, given.0, problem.code()))
}

fn mobile_phone(rng: &mut Rng) -> String {
    format!("0{}0-{:04}-{:04}", rng.pick(&[7, 8, 9]), rng.below(10_000), rng.below(10_000))
}

/// Who files the petition, given the person and the case.
fn draw_petitioner(rng: &mut Rng, case_type: CaseType, young: bool, abuse: bool) -> Petitioner {
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

fn known_on(dates: &CaseDates, day: NaiveDate) -> CaseDates {
    let keep = |date: Option<NaiveDate>| date.filter(|date| *date <= day);
    CaseDates {
        petition: keep(dates.petition),
        decision: keep(dates.decision),
        final_date: keep(dates.final_date),
        termination: keep(dates.termination),
    }
}

fn concern(rng: &mut Rng, condition: Condition) -> &'static str {
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

fn signal_text(signals: Signals) -> &'static str {
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

const ABUSE_RESPONSES: [&str; 3] = [
    "市が事実確認を行い、短期入所による分離保護を実施。",
    "地域包括支援センターが訪問し、見守りを強化。市長申立を検討。",
    "経済的虐待の疑いで市が親族と面談。年金口座の管理を見直し。",
];

const INFORMATION_ONLY: [&str; 5] = [
    "成年後見制度の概要と申立ての手続きについて問い合わせ。パンフレットを送付。",
    "任意後見契約について相談。公証役場での手続きを案内。",
    "親族後見人になるための手続きについて相談。家庭裁判所の説明会を案内。",
    "日常生活自立支援事業について情報提供。社会福祉協議会を紹介。",
    "近所の高齢者の金銭管理が心配との相談。地域包括支援センターを案内。",
];

impl Context {
    async fn load(db: &DatabaseConnection, seed: u64, today: NaiveDate) -> anyhow::Result<Context> {
        let offices = app::server::offices::list_active(db).await?;
        ensure!(
            !offices.is_empty(),
            "there is no active office: run `koken-desk seed-demo` or create an office first"
        );
        let coordinators = user::Entity::find()
            .filter(user::Column::Role.eq(app::domain::access::Role::Coordinator.as_str()))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::LoginId)
            .all(db)
            .await?;
        let offices = offices
            .into_iter()
            .map(|office| OfficeStaff {
                id: office.id,
                coordinators: coordinators
                    .iter()
                    .filter(|user| user.office_id == Some(office.id))
                    .map(|user| user.id)
                    .collect(),
            })
            .collect();
        let districts = district::Entity::find()
            .filter(district::Column::Active.eq(true))
            .order_by_asc(district::Column::SortOrder)
            .order_by_asc(district::Column::Code)
            .all(db)
            .await?
            .into_iter()
            .map(|district| {
                let weight = DISTRICTS
                    .iter()
                    .find(|(code, _, _)| *code == district.code)
                    .map_or(30, |(_, _, weight)| *weight);
                (district.id, district.name, weight)
            })
            .collect();
        let courts = family_court::Entity::find()
            .filter(family_court::Column::Active.eq(true))
            .order_by_asc(family_court::Column::SortOrder)
            .order_by_asc(family_court::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|court| {
                let weight = if court.name.contains("相模原") {
                    90
                } else if court.parent_id.is_none() {
                    7
                } else {
                    3
                };
                (court.id, weight)
            })
            .collect();
        let organisations = partner_organisation::Entity::find()
            .filter(partner_organisation::Column::Active.eq(true))
            .order_by_asc(partner_organisation::Column::Kind)
            .order_by_asc(partner_organisation::Column::Name)
            .all(db)
            .await?;
        Ok(Context {
            seed,
            today,
            last: today - Duration::days(1),
            offices,
            districts,
            courts,
            organisations,
        })
    }

    /// An organisation of the kind, preferring those in the ward and whose name has `hint`.
    fn organisation(
        &self,
        rng: &mut Rng,
        kind: OrganisationKind,
        ward: &str,
        hint: Option<&str>,
    ) -> Option<&partner_organisation::Model> {
        let of_kind: Vec<&partner_organisation::Model> =
            self.organisations.iter().filter(|org| org.kind == kind.code()).collect();
        let narrowed = |keep: &dyn Fn(&partner_organisation::Model) -> bool| {
            of_kind.iter().copied().filter(|org| keep(org)).collect::<Vec<_>>()
        };
        let hinted = match hint {
            Some(hint) => narrowed(&|org| org.name.contains(hint)),
            None => of_kind.clone(),
        };
        let candidates = if hinted.is_empty() { of_kind } else { hinted };
        let in_ward: Vec<_> =
            candidates.iter().copied().filter(|org| org.address.contains(ward)).collect();
        let pool = if in_ward.is_empty() || rng.percent(20) { candidates } else { in_ward };
        (!pool.is_empty()).then(|| pool[rng.below(pool.len() as u64) as usize])
    }

    /// Generates one person with their contacts, cases and consultations.
    fn person(&self, index: usize, plan: &PersonPlan, rows: &mut Rows) -> anyhow::Result<()> {
        let mut rng = Rng::stream(self.seed, STREAM_DETAILS, index as u64);
        let main = &plan.main;
        let young = main.case_type != CaseType::Voluntary && rng.percent(15);
        let birth_year = if young { rng.range(1960, 2000) } else { rng.range(1930, 1955) };
        let birth = NaiveDate::from_ymd_opt(birth_year as i32, 1, 1)
            .map(|january| january + Duration::days(rng.range(0, 364)))
            .ok_or_else(|| anyhow!("sample birth year {birth_year}"))?;
        let male = if young { rng.percent(55) } else { rng.percent(38) };
        let condition = if young {
            rng.weighted(&[
                (Condition::IntellectualDisability, 50),
                (Condition::Schizophrenia, 30),
                (Condition::BrainInjury, 12),
                (Condition::Other, 8),
            ])
        } else if main.case_type == CaseType::Voluntary {
            rng.weighted(&[
                (Condition::Dementia, 90),
                (Condition::BrainInjury, 5),
                (Condition::Other, 5),
            ])
        } else {
            // A prolonged disorder of consciousness leaves no capacity: only 後見.
            let vegetative = if main.case_type == CaseType::Guardianship { 3 } else { 0 };
            rng.weighted(&[
                (Condition::Dementia, 80),
                (Condition::BrainInjury, 5),
                (Condition::Schizophrenia, 5),
                (Condition::PersistentVegetativeState, vegetative),
                (Condition::IntellectualDisability, 2),
                (Condition::Other, 5),
            ])
        };
        let (district_id, ward) = if self.districts.is_empty() {
            (None, String::new())
        } else {
            let weights: Vec<(usize, u32)> =
                self.districts.iter().enumerate().map(|(i, (_, _, weight))| (i, *weight)).collect();
            let (id, name, _) = &self.districts[rng.weighted(&weights)];
            (Some(*id), name.clone())
        };
        let living = match condition {
            Condition::PersistentVegetativeState => LivingSituation::Hospital,
            Condition::Schizophrenia => rng.weighted(&[
                (LivingSituation::Hospital, 45),
                (LivingSituation::Home, 40),
                (LivingSituation::Facility, 12),
                (LivingSituation::Other, 3),
            ]),
            _ if young => rng.weighted(&[
                (LivingSituation::Home, 55),
                (LivingSituation::Facility, 35),
                (LivingSituation::Hospital, 7),
                (LivingSituation::Other, 3),
            ]),
            _ => rng.weighted(&[
                (LivingSituation::Home, 45),
                (LivingSituation::Facility, 40),
                (LivingSituation::Hospital, 12),
                (LivingSituation::Other, 3),
            ]),
        };
        let family = rng.pick(&FAMILY_NAMES);
        let given = given_name(&mut rng, male, !young);
        let name = written_name(family, given)?;
        let kana = tidy_kana(&format!("{} {}", family.1, given.1))
            .map_err(|problem| anyhow!("sample kana for {name}: {}", problem.code()))?;

        let staff = &self.offices[index % self.offices.len()];
        let coordinator = if staff.coordinators.is_empty() || rng.percent(10) {
            None
        } else {
            Some(rng.pick(&staff.coordinators))
        };
        let facts = PersonFacts {
            id: rng.uuid(),
            office_id: staff.id,
            coordinator,
            young,
            male,
            condition,
            living,
            family,
        };
        let first_opened = plan.older.as_ref().map_or(main.opened, |(older, _)| older.opened);
        // About a third of the persons also made an inquiry that stayed information only: an
        // anonymous one at any time, or an earlier one about the person, who was registered then.
        let inquiry = rng.percent(33).then(|| {
            if rng.percent(40) {
                (true, self.last - Duration::days(rng.range(0, HISTORY_DAYS)))
            } else {
                (false, first_opened - Duration::days(rng.range(30, 400)))
            }
        });
        let registered_on = match inquiry {
            Some((false, day)) => day,
            _ => first_opened,
        };
        // At the start of office hours, before the consultation that registered the person.
        let registered = japan_day_start(registered_on) + Duration::hours(9);
        rows.persons.push(person::Model {
            id: facts.id,
            office_id: facts.office_id,
            search_text: search_text(&name, &kana),
            name,
            name_kana: kana,
            date_of_birth: Some(birth),
            sex: Some(if male { Sex::Male } else { Sex::Female }.code().to_owned()),
            district_id,
            living_situation: Some(living.code().to_owned()),
            condition: Some(condition.code().to_owned()),
            notes: String::new(),
            merged_into: None,
            created_at: registered,
            updated_at: registered,
            updated_by: coordinator,
            version: 1,
        });

        let main_signals = Signals::draw(&mut rng);
        let petitioner = draw_petitioner(&mut rng, main.case_type, young, main_signals.abuse);
        self.contacts(&mut rng, &facts, petitioner, &ward, registered, rows)?;

        if let Some((older, number)) = &plan.older {
            let signals = Signals::draw(&mut rng);
            let older_petitioner = draw_petitioner(&mut rng, older.case_type, young, signals.abuse);
            self.case(&mut rng, &facts, older, number, older_petitioner, signals, rows)?;
            rows.older_cases += 1;
        }
        self.case(&mut rng, &facts, main, &plan.main_number, petitioner, main_signals, rows)?;

        if let Some((anonymous, day)) = inquiry {
            let received_at = rng.office_hours(day);
            let recorded_by = if staff.coordinators.is_empty() {
                None
            } else {
                Some(rng.pick(&staff.coordinators))
            };
            rows.consultations.push(consultation::Model {
                id: rng.uuid(),
                office_id: staff.id,
                person_id: (!anonymous).then_some(facts.id),
                case_id: None,
                received_at,
                channel: rng
                    .weighted(&[(ConsultationChannel::Phone, 75), (ConsultationChannel::Visit, 25)])
                    .code()
                    .to_owned(),
                consultant: rng
                    .weighted(&[
                        (Consultant::Relative, 40),
                        (Consultant::Person, 20),
                        (Consultant::CareManager, 15),
                        (Consultant::CommunityCentre, 10),
                        (Consultant::Other, 15),
                    ])
                    .code()
                    .to_owned(),
                summary: rng.pick(&INFORMATION_ONLY).to_owned(),
                urgency: Urgency::Low.code().to_owned(),
                flag_abuse: false,
                flag_consumer_fraud: false,
                flag_self_neglect: false,
                flag_other: false,
                abuse_reported: false,
                abuse_reported_on: None,
                abuse_response: String::new(),
                outcome: ConsultationOutcome::InformationOnly.code().to_owned(),
                recorded_by,
                created_at: received_at,
                updated_at: received_at,
                updated_by: None,
                version: 1,
            });
        }
        Ok(())
    }

    /// One to three people around the person: the relative who petitions (or another), and
    /// the professional of the place the person lives.
    fn contacts(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        petitioner: Petitioner,
        ward: &str,
        created_at: DateTime<Utc>,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let relative: Option<Relative> = match petitioner {
            Petitioner::Child => Some(rng.pick(&CHILDREN)),
            Petitioner::Spouse => {
                Some(if facts.male { ("妻", false, true, 100) } else { ("夫", true, true, 100) })
            }
            Petitioner::Sibling if facts.young => Some(rng.pick(&SIBLINGS_OF_YOUNG)),
            Petitioner::Sibling => Some(rng.pick(&SIBLINGS_OF_ELDER)),
            Petitioner::Parent => Some(rng.pick(&PARENTS)),
            Petitioner::OtherRelative => Some(rng.pick(&NEPHEWS)),
            // A mayor's petition: no relative able or willing; sometimes a distant one is known.
            Petitioner::Mayor => rng.percent(30).then(|| rng.pick(&NEPHEWS)),
            _ if facts.young => rng.percent(70).then(|| rng.pick(&PARENTS)),
            _ => rng.percent(60).then(|| rng.pick(&CHILDREN)),
        };
        // `relation` is a relative's (長男, 妹 …); a professional's role goes into the notes.
        let make = |kind: ContactKind,
                    name: String,
                    relation_or_role: &str,
                    organisation: Option<&partner_organisation::Model>,
                    phone: String,
                    rng: &mut Rng| {
            let (relation, notes) = if kind == ContactKind::Relative {
                (relation_or_role.to_owned(), String::new())
            } else {
                (String::new(), relation_or_role.to_owned())
            };
            person_contact::Model {
                id: rng.uuid(),
                person_id: facts.id,
                kind: kind.code().to_owned(),
                name,
                relation,
                organisation_id: organisation.map(|org| org.id),
                phone,
                notes,
                created_at,
            }
        };
        let staff_name = |rng: &mut Rng| {
            let male = rng.percent(40);
            written_name(rng.pick(&FAMILY_NAMES), given_name(rng, male, false))
        };
        let mut contacts = Vec::with_capacity(3);
        if let Some((relation, male, elder, same_family)) = relative {
            let family =
                if rng.percent(same_family) { facts.family } else { rng.pick(&FAMILY_NAMES) };
            let name = written_name(family, given_name(rng, male, elder))?;
            let phone = mobile_phone(rng);
            contacts.push(make(ContactKind::Relative, name, relation, None, phone, rng));
        }
        match facts.living {
            LivingSituation::Facility => {
                let hint = if facts.young { "障害" } else { "老人" };
                if let Some(org) =
                    self.organisation(rng, OrganisationKind::Facility, ward, Some(hint))
                {
                    let (name, phone) = (org.name.clone(), org.phone.clone());
                    contacts.push(make(ContactKind::Facility, name, "", Some(org), phone, rng));
                }
            }
            LivingSituation::Hospital => {
                let hint = (facts.condition == Condition::Schizophrenia).then_some("こころ");
                if let Some(org) = self.organisation(rng, OrganisationKind::Hospital, ward, hint) {
                    let name = staff_name(rng)?;
                    let phone = org.phone.clone();
                    contacts.push(make(ContactKind::Doctor, name, "主治医", Some(org), phone, rng));
                }
            }
            LivingSituation::Home if !facts.young => {
                if let Some(org) = self.organisation(rng, OrganisationKind::CareAgency, ward, None)
                {
                    let name = staff_name(rng)?;
                    let phone = org.phone.clone();
                    contacts.push(make(
                        ContactKind::CareManager,
                        name,
                        "担当ケアマネジャー",
                        Some(org),
                        phone,
                        rng,
                    ));
                }
            }
            _ => {}
        }
        if contacts.is_empty() || (contacts.len() < 3 && rng.percent(30)) {
            if facts.young {
                let name = staff_name(rng)?;
                let phone = String::new();
                contacts.push(make(ContactKind::Other, name, "相談支援専門員", None, phone, rng));
            } else if let Some(org) =
                self.organisation(rng, OrganisationKind::CommunityCentre, ward, None)
            {
                let name = staff_name(rng)?;
                let phone = org.phone.clone();
                contacts.push(make(
                    ContactKind::Other,
                    name,
                    "地域包括支援センター 担当",
                    Some(org),
                    phone,
                    rng,
                ));
            }
        }
        rows.contacts.extend(contacts);
        Ok(())
    }

    /// One case with its first consultation, timeline, petition documents and kinship survey.
    #[allow(clippy::too_many_arguments)]
    fn case(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        timeline: &Timeline,
        number: &str,
        petitioner: Petitioner,
        signals: Signals,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let today = self.today;
        let last = self.last;
        check_state(&timeline.state(), today).map_err(|refusal| {
            anyhow!("sample case {number} breaks the workflow rules: {}", refusal.code())
        })?;
        let case_id = rng.uuid();
        let coordinator = facts.coordinator;

        // The first consultation, which opened the case.
        let received_at = rng.office_hours(timeline.opened);
        let consultant = if signals.abuse {
            rng.pick(&[Consultant::Government, Consultant::CommunityCentre])
        } else if facts.young {
            rng.weighted(&[
                (Consultant::Relative, 35),
                (Consultant::Other, 15),
                (Consultant::Facility, 15),
                (Consultant::Government, 15),
                (Consultant::Hospital, 10),
                (Consultant::Person, 10),
            ])
        } else {
            rng.weighted(&[
                (Consultant::CareManager, 25),
                (Consultant::CommunityCentre, 25),
                (Consultant::Relative, 20),
                (Consultant::Hospital, 10),
                (Consultant::Facility, 8),
                (Consultant::Government, 7),
                (Consultant::Person, 5),
            ])
        };
        let urgency = if signals.abuse {
            Urgency::High
        } else {
            rng.weighted(&[(Urgency::High, 15), (Urgency::Medium, 50), (Urgency::Low, 35)])
        };
        let summary = format!(
            "{}より相談。{}{}",
            consultant.label_ja(),
            concern(rng, facts.condition),
            signal_text(signals)
        );
        let abuse_reported_on =
            signals.abuse.then(|| (timeline.opened + Duration::days(rng.range(0, 3))).min(last));
        let abuse_response =
            if signals.abuse { rng.pick(&ABUSE_RESPONSES).to_owned() } else { String::new() };
        rows.consultations.push(consultation::Model {
            id: rng.uuid(),
            office_id: facts.office_id,
            person_id: Some(facts.id),
            case_id: Some(case_id),
            received_at,
            channel: rng
                .weighted(&[
                    (ConsultationChannel::Phone, 60),
                    (ConsultationChannel::Visit, 20),
                    (ConsultationChannel::HomeVisit, 15),
                    (ConsultationChannel::Other, 5),
                ])
                .code()
                .to_owned(),
            consultant: consultant.code().to_owned(),
            summary,
            urgency: urgency.code().to_owned(),
            flag_abuse: signals.abuse,
            flag_consumer_fraud: signals.fraud,
            flag_self_neglect: signals.neglect,
            flag_other: signals.other,
            abuse_reported: signals.abuse,
            abuse_reported_on,
            abuse_response,
            outcome: ConsultationOutcome::SupportStarted.code().to_owned(),
            recorded_by: coordinator,
            created_at: received_at,
            updated_at: received_at,
            updated_by: None,
            version: 1,
        });

        // The timeline: opened, then one move per stage passed, each checked as the server
        // would check it.
        let mut clock = received_at + Duration::minutes(rng.range(30, 120));
        let opened_at = clock;
        let mut event = |at: DateTime<Utc>,
                         kind: &str,
                         from: Option<Stage>,
                         to: Stage,
                         comment: &str,
                         rng: &mut Rng| {
            rows.events.push(case_event::Model {
                id: rng.uuid(),
                case_id,
                occurred_at: at,
                actor_user_id: coordinator,
                kind: kind.to_owned(),
                from_stage: from.map(|stage| stage.code().to_owned()),
                to_stage: Some(to.code().to_owned()),
                comment: comment.to_owned(),
            });
        };
        event(clock, "opened", None, Stage::Consultation, "", rng);
        let relative_petition = matches!(
            petitioner,
            Petitioner::Child
                | Petitioner::Spouse
                | Petitioner::Sibling
                | Petitioner::Parent
                | Petitioner::OtherRelative
        );
        let skip_matching =
            timeline.case_type == CaseType::Voluntary || (relative_petition && rng.percent(30));
        let mut path: Vec<Stage> = Stage::ALL
            .into_iter()
            .filter(|stage| *stage > Stage::Consultation && *stage <= timeline.reached)
            .filter(|stage| {
                !(*stage == Stage::Matching
                    && skip_matching
                    && timeline.reached >= Stage::PetitionSupport)
            })
            .collect();
        if timeline.stage == Stage::Closed {
            path.push(Stage::Closed);
        }
        let boundary = timeline.pre_petition_end(last);
        let span = (boundary - timeline.opened).num_days().max(0);
        let mut early_days: Vec<i64> = path
            .iter()
            .filter(|stage| **stage < Stage::AwaitingDecision)
            .map(|_| rng.range(0, span))
            .collect();
        early_days.sort_unstable();
        let mut early_days = early_days.into_iter();
        let mut state = CaseState {
            stage: Stage::Consultation,
            dates: CaseDates::default(),
            termination_reason: None,
        };
        for to in path {
            let day = match to {
                Stage::AwaitingDecision => timeline.dates.petition,
                Stage::Supporting => timeline.dates.final_date,
                Stage::Closed => timeline.dates.termination,
                _ => early_days.next().map(|days| timeline.opened + Duration::days(days)),
            }
            .ok_or_else(|| {
                anyhow!("sample case {number}: no date for the move to {}", to.code())
            })?;
            let after = CaseState {
                stage: to,
                dates: known_on(&timeline.dates, day),
                termination_reason: if to == Stage::Closed { timeline.reason } else { None },
            };
            check_move(&state, to, &after, today).map_err(|refusal| {
                anyhow!(
                    "sample case {number}: the move {} → {} would be refused: {}",
                    state.stage.code(),
                    to.code(),
                    refusal.code()
                )
            })?;
            clock = rng.office_hours(day).max(clock + Duration::minutes(10));
            let comment = match (to, timeline.reason) {
                (Stage::Closed, Some(reason)) => reason.label_ja(),
                _ => "",
            };
            event(clock, "stage_moved", Some(state.stage), to, comment, rng);
            state = after;
        }
        check_state(&state, today).map_err(|refusal| {
            anyhow!("sample case {number} ends inconsistent: {}", refusal.code())
        })?;

        // Petition details once the petition is being prepared.
        let petitioning = timeline.reached >= Stage::PetitionSupport;
        let planned = timeline.reached >= Stage::Matching;
        let motives = if planned {
            let wanted = rng.weighted(&[(1, 45), (2, 40), (3, 15)]);
            let mut motives: Vec<Motive> = Vec::new();
            while motives.len() < wanted {
                let motive = rng.weighted(&MOTIVES);
                if !motives.contains(&motive) {
                    motives.push(motive);
                }
            }
            motives_to_text(&motives)
        } else {
            String::new()
        };
        let family_court_id = if petitioning && !self.courts.is_empty() {
            Some(rng.weighted(&self.courts))
        } else {
            None
        };
        if petitioning {
            self.petition_documents(rng, facts, timeline, case_id, petitioner, rows);
            if petitioner == Petitioner::Mayor {
                self.kinship_survey(rng, facts, timeline, case_id, rows)?;
            }
        }

        // 任意後見: the contract made in advance, the mandatary, the centre's check-ins.
        let voluntary = timeline.case_type == CaseType::Voluntary;
        let (contract_date, notary_office, mandatary_name, interval, last_check_in, supervisor) =
            if voluntary {
                let contract = timeline.opened - Duration::days(rng.range(60, 2500));
                let mandatary = if rng.percent(60) {
                    let (_, male, _, _) = rng.pick(&CHILDREN);
                    written_name(facts.family, given_name(rng, male, false))?
                } else {
                    let male = rng.percent(60);
                    written_name(rng.pick(&FAMILY_NAMES), given_name(rng, male, false))?
                };
                let interval = rng.pick(&[3, 6]);
                let last_check_in = (timeline.stage != Stage::Closed).then(|| {
                    (last - Duration::days(rng.range(0, i64::from(interval) * 30)))
                        .max(timeline.opened)
                });
                (
                    Some(contract),
                    rng.weighted(&NOTARY_OFFICES).to_owned(),
                    mandatary,
                    Some(interval),
                    last_check_in,
                    timeline.dates.decision,
                )
            } else {
                (None, String::new(), String::new(), None, None, None)
            };

        rows.cases.push(case::Model {
            id: case_id,
            case_number: number.to_owned(),
            person_id: facts.id,
            office_id: facts.office_id,
            coordinator_id: coordinator,
            case_type: timeline.case_type.code().to_owned(),
            stage: timeline.stage.code().to_owned(),
            opened_on: timeline.opened,
            petitioner: petitioning.then(|| petitioner.code().to_owned()),
            motives,
            family_court_id,
            petition_date: timeline.dates.petition,
            decision_date: timeline.dates.decision,
            final_date: timeline.dates.final_date,
            termination_reason: timeline.reason.map(|reason| reason.code().to_owned()),
            termination_date: timeline.dates.termination,
            contract_date,
            notary_office,
            mandatary_name,
            check_in_interval_months: interval,
            last_check_in_on: last_check_in,
            supervisor_appointed_on: supervisor,
            notes: String::new(),
            created_at: opened_at,
            updated_at: clock,
            updated_by: coordinator,
            version: 1,
        });
        Ok(())
    }

    /// The petition checklist: ready once filed, mixed while being prepared.
    fn petition_documents(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        timeline: &Timeline,
        case_id: Uuid,
        petitioner: Petitioner,
        rows: &mut Rows,
    ) {
        let filed = timeline.reached > Stage::PetitionSupport;
        let family_side = match petitioner {
            Petitioner::Mayor => "センター",
            Petitioner::Person => "本人",
            Petitioner::VoluntaryGuardian => "任意後見受任者",
            Petitioner::Prosecutor => "センター",
            _ => "親族",
        };
        let end = timeline.pre_petition_end(self.last);
        for document in PetitionDocument::ALL.iter().copied() {
            if document == PetitionDocument::Other {
                continue;
            }
            let prepared_by = match document {
                PetitionDocument::Petition if petitioner == Petitioner::Mayor => "市",
                PetitionDocument::Petition => family_side,
                PetitionDocument::PersonInformationSheet => match facts.living {
                    LivingSituation::Hospital => "医療ソーシャルワーカー",
                    _ if facts.young => "相談支援専門員",
                    _ => "ケアマネジャー",
                },
                PetitionDocument::MedicalCertificate => "主治医",
                PetitionDocument::AssetInventory | PetitionDocument::IncomeExpensePlan => {
                    if rng.percent(20) { "候補者" } else { family_side }
                }
                PetitionDocument::FamilyTree => {
                    if petitioner == Petitioner::Mayor || rng.percent(50) {
                        "センター"
                    } else {
                        "親族"
                    }
                }
                PetitionDocument::FamilyRegister if petitioner == Petitioner::Mayor => "市",
                _ => family_side,
            };
            let status = if filed {
                DocumentStatus::Ready
            } else {
                rng.weighted(&[
                    (DocumentStatus::NotStarted, 25),
                    (DocumentStatus::InProgress, 35),
                    (DocumentStatus::Ready, 40),
                ])
            };
            let note = match (document, status) {
                (PetitionDocument::MedicalCertificate, DocumentStatus::InProgress) => {
                    "主治医に依頼済み"
                }
                (PetitionDocument::FamilyRegister, DocumentStatus::InProgress) => "郵送で請求中",
                _ => "",
            };
            let day = rng.date_between(timeline.opened, end);
            rows.documents.push(petition_document::Model {
                id: rng.uuid(),
                case_id,
                document: document.code().to_owned(),
                prepared_by: prepared_by.to_owned(),
                status: status.code().to_owned(),
                note: note.to_owned(),
                updated_at: rng.office_hours(day),
                version: 1,
            });
        }
    }

    /// The kinship survey of a mayor's petition: one to three relatives and their answers.
    fn kinship_survey(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        timeline: &Timeline,
        case_id: Uuid,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let filed = timeline.reached > Stage::PetitionSupport;
        let end = timeline.pre_petition_end(self.last);
        for _ in 0..rng.range(1, 3) {
            let (relation, male, elder, same_family) = if facts.young {
                rng.pick(&SIBLINGS_OF_YOUNG)
            } else {
                rng.pick(&[NEPHEWS[0], NEPHEWS[1], SIBLINGS_OF_ELDER[2], SIBLINGS_OF_ELDER[3]])
            };
            let family =
                if rng.percent(same_family) { facts.family } else { rng.pick(&FAMILY_NAMES) };
            let name = written_name(family, given_name(rng, male, elder))?;
            let answer = if filed {
                rng.weighted(&[
                    (KinshipAnswer::NoObjection, 45),
                    (KinshipAnswer::NoAnswer, 30),
                    (KinshipAnswer::Unreachable, 18),
                    (KinshipAnswer::Objects, 7),
                ])
            } else {
                rng.weighted(&[
                    (KinshipAnswer::NotContacted, 30),
                    (KinshipAnswer::NoAnswer, 25),
                    (KinshipAnswer::NoObjection, 30),
                    (KinshipAnswer::Unreachable, 15),
                ])
            };
            let contacted_on = (answer != KinshipAnswer::NotContacted)
                .then(|| rng.date_between(timeline.opened, end));
            let note = match answer {
                KinshipAnswer::NoAnswer => "照会文書を送付、回答期限を経過",
                KinshipAnswer::Unreachable => "宛所不明で返送",
                KinshipAnswer::Objects => "市長申立に反対の意向。理由を聴取",
                _ => "",
            };
            let created_at = rng.office_hours(contacted_on.unwrap_or(timeline.opened));
            rows.kinship.push(kinship_entry::Model {
                id: rng.uuid(),
                case_id,
                name,
                relation: relation.to_owned(),
                contacted_on,
                answer: answer.code().to_owned(),
                note: note.to_owned(),
                created_at,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_prng_is_reproducible_and_streams_differ() {
        let draw = |seed, purpose, index| {
            let mut rng = Rng::stream(seed, purpose, index);
            (0..4).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(7, STREAM_PLAN, 3), draw(7, STREAM_PLAN, 3));
        assert_ne!(draw(7, STREAM_PLAN, 3), draw(7, STREAM_PLAN, 4));
        assert_ne!(draw(7, STREAM_PLAN, 3), draw(7, STREAM_DETAILS, 3));
        assert_ne!(draw(7, STREAM_PLAN, 3), draw(8, STREAM_PLAN, 3));
        let mut rng = Rng::stream(1, 1, 1);
        for _ in 0..1000 {
            let n = rng.range(-3, 3);
            assert!((-3..=3).contains(&n));
        }
        assert_eq!(rng.uuid().get_version_num(), 4);
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
