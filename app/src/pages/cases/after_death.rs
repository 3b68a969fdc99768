//! After-death affairs (死後事務) on a case page: shown once the case records the person's
//! death, with what has been done and the form to record more. Used on the case page and on
//! the guardian's own case page.

use crate::api::after_death::{AffairList, RecordAfterDeathAffair, get_after_death_affairs};
use crate::components::choices::{CategoryOptions, date_label, label_or_blank};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, TextField, action_error, error_id, invalid, successes,
};
use crate::domain::after_death::AfterDeathAffair;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn AfterDeathSection(case_id: Uuid) -> impl IntoView {
    let record = ServerAction::<RecordAfterDeathAffair>::new();
    let recorded = successes(record);
    let list =
        Resource::new(move || (case_id, recorded.get()), |(id, _)| get_after_death_affairs(id));
    let i18n = use_i18n();
    // Outside the list: a saved record reloads it, and the confirmation stays.
    let error = action_error(record);
    let saved = Signal::derive(move || {
        matches!(record.value().get(), Some(Ok(_)))
            .then(|| t_string!(i18n, after_death.saved).to_owned())
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Nothing to show while the person lives (or the list cannot be read here).
                list.await.ok().filter(|list| list.died_on.is_some()).map(|list| view! {
                    <Affairs list case_id record error />
                })
            })}
        </Suspense>
        <FormOutcome error success=saved />
    }
    .into_any()
}

#[component]
fn Affairs(
    list: AffairList,
    case_id: Uuid,
    record: ServerAction<RecordAfterDeathAffair>,
    error: Signal<Option<crate::api::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let AffairList { died_on, rows, can_record } = list;
    view! {
        <section class="panel" aria-labelledby="after-death-heading">
            <h2 id="after-death-heading">{t!(i18n, after_death.heading)}</h2>
            {died_on.map(|on| view! {
                <p id="date-of-death">{t!(i18n, after_death.died_on)}": "{move || date_label(on, i18n.get_locale())}</p>
            })}
            <p class="hint">{t!(i18n, after_death.hint)}</p>
            {if rows.is_empty() {
                view! { <p>{t!(i18n, after_death.none)}</p> }.into_any()
            } else {
                view! {
                    <ol class="activity-list" id="after-death-affairs">
                        {rows.into_iter().map(|row| {
                            let (affair, on, permitted) = (row.affair, row.done_on, row.court_permission_on);
                            view! {
                                <li class="activity">
                                    <p class="activity__meta">
                                        <strong>{move || date_label(on, i18n.get_locale())}" "{move || label_or_blank(affair, i18n.get_locale())}</strong>
                                        {permitted.map(|p| view! { " · "{t!(i18n, after_death.court_permission_on)}" "{move || date_label(p, i18n.get_locale())} })}
                                        " "<span class="hint">{row.recorded_by.clone()}</span>
                                    </p>
                                    {(!row.notes.is_empty()).then(|| view! { <p class="activity__notes">{row.notes.clone()}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {can_record.then(|| view! {
                <details class="activity-form">
                    <summary>{t!(i18n, after_death.record)}</summary>
                    <ActionForm action=record attr:class="form">
                        <input type="hidden" name="case_id" value=case_id.to_string() />
                        <div class="form__row">
                            <div class="field">
                                <label for="after-death-affair">{t!(i18n, after_death.affair)}</label>
                                <select id="after-death-affair" name="affair" required
                                    aria-invalid=invalid(error, "affair") aria-describedby=error_id("after-death-affair")>
                                    <CategoryOptions<AfterDeathAffair> selected=None blank=t_string!(i18n, case.choose).to_string() />
                                </select>
                                <FieldProblem error field="affair" input_id="after-death-affair" />
                            </div>
                            <DateField id="after-death-done-on" name="done_on" label=t_string!(i18n, after_death.done_on).to_owned() value=None error />
                            <DateField id="after-death-permission" name="court_permission_on" label=t_string!(i18n, after_death.court_permission_on).to_owned() value=None error />
                        </div>
                        <TextField id="after-death-notes" name="notes" label=t_string!(i18n, after_death.notes).to_owned() error rows=3 />
                        <button class="button" type="submit">{t!(i18n, after_death.save)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
    .into_any()
}
