//! The deadlines on a case: what its guardians owe the family court and when, overdue and soon
//! due ones marked, each done with a date and a note, or extended by the court.

use crate::api::deadlines::{DeadlineRow, UpdateDeadline, get_case_deadlines};
use crate::components::choices::{date_label, label_or_blank};
use crate::components::form::{FormOutcome, action_error, error_message};
use crate::domain::deadlines::DeadlineStatus;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::cases::detail::Reload;
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

/// Where a deadline stands, in words.
pub fn status_text(status: DeadlineStatus, locale: Locale) -> String {
    match status {
        DeadlineStatus::Done => td_string!(locale, deadline.done).to_owned(),
        DeadlineStatus::Overdue { days } => {
            format!(
                "{} {days}{}",
                td_string!(locale, deadline.overdue),
                td_string!(locale, deadline.days)
            )
        }
        DeadlineStatus::DueSoon { days_left } => {
            format!(
                "{} {days_left}{}",
                td_string!(locale, deadline.due_in),
                td_string!(locale, deadline.days)
            )
        }
        DeadlineStatus::Upcoming => td_string!(locale, deadline.upcoming).to_owned(),
    }
}

fn badge_class(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::Overdue { .. } => "badge badge--danger",
        DeadlineStatus::DueSoon { .. } => "badge badge--warning",
        _ => "badge",
    }
}

#[component]
pub fn DeadlinesSection(case_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(move || case_id, get_case_deadlines);
    let update = ServerAction::<UpdateDeadline>::new();
    let error = action_error(update);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(update.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    view! {
        <section class="panel" aria-labelledby="deadlines-heading">
            <h2 id="deadlines-heading">{t!(i18n, deadline.heading)}</h2>
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.rows.is_empty() => view! { <p>{t!(i18n, deadline.none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="deadline-list" id="deadlines">
                                {list.rows.into_iter().map(|row| view! { <Line row can_mark_done=list.can_mark_done can_extend=list.can_extend update /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <FormOutcome error explain_fields=true />
        </section>
    }
    .into_any()
}

#[component]
fn Line(
    row: DeadlineRow,
    can_mark_done: bool,
    can_extend: bool,
    update: ServerAction<UpdateDeadline>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = row.status;
    let kind = row.kind;
    let sequence = row.sequence;
    let due = row.extended_to.unwrap_or(row.due_on);
    let extended = row.extended_to.is_some();
    let form_id = format!("deadline-{}", row.id);
    let (done_id, note_id, extend_id) =
        (format!("{form_id}-done"), format!("{form_id}-note"), format!("{form_id}-extend"));
    let open = row.done_on.is_none();
    view! {
        <li class="deadline">
            <span class="cell--nowrap">{move || date_label(due, i18n.get_locale())}</span>" "
            {extended.then(|| view! { <span class="hint">{t!(i18n, deadline.extended)}</span>" " })}
            <strong>
                {move || label_or_blank(kind, i18n.get_locale())}
                {(sequence > 1).then(|| format!(" ({sequence})"))}
            </strong>" "
            <span>{row.guardian.clone()}</span>" "
            <span class=badge_class(status)>{move || status_text(status, i18n.get_locale())}</span>
            {row.done_on.map(|done| view! {
                " "<span class="hint">{move || date_label(done, i18n.get_locale())}" "{row.done_note.clone()}</span>
            })}
            {(can_mark_done && open).then(|| view! {
                <ActionForm action=update attr:class="form form--inline">
                    <input type="hidden" name="id" value=row.id.to_string() />
                    <input type="hidden" name="version" value=row.version.to_string() />
                    <div class="field">
                        <label for=done_id.clone()>{t!(i18n, deadline.done_on)}</label>
                        <input id=done_id.clone() name="done_on" type="date" required />
                    </div>
                    <div class="field">
                        <label for=note_id.clone()>{t!(i18n, deadline.note)}</label>
                        <input id=note_id.clone() name="done_note" type="text" />
                    </div>
                    <button class="button button--small" type="submit">{t!(i18n, deadline.mark_done)}</button>
                </ActionForm>
            })}
            {(can_extend && open).then(|| view! {
                <details>
                    <summary>{t!(i18n, deadline.extend)}</summary>
                    <ActionForm action=update attr:class="form form--inline">
                        <input type="hidden" name="id" value=row.id.to_string() />
                        <input type="hidden" name="version" value=row.version.to_string() />
                        <div class="field">
                            <label for=extend_id.clone()>{t!(i18n, deadline.extended_to)}</label>
                            <input id=extend_id.clone() name="extended_to" type="date" required />
                        </div>
                        <button class="button button--small" type="submit">{t!(i18n, deadline.extend_button)}</button>
                    </ActionForm>
                </details>
            })}
            {(can_extend && !open).then(|| view! {
                <ActionForm action=update attr:class="form form--inline">
                    <input type="hidden" name="id" value=row.id.to_string() />
                    <input type="hidden" name="version" value=row.version.to_string() />
                    <input type="hidden" name="reopen" value="1" />
                    <button class="button button--small button--link" type="submit">{t!(i18n, deadline.reopen)}</button>
                </ActionForm>
            })}
        </li>
    }
    .into_any()
}
