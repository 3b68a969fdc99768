//! The previous and next links under a paged list. They are plain links, so paging works
//! before the wasm loads and each page has its own address to bookmark or share.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// Where a page of a list stands among the others.
pub struct PagePosition {
    /// Counted from one, as people count pages.
    pub current: u64,
    pub pages: u64,
}

/// A `nav` landmark named by `label` with links to the `previous` and `next` pages where there
/// are such, and "page n of m" where the list knows its `position`.
#[component]
pub fn Pager(
    label: impl Fn() -> String + Send + Sync + 'static,
    previous: Option<String>,
    next: Option<String>,
    #[prop(optional)] position: Option<PagePosition>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pager" aria-label=label>
            {previous.map(|href| view! { <a class="button" href=href rel="prev">{t!(i18n, audit.previous)}</a> })}
            {position.map(|PagePosition { current, pages }| view! {
                <span>{t!(i18n, cases.page_of, page = move || current, pages = move || pages)}</span>
            })}
            {next.map(|href| view! { <a class="button" href=href rel="next">{t!(i18n, audit.next)}</a> })}
        </nav>
    }
}
