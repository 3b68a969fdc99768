//! One case file: the person, where the case stands and what may come next, the petition
//! data, the documents, the kinship survey and the timeline.

use crate::api::cases::{CaseDetail, TimelineEntry, TimelineKind, get_case};
use crate::components::choices::{date_label, label, label_or_blank};
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::domain::dates::japan_time_label;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::{
    activities::ActivitiesSection,
    appointments::AppointmentsSection,
    case_form::CaseForm,
    deadlines::DeadlinesSection,
    matching::MatchingSection,
    person_panel::PersonPanel,
    petition::PetitionPanel,
    shared_sections::{CaseAfterDeath, CaseDocuments},
    workflow::StageMoveForm,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// Bumped by every form on the page after a successful save, to load the case again.
#[derive(Clone, Copy)]
pub struct Reload(pub RwSignal<u64>);

impl Reload {
    pub fn now(self) {
        self.0.update(|count| *count += 1);
    }
}

#[component]
pub fn CaseDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    provide_context(crate::pages::cases::matching::MatchingShown(RwSignal::new(false)));
    let case = Resource::new(
        move || (id.get(), reload.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_case(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, case.title).to_string()) />
        <p class="breadcrumb"><a href="/cases">{t!(i18n, cases.heading)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(case) => view! { <CaseFile case /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, case.heading)}</h1>
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn CaseFile(case: CaseDetail) -> impl IntoView {
    let i18n = use_i18n();
    let stage = case.stage;
    let case_type = case.fields.case_type;
    let heading = format!("{}　{}", case.case_number, case.person.name);
    let timeline = case.timeline.clone();
    let updated = case
        .updated_by
        .clone()
        .map(|name| format!("{} {}", japan_time_label(case.updated_at), name));
    view! {
        <div class="page-heading">
            <h1>{heading}</h1>
            <p class="stage-line">
                <span class="stage stage--current" id="current-stage">{move || label_or_blank(stage, i18n.get_locale())}</span>
                <span>{move || label_or_blank(case_type, i18n.get_locale())}</span>
                <span>{case.office_name.clone()}</span>
                <span>{t!(i18n, cases.coordinator)}": "{case.coordinator_name.clone().unwrap_or_else(|| t_string!(i18n, cases.unassigned).to_string())}</span>
            </p>
            {updated.map(|text| view! { <p class="hint">{t!(i18n, case.last_change)}" "{text}</p> })}
        </div>
        <div class="case-layout">
            <div class="case-layout__main">
                {case.can_edit.then(|| view! { <StageMoveForm case=case.clone() /> })}
                <AppointmentsSection case_id=case.id />
                <DeadlinesSection case_id=case.id />
                <ActivitiesSection case_id=case.id />
                <CaseAfterDeath case_id=case.id />
                <CaseDocuments case_id=case.id />
                <MatchingSection case_id=case.id person_id=case.person.id />
                <CaseForm case=case.clone() />
                <PetitionPanel case=case.clone() />
            </div>
            <div class="case-layout__side">
                <PersonPanel person=case.person.clone() can_edit=case.can_edit districts=case.districts.clone() />
                <p><a href=format!("/persons/{}", case.person.id)>{t!(i18n, person.page_link)}</a></p>
                <Timeline entries=timeline />
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t!(i18n, case.timeline)}</h2>
            <ol class="timeline" id="timeline">
                {entries.into_iter().map(|entry| {
                    let at = japan_time_label(entry.at);
                    let datetime = entry.at.to_rfc3339();
                    let actor = entry.actor.clone().unwrap_or_default();
                    let comment = entry.comment.clone();
                    let kind = entry.kind.clone();
                    view! {
                        <li class="timeline__entry">
                            <p class="timeline__meta"><time datetime=datetime>{at}</time>" "{actor}</p>
                            <p class="timeline__what">{move || describe(&kind, i18n.get_locale())}</p>
                            {(!comment.is_empty()).then(|| view! { <p class="timeline__comment">{comment.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// One line saying what happened.
fn describe(kind: &TimelineKind, locale: crate::i18n::Locale) -> String {
    use crate::i18n::td_string;
    match kind {
        TimelineKind::Opened => td_string!(locale, case.event_opened).to_string(),
        TimelineKind::Imported => td_string!(locale, case.event_imported).to_string(),
        TimelineKind::StageMoved { from, to } => format!(
            "{}: {} → {}",
            td_string!(locale, case.event_moved),
            label_or_blank(*from, locale),
            label_or_blank(*to, locale)
        ),
        TimelineKind::Reassigned { to } => format!(
            "{}: {}",
            td_string!(locale, case.event_reassigned),
            to.clone().unwrap_or_else(|| td_string!(locale, cases.unassigned).to_string())
        ),
        TimelineKind::Consultation { channel, consultant, summary, flags, outcome } => {
            let flags: Vec<&str> = flags.iter().map(|flag| label(*flag, locale)).collect();
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" [{}: {}]", td_string!(locale, cases.flag), flags.join("・"))
            };
            format!(
                "{} ({} / {}){} {} → {}",
                td_string!(locale, case.event_consultation),
                label_or_blank(*channel, locale),
                label_or_blank(*consultant, locale),
                flags,
                summary,
                label_or_blank(*outcome, locale)
            )
        }
        TimelineKind::Appointed { guardian, role, decided_on, effective_on } => format!(
            "{}: {} ({}) {} {} / {} {}",
            td_string!(locale, appointment.event_appointed),
            guardian,
            label_or_blank(*role, locale),
            td_string!(locale, appointment.decided_on),
            date_label(*decided_on, locale),
            td_string!(locale, appointment.effective_on),
            date_label(*effective_on, locale)
        ),
        TimelineKind::AppointmentEnded { guardian, role, ended_on, reason } => format!(
            "{}: {} ({}) {} {}",
            td_string!(locale, appointment.event_ended),
            guardian,
            label_or_blank(*role, locale),
            date_label(*ended_on, locale),
            label_or_blank(*reason, locale)
        ),
        TimelineKind::Relay { status } => {
            format!("{}: {}", td_string!(locale, relay.event), label_or_blank(*status, locale))
        }
        TimelineKind::Matching { meeting_on, chosen } => format!(
            "{} ({}): {}",
            td_string!(locale, matching.event),
            date_label(*meeting_on, locale),
            chosen
                .clone()
                .unwrap_or_else(|| td_string!(locale, matching.nobody_chosen).to_string())
        ),
        TimelineKind::Activity { kind, occurred_on, by_guardian } => format!(
            "{}: {} ({}){}",
            td_string!(locale, activity.event),
            label_or_blank(*kind, locale),
            date_label(*occurred_on, locale),
            if *by_guardian {
                format!(" [{}]", td_string!(locale, activity.by_guardian))
            } else {
                String::new()
            }
        ),
    }
}

/// A date, or a dash when there is none.
pub fn date_or_dash(date: Option<chrono::NaiveDate>, locale: crate::i18n::Locale) -> String {
    date.map(|date| date_label(date, locale)).unwrap_or_else(|| "—".to_owned())
}
