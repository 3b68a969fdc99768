//! Form feedback shared by every form: a field's problem under its input, and the outcome of
//! a submission that no single field explains. Server functions name problems by code; the
//! messages are here, in the user's language.

use crate::api::AppError;
use crate::i18n::{Locale, td_string, use_i18n};
use leptos::prelude::*;

/// The message for a field problem's code.
pub fn problem_message(code: &str, locale: Locale) -> &'static str {
    match code {
        "required" => td_string!(locale, problems.required),
        "wrong_password" => td_string!(locale, problems.wrong_password),
        "password_too_short" => td_string!(locale, problems.password_too_short),
        "password_too_long" => td_string!(locale, problems.password_too_long),
        "password_contains_login_id" => td_string!(locale, problems.password_contains_login_id),
        "password_repetitive" => td_string!(locale, problems.password_repetitive),
        "confirmation_differs" => td_string!(locale, problems.confirmation_differs),
        "unchanged" => td_string!(locale, problems.unchanged),
        "login_id_characters" => td_string!(locale, problems.login_id_characters),
        "login_id_length" => td_string!(locale, problems.login_id_length),
        "login_id_taken" => td_string!(locale, problems.login_id_taken),
        "display_name" => td_string!(locale, problems.display_name),
        "office_required" => td_string!(locale, problems.office_required),
        "unknown_office" => td_string!(locale, problems.unknown_office),
        "own_account" => td_string!(locale, problems.own_account),
        "office_code" => td_string!(locale, problems.office_code),
        "office_code_taken" => td_string!(locale, problems.office_code_taken),
        "office_name" => td_string!(locale, problems.office_name),
        "wrong_code" => td_string!(locale, problems.wrong_code),
        "enrolment_not_started" => td_string!(locale, problems.enrolment_not_started),
        "unknown_login_id" => td_string!(locale, problems.unknown_login_id),
        "date_range" => td_string!(locale, problems.date_range),
        "enrol_first" => td_string!(locale, problems.enrol_first),
        "date_format" => td_string!(locale, problems.date_format),
        "too_many" => td_string!(locale, problems.too_many),
        "open_case_exists" => td_string!(locale, problems.open_case_exists),
        "both_have_open_cases" => td_string!(locale, problems.both_have_open_cases),
        "too_long" => td_string!(locale, problems.too_long),
        "not_a_number" => td_string!(locale, problems.not_a_number),
        "contact_days_range" => td_string!(locale, problems.contact_days_range),
        "check_in_months_range" => td_string!(locale, problems.check_in_months_range),
        "support_closed" => td_string!(locale, problems.support_closed),
        "file_too_large" => td_string!(locale, problems.file_too_large),
        "import_file_too_large" => td_string!(locale, problems.import_file_too_large),
        "import_encoding" => td_string!(locale, problems.import_encoding),
        "import_unclosed_quote" => td_string!(locale, problems.import_unclosed_quote),
        "import_workbook" => td_string!(locale, problems.import_workbook),
        "import_too_large_sheet" => td_string!(locale, problems.import_too_large_sheet),
        "import_empty" => td_string!(locale, problems.import_empty),
        "import_too_many_rows" => td_string!(locale, problems.import_too_many_rows),
        "import_committed" => td_string!(locale, problems.import_committed),
        "import_not_checked" => td_string!(locale, problems.import_not_checked),
        "import_has_errors" => td_string!(locale, problems.import_has_errors),
        "mapped_twice" => td_string!(locale, problems.mapped_twice),
        "required_unmapped" => td_string!(locale, problems.required_unmapped),
        "file_type" => td_string!(locale, problems.file_type),
        "participants_range" => td_string!(locale, problems.participants_range),
        "fewer_than_attendees" => td_string!(locale, problems.fewer_than_attendees),
        "no_attendance" => td_string!(locale, problems.no_attendance),
        "person_not_deceased" => td_string!(locale, problems.person_not_deceased),
        "before_death" => td_string!(locale, problems.before_death),
        "court_permission_required" => td_string!(locale, problems.court_permission_required),
        "permission_after_act" => td_string!(locale, problems.permission_after_act),
        "kana_only" => td_string!(locale, problems.kana_only),
        "date_in_future" => td_string!(locale, problems.date_in_future),
        "birth_too_early" => td_string!(locale, problems.birth_too_early),
        "months_range" => td_string!(locale, problems.months_range),
        "abuse_not_flagged" => td_string!(locale, problems.abuse_not_flagged),
        "person_required_for_support" => td_string!(locale, problems.person_required_for_support),
        "same_person" => td_string!(locale, problems.same_person),
        "stage_unchanged" => td_string!(locale, problems.stage_unchanged),
        "stage_not_allowed" => td_string!(locale, problems.stage_not_allowed),
        "case_closed" => td_string!(locale, problems.case_closed),
        "too_many_rows" => td_string!(locale, problems.too_many_rows),
        "petition_date_required" => td_string!(locale, problems.petition_date_required),
        "decision_date_required" => td_string!(locale, problems.decision_date_required),
        "final_date_required" => td_string!(locale, problems.final_date_required),
        "termination_reason_required" => td_string!(locale, problems.termination_reason_required),
        "termination_date_required" => td_string!(locale, problems.termination_date_required),
        "termination_reason_does_not_fit" => {
            td_string!(locale, problems.termination_reason_does_not_fit)
        }
        "dates_out_of_order" => td_string!(locale, problems.dates_out_of_order),
        "court_has_branches" => td_string!(locale, problems.court_has_branches),
        "before_contract" => td_string!(locale, problems.before_contract),
        "unknown_guardian_number" => td_string!(locale, problems.unknown_guardian_number),
        "guardian_number_taken" => td_string!(locale, problems.guardian_number_taken),
        "number_range" => td_string!(locale, problems.number_range),
        "citizen_only" => td_string!(locale, problems.citizen_only),
        "relatives_only" => td_string!(locale, problems.relatives_only),
        "capacity_range" => td_string!(locale, problems.capacity_range),
        "registration_number_taken" => td_string!(locale, problems.registration_number_taken),
        "capacity_exceeded" => td_string!(locale, problems.capacity_exceeded),
        "role_does_not_fit_case" => td_string!(locale, problems.role_does_not_fit_case),
        "guardian_already_on_case" => td_string!(locale, problems.guardian_already_on_case),
        "modes_differ" => td_string!(locale, problems.modes_differ),
        "duty_not_held" => td_string!(locale, problems.duty_not_held),
        "duty_held_twice" => td_string!(locale, problems.duty_held_twice),
        "no_duties" => td_string!(locale, problems.no_duties),
        "voluntary_needs_supervisor" => td_string!(locale, problems.voluntary_needs_supervisor),
        "appointment_ended" => td_string!(locale, problems.appointment_ended),
        "no_reports_owed" => td_string!(locale, problems.no_reports_owed),
        "first_report_before_start" => td_string!(locale, problems.first_report_before_start),
        "end_reason_does_not_fit" => td_string!(locale, problems.end_reason_does_not_fit),
        "relay_step_not_allowed" => td_string!(locale, problems.relay_step_not_allowed),
        "relay_petitions_not_filed" => td_string!(locale, problems.relay_petitions_not_filed),
        "relay_checklist_open" => td_string!(locale, problems.relay_checklist_open),
        "relay_predecessor_not_active" => td_string!(locale, problems.relay_predecessor_not_active),
        "relay_same_guardian" => td_string!(locale, problems.relay_same_guardian),
        "relay_overlap" => td_string!(locale, problems.relay_overlap),
        "relay_exists" => td_string!(locale, problems.relay_exists),
        "relay_closed" => td_string!(locale, problems.relay_closed),
        "date_too_early" => td_string!(locale, problems.date_too_early),
        "duration_out_of_range" => td_string!(locale, problems.duration_out_of_range),
        "month_of_year" => td_string!(locale, problems.month_of_year),
        "fixed_month_only" => td_string!(locale, problems.fixed_month_only),
        "offset_range" => td_string!(locale, problems.offset_range),
        _ => td_string!(locale, problems.invalid),
    }
}

/// The message for an error as a whole.
pub fn error_message(error: &AppError, locale: Locale) -> &'static str {
    match error {
        AppError::Validation(_) => td_string!(locale, errors.validation),
        AppError::Malformed => td_string!(locale, errors.malformed),
        AppError::NotFound => td_string!(locale, errors.not_found),
        AppError::SignInRequired => td_string!(locale, errors.sign_in_required),
        AppError::Forbidden => td_string!(locale, errors.forbidden),
        AppError::Conflict => td_string!(locale, errors.conflict),
        AppError::Internal => td_string!(locale, errors.internal),
        AppError::Unreachable => td_string!(locale, errors.unreachable),
    }
}

/// The error of an action's last submission, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A count of the action's successful submissions: a resource keyed on it reloads after a save
/// but not after a refusal, which would re-render the form the user is correcting.
pub fn successes<I, O>(action: ServerAction<I>) -> Signal<u32>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let count = RwSignal::new(0u32);
    Effect::new(move |_| {
        if action.value().with(|value| matches!(value, Some(Ok(_)))) {
            count.update(|count| *count += 1);
        }
    });
    count.into()
}

/// The id of the element that describes a field's problem (for `aria-describedby`).
pub fn error_id(input_id: &str) -> String {
    format!("{input_id}-error")
}

/// Whether the form's last error names this field, for `aria-invalid`.
pub fn invalid(error: Signal<Option<AppError>>, field: &'static str) -> impl Fn() -> &'static str {
    move || {
        if error.with(|error| error.as_ref().and_then(|error| error.code_for(field)).is_some()) {
            "true"
        } else {
            "false"
        }
    }
}

/// A field's problem, under its input. Always present (empty when there is none), so that
/// the input's `aria-describedby` always points at something.
#[component]
pub fn FieldProblem(
    error: Signal<Option<AppError>>,
    field: &'static str,
    input_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field__problem" id=error_id(input_id)>
            {move || {
                error.with(|error| {
                    error
                        .as_ref()
                        .and_then(|error| error.code_for(field))
                        .map(|code| problem_message(code, i18n.get_locale()))
                })
            }}
        </p>
    }
}

/// The outcome of a form's last submission: the error that no field explains, or a success
/// message. Announced to screen readers as it appears.
#[component]
pub fn FormOutcome(
    error: Signal<Option<AppError>>,
    /// Shown after a successful submission.
    #[prop(optional, into)]
    success: Option<Signal<Option<String>>>,
    /// Also say what each field problem is: for forms (rows of a table) that have no place
    /// under their inputs for it.
    #[prop(optional)]
    explain_fields: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    // Refused because the session ended: the text on the page comes back after signing in.
    Effect::new(move |_| {
        if error.with(|error| matches!(error, Some(AppError::SignInRequired))) {
            crate::components::drafts::restore_after_sign_in();
        }
    });
    // Followed with a full page load (`rel="external"`): nothing of the ended session stays
    // in the page, and the login page's form takes the user back here.
    let sign_in_again = move || {
        let here = location.pathname.get() + &location.search.get();
        format!("/login?next={}", crate::components::encode_query_value(&here))
    };
    view! {
        <div class="form-outcome" role="status" aria-live="polite">
            {move || {
                let locale = i18n.get_locale();
                match error.get() {
                    Some(AppError::SignInRequired) => Some(view! {
                        <p class="message message--error">
                            {error_message(&AppError::SignInRequired, locale)}" "
                            <a href=sign_in_again rel="external">{crate::i18n::td_string!(locale, session.sign_in_again)}</a>
                        </p>
                    }.into_any()),
                    Some(AppError::Validation(problems)) if explain_fields => {
                        let details = problems
                            .iter()
                            .map(|problem| problem_message(&problem.code, locale))
                            .collect::<Vec<_>>()
                            .join(" ");
                        Some(view! {
                            <p class="message message--error">
                                {error_message(&AppError::Validation(Vec::new()), locale)}" "{details}
                            </p>
                        }.into_any())
                    }
                    Some(error) => Some(view! {
                        <p class="message message--error">{error_message(&error, locale)}</p>
                    }.into_any()),
                    None => success.and_then(|success| success.get()).map(|text| view! {
                        <p class="message message--success">{text}</p>
                    }.into_any()),
                }
            }}
        </div>
    }
}

/// A date input with its label and its problem.
#[component]
pub fn DateField(
    id: &'static str,
    name: &'static str,
    label: String,
    value: Option<chrono::NaiveDate>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=name type="date" value=crate::components::choices::date_value(value)
                aria-invalid=invalid(error, name) aria-describedby=error_id(id) />
            <FieldProblem error field=name input_id=id />
        </div>
    }
    .into_any()
}

/// A text input (or a text area, `rows` > 1) with its label and its problem.
#[component]
pub fn TextField(
    id: &'static str,
    name: &'static str,
    label: String,
    error: Signal<Option<AppError>>,
    #[prop(optional)] rows: u8,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described =
        if hint.is_some() { format!("{} {hint_id}", error_id(id)) } else { error_id(id) };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {if rows > 1 {
                view! {
                    <textarea id=id name=name rows=rows.to_string() required=required
                        aria-invalid=invalid(error, name) aria-describedby=described.clone()></textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id name=name type="text" required=required
                        aria-invalid=invalid(error, name) aria-describedby=described.clone() />
                }.into_any()
            }}
            <FieldProblem error field=name input_id=id />
        </div>
    }
    .into_any()
}
