//! The coordinator's inbox (確認事項): overdue and soon-due court deadlines, citizen guardians
//! not heard from, open support requests, relays near their target date and voluntary contracts due for a check-in.
//! Every item links to the case where it is handled. Server-rendered lists, so it reads before
//! the wasm loads.

use crate::api::inbox::{CheckInDue, Inbox, QuietCase, RelayDue, get_inbox};
use crate::components::choices::{date_label, label_or_blank};
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::detail::date_or_dash;
use crate::pages::deadlines::DeadlineTable;
use crate::pages::support::SupportInboxList;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let inbox = Resource::new(|| (), |_| get_inbox());
    view! {
        <Title text=page_title(move || t_string!(i18n, inbox.title).to_string()) />
        <h1>{t!(i18n, inbox.title)}</h1>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => view! { <Lists inbox /> }.into_any(),
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
fn Lists(inbox: Inbox) -> impl IntoView {
    let i18n = use_i18n();
    let Inbox { deadlines, support, quiet_cases, relays, check_ins, contact_days, check_in_months } =
        inbox;
    let counts = (deadlines.total, quiet_cases.len(), relays.len(), check_ins.len(), support.len());
    view! {
        <section class="panel" aria-labelledby="inbox-deadlines">
            <h2 id="inbox-deadlines">{t!(i18n, inbox.deadlines)}" ("{counts.0}")"</h2>
            <DeadlineTable list=deadlines link_prefix="/cases/" />
        </section>
        <section class="panel" aria-labelledby="inbox-support">
            <h2 id="inbox-support">{t!(i18n, inbox.support)}" ("{counts.4}")"</h2>
            <SupportInboxList rows=support />
        </section>
        <section class="panel" aria-labelledby="inbox-quiet">
            <h2 id="inbox-quiet">{t!(i18n, inbox.quiet)}" ("{counts.1}")"</h2>
            <p class="hint">{move || t_string!(i18n, inbox.quiet_hint).replace("{days}", &contact_days.to_string())}</p>
            {if quiet_cases.is_empty() {
                view! { <p>{t!(i18n, inbox.nothing)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="inbox-quiet-list">
                        {quiet_cases.into_iter().map(|item| view! { <Quiet item /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="inbox-relays">
            <h2 id="inbox-relays">{t!(i18n, inbox.relays)}" ("{counts.2}")"</h2>
            {if relays.is_empty() {
                view! { <p>{t!(i18n, inbox.nothing)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="inbox-relay-list">
                        {relays.into_iter().map(|item| view! { <Relay item /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="inbox-check-ins">
            <h2 id="inbox-check-ins">{t!(i18n, inbox.check_ins)}" ("{counts.3}")"</h2>
            <p class="hint">{move || t_string!(i18n, inbox.check_in_hint).replace("{months}", &check_in_months.to_string())}</p>
            {if check_ins.is_empty() {
                view! { <p>{t!(i18n, inbox.nothing)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="inbox-check-in-list">
                        {check_ins.into_iter().map(|item| view! { <CheckIn item /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Quiet(item: QuietCase) -> impl IntoView {
    let i18n = use_i18n();
    let (last, since) = (item.last_contact, item.appointed_on);
    view! {
        <li>
            <a href=format!("/cases/{}", item.case_id)>{item.person_name}</a>" ("{item.case_number}") · "
            {item.guardian}" · "{t!(i18n, inbox.last_contact)}": "
            {move || date_or_dash(last, i18n.get_locale())}" · "
            {t!(i18n, appointment.effective_on)}": "{move || date_label(since, i18n.get_locale())}
        </li>
    }
    .into_any()
}

#[component]
fn Relay(item: RelayDue) -> impl IntoView {
    let i18n = use_i18n();
    let (status, target) = (item.status, item.target_date);
    view! {
        <li>
            <a href=format!("/cases/{}", item.case_id)>{item.person_name}</a>" ("{item.case_number}") · "
            <span class="badge">{move || label_or_blank(status, i18n.get_locale())}</span>" · "
            {t!(i18n, relay.target_date)}": "{move || date_label(target, i18n.get_locale())}
        </li>
    }
    .into_any()
}

#[component]
fn CheckIn(item: CheckInDue) -> impl IntoView {
    let i18n = use_i18n();
    let (signed, last) = (item.contract_date, item.last_check_in);
    view! {
        <li>
            <a href=format!("/cases/{}", item.case_id)>{item.person_name}</a>" ("{item.case_number}") · "
            {t!(i18n, inbox.contract_date)}": "{move || date_label(signed, i18n.get_locale())}" · "
            {t!(i18n, inbox.last_check_in)}": "{move || date_or_dash(last, i18n.get_locale())}
        </li>
    }
    .into_any()
}
