use crate::api::home::{HomeOverview, OfficeSummary, get_home_overview};
use crate::api::session::use_current_user;
use crate::components::title::page_title;
use crate::domain::dates::{FiscalYear, english_date_label, japanese_date_label};
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::pages::Section;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;

/// The home page: a welcome, today's date as documents write it, the sections, the offices.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_home_overview());

    view! {
        <Title text=page_title(move || t_string!(i18n, home.title).to_string()) />
        <h1>{t!(i18n, home.heading)}</h1>
        <p class="lead">{t!(i18n, home.intro)}</p>
        <Suspense fallback=move || view! { <p role="status">{t!(i18n, home.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{t!(i18n, home.offices_error)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: HomeOverview) -> impl IntoView {
    let i18n = use_i18n();
    let today = overview.today;
    view! {
        <dl class="today">
            <div>
                <dt>{t!(i18n, home.today)}</dt>
                <dd>{move || date_label(today, i18n.get_locale())}</dd>
            </div>
            <div>
                <dt>{t!(i18n, home.fiscal_year)}</dt>
                <dd>{move || fiscal_year_label(FiscalYear::of(today), i18n.get_locale())}</dd>
            </div>
        </dl>
        <section aria-labelledby="sections-heading">
            <h2 id="sections-heading">{t!(i18n, home.sections_heading)}</h2>
            <ul class="card-grid">
                {Section::visible_to(use_current_user().as_ref().map(|user| &user.actor))
                    .into_iter()
                    .map(|section| {
                        view! {
                            <li class="card">
                                <a href=section.path()>{move || section.label(i18n.get_locale())}</a>
                                <p>{move || section.description(i18n.get_locale())}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="offices-heading">
            <h2 id="offices-heading">{t!(i18n, home.offices_heading)}</h2>
            <OfficeList offices=overview.offices />
        </section>
    }
}

#[component]
fn OfficeList(offices: Vec<OfficeSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if offices.is_empty() {
        return view! { <p>{t!(i18n, home.offices_empty)}</p> }.into_any();
    }
    view! {
        <ul class="office-list">
            {offices.into_iter().map(|office| view! { <li>{office.name}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

fn date_label(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ja => japanese_date_label(date),
        Locale::en => english_date_label(date),
    }
}

fn fiscal_year_label(year: FiscalYear, locale: Locale) -> String {
    match locale {
        Locale::ja => year.japanese_label(),
        Locale::en => year.english_label(),
    }
}
