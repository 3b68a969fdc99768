use app::domain::cases::{CaseType, Stage, TerminationReason};
use app::domain::categories::{Motive, OrganisationKind};

// ---------------------------------------------------------------------------------------------
// Names and other tables

/// Sagamihara's wards, with weights close to their populations.
pub(super) const DISTRICTS: [(&str, &str, u32); 3] =
    [("midori", "緑区", 24), ("chuo", "中央区", 37), ("minami", "南区", 39)];

pub(super) const MAIN_COURT: &str = "横浜家庭裁判所";
pub(super) const BRANCH_COURTS: [&str; 2] =
    ["横浜家庭裁判所相模原支部", "横浜家庭裁判所小田原支部"];

/// The partner directory: kind, name, phone, address. Fictional names and numbers, except the
/// public bodies (whose contact details are left blank).
pub(super) const ORGANISATIONS: [(OrganisationKind, &str, &str, &str); 23] = [
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

pub(super) const NOTARY_OFFICES: [(&str, u32); 4] =
    [("相模原公証役場", 70), ("町田公証役場", 12), ("厚木公証役場", 10), ("横浜駅西口公証役場", 8)];

pub(super) const CASE_TYPES: [(CaseType, u32); 4] = [
    (CaseType::Guardianship, 70),
    (CaseType::Curatorship, 18),
    (CaseType::Assistance, 7),
    (CaseType::Voluntary, 5),
];

pub(super) const STAGES: [(Stage, u32); 7] = [
    (Stage::Consultation, 8),
    (Stage::Assessment, 10),
    (Stage::Matching, 8),
    (Stage::PetitionSupport, 10),
    (Stage::AwaitingDecision, 7),
    (Stage::Supporting, 45),
    (Stage::Closed, 12),
];

pub(super) const CLOSING_REASONS: [(TerminationReason, u32); 8] = [
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
pub(super) const OLDER_CASE_REASONS: [(TerminationReason, u32); 5] = [
    (TerminationReason::ConsultationOnly, 35),
    (TerminationReason::OtherSupport, 35),
    (TerminationReason::PetitionWithdrawn, 10),
    (TerminationReason::Transferred, 10),
    (TerminationReason::Other, 10),
];

pub(super) const MOTIVES: [(Motive, u32); 8] = [
    (Motive::SavingsManagement, 40),
    (Motive::PersonalWelfare, 25),
    (Motive::CareInsuranceContract, 12),
    (Motive::RealEstateDisposal, 8),
    (Motive::Inheritance, 8),
    (Motive::InsuranceClaim, 3),
    (Motive::Litigation, 2),
    (Motive::Other, 2),
];

pub(super) const ABUSE_RESPONSES: [&str; 3] = [
    "市が事実確認を行い、短期入所による分離保護を実施。",
    "地域包括支援センターが訪問し、見守りを強化。市長申立を検討。",
    "経済的虐待の疑いで市が親族と面談。年金口座の管理を見直し。",
];

pub(super) const INFORMATION_ONLY: [&str; 5] = [
    "成年後見制度の概要と申立ての手続きについて問い合わせ。パンフレットを送付。",
    "任意後見契約について相談。公証役場での手続きを案内。",
    "親族後見人になるための手続きについて相談。家庭裁判所の説明会を案内。",
    "日常生活自立支援事業について情報提供。社会福祉協議会を紹介。",
    "近所の高齢者の金銭管理が心配との相談。地域包括支援センターを案内。",
];
