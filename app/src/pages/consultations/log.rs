//! The centre's consultation log: every intake consultation, newest first, with a filter for
//! rights-violation flags; the page and filter live in the address.

use crate::api::intake::{ConsultationLog, LOG_PAGE_SIZE, list_consultations};
use crate::components::choices::{CategoryOptions, label, label_or_blank};
use crate::components::form::error_message;
use crate::components::pager::Pager;
use crate::components::title::page_title;
use crate::domain::categories::RightsViolation;
use crate::domain::dates::japan_time_label;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConsultationLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let flag = Memo::new(move |_| params.with(|p| p.get("flag").unwrap_or_default()));
    let page = Memo::new(move |_| {
        params.with(|p| p.get("page").and_then(|page| page.parse::<u64>().ok()).unwrap_or(1).max(1))
    });
    let recorded = Memo::new(move |_| params.with(|p| p.get("recorded").is_some()));
    let log = Resource::new(
        move || (page.get(), flag.get()),
        |(page, flag)| list_consultations(page, flag),
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, intake.log_title).to_string()) />
        <div class="page-heading">
            <h1>{t!(i18n, intake.log)}</h1>
            <p class="page-heading__actions">
                <a class="button button--primary" href="/consultations/new">{t!(i18n, intake.new)}</a>
                <a class="button" href="/cases">{t!(i18n, cases.heading)}</a>
            </p>
        </div>
        <Show when=move || recorded.get()>
            <p class="message message--success" role="status">{t!(i18n, intake.recorded)}</p>
        </Show>
        <Form method="GET" action="/consultations" attr:class="form form--inline">
            <div class="field">
                <label for="log-flag">{t!(i18n, cases.flag)}</label>
                <select id="log-flag" name="flag">
                    <CategoryOptions<RightsViolation> selected=RightsViolation::parse(&flag.get_untracked()) blank=t_string!(i18n, cases.any).to_string() />
                </select>
            </div>
            <button class="button" type="submit">{t!(i18n, cases.apply)}</button>
        </Form>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => view! { <LogTable log page=page.get_untracked() flag=flag.get_untracked() /> }.into_any(),
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
fn LogTable(log: ConsultationLog, page: u64, flag: String) -> impl IntoView {
    let i18n = use_i18n();
    if log.rows.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, intake.none)}</p> }.into_any();
    }
    let total = log.total;
    let link = move |page: u64| {
        let flag = if flag.is_empty() { String::new() } else { format!("&flag={flag}") };
        format!("/consultations?page={page}{flag}")
    };
    let previous = (page > 1).then(|| link(page - 1));
    let next = (page * LOG_PAGE_SIZE < total).then(|| link(page + 1));
    view! {
        <p role="status">{t!(i18n, intake.count, total = move || total)}</p>
        <div class="table-scroll">
            <table class="table table--compact">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, intake.received_at)}</th>
                        <th scope="col">{t!(i18n, intake.channel)}</th>
                        <th scope="col">{t!(i18n, intake.consultant)}</th>
                        <th scope="col">{t!(i18n, person.name)}</th>
                        <th scope="col">{t!(i18n, intake.summary)}</th>
                        <th scope="col">{t!(i18n, cases.flag)}</th>
                        <th scope="col">{t!(i18n, intake.outcome)}</th>
                    </tr>
                </thead>
                <tbody>
                    {log.rows.into_iter().map(|row| {
                        let flags = row.flags.clone();
                        view! {
                            <tr>
                                <td class="cell--nowrap"><a href=format!("/consultations/{}", row.id)>{japan_time_label(row.received_at)}</a></td>
                                <td>{move || label_or_blank(row.channel, i18n.get_locale())}</td>
                                <td>{move || label_or_blank(row.consultant, i18n.get_locale())}</td>
                                <td>
                                    {match (row.person_id, row.person_name.clone()) {
                                        (Some(id), Some(name)) => view! { <a href=format!("/persons/{id}")>{name}</a> }.into_any(),
                                        _ => view! { <span>{t_string!(i18n, intake.anonymous)}</span> }.into_any(),
                                    }}
                                </td>
                                <td class="cell--wrap">{row.summary.clone()}</td>
                                <td>{move || flags.iter().map(|f| label(*f, i18n.get_locale())).collect::<Vec<_>>().join("・")}</td>
                                <td>
                                    {move || label_or_blank(row.outcome, i18n.get_locale())}
                                    {row.case_id.map(|case| view! { " " <a href=format!("/cases/{case}")>{t!(i18n, intake.open_case)}</a> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager label=move || t_string!(i18n, cases.pages_label).to_string() previous next />
    }
    .into_any()
}
