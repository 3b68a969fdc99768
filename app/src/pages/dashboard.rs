//! The workload dashboard managers open every morning (coordinators see their office): each
//! coordinator's load, the pipeline, the guardian bank by district and the trends. Every
//! chart is server-rendered SVG with its table beside it for screen readers.

use crate::api::dashboard::{CoordinatorLoad, Dashboard, DistrictBank, OPEN_STAGES, get_dashboard};
use crate::components::charts::{line_chart, stacked_bar_chart};
use crate::components::choices::label;
use crate::components::exports::ExportLinks;
use crate::components::figures::TallyFigure;
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::domain::dates::FiscalYear;
use crate::domain::export::ExportKind;
use crate::domain::workload::free_places;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let dashboard = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Title text=page_title(move || t_string!(i18n, dashboard.title).to_string()) />
        <h1>{t!(i18n, dashboard.title)}</h1>
        <ExportLinks kind=ExportKind::Workload query=String::new() />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(dashboard) => view! { <Figures dashboard /> }.into_any(),
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
fn Figures(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let dashboard = StoredValue::new(dashboard);
    move || {
        let locale = i18n.get_locale();
        let dashboard = dashboard.get_value();
        let scope = if dashboard.whole_centre {
            td_string!(locale, dashboard.scope_centre)
        } else {
            td_string!(locale, dashboard.scope_office)
        };
        view! {
            <p class="notice">{scope}</p>
            <Workload loads=dashboard.coordinators.clone() locale />
            <Pipeline dashboard=dashboard.clone() locale />
            <Bank bank=dashboard.bank.clone() locale />
            <Trends dashboard locale />
        }
    }
}

fn stage_labels(locale: Locale) -> Vec<String> {
    OPEN_STAGES.iter().map(|stage| label(*stage, locale).to_owned()).collect()
}

fn coordinator_name(load: &CoordinatorLoad, locale: Locale) -> String {
    match load.coordinator {
        Some(_) => load.name.clone(),
        None => td_string!(locale, dashboard.unassigned).to_owned(),
    }
}

/// Each coordinator's open cases by stage (four groups in the chart, every stage in the
/// table), overdue deadlines and recent activities.
#[component]
fn Workload(loads: Vec<CoordinatorLoad>, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let title = td_string!(locale, dashboard.workload);
    // The chart's palette holds four series: the stages grouped as the work goes.
    let groups = [
        td_string!(locale, dashboard.group_intake).to_owned(),
        td_string!(locale, dashboard.group_preparing).to_owned(),
        label(OPEN_STAGES[4], locale).to_owned(),
        label(OPEN_STAGES[5], locale).to_owned(),
    ];
    let chart_rows: Vec<(String, Vec<u64>)> = loads
        .iter()
        .map(|load| {
            let s = &load.open_by_stage;
            (coordinator_name(load, locale), vec![s[0] + s[1], s[2] + s[3], s[4], s[5]])
        })
        .collect();
    let chart = stacked_bar_chart(title, &groups, &chart_rows);
    view! {
        <section class="statistics-figure" aria-labelledby="workload-heading">
            <h2 id="workload-heading">{title}</h2>
            <div class="chart-frame" aria-hidden="true" inner_html=chart></div>
            <div class="table-scroll">
                <table class="table table--compact" id="workload">
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, dashboard.coordinator)}</th>
                            {stage_labels(locale).into_iter().map(|name| view! { <th scope="col" class="cell--number">{name}</th> }).collect_view()}
                            <th scope="col" class="cell--number">{t!(i18n, dashboard.open_cases)}</th>
                            <th scope="col" class="cell--number">{t!(i18n, dashboard.overdue)}</th>
                            <th scope="col" class="cell--number">{t!(i18n, dashboard.recent_activities)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {loads.into_iter().map(|load| view! {
                            <tr>
                                <th scope="row">{coordinator_name(&load, locale)}</th>
                                {load.open_by_stage.iter().map(|count| view! { <td class="cell--number">{*count}</td> }).collect_view()}
                                <td class="cell--number">{load.open_cases()}</td>
                                <td class="cell--number">{load.overdue_deadlines}</td>
                                <td class="cell--number">{load.recent_activities}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn days_text(days: Option<u32>, locale: Locale) -> String {
    match days {
        Some(days) => format!("{days}{}", td_string!(locale, dashboard.days)),
        None => td_string!(locale, dashboard.no_data).to_owned(),
    }
}

/// Open cases per stage, how long the steps take, and the relay plans by status.
#[component]
fn Pipeline(dashboard: Dashboard, locale: Locale) -> impl IntoView {
    let stages: Vec<(String, u64)> =
        stage_labels(locale).into_iter().zip(dashboard.stages).collect();
    let relays: Vec<(String, u64)> = dashboard
        .relays
        .iter()
        .map(|(status, count)| (label(*status, locale).to_owned(), *count))
        .collect();
    view! {
        <h2 id="pipeline-heading">{td_string!(locale, dashboard.pipeline)}</h2>
        <dl class="summary">
            <div><dt>{td_string!(locale, dashboard.median_to_petition)}</dt><dd id="median-to-petition">{days_text(dashboard.median_days_to_petition, locale)}</dd></div>
            <div><dt>{td_string!(locale, dashboard.median_to_decision)}</dt><dd id="median-to-decision">{days_text(dashboard.median_days_to_decision, locale)}</dd></div>
        </dl>
        <p class="figure-note">{td_string!(locale, dashboard.median_rule)}</p>
        <TallyFigure id="stages" title=td_string!(locale, dashboard.stages) rows=stages no_total=true />
        <TallyFigure id="relays" title=td_string!(locale, dashboard.relays) rows=relays no_total=true />
    }
}

/// The citizen guardians by district: capacity used against free.
#[component]
fn Bank(bank: Vec<DistrictBank>, locale: Locale) -> impl IntoView {
    let title = td_string!(locale, dashboard.bank);
    let district_name = move |row: &DistrictBank| {
        row.district.clone().unwrap_or_else(|| td_string!(locale, dashboard.no_district).to_owned())
    };
    let series = [
        td_string!(locale, dashboard.used).to_owned(),
        td_string!(locale, dashboard.free).to_owned(),
    ];
    let chart_rows: Vec<(String, Vec<u64>)> = bank
        .iter()
        .map(|row| (district_name(row), vec![row.used, free_places(row.capacity, row.used)]))
        .collect();
    let chart = stacked_bar_chart(title, &series, &chart_rows);
    let empty = bank.is_empty();
    view! {
        <section class="statistics-figure" aria-labelledby="bank-heading">
            <h2 id="bank-heading">{title}</h2>
            {if empty {
                view! { <p role="status" class="notice">{td_string!(locale, dashboard.bank_empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="statistics-figure__body">
                        <div class="chart-frame" aria-hidden="true" inner_html=chart></div>
                        <table class="table table--compact" id="bank">
                            <caption class="visually-hidden">{title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{td_string!(locale, dashboard.district)}</th>
                                    <th scope="col" class="cell--number">{td_string!(locale, dashboard.registered)}</th>
                                    <th scope="col" class="cell--number">{td_string!(locale, dashboard.active)}</th>
                                    <th scope="col" class="cell--number">{td_string!(locale, dashboard.capacity)}</th>
                                    <th scope="col" class="cell--number">{td_string!(locale, dashboard.used)}</th>
                                    <th scope="col" class="cell--number">{td_string!(locale, dashboard.free)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {bank.iter().map(|row| view! {
                                    <tr>
                                        <th scope="row">{district_name(row)}</th>
                                        <td class="cell--number">{row.registered}</td>
                                        <td class="cell--number">{row.active}</td>
                                        <td class="cell--number">{row.capacity}</td>
                                        <td class="cell--number">{row.used}</td>
                                        <td class="cell--number">{free_places(row.capacity, row.used)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Cases opened, petitioned and decided by month and by fiscal year, as lines and tables.
#[component]
fn Trends(dashboard: Dashboard, locale: Locale) -> impl IntoView {
    let japanese = locale == Locale::ja;
    let names = [
        td_string!(locale, dashboard.opened).to_owned(),
        td_string!(locale, dashboard.petitioned).to_owned(),
        td_string!(locale, dashboard.decided).to_owned(),
    ];
    let months: Vec<(String, [u64; 3])> = dashboard
        .months
        .iter()
        .map(|p| (p.period.label(japanese), [p.opened, p.petitioned, p.decided]))
        .collect();
    let years: Vec<(String, [u64; 3])> = dashboard
        .fiscal_years
        .iter()
        .map(|p| {
            let year = FiscalYear::starting_in(p.period);
            let name = if japanese { year.japanese_label() } else { year.english_label() };
            (name, [p.opened, p.petitioned, p.decided])
        })
        .collect();
    view! {
        <h2 id="trends-heading" class="page-break-before">{td_string!(locale, dashboard.trends)}</h2>
        <TrendFigure id="monthly" title=td_string!(locale, dashboard.by_month) names=names.clone() points=months locale />
        <TrendFigure id="yearly" title=td_string!(locale, dashboard.by_fiscal_year) names points=years locale />
    }
}

#[component]
fn TrendFigure(
    id: &'static str,
    title: &'static str,
    names: [String; 3],
    points: Vec<(String, [u64; 3])>,
    locale: Locale,
) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    let labels: Vec<String> = points.iter().map(|(name, _)| name.clone()).collect();
    let series: Vec<(String, Vec<u64>)> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            (name.clone(), points.iter().map(|(_, values)| values[index]).collect())
        })
        .collect();
    let chart = line_chart(title, &labels, &series);
    view! {
        <section class="statistics-figure" aria-labelledby=labelled_by>
            <h3 id=heading>{title}</h3>
            <div class="chart-frame" aria-hidden="true" inner_html=chart></div>
            <div class="table-scroll">
                <table class="table table--compact" id=id>
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, dashboard.period)}</th>
                            {names.iter().map(|name| view! { <th scope="col" class="cell--number">{name.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {points.into_iter().map(|(name, values)| view! {
                            <tr>
                                <th scope="row">{name}</th>
                                {values.iter().map(|value| view! { <td class="cell--number">{*value}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
