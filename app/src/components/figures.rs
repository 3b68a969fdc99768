//! A table of counts beside its bar chart, as the statistics page and the dashboard show them:
//! the chart is server-rendered SVG hidden from screen readers, which read the table.

use crate::components::charts::bar_chart;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// A table of counts with its bar chart: one `<section>` named by its heading.
#[component]
pub fn TallyFigure(
    id: &'static str,
    title: &'static str,
    rows: Vec<(String, u64)>,
    /// No total row: figures of different things, or a total shown elsewhere.
    #[prop(optional)]
    no_total: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    let chart = bar_chart(title, &rows);
    let total: u64 = rows.iter().map(|(_, count)| count).sum();
    view! {
        <section class="statistics-figure" aria-labelledby=labelled_by>
            <h3 id=heading>{title}</h3>
            <div class="statistics-figure__body">
                <div class="chart-frame" aria-hidden="true" inner_html=chart></div>
                <table class="table table--compact" id=id>
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, statistics.category)}</th>
                            <th scope="col" class="cell--number">{t!(i18n, statistics.count)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(name, count)| view! {
                            <tr><th scope="row">{name}</th><td class="cell--number">{count}</td></tr>
                        }).collect_view()}
                    </tbody>
                    {(!no_total).then(|| view! {
                        <tfoot>
                            <tr><th scope="row">{t!(i18n, statistics.total)}</th><td class="cell--number">{total}</td></tr>
                        </tfoot>
                    })}
                </table>
            </div>
        </section>
    }
}
