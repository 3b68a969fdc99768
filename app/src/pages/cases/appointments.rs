//! The appointments on a case: the guardians in office with their supervisors beside them,
//! the court's decisions recorded (one or two guardians at once, with 単独・共同・分掌 and
//! duties), appointments ended, and the whole history. Exceeding a guardian's capacity asks
//! for a written reason.

use crate::api::appointments::{
    Appoint, AppointmentRow, AppointmentsPanel, EndAppointment, get_appointments,
};
use crate::components::choices::{CategoryOptions, date_label, label, label_or_blank};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, action_error, error_id, error_message, invalid,
};
use crate::components::guardian_picker::GuardianPicker;
use crate::domain::appointments::{AppointmentRole, CoreDuty, EndReason, ExerciseMode};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::pages::cases::detail::Reload;
use crate::pages::cases::relay::RelayPanel;
use crate::pages::cases::reporting::ReportingLine;
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

/// The duties a guardian holds, in words (empty when the court divided nothing).
pub fn duties_text(row: &AppointmentRow, locale: Locale) -> String {
    let mut parts: Vec<String> =
        row.duties.core.iter().map(|duty| label(*duty, locale).to_owned()).collect();
    if !row.duties.described.is_empty() {
        parts.push(row.duties.described.clone());
    }
    parts.join("・")
}

#[component]
pub fn AppointmentsSection(case_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let panel = Resource::new(move || case_id, get_appointments);
    view! {
        <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match panel.await {
                    Ok(panel) => view! {
                        <Appointments case_id panel=panel.clone() />
                        <RelayPanel panel />
                    }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Appointments(case_id: Uuid, panel: AppointmentsPanel) -> impl IntoView {
    let i18n = use_i18n();
    let end = ServerAction::<EndAppointment>::new();
    let end_error = action_error(end);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(end.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let (principals, supervisors): (Vec<_>, Vec<_>) = panel
        .active
        .clone()
        .into_iter()
        .partition(|row| !row.role.is_some_and(|role| role.is_supervisor()));
    let version = panel.case_version;
    let can_edit = panel.can_edit;
    let ended = panel.ended.clone();
    view! {
        <section class="panel" aria-labelledby="appointments-heading">
            <h2 id="appointments-heading">{t!(i18n, appointment.heading)}</h2>
            {if panel.active.is_empty() {
                view! { <p id="no-appointments">{t!(i18n, appointment.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="appointment-list" id="active-appointments">
                        {principals.into_iter().map(|row| view! { <ActiveLine row case_id version can_edit end /> }).collect_view()}
                    </ul>
                    {(!supervisors.is_empty()).then(|| view! {
                        <h3>{t!(i18n, appointment.supervisors)}</h3>
                        <ul class="appointment-list" id="active-supervisors">
                            {supervisors.into_iter().map(|row| view! { <ActiveLine row case_id version can_edit end /> }).collect_view()}
                        </ul>
                    })}
                }.into_any()
            }}
            <FormOutcome error=end_error explain_fields=true />
            {panel.can_appoint.then(|| view! { <AppointForm case_id panel=panel.clone() /> })}
            {(!ended.is_empty()).then(|| view! {
                <h3>{t!(i18n, appointment.history)}</h3>
                <ul class="appointment-list" id="ended-appointments">
                    {ended.into_iter().map(|row| view! { <EndedLine row /> }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn ActiveLine(
    row: AppointmentRow,
    case_id: Uuid,
    version: i32,
    can_edit: bool,
    end: ServerAction<EndAppointment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let line = row.clone();
    let form_id = format!("end-{}", row.id);
    let (on_id, reason_id, note_id) =
        (format!("{form_id}-on"), format!("{form_id}-reason"), format!("{form_id}-note"));
    let override_reason = row.capacity_override_reason.clone();
    view! {
        <li class="appointment">
            <a href=format!("/guardians/{}", row.guardian_id)>{row.guardian_name.clone()}</a>" "
            <span>{move || label_or_blank(line.role, i18n.get_locale())}</span>" "
            <span class="hint">{move || label_or_blank(line.guardian_kind, i18n.get_locale())}</span>
            <br />
            <span>
                {move || format!("{} {} / {} {}",
                    td_string!(i18n.get_locale(), appointment.decided_on), date_label(row.decided_on, i18n.get_locale()),
                    td_string!(i18n.get_locale(), appointment.effective_on), date_label(row.effective_on, i18n.get_locale()))}
            </span>
            {
                let row = row.clone();
                move || {
                    let duties = duties_text(&row, i18n.get_locale());
                    let mode = row.mode.filter(|mode| *mode != ExerciseMode::Sole);
                    mode.map(|mode| view! {
                        " "<span class="badge">{label(mode, i18n.get_locale())}</span>
                        {(!duties.is_empty()).then(|| view! { " "<span>{duties.clone()}</span> })}
                    })
                }
            }
            {(!override_reason.is_empty()).then(|| view! {
                <p class="hint">{t!(i18n, appointment.override_recorded)}" "{override_reason.clone()}</p>
            })}
            {(!row.role.is_some_and(|role| role.is_supervisor())).then(|| {
                let row = row.clone();
                view! { <ReportingLine row can_edit /> }
            })}
            {can_edit.then(|| view! {
                <details>
                    <summary>{t!(i18n, appointment.end)}</summary>
                    <ActionForm action=end attr:class="form form--inline" attr:id=form_id.clone()>
                        <input type="hidden" name="case_id" value=case_id.to_string() />
                        <input type="hidden" name="version" value=version.to_string() />
                        <input type="hidden" name="appointment_id" value=row.id.to_string() />
                        <div class="field">
                            <label for=on_id.clone()>{t!(i18n, appointment.ended_on)}</label>
                            <input id=on_id.clone() name="ended_on" type="date" required />
                        </div>
                        <div class="field">
                            <label for=reason_id.clone()>{t!(i18n, appointment.end_reason)}</label>
                            <select id=reason_id.clone() name="end_reason" required>
                                <CategoryOptions<EndReason> selected=None blank=t_string!(i18n, case.choose).to_string() />
                            </select>
                        </div>
                        <div class="field">
                            <label for=note_id.clone()>{t!(i18n, appointment.end_note)}</label>
                            <input id=note_id.clone() name="end_note" type="text" />
                        </div>
                        <button class="button" type="submit">{t!(i18n, appointment.end_button)}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn EndedLine(row: AppointmentRow) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="appointment appointment--ended">
            <a href=format!("/guardians/{}", row.guardian_id)>{row.guardian_name.clone()}</a>" "
            <span>{move || label_or_blank(row.role, i18n.get_locale())}</span>" "
            <span class="cell--nowrap">
                {move || format!("{} – {}", date_label(row.effective_on, i18n.get_locale()),
                    row.ended_on.map(|d| date_label(d, i18n.get_locale())).unwrap_or_default())}
            </span>" "
            <span>{move || label_or_blank(row.end_reason, i18n.get_locale())}</span>
        </li>
    }
    .into_any()
}

#[component]
fn AppointForm(case_id: Uuid, panel: AppointmentsPanel) -> impl IntoView {
    let i18n = use_i18n();
    let appoint = ServerAction::<Appoint>::new();
    let error = action_error(appoint);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(appoint.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let roles: Vec<AppointmentRole> = panel
        .case_type
        .map(|case_type| {
            vec![
                AppointmentRole::principal_for(case_type),
                AppointmentRole::supervisor_for(case_type),
            ]
        })
        .unwrap_or_default();
    let principal = roles.first().copied();
    let over_capacity = move || {
        error.with(|error| {
            error.as_ref().and_then(|e| e.code_for("capacity_override_reason")).is_some()
        })
    };
    let slot = move |n: u8, roles: Vec<AppointmentRole>, selected: Option<AppointmentRole>| {
        let guardian = if n == 1 { "guardian_1" } else { "guardian_2" };
        let picker_id = if n == 1 { "appoint-guardian-1" } else { "appoint-guardian-2" };
        let role = format!("role_{n}");
        let role_id = format!("appoint-role-{n}");
        let legend = if n == 1 {
            t_string!(i18n, appointment.first_guardian).to_string()
        } else {
            t_string!(i18n, appointment.second_guardian).to_string()
        };
        view! {
            <fieldset class="fieldset">
                <legend>{legend}</legend>
                <GuardianPicker name=guardian id=picker_id label=t_string!(i18n, appointment.guardian).to_string() required=n == 1 />
                <p class="field__problem" id=format!("{picker_id}-error")>
                    {move || error.with(|e| e.as_ref().and_then(|e| e.code_for(guardian).or_else(|| if n == 1 { e.code_for("guardian_id") } else { None })).map(|code| crate::components::form::problem_message(code, i18n.get_locale())))}
                </p>
                <div class="field">
                    <label for=role_id.clone()>{t!(i18n, appointment.role)}</label>
                    <select id=role_id name=role>
                        <CategoryOptions<AppointmentRole> selected=selected only=roles />
                    </select>
                </div>
                <fieldset class="fieldset fieldset--checks">
                    <legend>{t!(i18n, appointment.duties)}</legend>
                    {CoreDuty::ALL.iter().map(|duty| {
                        let duty = *duty;
                        let id = format!("appoint-{}-{n}", duty.code());
                        let name = format!("{}_{n}", duty.code());
                        view! {
                            <div class="field--check">
                                <input type="checkbox" id=id.clone() name=name value="on" />
                                <label for=id>{move || label(duty, i18n.get_locale())}</label>
                            </div>
                        }
                    }).collect_view()}
                    <div class="field">
                        <label for=format!("appoint-described-{n}")>{t!(i18n, appointment.described_duty)}</label>
                        <input id=format!("appoint-described-{n}") name=format!("described_{n}") type="text" />
                    </div>
                </fieldset>
            </fieldset>
        }
    };
    view! {
        <details class="subpanel" id="appoint-details">
            <summary>{t!(i18n, appointment.record)}</summary>
            <ActionForm action=appoint attr:class="form" attr:id="appoint-form">
                <input type="hidden" name="case_id" value=case_id.to_string() />
                <input type="hidden" name="version" value=panel.case_version.to_string() />
                <div class="field-row">
                    <DateField id="appoint-decided-on" name="decided_on" label=t_string!(i18n, appointment.decided_on).to_string() value=None error />
                    <DateField id="appoint-effective-on" name="effective_on" label=t_string!(i18n, appointment.effective_on).to_string() value=panel.suggested_effective_on error />
                    <div class="field">
                        <label for="appoint-mode">{t!(i18n, appointment.mode)}</label>
                        <select id="appoint-mode" name="mode" aria-describedby="appoint-mode-hint">
                            <CategoryOptions<ExerciseMode> selected=Some(ExerciseMode::Sole) />
                        </select>
                        <p class="hint" id="appoint-mode-hint">{t!(i18n, appointment.mode_hint)}</p>
                    </div>
                </div>
                <p class="hint">{t!(i18n, appointment.effective_hint)}</p>
                {slot(1, roles.clone(), principal)}
                {slot(2, roles.clone(), principal)}
                <p class="field__problem" id="appoint-duties-error">
                    {move || error.with(|e| e.as_ref().and_then(|e| e.code_for("duties").or_else(|| e.code_for("mode")).or_else(|| e.code_for("role"))).map(|code| crate::components::form::problem_message(code, i18n.get_locale())))}
                </p>
                <div class="field" class:field--attention=over_capacity>
                    <label for="appoint-override">{t!(i18n, appointment.override_reason)}</label>
                    <textarea id="appoint-override" name="capacity_override_reason" rows="2"
                        aria-invalid=invalid(error, "capacity_override_reason")
                        aria-describedby=format!("{} appoint-override-hint", error_id("appoint-override"))></textarea>
                    <p class="hint" id="appoint-override-hint">{t!(i18n, appointment.override_hint)}</p>
                    <FieldProblem error field="capacity_override_reason" input_id="appoint-override" />
                </div>
                <FormOutcome error />
                <button class="button button--primary" type="submit">{t!(i18n, appointment.record_button)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}
