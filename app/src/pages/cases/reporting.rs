//! What an appointment owes the court beyond the rules: powers over property (保佐・補助: the
//! inventory is then owed), a first report date the court set, fee petitions with each report.
//! The settings show on the appointment's line; the form is its own wasm chunk, loaded the
//! first time a coordinator opens it (rarely used, and the case page is the heaviest).

use crate::api::appointments::{AppointmentRow, SetReporting};
use crate::components::choices::date_label;
use crate::components::form::{FormOutcome, action_error, error_id, invalid, problem_message};
use crate::domain::appointments::AppointmentRole;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::cases::detail::Reload;
use leptos::form::ActionForm;
use leptos::lazy;
use leptos::prelude::*;

/// The settings in words, for the appointment's line ("" when there is nothing beyond the rules).
fn summary(row: &AppointmentRow, locale: crate::i18n::Locale) -> String {
    let mut parts = Vec::new();
    if row.reporting.property_powers {
        parts.push(td_string!(locale, appointment.property_powers_held).to_owned());
    }
    if let Some(first) = row.reporting.first_report_on {
        parts.push(format!(
            "{} {}",
            td_string!(locale, appointment.first_report_on),
            date_label(first, locale)
        ));
    }
    if row.reporting.fee_petitions {
        parts.push(td_string!(locale, appointment.fee_petitions_held).to_owned());
    }
    parts.join("・")
}

/// The settings on an appointment's line, and for a coordinator the form behind a disclosure.
#[component]
pub fn ReportingLine(row: AppointmentRow, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let opened = RwSignal::new(false);
    let line = row.clone();
    let text = move || summary(&line, i18n.get_locale());
    let details_id = format!("reporting-{}", row.id);
    view! {
        {move || {
            let text = text();
            (!text.is_empty()).then(|| view! { <p class="hint reporting-summary">{text}</p> })
        }}
        {can_edit.then(|| view! {
            <details id=details_id.clone() on:toggle=move |_| opened.set(true)>
                <summary>{t!(i18n, appointment.reporting)}</summary>
                {move || opened.get().then(|| {
                    let row = row.clone();
                    view! {
                        <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                            {move || {
                                let row = row.clone();
                                Suspend::new(async move { reporting_form(row).await })
                            }}
                        </Suspense>
                    }
                })}
            </details>
        })}
    }
    .into_any()
}

#[lazy]
fn reporting_form(row: AppointmentRow) -> AnyView {
    view! { <ReportingForm row /> }.into_any()
}

#[component]
fn ReportingForm(row: AppointmentRow) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetReporting>::new();
    let error = action_error(save);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let id = row.id;
    let powers_apply =
        matches!(row.role, Some(AppointmentRole::Curator | AppointmentRole::Assistant));
    let powers_id = format!("reporting-powers-{id}");
    let fees_id = format!("reporting-fees-{id}");
    let first_id = format!("reporting-first-{id}");
    view! {
        <ActionForm action=save attr:class="form form--inline" attr:id=format!("reporting-form-{id}")>
            <input type="hidden" name="appointment_id" value=id.to_string() />
            <input type="hidden" name="version" value=row.version.to_string() />
            {powers_apply.then(|| view! {
                <div class="field--check">
                    <input type="checkbox" id=powers_id.clone() name="property_powers" value="on"
                        checked=row.reporting.property_powers />
                    <label for=powers_id.clone()>{t!(i18n, appointment.property_powers)}</label>
                </div>
            })}
            <div class="field">
                <label for=first_id.clone()>{t!(i18n, appointment.first_report_on)}</label>
                <input id=first_id.clone() name="first_report_on" type="date"
                    value=crate::components::choices::date_value(row.reporting.first_report_on)
                    aria-invalid=invalid(error, "first_report_on") aria-describedby=error_id(&first_id) />
                <p class="field__problem" id=error_id(&first_id)>
                    {move || error.with(|e| e.as_ref().and_then(|e| e.code_for("first_report_on")).map(|code| problem_message(code, i18n.get_locale())))}
                </p>
            </div>
            <div class="field--check">
                <input type="checkbox" id=fees_id.clone() name="fee_petitions" value="on"
                    checked=row.reporting.fee_petitions />
                <label for=fees_id.clone()>{t!(i18n, appointment.fee_petitions)}</label>
            </div>
            <p class="hint">{t!(i18n, appointment.reporting_hint)}</p>
            <p class="field__problem">
                {move || error.with(|e| e.as_ref().and_then(|e| e.code_for("appointment_id")).map(|code| problem_message(code, i18n.get_locale())))}
            </p>
            <FormOutcome error />
            <button class="button" type="submit">{t!(i18n, appointment.reporting_save)}</button>
        </ActionForm>
    }
    .into_any()
}
