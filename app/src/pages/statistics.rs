//! The statistics page: for a 年度 or a calendar year, the centre's cases counted in the
//! categories of the Supreme Court's annual report, and the centre's own figures. Each table
//! has its chart beside it (server-rendered SVG, shown before the wasm loads and printed on
//! A4); the table is what a screen reader reads.

use crate::api::cases::url_pairs;
use crate::api::statistics::{
    CentreFigures, CourtStatistics, Tally, get_centre_figures, get_court_statistics,
};
use crate::components::charts::stacked_bar_chart;
use crate::components::choices::label;
use crate::components::exports::ExportLinks;
use crate::components::figures::TallyFigure;
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::domain::categories::Category;
use crate::domain::dates::{FiscalYear, japan_today};
use crate::domain::export::ExportKind;
use crate::domain::statistics::{StatisticsPeriod, counting_rule, court_case_label, is_relative};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use chrono::Datelike;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

/// How many years back the period chooser offers.
const YEARS_OFFERED: i32 = 10;

fn period_label(period: StatisticsPeriod, locale: Locale) -> String {
    if locale == Locale::ja { period.japanese_label() } else { period.english_label() }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let period = Memo::new(move |_| {
        url_pairs(&location.search.get())
            .into_iter()
            .find(|(key, _)| key == "period")
            .map(|(_, value)| value)
            .unwrap_or_default()
    });
    let court = Resource::new(move || period.get(), get_court_statistics);
    let centre = Resource::new(move || period.get(), get_centre_figures);
    view! {
        <Title text=page_title(move || t_string!(i18n, statistics.title).to_string()) />
        <h1>{t!(i18n, statistics.title)}</h1>
        <PeriodForm period />
        <ExportLinks kind=ExportKind::Statistics query=Signal::derive(move || period_query(&period.get())) />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match court.await {
                    Ok(statistics) => view! { <CourtTables statistics /> }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match centre.await {
                    Ok(figures) => view! { <CentreTable figures /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The query string of a period code (none for the default period).
fn period_query(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!("period={}", crate::components::encode_query_value(code))
    }
}

/// The period chooser: a plain GET form, so it works before the wasm loads.
#[component]
fn PeriodForm(period: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let today = japan_today();
    let (fiscal_now, calendar_now) = (FiscalYear::of(today).start_year(), today.year());
    let selected = move || {
        StatisticsPeriod::parse(&period.get()).unwrap_or(StatisticsPeriod::FiscalYear(fiscal_now))
    };
    let options = move |fiscal: bool| {
        let locale = i18n.get_locale();
        let chosen = selected();
        let mut periods: Vec<StatisticsPeriod> = (0..YEARS_OFFERED)
            .map(|back| {
                if fiscal {
                    StatisticsPeriod::FiscalYear(fiscal_now - back)
                } else {
                    StatisticsPeriod::CalendarYear(calendar_now - back)
                }
            })
            .collect();
        // A period from an address (a bookmark, an older year) is offered too, so the chooser
        // names what the page shows.
        let same_kind = matches!(chosen, StatisticsPeriod::FiscalYear(_)) == fiscal;
        if same_kind && !periods.contains(&chosen) {
            periods.push(chosen);
            periods.sort_by_key(|period| std::cmp::Reverse(period.first_day()));
        }
        periods
            .into_iter()
            .map(|option| {
                view! { <option value=option.code() selected=option == chosen>{period_label(option, locale)}</option> }
            })
            .collect_view()
    };
    view! {
        <Form method="GET" action="/statistics" attr:class="form form--filters no-print" attr:role="search"
            attr:aria-label=move || t_string!(i18n, statistics.period).to_string()>
            <div class="field">
                <label for="statistics-period">{t!(i18n, statistics.period)}</label>
                <select id="statistics-period" name="period">
                    <optgroup label=move || t_string!(i18n, statistics.fiscal_years).to_string()>
                        {move || options(true)}
                    </optgroup>
                    <optgroup label=move || t_string!(i18n, statistics.calendar_years).to_string()>
                        {move || options(false)}
                    </optgroup>
                </select>
            </div>
            <div class="form__actions">
                <button class="button button--primary" type="submit">{t!(i18n, statistics.show)}</button>
            </div>
        </Form>
    }
}

/// The label of a table row: the category's, or "not recorded".
fn row_label<K: Copy>(row: &Tally<K>, name: impl Fn(K) -> &'static str, locale: Locale) -> String {
    match row.key {
        Some(key) => name(key).to_owned(),
        None => td_string!(locale, statistics.not_recorded).to_owned(),
    }
}

fn category_rows<K: Category + Copy>(rows: &[Tally<K>], locale: Locale) -> Vec<(String, u64)> {
    rows.iter().map(|row| (row_label(row, |key| label(key, locale), locale), row.count)).collect()
}

#[component]
fn CourtTables(statistics: CourtStatistics) -> impl IntoView {
    let i18n = use_i18n();
    let statistics = StoredValue::new(statistics);
    let read = move || statistics.get_value();
    view! {
        {move || {
            let locale = i18n.get_locale();
            let statistics = read();
            let japanese = locale == Locale::ja;
            let case_types: Vec<(String, u64)> = statistics
                .case_types
                .iter()
                .map(|row| (row_label(row, |key| court_case_label(key, japanese), locale), row.count))
                .collect();
            let relation_sum = |relative: bool| -> u64 {
                statistics
                    .relations
                    .iter()
                    .filter(|row| row.key.is_some_and(|kind| is_relative(kind) == relative))
                    .map(|row| row.count)
                    .sum()
            };
            let (relatives, others) = (relation_sum(true), relation_sum(false));
            view! {
                <h2 id="statistics-period-heading">{period_label(statistics.period, locale)}</h2>
                <p class="notice">{counting_rule(japanese)}</p>
                <dl class="summary">
                    <div><dt>{t!(i18n, statistics.petitions)}</dt><dd id="petition-count">{statistics.petitions}</dd></div>
                    <div><dt>{t!(i18n, statistics.mayor_petitions)}</dt><dd id="mayor-petition-count">{statistics.mayor_petitions()}</dd></div>
                    <div><dt>{t!(i18n, statistics.appointments)}</dt><dd>{statistics.appointments}</dd></div>
                </dl>
                <TallyFigure id="case-types" title=td_string!(locale, statistics.case_types) rows=case_types />
                <TallyFigure id="petitioners" title=td_string!(locale, statistics.petitioners) rows=category_rows(&statistics.petitioners, locale) />
                <SexAgeFigure statistics=statistics.clone() />
                <TallyFigure id="causes" title=td_string!(locale, statistics.causes) rows=category_rows(&statistics.causes, locale) />
                <TallyFigure id="motives" title=td_string!(locale, statistics.motives) rows=category_rows(&statistics.motives, locale) />
                <TallyFigure id="relations" title=td_string!(locale, statistics.relations) rows=category_rows(&statistics.relations, locale) />
                <p class="figure-note">
                    {format!(
                        "{} {relatives} / {} {others}",
                        td_string!(locale, statistics.relatives),
                        td_string!(locale, statistics.non_relatives),
                    )}
                </p>
            }
        }}
    }
}

/// The person's sex by age band (age on the petition date): stacked bars and the table.
#[component]
fn SexAgeFigure(statistics: CourtStatistics) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let title = td_string!(locale, statistics.sex_age);
    let series = [
        td_string!(locale, statistics.male).to_owned(),
        td_string!(locale, statistics.female).to_owned(),
        td_string!(locale, statistics.other_sex).to_owned(),
    ];
    let rows: Vec<(String, Vec<u64>)> = statistics
        .sex_age
        .iter()
        .map(|row| {
            let band = match row.band {
                Some(band) => label(band, locale).to_owned(),
                None => td_string!(locale, statistics.not_recorded).to_owned(),
            };
            (band, vec![row.male, row.female, row.other])
        })
        .collect();
    let chart = stacked_bar_chart(title, &series, &rows);
    let totals = rows.iter().fold([0u64; 3], |mut sums, (_, values)| {
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum += value;
        }
        sums
    });
    view! {
        <section class="statistics-figure" aria-labelledby="sex-age-heading">
            <h3 id="sex-age-heading">{title}</h3>
            <div class="statistics-figure__body">
                <div class="chart-frame" aria-hidden="true" inner_html=chart></div>
                <table class="table table--compact" id="sex-age">
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, statistics.age_band)}</th>
                            {series.iter().map(|name| view! { <th scope="col" class="cell--number">{name.clone()}</th> }).collect_view()}
                            <th scope="col" class="cell--number">{t!(i18n, statistics.total)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(band, values)| {
                            let sum: u64 = values.iter().sum();
                            view! {
                                <tr>
                                    <th scope="row">{band}</th>
                                    {values.into_iter().map(|value| view! { <td class="cell--number">{value}</td> }).collect_view()}
                                    <td class="cell--number">{sum}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{t!(i18n, statistics.total)}</th>
                            {totals.iter().map(|value| view! { <td class="cell--number">{*value}</td> }).collect_view()}
                            <td class="cell--number">{totals.iter().sum::<u64>()}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// The centre's own figures for the period, with a bar chart.
#[component]
fn CentreTable(figures: CentreFigures) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let rows: Vec<(String, u64)> = figures
            .named(locale)
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        view! {
            <h2 id="centre-figures-heading" class="page-break-before">{t!(i18n, statistics.centre_figures)}</h2>
            <p class="notice">{t!(i18n, statistics.centre_scope)}</p>
            <TallyFigure id="centre-figures" title=td_string!(locale, statistics.centre_figures) rows no_total=true />
        }
    }
}
