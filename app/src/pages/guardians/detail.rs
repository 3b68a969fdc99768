//! One guardian: where they stand (status, load against capacity, registration and its
//! expiry), their appointments current and past, the conflicts recorded with persons, and the
//! register form to keep the entry up to date.

use crate::api::guardians::{GuardianDetail, get_guardian, guardian_form_options};
use crate::components::choices::{date_label, label_or_blank};
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::detail::{Reload, date_or_dash};
use crate::pages::guardians::form::GuardianEditor;
use crate::pages::guardians::{expiry_text, load_text, status_label};
use crate::pages::outreach::SupportHistorySection;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn GuardianPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    let detail = Resource::new(
        move || (id.get(), reload.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_guardian(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, guardian.heading).to_string()) />
        <p class="breadcrumb"><a href="/guardians">{t!(i18n, guardian.list_title)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <GuardianFile detail /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, guardian.heading)}</h1>
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn GuardianFile(detail: GuardianDetail) -> impl IntoView {
    let i18n = use_i18n();
    let fields = detail.fields.clone();
    let status = detail.status;
    let warning = detail.expiry_warning;
    let (active, capacity) = (detail.active, fields.capacity);
    let kind = fields.kind;
    let registration = fields.registration;
    let (current, past): (Vec<_>, Vec<_>) =
        detail.appointments.clone().into_iter().partition(|a| a.ended_on.is_none());
    let editor = detail.can_edit.then(|| {
        let detail = detail.clone();
        let choices = Resource::new(|| (), |_| guardian_form_options(String::new()));
        view! {
            <details class="panel">
                <summary><h2 class="summary-heading">{t!(i18n, guardian.edit)}</h2></summary>
                <Suspense fallback=|| ()>
                    {move || {
                        let detail = detail.clone();
                        Suspend::new(async move {
                            choices.await.ok().map(|choices| view! { <GuardianEditor initial=Some(detail) choices /> })
                        })
                    }}
                </Suspense>
            </details>
        }
    });
    view! {
        <div class="page-heading">
            <h1>{fields.name.clone()}</h1>
            <p class="stage-line">
                <span class="kana">{fields.name_kana.clone()}</span>
                <span>{move || label_or_blank(kind, i18n.get_locale())}</span>
                <span class="stage stage--current" id="guardian-status">{move || status_label(status, i18n.get_locale())}</span>
            </p>
        </div>
        <div class="case-layout">
            <div class="case-layout__main">
                <section class="panel" aria-labelledby="guardian-facts-heading">
                    <h2 id="guardian-facts-heading">{t!(i18n, guardian.facts)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, guardian.load)}</dt>
                        <dd id="guardian-load">{move || load_text(active, capacity, i18n.get_locale())}</dd>
                        <dt>{t!(i18n, guardian.registration_number)}</dt>
                        <dd>{fields.registration_number.clone()}</dd>
                        <dt>{t!(i18n, guardian.account)}</dt>
                        <dd id="guardian-account">{detail.account_login_id.clone().unwrap_or_else(|| t_string!(i18n, guardian.no_account).to_string())}</dd>
                        <dt>{t!(i18n, cases.district)}</dt>
                        <dd>{detail.district_name.clone().unwrap_or_default()}</dd>
                        <dt>{t!(i18n, guardian.contact)}</dt>
                        <dd>{[fields.phone.clone(), fields.email.clone(), fields.address.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" / ")}</dd>
                        {(!fields.organisation.is_empty() || !fields.association.is_empty()).then(|| view! {
                            <dt>{t!(i18n, guardian.organisation)}</dt>
                            <dd>{format!("{} {}", fields.organisation, fields.association)}</dd>
                        })}
                        {detail.related_person_name.clone().map(|name| view! {
                            <dt>{t!(i18n, guardian.related_person)}</dt>
                            <dd>{name}" "{fields.relation.clone()}</dd>
                        })}
                        {registration.map(|registration| view! {
                            <dt>{t!(i18n, guardian.registration)}</dt>
                            <dd>{move || label_or_blank(Some(registration), i18n.get_locale())}</dd>
                            <dt>{t!(i18n, guardian.training)}</dt>
                            <dd>
                                {fields.training_year.map(|y| format!("{y} ")).unwrap_or_default()}
                                {move || date_or_dash(fields.training_completed_on, i18n.get_locale())}
                            </dd>
                            <dt>{t!(i18n, guardian.registered_on)}</dt>
                            <dd>{move || date_or_dash(fields.registered_on, i18n.get_locale())}</dd>
                            <dt>{t!(i18n, guardian.registration_expires_on)}</dt>
                            <dd id="guardian-expiry">
                                {move || date_or_dash(fields.registration_expires_on, i18n.get_locale())}
                                {move || warning.map(|w| view! { " "<span class="badge badge--warning">{expiry_text(w, i18n.get_locale())}</span> })}
                            </dd>
                        })}
                        {fields.disqualification.map(|d| view! {
                            <dt>{t!(i18n, guardian.disqualification)}</dt>
                            <dd><span class="badge badge--danger">{move || label_or_blank(Some(d), i18n.get_locale())}</span></dd>
                        })}
                        {(!fields.skills.is_empty()).then(|| view! {
                            <dt>{t!(i18n, guardian.skills)}</dt>
                            <dd>{fields.skills.clone()}</dd>
                        })}
                    </dl>
                </section>
                <SupportHistorySection guardian_id=detail.id />
                {editor}
            </div>
            <div class="case-layout__side">
                <AppointmentList heading_id="guardian-current-heading" heading=t_string!(i18n, guardian.current_appointments).to_string() rows=current />
                <AppointmentList heading_id="guardian-past-heading" heading=t_string!(i18n, guardian.past_appointments).to_string() rows=past />
                <section class="panel" aria-labelledby="guardian-conflicts-heading">
                    <h2 id="guardian-conflicts-heading">{t!(i18n, guardian.conflicts)}</h2>
                    {if detail.conflicts.is_empty() {
                        view! { <p>{t!(i18n, guardian.no_conflicts)}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {detail.conflicts.clone().into_iter().map(|c| view! {
                                    <li>
                                        {c.person_name.unwrap_or_else(|| t_string!(i18n, guardian.other_office).to_string())}": "
                                        {move || label_or_blank(c.kind, i18n.get_locale())}
                                        {(!c.note.is_empty()).then(|| format!(" ({})", c.note))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn AppointmentList(
    heading_id: &'static str,
    heading: String,
    rows: Vec<crate::api::guardians::GuardianAppointmentRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            {if rows.is_empty() {
                view! { <p>{t!(i18n, guardian.no_appointments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="appointment-list">
                        {rows.into_iter().map(|row| {
                            let case = match (row.case_id, row.case_number.clone()) {
                                (Some(id), Some(number)) => view! {
                                    <a href=format!("/cases/{id}")>{number}</a>" "{row.person_name.clone().unwrap_or_default()}
                                }.into_any(),
                                _ => view! { <span>{t!(i18n, guardian.other_office)}</span> }.into_any(),
                            };
                            view! {
                                <li>
                                    {case}" "
                                    <span>{move || label_or_blank(row.role, i18n.get_locale())}</span>" "
                                    <span class="cell--nowrap">
                                        {move || date_label(row.effective_on, i18n.get_locale())}
                                        {move || row.ended_on.map(|d| format!(" – {}", date_label(d, i18n.get_locale())))}
                                    </span>
                                    {move || row.end_reason.map(|r| format!(" ({})", label_or_blank(Some(r), i18n.get_locale())))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
