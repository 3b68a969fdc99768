//! The document's title, in the current language.
//!
//! On the server the title is read while the page renders, never later: leptos_meta writes the
//! `<title>` into the head after the page has rendered, outside the request's reactive arena.
//! A closure reading the language signal there found another request's arena as soon as two
//! requests were served at once, panicked ("already been disposed") and dropped the connection:
//! 2 % of the case list's responses at 8 concurrent requests. In the browser the title follows
//! the language switch.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

/// A page's title: pass it to `<Title text=… />`.
pub fn page_title(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    if cfg!(feature = "ssr") { TextProp::from(text()) } else { TextProp::from(text) }
}

/// Every page's title ends with the product's name, in the current language.
#[component]
pub fn DocumentTitle() -> impl IntoView {
    let i18n = use_i18n();
    let product = move || t_string!(i18n, app.name).to_string();
    let on_server = cfg!(feature = "ssr").then(product);
    view! {
        <Title formatter=move |page: String| {
            format!("{page} | {}", on_server.clone().unwrap_or_else(product))
        } />
    }
}
