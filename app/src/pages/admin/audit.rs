//! The audit trail: filter by actor, action, record and dates; newest first, 50 a page. The
//! filter lives in the address (a plain GET form), so a search can be bookmarked and shared.

use crate::api::audit::{AuditPage, AuditQuery, AuditRow, search_audit};
use crate::components::form::{FieldProblem, error_id, error_message, invalid};
use crate::components::pager::Pager;
use crate::components::title::page_title;
use crate::domain::audit::AuditAction;
use crate::domain::dates::japan_time_label;
use crate::i18n::{t, t_string, use_i18n};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn query_from(params: &leptos_router::params::ParamsMap) -> AuditQuery {
    let text = |key: &str| params.get(key).unwrap_or_default();
    let date = |key: &str| {
        params.get(key).and_then(|value| NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok())
    };
    AuditQuery {
        actor: text("actor"),
        action: text("action"),
        entity_type: text("entity_type"),
        entity_id: text("entity_id"),
        from: date("from"),
        to: date("to"),
        page: params.get("page").and_then(|page| page.parse().ok()).unwrap_or(0),
    }
}

/// The address of another page of the same search.
fn page_link(query: &AuditQuery, page: u64) -> String {
    let mut parts = vec![];
    let mut add = |key: &str, value: &str| {
        if !value.is_empty() {
            parts.push(format!("{key}={}", crate::components::encode_query_value(value)));
        }
    };
    add("actor", &query.actor);
    add("action", &query.action);
    add("entity_type", &query.entity_type);
    add("entity_id", &query.entity_id);
    add("from", &query.from.map(|date| date.to_string()).unwrap_or_default());
    add("to", &query.to.map(|date| date.to_string()).unwrap_or_default());
    parts.push(format!("page={page}"));
    format!("/admin/audit?{}", parts.join("&"))
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_from));
    let results = Resource::new(move || query.get(), search_audit);
    let error = Signal::derive(move || results.get().and_then(Result::err));
    view! {
        <Title text=page_title(move || t_string!(i18n, audit.title).to_string()) />
        <p class="breadcrumb"><a href="/admin">{t!(i18n, admin.heading)}</a></p>
        <h1>{t!(i18n, audit.heading)}</h1>
        <p class="hint">{t!(i18n, audit.intro)}</p>
        <FilterForm query=query.get_untracked() error />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(page) => view! { <Results page query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FilterForm(query: AuditQuery, error: Signal<Option<crate::api::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let date_value =
        |date: Option<NaiveDate>| date.map(|date| date.to_string()).unwrap_or_default();
    let selected_action = query.action.clone();
    view! {
        <Form method="GET" action="/admin/audit" attr:class="form form--filters">
            <div class="field">
                <label for="audit-actor">{t!(i18n, audit.actor)}</label>
                <input id="audit-actor" name="actor" type="text" value=query.actor autocapitalize="none" spellcheck="false"
                    aria-invalid=invalid(error, "actor") aria-describedby=error_id("audit-actor") />
                <FieldProblem error field="actor" input_id="audit-actor" />
            </div>
            <div class="field">
                <label for="audit-action">{t!(i18n, audit.action)}</label>
                <select id="audit-action" name="action">
                    <option value="">{t!(i18n, audit.any_action)}</option>
                    {AuditAction::ALL.into_iter().map(|action| view! {
                        <option value=action.code() selected=selected_action == action.code()>{action.code()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-entity-type">{t!(i18n, audit.entity_type)}</label>
                <input id="audit-entity-type" name="entity_type" type="text" value=query.entity_type />
            </div>
            <div class="field">
                <label for="audit-entity-id">{t!(i18n, audit.entity_id)}</label>
                <input id="audit-entity-id" name="entity_id" type="text" value=query.entity_id />
            </div>
            <div class="field">
                <label for="audit-from">{t!(i18n, audit.from)}</label>
                <input id="audit-from" name="from" type="date" value=date_value(query.from) />
            </div>
            <div class="field">
                <label for="audit-to">{t!(i18n, audit.to)}</label>
                <input id="audit-to" name="to" type="date" value=date_value(query.to)
                    aria-invalid=invalid(error, "to") aria-describedby=error_id("audit-to") />
                <FieldProblem error field="to" input_id="audit-to" />
            </div>
            <div class="form__actions">
                <button class="button button--primary" type="submit">{t!(i18n, audit.search)}</button>
                <a class="button" href="/admin/audit">{t!(i18n, audit.clear)}</a>
            </div>
        </Form>
    }
}

#[component]
fn Results(page: AuditPage, query: AuditQuery) -> impl IntoView {
    let i18n = use_i18n();
    if page.rows.is_empty() {
        return view! { <p role="status">{t!(i18n, audit.none)}</p> }.into_any();
    }
    let first = page.page * page.page_size + 1;
    let last = first + page.rows.len() as u64 - 1;
    let total = page.total;
    let previous = (page.page > 0).then(|| page_link(&query, page.page - 1));
    let next = (last < total).then(|| page_link(&query, page.page + 1));
    view! {
        <p role="status">{t!(i18n, audit.summary, total = move || total, first = move || first, last = move || last)}</p>
        <div class="table-scroll">
            <table class="table table--compact">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, audit.time)}</th>
                        <th scope="col">{t!(i18n, audit.actor)}</th>
                        <th scope="col">{t!(i18n, audit.action)}</th>
                        <th scope="col">{t!(i18n, audit.entity)}</th>
                        <th scope="col">{t!(i18n, audit.details)}</th>
                        <th scope="col">{t!(i18n, audit.address)}</th>
                        <th scope="col">{t!(i18n, audit.request)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <AuditRowView row /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager label=move || t_string!(i18n, audit.pages_label).to_string() previous next />
    }
    .into_any()
}

#[component]
fn AuditRowView(row: AuditRow) -> impl IntoView {
    let i18n = use_i18n();
    let actor = match (row.actor_login_id, row.actor_role) {
        (Some(login_id), Some(role)) => format!("{login_id} ({role})"),
        (Some(login_id), None) => login_id,
        _ => String::new(),
    };
    let entity = match (row.entity_type, row.entity_id) {
        (Some(kind), Some(id)) => format!("{kind} {id}"),
        (Some(kind), None) => kind,
        _ => String::new(),
    };
    let is_system = actor.is_empty();
    view! {
        <tr>
            <td class="cell--nowrap">{japan_time_label(row.occurred_at)}</td>
            <td>{if is_system { t_string!(i18n, audit.system).to_string() } else { actor }}</td>
            <td><code>{row.action}</code></td>
            <td class="cell--wrap">{entity}</td>
            <td class="cell--wrap"><code>{row.details.unwrap_or_default()}</code></td>
            <td>{row.client_ip.unwrap_or_default()}</td>
            <td class="cell--wrap"><code>{row.request_id.unwrap_or_default()}</code></td>
        </tr>
    }
}
