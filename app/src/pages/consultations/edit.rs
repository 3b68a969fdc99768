//! Correcting a consultation: what was said and noticed. Whom it is about and what it started
//! stay as recorded; a save based on an old version is refused, keeping the input.

use crate::api::intake::{ConsultationDetail, UpdateConsultation, get_consultation};
use crate::components::choices::label_or_blank;
use crate::components::conflict::{ConflictMessage, ConflictNotice, differing};
use crate::components::form::{FormOutcome, action_error, error_message};
use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::consultations::new::ConsultationFactsFields;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn EditConsultationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let consultation = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_consultation(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, intake.edit_title).to_string()) />
        <p class="breadcrumb"><a href="/consultations">{t!(i18n, intake.log)}</a></p>
        <h1>{t!(i18n, intake.edit_heading)}</h1>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match consultation.await {
                    Ok(consultation) => view! { <EditForm consultation /> }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn EditForm(consultation: ConsultationDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateConsultation>::new();
    let error = action_error(action);
    let version = RwSignal::new(consultation.version);
    let conflict = RwSignal::new(None::<ConflictNotice>);
    let before = consultation.clone();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(new_version)) => {
            version.set(new_version);
            conflict.set(None);
        }
        Some(Err(crate::api::AppError::Conflict)) => {
            let before = before.clone();
            leptos::task::spawn_local(async move {
                if let Ok(now) = get_consultation(before.id).await {
                    let locale = i18n.get_locale_untracked();
                    use crate::i18n::td_string;
                    conflict.set(Some(ConflictNotice {
                        by: now.updated_by.clone(),
                        at: crate::domain::dates::japan_time_label(now.updated_at),
                        fields: differing([
                            (
                                td_string!(locale, intake.received_at),
                                before.received_at_local != now.received_at_local,
                            ),
                            (td_string!(locale, intake.channel), before.channel != now.channel),
                            (
                                td_string!(locale, intake.consultant),
                                before.consultant != now.consultant,
                            ),
                            (td_string!(locale, intake.summary), before.summary != now.summary),
                            (td_string!(locale, intake.urgency), before.urgency != now.urgency),
                            (td_string!(locale, intake.flags_legend), before.flags != now.flags),
                            (
                                td_string!(locale, intake.abuse_reported),
                                before.abuse_reported != now.abuse_reported
                                    || before.abuse_reported_on != now.abuse_reported_on,
                            ),
                            (
                                td_string!(locale, intake.abuse_response),
                                before.abuse_response != now.abuse_response,
                            ),
                        ]),
                    }));
                    version.set(now.version);
                }
            });
        }
        _ => {}
    });
    let saved = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .map(|_| t_string!(i18n, offices.saved).to_string())
    });
    let outcome = consultation.outcome;
    let about = consultation
        .person_name
        .clone()
        .unwrap_or_else(|| t_string!(i18n, intake.anonymous).to_string());
    let case_link = consultation.case_id.map(
        |case| view! { " " <a href=format!("/cases/{case}")>{t!(i18n, intake.open_case)}</a> },
    );
    view! {
        <dl class="facts">
            <dt>{t!(i18n, intake.person_legend)}</dt>
            <dd>{about}</dd>
            <dt>{t!(i18n, intake.outcome)}</dt>
            <dd>{move || label_or_blank(outcome, i18n.get_locale())}{case_link}</dd>
        </dl>
        <ConflictMessage notice=conflict id="consultation-conflict" />
        <ActionForm action attr:class="form" attr:id="consultation-edit-form">
            <input type="hidden" name="id" value=consultation.id.to_string() />
            <input type="hidden" name="version" value=move || version.get().to_string() />
            <fieldset class="fieldset fieldset--plain" disabled=!consultation.can_edit>
                <legend class="visually-hidden">{t!(i18n, intake.edit_heading)}</legend>
                <ConsultationFactsFields initial=Some(consultation.clone()) error />
                <FormOutcome error success=saved />
                {consultation.can_edit.then(|| view! { <button class="button button--primary" type="submit">{t!(i18n, case.save)}</button> })}
            </fieldset>
        </ActionForm>
    }
    .into_any()
}
