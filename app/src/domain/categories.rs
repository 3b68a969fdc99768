//! The fixed legal and working categories of a case file. They are code, not editable rows:
//! the law and the court's forms define them, and statistics count by them. Each has a stable
//! code (stored and exported), a Japanese label (the default) and an English one.

use serde::{Deserialize, Serialize};

/// What every category offers, so that forms and filters can list any of them.
pub trait Category: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self, japanese: bool) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|value| value.code() == code)
    }
}

/// Declares a category: the enum, its codes and its labels, in one table.
macro_rules! category {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $ja:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code stored in the database and used in exports.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }

            pub fn label_ja(self) -> &'static str {
                match self {
                    $($name::$variant => $ja,)+
                }
            }

            pub fn label_en(self) -> &'static str {
                match self {
                    $($name::$variant => $en,)+
                }
            }
        }

        impl Category for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label(self, japanese: bool) -> &'static str {
                if japanese { self.label_ja() } else { self.label_en() }
            }
        }
    };
}

pub(crate) use category;

category! {
    /// 性別
    Sex {
        Male => "male", "男性", "Male";
        Female => "female", "女性", "Female";
        Other => "other", "その他・回答なし", "Other / not stated";
    }
}

category! {
    /// 生活の場
    LivingSituation {
        Home => "home", "自宅", "At home";
        Facility => "facility", "施設", "Care facility";
        Hospital => "hospital", "病院", "Hospital";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 開始原因 (the court's statistics use these)
    Condition {
        Dementia => "dementia", "認知症", "Dementia";
        IntellectualDisability => "intellectual_disability", "知的障害", "Intellectual disability";
        Schizophrenia => "schizophrenia", "統合失調症", "Schizophrenia";
        BrainInjury => "brain_injury", "高次脳機能障害", "Higher brain dysfunction";
        PersistentVegetativeState => "persistent_vegetative_state", "遷延性意識障害", "Prolonged disorder of consciousness";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 相談の方法
    ConsultationChannel {
        Phone => "phone", "電話", "Phone";
        Visit => "visit", "来所", "At the centre";
        HomeVisit => "home_visit", "訪問", "Home visit";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 相談者
    Consultant {
        Person => "person", "本人", "The person";
        Relative => "relative", "親族", "A relative";
        CareManager => "care_manager", "ケアマネジャー", "Care manager";
        CommunityCentre => "community_centre", "地域包括支援センター", "Community comprehensive support centre";
        Hospital => "hospital", "病院", "Hospital";
        Facility => "facility", "施設", "Care facility";
        Government => "government", "行政", "Municipal office";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 権利侵害の兆候
    RightsViolation {
        Abuse => "abuse", "虐待", "Abuse";
        ConsumerFraud => "consumer_fraud", "消費者被害", "Consumer fraud";
        SelfNeglect => "self_neglect", "セルフネグレクト", "Self-neglect";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 緊急度
    Urgency {
        High => "high", "高", "High";
        Medium => "medium", "中", "Medium";
        Low => "low", "低", "Low";
    }
}

category! {
    /// 相談の結果
    ConsultationOutcome {
        InformationOnly => "information_only", "情報提供のみ", "Information only";
        Referred => "referred", "他機関へつなぐ", "Referred to another agency";
        SupportStarted => "support_started", "支援開始", "Support started";
    }
}

category! {
    /// 申立人
    Petitioner {
        Person => "person", "本人", "The person";
        Spouse => "spouse", "配偶者", "Spouse";
        Parent => "parent", "親", "Parent";
        Child => "child", "子", "Child";
        Sibling => "sibling", "兄弟姉妹", "Sibling";
        OtherRelative => "other_relative", "その他親族", "Other relative";
        Mayor => "mayor", "市区町村長", "Mayor (市長申立)";
        Prosecutor => "prosecutor", "検察官", "Public prosecutor";
        VoluntaryGuardian => "voluntary_guardian", "任意後見人等", "Voluntary guardian or mandatary";
    }
}

category! {
    /// 申立ての動機 (several may apply)
    Motive {
        SavingsManagement => "savings_management", "預貯金等の管理・解約", "Managing or closing savings";
        PersonalWelfare => "personal_welfare", "身上保護", "Personal welfare";
        CareInsuranceContract => "care_insurance_contract", "介護保険契約", "Care insurance contract";
        RealEstateDisposal => "real_estate_disposal", "不動産の処分", "Disposing of real estate";
        Inheritance => "inheritance", "相続手続", "Inheritance";
        InsuranceClaim => "insurance_claim", "保険金受取", "Receiving insurance money";
        Litigation => "litigation", "訴訟手続等", "Litigation";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 申立書類
    PetitionDocument {
        Petition => "petition", "申立書", "Petition";
        PersonInformationSheet => "person_information_sheet", "本人情報シート", "Person information sheet";
        MedicalCertificate => "medical_certificate", "診断書", "Medical certificate";
        AssetInventory => "asset_inventory", "財産目録", "Asset inventory";
        IncomeExpensePlan => "income_expense_plan", "収支予定表", "Income and expense plan";
        FamilyTree => "family_tree", "親族関係図", "Family relationship chart";
        FamilyRegister => "family_register", "戸籍謄本", "Family register certificate";
        Other => "other", "その他（裁判所が求める書類）", "Other (as the court asks)";
    }
}

category! {
    /// 書類の準備状況
    DocumentStatus {
        NotStarted => "not_started", "未着手", "Not started";
        InProgress => "in_progress", "準備中", "In progress";
        Ready => "ready", "準備完了", "Ready";
        NotNeeded => "not_needed", "不要", "Not needed";
    }
}

category! {
    /// 本人をとりまく連絡先の種類
    ContactKind {
        Relative => "relative", "親族", "Relative";
        CareManager => "care_manager", "ケアマネジャー", "Care manager";
        Facility => "facility", "施設", "Care facility";
        Doctor => "doctor", "医師", "Doctor";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 関係機関の種類
    OrganisationKind {
        CommunityCentre => "community_centre", "地域包括支援センター", "Community comprehensive support centre";
        CareAgency => "care_agency", "居宅介護支援事業所", "Home care support agency";
        Hospital => "hospital", "病院", "Hospital";
        Facility => "facility", "施設", "Care facility";
        ProfessionalAssociation => "professional_association", "専門職団体", "Professional association";
        FamilyCourt => "family_court", "家庭裁判所", "Family court";
        Municipality => "municipality", "行政機関", "Municipal office";
        WelfareCouncil => "welfare_council", "社会福祉協議会", "Social welfare council";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// 親族調査の回答 (市長申立)
    KinshipAnswer {
        NotContacted => "not_contacted", "未連絡", "Not contacted yet";
        NoAnswer => "no_answer", "回答なし", "No answer";
        NoObjection => "no_objection", "市長申立に異議なし", "No objection to the mayor's petition";
        Objects => "objects", "反対", "Objects";
        WillPetition => "will_petition", "親族が申し立てる", "Will petition themselves";
        Unreachable => "unreachable", "所在不明", "Cannot be reached";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        code: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
        labels: fn(T) -> (&'static str, &'static str),
    ) {
        let mut codes: Vec<_> = all.iter().map(|value| code(*value)).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
        for value in all {
            assert_eq!(parse(code(*value)), Some(*value));
            let (ja, en) = labels(*value);
            assert!(!ja.is_empty() && !en.is_empty() && ja != en, "{value:?}");
        }
    }

    #[test]
    fn every_category_has_unique_codes_that_round_trip_and_both_labels() {
        check(Sex::ALL, Sex::code, Sex::parse, |v| (v.label_ja(), v.label_en()));
        check(LivingSituation::ALL, LivingSituation::code, LivingSituation::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(Condition::ALL, Condition::code, Condition::parse, |v| (v.label_ja(), v.label_en()));
        check(
            ConsultationChannel::ALL,
            ConsultationChannel::code,
            ConsultationChannel::parse,
            |v| (v.label_ja(), v.label_en()),
        );
        check(Consultant::ALL, Consultant::code, Consultant::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(RightsViolation::ALL, RightsViolation::code, RightsViolation::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(Urgency::ALL, Urgency::code, Urgency::parse, |v| (v.label_ja(), v.label_en()));
        check(
            ConsultationOutcome::ALL,
            ConsultationOutcome::code,
            ConsultationOutcome::parse,
            |v| (v.label_ja(), v.label_en()),
        );
        check(Petitioner::ALL, Petitioner::code, Petitioner::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(Motive::ALL, Motive::code, Motive::parse, |v| (v.label_ja(), v.label_en()));
        check(PetitionDocument::ALL, PetitionDocument::code, PetitionDocument::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(DocumentStatus::ALL, DocumentStatus::code, DocumentStatus::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(ContactKind::ALL, ContactKind::code, ContactKind::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(OrganisationKind::ALL, OrganisationKind::code, OrganisationKind::parse, |v| {
            (v.label_ja(), v.label_en())
        });
        check(KinshipAnswer::ALL, KinshipAnswer::code, KinshipAnswer::parse, |v| {
            (v.label_ja(), v.label_en())
        });
    }
}
