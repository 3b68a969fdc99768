//! The citizen guardian's own pages: "my work" (my cases, active first; my deadlines, overdue
//! first; the relays I am to take over) and one of my cases (the person's essentials, my
//! appointment and the team, my deadlines to mark as sent, my activity log).

use crate::api::portal::{MyCase, MyCaseRow, MyOverview, MyRelay, get_my_case, get_my_overview};
use crate::components::choices::{date_label, label_or_blank};
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::domain::support::Turn;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::activities::ActivitiesSection;
use crate::pages::cases::deadlines::{DeadlinesSection, status_text};
use crate::pages::cases::detail::{Reload, date_or_dash};
use crate::pages::cases::person_panel::PersonPanel;
use crate::pages::cases::shared_sections::{CaseAfterDeath, CaseDocuments};
use crate::pages::deadlines::DeadlineTable;
use crate::pages::support::turn_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn MyWorkPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_my_overview());
    view! {
        <Title text=page_title(move || t_string!(i18n, portal.title).to_string()) />
        <h1>{t!(i18n, portal.title)}</h1>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
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
fn Overview(overview: MyOverview) -> impl IntoView {
    let i18n = use_i18n();
    let MyOverview { cases, deadlines, relays, support, .. } = overview;
    view! {
        <section class="panel" aria-labelledby="my-support-heading">
            <h2 id="my-support-heading">{t!(i18n, portal.support)}</h2>
            {(!support.is_empty()).then(|| view! {
                <ul class="plain-list" id="my-support">
                    {support.into_iter().map(|row| {
                        let turn = row.turn;
                        view! {
                            <li>
                                <a href=format!("/support/{}", row.id)>{row.subject}</a>" "
                                <span class="badge" class:badge--warning=turn == Turn::Guardian>{move || turn_label(turn, i18n.get_locale())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <p><a href="/support">{t!(i18n, portal.ask_centre)}</a></p>
        </section>
        <section class="panel" aria-labelledby="my-deadlines-heading">
            <h2 id="my-deadlines-heading">{t!(i18n, portal.deadlines)}</h2>
            <DeadlineTable list=deadlines link_prefix="/my/cases/" />
        </section>
        <section class="panel" aria-labelledby="my-cases-heading">
            <h2 id="my-cases-heading">{t!(i18n, portal.cases)}</h2>
            {if cases.is_empty() {
                view! { <p>{t!(i18n, portal.no_cases)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table" id="my-cases">
                            <caption class="visually-hidden">{t!(i18n, portal.cases)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, cases.person)}</th>
                                    <th scope="col">{t!(i18n, cases.number)}</th>
                                    <th scope="col">{t!(i18n, appointment.role)}</th>
                                    <th scope="col">{t!(i18n, appointment.effective_on)}</th>
                                    <th scope="col">{t!(i18n, portal.next_deadline)}</th>
                                    <th scope="col">{t!(i18n, portal.last_activity)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {cases.into_iter().map(|row| view! { <CaseRow row /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        {(!relays.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="my-relays-heading">
                <h2 id="my-relays-heading">{t!(i18n, portal.relays)}</h2>
                <ul class="plain-list" id="my-relays">
                    {relays.into_iter().map(|relay| view! { <RelayLine relay /> }).collect_view()}
                </ul>
            </section>
        })}
    }
    .into_any()
}

#[component]
fn CaseRow(row: MyCaseRow) -> impl IntoView {
    let i18n = use_i18n();
    let (role, effective, ended) = (row.role, row.effective_on, row.ended_on);
    let (due, status, last) = (row.next_due, row.next_status, row.last_activity_on);
    view! {
        <tr>
            <td>
                <a href=format!("/my/cases/{}", row.case_id)>{row.person_name}</a>
                {ended.map(|on| view! { " "<span class="badge">{t!(i18n, portal.ended)}" "{move || date_label(on, i18n.get_locale())}</span> })}
            </td>
            <td>{row.case_number}</td>
            <td>{move || label_or_blank(role, i18n.get_locale())}</td>
            <td class="cell--nowrap">{move || date_label(effective, i18n.get_locale())}</td>
            <td class="cell--nowrap">
                {move || date_or_dash(due, i18n.get_locale())}
                {status.map(|status| view! { " "<span class="hint">{move || status_text(status, i18n.get_locale())}</span> })}
            </td>
            <td class="cell--nowrap">{move || date_or_dash(last, i18n.get_locale())}</td>
        </tr>
    }
    .into_any()
}

#[component]
fn RelayLine(relay: MyRelay) -> impl IntoView {
    let i18n = use_i18n();
    let (status, target) = (relay.status, relay.target_date);
    let progress = format!("{}/{}", relay.checklist_done, relay.checklist_total);
    view! {
        <li>
            <strong>{relay.person_name}</strong>" ("{relay.case_number}") "
            <span class="badge">{move || label_or_blank(status, i18n.get_locale())}</span>" "
            {t!(i18n, relay.target_date)}": "{move || date_label(target, i18n.get_locale())}" · "
            {t!(i18n, portal.predecessor)}": "{relay.predecessor_name}" · "
            {t!(i18n, portal.checklist)}": "{progress}
        </li>
    }
    .into_any()
}

#[component]
pub fn MyCasePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    let case = Resource::new(
        move || (id.get(), reload.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_my_case(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, case.title).to_string()) />
        <p class="breadcrumb"><a href="/my">{t!(i18n, portal.title)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(case) => view! { <MyCaseView case /> }.into_any(),
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
fn MyCaseView(case: MyCase) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("{}　{}", case.case_number, case.person.name);
    let (case_type, role, mode) = (case.case_type, case.role, case.mode);
    let (decided, effective, ended) = (case.decided_on, case.effective_on, case.ended_on);
    let coordinator = case.coordinator.clone().unwrap_or_else(|| "—".to_owned());
    view! {
        <div class="page-heading">
            <h1>{heading}</h1>
            <p class="stage-line">
                <span>{move || label_or_blank(case_type, i18n.get_locale())}</span>
                <span>{case.court.clone().unwrap_or_default()}</span>
            </p>
        </div>
        <div class="case-layout">
            <div class="case-layout__main">
                <section class="panel" aria-labelledby="my-appointment-heading">
                    <h2 id="my-appointment-heading">{t!(i18n, portal.my_appointment)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, appointment.role)}</dt>
                        <dd>{move || label_or_blank(role, i18n.get_locale())}" ("{move || label_or_blank(mode, i18n.get_locale())}")"</dd>
                        <dt>{t!(i18n, appointment.decided_on)}</dt>
                        <dd>{move || date_label(decided, i18n.get_locale())}</dd>
                        <dt>{t!(i18n, appointment.effective_on)}</dt>
                        <dd>{move || date_label(effective, i18n.get_locale())}</dd>
                        {ended.map(|on| view! {
                            <dt>{t!(i18n, portal.ended)}</dt>
                            <dd>{move || date_label(on, i18n.get_locale())}</dd>
                        })}
                        <dt>{t!(i18n, portal.centre_contact)}</dt>
                        <dd>{case.office_name.clone()}" / "{coordinator}</dd>
                    </dl>
                    {(!case.team.is_empty()).then(|| view! {
                        <h3>{t!(i18n, portal.team)}</h3>
                        <ul class="plain-list" id="my-team">
                            {case.team.iter().cloned().map(|member| {
                                let (kind, role) = (member.kind, member.role);
                                view! {
                                    <li>
                                        <strong>{member.name}</strong>" "
                                        {move || label_or_blank(role, i18n.get_locale())}" · "
                                        {move || label_or_blank(kind, i18n.get_locale())}" "
                                        {member.organisation}" "{member.phone}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                </section>
                <DeadlinesSection case_id=case.case_id />
                <ActivitiesSection case_id=case.case_id />
                <CaseAfterDeath case_id=case.case_id />
                <CaseDocuments case_id=case.case_id />
            </div>
            <div class="case-layout__side">
                <PersonPanel person=case.person.clone() can_edit=false districts=Vec::new() />
            </div>
        </div>
    }
    .into_any()
}
