//! The three kinds of sheet an import reads and the fields of each: the template's headings (in
//! Japanese, as the template writes them), the other headings centres' own sheets use for the
//! same column, and which fields a row cannot do without. The column-mapping step starts from
//! [`suggest_mapping`].

use crate::domain::import::labels::comparable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SheetKind {
    /// Persons with their cases: one row per case.
    Cases,
    /// The guardian register: one row per guardian.
    Guardians,
    /// Appointments: which guardian serves on which case, from when, in which role.
    Appointments,
}

impl SheetKind {
    pub const ALL: [SheetKind; 3] =
        [SheetKind::Cases, SheetKind::Guardians, SheetKind::Appointments];

    pub fn code(self) -> &'static str {
        match self {
            SheetKind::Cases => "cases",
            SheetKind::Guardians => "guardians",
            SheetKind::Appointments => "appointments",
        }
    }

    pub fn parse(code: &str) -> Option<SheetKind> {
        SheetKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The template's sheet name.
    pub fn sheet_name(self) -> &'static str {
        match self {
            SheetKind::Cases => "ケース",
            SheetKind::Guardians => "後見人",
            SheetKind::Appointments => "選任",
        }
    }

    /// The fields of this kind of sheet, in the template's column order.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            SheetKind::Cases => &[
                CaseNumber,
                PersonName,
                PersonKana,
                DateOfBirth,
                Sex,
                District,
                Condition,
                CaseType,
                Petitioner,
                Motives,
                OpenedOn,
                PetitionDate,
                DecisionDate,
                FinalDate,
            ],
            SheetKind::Guardians => &[
                RegistrationNumber,
                GuardianName,
                GuardianKana,
                GuardianKind,
                GuardianDistrict,
                Capacity,
                RegisteredOn,
            ],
            SheetKind::Appointments => &[
                AppointedCaseNumber,
                AppointedRegistrationNumber,
                Role,
                Mode,
                DecidedOn,
                EffectiveOn,
                EndedOn,
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    CaseNumber,
    PersonName,
    PersonKana,
    DateOfBirth,
    Sex,
    District,
    Condition,
    CaseType,
    Petitioner,
    Motives,
    OpenedOn,
    PetitionDate,
    DecisionDate,
    FinalDate,
    RegistrationNumber,
    GuardianName,
    GuardianKana,
    GuardianKind,
    GuardianDistrict,
    Capacity,
    RegisteredOn,
    AppointedCaseNumber,
    AppointedRegistrationNumber,
    Role,
    Mode,
    DecidedOn,
    EffectiveOn,
    EndedOn,
}

impl Field {
    /// The code a remembered mapping stores.
    pub fn code(self) -> &'static str {
        self.table().0
    }

    /// The template's heading.
    pub fn heading(self) -> &'static str {
        self.table().1
    }

    /// The field's name on the import page.
    pub fn label(self, japanese: bool) -> &'static str {
        if japanese { self.heading() } else { self.english() }
    }

    fn english(self) -> &'static str {
        use Field::*;
        match self {
            CaseNumber | AppointedCaseNumber => "Case number",
            PersonName => "Person's name",
            PersonKana => "Name in kana",
            DateOfBirth => "Date of birth",
            Sex => "Sex",
            District => "District",
            Condition => "Cause (condition)",
            CaseType => "Type",
            Petitioner => "Petitioner",
            Motives => "Motives",
            OpenedOn => "Opened on",
            PetitionDate => "Petition date",
            DecisionDate => "Decision date",
            FinalDate => "Final date",
            RegistrationNumber => "Registration number",
            GuardianName => "Guardian's name",
            GuardianKana => "Guardian's name in kana",
            GuardianKind => "Kind of guardian",
            GuardianDistrict => "District of activity",
            Capacity => "Capacity (cases)",
            RegisteredOn => "Registered on",
            AppointedRegistrationNumber => "Guardian's registration number",
            Role => "Role",
            Mode => "Mode of exercise",
            DecidedOn => "Decided on",
            EffectiveOn => "Effective on",
            EndedOn => "Ended on",
        }
    }

    /// Other headings that name this column in centres' own sheets.
    pub fn other_headings(self) -> &'static [&'static str] {
        self.table().2
    }

    /// A row without this field cannot be imported.
    pub fn required(self) -> bool {
        use Field::*;
        matches!(
            self,
            CaseNumber
                | PersonName
                | CaseType
                | OpenedOn
                | GuardianName
                | GuardianKind
                | AppointedCaseNumber
                | AppointedRegistrationNumber
                | Role
                | EffectiveOn
        )
    }

    pub fn parse(code: &str) -> Option<Field> {
        SheetKind::ALL
            .into_iter()
            .flat_map(|kind| kind.fields().iter().copied())
            .find(|field| field.code() == code)
    }

    /// The template's example, written as a coordinator would type it (its district is left
    /// empty: districts are each centre's own).
    pub fn example(self) -> &'static str {
        use Field::*;
        match self {
            CaseNumber | AppointedCaseNumber => "2024-0001",
            PersonName => "山田　花子",
            PersonKana => "ヤマダ　ハナコ",
            DateOfBirth => "1940/3/2",
            Sex => "女性",
            District | GuardianDistrict => "",
            Condition => "認知症",
            CaseType => "後見",
            Petitioner => "子",
            Motives => "預貯金等の管理・解約、身上保護",
            OpenedOn => "2024/4/1",
            PetitionDate => "2024/5/10",
            DecisionDate | DecidedOn => "2024/7/1",
            FinalDate | EffectiveOn => "2024/7/20",
            RegistrationNumber | AppointedRegistrationNumber => "G-0001",
            GuardianName => "佐藤　一郎",
            GuardianKana => "サトウ　イチロウ",
            GuardianKind => "市民後見人",
            Capacity => "2",
            RegisteredOn => "2023/4/1",
            Role => "成年後見人",
            Mode => "単独",
            EndedOn => "",
        }
    }

    fn table(self) -> (&'static str, &'static str, &'static [&'static str]) {
        use Field::*;
        match self {
            CaseNumber => {
                ("case_number", "ケース番号", &["事件番号", "番号", "管理番号", "ケースNo", "No"])
            }
            PersonName => ("person_name", "本人氏名", &["氏名", "本人", "名前", "利用者氏名"]),
            PersonKana => ("person_kana", "フリガナ", &["ふりがな", "カナ", "氏名カナ", "よみ"]),
            DateOfBirth => ("date_of_birth", "生年月日", &["誕生日", "生年"]),
            Sex => ("sex", "性別", &["男女", "男女別"]),
            District => ("district", "地区", &["地域", "圏域", "校区", "住所地区"]),
            Condition => ("condition", "開始原因", &["原因", "主な原因", "疾病", "障害"]),
            CaseType => ("case_type", "類型", &["申立類型", "申立ての種類", "種類"]),
            Petitioner => ("petitioner", "申立人", &["申立人と本人の関係", "申立人の続柄"]),
            Motives => ("motives", "申立ての動機", &["動機", "申立動機", "主な動機"]),
            OpenedOn => ("opened_on", "開始日", &["受付日", "相談日", "受理日"]),
            PetitionDate => ("petition_date", "申立日", &["申立年月日"]),
            DecisionDate => ("decision_date", "審判日", &["審判年月日", "選任日"]),
            FinalDate => ("final_date", "確定日", &["審判確定日", "確定年月日"]),
            RegistrationNumber => {
                ("registration_number", "登録番号", &["後見人番号", "登録No", "番号"])
            }
            GuardianName => ("guardian_name", "後見人氏名", &["氏名", "名前", "後見人等氏名"]),
            GuardianKana => ("guardian_kana", "後見人フリガナ", &["フリガナ", "ふりがな", "カナ"]),
            GuardianKind => ("guardian_kind", "後見人の種別", &["種別", "職種", "区分"]),
            GuardianDistrict => ("guardian_district", "活動地区", &["地区", "地域"]),
            Capacity => ("capacity", "受任可能件数", &["受任上限", "上限件数", "受任可能数"]),
            RegisteredOn => ("registered_on", "登録日", &["名簿登録日", "登録年月日"]),
            AppointedCaseNumber => ("appointed_case_number", "ケース番号", &["事件番号", "番号"]),
            AppointedRegistrationNumber => {
                ("appointed_registration_number", "後見人登録番号", &["登録番号", "後見人番号"])
            }
            Role => ("role", "役割", &["選任の種類", "後見人等の種類", "種類"]),
            Mode => ("mode", "選任の形態", &["形態", "単独・複数", "権限"]),
            DecidedOn => ("decided_on", "選任審判日", &["審判日", "選任日"]),
            EffectiveOn => ("effective_on", "効力発生日", &["就任日", "開始日", "確定日"]),
            EndedOn => ("ended_on", "終了日", &["辞任日", "解任日", "終任日"]),
        }
    }
}

/// The field each column most likely holds, from its heading: the template's heading first,
/// then the other headings; each field once, the first column that claims it keeping it.
/// Columns nobody recognises stay unmapped for the user to choose.
pub fn suggest_mapping(kind: SheetKind, headings: &[String]) -> Vec<Option<Field>> {
    let headings: Vec<String> = headings.iter().map(|heading| comparable(heading)).collect();
    let mut mapping: Vec<Option<Field>> = vec![None; headings.len()];
    let claim = |mapping: &mut Vec<Option<Field>>, names: &dyn Fn(Field) -> Vec<&'static str>| {
        for field in kind.fields() {
            if mapping.contains(&Some(*field)) {
                continue;
            }
            let names: Vec<String> = names(*field).into_iter().map(comparable).collect();
            let column = headings.iter().enumerate().position(|(index, heading)| {
                mapping[index].is_none() && names.iter().any(|name| name == heading)
            });
            if let Some(column) = column {
                mapping[column] = Some(*field);
            }
        }
    };
    claim(&mut mapping, &|field| vec![field.heading()]);
    claim(&mut mapping, &|field| field.other_headings().to_vec());
    mapping
}

/// What is wrong with a mapping the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingProblem {
    /// Not a field of this kind of sheet, or a mapping for another number of columns.
    Invalid,
    /// Two columns hold one field: which one to read would be a guess.
    MappedTwice(Field),
    /// A field no row can do without has no column.
    RequiredUnmapped(Field),
}

impl MappingProblem {
    pub fn code(self) -> &'static str {
        match self {
            MappingProblem::Invalid => "invalid",
            MappingProblem::MappedTwice(_) => "mapped_twice",
            MappingProblem::RequiredUnmapped(_) => "required_unmapped",
        }
    }
}

/// Reads a chosen mapping (a field code per column, "" for a column not imported) and checks
/// it: each field of the sheet's kind at most once, every required field present.
pub fn read_mapping(
    kind: SheetKind,
    codes: &[String],
    columns: usize,
) -> Result<Vec<Option<Field>>, MappingProblem> {
    if codes.len() != columns {
        return Err(MappingProblem::Invalid);
    }
    let mut mapping = Vec::with_capacity(codes.len());
    for code in codes {
        let field = match code.trim() {
            "" => None,
            code => {
                let field = Field::parse(code).ok_or(MappingProblem::Invalid)?;
                if !kind.fields().contains(&field) {
                    return Err(MappingProblem::Invalid);
                }
                if mapping.contains(&Some(field)) {
                    return Err(MappingProblem::MappedTwice(field));
                }
                Some(field)
            }
        };
        mapping.push(field);
    }
    match kind.fields().iter().find(|field| field.required() && !mapping.contains(&Some(**field))) {
        Some(field) => Err(MappingProblem::RequiredUnmapped(*field)),
        None => Ok(mapping),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn the_templates_headings_map_to_their_fields() {
        for kind in SheetKind::ALL {
            let template: Vec<String> =
                kind.fields().iter().map(|field| field.heading().to_owned()).collect();
            let mapping = suggest_mapping(kind, &template);
            assert_eq!(mapping, kind.fields().iter().copied().map(Some).collect::<Vec<_>>());
        }
    }

    #[test]
    fn other_headings_are_suggested_each_field_once() {
        let mapping = suggest_mapping(
            SheetKind::Cases,
            &headings(&[
                "No",
                "氏名",
                "ふりがな",
                "誕生日",
                "メモ",
                "事件番号",
                "申立ての種類",
                "動機",
            ]),
        );
        assert_eq!(
            mapping,
            [
                Some(Field::CaseNumber),
                Some(Field::PersonName),
                Some(Field::PersonKana),
                Some(Field::DateOfBirth),
                None,
                None,
                Some(Field::CaseType),
                Some(Field::Motives),
            ]
        );
        // The template's own heading wins over another's, wherever it stands.
        let mapping = suggest_mapping(SheetKind::Guardians, &headings(&["氏名", "後見人氏名"]));
        assert_eq!(mapping, [None, Some(Field::GuardianName)]);
        // Width and spacing do not matter.
        let mapping = suggest_mapping(SheetKind::Cases, &headings(&["ケース 番号", "本人　氏名"]));
        assert_eq!(mapping, [Some(Field::CaseNumber), Some(Field::PersonName)]);
    }

    #[test]
    fn codes_are_unique_within_a_sheet_and_round_trip() {
        for kind in SheetKind::ALL {
            let mut codes: Vec<&str> = kind.fields().iter().map(|field| field.code()).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), kind.fields().len());
            for field in kind.fields() {
                assert_eq!(Field::parse(field.code()), Some(*field));
            }
            assert_eq!(SheetKind::parse(kind.code()), Some(kind));
        }
    }

    fn codes(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|code| (*code).to_owned()).collect()
    }

    #[test]
    fn a_chosen_mapping_names_each_field_once_and_every_required_one() {
        let guardians =
            |list: &[&str]| read_mapping(SheetKind::Guardians, &codes(list), list.len());
        assert_eq!(
            guardians(&["guardian_name", "", "guardian_kind"]),
            Ok(vec![Some(Field::GuardianName), None, Some(Field::GuardianKind)])
        );
        assert_eq!(
            guardians(&["guardian_name", "guardian_name", "guardian_kind"]),
            Err(MappingProblem::MappedTwice(Field::GuardianName))
        );
        assert_eq!(
            guardians(&["guardian_name", "capacity"]),
            Err(MappingProblem::RequiredUnmapped(Field::GuardianKind))
        );
        // A field of another kind of sheet, a code that is none, the wrong number of columns.
        assert_eq!(
            guardians(&["guardian_name", "guardian_kind", "case_number"]),
            Err(MappingProblem::Invalid)
        );
        assert_eq!(
            guardians(&["guardian_name", "guardian_kind", "nonsense"]),
            Err(MappingProblem::Invalid)
        );
        assert_eq!(
            read_mapping(SheetKind::Guardians, &codes(&["guardian_name", "guardian_kind"]), 3),
            Err(MappingProblem::Invalid)
        );
    }
}
