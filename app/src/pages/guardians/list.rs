//! The guardian register list: search, filters (kind, status, district, free capacity) and
//! sort in the address, as a plain GET form that works before the wasm loads.

use crate::api::guardians::{GuardianListPage, GuardianRow, list_guardians};
use crate::components::choices::{CategoryOptions, ChoiceOptions, date_label, label_or_blank};
use crate::components::form::error_message;
use crate::components::pager::{PagePosition, Pager};
use crate::components::title::page_title;
use crate::domain::guardian_list::{GuardianListQuery, GuardianSort, PAGE_SIZE};
use crate::domain::guardians::GuardianKind;
use crate::domain::paging;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::guardians::{STATUSES, expiry_text, load_text, status_label};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

fn href(query: &GuardianListQuery) -> String {
    crate::components::list_href("/guardians", &query.to_pairs())
}

#[component]
pub fn GuardianListPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let page = Resource::new(move || search.get(), list_guardians);
    let query = Memo::new(move |_| {
        let pairs = crate::api::cases::url_pairs(&search.get());
        GuardianListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    view! {
        <Title text=page_title(move || t_string!(i18n, guardian.list_title).to_string()) />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <div class="page-heading">
                            <h1>{t!(i18n, guardian.list_title)}</h1>
                            {page.can_edit.then(|| view! {
                                <p class="page-heading__actions">
                                    <a class="button button--primary" href="/guardians/new">{t!(i18n, guardian.register)}</a>
                                </p>
                            })}
                        </div>
                        <Filters query=query.get_untracked() page=page.clone() />
                        <Results page query=query.get_untracked() />
                    }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, guardian.list_title)}</h1>
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Filters(query: GuardianListQuery, page: GuardianListPage) -> impl IntoView {
    let i18n = use_i18n();
    let any = move || t_string!(i18n, cases.any).to_string();
    let selected_status = query.status;
    view! {
        <Form method="GET" action="/guardians" attr:class="form form--filters" attr:role="search"
            attr:aria-label=move || t_string!(i18n, guardian.search_label).to_string()>
            <div class="field field--wide">
                <label for="guardian-search">{t!(i18n, guardian.search)}</label>
                <input id="guardian-search" name="q" type="search" value=query.text.clone() />
            </div>
            <div class="field">
                <label for="guardian-kind">{t!(i18n, guardian.kind)}</label>
                <select id="guardian-kind" name="kind">
                    <CategoryOptions<GuardianKind> selected=query.kind blank=any() />
                </select>
            </div>
            <div class="field">
                <label for="guardian-status">{t!(i18n, guardian.status)}</label>
                <select id="guardian-status" name="status">
                    <option value="" selected=selected_status.is_none()>{any()}</option>
                    {STATUSES.into_iter().map(|status| view! {
                        <option value=status.code() selected=selected_status == Some(status)>
                            {move || status_label(status, i18n.get_locale())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="guardian-district">{t!(i18n, cases.district)}</label>
                <select id="guardian-district" name="district">
                    <ChoiceOptions choices=page.districts selected=query.district blank=any() />
                </select>
            </div>
            <div class="field">
                <label for="guardian-sort">{t!(i18n, guardian.sort)}</label>
                <select id="guardian-sort" name="sort">
                    <option value="kana" selected=query.sort == GuardianSort::Kana>{t!(i18n, guardian.sort_kana)}</option>
                    <option value="free" selected=query.sort == GuardianSort::FreeCapacity>{t!(i18n, guardian.sort_free)}</option>
                    <option value="expiry" selected=query.sort == GuardianSort::Expiry>{t!(i18n, guardian.sort_expiry)}</option>
                </select>
            </div>
            <div class="field field--check">
                <input id="guardian-free" name="free" type="checkbox" value="1" checked=query.free_only />
                <label for="guardian-free">{t!(i18n, guardian.free_only)}</label>
            </div>
            <div class="form__actions">
                <button class="button button--primary" type="submit">{t!(i18n, cases.apply)}</button>
                <a class="button" href="/guardians">{t!(i18n, cases.clear)}</a>
            </div>
        </Form>
    }
    .into_any()
}

#[component]
fn Results(page: GuardianListPage, query: GuardianListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    if page.rows.is_empty() {
        return view! { <p role="status" class="notice">{t!(i18n, guardian.none)}</p> }.into_any();
    }
    let pages = paging::page_count(total, PAGE_SIZE);
    let current = query.page + 1;
    let first = query.page * PAGE_SIZE + 1;
    let last = first + page.rows.len() as u64 - 1;
    let previous = (query.page > 0).then(|| href(&query.on_page(query.page - 1)));
    let next = (current < pages).then(|| href(&query.on_page(query.page + 1)));
    view! {
        <p role="status">{t!(i18n, cases.summary, total = move || total, first = move || first, last = move || last)}</p>
        <div class="table-scroll">
            <table class="table">
                <caption class="visually-hidden">{t!(i18n, guardian.list_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, guardian.name)}</th>
                        <th scope="col">{t!(i18n, guardian.kind)}</th>
                        <th scope="col">{t!(i18n, guardian.status)}</th>
                        <th scope="col">{t!(i18n, guardian.load)}</th>
                        <th scope="col">{t!(i18n, cases.district)}</th>
                        <th scope="col">{t!(i18n, guardian.registration_expires_on)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager label=move || t_string!(i18n, cases.pages_label).to_string() previous next
            position=PagePosition { current, pages } />
    }
    .into_any()
}

#[component]
fn Row(row: GuardianRow) -> impl IntoView {
    let i18n = use_i18n();
    let status = row.status;
    let warning = row.expiry_warning;
    let expires = row.registration_expires_on;
    let (active, capacity) = (row.active, row.capacity);
    view! {
        <tr>
            <td>
                <a href=format!("/guardians/{}", row.id)><span class="person-name">{row.name}</span></a>
                <span class="kana">{row.name_kana}</span>
            </td>
            <td>{move || label_or_blank(row.kind, i18n.get_locale())}</td>
            <td><span class="stage">{move || status_label(status, i18n.get_locale())}</span></td>
            <td class="cell--nowrap">{move || load_text(active, capacity, i18n.get_locale())}</td>
            <td>{row.district_name.unwrap_or_default()}</td>
            <td class="cell--nowrap">
                {move || expires.map(|date| date_label(date, i18n.get_locale())).unwrap_or_default()}
                {move || warning.map(|w| view! { " "<span class="badge badge--warning">{expiry_text(w, i18n.get_locale())}</span> })}
            </td>
        </tr>
    }
    .into_any()
}
