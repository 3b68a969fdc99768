//! The links that take a page's tables away as CSV or Excel. Plain links to the server's export
//! route (a file, not a page: the router leaves them to the browser), so they work before the
//! wasm loads; the query string carries the page's period or filters.

use crate::domain::export::{ExportFormat, ExportKind, MAX_EXPORT_ROWS, export_href};
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// `too_many`: the page shows more rows than an export writes ([`MAX_EXPORT_ROWS`]); the links
/// give way to a request to narrow the filters, which the route would answer anyway.
#[component]
pub fn ExportLinks(
    kind: ExportKind,
    #[prop(into)] query: Signal<String>,
    #[prop(optional)] too_many: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = move || match kind {
        ExportKind::Statistics => t!(i18n, exports.statistics_hint).into_any(),
        ExportKind::Workload => t!(i18n, exports.dashboard_hint).into_any(),
        ExportKind::Cases => t!(i18n, exports.cases_hint).into_any(),
    };
    let hint_id = format!("export-hint-{}", kind.code());
    let href = move |format| export_href(kind, format, &query.get());
    if too_many {
        let limit = crate::domain::text::grouped_digits(MAX_EXPORT_ROWS);
        return view! {
            <p class="exports no-print hint">{t!(i18n, exports.too_many, limit = move || limit.clone())}</p>
        }
        .into_any();
    }
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
    .into_any()
}
