//! The links that take a page's tables away as CSV or Excel. Plain links to the server's export
//! route (a file, not a page: the router leaves them to the browser), so they work before the
//! wasm loads; the query string carries the page's period or filters.

use crate::domain::export::{ExportFormat, ExportKind, export_href};
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn ExportLinks(kind: ExportKind, #[prop(into)] query: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let hint = move || match kind {
        ExportKind::Statistics => t!(i18n, exports.statistics_hint).into_any(),
        ExportKind::Workload => t!(i18n, exports.dashboard_hint).into_any(),
        ExportKind::Cases => t!(i18n, exports.cases_hint).into_any(),
    };
    let hint_id = format!("export-hint-{}", kind.code());
    let href = move |format| export_href(kind, format, &query.get());
    view! {
        <p class="exports no-print">
            <a class="button" href=move || href(ExportFormat::Csv) download="" rel="external"
                aria-describedby=hint_id.clone()>{t!(i18n, exports.csv_name)}</a>
            " "
            <a class="button" href=move || href(ExportFormat::Xlsx) download="" rel="external"
                aria-describedby=hint_id.clone()>{t!(i18n, exports.xlsx_name)}</a>
            " "
            <span class="exports__hint" id=hint_id.clone()>{hint}</span>
        </p>
    }
}
