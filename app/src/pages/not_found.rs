use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any unknown path, with the HTTP status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=page_title(move || t_string!(i18n, not_found.title).to_string()) />
        <h1>{t!(i18n, not_found.title)}</h1>
        <p>{t!(i18n, not_found.body)}</p>
        <p>
            <a href="/">{t!(i18n, not_found.back_home)}</a>
        </p>
    }
}
