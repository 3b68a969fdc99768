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
