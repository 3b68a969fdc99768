//! The activity records of a case (支援記録): what was done for the person, newest first, and
//! the form that logs a new one. Used on the case page and on the guardian's own case page.

use crate::api::activities::{ActivityRow, LogActivity, get_case_activities};
use crate::components::choices::{CategoryOptions, date_label, label_or_blank};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, TextField, action_error, error_id, error_message,
    invalid, successes,
};
use crate::domain::activities::ActivityKind;
use crate::domain::categories::RightsViolation;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn ActivitiesSection(case_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let log = ServerAction::<LogActivity>::new();
    let error = action_error(log);
    // Reloaded after each saved record only: a refused one keeps the form as it was typed.
    // The case page's timeline is left as it is (its reload would re-create this section and
    // take the confirmation with it) and shows the record from the next visit.
    let saved_count = successes(log);
    let list =
        Resource::new(move || (case_id, saved_count.get()), |(id, _)| get_case_activities(id));
    let saved = Signal::derive(move || {
        matches!(log.value().get(), Some(Ok(_))).then(|| t_string!(i18n, activity.saved).to_owned())
    });
    view! {
        <section class="panel" aria-labelledby="activities-heading">
            <h2 id="activities-heading">{t!(i18n, activity.heading)}</h2>
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! {
                            {list.can_log.then(|| view! { <LogForm case_id log error /> })}
                            {if list.rows.is_empty() {
                                view! { <p>{t!(i18n, activity.none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="activity-list" id="activities">
                                        {list.rows.into_iter().map(|row| view! { <Entry row /> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                        }.into_any(),
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <FormOutcome error success=saved />
        </section>
    }
    .into_any()
}

#[component]
fn LogForm(
    case_id: Uuid,
    log: ServerAction<LogActivity>,
    error: Signal<Option<crate::api::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="activity-form">
            <summary>{t!(i18n, activity.log)}</summary>
            <ActionForm action=log attr:class="form">
                <input type="hidden" name="case_id" value=case_id.to_string() />
                <div class="form__row">
                    <div class="field">
                        <label for="activity-kind">{t!(i18n, activity.kind)}</label>
                        <select id="activity-kind" name="kind" required
                            aria-invalid=invalid(error, "kind") aria-describedby=error_id("activity-kind")>
                            <CategoryOptions<ActivityKind> selected=None blank=t_string!(i18n, case.choose).to_string() />
                        </select>
                        <FieldProblem error field="kind" input_id="activity-kind" />
                    </div>
                    <DateField id="activity-on" name="occurred_on" label=t_string!(i18n, activity.occurred_on).to_owned() value=None error />
                    <div class="field">
                        <label for="activity-duration">{t!(i18n, activity.duration)}</label>
                        <input id="activity-duration" name="duration_minutes" type="number" min="1" max="1440" inputmode="numeric"
                            aria-invalid=invalid(error, "duration_minutes") aria-describedby=error_id("activity-duration") />
                        <FieldProblem error field="duration_minutes" input_id="activity-duration" />
                    </div>
                </div>
                <TextField id="activity-participants" name="participants" label=t_string!(i18n, activity.participants).to_owned() error />
                <TextField id="activity-notes" name="notes" label=t_string!(i18n, activity.notes).to_owned() error rows=4 />
                <fieldset class="fieldset">
                    <legend>{t!(i18n, activity.decision_support)}</legend>
                    <p class="hint">{t!(i18n, activity.decision_support_hint)}</p>
                    <TextField id="activity-wishes" name="wishes" label=t_string!(i18n, activity.wishes).to_owned() error rows=2 />
                    <TextField id="activity-options" name="options" label=t_string!(i18n, activity.options).to_owned() error rows=2 />
                    <TextField id="activity-decided" name="decided" label=t_string!(i18n, activity.decided).to_owned() error rows=2 />
                </fieldset>
                <div class="field">
                    <label for="activity-violation">{t!(i18n, activity.violation)}</label>
                    <select id="activity-violation" name="violation"
                        aria-invalid=invalid(error, "violation") aria-describedby=error_id("activity-violation")>
                        <CategoryOptions<RightsViolation> selected=None blank=t_string!(i18n, activity.no_violation).to_string() />
                    </select>
                    <FieldProblem error field="violation" input_id="activity-violation" />
                </div>
                <button class="button" type="submit">{t!(i18n, activity.save)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

#[component]
fn Entry(row: ActivityRow) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, on, violation) = (row.kind, row.occurred_on, row.violation);
    let minutes = row.duration_minutes;
    let decision: Vec<(&str, String)> = [
        (t_string!(i18n, activity.wishes), row.wishes),
        (t_string!(i18n, activity.options), row.options),
        (t_string!(i18n, activity.decided), row.decided),
    ]
    .into_iter()
    .filter(|(_, text)| !text.is_empty())
    .collect();
    view! {
        <li class="activity">
            <p class="activity__meta">
                <strong>{move || date_label(on, i18n.get_locale())}" "{move || label_or_blank(kind, i18n.get_locale())}</strong>
                {minutes.map(|m| view! { " "<span>{m}{t!(i18n, activity.minutes)}</span> })}
                {violation.map(|v| view! { " "<span class="badge badge--danger">{move || label_or_blank(Some(v), i18n.get_locale())}</span> })}
                " "<span class="hint">{row.recorded_by}</span>
            </p>
            {(!row.participants.is_empty()).then(|| view! {
                <p>{t!(i18n, activity.participants)}": "{row.participants.clone()}</p>
            })}
            {(!row.notes.is_empty()).then(|| view! { <p class="activity__notes">{row.notes.clone()}</p> })}
            {(!decision.is_empty()).then(|| view! {
                <dl class="activity__decision">
                    {decision.into_iter().map(|(term, text)| view! { <dt>{term}</dt><dd>{text}</dd> }).collect_view()}
                </dl>
            })}
        </li>
    }
    .into_any()
}
