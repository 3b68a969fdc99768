//! Matching on a case (受任者調整): the candidates the register offers, best first, each score
//! explained point by point; those the Civil Code excludes, with the reason; recording a
//! conflict between a guardian and the person; and the conference's decision.

use crate::api::guardians::RecordConflict;
use crate::api::matching::{MatchingPanel, RecordMatching, SuggestionRow, get_matching};
use crate::components::choices::{CategoryOptions, label};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, action_error, error_id, error_message, invalid,
};
use crate::components::guardian_picker::GuardianPicker;
use crate::domain::matching::{ConflictKind, Exclusion, ScoreReason};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::pages::cases::detail::Reload;
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

/// One line of a score's explanation.
pub fn reason_text(reason: ScoreReason, locale: Locale) -> String {
    let points = reason.points();
    let sign = if points >= 0 { "+" } else { "−" };
    let what = match reason {
        ScoreReason::SameDistrict { .. } => td_string!(locale, matching.same_district).to_owned(),
        ScoreReason::FreeCapacity { free, .. } => {
            format!("{} {free}", td_string!(locale, matching.free_places))
        }
        ScoreReason::NoCapacityLimit { .. } => td_string!(locale, matching.no_limit).to_owned(),
        ScoreReason::Experience { cases, .. } => {
            format!("{} {cases}", td_string!(locale, matching.experience))
        }
        ScoreReason::RelativeOfPerson { .. } => td_string!(locale, matching.relative).to_owned(),
        ScoreReason::ConflictToWeigh { conflict, .. } => {
            format!("{}: {}", td_string!(locale, matching.to_weigh), label(conflict, locale))
        }
    };
    format!("{what} ({sign}{})", points.abs())
}

/// Why a candidate is excluded, with the article of the Civil Code.
pub fn exclusion_text(exclusion: Exclusion, locale: Locale) -> String {
    let article = td_string!(locale, matching.article);
    match exclusion {
        Exclusion::Disqualified(d) => {
            format!("{}（{article}{}）", label(d, locale), d.article_item())
        }
        Exclusion::Conflict(c) => format!("{}（{article}4）", label(c, locale)),
        Exclusion::NotRegistered => td_string!(locale, matching.not_registered).to_owned(),
        Exclusion::NoFreeCapacity => td_string!(locale, matching.full).to_owned(),
        Exclusion::RelativeOfAnother => td_string!(locale, matching.relative_of_another).to_owned(),
    }
}

/// Whether the case page shows the matching panel, kept by the page across reloads.
#[derive(Clone, Copy)]
pub struct MatchingShown(pub RwSignal<bool>);

#[component]
pub fn MatchingSection(case_id: Uuid, person_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    // Computed on request: the ranking reads the whole register. Whether it is open outlives
    // the reload that follows a recorded conflict or decision.
    let shown =
        use_context::<MatchingShown>().map(|shown| shown.0).unwrap_or_else(|| RwSignal::new(false));
    let reload = expect_context::<Reload>();
    let panel = Resource::new(
        move || (shown.get(), reload.0.get()),
        move |(shown, _)| async move {
            if shown { get_matching(case_id).await.map(Some) } else { Ok(None) }
        },
    );
    view! {
        <section class="panel" aria-labelledby="matching-heading">
            <h2 id="matching-heading">{t!(i18n, matching.heading)}</h2>
            <button class="button" type="button" id="show-matching" aria-expanded=move || shown.get().to_string()
                on:click=move |_| shown.update(|shown| *shown = !*shown)>
                {move || if shown.get() { t_string!(i18n, matching.hide) } else { t_string!(i18n, matching.show) }}
            </button>
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match panel.await {
                        Ok(Some(panel)) => view! { <Matching case_id person_id panel /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn Matching(case_id: Uuid, person_id: Uuid, panel: MatchingPanel) -> impl IntoView {
    let i18n = use_i18n();
    let other = panel.other_excluded;
    let proposals = panel.proposals.clone();
    view! {
        <h3>{t!(i18n, matching.proposals)}</h3>
        {if proposals.is_empty() {
            view! { <p>{t!(i18n, matching.no_proposals)}</p> }.into_any()
        } else {
            view! {
                <ol class="suggestions" id="suggestions">
                    {proposals.into_iter().map(|row| view! { <Suggestion row /> }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!panel.excluded.is_empty()).then(|| view! {
            <h3>{t!(i18n, matching.excluded)}</h3>
            <ul class="suggestions" id="excluded">
                {panel.excluded.clone().into_iter().map(|row| view! { <Suggestion row /> }).collect_view()}
            </ul>
        })}
        <p class="hint">{move || format!("{} {other}", t_string!(i18n, matching.other_excluded))}</p>
        {(!panel.decisions.is_empty()).then(|| view! {
            <h3>{t!(i18n, matching.decisions)}</h3>
            <ul>
                {panel.decisions.clone().into_iter().map(|d| view! {
                    <li>
                        {move || crate::components::choices::date_label(d.meeting_on, i18n.get_locale())}": "
                        {d.chosen.clone().unwrap_or_else(|| t_string!(i18n, matching.nobody_chosen).to_string())}
                        " — "{d.reason.clone()}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {panel.can_edit.then(|| view! {
            <ConflictForm person_id />
            <DecisionForm case_id panel=panel.clone() />
        })}
    }
    .into_any()
}

#[component]
fn Suggestion(row: SuggestionRow) -> impl IntoView {
    let i18n = use_i18n();
    let reasons = row.reasons.clone();
    let flags = row.flags.clone();
    let exclusion = row.exclusion;
    let free = row.free;
    view! {
        <li class="suggestion">
            <a href=format!("/guardians/{}", row.guardian_id)>{row.name.clone()}</a>" "
            <span>{move || label(row.kind, i18n.get_locale())}</span>" "
            <span class="hint">{row.district_name.clone().unwrap_or_default()}</span>
            {move || match exclusion {
                Some(exclusion) => view! {
                    " "<strong class="badge badge--danger">{t!(i18n, matching.excluded_badge)}</strong>
                    " "<span class="suggestion__exclusion">{exclusion_text(exclusion, i18n.get_locale())}</span>
                }.into_any(),
                None => view! {
                    " "<strong class="suggestion__score">{format!("{} {}", row.score, t_string!(i18n, matching.points))}</strong>
                    {free.map(|free| format!(" · {} {free}", t_string!(i18n, matching.free_places)))}
                }.into_any(),
            }}
            {(exclusion.is_none()).then(|| view! {
                <ul class="suggestion__reasons">
                    {reasons.iter().map(|reason| {
                        let reason = *reason;
                        view! { <li>{move || reason_text(reason, i18n.get_locale())}</li> }
                    }).collect_view()}
                </ul>
            })}
            {(!flags.is_empty()).then(|| view! {
                <p class="suggestion__flags">
                    {flags.iter().map(|flag| {
                        let flag = *flag;
                        view! { <span class="badge badge--warning">{move || label(flag, i18n.get_locale())}</span>" " }
                    }).collect_view()}
                </p>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn ConflictForm(person_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let record = ServerAction::<RecordConflict>::new();
    let error = action_error(record);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(record.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    view! {
        <details class="subpanel" id="conflict-details">
            <summary>{t!(i18n, matching.record_conflict)}</summary>
            <p class="hint">{t!(i18n, matching.conflict_hint)}</p>
            <ActionForm action=record attr:class="form" attr:id="conflict-form">
                <input type="hidden" name="person_id" value=person_id.to_string() />
                <GuardianPicker name="guardian_id" id="conflict-guardian" label=t_string!(i18n, appointment.guardian).to_string() required=true />
                <div class="field">
                    <label for="conflict-kind">{t!(i18n, matching.conflict_kind)}</label>
                    <select id="conflict-kind" name="kind" required
                        aria-invalid=invalid(error, "kind") aria-describedby=error_id("conflict-kind")>
                        <CategoryOptions<ConflictKind> selected=None blank=t_string!(i18n, case.choose).to_string() />
                    </select>
                    <FieldProblem error field="kind" input_id="conflict-kind" />
                </div>
                <div class="field">
                    <label for="conflict-note">{t!(i18n, matching.conflict_note)}</label>
                    <input id="conflict-note" name="note" type="text" />
                </div>
                <FormOutcome error explain_fields=true />
                <button class="button" type="submit">{t!(i18n, matching.record_conflict_button)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

#[component]
fn DecisionForm(case_id: Uuid, panel: MatchingPanel) -> impl IntoView {
    let i18n = use_i18n();
    let record = ServerAction::<RecordMatching>::new();
    let error = action_error(record);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(record.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let proposals = panel.proposals.clone();
    view! {
        <details class="subpanel" id="matching-decision-details">
            <summary>{t!(i18n, matching.record_decision)}</summary>
            <ActionForm action=record attr:class="form" attr:id="matching-decision-form">
                <input type="hidden" name="case_id" value=case_id.to_string() />
                <DateField id="matching-meeting-on" name="meeting_on" label=t_string!(i18n, matching.meeting_on).to_string() value=None error />
                <fieldset class="fieldset fieldset--checks">
                    <legend>{t!(i18n, matching.considered)}</legend>
                    {proposals.iter().map(|row| {
                        let id = format!("considered-{}", row.guardian_id);
                        view! {
                            <div class="field--check">
                                <input type="checkbox" id=id.clone() name="considered[]" value=row.guardian_id.to_string() />
                                <label for=id>{row.name.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="matching-chosen">{t!(i18n, matching.chosen)}</label>
                    <select id="matching-chosen" name="chosen_id">
                        <option value="">{t!(i18n, matching.nobody_chosen)}</option>
                        {proposals.iter().map(|row| view! { <option value=row.guardian_id.to_string()>{row.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="matching-reason">{t!(i18n, matching.reason)}</label>
                    <textarea id="matching-reason" name="reason" rows="3" required
                        aria-invalid=invalid(error, "reason") aria-describedby=error_id("matching-reason")></textarea>
                    <FieldProblem error field="reason" input_id="matching-reason" />
                </div>
                <FormOutcome error explain_fields=true />
                <button class="button button--primary" type="submit">{t!(i18n, matching.record_decision_button)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}
