use crate::i18n::{Locale, t, td_string, use_i18n};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

/// Switches between Japanese and English. Each language is named in itself (日本語, English),
/// so a user who cannot read the current language still finds theirs.
///
/// Without wasm the buttons submit a plain form to `POST /locale`, which sets the cookie and
/// redirects back to the same page. Once hydrated, a click switches the language in place (no
/// page load, nothing typed into a form is lost) and the cookie is updated in the browser.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let return_to = move || format!("{}{}", location.pathname.get(), location.search.get());

    let choice = move |locale: Locale, label: fn(Locale) -> &'static str| {
        view! {
            <button
                type="submit"
                name="locale"
                value=locale.as_str()
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |ev| {
                    ev.prevent_default();
                    i18n.set_locale(locale);
                }
            >
                {label(locale)}
            </button>
        }
    };

    view! {
        <form class="language-switch" method="post" action="/locale">
            <input type="hidden" name="return_to" value=return_to />
            <span class="language-switch__label" id="language-switch-label">
                {t!(i18n, language.label)}
            </span>
            <div class="language-switch__choices" role="group" aria-labelledby="language-switch-label">
                {choice(Locale::ja, |l| td_string!(l, language.ja))}
                {choice(Locale::en, |l| td_string!(l, language.en))}
            </div>
        </form>
    }
}
