//! Parsing form text into typed values at the edge. Every problem names its field, so the page
//! shows it under the right input; a form with several problems reports all of them.

use crate::api::AppError;
use crate::api::cases::CaseFields;
use crate::api::error::FieldError;
use crate::domain::cases::{CaseType, motives_from_text};
use crate::domain::categories::{Category, Petitioner};
use chrono::NaiveDate;
use uuid::Uuid;

pub use crate::domain::TEXT_MAX_CHARS;
/// Longest short text (a name, a relation, an office) a form accepts, in characters.
pub const SHORT_TEXT_MAX_CHARS: usize = 100;

/// Collects the problems of one form.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: &str, code: &str) {
        self.0.push(FieldError { field: field.to_owned(), code: code.to_owned() });
    }

    /// The value, or `default` with the problem noted.
    pub fn take<T>(&mut self, result: Result<T, AppError>, default: T) -> T {
        match result {
            Ok(value) => value,
            Err(AppError::Validation(problems)) => {
                self.0.extend(problems);
                default
            }
            Err(_) => default,
        }
    }

    /// A domain rule's problems, as (form field, message code) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (&'static str, &'static str)>) -> Problems {
        let mut problems = Problems::default();
        for (field, code) in pairs {
            problems.add(field, code);
        }
        problems
    }

    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::Validation(self.0)) }
    }
}

/// An optional date from an `<input type="date">` (`YYYY-MM-DD`); empty is none.
pub fn optional_date(field: &str, text: &str) -> Result<Option<NaiveDate>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::field(field, "date_format"))
}

/// A required date from an `<input type="date">`: empty is a problem too.
pub fn required_date(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    optional_date(field, text)?.ok_or_else(|| AppError::field(field, "required"))
}

pub fn optional_uuid(field: &str, text: &str) -> Result<Option<Uuid>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| AppError::field(field, "invalid"))
}

/// An optional duration in minutes (1 to 1440); empty is none.
pub fn optional_minutes(field: &str, text: &str) -> Result<Option<u32>, AppError> {
    match text.trim() {
        "" => Ok(None),
        text => match text.parse::<u32>() {
            Ok(minutes) if (1..=1440).contains(&minutes) => Ok(Some(minutes)),
            _ => Err(AppError::field(field, "duration_out_of_range")),
        },
    }
}

/// An optional category by its code; empty is none, an unknown code a problem.
pub fn optional_category<T: Category>(field: &str, code: &str) -> Result<Option<T>, AppError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    T::from_code(code).map(Some).ok_or_else(|| AppError::field(field, "invalid"))
}

/// A required category by its code.
pub fn required_category<T: Category>(field: &str, code: &str) -> Result<T, AppError> {
    optional_category(field, code)?.ok_or_else(|| AppError::field(field, "required"))
}

/// Trimmed text of at most `max` characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::field(field, "too_long"));
    }
    Ok(value.to_owned())
}

/// Trimmed text that must not be empty.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = text(field, value, max)?;
    if value.is_empty() {
        return Err(AppError::field(field, "required"));
    }
    Ok(value)
}

/// The case form as posted.
#[derive(Debug, Clone, Default)]
pub struct CaseForm {
    pub case_type: String,
    pub coordinator_id: String,
    pub petitioner: String,
    pub motives: Vec<String>,
    pub family_court_id: String,
    pub petition_date: String,
    pub decision_date: String,
    pub final_date: String,
    pub contract_date: String,
    pub notary_office: String,
    pub mandatary_name: String,
    pub check_in_interval_months: String,
    pub last_check_in_on: String,
    pub supervisor_appointed_on: String,
    pub notes: String,
}

pub fn parse_case_fields(form: &CaseForm) -> Result<CaseFields, AppError> {
    let mut problems = Problems::default();
    let case_type =
        problems.take(required_category::<CaseType>("case_type", &form.case_type).map(Some), None);
    let coordinator_id = problems.take(optional_uuid("coordinator_id", &form.coordinator_id), None);
    let petitioner =
        problems.take(optional_category::<Petitioner>("petitioner", &form.petitioner), None);
    let motives = motives_from_text(&form.motives.join(","));
    if motives.len() != form.motives.iter().filter(|m| !m.trim().is_empty()).count() {
        problems.add("motives", "invalid");
    }
    let family_court_id =
        problems.take(optional_uuid("family_court_id", &form.family_court_id), None);
    let mut date = |field: &str, text: &str| problems_date(&mut problems, field, text);
    let petition_date = date("petition_date", &form.petition_date);
    let decision_date = date("decision_date", &form.decision_date);
    let final_date = date("final_date", &form.final_date);
    let contract_date = date("contract_date", &form.contract_date);
    let last_check_in_on = date("last_check_in_on", &form.last_check_in_on);
    let supervisor_appointed_on = date("supervisor_appointed_on", &form.supervisor_appointed_on);
    let check_in_interval_months = match form.check_in_interval_months.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(months) if (1..=24).contains(&months) => Some(months),
            _ => {
                problems.add("check_in_interval_months", "months_range");
                None
            }
        },
    };
    let notary_office = problems
        .take(text("notary_office", &form.notary_office, SHORT_TEXT_MAX_CHARS), String::new());
    let mandatary_name = problems
        .take(text("mandatary_name", &form.mandatary_name, SHORT_TEXT_MAX_CHARS), String::new());
    let notes = problems.take(text("notes", &form.notes, TEXT_MAX_CHARS), String::new());
    problems.into_result()?;
    Ok(CaseFields {
        case_type,
        coordinator_id,
        petitioner,
        motives,
        family_court_id,
        petition_date,
        decision_date,
        final_date,
        contract_date,
        notary_office,
        mandatary_name,
        check_in_interval_months,
        last_check_in_on,
        supervisor_appointed_on,
        notes,
    })
}

fn problems_date(problems: &mut Problems, field: &str, text: &str) -> Option<NaiveDate> {
    problems.take(optional_date(field, text), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::categories::Category;
    use proptest::prelude::*;

    /// Text as forms send it: any characters, with the spaces and odd characters people paste.
    fn form_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[ 　\t0-9a-z\\-:/.]{0,24}",
            "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}",
        ]
    }

    /// The problems of a rejected field: exactly the named field, with a message code.
    fn problem_of(error: AppError) -> Vec<(String, String)> {
        match error {
            AppError::Validation(problems) => {
                problems.into_iter().map(|problem| (problem.field, problem.code)).collect()
            }
            other => vec![("not a validation error".to_owned(), format!("{other:?}"))],
        }
    }

    proptest! {
        /// A date is read or refused with its field named; a date read is the date written.
        #[test]
        fn dates_are_read_exactly_or_refused_by_name(text in form_text()) {
            match optional_date("on", &text) {
                Ok(None) => prop_assert!(text.trim().is_empty()),
                Ok(Some(date)) => {
                    prop_assert_eq!(optional_date("on", &date.to_string()), Ok(Some(date)));
                    prop_assert_eq!(required_date("on", &text), Ok(date));
                }
                Err(error) => {
                    prop_assert_eq!(problem_of(error), vec![("on".to_owned(), "date_format".to_owned())]);
                }
            }
            if text.trim().is_empty() {
                prop_assert_eq!(required_date("on", &text), Err(AppError::field("on", "required")));
            }
        }

        /// Text is kept trimmed and whole, or refused as too long, never cut.
        #[test]
        fn text_is_trimmed_and_bounded_never_cut(value in any::<String>(), max in 0usize..40) {
            let trimmed = value.trim();
            match text("notes", &value, max) {
                Ok(kept) => {
                    prop_assert_eq!(kept.as_str(), trimmed);
                    prop_assert!(kept.chars().count() <= max);
                }
                Err(error) => {
                    prop_assert!(trimmed.chars().count() > max);
                    prop_assert_eq!(problem_of(error), vec![("notes".to_owned(), "too_long".to_owned())]);
                }
            }
            if let Ok(kept) = required_text("notes", &value, max) {
                prop_assert!(!kept.is_empty());
            }
        }

        /// Minutes are 1 to 1440, whatever else is typed.
        #[test]
        fn minutes_are_within_a_day(text in form_text(), minutes in any::<u32>()) {
            if let Ok(Some(read)) = optional_minutes("minutes", &text) {
                prop_assert!((1..=1440).contains(&read));
            }
            let typed = optional_minutes("minutes", &minutes.to_string());
            prop_assert_eq!(typed.is_ok(), (1..=1440).contains(&minutes));
        }

        /// An id is read back as written (any case, around spaces) or refused by name.
        #[test]
        fn ids_are_read_exactly_or_refused(text in form_text(), id in any::<u128>()) {
            let id = Uuid::from_u128(id);
            prop_assert_eq!(optional_uuid("id", &format!(" {} ", id.to_string().to_uppercase())), Ok(Some(id)));
            match optional_uuid("id", &text) {
                Ok(Some(read)) => prop_assert_eq!(text.trim().parse::<Uuid>().ok(), Some(read)),
                Ok(None) => prop_assert!(text.trim().is_empty()),
                Err(error) => prop_assert_eq!(problem_of(error), vec![("id".to_owned(), "invalid".to_owned())]),
            }
        }

        /// A category is one of its codes, or refused; every code is accepted.
        #[test]
        fn categories_accept_their_codes_and_nothing_else(text in form_text()) {
            match optional_category::<Petitioner>("petitioner", &text) {
                Ok(Some(value)) => prop_assert_eq!(value.code(), text.trim()),
                Ok(None) => prop_assert!(text.trim().is_empty()),
                Err(error) => prop_assert_eq!(problem_of(error), vec![("petitioner".to_owned(), "invalid".to_owned())]),
            }
            for value in Petitioner::all() {
                prop_assert_eq!(required_category::<Petitioner>("petitioner", value.code()), Ok(*value));
            }
        }

        /// The case form: whatever is posted, it is read whole or refused with every bad field
        /// named (and only fields of the form), never a panic.
        #[test]
        fn the_case_form_is_read_whole_or_every_problem_named(
            fields in proptest::collection::vec(form_text(), 14),
            motives in proptest::collection::vec(form_text(), 0..4),
        ) {
            let form = CaseForm {
                case_type: fields[0].clone(),
                coordinator_id: fields[1].clone(),
                petitioner: fields[2].clone(),
                motives,
                family_court_id: fields[3].clone(),
                petition_date: fields[4].clone(),
                decision_date: fields[5].clone(),
                final_date: fields[6].clone(),
                contract_date: fields[7].clone(),
                notary_office: fields[8].clone(),
                mandatary_name: fields[9].clone(),
                check_in_interval_months: fields[10].clone(),
                last_check_in_on: fields[11].clone(),
                supervisor_appointed_on: fields[12].clone(),
                notes: fields[13].clone(),
            };
            const FIELDS: [&str; 15] = [
                "case_type", "coordinator_id", "petitioner", "motives", "family_court_id",
                "petition_date", "decision_date", "final_date", "contract_date", "notary_office",
                "mandatary_name", "check_in_interval_months", "last_check_in_on",
                "supervisor_appointed_on", "notes",
            ];
            match parse_case_fields(&form) {
                Ok(fields) => {
                    prop_assert!(fields.case_type.is_some());
                    prop_assert_eq!(fields.notes.as_str(), form.notes.trim());
                }
                Err(error) => {
                    let problems = problem_of(error);
                    prop_assert!(!problems.is_empty());
                    for (field, _) in &problems {
                        prop_assert!(FIELDS.contains(&field.as_str()), "{field}");
                    }
                    if CaseType::from_code(form.case_type.trim()).is_none() {
                        prop_assert!(problems.iter().any(|(field, _)| field == "case_type"));
                    }
                }
            }
        }
    }

    /// A form of `N` fields filled with arbitrary text.
    fn form_of<const N: usize>() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(form_text(), N)
    }

    /// Every problem of a rejected form names one of its fields.
    fn names_only(error: AppError, fields: &[&str]) -> Result<(), TestCaseError> {
        let problems = problem_of(error);
        prop_assert!(!problems.is_empty());
        for (field, _) in &problems {
            prop_assert!(fields.contains(&field.as_str()), "{} is not a field of the form", field);
        }
        Ok(())
    }

    proptest! {
        /// The person form: read whole (with a name) or refused field by field, never a panic.
        #[test]
        fn the_person_form_is_read_whole_or_every_problem_named(fields in form_of::<8>()) {
            use crate::server::persons::{PersonForm, parse_person};
            let form = PersonForm {
                name: fields[0].clone(),
                name_kana: fields[1].clone(),
                date_of_birth: fields[2].clone(),
                sex: fields[3].clone(),
                district_id: fields[4].clone(),
                living_situation: fields[5].clone(),
                condition: fields[6].clone(),
                notes: fields[7].clone(),
            };
            let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            match parse_person(&form, today) {
                Ok(person) => prop_assert!(!person.name.is_empty()),
                Err(error) => names_only(error, &[
                    "name", "name_kana", "date_of_birth", "sex", "district_id",
                    "living_situation", "condition", "notes",
                ])?,
            }
        }

        /// The guardian register's form, the same way.
        #[test]
        fn the_guardian_form_is_read_whole_or_every_problem_named(fields in form_of::<21>()) {
            use crate::server::guardians::{GuardianForm, parse_guardian};
            let form = GuardianForm {
                kind: fields[0].clone(),
                name: fields[1].clone(),
                name_kana: fields[2].clone(),
                registration_number: fields[3].clone(),
                phone: fields[4].clone(),
                email: fields[5].clone(),
                address: fields[6].clone(),
                district_id: fields[7].clone(),
                related_person_id: fields[8].clone(),
                relation: fields[9].clone(),
                organisation: fields[10].clone(),
                association: fields[11].clone(),
                training_year: fields[12].clone(),
                training_completed_on: fields[13].clone(),
                registered_on: fields[14].clone(),
                registration_expires_on: fields[15].clone(),
                registration: fields[16].clone(),
                capacity: fields[17].clone(),
                disqualification: fields[18].clone(),
                skills: fields[19].clone(),
                notes: fields[20].clone(),
            };
            let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            match parse_guardian(&form, today) {
                Ok(guardian) => prop_assert!(!guardian.name.is_empty()),
                Err(error) => names_only(error, &[
                    "kind", "name", "name_kana", "registration_number", "phone", "email",
                    "address", "district_id", "related_person_id", "relation", "organisation",
                    "association", "training_year", "training_completed_on", "registered_on",
                    "registration_expires_on", "registration", "capacity", "disqualification",
                    "skills", "notes",
                ])?,
            }
        }
    }
}
