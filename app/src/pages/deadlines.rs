//! The open court deadlines of the cases the user works on, soonest first, overdue marked: a
//! plain GET form and a table, so it works before the wasm loads.

use crate::api::deadlines::{OpenDeadline, OpenDeadlines, list_deadlines};
use crate::components::choices::{date_label, label_or_blank};
use crate::components::form::error_message;
use crate::components::list_href;
use crate::components::pager::{PagePosition, Pager};
use crate::components::title::page_title;
use crate::domain::deadlines::{DeadlineListQuery, DeadlineStatus, DueWindow, LIST_PAGE_SIZE};
use crate::domain::paging;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::pages::cases::deadlines::status_text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

fn window_label(window: DueWindow, locale: Locale) -> &'static str {
    match window {
        DueWindow::Overdue => td_string!(locale, deadline.window_overdue),
        DueWindow::Soon => td_string!(locale, deadline.window_soon),
        DueWindow::Quarter => td_string!(locale, deadline.window_quarter),
        DueWindow::All => td_string!(locale, deadline.window_all),
    }
}

#[component]
pub fn DeadlinesPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let list = Resource::new(move || search.get(), list_deadlines);
    let query = Memo::new(move |_| {
        let pairs = crate::api::cases::url_pairs(&search.get());
        DeadlineListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    view! {
        <Title text=page_title(move || t_string!(i18n, deadline.list_title).to_string()) />
        <h1>{t!(i18n, deadline.list_title)}</h1>
        <Form method="GET" action="/deadlines" attr:class="form form--filters" attr:role="search"
            attr:aria-label=move || t_string!(i18n, deadline.list_title).to_string()>
            <div class="field">
                <label for="deadline-window">{t!(i18n, deadline.window)}</label>
                <select id="deadline-window" name="due">
                    {move || {
                        let selected = query.get().window;
                        DueWindow::ALL.into_iter().map(|w| view! {
                            <option value=w.code() selected=w == selected>{window_label(w, i18n.get_locale())}</option>
                        }).collect_view()
                    }}
                </select>
            </div>
            <div class="form__actions">
                <button class="button button--primary" type="submit">{t!(i18n, cases.apply)}</button>
            </div>
        </Form>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! {
                        <DeadlineTable list link_prefix="/cases/" paged=query.get_untracked() />
                    }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Open deadlines in a table; each case number links to `link_prefix` + the case's id. A list
/// that is `paged` by that query gets links to its other pages; one that is not shows its first
/// page and says how many there are in all.
#[component]
pub fn DeadlineTable(
    list: OpenDeadlines,
    link_prefix: &'static str,
    #[prop(optional)] paged: Option<DeadlineListQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    if list.rows.is_empty() {
        return view! { <p role="status" class="notice">{t!(i18n, deadline.none_open)}</p> }
            .into_any();
    }
    let (shown, total) = (list.rows.len() as u64, list.total);
    let summary = match paged {
        Some(query) => {
            let first = query.page * LIST_PAGE_SIZE + 1;
            let last = first + shown - 1;
            view! { <p role="status">{t!(i18n, cases.summary, total = move || total, first = move || first, last = move || last)}</p> }.into_any()
        }
        None => view! {
            <p role="status">{move || format!("{} {total} ({} {shown})", t_string!(i18n, deadline.count), t_string!(i18n, deadline.shown))}</p>
        }.into_any(),
    };
    let pager = paged.map(|query| {
        let href = |page| list_href("/deadlines", &query.on_page(page).to_pairs());
        let pages = paging::page_count(total, LIST_PAGE_SIZE);
        let current = query.page + 1;
        let previous = (query.page > 0).then(|| href(query.page - 1));
        let next = (current < pages).then(|| href(query.page + 1));
        view! {
            <Pager label=move || t_string!(i18n, cases.pages_label).to_string() previous next
                position=PagePosition { current, pages } />
        }
    });
    view! {
        {summary}
        <div class="table-scroll">
            <table class="table" id="open-deadlines">
                <caption class="visually-hidden">{t!(i18n, deadline.list_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, deadline.due)}</th>
                        <th scope="col">{t!(i18n, deadline.state)}</th>
                        <th scope="col">{t!(i18n, deadline.what)}</th>
                        <th scope="col">{t!(i18n, cases.number)}</th>
                        <th scope="col">{t!(i18n, cases.person)}</th>
                        <th scope="col">{t!(i18n, appointment.guardian)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|row| view! { <Row row link_prefix /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {pager}
    }
    .into_any()
}

#[component]
fn Row(row: OpenDeadline, link_prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let status = row.status;
    let class = match status {
        DeadlineStatus::Overdue { .. } => "badge badge--danger",
        DeadlineStatus::DueSoon { .. } => "badge badge--warning",
        _ => "badge",
    };
    let (kind, sequence, due) = (row.kind, row.sequence, row.due_on);
    view! {
        <tr>
            <td class="cell--nowrap">{move || date_label(due, i18n.get_locale())}</td>
            <td><span class=class>{move || status_text(status, i18n.get_locale())}</span></td>
            <td>{move || label_or_blank(kind, i18n.get_locale())}{(sequence > 1).then(|| format!(" ({sequence})"))}</td>
            <td><a href=format!("{link_prefix}{}", row.case_id)>{row.case_number}</a></td>
            <td>{row.person_name}</td>
            <td>{row.guardian}</td>
        </tr>
    }
    .into_any()
}
