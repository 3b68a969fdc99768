//! One row of a ledger read into the record it describes, with a finding for every cell that
//! is wrong (the row is not imported) or that was converted to be read (it is, and the report
//! says how). The cells arrive as text (a workbook's date cell as 2024-04-01, a number as its
//! digits); the mapping says which field each column holds.

use crate::domain::appointments::{AppointmentProblem, AppointmentRole, ExerciseMode};
use crate::domain::cases::CaseType;
use crate::domain::categories::{Category, Condition, Motive, Petitioner, Sex};
use crate::domain::guardians::GuardianKind;
use crate::domain::import::dates::{DateConversion, DateProblem, read_date};
use crate::domain::import::fields::Field;
use crate::domain::import::labels::{NameMatch, match_category, match_name, split_list};
use crate::domain::persons::{PersonProblem, check_birth, tidy_kana, tidy_name};
use chrono::NaiveDate;
use uuid::Uuid;

/// What the report says about one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The column, counted from 0; none when the sheet has no column for the field.
    pub column: Option<usize>,
    pub field: Field,
    /// The cell as it was written.
    pub value: String,
    pub kind: FindingKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// A field the row cannot do without is empty.
    Required,
    Date(DateProblem),
    Person(PersonProblem),
    /// No category or master-data entry of this name.
    Unknown,
    /// Two master-data entries go by this name.
    Ambiguous,
    /// No match; this label is one character or two away.
    NearMiss(&'static str),
    /// Not a whole number in the allowed range.
    NotACount,
    /// Longer than the field holds.
    TooLong,
    /// Read, by converting the date (era, serial number, full width).
    Converted(DateConversion),
    /// Read, as the category this other name stands for.
    Alias(&'static str),
    /// Empty, and read as the field's usual value.
    Defaulted(&'static str),
    /// The same number as an earlier row of the file (its row number).
    DuplicateInFile(usize),
    /// A number another office's record holds, out of this import's reach.
    NumberTaken,
    /// A number no record holds (an appointment's case or guardian).
    NotFound,
    /// An appointment the case's rules refuse (its role, its dates, the roster it makes).
    Appointment(AppointmentProblem),
}

impl FindingKind {
    /// An error keeps the row out of the import; anything else is a note.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            FindingKind::Converted(_) | FindingKind::Alias(_) | FindingKind::Defaulted(_)
        )
    }

    /// The message's code in the locale files (`import.*`).
    pub fn code(&self) -> &'static str {
        match self {
            FindingKind::Required => "required",
            FindingKind::Date(problem) => problem.code(),
            FindingKind::Person(problem) => problem.code(),
            FindingKind::Unknown => "unknown_label",
            FindingKind::Ambiguous => "ambiguous_label",
            FindingKind::NearMiss(_) => "near_miss",
            FindingKind::NotACount => "not_a_count",
            FindingKind::TooLong => "too_long",
            FindingKind::Converted(DateConversion::Era) => "converted_era",
            FindingKind::Converted(DateConversion::ExcelSerial) => "converted_serial",
            FindingKind::Converted(DateConversion::FullWidth) => "converted_full_width",
            FindingKind::Alias(_) => "alias",
            FindingKind::Defaulted(_) => "defaulted",
            FindingKind::DuplicateInFile(_) => "duplicate_in_file",
            FindingKind::NumberTaken => "number_taken",
            FindingKind::NotFound => "not_found",
            FindingKind::Appointment(problem) => problem.code(),
        }
    }
}

/// The centre's master data a row's names are matched against.
#[derive(Debug, Clone, Default)]
pub struct MasterData {
    /// District names and their ids.
    pub districts: Vec<(String, Uuid)>,
}

/// The longest case or registration number a ledger may hold: what the columns hold
/// (`cases.case_number`, `guardians.registration_number` are varchar(32)).
pub const NUMBER_MAX_CHARS: usize = 32;

/// Other names centres' sheets use for categories (the court's names for the case types, the
/// one-character sexes, 市長 for the mayor).
const CASE_TYPE_ALIASES: [(&str, CaseType); 6] = [
    ("後見開始", CaseType::Guardianship),
    ("成年後見", CaseType::Guardianship),
    ("保佐開始", CaseType::Curatorship),
    ("補助開始", CaseType::Assistance),
    ("任意後見監督人選任", CaseType::Voluntary),
    ("任意後見", CaseType::Voluntary),
];
const SEX_ALIASES: [(&str, Sex); 2] = [("男", Sex::Male), ("女", Sex::Female)];
const PETITIONER_ALIASES: [(&str, Petitioner); 4] = [
    ("市長", Petitioner::Mayor),
    ("区長", Petitioner::Mayor),
    ("町村長", Petitioner::Mayor),
    ("首長", Petitioner::Mayor),
];
const KIND_ALIASES: [(&str, GuardianKind); 2] =
    [("市民", GuardianKind::Citizen), ("社協", GuardianKind::SocialWelfareCouncil)];
const ROLE_ALIASES: [(&str, AppointmentRole); 3] = [
    ("後見人", AppointmentRole::Guardian),
    ("成年後見", AppointmentRole::Guardian),
    ("任意後見監督", AppointmentRole::VoluntarySupervisor),
];

/// A row's cells by field, and the findings as they are made.
struct Reader<'a> {
    row: &'a [String],
    mapping: &'a [Option<Field>],
    findings: Vec<Finding>,
}

impl<'a> Reader<'a> {
    fn new(row: &'a [String], mapping: &'a [Option<Field>]) -> Reader<'a> {
        Reader { row, mapping, findings: Vec::new() }
    }

    /// The column and trimmed text of a field, if the sheet has it and the cell is not empty.
    fn cell(&self, field: Field) -> Option<(usize, &'a str)> {
        let column = self.mapping.iter().position(|mapped| *mapped == Some(field))?;
        let text = self.row.get(column)?.trim_matches(char::is_whitespace);
        (!text.is_empty()).then_some((column, text))
    }

    fn find(&mut self, field: Field, column: usize, value: &str, kind: FindingKind) {
        self.findings.push(Finding { column: Some(column), field, value: value.to_owned(), kind });
    }

    /// The column the sheet holds a field in, filled or not.
    fn column_of(&self, field: Field) -> Option<usize> {
        self.mapping.iter().position(|mapped| *mapped == Some(field))
    }

    /// Reports a required field that is empty (or that the sheet has no column for).
    fn required<T>(&mut self, field: Field, value: Option<T>) -> Option<T> {
        if value.is_none() && self.cell(field).is_none() {
            let column = self.column_of(field);
            self.findings.push(Finding {
                column,
                field,
                value: String::new(),
                kind: FindingKind::Required,
            });
        }
        value
    }

    /// A case or registration number: text of at most [`NUMBER_MAX_CHARS`].
    fn number(&mut self, field: Field) -> Option<String> {
        let (column, text) = self.cell(field)?;
        if text.chars().count() > NUMBER_MAX_CHARS {
            self.find(field, column, text, FindingKind::TooLong);
            return None;
        }
        Some(text.to_owned())
    }

    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let (column, text) = self.cell(field)?;
        match read_date(text) {
            Ok(Some(read)) => {
                if let Some(conversion) = read.conversion {
                    self.find(field, column, text, FindingKind::Converted(conversion));
                }
                Some(read.date)
            }
            Ok(None) => None,
            Err(problem) => {
                self.find(field, column, text, FindingKind::Date(problem));
                None
            }
        }
    }

    fn category<K: Category>(&mut self, field: Field, aliases: &[(&str, K)]) -> Option<K> {
        let (column, text) = self.cell(field)?;
        self.matched(field, column, text, match_category(text, aliases)?)
    }

    fn matched<K: Category>(
        &mut self,
        field: Field,
        column: usize,
        text: &str,
        matched: NameMatch<K>,
    ) -> Option<K> {
        match matched {
            NameMatch::Exact(value) => Some(value),
            NameMatch::Alias(value) => {
                self.find(field, column, text, FindingKind::Alias(value.label(true)));
                Some(value)
            }
            NameMatch::NearMiss(value) => {
                self.find(field, column, text, FindingKind::NearMiss(value.label(true)));
                None
            }
            NameMatch::Ambiguous => {
                self.find(field, column, text, FindingKind::Ambiguous);
                None
            }
            NameMatch::Unknown => {
                self.find(field, column, text, FindingKind::Unknown);
                None
            }
        }
    }

    fn motives(&mut self, field: Field) -> Vec<Motive> {
        let Some((column, text)) = self.cell(field) else {
            return Vec::new();
        };
        let mut motives = Vec::new();
        for part in split_list(text) {
            if let Some(motive) = match_category::<Motive>(part, &[])
                .and_then(|matched| self.matched(field, column, part, matched))
                && !motives.contains(&motive)
            {
                motives.push(motive);
            }
        }
        motives
    }

    fn district(&mut self, field: Field, master: &MasterData) -> Option<Uuid> {
        let (column, text) = self.cell(field)?;
        let names: Vec<(&str, usize)> = master
            .districts
            .iter()
            .enumerate()
            .map(|(index, (name, _))| (name.as_str(), index))
            .collect();
        match match_name(text, &names, &[])? {
            NameMatch::Exact(index) | NameMatch::Alias(index) => Some(master.districts[index].1),
            NameMatch::Ambiguous => {
                self.find(field, column, text, FindingKind::Ambiguous);
                None
            }
            NameMatch::NearMiss(_) | NameMatch::Unknown => {
                // District names are the centre's, not 'static: the report names the district
                // list rather than one near name.
                self.find(field, column, text, FindingKind::Unknown);
                None
            }
        }
    }

    fn count(&mut self, field: Field, max: u32) -> Option<u32> {
        let (column, text) = self.cell(field)?;
        let folded: String = text.chars().map(crate::domain::text::fold_full_width).collect();
        // A workbook's number cell arrives as "3" or "3.0".
        let whole = folded.strip_suffix(".0").unwrap_or(&folded);
        match whole.parse::<u32>() {
            Ok(count) if count <= max => Some(count),
            _ => {
                self.find(field, column, text, FindingKind::NotACount);
                None
            }
        }
    }

    fn name(
        &mut self,
        field: Field,
        tidy: fn(&str) -> Result<String, PersonProblem>,
    ) -> Option<String> {
        let (column, text) = self.cell(field)?;
        match tidy(text) {
            Ok(name) => Some(name),
            Err(problem) => {
                self.find(field, column, text, FindingKind::Person(problem));
                None
            }
        }
    }

    /// The record if no finding is an error.
    fn finish<T>(self, record: impl FnOnce() -> Option<T>) -> (Option<T>, Vec<Finding>) {
        let clean = !self.findings.iter().any(|finding| finding.kind.is_error());
        (if clean { record() } else { None }, self.findings)
    }
}

/// A person with their case, as a row of the cases sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub case_number: String,
    pub person_name: String,
    pub person_kana: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub district: Option<Uuid>,
    pub condition: Option<Condition>,
    pub case_type: CaseType,
    pub petitioner: Option<Petitioner>,
    pub motives: Vec<Motive>,
    pub opened_on: NaiveDate,
    pub petition_date: Option<NaiveDate>,
    pub decision_date: Option<NaiveDate>,
    pub final_date: Option<NaiveDate>,
}

pub fn read_case_row(
    row: &[String],
    mapping: &[Option<Field>],
    master: &MasterData,
    today: NaiveDate,
) -> (Option<CaseRow>, Vec<Finding>) {
    let mut reader = Reader::new(row, mapping);
    let case_number = reader.number(Field::CaseNumber);
    let case_number = reader.required(Field::CaseNumber, case_number);
    let person_name = reader.name(Field::PersonName, tidy_name);
    let person_name = reader.required(Field::PersonName, person_name);
    let person_kana = reader.name(Field::PersonKana, tidy_kana);
    let date_of_birth = reader.date(Field::DateOfBirth);
    if let (Some(born), Some((column, text))) = (date_of_birth, reader.cell(Field::DateOfBirth))
        && let Err(problem) = check_birth(born, today)
    {
        reader.find(Field::DateOfBirth, column, text, FindingKind::Person(problem));
    }
    let sex = reader.category(Field::Sex, &SEX_ALIASES);
    let district = reader.district(Field::District, master);
    let condition = reader.category::<Condition>(Field::Condition, &[]);
    let case_type = reader.category(Field::CaseType, &CASE_TYPE_ALIASES);
    let case_type = reader.required(Field::CaseType, case_type);
    let petitioner = reader.category(Field::Petitioner, &PETITIONER_ALIASES);
    let motives = reader.motives(Field::Motives);
    let opened_on = reader.date(Field::OpenedOn);
    let opened_on = reader.required(Field::OpenedOn, opened_on);
    let petition_date = reader.date(Field::PetitionDate);
    let decision_date = reader.date(Field::DecisionDate);
    let final_date = reader.date(Field::FinalDate);
    reader.finish(|| {
        Some(CaseRow {
            case_number: case_number?,
            person_name: person_name?,
            person_kana,
            date_of_birth,
            sex,
            district,
            condition,
            case_type: case_type?,
            petitioner,
            motives,
            opened_on: opened_on?,
            petition_date,
            decision_date,
            final_date,
        })
    })
}

/// A guardian, as a row of the register sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianRow {
    pub registration_number: Option<String>,
    pub name: String,
    pub kana: Option<String>,
    pub kind: GuardianKind,
    pub district: Option<Uuid>,
    pub capacity: Option<u32>,
    pub registered_on: Option<NaiveDate>,
}

/// The most cases one guardian's capacity may name.
pub const CAPACITY_MAX: u32 = 20;

pub fn read_guardian_row(
    row: &[String],
    mapping: &[Option<Field>],
    master: &MasterData,
) -> (Option<GuardianRow>, Vec<Finding>) {
    let mut reader = Reader::new(row, mapping);
    let registration_number = reader.number(Field::RegistrationNumber);
    let name = reader.name(Field::GuardianName, tidy_name);
    let name = reader.required(Field::GuardianName, name);
    let kana = reader.name(Field::GuardianKana, tidy_kana);
    let kind = reader.category(Field::GuardianKind, &KIND_ALIASES);
    let kind = reader.required(Field::GuardianKind, kind);
    let district = reader.district(Field::GuardianDistrict, master);
    let capacity = reader.count(Field::Capacity, CAPACITY_MAX);
    let registered_on = reader.date(Field::RegisteredOn);
    reader.finish(|| {
        Some(GuardianRow {
            registration_number,
            name: name?,
            kana,
            kind: kind?,
            district,
            capacity,
            registered_on,
        })
    })
}

/// An appointment, as a row of the appointments sheet: the case and the guardian by their
/// numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRow {
    pub case_number: String,
    pub registration_number: String,
    pub role: AppointmentRole,
    /// None when the sheet leaves it empty.
    pub mode: Option<ExerciseMode>,
    pub decided_on: Option<NaiveDate>,
    pub effective_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

pub fn read_appointment_row(
    row: &[String],
    mapping: &[Option<Field>],
) -> (Option<AppointmentRow>, Vec<Finding>) {
    let mut reader = Reader::new(row, mapping);
    let case_number = reader.number(Field::AppointedCaseNumber);
    let case_number = reader.required(Field::AppointedCaseNumber, case_number);
    let registration_number = reader.number(Field::AppointedRegistrationNumber);
    let registration_number =
        reader.required(Field::AppointedRegistrationNumber, registration_number);
    let role = reader.category(Field::Role, &ROLE_ALIASES);
    let role = reader.required(Field::Role, role);
    // An empty cell says nothing about the mode: a new appointment is taken as one guardian
    // acting alone (the plan notes it), a matched one keeps the mode it has.
    let mode = reader
        .cell(Field::Mode)
        .is_some()
        .then(|| reader.category::<ExerciseMode>(Field::Mode, &[]));
    let decided_on = reader.date(Field::DecidedOn);
    let effective_on = reader.date(Field::EffectiveOn);
    let effective_on = reader.required(Field::EffectiveOn, effective_on);
    let ended_on = reader.date(Field::EndedOn);
    reader.finish(|| {
        Some(AppointmentRow {
            case_number: case_number?,
            registration_number: registration_number?,
            role: role?,
            mode: match mode {
                Some(read) => Some(read?),
                None => None,
            },
            decided_on,
            effective_on: effective_on?,
            ended_on,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::fields::SheetKind;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|cell| (*cell).to_owned()).collect()
    }

    fn template(kind: SheetKind) -> Vec<Option<Field>> {
        kind.fields().iter().copied().map(Some).collect()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn master() -> MasterData {
        MasterData { districts: vec![("北地区".into(), Uuid::nil())] }
    }

    #[test]
    fn a_template_row_reads_with_notes_for_what_was_converted() {
        let cells = row(&[
            "2024-0001",
            "山田 花子",
            "やまだ はなこ",
            "昭和15年3月2日",
            "女",
            "北地区",
            "認知症",
            "後見開始",
            "子",
            "身上保護、相続手続",
            "2024/4/1",
            "R6.5.10",
            "",
            "",
        ]);
        let (record, findings) =
            read_case_row(&cells, &template(SheetKind::Cases), &master(), day("2026-11-27"));
        let record = record.expect("a clean row");
        assert_eq!(record.person_name, "山田\u{3000}花子");
        assert_eq!(record.person_kana.as_deref(), Some("ヤマダ\u{3000}ハナコ"));
        assert_eq!(record.date_of_birth, Some(day("1940-03-02")));
        assert_eq!(record.sex, Some(Sex::Female));
        assert_eq!(record.district, Some(Uuid::nil()));
        assert_eq!(record.case_type, CaseType::Guardianship);
        assert_eq!(record.motives, [Motive::PersonalWelfare, Motive::Inheritance]);
        assert_eq!(record.petition_date, Some(day("2024-05-10")));
        let codes: Vec<(Option<usize>, &str)> =
            findings.iter().map(|finding| (finding.column, finding.kind.code())).collect();
        assert_eq!(
            codes,
            [
                (Some(3), "converted_era"),
                (Some(4), "alias"),
                (Some(7), "alias"),
                (Some(11), "converted_era")
            ]
        );
        assert!(findings.iter().all(|finding| !finding.kind.is_error()));
    }

    #[test]
    fn every_bad_cell_is_reported_and_the_row_is_kept_out() {
        let cells = row(&[
            "",
            "山田",
            "Yamada",
            "2024/2/30",
            "不明",
            "南地区",
            "",
            "保左",
            "",
            "身上保護;旅行",
            "",
            "",
            "",
            "",
        ]);
        let (record, findings) =
            read_case_row(&cells, &template(SheetKind::Cases), &master(), day("2026-11-27"));
        assert_eq!(record, None);
        let codes: Vec<(Option<usize>, &str)> =
            findings.iter().map(|finding| (finding.column, finding.kind.code())).collect();
        assert_eq!(
            codes,
            [
                (Some(0), "required"),
                (Some(2), "kana_only"),
                (Some(3), "date_no_such_day"),
                (Some(4), "unknown_label"),
                (Some(5), "unknown_label"),
                (Some(7), "near_miss"),
                (Some(9), "unknown_label"),
                (Some(10), "required"),
            ]
        );
        assert_eq!(findings[5].kind, FindingKind::NearMiss("保佐"));
        assert_eq!(findings[6].value, "旅行");
    }

    #[test]
    fn a_birth_in_the_future_is_refused() {
        let mut cells =
            row(&["1", "山田", "", "2030/1/1", "", "", "", "後見", "", "", "2024/4/1", "", "", ""]);
        let (record, findings) =
            read_case_row(&cells, &template(SheetKind::Cases), &master(), day("2026-11-27"));
        assert_eq!(record, None);
        assert_eq!(findings[0].kind.code(), "date_in_future");
        cells[3] = "1940/1/1".into();
        let (record, _) =
            read_case_row(&cells, &template(SheetKind::Cases), &master(), day("2026-11-27"));
        assert!(record.is_some());
    }

    #[test]
    fn a_number_longer_than_its_column_is_refused() {
        let mut cells =
            row(&["", "山田", "", "", "", "", "", "後見", "", "", "2024/4/1", "", "", ""]);
        cells[0] = "9".repeat(NUMBER_MAX_CHARS);
        let mapping = template(SheetKind::Cases);
        let (record, _) = read_case_row(&cells, &mapping, &master(), day("2026-11-27"));
        assert!(record.is_some());
        cells[0].push('9');
        let (record, findings) = read_case_row(&cells, &mapping, &master(), day("2026-11-27"));
        assert_eq!(record, None);
        assert_eq!((findings[0].column, findings[0].kind.code()), (Some(0), "too_long"));
    }

    #[test]
    fn guardians_and_appointments_read_by_their_fields() {
        let (guardian, findings) = read_guardian_row(
            &row(&["G-12", "佐藤 一郎", "サトウ イチロウ", "市民", "北地区", "３", "2023/4/1"]),
            &template(SheetKind::Guardians),
            &master(),
        );
        let guardian = guardian.unwrap();
        assert_eq!(guardian.kind, GuardianKind::Citizen);
        assert_eq!(guardian.capacity, Some(3));
        assert_eq!(findings.len(), 1, "{findings:?}");
        let (refused, findings) = read_guardian_row(
            &row(&["G-13", "佐藤", "", "弁護士", "", "99", ""]),
            &template(SheetKind::Guardians),
            &master(),
        );
        assert_eq!(refused, None);
        assert_eq!(findings[0].kind, FindingKind::NotACount);

        let (appointment, findings) = read_appointment_row(
            &row(&["2024-0001", "G-12", "成年後見人", "", "R6.6.1", "2024-06-15", ""]),
            &template(SheetKind::Appointments),
        );
        let appointment = appointment.unwrap();
        assert_eq!(appointment.mode, None, "an empty cell says nothing");
        assert_eq!(appointment.effective_on, day("2024-06-15"));
        let codes: Vec<&str> = findings.iter().map(|finding| finding.kind.code()).collect();
        assert_eq!(codes, ["converted_era"]);
    }

    #[test]
    fn unmapped_required_fields_are_reported() {
        let (record, findings) = read_appointment_row(&row(&["x"]), &[Some(Field::Role)]);
        assert_eq!(record, None);
        let codes: Vec<(Field, Option<usize>, &str)> = findings
            .iter()
            .map(|finding| (finding.field, finding.column, finding.kind.code()))
            .collect();
        assert_eq!(
            codes,
            [
                (Field::AppointedCaseNumber, None, "required"),
                (Field::AppointedRegistrationNumber, None, "required"),
                (Field::Role, Some(0), "unknown_label"),
                (Field::EffectiveOn, None, "required"),
            ]
        );
    }

    #[test]
    fn the_templates_examples_read_clean() {
        let example = |kind: SheetKind| -> Vec<String> {
            kind.fields().iter().map(|field| field.example().to_owned()).collect()
        };
        let today = day("2026-11-27");
        let (case, notes) = read_case_row(
            &example(SheetKind::Cases),
            &template(SheetKind::Cases),
            &MasterData::default(),
            today,
        );
        assert!(case.is_some() && notes.is_empty(), "{notes:?}");
        let (guardian, notes) = read_guardian_row(
            &example(SheetKind::Guardians),
            &template(SheetKind::Guardians),
            &MasterData::default(),
        );
        assert!(guardian.is_some() && notes.is_empty(), "{notes:?}");
        let (appointment, notes) = read_appointment_row(
            &example(SheetKind::Appointments),
            &template(SheetKind::Appointments),
        );
        assert!(appointment.is_some() && notes.is_empty(), "{notes:?}");
    }
}
