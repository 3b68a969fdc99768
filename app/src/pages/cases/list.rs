//! The case list: search by name, kana or case number, filters, sort and pages, all in the
//! address (a plain GET form that works before the wasm loads), and handing cases over to
//! another coordinator, one or many at once.

use crate::api::AppError;
use crate::api::cases::{CaseListPage, ReassignCases, list_cases};
use crate::api::prerendered::PrerenderedPostcard;
use crate::components::choices::{CategoryOptions, ChoiceOptions};
use crate::components::exports::ExportLinks;
use crate::components::form::{FormOutcome, action_error, error_message};
use crate::components::pager::{PagePosition, Pager};
use crate::components::title::page_title;
use crate::domain::case_list::{CaseListQuery, CoordinatorFilter, PAGE_SIZE, SortKey, page_count};
use crate::domain::cases::{CaseType, Stage};
use crate::domain::categories::RightsViolation;
use crate::domain::export::{ExportKind, MAX_EXPORT_ROWS};
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::pages::cases::list_rows::{RowWords, rows_html};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

fn href(query: &CaseListQuery) -> String {
    crate::components::list_href("/cases", &query.to_pairs())
}

#[component]
pub fn CaseListPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let reassign = ServerAction::<ReassignCases>::new();
    // Postcard, encoded once per kept page (see api/prerendered.rs).
    let page = Resource::<Result<CaseListPage, AppError>, PrerenderedPostcard>::new_with_options(
        move || (search.get(), reassign.version().get()),
        |(search, _)| list_cases(search),
        false,
    );
    let query = Memo::new(move |_| {
        let pairs = crate::api::cases::url_pairs(&search.get());
        CaseListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    view! {
        <Title text=page_title(move || t_string!(i18n, cases.title).to_string()) />
        <div class="page-heading">
            <h1>{t!(i18n, cases.heading)}</h1>
            <p class="page-heading__actions">
                <a class="button button--primary" href="/consultations/new">{t!(i18n, intake.new)}</a>
                <a class="button" href="/consultations">{t!(i18n, intake.log)}</a>
                <a class="button" href="/imports">{t!(i18n, imports.link)}</a>
            </p>
        </div>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <FilterForm query=query.get_untracked() page=page.clone() />
                        <ExportLinks kind=ExportKind::Cases too_many={page.total > MAX_EXPORT_ROWS}
                            query=Signal::derive(move || crate::components::list_href("", &query.get().on_page(0).to_pairs())) />
                        <Results page query=query.get_untracked() reassign />
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

#[component]
fn FilterForm(query: CaseListQuery, page: CaseListPage) -> impl IntoView {
    let i18n = use_i18n();
    let any = move || t_string!(i18n, cases.any).to_string();
    let coordinator = match query.coordinator {
        Some(CoordinatorFilter::User(id)) => Some(id),
        _ => None,
    };
    let unassigned = query.coordinator == Some(CoordinatorFilter::Unassigned);
    view! {
        <Form method="GET" action="/cases" attr:class="form form--filters" attr:role="search"
            attr:aria-label=move || t_string!(i18n, cases.search_label).to_string()>
            <div class="field field--wide">
                <label for="case-search">{t!(i18n, cases.search)}</label>
                <input id="case-search" name="q" type="search" value=query.text.clone() aria-describedby="case-search-hint" />
                <p class="hint" id="case-search-hint">{t!(i18n, cases.search_hint)}</p>
            </div>
            <div class="field">
                <label for="case-stage">{t!(i18n, cases.stage)}</label>
                <select id="case-stage" name="stage">
                    <CategoryOptions<Stage> selected=query.stage blank=any() />
                </select>
            </div>
            <div class="field">
                <label for="case-type">{t!(i18n, cases.case_type)}</label>
                <select id="case-type" name="type">
                    <CategoryOptions<CaseType> selected=query.case_type blank=any() />
                </select>
            </div>
            <div class="field">
                <label for="case-coordinator">{t!(i18n, cases.coordinator)}</label>
                <select id="case-coordinator" name="coordinator">
                    <ChoiceOptions choices=page.coordinators selected=coordinator blank=any() />
                    <option value="none" selected=unassigned>{t!(i18n, cases.unassigned)}</option>
                </select>
            </div>
            <div class="field">
                <label for="case-office">{t!(i18n, cases.office)}</label>
                <select id="case-office" name="office">
                    <ChoiceOptions choices=page.offices selected=query.office blank=any() />
                </select>
            </div>
            <div class="field">
                <label for="case-district">{t!(i18n, cases.district)}</label>
                <select id="case-district" name="district">
                    <ChoiceOptions choices=page.districts selected=query.district blank=any() />
                </select>
            </div>
            <div class="field">
                <label for="case-flag">{t!(i18n, cases.flag)}</label>
                <select id="case-flag" name="flag">
                    <CategoryOptions<RightsViolation> selected=query.flag blank=any() />
                </select>
            </div>
            <div class="field field--check">
                <input id="case-closed" name="closed" type="checkbox" value="1" checked=query.include_closed />
                <label for="case-closed">{t!(i18n, cases.include_closed)}</label>
            </div>
            {(query.sort != SortKey::default()).then(|| view! { <input type="hidden" name="sort" value=query.sort.code() /> })}
            <div class="form__actions">
                <button class="button button--primary" type="submit">{t!(i18n, cases.apply)}</button>
                <a class="button" href="/cases">{t!(i18n, cases.clear)}</a>
            </div>
        </Form>
    }
    .into_any()
}

#[component]
fn SortHeader(query: CaseListQuery, key: SortKey, children: Children) -> impl IntoView {
    let sorted = query.sort == key;
    let aria_sort = match (sorted, query.descending) {
        (false, _) => "none",
        (true, true) => "descending",
        (true, false) => "ascending",
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <a href=href(&query.sorted_by(key))>{children()}</a>
        </th>
    }
    .into_any()
}

#[component]
fn Results(
    page: CaseListPage,
    query: CaseListQuery,
    reassign: ServerAction<ReassignCases>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    if page.rows.is_empty() {
        return view! { <p role="status" class="notice">{t!(i18n, cases.none)}</p> }.into_any();
    }
    let pages = page_count(total);
    let current = query.page + 1;
    let first = query.page * PAGE_SIZE + 1;
    let last = first + page.rows.len() as u64 - 1;
    let previous = (query.page > 0).then(|| href(&query.on_page(query.page - 1)));
    let next = (current < pages).then(|| href(&query.on_page(query.page + 1)));
    let can_edit = page.can_edit;
    let error = action_error(reassign);
    let done = Signal::derive(move || {
        reassign
            .value()
            .get()
            .and_then(Result::ok)
            .map(|count| format!("{count} {}", t_string!(i18n, cases.reassigned)))
    });
    let q = query.clone();
    let rows = page.rows;
    let prerendered = page.prerendered;
    // Written once per kept page and language (see api/prerendered.rs): the rows are the page's
    // largest part, and the server's render asks for them twice (once to find pending reads,
    // once to write them).
    let rows_markup = move || {
        let locale = i18n.get_locale();
        prerendered.rows(locale, || {
            let unassigned = td_string!(locale, cases.unassigned).to_string();
            rows_html(&rows, can_edit, &RowWords { locale, unassigned: &unassigned })
        })
    };
    view! {
        <p role="status">{t!(i18n, cases.summary, total = move || total, first = move || first, last = move || last)}</p>
        <div class="table-scroll">
            <table class="table">
                <caption class="visually-hidden">{t!(i18n, cases.heading)}</caption>
                <thead>
                    <tr>
                        {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, cases.select)}</span></th> })}
                        <SortHeader query=q.clone() key=SortKey::CaseNumber>{t!(i18n, cases.number)}</SortHeader>
                        <SortHeader query=q.clone() key=SortKey::Kana>{t!(i18n, cases.person)}</SortHeader>
                        <SortHeader query=q.clone() key=SortKey::Stage>{t!(i18n, cases.stage)}</SortHeader>
                        <th scope="col">{t!(i18n, cases.case_type)}</th>
                        <th scope="col">{t!(i18n, cases.coordinator)}</th>
                        <th scope="col">{t!(i18n, cases.office)}</th>
                        <th scope="col">{t!(i18n, cases.district)}</th>
                        <SortHeader query=q.clone() key=SortKey::Opened>{t!(i18n, cases.opened)}</SortHeader>
                        <SortHeader query=q.clone() key=SortKey::Updated>{t!(i18n, cases.updated)}</SortHeader>
                    </tr>
                </thead>
                <tbody inner_html=rows_markup />
            </table>
        </div>
        <Pager label=move || t_string!(i18n, cases.pages_label).to_string() previous next
            position=PagePosition { current, pages } />
        {can_edit.then(|| view! {
            <section class="panel" aria-labelledby="reassign-heading">
                <h2 id="reassign-heading">{t!(i18n, cases.reassign_heading)}</h2>
                <p class="hint">{t!(i18n, cases.reassign_hint)}</p>
                <ActionForm action=reassign attr:id="reassign-form" attr:class="form form--inline">
                    <div class="field">
                        <label for="reassign-to">{t!(i18n, cases.reassign_to)}</label>
                        <select id="reassign-to" name="coordinator_id">
                            <ChoiceOptions choices=page.coordinators.clone() selected=None blank=t_string!(i18n, cases.unassigned).to_string() />
                        </select>
                    </div>
                    <button class="button" type="submit">{t!(i18n, cases.reassign)}</button>
                </ActionForm>
                <FormOutcome error success=done />
            </section>
        })}
    }
    .into_any()
}
